//! The metadata under each item in a document page: permalink, status, topic and addressee
//! chips, the goals an activity serves, the commitment a quote quotes, and what refers to the
//! item. Written in Rust rather than a template because a large site has hundreds of
//! thousands of items and a template call per item would dominate the build; for the same
//! reason everything that is the same on every page (labels, chips) is worked out once per
//! build ([`MetaParts`]), and what a page looks up per item once per page ([`PageLinks`]).

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::OnceLock;

use crate::document::{Document, GoalStatus, Item, ItemKind};
use crate::html::{escape, escape_into, push_separated};
use crate::resolve::{Backlink, BacklinkKind, QuoteMatch, Site};

use super::Theme;
use super::views::{Chip, Urls};

/// The escaped labels and chips every page's item metadata shares.
pub struct MetaParts<'a> {
    permalink_to: String,
    /// By [`kind_slot`].
    kinds: [String; 5],
    /// By [`status_slot`].
    statuses: [String; 4],
    serves: String,
    item_goal: String,
    quotes_commitment: String,
    referred_to_by: String,
    backlink_link: String,
    backlink_implements: String,
    backlink_quote: String,
    /// "Implements", before what a goal or recommendation's `implements=` names.
    implements: String,
    /// Each topic's and actor's chip, with its leading space, by slug.
    topic_chips: HashMap<&'a str, String>,
    actor_chips: HashMap<&'a str, String>,
    /// By document index in the site, that document as the source of a backlink; made when
    /// first needed, since a preview rebuild renders few pages.
    sources: Vec<OnceLock<SourceLink<'a>>>,
}

/// How a backlink shows the document it comes from, escaped: its URL without the anchor,
/// and "organisation title"; and the titles of its anchors.
struct SourceLink<'a> {
    url: String,
    label: String,
    /// What [`Document::anchor_title`] looks through, in its order (items, then headings),
    /// side by side: looking it up there read every item's id from memory it had long left
    /// the cache, once per backlink, while here the lengths compared first are together.
    titles: Vec<(&'a str, &'a str)>,
}

impl<'a> SourceLink<'a> {
    fn new(document: &'a Document, urls: &Urls<'_>) -> Self {
        let mut url = String::new();
        urls.escape_doc_into(&mut url, &document.path);
        let mut label = String::new();
        if let Some(organization) = urls.organization_of(&document.meta.organization) {
            escape_into(&mut label, &organization.name);
            label.push(' ');
        }
        escape_into(&mut label, &document.meta.title);
        let items = document
            .items
            .iter()
            .map(|i| (i.id.as_str(), i.text.as_str()));
        let headings = document
            .toc
            .iter()
            .map(|t| (t.id.as_str(), t.title.as_str()));
        SourceLink {
            url,
            label,
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

fn kind_slot(kind: ItemKind) -> usize {
    match kind {
        ItemKind::Goal => 0,
        ItemKind::Activity => 1,
        ItemKind::Recommendation => 2,
        ItemKind::Commitment => 3,
        ItemKind::Quote => 4,
    }
}

fn status_slot(status: GoalStatus) -> usize {
    match status {
        GoalStatus::NotStarted => 0,
        GoalStatus::Ongoing => 1,
        GoalStatus::Done => 2,
        GoalStatus::Dropped => 3,
    }
}

impl<'a> MetaParts<'a> {
    pub fn new(site: &'a Site, theme: &Theme, urls: &Urls<'a>) -> Self {
        let kinds = [
            ItemKind::Goal,
            ItemKind::Activity,
            ItemKind::Recommendation,
            ItemKind::Commitment,
            ItemKind::Quote,
        ]
        .map(|kind| escape(theme.string(&format!("item_{}", kind.as_str()))));
        let statuses = GoalStatus::ALL.map(|(_, status)| escape(theme.string(status.label_key())));
        // The chips' URLs and labels are the ones every page's chips use, made once in `urls`.
        let chip_html = |(slug, chip): (&'a str, &Chip)| (slug, chip.html());
        let topic_chips = urls.topic_chips_by_slug().map(chip_html).collect();
        let actor_chips = urls.actor_chips_by_slug().map(chip_html).collect();
        MetaParts {
            permalink_to: escape(theme.string("permalink_to")),
            kinds,
            statuses,
            serves: escape(theme.string("serves")),
            item_goal: escape(theme.string("item_goal")),
            quotes_commitment: escape(theme.string("quotes_commitment")),
            referred_to_by: escape(theme.string("referred_to_by")),
            backlink_link: escape(theme.string("backlink_link")),
            backlink_implements: escape(theme.string("backlink_implements")),
            implements: escape(theme.string("implements")),
            backlink_quote: escape(theme.string("backlink_quote")),
            topic_chips,
            actor_chips,
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
    pub urls: &'p Urls<'p>,
    pub parts: &'p MetaParts<'s>,
    pub links: &'p PageLinks<'s>,
}

/// Appends the metadata of `item` of `document` to `html`.
pub fn write_item_meta(
    html: &mut String,
    document: &Document,
    item: &Item,
    cx: &MetaContext<'_, '_>,
) {
    let parts = cx.parts;
    html.push_str("<div class=\"item-meta\"><a class=\"permalink\" href=\"#");
    escape_into(html, &item.id);
    html.push_str("\" aria-label=\"");
    html.push_str(&parts.permalink_to);
    html.push(' ');
    html.push_str(&parts.kinds[kind_slot(item.kind)]);
    html.push(' ');
    escape_into(html, &item.id);
    html.push_str("\">#");
    escape_into(html, &item.id);
    html.push_str("</a>");
    if let Some(status) = item.status {
        html.push_str(" <span class=\"chip status status-");
        html.push_str(status.as_str());
        html.push_str("\">");
        html.push_str(&parts.statuses[status_slot(status)]);
        html.push_str("</span>");
        if let Some(note) = &item.status_note {
            html.push_str(" <span class=\"status-note\">");
            escape_into(html, note);
            html.push_str("</span>");
        }
    }
    for slug in &item.topics {
        if let Some(chip) = parts.topic_chips.get(slug.as_str()) {
            html.push_str(chip);
        }
    }
    for slug in &item.addressees {
        if let Some(chip) = parts.actor_chips.get(slug.as_str()) {
            html.push_str(chip);
        }
    }
    if item.kind == ItemKind::Activity && !item.serves.is_empty() {
        html.push_str(" <span class=\"serves\">");
        html.push_str(&parts.serves);
        html.push_str(": ");
        push_separated(html, &item.serves, ", ", |html, goal| {
            html.push_str("<a href=\"#");
            escape_into(html, goal);
            html.push_str("\">");
            html.push_str(&parts.item_goal);
            html.push(' ');
            if let Some(goal) = document.item(goal) {
                let _ = write!(html, "{}", goal.ordinal);
            }
            html.push_str("</a>");
        });
        html.push_str("</span>");
    }
    write_implements(html, item, cx);
    if item.kind == ItemKind::Quote
        && let Some(matched) = cx.links.quote(&item.id)
    {
        let title = cx
            .site
            .document(&matched.doc)
            .map_or(matched.doc.as_str(), |d| d.meta.title.as_str());
        html.push_str(" <span class=\"quotes\">");
        html.push_str(&parts.quotes_commitment);
        html.push_str(": ");
        push_separated(html, &matched.commitments, ", ", |html, commitment| {
            html.push_str("<a href=\"");
            cx.urls.escape_item_into(html, &matched.doc, commitment);
            html.push_str("\">");
            escape_into(html, title);
            html.push_str(" – ");
            escape_into(html, commitment);
            html.push_str("</a>");
        });
        html.push_str("</span>");
    }
    write_backlinks(html, cx.links.backlinks(&item.id), cx);
    html.push_str("</div>");
}

/// "Implements: <title> – <id>": what the item's `implements=` names, the other side of the
/// target's "implemented in" backlink.
fn write_implements(html: &mut String, item: &Item, cx: &MetaContext<'_, '_>) {
    if item.implements.is_empty() {
        return;
    }
    html.push_str(" <span class=\"implements\">");
    html.push_str(&cx.parts.implements);
    html.push_str(": ");
    push_separated(html, &item.implements, ", ", |html, target| {
        let anchor = target.anchor.as_deref().unwrap_or_default();
        html.push_str("<a href=\"");
        cx.urls.escape_item_into(html, &target.doc, anchor);
        html.push_str("\">");
        let title = cx
            .site
            .document(&target.doc)
            .map_or(target.doc.as_str(), |d| d.meta.title.as_str());
        escape_into(html, title);
        if !anchor.is_empty() {
            html.push_str(" – ");
            escape_into(html, anchor);
        }
        html.push_str("</a>");
    });
    html.push_str("</span>");
}

/// "Referred to by": links to every item or section in `backlinks`, nothing when empty.
pub fn write_backlinks(html: &mut String, backlinks: &[Backlink], cx: &MetaContext<'_, '_>) {
    if backlinks.is_empty() {
        return;
    }
    let parts = cx.parts;
    let _ = write!(
        html,
        "<details class=\"backlinks\"><summary>{} ({})</summary><ul>",
        parts.referred_to_by,
        backlinks.len()
    );
    for backlink in backlinks {
        let kind = match backlink.kind {
            BacklinkKind::Link => &parts.backlink_link,
            BacklinkKind::Implements => &parts.backlink_implements,
            BacklinkKind::Quote => &parts.backlink_quote,
        };
        html.push_str("<li><span class=\"backlink-kind\">");
        html.push_str(kind);
        html.push_str("</span> <a href=\"");
        let anchor = backlink.from_anchor.as_str();
        let source = cx
            .site
            .document_index(&backlink.from_doc)
            .and_then(|index| {
                let document = cx.site.documents.get(index)?;
                let link = parts.sources.get(index)?;
                Some(link.get_or_init(|| SourceLink::new(document, cx.urls)))
            });
        let what = match source {
            Some(link) => {
                html.push_str(&link.url);
                if !anchor.is_empty() {
                    html.push('#');
                    escape_into(html, anchor);
                }
                html.push_str("\">");
                html.push_str(&link.label);
                link.title(anchor)
            }
            None => {
                cx.urls.escape_item_into(html, &backlink.from_doc, anchor);
                html.push_str("\">");
                escape_into(html, &backlink.from_doc);
                None
            }
        };
        html.push_str("</a>");
        if let Some(what) = what.filter(|what| !what.is_empty()) {
            html.push_str(": ");
            escape_shortened_into(html, what, 120);
        }
        html.push_str("</li>");
    }
    html.push_str("</ul></details>");
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

/// [`shorten`], escaped onto `out`: a page writes one per backlink, and `shorten` copies
/// the text twice.
fn escape_shortened_into(out: &mut String, text: &str, chars: usize) {
    match nth_char_start(text, chars) {
        None => escape_into(out, text),
        Some(cut) => {
            escape_into(out, text[..cut].trim_end());
            out.push('…');
        }
    }
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
    fn shortening_cuts_at_characters_trims_and_escapes() {
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
                let mut out = String::from("»");
                escape_shortened_into(&mut out, text, chars);
                assert_eq!(out, format!("»{}", escape(&expected)), "{text:?} {chars}");
            }
        }
    }
}
