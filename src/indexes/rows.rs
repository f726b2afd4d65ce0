//! Index rows: the `index_item.html` row of every goal, recommendation and commitment,
//! rendered once per build and shared by every index page that lists the item.
//!
//! A goal appears on the goal index and its topic page, a recommendation on the
//! recommendation index twice (by addressee, by topic), on each addressee's page, on its topic
//! pages and in the commitment traces. Rendering the row template at each appearance made the
//! index pages most of the build's work; here each row is rendered once (in parallel, still
//! through Tera, so a site's own `index_item.html` overrides the theme's), and the pages get
//! the rows as safe strings to concatenate. A [`Value`] string is reference-counted, so a row
//! shared by ten pages is stored once.
//!
//! Rows are also kept across runs in the memo ([`crate::resolve::Memo::rows`]), each under
//! a key of what its view shows, like a document page's (`render::pages::page_key`): a plain
//! row shows only its own document (its fingerprint) and the config, vocabulary and theme
//! (the memo's context; a theme change empties the memo); a traced row also what takes the
//! recommendation up ([`traced_key`]). So a save re-renders the rows of the saved document
//! and of the recommendations whose "taken up by" it changed.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::hashing::IntegerMap;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Item, ItemKind};
use crate::render::views::Urls;
use crate::render::{Theme, error_chain};
use crate::resolve::Site;

use super::row_view::{RowParts, with_taken_up_by};
use super::{Reference, reference_view};

/// The row template; a site may override it like any other.
const ROW_TEMPLATE: &str = "index_item.html";

/// An item by its address, which is its own while the site is borrowed (`'s`): the index
/// pages look rows up a million times on a large site, and hashing the (document path, id)
/// strings was a good part of their time.
type ItemKey = usize;

/// Where a recommendation's traced row is in [`Rows::traced`].
type RowIndex = IntegerMap<ItemKey, usize>;

/// Rows in the site's order (documents by path, items in document order), with the items
/// they are of: the index pages walk them in that order, without looking each item's row up.
struct Listed<'s> {
    items: Vec<(&'s Document, &'s Item)>,
    rows: Vec<Value>,
}

impl<'s> Listed<'s> {
    fn iter(&self) -> impl Iterator<Item = (&'s Document, &'s Item, &Value)> + '_ {
        self.items
            .iter()
            .zip(&self.rows)
            .map(|(&(document, item), row)| (document, item, row))
    }
}

/// An item the index pages list, with its document, that document's place in the site
/// (where [`RowParts`] keeps what its rows show of it) and its fingerprint (the memo key).
#[derive(Clone, Copy)]
struct Listing<'s> {
    document: &'s Document,
    position: usize,
    fingerprint: u64,
    item: &'s Item,
}

pub(crate) struct Rows<'s> {
    /// The item with its source and chips: what the goal index and the topic pages show.
    plain: Listed<'s>,
    /// A recommendation with what takes it up: what the recommendation index, the addressee
    /// pages and the commitment traces show.
    traced: Listed<'s>,
    /// The commitment traces look recommendations up one by one.
    traced_index: RowIndex,
}

impl<'s> Rows<'s> {
    /// Renders the rows of every item the index pages list.
    pub(crate) fn render(
        site: &'s Site,
        theme: &Theme,
        urls: &Urls<'_>,
    ) -> Result<Rows<'s>, Diagnostic> {
        let listed: Vec<Listing<'s>> = site
            .documents
            .iter()
            .zip(&site.fingerprints)
            .enumerate()
            .flat_map(|(position, (document, &fingerprint))| {
                document
                    .items
                    .iter()
                    .filter(|item| {
                        matches!(
                            item.kind,
                            ItemKind::Goal | ItemKind::Recommendation | ItemKind::Commitment
                        )
                    })
                    .map(move |item| Listing {
                        document,
                        position,
                        fingerprint,
                        item,
                    })
            })
            .collect();
        let mut memo = std::mem::take(
            &mut *site
                .memo
                .rows
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let parts = RowParts::new(site, theme, urls);
        let parts = &parts;
        let (plain, memo_plain) = rows_of(
            listed.par_iter().enumerate(),
            &memo.plain,
            site.memo.one_shot,
            |listing| site.memo.hasher(listing.fingerprint).finish(),
            |_, listing| render_row(theme, parts.row(listing.position, listing.item)),
        )?;
        // A traced row differs from the plain row only in what takes the recommendation up,
        // and most recommendations are taken up by nothing: their traced row is the plain
        // one (the template shows nothing for an empty list), shared rather than rendered
        // again.
        let (traced, memo_traced) = rows_of(
            listed
                .par_iter()
                .enumerate()
                .filter(|(_, listing)| listing.item.kind == ItemKind::Recommendation),
            &memo.traced,
            site.memo.one_shot,
            |listing| traced_key(site, listing.document, listing.fingerprint, listing.item),
            |n, listing| {
                let backlinks = site.backlinks_to(&listing.document.path, &listing.item.id);
                if backlinks.is_empty() {
                    return Ok(plain[n].clone());
                }
                let taken_up_by: Vec<Reference> = backlinks
                    .iter()
                    .map(|b| reference_view(site, b, theme, urls))
                    .collect();
                let row = parts.row(listing.position, listing.item);
                render_row(theme, with_taken_up_by(row, &taken_up_by))
            },
        )?;
        let traced_items: Vec<(&Document, &Item)> = listed
            .iter()
            .filter(|listing| listing.item.kind == ItemKind::Recommendation)
            .map(|listing| (listing.document, listing.item))
            .collect();
        let mut traced_index =
            RowIndex::with_capacity_and_hasher(traced_items.len(), Default::default());
        for (n, (_, item)) in traced_items.iter().enumerate() {
            traced_index.insert(key(item), n);
        }
        let rows = Rows {
            plain: Listed {
                items: listed
                    .iter()
                    .map(|listing| (listing.document, listing.item))
                    .collect(),
                rows: plain,
            },
            traced: Listed {
                items: traced_items,
                rows: traced,
            },
            traced_index,
        };
        if site.memo.one_shot {
            return Ok(rows);
        }
        memo.plain = memo_plain;
        memo.traced = memo_traced;
        *site
            .memo
            .rows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = memo;
        Ok(rows)
    }

    /// A recommendation's row with what takes it up.
    pub(crate) fn traced(&self, document: &Document, item: &Item) -> Value {
        self.traced_index
            .get(&key(item))
            .and_then(|&n| self.traced.rows.get(n))
            .cloned()
            // Every recommendation was rendered above; an empty row would only hide a bug in
            // a list, so it is checked in debug builds.
            .unwrap_or_else(|| {
                debug_assert!(false, "no index row for {}#{}", document.path, item.id);
                Value::safe_string("")
            })
    }

    /// The plain row of every listed item, in the site's order.
    pub(crate) fn all_plain(&self) -> impl Iterator<Item = (&'s Document, &'s Item, &Value)> + '_ {
        self.plain.iter()
    }

    /// The plain rows of every item of `kind`, in the site's order.
    pub(crate) fn plain_of_kind(
        &self,
        kind: ItemKind,
    ) -> impl Iterator<Item = (&'s Document, &'s Item, &Value)> + '_ {
        self.plain
            .iter()
            .filter(move |(_, item, _)| item.kind == kind)
    }

    /// The traced row of every recommendation, in the site's order.
    pub(crate) fn all_traced(&self) -> impl Iterator<Item = (&'s Document, &'s Item, &Value)> + '_ {
        self.traced.iter()
    }
}

type Rendered = (Vec<Value>, HashMap<String, (u64, tera::Value)>);

/// The rows of `items` (each with its place in the listing), each taken from `memo` when its
/// key (`key_of`: a hash of everything its view shows) is the one it was rendered under, else
/// rendered by `render`; with the memo of this run's rows, which replaces the last run's
/// (empty when `one_shot`: no run follows).
fn rows_of<'l, 's: 'l>(
    items: impl ParallelIterator<Item = (usize, &'l Listing<'s>)>,
    memo: &HashMap<String, (u64, Value)>,
    one_shot: bool,
    key_of: impl Fn(&Listing<'s>) -> u64 + Sync + Send,
    render: impl Fn(usize, &Listing<'s>) -> Result<Value, Diagnostic> + Sync + Send,
) -> Result<Rendered, Diagnostic> {
    if one_shot {
        // Nothing is rebuilt after this run: no keys to work out, no memo to fill.
        let rows = items
            .map(|(n, listing)| render(n, listing))
            .collect::<Result<_, Diagnostic>>()?;
        return Ok((rows, HashMap::new()));
    }
    let made: Vec<(String, u64, Value)> = items
        .map(|(n, listing)| {
            let hash = key_of(listing);
            let id = format!("{}#{}", listing.document.path, listing.item.id);
            let row = match memo.get(&id) {
                Some((stored, row)) if *stored == hash => row.clone(),
                _ => render(n, listing)?,
            };
            Ok((id, hash, row))
        })
        .collect::<Result<_, Diagnostic>>()?;
    let mut rows = Vec::with_capacity(made.len());
    let mut next = HashMap::with_capacity(made.len());
    for (id, hash, row) in made {
        rows.push(row.clone());
        next.insert(id, (hash, row));
    }
    Ok((rows, next))
}

/// The memo key of a recommendation's traced row: besides the memo's context (config,
/// vocabulary; the theme empties the memo) and its document's fingerprint, which are all a
/// plain row shows, what takes it up: each backlink with its source's title and
/// organisation and the title of the item or section it comes from (see `reference_view`).
fn traced_key(site: &Site, document: &Document, fingerprint: u64, item: &Item) -> u64 {
    let mut hasher = site.memo.hasher(fingerprint);
    for backlink in site.backlinks_to(&document.path, &item.id) {
        backlink.hash(&mut hasher);
        site.document(&backlink.from_doc)
            .map(|d| (&d.meta.title, &d.meta.organization))
            .hash(&mut hasher);
        site.anchor_title(&backlink.from_doc, &backlink.from_anchor)
            .hash(&mut hasher);
    }
    hasher.finish()
}

fn key(item: &Item) -> ItemKey {
    std::ptr::from_ref(item) as usize
}

fn render_row(theme: &Theme, row: Value) -> Result<Value, Diagnostic> {
    let mut context = Context::new();
    context.insert_value("item", row);
    theme
        .tera
        .render(ROW_TEMPLATE, &context)
        .map(|html| Value::safe_string(&html))
        .map_err(|error| {
            Diagnostic::error(format!(
                "template `{ROW_TEMPLATE}`: {}",
                error_chain(&error)
            ))
        })
}
