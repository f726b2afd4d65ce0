//! The commitment index with traceability: every commitment of the strategy documents, the
//! report quotes that quote it with the recommendations of the same report section (and the
//! goals that implement those), and the plan goals and recommendations that link to it
//! themselves, as a diagram per commitment (`trace.rs`).

use std::collections::HashMap;

use serde::Serialize;
use tera::{Context, Value};

use crate::document::{Document, Item, ItemKind};
use crate::render::views::{Link, Urls};
use crate::render::{Emit, PageJob, Produced, Theme, page_context, shorten};
use crate::resolve::{BacklinkKind, Site};

use super::listing::{LIST_LIMIT, Pagination, is_long};
use super::trace::{Reports, Tracer, goal_counts};
use super::{ItemView, Reference, StatusCounts, doc_link, item_view};

mod strategy_pages;
mod trace_pages;
pub(super) use strategy_pages::StrategyPages;

#[derive(Serialize)]
struct CommitmentView<'r> {
    #[serde(flatten)]
    item: ItemView,
    quoted_in: Vec<SectionTrace<'r>>,
    /// Recommendations that link to the commitment themselves, with their goals.
    recommendations: Vec<Value>,
    /// Goals that link to the commitment themselves.
    goals: Vec<Value>,
    /// Anything else that links to it: sections, other items.
    others: Vec<Reference>,
    /// The statuses of every goal the diagram reaches, each once.
    goal_counts: StatusCounts,
    motions: Vec<Link>,
    /// Quoted with recommendations beside it, or taken up by something linking to it.
    taken_up: bool,
    counts: TraceCounts,
    /// The page of its diagram, when the diagram is too large to fold under it: the
    /// diagram's parts above are then empty (`trace_pages.rs`).
    trace_url: Option<String>,
    /// The folder of that page under the strategy's (`render::trace_link`).
    #[serde(skip)]
    trace_segment: String,
    /// So many backlinks that its document page links to that page for them all.
    #[serde(skip)]
    many_backlinks: bool,
}

/// What the commitment's traces hold, told in words above them.
#[derive(Serialize, Default, Clone, Copy)]
struct TraceCounts {
    /// Report sections quoting it.
    sections: usize,
    /// Recommendations of those sections, each once.
    recommendations: usize,
    /// Goals linking to it.
    goals: usize,
    /// Other items and sections linking to it.
    others: usize,
}

/// A report section quoting the commitment: its quotes, and the section's recommendations
/// once however many times the section quotes it.
#[derive(Serialize, Clone)]
struct SectionTrace<'r> {
    quotes: Vec<Link>,
    report: Link,
    section: Link,
    /// The recommendations with the goals that implement them; shared by the commitments
    /// the section quotes, and serialized like a list of its own.
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
    /// How many of them are taken up, for the counts under the filter.
    taken_up: usize,
    commitments: Vec<CommitmentView<'r>>,
}

impl SectionGroup<'_> {
    fn len(&self) -> usize {
        self.commitments.len()
    }

    /// Ready for a page: its count.
    fn seal(&mut self) {
        self.count = self.len();
        self.taken_up = self.commitments.iter().filter(|c| c.taken_up).count();
    }
}

#[derive(Serialize)]
struct StrategyGroup<'r> {
    #[serde(skip)]
    path: String,
    /// Its counts, which the long index shows under each choice of the filter.
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
    theme: &Theme,
    urls: &Urls<'_>,
    memo: &super::IndexMemo,
    emit: &Emit<'_>,
) {
    let total = site
        .items()
        .filter(|(_, item)| item.kind == ItemKind::Commitment)
        .count();
    if is_long(total) {
        return strategy_pages::long_index_into(site, theme, urls, memo, emit);
    }
    let mut tracer = Tracer::new(site, theme, urls);
    let reports = Reports::of(site, &mut tracer, memo);
    let (mut strategies, totals) = strategy_groups(site, &reports, &mut tracer, urls);
    if let Some(failure) = tracer.failure() {
        return emit(Produced::Failed(failure));
    }
    let word = &urls.config.paths.commitments;
    let url = urls.section(word, None);
    let back = Link {
        url: url.clone(),
        title: theme.string("commitments_title").to_string(),
    };
    for strategy in &mut strategies {
        let slug = crate::document::slugify(&strategy.path);
        let dir = format!("{word}/{slug}");
        let strategy_url = urls.section(word, Some(&slug));
        for page in trace_pages::take_large(&mut strategy.sections, (&dir, &strategy_url)) {
            for job in trace_pages::trace_jobs(&page, &back, theme) {
                emit(Produced::Page(job));
            }
        }
    }
    emit(Produced::Page(PageJob {
        path: format!("{word}/index.html"),
        template: "commitments.html",
        context: index_context(&mut strategies, &totals, theme, &url),
    }));
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

/// Every strategy document with its commitments by section, with the totals of them all.
fn strategy_groups<'r, 's: 'r>(
    site: &'s Site,
    reports: &'r Reports<'s>,
    tracer: &mut Tracer<'s, '_, '_>,
    urls: &Urls<'_>,
) -> (Vec<StrategyGroup<'r>>, Totals) {
    let mut totals = Totals::default();
    let mut strategies = Vec::new();
    for document in &site.documents {
        if let Some((strategy, strategy_totals)) = strategy_group(document, reports, tracer, urls) {
            totals.commitments += strategy_totals.commitments;
            totals.quoted += strategy_totals.quoted;
            totals.taken_up += strategy_totals.taken_up;
            strategies.push(strategy);
        }
    }
    (strategies, totals)
}

/// A strategy document's commitments by section with their totals; `None` when it has no
/// commitment.
fn strategy_group<'r, 's: 'r>(
    document: &'s Document,
    reports: &'r Reports<'s>,
    tracer: &mut Tracer<'s, '_, '_>,
    urls: &Urls<'_>,
) -> Option<(StrategyGroup<'r>, Totals)> {
    let mut sections: Vec<SectionGroup> = Vec::new();
    let mut totals = Totals::default();
    let motions = document.motion_refs_by_anchor();
    for item in document
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Commitment)
    {
        let item_motions = motions.get(item.id.as_str()).map_or(&[][..], Vec::as_slice);
        let view = commitment_view((document, item), item_motions, reports, tracer, urls);
        totals.commitments += 1;
        totals.quoted += usize::from(!view.quoted_in.is_empty());
        totals.taken_up += usize::from(view.taken_up);
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
                    taken_up: 0,
                    commitments: Vec::new(),
                });
                sections.len() - 1
            }
        };
        sections[at].commitments.push(view);
    }
    if sections.is_empty() {
        return None;
    }
    let strategy = StrategyGroup {
        path: document.path.clone(),
        totals,
        doc: doc_link(document, urls),
        organization: super::organization_link(document, urls),
        count: sections.iter().map(SectionGroup::len).sum(),
        sections,
        all_url: None,
    };
    Some((strategy, totals))
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
            let taken = (LIST_LIMIT - on_page).min(section.len());
            let views = section.commitments.split_off(taken);
            on_page += taken;
            let part = SectionGroup {
                section_id: section.section_id.clone(),
                id: section.id.clone(),
                title: section.title.clone(),
                url: section.url.clone(),
                count: 0,
                taken_up: 0,
                commitments: std::mem::replace(&mut section.commitments, views),
            };
            match pages.last_mut() {
                Some(page) => page.push(part),
                None => pages.push(vec![part]),
            }
        }
    }
    pages
}

fn commitment_view<'r, 's: 'r>(
    (document, item): (&'s Document, &'s Item),
    motions: &[&crate::document::MotionRef],
    reports: &'r Reports<'s>,
    tracer: &mut Tracer<'s, '_, '_>,
    urls: &Urls<'_>,
) -> CommitmentView<'r> {
    let backlinks = tracer.site().backlinks_to(&document.path, &item.id);
    let mut reached: Vec<&'s Item> = Vec::new();
    let mut quoted_in: Vec<SectionTrace<'r>> = Vec::new();
    // Each section's place in `quoted_in`: a commitment quoted in thousands of sections made
    // a search of the list per quote quadratic.
    let mut at: HashMap<(&str, &str), usize> = HashMap::new();
    for backlink in backlinks.iter().filter(|b| b.kind == BacklinkKind::Quote) {
        let Some((report_path, report)) = reports.by_path.get_key_value(backlink.from_doc.as_str())
        else {
            continue;
        };
        let Some(quote) = report.items.get(backlink.from_anchor.as_str()) else {
            continue;
        };
        let quote_link = Link {
            url: urls.item(&report.document.path, &quote.id),
            title: shorten(quote.text.trim(), 200),
        };
        let key = (*report_path, quote.section_id.as_str());
        if let Some(trace) = at.get(&key).and_then(|&n| quoted_in.get_mut(n)) {
            trace.quotes.push(quote_link);
            continue;
        }
        at.insert(key, quoted_in.len());
        quoted_in.push(SectionTrace {
            quotes: vec![quote_link],
            report: doc_link(report.document, urls),
            section: Link {
                url: urls.item(&report.document.path, &quote.section_id),
                title: quote.section_title.clone(),
            },
            recommendations: report
                .recommendations
                .get(quote.section_id.as_str())
                .map_or(&[][..], |chains| {
                    reached.extend(&chains.goals);
                    chains.recommendations.as_slice()
                }),
        });
    }
    let direct = tracer.direct(backlinks);
    reached.extend(&direct.recommendations.goals);
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
    let counts = TraceCounts {
        sections: quoted_in.len(),
        recommendations: quoted_in.iter().map(|t| t.recommendations.len()).sum(),
        goals: direct.goals.len(),
        others: direct.recommendations.recommendations.len() + direct.others.len(),
    };
    CommitmentView {
        item: item_view(document, item, tracer.theme(), urls),
        taken_up: counts.goals + counts.others + counts.recommendations > 0,
        quoted_in,
        recommendations: direct.recommendations.recommendations,
        goals: direct.goals,
        others: direct.others,
        goal_counts: goal_counts(reached),
        motions,
        counts,
        trace_url: None,
        trace_segment: crate::render::trace_link::trace_segment(document, item),
        many_backlinks: crate::render::trace_link::has_many_backlinks(item, backlinks.len()),
    }
}
