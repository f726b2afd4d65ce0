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
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::marker::PhantomData;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Item, ItemKind};
use crate::render::views::Urls;
use crate::render::{Theme, error_chain};
use crate::resolve::Site;

use super::item_view;
use super::recommendations::recommendation_view;

/// The row template; a site may override it like any other.
const ROW_TEMPLATE: &str = "index_item.html";

/// An item by its address, which is its own while the site is borrowed (`'s`): the index
/// pages look rows up a million times on a large site, and hashing the (document path, id)
/// strings was a good part of their time.
type ItemKey = usize;

type RowMap = HashMap<ItemKey, Value, BuildHasherDefault<AddressHasher>>;

pub(crate) struct Rows<'s> {
    /// The item with its source and chips: what the goal index and the topic pages show.
    plain: RowMap,
    /// A recommendation with what takes it up: what the recommendation index, the addressee
    /// pages and the commitment traces show.
    traced: RowMap,
    items: PhantomData<&'s Item>,
}

/// Hashes an address: distinct addresses of items hundreds of bytes apart, spread over the
/// hash's bits by a multiplication (Fibonacci hashing).
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        let mixed = (self.0 ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        self.0 = mixed ^ (mixed >> 32);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl<'s> Rows<'s> {
    /// Renders the rows of every item the index pages list.
    pub(crate) fn render(
        site: &'s Site,
        theme: &Theme,
        urls: &Urls<'_>,
    ) -> Result<Rows<'s>, Diagnostic> {
        let listed: Vec<(&'s Document, u64, &'s Item)> = site
            .documents
            .iter()
            .zip(&site.fingerprints)
            .flat_map(|(document, &fingerprint)| {
                document
                    .items
                    .iter()
                    .filter(|item| {
                        matches!(
                            item.kind,
                            ItemKind::Goal | ItemKind::Recommendation | ItemKind::Commitment
                        )
                    })
                    .map(move |item| (&**document, fingerprint, item))
            })
            .collect();
        let mut memo = std::mem::take(
            &mut *site
                .memo
                .rows
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let (plain, traced) = rayon::join(
            || {
                rows_of(
                    listed.par_iter().copied(),
                    &memo.plain,
                    site.memo.one_shot,
                    theme,
                    |_, fingerprint, _| site.memo.hasher(fingerprint).finish(),
                    |document, item| item_view(document, item, theme, urls),
                )
            },
            || {
                rows_of(
                    listed
                        .par_iter()
                        .copied()
                        .filter(|(_, _, item)| item.kind == ItemKind::Recommendation),
                    &memo.traced,
                    site.memo.one_shot,
                    theme,
                    |document, fingerprint, item| traced_key(site, document, fingerprint, item),
                    |document, item| recommendation_view(site, document, item, theme, urls),
                )
            },
        );
        let (plain, memo_plain) = plain?;
        let (traced, memo_traced) = traced?;
        if site.memo.one_shot {
            return Ok(Rows {
                plain,
                traced,
                items: PhantomData,
            });
        }
        memo.plain = memo_plain;
        memo.traced = memo_traced;
        *site
            .memo
            .rows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = memo;
        Ok(Rows {
            plain,
            traced,
            items: PhantomData,
        })
    }

    /// The item's row as the goal index and the topic pages show it.
    pub(crate) fn plain(&self, document: &Document, item: &Item) -> Value {
        lookup(&self.plain, document, item)
    }

    /// A recommendation's row with what takes it up.
    pub(crate) fn traced(&self, document: &Document, item: &Item) -> Value {
        lookup(&self.traced, document, item)
    }
}

type Rendered = (RowMap, HashMap<String, (u64, tera::Value)>);

/// The rows of `items`, each taken from `memo` when its key (`key_of`: a hash of everything
/// its view shows) is the one it was rendered under, else rendered from `view`; with the
/// memo of this run's rows, which replaces the last run's (empty when `one_shot`: no run follows).
fn rows_of<'s, V: Serialize>(
    items: impl ParallelIterator<Item = (&'s Document, u64, &'s Item)>,
    memo: &HashMap<String, (u64, Value)>,
    one_shot: bool,
    theme: &Theme,
    key_of: impl Fn(&Document, u64, &Item) -> u64 + Sync + Send,
    view: impl Fn(&Document, &Item) -> V + Sync + Send,
) -> Result<Rendered, Diagnostic> {
    if one_shot {
        // Nothing is rebuilt after this run: no keys to work out, no memo to fill.
        let rows = items
            .map(|(document, _, item)| Ok((key(item), render_row(theme, &view(document, item))?)))
            .collect::<Result<_, Diagnostic>>()?;
        return Ok((rows, HashMap::new()));
    }
    let made: Vec<(ItemKey, String, u64, Value)> = items
        .map(|(document, fingerprint, item)| {
            let hash = key_of(document, fingerprint, item);
            let id = format!("{}#{}", document.path, item.id);
            let row = match memo.get(&id) {
                Some((stored, row)) if *stored == hash => row.clone(),
                _ => render_row(theme, &view(document, item))?,
            };
            Ok((key(item), id, hash, row))
        })
        .collect::<Result<_, Diagnostic>>()?;
    let mut rows = RowMap::with_capacity_and_hasher(made.len(), Default::default());
    let mut next = HashMap::with_capacity(made.len());
    for (key, id, hash, row) in made {
        rows.insert(key, row.clone());
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

fn lookup(rows: &RowMap, document: &Document, item: &Item) -> Value {
    rows.get(&key(item))
        .cloned()
        // Every listed item was rendered above; an empty row would only hide a bug in a list,
        // so it is checked in debug builds.
        .unwrap_or_else(|| {
            debug_assert!(false, "no index row for {}#{}", document.path, item.id);
            Value::safe_string("")
        })
}

fn render_row(theme: &Theme, view: &impl Serialize) -> Result<Value, Diagnostic> {
    let mut context = Context::new();
    context.insert("item", view);
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

#[cfg(test)]
mod tests {
    use std::hash::{BuildHasher, BuildHasherDefault};

    use super::AddressHasher;

    #[test]
    fn nearby_addresses_spread_over_the_hash() {
        let build = BuildHasherDefault::<AddressHasher>::default();
        let hashes: std::collections::HashSet<u64> = (0..10_000usize)
            .map(|n| build.hash_one(0x7f00_0000_0000 + n * 248))
            .collect();
        assert_eq!(hashes.len(), 10_000);
        // hashbrown picks buckets with the low bits and tags with the top seven.
        let low: std::collections::HashSet<u64> = hashes.iter().map(|h| h & 0x3fff).collect();
        let top: std::collections::HashSet<u64> = hashes.iter().map(|h| h >> 57).collect();
        assert!(low.len() > 5_000, "{} low patterns", low.len());
        assert_eq!(top.len(), 128);
    }
}
