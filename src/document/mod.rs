//! The document model the parse stage produces and every later stage reads: a [`Document`]
//! with its [`Item`]s (goals, activities, recommendations, commitments, quotes, outcomes),
//! its headings, its outgoing links and motion references. Its [`Body`], the HTML the parse
//! stage rendered with slots where the render stage places each item's chips and backlinks
//! ([`BodySegment`]), is kept beside the document, not in it.

use serde::Serialize;

mod kinds;
mod links;

pub use kinds::{DocStatus, GoalStatus, ItemKind};
pub use links::{
    InternalLink, LinkKind, LinkTarget, LinkTextSpan, LostMarking, TextPlace, parse_link_target,
};

/// A document this one declares it implements (`implements = ["…"]`), with its position for
/// the diagnostic if it does not exist.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImplementsRef {
    pub target: String,
    #[serde(skip)]
    pub offset: usize,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct DocumentMeta {
    pub title: String,
    pub subtitle: Option<String>,
    pub kind: String,
    pub organization: String,
    pub period: String,
    /// ISO date, `YYYY-MM-DD`.
    pub date: Option<String>,
    pub status: DocStatus,
    pub topics: Vec<String>,
    pub implements: Vec<ImplementsRef>,
    pub draft: bool,
    /// An annual report's plan, as written (`@/solna/verksamhetsplan-2023.md`).
    pub reports_on: Option<ImplementsRef>,
}

/// How a recommendation's addressees were decided, which `check --explain addressees` shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase", tag = "by")]
pub enum AddresseeSource {
    /// `to=` on the recommendation itself.
    Item,
    /// `to=` on the attribute line of its list, at this line.
    List { line: usize },
    /// `to=` on the heading of its section, at this line.
    Section { line: usize },
    /// These words, before a sentence's `att`/`bör`/… ("Vi uppmanar distriktsstyrelsen att").
    Lead { words: Vec<String> },
    /// No sentence names an addressee before its verb: these words, anywhere in the text.
    Text { words: Vec<String> },
    /// Nothing named an addressee.
    #[default]
    Nothing,
}

/// One goal, activity, recommendation, commitment or quote, with its stable id.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub kind: ItemKind,
    /// 1-based position among the items of its kind in its section, as the printed lists number them.
    pub ordinal: usize,
    /// The item's content as HTML (no wrapping element) and as plain text.
    pub html: String,
    pub text: String,
    pub section_id: String,
    pub section_title: String,
    pub topics: Vec<String>,
    /// How many of `topics`, at their start, come from the item's sections, which show them
    /// at their headings: the item's own metadata leaves those out.
    #[serde(skip)]
    pub inherited_topics: usize,
    pub status: Option<GoalStatus>,
    /// A note on the goal's follow-up, from the plan's follow-up file.
    pub status_note: Option<String>,
    pub period: Option<String>,
    /// Actor slugs, for recommendations.
    pub addressees: Vec<String>,
    /// How `addressees` was decided, for `check --explain addressees`.
    #[serde(skip)]
    pub addressed_by: AddresseeSource,
    /// Goal ids, for activities.
    pub serves: Vec<String>,
    /// Links (as written) to what this item takes up, for goals and recommendations.
    pub implements: Vec<LinkTarget>,
    /// For a goal: the goal of an earlier plan it carries on (`continues="@/…#id"`).
    pub continues: Option<LinkTarget>,
    /// Line in the source file, for diagnostics and the open-data export.
    pub line: usize,
}

/// A motion reference such as `(E2:1)` or `(PS svar till E31)` found in the text.
#[derive(Debug, Clone, Serialize)]
pub struct MotionRef {
    /// The motion, `E2`.
    pub motion: String,
    /// The reference as printed, `E2:1` or `PS svar till E31`.
    pub label: String,
    /// The anchor of the reference itself in the document page.
    pub anchor: String,
    /// The amended passage: its index in [`Document::passages`]. References point at their
    /// passage rather than copy it: 4,000 references in one 39 KB paragraph were 160 MB of
    /// copies, and as much again in each export.
    pub passage: usize,
}

/// A passage that motion references amended: the paragraph, item or heading they are
/// written in, once however many references it holds.
#[derive(Debug, Clone, Serialize)]
pub struct Passage {
    /// The item or section the passage belongs to.
    pub anchor: String,
    /// The passage's text, for the motions index and the data export; empty if the
    /// references stand where no block closes (a table cell).
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
    /// Where the heading's text starts in [`Document::plain_text`] (a space before it
    /// included): a title may also stand in the text before, as a list's line.
    #[serde(skip)]
    pub text_at: usize,
}

/// The body, cut where the render stage inserts each item's metadata (chips, permalink,
/// backlinks), which are only known once every document is resolved.
#[derive(Debug, Clone)]
pub enum BodySegment {
    Html(String),
    ItemMeta(usize),
    /// The text of a `[[target]]` link written without its own: the title of what it points
    /// at (the document's, or the item's or heading's), which only the resolved site knows;
    /// `fallback` is the target as written, escaped, for a target that has no title.
    LinkTitle {
        target: LinkTarget,
        fallback: String,
    },
}

/// A document's body as its page shows it. It is not part of the [`Document`]: the pipeline
/// hands it to the document's page alone, and a one-shot build drops it once the page is
/// written. At 10,000 documents the bodies are ~115 MB, which the build otherwise held
/// through the exports and the search index, its peak of memory, long after the document
/// pages were done.
pub type Body = std::sync::Arc<Vec<BodySegment>>;

#[derive(Debug, Clone)]
pub struct Document {
    /// Path under `content/` without `.md`: `solna/verksamhetsplan-2023`.
    pub path: String,
    pub source_path: std::path::PathBuf,
    /// The file itself, read again for the source line of an error found after parsing.
    pub file: std::path::PathBuf,
    pub meta: DocumentMeta,
    pub toc: Vec<TocEntry>,
    pub items: Vec<Item>,
    /// Every id in the page (headings, items, numbered paragraphs, motion references).
    pub anchors: std::collections::BTreeSet<String>,
    pub links: Vec<InternalLink>,
    /// Links to other hosts (`http:`, `https:`, `//`): the byte offset in the file and the
    /// URL, for `planpress check --list-external`.
    pub external_links: Vec<(usize, String)>,
    /// Markup meant to mark items that was not read, for the messages of ids it would have made.
    pub lost_markings: Vec<LostMarking>,
    pub motion_refs: Vec<MotionRef>,
    /// The passages the motion references amended, each once.
    pub passages: Vec<Passage>,
    /// The body's text without markup, for search.
    pub plain_text: String,
    /// Numbered paragraphs (`§N`): number, anchor and text, for search and the data export.
    pub paragraphs: Vec<NumberedParagraph>,
    /// When the plan's goals were last followed up (the follow-up file's `updated`).
    pub followup_date: Option<String>,
    /// An annual report's outcome items: the goal of the reported plan each names.
    pub outcomes: Vec<Outcome>,
    /// The targets of its `[[target]]` links written without text, which its page names by
    /// their titles ([`BodySegment::LinkTitle`]).
    pub titled_links: Vec<LinkTarget>,
    /// Where their texts as written (the targets) lie in the running text and the items' and
    /// numbered paragraphs' texts, by place and then in order: the resolve stage writes the
    /// titles over them.
    pub titled_link_spans: Vec<LinkTextSpan>,
    /// The places of [`Self::items`] and of [`Self::toc`] ordered by id, the first of an id
    /// first ([`places_by_id`]): [`Self::item`] and [`Self::anchor_title`] find an id by
    /// halving, where walking the list once per link was links × items (a document of 20,000
    /// goals linked 40,000 times spent 2 of its 4 s of CPU comparing ids; of 20,000 headings,
    /// 80 % of its build).
    pub items_by_id: Vec<u32>,
    pub toc_by_id: Vec<u32>,
}

/// The places of `entries` ordered by their `id`, places of one id in order: what
/// [`Document::item`] and [`Document::anchor_title`] halve over.
pub fn places_by_id<T>(entries: &[T], id: impl Fn(&T) -> &String) -> Vec<u32> {
    let mut places: Vec<u32> = (0..entries.len())
        .filter_map(|place| u32::try_from(place).ok())
        .collect();
    places.sort_by(|&a, &b| {
        let id = |place: u32| {
            entries
                .get(place as usize)
                .map_or("", |entry| id(entry).as_str())
        };
        id(a).cmp(id(b)).then(a.cmp(&b))
    });
    places
}

/// The first entry of `entries` whose id is `wanted`, by halving over `places`
/// ([`places_by_id`] of `entries`).
fn find_by_id<'e, T>(
    entries: &'e [T],
    places: &[u32],
    wanted: &str,
    id: impl Fn(&T) -> &String,
) -> Option<&'e T> {
    place_by_id(entries, places, wanted, &id).and_then(|place| entries.get(place))
}

/// The place in `entries` of the first entry whose id is `wanted`, as [`find_by_id`].
fn place_by_id<T>(
    entries: &[T],
    places: &[u32],
    wanted: &str,
    id: impl Fn(&T) -> &String,
) -> Option<usize> {
    let entry_at = |place: &u32| entries.get(*place as usize);
    let first = places
        .partition_point(|place| entry_at(place).is_some_and(|entry| id(entry).as_str() < wanted));
    places
        .get(first)
        .filter(|&place| entry_at(place).is_some_and(|entry| id(entry) == wanted))
        .map(|&place| place as usize)
}

/// An outcome item's `goal=`: which goal of the plan in `reports_on` it reports on. Its
/// status is the item's own, its text the goal's follow-up note.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The outcome item's index in [`Document::items`].
    pub item: usize,
    /// The goal's id in the plan.
    pub goal: String,
    /// Byte range of `goal="…"`'s value in the file, for diagnostics.
    pub span: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NumberedParagraph {
    pub number: u32,
    pub anchor: String,
    pub text: String,
    /// The number opens a marked item, whose text is the paragraph's: search finds the
    /// item by its words and the paragraph only by its number, so neither is listed twice.
    #[serde(skip_serializing)]
    pub in_item: bool,
}

impl Document {
    /// The passage `reference` amended.
    pub fn passage_of(&self, reference: &MotionRef) -> Option<&Passage> {
        self.passages.get(reference.passage)
    }

    /// The site-wide id of passage `index` in the exports: `partiet/strategi:3`, the
    /// document's path and the passage's number in it.
    pub fn passage_id(&self, index: usize) -> String {
        format!("{}:{}", self.path, index + 1)
    }

    /// The anchor of the item or section `reference` amended ("" if unknown).
    pub fn passage_anchor(&self, reference: &MotionRef) -> &str {
        self.passage_of(reference).map_or("", |p| p.anchor.as_str())
    }

    /// The motion references by the anchor of the passage they amended, in the order of
    /// the text: made once for the items of a document, each of which would otherwise walk
    /// every reference (20,000 commitments with a reference each were 400 million steps).
    pub fn motion_refs_by_anchor(&self) -> std::collections::HashMap<&str, Vec<&MotionRef>> {
        let mut by_anchor: std::collections::HashMap<&str, Vec<&MotionRef>> =
            std::collections::HashMap::new();
        for reference in &self.motion_refs {
            by_anchor
                .entry(self.passage_anchor(reference))
                .or_default()
                .push(reference);
        }
        by_anchor
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        find_by_id(&self.items, &self.items_by_id, id, |item| &item.id)
    }

    /// The place in [`Document::items`] of the item `id` names.
    pub fn item_place(&self, id: &str) -> Option<usize> {
        place_by_id(&self.items, &self.items_by_id, id, |item| &item.id)
    }

    /// What a `[[target]]` link written without text shows of this document, its target's:
    /// the first words of the item or the title of the heading `anchor` names, else the
    /// document's title.
    pub fn link_title(&self, anchor: Option<&str>) -> String {
        match anchor.and_then(|anchor| self.anchor_title(anchor)) {
            Some(title) => crate::text_cut::shorten(title.trim(), LINK_TITLE_CHARS),
            None => self.meta.title.clone(),
        }
    }

    /// The text of the item, or else the title of the section, that `anchor` names.
    pub fn anchor_title(&self, anchor: &str) -> Option<&str> {
        if let Some(item) = self.item(anchor) {
            return Some(&item.text);
        }
        find_by_id(&self.toc, &self.toc_by_id, anchor, |entry| &entry.id)
            .map(|entry| entry.title.as_str())
    }
}

/// How much of an item's text a link to it shows.
pub(crate) const LINK_TITLE_CHARS: usize = 80;

/// Turns a heading or title into a URL-safe slug: lowercase ASCII, Swedish letters folded
/// (å, ä → a; ö → o), everything else a hyphen.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'å' | 'ä' | 'á' | 'à' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            'í' | 'ï' => 'i',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if mapped == '-' {
            if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        } else {
            slug.push(mapped);
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_folds_swedish_letters() {
        assert_eq!(slugify("Medlemsvård"), "medlemsvard");
        assert_eq!(
            slugify("MÅLSÄTTNING FÖR VERKSAMHETSPERIODEN:"),
            "malsattning-for-verksamhetsperioden"
        );
        assert_eq!(
            slugify("1. För ett rättvist och solidariskt samhälle"),
            "1-for-ett-rattvist-och-solidariskt-samhalle"
        );
        assert_eq!(slugify("  "), "");
    }
}
