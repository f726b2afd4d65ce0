//! The metadata under each item in a document page: permalink, status, topic and addressee
//! chips, the goals an activity serves, the commitment a quote quotes, and what refers to the
//! item; laid out by the theme's `item_meta.html` (and its `backlinks.html`, which the
//! document's own "referred to by" uses too), which a site's `templates/` may override.
//!
//! A large site has hundreds of thousands of items, so what an item's view shares with
//! others is made once: each topic's and actor's chip and each label per build
//! ([`MetaParts`], as template values whose maps are reference-counted), what a page looks up
//! per item once per page ([`PageLinks`]), and each document as the source of a backlink once.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Item, ItemKind};
use crate::resolve::{Backlink, BacklinkKind, QuoteMatch, Site};

use super::views::Urls;
use super::{Theme, error_chain};

const META_TEMPLATE: &str = "item_meta.html";
const BACKLINKS_TEMPLATE: &str = "backlinks.html";

/// What every page's item metadata shares.
pub struct MetaParts<'a> {
    /// Each topic's and actor's chip, by slug.
    topic_chips: HashMap<&'a str, Value>,
    actor_chips: HashMap<&'a str, Value>,
    /// By document index in the site, that document as the source of a backlink; made when
    /// first needed, since a preview rebuild renders few pages.
    sources: Vec<OnceLock<SourceLink<'a>>>,
}

/// How a backlink shows the document it comes from: its URL without the anchor, its
/// organisation's name and its title; and the titles of its anchors.
struct SourceLink<'a> {
    url: String,
    organization: String,
    title: &'a str,
    /// What [`Document::anchor_title`] looks through, in its order (items, then headings),
    /// side by side: looking it up there read every item's id from memory it had long left
    /// the cache, once per backlink, while here the lengths compared first are together.
    titles: Vec<(&'a str, &'a str)>,
}

impl<'a> SourceLink<'a> {
    fn new(document: &'a Document, urls: &Urls<'_>) -> Self {
        let items = document
            .items
            .iter()
            .map(|i| (i.id.as_str(), i.text.as_str()));
        let headings = document
            .toc
            .iter()
            .map(|t| (t.id.as_str(), t.title.as_str()));
        SourceLink {
            url: urls.doc(&document.path),
            organization: urls
                .organization_of(&document.meta.organization)
                .map_or_else(String::new, |o| o.name.clone()),
            title: &document.meta.title,
            titles: items.chain(headings).collect(),
        }
    }

    /// [`Document::anchor_title`] of the source document.
    fn title(&self, anchor: &str) -> Option<&'a str> {
        self.titles
            .iter()
            .find(|(id, _)| *id == anchor)
            .map(|(_, title)| *title)
    }
}

impl<'a> MetaParts<'a> {
    pub fn new(site: &'a Site, urls: &Urls<'a>) -> Self {
        let chip = |(slug, chip)| (slug, Value::from_serializable(chip));
        MetaParts {
            topic_chips: urls.topic_chips_by_slug().map(chip).collect(),
            actor_chips: urls.actor_chips_by_slug().map(chip).collect(),
            sources: site.documents.iter().map(|_| OnceLock::new()).collect(),
        }
    }
}

/// What points into one document and what its quotes match, by anchor and quote id: the
/// site keys both by (document, anchor) strings, so a lookup per item built two strings.
pub struct PageLinks<'s> {
    /// Sorted by anchor, as the site's map is.
    backlinks: Vec<(&'s str, &'s [Backlink])>,
    /// Sorted by quote id.
    quotes: Vec<(&'s str, &'s QuoteMatch)>,
}

impl<'s> PageLinks<'s> {
    pub fn new(site: &'s Site, document: &'s Document) -> Self {
        PageLinks {
            backlinks: site.backlinks_into(&document.path).collect(),
            quotes: site.quote_matches_from(&document.path).collect(),
        }
    }

    /// How many backlinks point into the document, at its items or at itself.
    pub fn backlink_count(&self) -> usize {
        self.backlinks.iter().map(|(_, list)| list.len()).sum()
    }

    /// What points at `anchor` ("" for the document itself).
    pub fn backlinks(&self, anchor: &str) -> &'s [Backlink] {
        self.backlinks
            .binary_search_by(|(a, _)| (*a).cmp(anchor))
            .map_or(&[], |at| self.backlinks[at].1)
    }

    fn quote(&self, id: &str) -> Option<&'s QuoteMatch> {
        self.quotes
            .binary_search_by(|(q, _)| (*q).cmp(id))
            .ok()
            .map(|at| self.quotes[at].1)
    }
}

/// What writing one page's item metadata needs.
pub struct MetaContext<'p, 's> {
    pub site: &'s Site,
    pub theme: &'p Theme,
    pub urls: &'p Urls<'p>,
    pub parts: &'p MetaParts<'s>,
    pub links: &'p PageLinks<'s>,
}

/// An item as `item_meta.html` shows it; the chips are template values made once, which
/// serde hands over as they are (reference-counted).
#[derive(Serialize)]
struct ItemMetaView<'a> {
    id: &'a str,
    kind: &'static str,
    kind_label: &'a str,
    /// `not-started`, `ongoing`, `done` or `dropped`; none when not followed up.
    status: Option<&'static str>,
    status_label: Option<&'a str>,
    /// None when empty.
    status_note: Option<&'a str>,
    topics: Vec<&'a Value>,
    addressees: Vec<&'a Value>,
    /// The goals an activity serves, in the document.
    serves: Vec<GoalRef<'a>>,
    /// The commitments a quote quotes.
    quotes: Vec<QuotedCommitment<'a>>,
    /// What the item's `implements=` names: the other side of the target's "implemented in".
    implements: Vec<QuotedCommitment<'a>>,
}

#[derive(Serialize)]
struct GoalRef<'a> {
    id: &'a str,
    /// None when the document has no such goal.
    ordinal: Option<usize>,
}

#[derive(Serialize)]
struct QuotedCommitment<'a> {
    url: String,
    /// The quoted document's title.
    doc: &'a str,
    id: &'a str,
}

/// One thing that refers to an item or a document, as `backlinks.html` shows it.
#[derive(Serialize)]
struct BacklinkView<'a> {
    /// `link`, `implements` or `quote`.
    kind: &'static str,
    kind_label: &'a str,
    url: String,
    /// The source's organisation, or "".
    organization: &'a str,
    /// The source document's title (its path when it is not in the site).
    doc: &'a str,
    /// The source item's text or section's title, shortened; "" when none.
    text: String,
}

/// Renders the metadata of `item` of `document` onto `html`.
pub fn write_item_meta<'p>(
    html: &mut Vec<u8>,
    document: &'p Document,
    item: &'p Item,
    cx: &'p MetaContext<'p, '_>,
) -> Result<(), Diagnostic> {
    let theme = cx.theme;
    let chips = |slugs: &[String], chips: &'p HashMap<&str, Value>| -> Vec<&'p Value> {
        slugs
            .iter()
            .filter_map(|slug| chips.get(slug.as_str()))
            .collect()
    };
    let serves: Vec<GoalRef<'_>> = if item.kind == ItemKind::Activity {
        item.serves
            .iter()
            .map(|goal| GoalRef {
                id: goal,
                ordinal: document.item(goal).map(|goal| goal.ordinal),
            })
            .collect()
    } else {
        Vec::new()
    };
    let quotes: Vec<QuotedCommitment<'_>> = match cx.links.quote(&item.id) {
        Some(matched) if item.kind == ItemKind::Quote => {
            let doc = cx
                .site
                .document(&matched.doc)
                .map_or(matched.doc.as_str(), |d| d.meta.title.as_str());
            matched
                .commitments
                .iter()
                .map(|commitment| QuotedCommitment {
                    url: cx.urls.item(&matched.doc, commitment),
                    doc,
                    id: commitment,
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let implements = item
        .implements
        .iter()
        .map(|target| {
            let anchor = target.anchor.as_deref().unwrap_or_default();
            QuotedCommitment {
                url: cx.urls.item(&target.doc, anchor),
                doc: cx
                    .site
                    .document(&target.doc)
                    .map_or(target.doc.as_str(), |d| d.meta.title.as_str()),
                id: anchor,
            }
        })
        .collect();
    let view = ItemMetaView {
        id: &item.id,
        kind: item.kind.as_str(),
        kind_label: theme.string(kind_key(item.kind)),
        status: item.status.map(|status| status.as_str()),
        status_label: item.status.map(|status| theme.string(status.label_key())),
        status_note: item.status_note.as_deref().filter(|note| !note.is_empty()),
        topics: chips(&item.topics, &cx.parts.topic_chips),
        addressees: chips(&item.addressees, &cx.parts.actor_chips),
        serves,
        quotes,
        implements,
    };
    let backlinks = cx.links.backlinks(&item.id);
    let mut context = Context::new();
    context.insert_value("item", Value::from_serializable(&view));
    context.insert_value("backlinks", list_value(&backlink_views(backlinks, cx)));
    render_into(theme, META_TEMPLATE, &context, html)
}

/// Renders what refers to the document itself (`backlinks.html`; nothing when nothing does).
pub fn render_backlinks(
    backlinks: &[Backlink],
    cx: &MetaContext<'_, '_>,
) -> Result<String, Diagnostic> {
    let mut context = Context::new();
    context.insert_value("backlinks", list_value(&backlink_views(backlinks, cx)));
    let mut html = Vec::new();
    render_into(cx.theme, BACKLINKS_TEMPLATE, &context, &mut html)?;
    String::from_utf8(html)
        .map_err(|_| Diagnostic::err(crate::text!("E092", template = BACKLINKS_TEMPLATE)))
}

fn render_into(
    theme: &Theme,
    template: &str,
    context: &Context,
    html: &mut Vec<u8>,
) -> Result<(), Diagnostic> {
    theme
        .tera
        .render_to(template, context, html)
        .map_err(|error| {
            Diagnostic::err(crate::text!(
                "E091",
                template = template,
                error = error_chain(&error)
            ))
        })
}

/// A list for a template: most items' lists are empty, and an empty one needs no serde.
fn list_value<T: Serialize>(list: &[T]) -> Value {
    if list.is_empty() {
        Value::from(Vec::<Value>::new())
    } else {
        Value::from_serializable(list)
    }
}

fn kind_key(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Goal => "item_goal",
        ItemKind::Activity => "item_activity",
        ItemKind::Recommendation => "item_recommendation",
        ItemKind::Commitment => "item_commitment",
        ItemKind::Quote => "item_quote",
    }
}

fn backlink_views<'x, 's: 'x>(
    backlinks: &'x [Backlink],
    cx: &'x MetaContext<'_, 's>,
) -> Vec<BacklinkView<'x>> {
    backlinks
        .iter()
        .map(|backlink| {
            let (kind, key) = match backlink.kind {
                BacklinkKind::Link => ("link", "backlink_link"),
                BacklinkKind::Implements => ("implements", "backlink_implements"),
                BacklinkKind::Quote => ("quote", "backlink_quote"),
            };
            let anchor = backlink.from_anchor.as_str();
            let source = cx
                .site
                .document_index(&backlink.from_doc)
                .and_then(|index| {
                    let document = cx.site.documents.get(index)?;
                    let link = cx.parts.sources.get(index)?;
                    Some(link.get_or_init(|| SourceLink::new(document, cx.urls)))
                });
            let (url, organization, doc, text) = match source {
                Some(link) => (
                    Urls::in_page(&link.url, anchor),
                    link.organization.as_str(),
                    link.title,
                    link.title(anchor)
                        .map_or_else(String::new, |text| shorten(text, 120)),
                ),
                None => (
                    cx.urls.item(&backlink.from_doc, anchor),
                    "",
                    backlink.from_doc.as_str(),
                    String::new(),
                ),
            };
            BacklinkView {
                kind,
                kind_label: cx.theme.string(key),
                url,
                organization,
                doc,
                text,
            }
        })
        .collect()
}

/// `text` cut to its first `chars` characters, trimmed and marked with an ellipsis when cut.
pub fn shorten(text: &str, chars: usize) -> String {
    match shortened_prefix(text, chars) {
        None => text.to_string(),
        Some(kept) => format!("{kept}…"),
    }
}

/// What [`shorten`] keeps of `text` before its ellipsis, or `None` when it keeps all of it:
/// for writers that put the pieces straight into a buffer (the search index's snippets).
pub fn shortened_prefix(text: &str, chars: usize) -> Option<&str> {
    let cut = nth_char_start(text, chars)?;
    text.get(..cut).map(str::trim_end)
}

/// Where character `n` (from 0) of `text` starts, if it has that many: `char_indices().nth(n)`
/// without decoding every character. Only the first `n` characters are looked at, since a
/// document's whole text is cut too; they are counted 16 bytes at a time (every byte but a
/// UTF-8 continuation byte starts one), which compiles to vector compares: the search
/// index's snippets alone cut tens of thousands of texts at 160 characters.
fn nth_char_start(text: &str, n: usize) -> Option<usize> {
    // A text of at most `n` bytes has at most `n` characters.
    if text.len() <= n {
        return None;
    }
    let starts_char = |byte: u8| (byte as i8) >= -0x40;
    let bytes = text.as_bytes();
    let mut started = 0;
    let mut at = 0;
    for block in bytes.as_chunks::<16>().0 {
        let starts = block.iter().filter(|&&byte| starts_char(byte)).count();
        if started + starts > n {
            break;
        }
        started += starts;
        at += 16;
    }
    for (offset, &byte) in bytes.get(at..)?.iter().enumerate() {
        if starts_char(byte) {
            if started == n {
                return Some(at + offset);
            }
            started += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first way `shorten` was written, which the pages' bytes were made with.
    fn shorten_by_collecting(text: &str, chars: usize) -> String {
        if text.char_indices().nth(chars).is_none() {
            return text.to_string();
        }
        let cut: String = text.chars().take(chars).collect();
        format!("{}…", cut.trim_end())
    }

    #[test]
    fn shortening_cuts_at_characters_and_trims() {
        let texts = [
            "",
            "kort",
            "exakt tio!",
            "elva tecken",
            "åäö åäö åäö åäö",
            "ord med    mellanrum   på slutet",
            "<b>&\"fet\"</b> & 'citat' åäö",
            "tio tecken           ",
            "åäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäö",
            "ett längre stycke med både å, ä och ö och 😀 som ska kortas av någonstans här",
        ];
        for text in texts {
            for n in 0..text.chars().count() + 2 {
                let expected = text.char_indices().nth(n).map(|(at, _)| at);
                assert_eq!(nth_char_start(text, n), expected, "{text:?} {n}");
            }
            for chars in [0, 1, 4, 9, 10, 11, 12, 15, 16, 17, 30, 31, 32, 33, 40, 80] {
                let expected = shorten_by_collecting(text, chars);
                assert_eq!(shorten(text, chars), expected, "{text:?} {chars}");
            }
        }
    }
}
