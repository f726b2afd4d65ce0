//! The index pages members browse by: goals (and the whole goal table's pages),
//! recommendations and their addressees, commitments with their traceability diagrams (and a
//! large diagram's own pages), topics, motions (and a long motion's own pages), search and
//! open data. docs/INDEXES.md has each page's URL and module.
//!
//! Input: the resolved [`Site`]; output: [`PageJob`](crate::render::PageJob)s the render stage renders with the
//! theme, and generated files (the search index, the open-data exports). Every view is
//! computed here so that templates only lay out, and every URL comes from [`Urls`].

mod actors;
mod commitments;
mod data;
mod datapackage;
mod goal_breakdown;
mod goals;
mod json;
mod listing;
mod motions;
mod outcome_rows;
mod recommendations;
mod record_writer;
mod records;
mod row_pages;
mod row_view;
mod rows;
mod schema;
pub mod search;
mod topics;
mod trace;

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::document::{Document, Item};
use crate::memo::{MemoKeys, Slot};
use crate::render::doc_cards::DocCards;
use crate::render::views::{
    Chip, Link, StatusCounts, Urls, actor_chips, goal_status_key, topic_chips,
};
use crate::render::{Emit, Produced, Theme, shorten};
use crate::resolve::{Backlink, BacklinkKind, Site};

pub use schema::{Column, DATASETS, Dataset, ForeignKey, Kind};

/// Every index page, the kinds built side by side: each walks all items of the site. The
/// item rows are rendered first, once each (`rows`); a row template that fails to render
/// is the error.
pub(crate) fn index_pages(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    cards: &DocCards,
    memo: &IndexMemo,
    emit: &Emit<'_>,
) {
    let rows = match rows::Rows::render(site, theme, urls, memo) {
        Ok(rows) => rows,
        Err(diagnostic) => return emit(Produced::Failed(diagnostic)),
    };
    crate::timings::mark("index rows");
    let rows = &rows;
    type Build<'a> = Box<dyn Fn() + Send + Sync + 'a>;
    let builders: Vec<Build<'_>> = vec![
        Box::new(|| goals::page_jobs(site, rows, theme, urls, memo, emit)),
        Box::new(|| recommendations::page_jobs(site, rows, theme, urls, memo, emit)),
        Box::new(|| commitments::page_jobs(site, theme, urls, memo, emit)),
        Box::new(|| topics::page_jobs(site, rows, cards, theme, urls, memo, emit)),
        Box::new(|| {
            let jobs = motions::motion_jobs(site, theme, urls).into_iter().chain([
                search::search_page_job(theme, urls),
                data::data_page_job(site, theme, urls),
            ]);
            for job in jobs {
                emit(Produced::Page(job));
            }
        }),
    ];
    builders.into_par_iter().for_each(|build| build());
    crate::timings::mark("index pages");
}

/// The open-data exports and the search index.
pub fn data_files(site: &Site, theme: &Theme, urls: &Urls<'_>, memo: &IndexMemo, emit: &Emit<'_>) {
    data::data_files(site, theme, urls, memo, emit);
    search::search_files(site, theme, urls, memo, emit);
}

/// What the index producers keep across runs, per document: its search entries, its share
/// of each open-data dataset, and its index rows (plain rows under the fingerprint, traced
/// rows also under what takes its recommendations up).
pub struct IndexMemo {
    keys: MemoKeys,
    search: Slot<Vec<search::Entry>>,
    data: Slot<data::DataParts>,
    plain_rows: Slot<Vec<tera::Value>>,
    traced_rows: Slot<Vec<tera::Value>>,
    /// Per quoting report, its recommendations' branches of the traceability diagram.
    trace_branches: Slot<Vec<tera::Value>>,
    /// The pages that are lists of rows, by their path (`row_pages`). A page no longer made
    /// stays until the memo is emptied: there are a few per list at most.
    row_pages: Slot<row_pages::RowPage>,
    /// On a site whose commitment index is long, each strategy's pages, by its path.
    strategy_pages: Slot<commitments::StrategyPages>,
}

impl IndexMemo {
    pub fn new(keys: MemoKeys) -> IndexMemo {
        IndexMemo {
            keys,
            search: keys.slot(),
            data: keys.slot(),
            plain_rows: keys.slot(),
            traced_rows: keys.slot(),
            trace_branches: keys.slot(),
            row_pages: keys.slot(),
            strategy_pages: keys.slot(),
        }
    }

    /// Drops the parts of the documents no longer in the site.
    pub fn forget(&self, gone: &[String]) {
        self.search.forget(gone);
        self.data.forget(gone);
        self.plain_rows.forget(gone);
        self.traced_rows.forget(gone);
        self.trace_branches.forget(gone);
        self.strategy_pages.forget(gone);
    }
}

/// An item as the index pages list it: its text, where it comes from, and its chips.
#[derive(Serialize, Clone)]
pub(crate) struct ItemView {
    id: String,
    kind: &'static str,
    url: String,
    text: String,
    ordinal: usize,
    doc: Link,
    organization: Link,
    /// The organisation's slug, for the goal filter.
    org_slug: String,
    period: String,
    section: Link,
    /// `not-started`, `ongoing`, `done`, `dropped`, or `none` when not followed up.
    status: &'static str,
    status_label: String,
    status_note: Option<String>,
    topics: Vec<Chip>,
    addressees: Vec<Chip>,
}

pub(crate) fn item_view(
    document: &Document,
    item: &Item,
    theme: &Theme,
    urls: &Urls<'_>,
) -> ItemView {
    let status = item.status.map_or("none", |s| s.as_str());
    let doc = doc_link(document, urls);
    ItemView {
        id: item.id.clone(),
        kind: item.kind.as_str(),
        url: Urls::in_page(&doc.url, &item.id),
        text: item.text.trim().to_string(),
        ordinal: item.ordinal,
        organization: organization_link(document, urls),
        org_slug: document.meta.organization.clone(),
        period: item
            .period
            .clone()
            .unwrap_or_else(|| document.meta.period.clone()),
        section: Link {
            url: Urls::in_page(&doc.url, &item.section_id),
            title: item.section_title.clone(),
        },
        doc,
        status,
        status_label: theme.string(goal_status_key(item.status)).to_string(),
        status_note: item.status_note.clone(),
        topics: topic_chips(&item.topics, urls),
        addressees: actor_chips(&item.addressees, urls),
    }
}

pub(crate) fn doc_link(document: &Document, urls: &Urls<'_>) -> Link {
    Link {
        url: urls.doc(&document.path),
        title: document.meta.title.clone(),
    }
}

pub(crate) fn organization_link(document: &Document, urls: &Urls<'_>) -> Link {
    urls.organization_of(&document.meta.organization)
        .map_or_else(
            || Link {
                url: urls.home(),
                title: document.meta.organization.clone(),
            },
            |o| Link {
                url: urls.organization(&o.slug),
                title: o.name.clone(),
            },
        )
}

/// Where each slug is in a vocabulary list (topics, addressees), to sort items into that
/// list's groups: an item names one or two slugs, and testing it against every entry of the
/// list was much of the goal and recommendation indexes' own work.
pub(crate) struct SlugPositions<'v> {
    by_slug: HashMap<&'v str, Vec<usize>>,
}

impl<'v> SlugPositions<'v> {
    pub(crate) fn new(slugs: impl Iterator<Item = &'v str>) -> SlugPositions<'v> {
        let mut by_slug: HashMap<&str, Vec<usize>> = HashMap::new();
        for (position, slug) in slugs.enumerate() {
            by_slug.entry(slug).or_default().push(position);
        }
        SlugPositions { by_slug }
    }

    /// The position of every entry whose slug is one of `slugs`, each once: what testing
    /// every entry with `slugs.contains(&entry.slug)` finds, though not in the list's order.
    pub(crate) fn of<'a>(&'a self, slugs: &'a [String]) -> impl Iterator<Item = usize> + 'a {
        slugs
            .iter()
            .enumerate()
            .filter(|&(n, slug)| !slugs[..n].contains(slug))
            .filter_map(|(_, slug)| self.by_slug.get(slug.as_str()))
            .flatten()
            .copied()
    }
}

/// Something that points at an item ("taken up by"), ready for a template.
#[derive(Serialize, Clone)]
pub(crate) struct Reference {
    kind: &'static str,
    kind_label: String,
    url: String,
    doc: String,
    organization: String,
    text: String,
}

pub(crate) fn reference_view(
    site: &Site,
    backlink: &Backlink,
    theme: &Theme,
    urls: &Urls<'_>,
) -> Reference {
    let source = site.document(&backlink.from_doc);
    let (kind, key) = match backlink.kind {
        BacklinkKind::Link => ("link", "backlink_link"),
        BacklinkKind::Implements => ("implements", "backlink_implements"),
        BacklinkKind::Quote => ("quote", "backlink_quote"),
    };
    let anchor = backlink.from_anchor.as_str();
    let title = source.and_then(|d| d.anchor_title(anchor));
    Reference {
        kind,
        kind_label: theme.string(key).to_string(),
        url: urls.item(&backlink.from_doc, &backlink.from_anchor),
        doc: source.map_or_else(|| backlink.from_doc.clone(), |d| d.meta.title.clone()),
        organization: source
            .and_then(|d| urls.organization_of(&d.meta.organization))
            .map_or_else(String::new, |o| o.name.clone()),
        text: shorten(title.unwrap_or_default(), 160),
    }
}

/// What the tests of the index writers build on: the bundled example, built, with its
/// configuration and theme, and author text full of markup to escape.
#[cfg(test)]
pub(crate) mod test_site {
    use crate::build::{Build, BuildOptions, Pipeline};
    use crate::config::{Config, load_config};
    use crate::render::{Theme, load_theme};

    pub(crate) const TRICKY: &str = "<b>\"Å & ö\"</b> it's";

    pub(crate) fn example() -> (Build, Config, Theme) {
        let options = BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
        let build = Pipeline::load(&options)
            .and_then(|mut pipeline| pipeline.run())
            .expect("the example builds");
        let config = load_config(&options.root, None, options.drafts).expect("its config");
        let theme = load_theme(&config).expect("its theme");
        (build, config, theme)
    }
}

#[cfg(test)]
mod tests {
    use super::SlugPositions;

    #[test]
    fn slug_positions_find_what_testing_every_entry_finds() {
        let list = ["a", "b", "a", "c"];
        let positions = SlugPositions::new(list.iter().copied());
        for slugs in [
            vec![],
            vec!["a"],
            vec!["b", "a"],
            vec!["a", "a", "c"],
            vec!["x", "c", "x"],
        ] {
            let slugs: Vec<String> = slugs.into_iter().map(String::from).collect();
            let mut found: Vec<usize> = positions.of(&slugs).collect();
            found.sort_unstable();
            let tested: Vec<usize> = (0..list.len())
                .filter(|&n| slugs.iter().any(|s| s == list[n]))
                .collect();
            assert_eq!(found, tested, "{slugs:?}");
        }
    }
}
