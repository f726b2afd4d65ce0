//! Index rows: the `index_item.html` row of every goal, recommendation and commitment,
//! rendered once per build and shared by every index page that lists the item.
//!
//! A goal appears on the goal index and its topic page, a recommendation on the
//! recommendation index twice (by addressee, by topic), on each addressee's page and on its
//! topic pages (the commitment traces draw it in their own diagram, `indexes/trace.rs`). Rendering the row template at each appearance made the
//! index pages most of the build's work; here each row is rendered once (in parallel, still
//! through Tera, so a site's own `index_item.html` overrides the theme's), and the pages get
//! the rows as safe strings to concatenate. A [`Value`] string is reference-counted, so a row
//! shared by ten pages is stored once.
//!
//! Rows are also kept across runs in the index producers' memo ([`super::IndexMemo`]), a document's
//! rows together under a key of what they show, like a document page's
//! (`render::pages::page_key`): a plain row shows only its own document (its fingerprint)
//! and the config, vocabulary and theme (the memo's context; a theme change empties the
//! memo); a traced row also what takes the recommendation up ([`traced_key`]). So a save
//! re-renders the rows of the saved document and the traced rows of the documents whose
//! recommendations it took up or let go. Kept by document rather than by item, a save looks
//! up 10,000 keys rather than 200,000, and makes no item's id string to look it up by:
//! per item, the look-ups were ~400 ms of CPU per save at 10,000 documents.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Item, ItemKind};
use crate::render::views::Urls;
use crate::render::{Theme, error_chain};
use crate::resolve::Site;

use super::row_view::{RowParts, ShowAll, with_taken_up_by};
use super::{Reference, reference_view};
use crate::render::trace_link::BACKLINKS_SHOWN;
use crate::resolve::Backlink;

/// The row template; a site may override it like any other.
const ROW_TEMPLATE: &str = "index_item.html";

/// The kinds of item the index pages list, the only ones with rows: each row is a render
/// of the template per item on a cold build, so a kind is here only when a page lists it.
/// An index page of another kind (activities, quotes) adds it here first.
pub(crate) const LISTED_KINDS: [ItemKind; 3] = [
    ItemKind::Goal,
    ItemKind::Recommendation,
    ItemKind::Commitment,
];

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
    /// A recommendation with what takes it up: what the recommendation index and the
    /// addressee pages show.
    traced: Listed<'s>,
}

impl<'s> Rows<'s> {
    /// Renders the rows of every item the index pages list.
    pub(crate) fn render(
        site: &'s Site,
        theme: &Theme,
        urls: &Urls<'_>,
        memo: &super::IndexMemo,
    ) -> Result<Rows<'s>, Diagnostic> {
        let parts = RowParts::new(site, theme, urls);
        let parts = &parts;
        let made: Vec<(Vec<Listing<'s>>, DocumentRows)> = site
            .documents
            .par_iter()
            .zip(site.fingerprints.par_iter())
            .enumerate()
            .map(|(position, (document, &fingerprint))| {
                let listed: Vec<Listing<'s>> = document
                    .items
                    .iter()
                    .filter(|item| LISTED_KINDS.contains(&item.kind))
                    .map(|item| Listing {
                        document,
                        position,
                        fingerprint,
                        item,
                    })
                    .collect();
                let rows = document_rows(site, theme, urls, parts, memo, &listed)?;
                Ok((listed, rows))
            })
            .collect::<Result<_, Diagnostic>>()?;
        let listed_count = made.iter().map(|(listed, _)| listed.len()).sum();
        let mut plain = Listed {
            items: Vec::with_capacity(listed_count),
            rows: Vec::with_capacity(listed_count),
        };
        let mut traced = Listed {
            items: Vec::new(),
            rows: Vec::new(),
        };
        for (listed, rows) in &made {
            plain.items.extend(
                listed
                    .iter()
                    .map(|listing| (listing.document, listing.item)),
            );
            plain.rows.extend(rows.plain.iter().cloned());
            traced.items.extend(
                listed
                    .iter()
                    .filter(|listing| listing.item.kind == ItemKind::Recommendation)
                    .map(|listing| (listing.document, listing.item)),
            );
            traced.rows.extend(rows.traced.iter().cloned());
        }
        Ok(Rows { plain, traced })
    }

    /// The plain row of every listed item, in the site's order.
    pub(crate) fn all_plain(&self) -> impl Iterator<Item = (&'s Document, &'s Item, &Value)> + '_ {
        self.plain.iter()
    }

    /// The plain rows of every item of `kind`, in the site's order: none for a kind not in
    /// [`LISTED_KINDS`], which a test build refuses rather than list an empty page.
    pub(crate) fn plain_of_kind(
        &self,
        kind: ItemKind,
    ) -> impl Iterator<Item = (&'s Document, &'s Item, &Value)> + '_ {
        debug_assert!(LISTED_KINDS.contains(&kind), "{kind:?} has no index rows");
        self.plain
            .iter()
            .filter(move |(_, item, _)| item.kind == kind)
    }

    /// The traced row of every recommendation, in the site's order.
    pub(crate) fn all_traced(&self) -> impl Iterator<Item = (&'s Document, &'s Item, &Value)> + '_ {
        self.traced.iter()
    }
}

/// One document's rows: the plain row of each item it lists, and the traced row of each
/// recommendation, in document order.
struct DocumentRows {
    plain: Vec<Value>,
    traced: Vec<Value>,
}

/// The rows of the items `listed` of one document, from the memo when their keys are those
/// they were rendered under. A document's plain rows show the document alone (its
/// fingerprint) and its traced rows also what takes its recommendations up
/// ([`traced_key`]), so each set is kept under its own key: a save that changes what takes
/// a recommendation up renders that document's traced rows again, not its plain ones.
fn document_rows(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    parts: &RowParts<'_>,
    memo: &super::IndexMemo,
    listed: &[Listing<'_>],
) -> Result<DocumentRows, Diagnostic> {
    let Some(first) = listed.first() else {
        return Ok(DocumentRows {
            plain: Vec::new(),
            traced: Vec::new(),
        });
    };
    let (document, fingerprint) = (first.document, first.fingerprint);
    let plain = memo.plain_rows.get_or_make(
        &document.path,
        || memo.keys.hasher(fingerprint).finish(),
        || {
            listed
                .iter()
                .map(|listing| render_row(theme, parts.row(listing.position, listing.item)))
                .collect::<Result<Vec<_>, _>>()
        },
    )?;
    let recommendations = || {
        listed
            .iter()
            .zip(plain.iter())
            .filter(|(listing, _)| listing.item.kind == ItemKind::Recommendation)
    };
    // A traced row differs from the plain row only in what takes the recommendation up,
    // and most recommendations are taken up by nothing: their traced row is the plain one
    // (the template shows nothing for an empty list), shared rather than rendered again.
    let traced = memo.traced_rows.get_or_make(
        &document.path,
        || {
            let mut hasher = memo.keys.hasher(fingerprint);
            for (listing, _) in recommendations() {
                traced_key(site, document, listing.item, &mut hasher);
            }
            hasher.finish()
        },
        || {
            recommendations()
                .map(|(listing, plain)| {
                    let backlinks = site.backlinks_to(&document.path, &listing.item.id);
                    if backlinks.is_empty() {
                        return Ok(plain.clone());
                    }
                    let (shown, all) = taken_up_shown(document, listing.item, backlinks, urls);
                    let taken_up_by: Vec<Reference> = shown
                        .iter()
                        .map(|b| reference_view(site, b, theme, urls))
                        .collect();
                    let row = parts.row(listing.position, listing.item);
                    render_row(theme, with_taken_up_by(row, &taken_up_by, all.as_ref()))
                })
                .collect::<Result<Vec<_>, _>>()
        },
    )?;
    Ok(DocumentRows {
        plain: Vec::clone(&plain),
        traced: Vec::clone(&traced),
    })
}

/// The first of what takes a recommendation up, as many as a row shows, and where the whole
/// list is when that is not all: the recommendation's "referred to by" on its document page.
/// A recommendation of the 10,000-document benchmark is taken up by 74 goals and links, each
/// listed on every index page that shows its row.
pub(super) fn taken_up_shown<'b>(
    document: &Document,
    item: &Item,
    backlinks: &'b [Backlink],
    urls: &Urls<'_>,
) -> (&'b [Backlink], Option<ShowAll>) {
    if backlinks.len() <= BACKLINKS_SHOWN {
        return (backlinks, None);
    }
    let all = ShowAll {
        count: backlinks.len(),
        url: Urls::in_page(&urls.doc(&document.path), &item.id),
    };
    (&backlinks[..BACKLINKS_SHOWN], Some(all))
}

/// Feeds `hasher` with what a recommendation's traced row shows beyond its plain row (its
/// document's fingerprint, and the memo's context: config, vocabulary; the theme empties the
/// memo): what takes it up, each backlink with its source's title and organisation and the
/// title of the item or section it comes from (see `reference_view`).
fn traced_key(site: &Site, document: &Document, item: &Item, hasher: &mut impl Hasher) {
    let backlinks = site.backlinks_to(&document.path, &item.id);
    backlinks.len().hash(hasher);
    for backlink in backlinks {
        backlink.hash(hasher);
        site.document(&backlink.from_doc)
            .map(|d| (&d.meta.title, &d.meta.organization))
            .hash(hasher);
        site.anchor_title(&backlink.from_doc, &backlink.from_anchor)
            .hash(hasher);
    }
}

fn render_row(theme: &Theme, row: Value) -> Result<Value, Diagnostic> {
    let mut context = Context::new();
    context.insert_value("item", row);
    theme
        .tera
        .render(ROW_TEMPLATE, &context)
        .map(|html| Value::safe_string(&html))
        .map_err(|error| {
            Diagnostic::err(crate::text!(
                "E091",
                template = ROW_TEMPLATE,
                error = error_chain(&error)
            ))
        })
}
