//! The core pages: home, one per document, the organisation pages and the 404 page.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};

use serde::Serialize;
use tera::Context;

use crate::document::{BodySegment, Document, GoalStatus, ItemKind};

use crate::resolve::Site;

use super::doc_cards::DocCards;
use super::item_meta::{MetaContext, MetaParts, PageLinks, render_backlinks, write_item_meta};
use super::views::{DocSummary, Link, Urls, doc_summary, level_label};
use super::{PageJob, Theme};
use crate::diagnostic::Diagnostic;

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
pub fn site_page_jobs(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    cards: &DocCards,
) -> Vec<PageJob> {
    let mut jobs = Vec::with_capacity(site.vocabulary.organizations.len() + 4);
    jobs.push(home_job(site, theme, urls, cards));
    jobs.extend(organization_jobs(site, theme, urls, cards));
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

/// The documents' places in the site, newest first.
fn newest_first(site: &Site) -> Vec<usize> {
    let mut indexes: Vec<usize> = (0..site.documents.len()).collect();
    let documents = &site.documents;
    indexes.sort_by(|&a, &b| {
        let (a, b) = (&documents[a], &documents[b]);
        recency(b).cmp(&recency(a)).then(a.path.cmp(&b.path))
    });
    indexes
}

fn recency(document: &Document) -> (&str, &str) {
    (
        document.meta.date.as_deref().unwrap_or_default(),
        &document.meta.period,
    )
}

/// The documents at `indexes` (places in the site) by organisation, in the order given.
fn by_organization(
    site: &Site,
    indexes: impl IntoIterator<Item = usize>,
) -> HashMap<&str, Vec<usize>> {
    let mut grouped: HashMap<&str, Vec<usize>> = HashMap::new();
    for index in indexes {
        let organization = site.documents[index].meta.organization.as_str();
        grouped.entry(organization).or_default().push(index);
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

fn home_job(site: &Site, theme: &Theme, urls: &Urls<'_>, cards: &DocCards) -> PageJob {
    let mut context = page_context(&urls.config.title, &urls.home(), &urls.config.description);
    let newest: Vec<usize> = newest_first(site).into_iter().take(10).collect();
    let summaries: Vec<DocSummary> = newest
        .iter()
        .map(|&index| doc_summary(&site.documents[index], theme, urls))
        .collect();
    context.insert("documents", &summaries);
    context.insert_value("cards", cards.list(newest));
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
) -> Result<Vec<u8>, Diagnostic> {
    // An item's metadata is ~400 bytes besides its backlinks, ~250 bytes each (10,000
    // documents): with 400 bytes an item and nothing a backlink, most pages' bodies
    // outgrew their buffer and were copied into one twice the size.
    let mut body = Vec::with_capacity(
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
            BodySegment::Html(html) => body.extend_from_slice(html.as_bytes()),
            BodySegment::ItemMeta(index) => {
                if let Some(item) = document.items.get(*index) {
                    write_item_meta(&mut body, document, item, meta)?;
                }
            }
        }
    }
    Ok(body)
}

/// A document's page, with the size of the HTML it will likely render to: the body and a
/// margin for the template's header and table of contents.
pub fn document_job<'s>(
    document: &'s Document,
    site: &'s Site,
    theme: &Theme,
    urls: &Urls<'_>,
    parts: &MetaParts<'s>,
) -> Result<(PageJob, usize), Diagnostic> {
    let summary = doc_summary(document, theme, urls);
    let links = PageLinks::new(site, document);
    let meta = MetaContext {
        site,
        theme,
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
    }?;
    // Tera writes UTF-8, and the body's own HTML is text.
    let body = String::from_utf8(body)
        .map_err(|_| Diagnostic::err(crate::text!("E092", template = &document.path)))?;
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
    let referred_to_by = render_backlinks(links.backlinks(""), &meta)?;
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
    Ok((job, size))
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
/// quotes match (with the quoted document's title), and the titles of what it and its items
/// implement.
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
    // An item's metadata names what its `implements=` points at by that document's title.
    for target in document.items.iter().flat_map(|item| &item.implements) {
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

fn organization_jobs(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    cards: &DocCards,
) -> Vec<PageJob> {
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
    for page in organization_pages(site, theme, urls, &organizations) {
        jobs.push(PageJob {
            path: format!("{word}/{}/index.html", page.organization.slug),
            template: "organization.html",
            context: page.context(cards),
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
    let newest = by_organization(site, newest_first(site));
    let in_site_order = by_organization(site, 0..site.documents.len());
    let none = Vec::new();
    for organization in organizations {
        let slug = organization.slug.as_str();
        let documents = newest.get(slug).unwrap_or(&none).clone();
        let mut by_period: BTreeMap<String, PeriodGoals> = BTreeMap::new();
        for &index in in_site_order.get(slug).unwrap_or(&none) {
            let document = &site.documents[index];
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
    /// Its documents' places in the site, newest first.
    documents: Vec<usize>,
    goals_by_period: Vec<PeriodGoals>,
    children: Vec<&'a OrganizationView>,
}

impl OrganizationPage<'_> {
    fn context(&self, cards: &DocCards) -> Context {
        let organization = self.organization;
        let mut context = page_context(
            &organization.name,
            &organization.url,
            &organization.description,
        );
        context.insert("organization", organization);
        context.insert("children", &self.children);
        context.insert_value("cards", cards.list(self.documents.iter().copied()));
        context.insert("goals_by_period", &self.goals_by_period);
        context
    }
}
