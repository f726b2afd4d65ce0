//! The core pages: home, one per document, the organisation pages and the 404 page.

use crate::memo::MemoKeys;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use serde::Serialize;
use tera::Context;

use crate::document::{BodySegment, Document, ItemKind, LinkTarget};

use crate::resolve::Site;

use super::doc_cards::DocCards;
use super::item_meta::{MetaContext, MetaParts, PageLinks, render_backlinks, write_item_meta};
use super::views::{DocSummary, Link, Urls, doc_summary};
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

/// The pages that are neither document pages nor an organisation's: home, the list of
/// organisations, 404.
pub fn site_page_jobs(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    cards: &DocCards,
) -> Vec<PageJob> {
    let mut jobs = Vec::with_capacity(3);
    jobs.push(home_job(site, theme, urls, cards));
    let organizations = super::organizations::organization_views(site, theme, urls);
    jobs.push(super::organizations::organizations_index_job(
        theme,
        urls,
        &organizations,
    ));
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
pub(super) fn newest_first(site: &Site) -> Vec<usize> {
    let mut indexes: Vec<usize> = (0..site.documents.len()).collect();
    let documents = &site.documents;
    let keys: Vec<String> = documents.iter().map(|d| recency(d)).collect();
    indexes.sort_by(|&a, &b| {
        keys[b]
            .cmp(&keys[a])
            .then(documents[a].path.cmp(&documents[b].path))
    });
    indexes
}

/// When a document is from: its date, or else the last day of its period, so that an undated
/// 2023 plan comes before a 2015 one dated to the day.
pub(super) fn recency(document: &Document) -> String {
    match &document.meta.date {
        Some(date) => date.clone(),
        None => period_end(&document.meta.period).unwrap_or_default(),
    }
}

/// The last day of a period as written: `2015–2016` and `2021/22` end with 2016 and 2022;
/// none when it names no year.
fn period_end(period: &str) -> Option<String> {
    let numbers: Vec<&str> = period
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    let last = *numbers.last()?;
    let year = match last.len() {
        4 => last.to_string(),
        // `2021/22`: the century of the year before it.
        2 => {
            let first = numbers.iter().find(|n| n.len() == 4)?;
            format!("{}{last}", first.get(..2)?)
        }
        _ => return None,
    };
    Some(format!("{year}-12-31"))
}

/// The documents at `indexes` (places in the site) by organisation, in the order given.
pub(super) fn by_organization(
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

fn home_job(site: &Site, theme: &Theme, urls: &Urls<'_>, cards: &DocCards) -> PageJob {
    let mut context = page_context(&urls.config.title, &urls.home(), &urls.config.description);
    let newest: Vec<usize> = newest_first(site).into_iter().take(10).collect();
    let summaries: Vec<DocSummary> = newest
        .iter()
        .map(|&index| doc_summary(&site.documents[index], theme, urls))
        .collect();
    context.insert("documents", &summaries);
    context.insert_value("cards", cards.list(newest));
    let organizations = super::organizations::organization_views(site, theme, urls);
    context.insert("organizations", &organizations);
    context.insert(
        "organization_groups",
        &super::organizations::organization_groups(&organizations),
    );
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
            BodySegment::LinkTitle { target, fallback } => match link_title(meta.site, target) {
                Some(title) => body.extend_from_slice(crate::html::escape(&title).as_bytes()),
                None => body.extend_from_slice(fallback.as_bytes()),
            },
        }
    }
    Ok(body)
}

/// The text of a `[[target]]` link written without its own: the first words of the item or
/// the title of the heading it points at, else its document's title; `None` when the target
/// is not in the site (a broken link, which the build reports).
fn link_title(site: &Site, target: &LinkTarget) -> Option<String> {
    let document = site.document(&target.doc)?;
    Some(document.link_title(target.anchor.as_deref()))
}

/// A document's page, with the size of the HTML it will likely render to: the body and a
/// margin for the template's header and table of contents.
pub fn document_job<'s>(
    document: &'s Document,
    body: &[BodySegment],
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
    let body = body_html(body, document, &links, &meta)?;
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
    // An annual report names its plan at the top (its memo key has the plan's title).
    let reports_on: Option<Link> = document
        .meta
        .reports_on
        .as_ref()
        .and_then(|r| crate::markdown::parse_link_target(&r.target))
        .and_then(|t| site.document(&t.doc))
        .map(|d| Link {
            url: urls.doc(&d.path),
            title: d.meta.title.clone(),
        });
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
    if summary.counts.goals > 0 {
        let mut followup = super::views::StatusCounts::default();
        for goal in document.items.iter().filter(|i| i.kind == ItemKind::Goal) {
            followup.add(goal.status);
        }
        context.insert("followup", &followup);
        context.insert("followup_date", &document.followup_date);
    }
    context.insert("reports_on", &reports_on);
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
/// quotes match (with the quoted document's title), the titles of what it and its items
/// implement, and the goals its outcomes report on and its goals' histories.
/// So a link added in document A re-renders B, and an edit that changes nothing B shows
/// does not.
pub fn page_key(document: &Document, fingerprint: u64, site: &Site, keys: &MemoKeys) -> u64 {
    let mut hasher = keys.hasher(fingerprint);
    let title = |path: &str| site.document(path).map(|d| d.meta.title.as_str());
    let anchor_title =
        |path: &str, anchor: &str| site.document(path).and_then(|d| d.anchor_title(anchor));
    for (anchor, backlinks) in site.backlinks_into(&document.path) {
        anchor.hash(&mut hasher);
        // With what the page shows of each backlink's source (`Backlink::shown`).
        backlinks.hash(&mut hasher);
        // `shown` is worked out from the source as parsed, but the text the page shows has
        // its `[[target]]` links' titles, which only the source's fingerprint has.
        for backlink in backlinks {
            if let Some(i) = site.document_index(&backlink.from_doc)
                && site
                    .documents
                    .get(i)
                    .is_some_and(|d| !d.titled_links.is_empty())
            {
                site.fingerprints.get(i).hash(&mut hasher);
            }
        }
    }
    0xff_u8.hash(&mut hasher);
    for (quote, matched) in site.quote_matches_from(&document.path) {
        quote.hash(&mut hasher);
        matched.doc.hash(&mut hasher);
        matched.commitments.hash(&mut hasher);
        matched.score.to_bits().hash(&mut hasher);
        title(&matched.doc).hash(&mut hasher);
        // The page shows the first words of each commitment matched.
        for commitment in &matched.commitments {
            anchor_title(&matched.doc, commitment).hash(&mut hasher);
        }
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
    // An item's metadata names what its `implements=` points at by that document's title
    // and the first words of the item (or heading) it points at.
    for target in document.items.iter().flat_map(|item| &item.implements) {
        title(&target.doc).hash(&mut hasher);
        anchor_title(&target.doc, target.anchor.as_deref().unwrap_or_default()).hash(&mut hasher);
    }
    // Its `[[target]]` links without text show their targets' titles.
    0xfd_u8.hash(&mut hasher);
    for target in &document.titled_links {
        link_title(site, target).hash(&mut hasher);
    }
    super::lineage::hash_shown(document, site, &mut hasher);
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use super::period_end;

    #[test]
    fn a_period_ends_with_its_last_year() {
        assert_eq!(period_end("2023").as_deref(), Some("2023-12-31"));
        assert_eq!(period_end("2015–2016").as_deref(), Some("2016-12-31"));
        assert_eq!(period_end("2021/22").as_deref(), Some("2022-12-31"));
        assert_eq!(period_end("hösten"), None);
        assert_eq!(period_end(""), None);
        assert_eq!(period_end("12"), None);
    }
}
