//! The commitment index with traceability: every commitment of the strategy documents, the
//! report quotes that quote it with the recommendations of the same report section (and what
//! takes those up), and the plan goals and recommendations that link to it themselves.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::document::{Document, Item, ItemKind};
use crate::render::views::{Link, Urls};
use crate::render::{Emit, PageJob, Produced, Theme, page_context, shorten};
use crate::resolve::{BacklinkKind, Site};

use super::listing::{LIST_LIMIT, Pagination, is_long, numbered_title, page_frames};
use super::rows::Rows;
use super::{ItemView, Reference, doc_link, item_view, push_taken_up_by, reference_view};
use crate::html::{escape_into, push_classed_link, push_link, push_separated};

#[derive(Serialize)]
struct CommitmentView<'r> {
    #[serde(flatten)]
    item: ItemView,
    quoted_in: Vec<QuoteTrace<'r>>,
    taken_up_by: Vec<Reference>,
    motions: Vec<Link>,
}

/// One report quote of the commitment, and the report section's recommendations.
#[derive(Serialize)]
struct QuoteTrace<'r> {
    quote: Link,
    report: Link,
    section: Link,
    /// The recommendations' rows, with what takes them up; shared by the quotes of a
    /// section, and serialized like a list of its own.
    recommendations: &'r [Value],
}

#[derive(Serialize)]
struct SectionGroup<'r> {
    #[serde(skip)]
    section_id: String,
    id: String,
    title: String,
    url: String,
    /// How many commitments of the section are on the page ([`SectionGroup::seal`]).
    count: usize,
    /// The commitments, for a site's own `commitments.html`; empty when they are written.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    commitments: Vec<CommitmentView<'r>>,
    /// Each commitment as the theme's `commitments.html` lays it out ([`StockCommitment`]).
    #[serde(skip)]
    written: Vec<String>,
    /// `written`, joined: what the theme's template shows of the section.
    html: String,
}

impl SectionGroup<'_> {
    fn len(&self) -> usize {
        self.commitments.len() + self.written.len()
    }

    /// Ready for a page: its count and its written commitments joined.
    fn seal(&mut self) {
        self.count = self.len();
        self.html = self.written.concat();
    }
}

#[derive(Serialize)]
struct StrategyGroup<'r> {
    #[serde(skip)]
    path: String,
    #[serde(skip)]
    totals: Totals,
    doc: Link,
    organization: Link,
    /// Empty on the index when the strategy has a page of its own (`all_url`).
    sections: Vec<SectionGroup<'r>>,
    count: usize,
    all_url: Option<String>,
}

#[derive(Serialize, Default, Clone, Copy)]
struct Totals {
    commitments: usize,
    quoted: usize,
    taken_up: usize,
}

/// The commitment index. When it would list more than [`LIST_LIMIT`] commitments (with their
/// traces, which repeat report recommendations), it lists the strategy documents with their
/// counts only, and each strategy gets a page of its own (`/ataganden/<document>/`),
/// numbered when the strategy alone is long.
pub(super) fn page_jobs(
    site: &Site,
    rows: &Rows<'_>,
    theme: &Theme,
    urls: &Urls<'_>,
    emit: &Emit<'_>,
) {
    let reports = Reports::of(site, rows);
    let writer = StockCommitment::of(theme);
    let (mut strategies, totals) = strategy_groups(site, &reports, writer.as_ref(), theme, urls);
    let word = &urls.config.paths.commitments;
    let url = urls.section(word, None);
    let jobs = |job: PageJob| emit(Produced::Page(job));
    if is_long(totals.commitments) {
        let back = Link {
            url: url.clone(),
            title: theme.string("commitments_title").to_string(),
        };
        // Strategies side by side: one at a time, their pages were rendered on one core.
        strategies.par_iter_mut().for_each(|strategy| {
            let slug = crate::document::slugify(&strategy.path);
            let page_url = urls.section(word, Some(&slug));
            let pages = split_sections(std::mem::take(&mut strategy.sections));
            for (frame, mut sections) in
                page_frames(&format!("{word}/{slug}"), &page_url, pages.len())
                    .into_iter()
                    .zip(pages)
            {
                sections.iter_mut().for_each(SectionGroup::seal);
                let mut context = page_context(
                    &numbered_title(&strategy.doc.title, frame.number, theme),
                    &frame.url,
                    theme.string("commitments_description"),
                );
                let on_page = StrategyGroup {
                    path: strategy.path.clone(),
                    totals: strategy.totals,
                    doc: strategy.doc.clone(),
                    organization: strategy.organization.clone(),
                    sections,
                    count: strategy.count,
                    all_url: None,
                };
                context.insert("strategies", &[on_page]);
                context.insert("totals", &strategy.totals);
                context.insert("back", &Some(&back));
                context.insert("pagination", &frame.pagination);
                jobs(PageJob {
                    path: frame.path,
                    template: "commitments.html",
                    context,
                });
            }
            strategy.all_url = Some(page_url);
        });
    }
    jobs(PageJob {
        path: format!("{word}/index.html"),
        template: "commitments.html",
        context: index_context(&mut strategies, &totals, theme, &url),
    });
}

/// The context of the commitment index, which lists `strategies`.
fn index_context(
    strategies: &mut [StrategyGroup<'_>],
    totals: &Totals,
    theme: &Theme,
    url: &str,
) -> Context {
    for strategy in strategies.iter_mut() {
        strategy.sections.iter_mut().for_each(SectionGroup::seal);
    }
    let mut context = page_context(
        theme.string("commitments_title"),
        url,
        theme.string("commitments_description"),
    );
    context.insert("strategies", &strategies);
    context.insert("totals", totals);
    context.insert("back", &None::<Link>);
    context.insert("pagination", &None::<Pagination>);
    context
}

/// Every strategy document with its commitments by section, each commitment written by
/// `writer` when the theme's own template lays them out; with the totals of them all.
fn strategy_groups<'r>(
    site: &Site,
    reports: &'r Reports<'_>,
    writer: Option<&StockCommitment>,
    theme: &Theme,
    urls: &Urls<'_>,
) -> (Vec<StrategyGroup<'r>>, Totals) {
    let mut totals = Totals::default();
    let mut strategies = Vec::new();
    for document in &site.documents {
        let mut sections: Vec<SectionGroup> = Vec::new();
        let mut strategy_totals = Totals::default();
        let motions = document.motion_refs_by_anchor();
        for item in document
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Commitment)
        {
            let item_motions = motions.get(item.id.as_str()).map_or(&[][..], Vec::as_slice);
            let view = commitment_view(site, (document, item), item_motions, reports, theme, urls);
            strategy_totals.commitments += 1;
            strategy_totals.quoted += usize::from(!view.quoted_in.is_empty());
            strategy_totals.taken_up += usize::from(
                !view.taken_up_by.is_empty()
                    || view.quoted_in.iter().any(|q| !q.recommendations.is_empty()),
            );
            // A section's commitment lists may be split by subsections; keep them together.
            let at = match sections
                .iter()
                .position(|s| s.section_id == item.section_id)
            {
                Some(at) => at,
                None => {
                    sections.push(SectionGroup {
                        section_id: item.section_id.clone(),
                        id: format!(
                            "{}-{}",
                            crate::document::slugify(&document.path),
                            item.section_id
                        ),
                        title: item.section_title.clone(),
                        url: urls.item(&document.path, &item.section_id),
                        count: 0,
                        commitments: Vec::new(),
                        written: Vec::new(),
                        html: String::new(),
                    });
                    sections.len() - 1
                }
            };
            let section = &mut sections[at];
            match writer {
                Some(writer) => section.written.push(writer.write(&view)),
                None => section.commitments.push(view),
            }
        }
        if sections.is_empty() {
            continue;
        }
        totals.commitments += strategy_totals.commitments;
        totals.quoted += strategy_totals.quoted;
        totals.taken_up += strategy_totals.taken_up;
        strategies.push(StrategyGroup {
            path: document.path.clone(),
            totals: strategy_totals,
            doc: doc_link(document, urls),
            organization: super::organization_link(document, urls),
            count: sections.iter().map(SectionGroup::len).sum(),
            sections,
            all_url: None,
        });
    }
    (strategies, totals)
}

/// A strategy's sections on pages of at most [`LIST_LIMIT`] commitments; a section that does
/// not fit continues on the next page under its heading.
fn split_sections(sections: Vec<SectionGroup<'_>>) -> Vec<Vec<SectionGroup<'_>>> {
    let mut pages: Vec<Vec<SectionGroup<'_>>> = vec![Vec::new()];
    let mut on_page = 0;
    for mut section in sections {
        while section.len() > 0 {
            if on_page == LIST_LIMIT {
                pages.push(Vec::new());
                on_page = 0;
            }
            // One of the two lists is empty: the other is split.
            let taken = (LIST_LIMIT - on_page).min(section.len());
            let views = section
                .commitments
                .split_off(taken.min(section.commitments.len()));
            let written = section.written.split_off(taken.min(section.written.len()));
            on_page += taken;
            let part = SectionGroup {
                section_id: section.section_id.clone(),
                id: section.id.clone(),
                title: section.title.clone(),
                url: section.url.clone(),
                count: 0,
                commitments: std::mem::replace(&mut section.commitments, views),
                written: std::mem::replace(&mut section.written, written),
                html: String::new(),
            };
            match pages.last_mut() {
                Some(page) => page.push(part),
                None => pages.push(vec![part]),
            }
        }
    }
    pages
}

/// The theme's words a commitment shows, escaped. While the theme's own `commitments.html`
/// is in use, each commitment is written here, once, rather than serialized into a template
/// value of a score of fields and laid out by Tera; that was most of the commitment index's
/// work on a large site. A site with a `commitments.html` of its own gets the views.
struct StockCommitment {
    amended_by: String,
    quoted_in: String,
    report_recommendations: String,
    taken_up_by: String,
    not_taken_up: String,
}

impl StockCommitment {
    /// `None` when the site has a `commitments.html` of its own, or lacks a word the theme's
    /// shows (Tera then reports it).
    fn of(theme: &Theme) -> Option<StockCommitment> {
        if !theme.uses_bundled("commitments.html") {
            return None;
        }
        Some(StockCommitment {
            amended_by: theme.escaped_string("amended_by")?,
            quoted_in: theme.escaped_string("quoted_in")?,
            report_recommendations: theme.escaped_string("report_recommendations")?,
            taken_up_by: theme.escaped_string("taken_up_by")?,
            not_taken_up: theme.escaped_string("not_taken_up")?,
        })
    }

    /// What `commitments.html` renders for commitment `c` in its section's list.
    fn write(&self, c: &CommitmentView<'_>) -> String {
        let mut html = String::with_capacity(1024);
        html.push_str("\n      <li class=\"commitment\">\n        <p class=\"commitment-text\">");
        push_link(&mut html, &c.item.url, &c.item.text);
        html.push_str("</p>\n        <p class=\"chips\">");
        for chip in &c.item.topics {
            push_classed_link(&mut html, "chip chip-topic", &chip.url, &chip.label);
            html.push(' ');
        }
        if !c.motions.is_empty() {
            html.push_str("<span class=\"amended\">");
            html.push_str(&self.amended_by);
            html.push_str(": ");
            push_separated(&mut html, &c.motions, ", ", |html, motion| {
                push_link(html, &motion.url, &motion.title);
            });
            html.push_str("</span>");
        }
        html.push_str("</p>\n        ");
        for q in &c.quoted_in {
            html.push_str("\n        <div class=\"trace\">\n          <p><span class=\"label\">");
            html.push_str(&self.quoted_in);
            html.push_str("</span> ");
            push_link(&mut html, &q.report.url, &q.report.title);
            html.push_str(", ");
            push_link(&mut html, &q.section.url, &q.section.title);
            html.push_str(": <a href=\"");
            escape_into(&mut html, &q.quote.url);
            html.push_str("\"><i>");
            escape_into(&mut html, &q.quote.title);
            html.push_str("</i></a></p>\n          ");
            if !q.recommendations.is_empty() {
                html.push_str("<p class=\"label\">");
                html.push_str(&self.report_recommendations);
                html.push_str(":</p>\n          <ul class=\"index-list\">");
                // The rows are safe strings: Tera shows them as they are.
                for row in q.recommendations.iter().filter_map(Value::as_str) {
                    html.push_str(row);
                }
                html.push_str("</ul>");
            }
            html.push_str("\n        </div>\n        ");
        }
        html.push_str("\n        ");
        push_taken_up_by(&mut html, &self.taken_up_by, &c.taken_up_by);
        html.push_str("\n        ");
        if c.quoted_in.is_empty() && c.taken_up_by.is_empty() {
            html.push_str("<p class=\"not-taken-up\">");
            html.push_str(&self.not_taken_up);
            html.push_str("</p>");
        }
        html.push_str("\n      </li>\n    ");
        html
    }
}

/// The reports that quote commitments, with their sections' recommendations: a report's
/// section is quoted by several commitments, and gathering the section's recommendations by
/// walking the report's items at every quote was most of the commitment index's own work.
struct Reports<'s> {
    by_path: HashMap<&'s str, Report<'s>>,
}

struct Report<'s> {
    document: &'s Document,
    /// The traced rows of each section's recommendations, in document order.
    recommendations: HashMap<&'s str, Vec<Value>>,
}

impl<'s> Reports<'s> {
    /// Every document a quote comes from, indexed before any commitment is listed, so that
    /// the commitments' traces can share the rows.
    fn of(site: &'s Site, rows: &Rows<'_>) -> Reports<'s> {
        let mut by_path = HashMap::new();
        let quotes = site.backlinks.values().flatten();
        for backlink in quotes.filter(|b| b.kind == BacklinkKind::Quote) {
            let path = backlink.from_doc.as_str();
            if by_path.contains_key(path) {
                continue;
            }
            let Some(document) = site.document(path) else {
                continue;
            };
            let mut recommendations: HashMap<&str, Vec<Value>> = HashMap::new();
            for item in &document.items {
                if item.kind == ItemKind::Recommendation {
                    recommendations
                        .entry(item.section_id.as_str())
                        .or_default()
                        .push(rows.traced(document, item));
                }
            }
            by_path.insert(
                path,
                Report {
                    document,
                    recommendations,
                },
            );
        }
        Reports { by_path }
    }
}

fn commitment_view<'r>(
    site: &Site,
    (document, item): (&Document, &Item),
    motions: &[&crate::document::MotionRef],
    reports: &'r Reports<'_>,
    theme: &Theme,
    urls: &Urls<'_>,
) -> CommitmentView<'r> {
    let backlinks = site.backlinks_to(&document.path, &item.id);
    let quoted_in = backlinks
        .iter()
        .filter(|b| b.kind == BacklinkKind::Quote)
        .filter_map(|b| {
            let Report {
                document: report,
                recommendations,
            } = reports.by_path.get(b.from_doc.as_str())?;
            // A walk over the report's items: most reports are quoted a few times only,
            // and indexing their items cost more than finding the quotes.
            let quote = report.item(&b.from_anchor)?;
            let recommendations = recommendations
                .get(quote.section_id.as_str())
                .map_or(&[][..], Vec::as_slice);
            Some(QuoteTrace {
                quote: Link {
                    url: urls.item(&report.path, &quote.id),
                    title: shorten(quote.text.trim(), 200),
                },
                report: doc_link(report, urls),
                section: Link {
                    url: urls.item(&report.path, &quote.section_id),
                    title: quote.section_title.clone(),
                },
                recommendations,
            })
        })
        .collect();
    let taken_up_by = backlinks
        .iter()
        .filter(|b| b.kind != BacklinkKind::Quote)
        .map(|b| reference_view(site, b, theme, urls))
        .collect();
    let motions = motions
        .iter()
        .map(|m| Link {
            url: format!(
                "{}#{}",
                urls.section(&urls.config.paths.motions, None),
                m.motion.to_lowercase()
            ),
            title: m.label.clone(),
        })
        .collect();
    CommitmentView {
        item: item_view(document, item, theme, urls),
        quoted_in,
        taken_up_by,
        motions,
    }
}

#[cfg(test)]
mod tests {
    use super::{Reports, StockCommitment, StrategyGroup, index_context, strategy_groups};
    use crate::indexes::Reference;
    use crate::indexes::rows::Rows;
    use crate::indexes::test_site::{TRICKY, example};
    use crate::render::views::{Link, Urls};

    fn tricky_link() -> Link {
        Link {
            url: format!("/a/{TRICKY}/"),
            title: TRICKY.into(),
        }
    }

    #[test]
    fn written_commitments_are_what_tera_renders_from_the_template() {
        let (build, config, theme) = example();
        let site = &build.site;
        let urls = Urls::new(&config, &site.vocabulary);
        let rows = Rows::render(site, &theme, &urls).expect("the rows render");
        let reports = Reports::of(site, &rows);
        let writer = StockCommitment::of(&theme).expect("the theme's own template");
        let render = |strategies: &mut [StrategyGroup<'_>], totals| {
            let context = index_context(strategies, totals, &theme, "/ataganden/");
            theme
                .tera
                .render("commitments.html", &context)
                .expect("the commitment index renders")
        };
        let (mut viewed, totals) = strategy_groups(site, &reports, None, &theme, &urls);
        let (mut written, _) = strategy_groups(site, &reports, Some(&writer), &theme, &urls);
        assert!(totals.quoted > 0, "the example's commitments are quoted");
        assert_eq!(render(&mut written, &totals), render(&mut viewed, &totals));

        // Author text full of markup, and every kind of trace on every commitment.
        let sections = viewed.iter_mut().flat_map(|s| &mut s.sections);
        for commitment in sections.flat_map(|s| &mut s.commitments) {
            commitment.item.text = TRICKY.into();
            commitment.item.url = format!("/a/#{TRICKY}");
            for chip in &mut commitment.item.topics {
                chip.label = TRICKY.into();
            }
            for trace in &mut commitment.quoted_in {
                trace.quote = tricky_link();
                trace.report = tricky_link();
                trace.section = tricky_link();
            }
            commitment.motions.extend([tricky_link(), tricky_link()]);
            for (organization, text) in [("", ""), (TRICKY, TRICKY)] {
                commitment.taken_up_by.push(Reference {
                    kind: "link",
                    kind_label: TRICKY.into(),
                    url: format!("/a/#{TRICKY}"),
                    doc: TRICKY.into(),
                    organization: organization.into(),
                    text: text.into(),
                });
            }
        }
        let by_tera = render(&mut viewed, &totals);
        for section in viewed.iter_mut().flat_map(|s| &mut s.sections) {
            section.written = section
                .commitments
                .iter()
                .map(|c| writer.write(c))
                .collect();
            section.commitments.clear();
        }
        assert_eq!(render(&mut viewed, &totals), by_tera);
    }
}
