//! Where a commitment's traceability diagram has a page of its own, which both its document
//! page (the "referred to by" of a commitment that many things refer to) and the commitment
//! index (`indexes/commitments/trace_pages.rs`) must agree on without asking each other: the
//! document pages are rendered before the index pages.
//!
//! At 10,000 documents a strategy's document page was 668 kB, 2,574 "referred to by" entries
//! under its 23 commitments; each now shows its first [`BACKLINKS_SHOWN`] and links to the
//! diagram, which draws every one of them.

use crate::document::{Document, Item, ItemKind, slugify};

use super::views::Urls;

/// The most backlinks a commitment's metadata lists on its document page; a commitment with
/// more has its diagram on a page of its own, which draws them all.
pub const BACKLINKS_SHOWN: usize = 20;

/// Whether the commitment with `backlinks` backlinks has its diagram on its own page
/// whatever the diagram's size.
pub fn has_many_backlinks(item: &Item, backlinks: usize) -> bool {
    item.kind == ItemKind::Commitment && backlinks > BACKLINKS_SHOWN
}

/// The folder of a commitment's diagram under its strategy's: its id when that is a clean
/// slug (lowercase ASCII letters, digits, single hyphens), which no two items of a document
/// share; else the id's slug, `--` and the item's place in the document, which no clean slug
/// can be.
pub fn trace_segment(document: &Document, item: &Item) -> String {
    let slug = slugify(&item.id);
    if slug == item.id {
        return slug;
    }
    let place = document
        .items
        .iter()
        .position(|other| std::ptr::eq(other, item))
        .unwrap_or(0);
    format!("{slug}--{}", place + 1)
}

/// The URL of the diagram's page of `item`, a commitment of `document`.
pub fn trace_url(urls: &Urls<'_>, document: &Document, item: &Item) -> String {
    let folder = format!(
        "{}/{}",
        slugify(&document.path),
        trace_segment(document, item)
    );
    urls.section(&urls.config.paths.commitments, Some(&folder))
}
