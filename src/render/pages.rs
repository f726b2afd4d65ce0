//! The core pages: home, one per document, the organisation pages and the 404 page.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

use serde::Serialize;
use tera::Context;

use crate::document::{BodySegment, Document, GoalStatus, ItemKind};
use crate::html::{escape_into, push_link};
use crate::resolve::Site;

use super::doc_cards::{CardWords, card_list};
use super::item_meta::{MetaContext, MetaParts, PageLinks, write_backlinks, write_item_meta};
use super::views::{DocSummary, Link, Urls, doc_summary, level_label};
use super::{PageJob, Theme};

#[derive(Serialize)]
struct PageView {
    title: String,
    url: String,
    description: String,
}

pub fn page_context(title: &str, url: &str, description: &str) -> Context {
    let mut context = Context::new();
    context.insert(
        "page",
        &PageView {
            title: title.to_string(),
            url: url.to_string(),
            description: description.to_string(),
        },
    );
    context
}

/// The pages that are not document pages: home, organisations, 404.
pub fn site_page_jobs(site: &Site, theme: &Theme, urls: &Urls<'_>) -> Vec<PageJob> {
    let mut jobs = Vec::with_capacity(site.vocabulary.organizations.len() + 4);
    jobs.push(home_job(site, theme, urls));
    jobs.extend(organization_jobs(site, theme, urls));
    let not_found = page_context(
        theme.string("not_found_title"),
        &format!("{}/404.html", urls.config.base_path),
        "",
    );
    jobs.push(PageJob {
        path: "404.html".into(),
        template: "404.html",
        context: not_found,
    });
    jobs
}

fn newest_first(site: &Site) -> Vec<&Document> {
    let mut documents: Vec<&Document> = site.documents.iter().map(|d| &**d).collect();
    documents.sort_by(|a, b| recency(b).cmp(&recency(a)).then(a.path.cmp(&b.path)));
    documents
}

fn recency(document: &Document) -> (&str, &str) {
    (
        document.meta.date.as_deref().unwrap_or_default(),
        &document.meta.period,
    )
}

/// The documents of each organisation, in the order given.
fn by_organization<'a>(
    documents: impl IntoIterator<Item = &'a Document>,
) -> HashMap<&'a str, Vec<&'a Document>> {
    let mut grouped: HashMap<&str, Vec<&Document>> = HashMap::new();
    for document in documents {
        grouped
            .entry(document.meta.organization.as_str())
            .or_default()
            .push(document);
    }
    grouped
}

#[derive(Serialize)]
struct OrganizationView {
    slug: String,
    name: String,
    url: String,
    level: String,
    parent: Option<Link>,
    description: String,
    document_count: usize,
}

fn organization_views(site: &Site, theme: &Theme, urls: &Urls<'_>) -> Vec<OrganizationView> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for document in &site.documents {
        *counts
            .entry(document.meta.organization.as_str())
            .or_default() += 1;
    }
    site.vocabulary
        .organizations
        .iter()
        .map(|o| OrganizationView {
            slug: o.slug.clone(),
            name: o.name.clone(),
            url: urls.organization(&o.slug),
            level: level_label(o.level, theme),
            parent: o
                .parent
                .as_ref()
                .and_then(|p| urls.organization_of(p))
                .map(|p| Link {
                    url: urls.organization(&p.slug),
                    title: p.name.clone(),
                }),
            description: o.description.clone(),
            document_count: counts.get(o.slug.as_str()).copied().unwrap_or(0),
        })
        .collect()
}

fn home_job(site: &Site, theme: &Theme, urls: &Urls<'_>) -> PageJob {
    let mut context = page_context(&urls.config.title, &urls.home(), &urls.config.description);
    let newest: Vec<DocSummary> = newest_first(site)
        .into_iter()
        .take(10)
        .map(|d| doc_summary(d, theme, urls))
        .collect();
    context.insert("documents", &newest);
    context.insert("organizations", &organization_views(site, theme, urls));
    context.insert(
        "counts",
        &super::views::item_counts(site.items().map(|(_, i)| i)),
    );
    context.insert("search_url", &urls.section(&urls.config.paths.search, None));
    PageJob {
        path: "index.html".into(),
        template: "index.html",
        context,
    }
}

/// The body of a document's page: its segments with each item's metadata written in.
fn body_html(
    segments: &[BodySegment],
    document: &Document,
    links: &PageLinks<'_>,
    meta: &MetaContext<'_, '_>,
) -> String {
    // An item's metadata is ~400 bytes besides its backlinks, ~250 bytes each (10,000
    // documents): with 400 bytes an item and nothing a backlink, most pages' bodies
    // outgrew their buffer and were copied into one twice the size.
    let mut body = String::with_capacity(
        segments
            .iter()
            .map(|s| {
                if let BodySegment::Html(h) = s {
                    h.len()
                } else {
                    ITEM_META_BYTES
                }
            })
            .sum::<usize>()
            + links.backlink_count() * BACKLINK_BYTES,
    );
    for segment in segments {
        match segment {
            BodySegment::Html(html) => body.push_str(html),
            BodySegment::ItemMeta(index) => {
                if let Some(item) = document.items.get(*index) {
                    write_item_meta(&mut body, document, item, meta);
                }
            }
        }
    }
    body
}

/// A document's page, with the size of the HTML it will likely render to: the body and a
/// margin for the template's header and table of contents.
pub fn document_job<'s>(
    document: &'s Document,
    site: &'s Site,
    theme: &Theme,
    urls: &Urls<'_>,
    parts: &MetaParts<'s>,
) -> (PageJob, usize) {
    let summary = doc_summary(document, theme, urls);
    let links = PageLinks::new(site, document);
    let meta = MetaContext {
        site,
        urls,
        parts,
        links: &links,
    };
    // A one-shot build renders each page once: its body goes with it (see `Body`).
    let body = if site.memo.one_shot {
        body_html(&document.body.take(), document, &links, &meta)
    } else {
        document
            .body
            .with(|segments| body_html(segments, document, &links, &meta))
    };
    let implements: Vec<Link> = document
        .meta
        .implements
        .iter()
        .filter_map(|r| crate::markdown::parse_link_target(&r.target))
        .filter_map(|t| {
            site.document(&t.doc).map(|d| Link {
                url: urls.doc(&d.path),
                title: d.meta.title.clone(),
            })
        })
        .collect();
    let mut referred_to_by = String::new();
    write_backlinks(&mut referred_to_by, links.backlinks(""), &meta);
    let size = body.len() + referred_to_by.len() + 16 * 1024;
    let mut context = page_context(
        &document.meta.title,
        &summary.url,
        document.meta.subtitle.as_deref().unwrap_or(""),
    );
    context.insert("doc", &summary);
    context.insert("toc", &document.toc);
    // Handed over marked safe, so the template prints them as they are: through the `safe`
    // filter, each page's body was copied once more (130 MB at 10,000 documents).
    context.insert_value("body", tera::Value::safe_string(&body));
    context.insert("implements", &implements);
    context.insert_value("referred_to_by", tera::Value::safe_string(&referred_to_by));
    let job = PageJob {
        path: document_page_path(document),
        template: "document.html",
        context,
    };
    (job, size)
}

/// Room in a page's body for one item's metadata without its backlinks, and for one
/// backlink: generous, since a buffer too small is copied whole when it grows.
const ITEM_META_BYTES: usize = 640;
const BACKLINK_BYTES: usize = 320;

pub fn document_page_path(document: &Document) -> String {
    format!("{}/index.html", document.path)
}

/// The memo key of a document's page: a hash of everything [`document_job`] reads. Besides
/// the memo's context (config, vocabulary; the theme empties the memo) and the document's
/// own fingerprint, that is what it shows of other documents: what points into it (each
/// backlink with its source's title, organisation and item or section title), what its
/// quotes match (with the quoted document's title), and the titles of what it implements.
/// So a link added in document A re-renders B, and an edit that changes nothing B shows
/// does not.
pub fn page_key(document: &Document, fingerprint: u64, site: &Site) -> u64 {
    let mut hasher = site.memo.hasher(fingerprint);
    let title = |path: &str| site.document(path).map(|d| d.meta.title.as_str());
    for (anchor, backlinks) in site.backlinks_into(&document.path) {
        anchor.hash(&mut hasher);
        // With what the page shows of each backlink's source (`Backlink::shown`).
        backlinks.hash(&mut hasher);
    }
    0xff_u8.hash(&mut hasher);
    for (quote, matched) in site.quote_matches_from(&document.path) {
        quote.hash(&mut hasher);
        matched.doc.hash(&mut hasher);
        matched.commitments.hash(&mut hasher);
        matched.score.to_bits().hash(&mut hasher);
        title(&matched.doc).hash(&mut hasher);
    }
    0xfe_u8.hash(&mut hasher);
    for target in document
        .meta
        .implements
        .iter()
        .filter_map(|r| crate::markdown::parse_link_target(&r.target))
    {
        title(&target.doc).hash(&mut hasher);
    }
    hasher.finish()
}

#[derive(Serialize)]
struct GoalView {
    url: String,
    text: String,
    status: Option<&'static str>,
    status_label: Option<String>,
    document: String,
}

#[derive(Serialize)]
struct PeriodGoals {
    period: String,
    goals: Vec<GoalView>,
    done: usize,
}

fn organization_jobs(site: &Site, theme: &Theme, urls: &Urls<'_>) -> Vec<PageJob> {
    let organizations = organization_views(site, theme, urls);
    let word = &urls.config.paths.organizations;
    let mut jobs = Vec::new();
    let mut index = page_context(
        theme.string("organizations_title"),
        &urls.section(word, None),
        "",
    );
    index.insert("organizations", &organizations);
    jobs.push(PageJob {
        path: format!("{word}/index.html"),
        template: "organizations.html",
        context: index,
    });
    let words = OrganizationWords::of(theme);
    for page in organization_pages(site, theme, urls, &organizations) {
        jobs.push(PageJob {
            path: format!("{word}/{}/index.html", page.organization.slug),
            template: "organization.html",
            context: page.context(words.as_ref()),
        });
    }
    jobs
}

/// Each organisation's page: its documents newest first, its goals by period, newest first,
/// and its member organisations.
fn organization_pages<'a>(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    organizations: &'a [OrganizationView],
) -> Vec<OrganizationPage<'a>> {
    let mut pages = Vec::with_capacity(organizations.len());
    // Grouped once: with a hundred organisations, filtering every document for each was
    // most of the build's organisation pages.
    let newest = by_organization(newest_first(site));
    let in_site_order = by_organization(site.documents.iter().map(|d| &**d));
    let none = Vec::new();
    for organization in organizations {
        let slug = organization.slug.as_str();
        let documents: Vec<DocSummary> = newest
            .get(slug)
            .unwrap_or(&none)
            .iter()
            .map(|d| doc_summary(d, theme, urls))
            .collect();
        let mut by_period: BTreeMap<String, PeriodGoals> = BTreeMap::new();
        for document in in_site_order.get(slug).unwrap_or(&none) {
            for goal in document.items.iter().filter(|i| i.kind == ItemKind::Goal) {
                let period = goal
                    .period
                    .clone()
                    .unwrap_or_else(|| document.meta.period.clone());
                let entry = by_period
                    .entry(period.clone())
                    .or_insert_with(|| PeriodGoals {
                        period,
                        goals: Vec::new(),
                        done: 0,
                    });
                if goal.status == Some(GoalStatus::Done) {
                    entry.done += 1;
                }
                entry.goals.push(GoalView {
                    url: urls.item(&document.path, &goal.id),
                    text: goal.text.clone(),
                    status: goal.status.map(GoalStatus::as_str),
                    status_label: goal
                        .status
                        .map(|status| theme.string(status.label_key()).to_string()),
                    document: document.meta.title.clone(),
                });
            }
        }
        let goals_by_period: Vec<PeriodGoals> = by_period.into_values().rev().collect();
        let children: Vec<&OrganizationView> = organizations
            .iter()
            .filter(|o| o.parent.as_ref().is_some_and(|p| p.url == organization.url))
            .collect();
        pages.push(OrganizationPage {
            organization,
            documents,
            goals_by_period,
            children,
        });
    }
    pages
}

/// What an organisation page shows.
struct OrganizationPage<'a> {
    organization: &'a OrganizationView,
    documents: Vec<DocSummary>,
    goals_by_period: Vec<PeriodGoals>,
    children: Vec<&'a OrganizationView>,
}

impl OrganizationPage<'_> {
    /// The page's context: with `words`, its document list and goal groups written here, as
    /// the theme's own template lays them out (Tera laid out the 100,000 goals of a large
    /// site one field at a time); without, as views for the site's own template.
    fn context(&self, words: Option<&OrganizationWords>) -> Context {
        let organization = self.organization;
        let mut context = page_context(
            &organization.name,
            &organization.url,
            &organization.description,
        );
        context.insert("organization", organization);
        context.insert("children", &self.children);
        match words {
            Some(words) => {
                let cards: Vec<String> = self
                    .documents
                    .iter()
                    .map(|document| words.cards.card(document))
                    .collect();
                let all: Vec<usize> = (0..cards.len()).collect();
                let list = card_list(&cards, &words.cards.empty(), &all);
                context.insert_value("document_list", tera::Value::safe_string(&list));
                let groups = (!self.goals_by_period.is_empty())
                    .then(|| goal_groups(&self.goals_by_period, words));
                context.insert_value(
                    "goal_groups",
                    groups.map_or_else(tera::Value::none, |html| tera::Value::safe_string(&html)),
                );
                context.insert("goals_by_period", &Vec::<PeriodGoals>::new());
            }
            None => {
                context.insert("documents", &self.documents);
                context.insert_value("document_list", tera::Value::none());
                context.insert("goals_by_period", &self.goals_by_period);
                context.insert_value("goal_groups", tera::Value::none());
            }
        }
        context
    }
}

/// The theme's words on an organisation page, escaped; `None` unless the theme's own
/// `organization.html` and document list are in use and have every word they show.
struct OrganizationWords {
    cards: CardWords,
    goals: String,
    goals_done_of: String,
}

impl OrganizationWords {
    fn of(theme: &Theme) -> Option<OrganizationWords> {
        if !theme.uses_bundled("organization.html") {
            return None;
        }
        Some(OrganizationWords {
            cards: CardWords::of(theme)?,
            goals: theme.escaped_lowercase("goals")?,
            goals_done_of: theme.escaped_string("goals_done_of")?,
        })
    }
}

/// What the theme's `organization.html` renders for `groups`, between the heading of its
/// goals section and the section's end.
fn goal_groups(groups: &[PeriodGoals], words: &OrganizationWords) -> String {
    let length: usize = groups
        .iter()
        .flat_map(|group| &group.goals)
        .map(|goal| goal.url.len() + goal.text.len() + 96)
        .sum();
    let mut html = String::with_capacity(length + groups.len() * 128);
    let mut number = itoa::Buffer::new();
    for group in groups {
        let count = number.format(group.goals.len()).to_string();
        html.push_str("\n  <h3>");
        escape_into(&mut html, &group.period);
        html.push_str(" <span class=\"count\">(");
        html.push_str(&count);
        html.push(' ');
        html.push_str(&words.goals);
        if group.done > 0 {
            html.push_str(", ");
            html.push_str(number.format(group.done));
            html.push(' ');
            html.push_str(&words.goals_done_of);
            html.push(' ');
            html.push_str(&count);
        }
        html.push_str(")</span></h3>\n  <ul class=\"goal-list\">\n  ");
        for goal in &group.goals {
            html.push_str("<li>");
            push_link(&mut html, &goal.url, &goal.text);
            if let Some(status) = goal.status {
                html.push_str(" <span class=\"chip status status-");
                escape_into(&mut html, status);
                html.push_str("\">");
                escape_into(&mut html, goal.status_label.as_deref().unwrap_or(""));
                html.push_str("</span>");
            }
            html.push_str("</li>\n  ");
        }
        html.push_str("</ul>\n  ");
    }
    html
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexes::test_site::{TRICKY, example};

    fn rendered(theme: &Theme, context: &Context) -> String {
        let mut html = Vec::new();
        theme
            .tera
            .render_to("organization.html", context, &mut html)
            .expect("the organisation page renders");
        String::from_utf8(html).expect("UTF-8")
    }

    /// The document list and goal groups written here are what Tera renders from the theme's
    /// template: on every organisation page of the example, and on text full of markup.
    #[test]
    fn organization_pages_are_what_tera_renders_from_the_template() {
        let (build, config, theme) = example();
        let urls = Urls::new(&config, &build.site.vocabulary);
        let words = OrganizationWords::of(&theme).expect("the theme's own template");
        let views = organization_views(&build.site, &theme, &urls);
        let pages = organization_pages(&build.site, &theme, &urls, &views);
        assert!(
            pages.iter().any(|page| !page.goals_by_period.is_empty()),
            "the example has organisations with goals"
        );
        for page in &pages {
            assert_eq!(
                rendered(&theme, &page.context(Some(&words))),
                rendered(&theme, &page.context(None)),
                "{}",
                page.organization.slug
            );
        }

        let tricky_goal = |status: Option<GoalStatus>| GoalView {
            url: format!("/a/{TRICKY}/#{TRICKY}"),
            text: TRICKY.into(),
            status: status.map(GoalStatus::as_str),
            status_label: status.map(|_| TRICKY.into()),
            document: TRICKY.into(),
        };
        let tricky_document = || {
            let mut document = doc_summary(&build.site.documents[0], &theme, &urls);
            document.title = TRICKY.into();
            document.subtitle = Some(TRICKY.into());
            document
        };
        for tricky in [false, true] {
            let (goals_by_period, documents) = if tricky {
                let groups = vec![
                    PeriodGoals {
                        period: TRICKY.into(),
                        goals: vec![tricky_goal(None), tricky_goal(Some(GoalStatus::Done))],
                        done: 1,
                    },
                    PeriodGoals {
                        period: "2024".into(),
                        goals: vec![tricky_goal(Some(GoalStatus::Ongoing))],
                        done: 0,
                    },
                ];
                (groups, vec![tricky_document(), tricky_document()])
            } else {
                (Vec::new(), Vec::new())
            };
            let page = OrganizationPage {
                organization: &views[0],
                documents,
                goals_by_period,
                children: views.iter().take(2).collect(),
            };
            assert_eq!(
                rendered(&theme, &page.context(Some(&words))),
                rendered(&theme, &page.context(None)),
                "tricky: {tricky}"
            );
        }
    }
}
