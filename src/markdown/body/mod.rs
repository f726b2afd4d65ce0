//! The walk over one document's Markdown events. Block structure (headings, lists, items,
//! numbered paragraphs) is found here; inline syntax is tokenized by [`super::inline`].
//!
//! The walk writes a new event stream, which pulldown-cmark's HTML writer renders once; the
//! places where an item's metadata belongs are marked in that stream by a sentinel that no
//! Markdown text can contain (NUL is replaced by U+FFFD when parsing), and the rendered HTML
//! is cut there into [`BodySegment`](crate::document::BodySegment)s (`segments.rs`).

mod blocks;
mod checks;
mod code_blocks;
mod finish;
mod footnotes;
mod headings;
mod html_out;
mod items;
mod lines;
mod link_spans;
mod list_markers;
mod lost_items;
mod outcomes;
mod pasted_lists;
mod placement;
mod plain;
mod scan;
mod segments;
mod site;
mod stray;
mod text;
mod unclosed;
mod unmarked;
mod whitespace;

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use crate::content::{AddresseeSource, DocumentMeta, SourceFile};
use crate::diagnostic::{Collector, Diagnostic, Locator, Text, did_you_mean, line_column};
use crate::document::{
    Body, Document, GoalStatus, InternalLink, Item, ItemKind, LinkKind, LinkTarget, LostMarking,
    MotionRef, NumberedParagraph, Outcome, Passage, TocEntry, slugify,
};
use crate::text;

use super::ParseContext;
use super::attributes::{
    Attributes, find_trailing_block, is_attribute_line, parse_attribute_block,
};
use super::highlight::highlight_code;
use super::inline::{
    InlinePiece, may_hold_token, motion_anchor, paragraph_number_prefix, split_inline,
};
use super::links::{LinkDestination, classify_link, doc_url};
use crate::config::schemes::{raw_html_urls, refused_scheme};
use crate::document::parse_link_target;
use crate::html::escape;
use html_out::{html, push_all, push_decimal};
use lines::line_from;
use plain::{PlainText, plain_inline, plain_text};
use segments::{LINK_TITLE_END, SENTINEL, link_title_start, sentinel, split_segments};

const ITEM_KEYS: [&str; 8] = [
    "topics",
    "status",
    "period",
    "to",
    "goals",
    "implements",
    "goal",
    "continues",
];
const SECTION_CLASSES: [&str; 7] = [
    "goals",
    "goal",
    "activities",
    "recommendations",
    "commitments",
    "quotes",
    "outcomes",
];

type Spanned<'a> = (Event<'a>, Range<usize>);

/// Text to cut from an event: bytes from the start (a `§12 ` prefix) and the end (an attribute block).
#[derive(Default, Clone, Copy)]
struct Edit {
    skip_start: usize,
    keep_end: Option<usize>,
}

struct Section {
    level: u8,
    id: String,
    title: String,
    marks: Option<ItemKind>,
    explicit_id: bool,
    topics: Vec<String>,
    to: Vec<String>,
    /// The heading's line, which `check --explain addressees` names when `to` decided.
    line: usize,
    /// Keys its items inherit (`status` on a `.goals` heading).
    defaults: Vec<(String, String)>,
    /// For a heading that marks a kind: its attribute block, and how many items the
    /// document had when it opened, to tell a section that got none.
    /// document had when it opened, to tell a section that got none, and how many lists.
    marked: Option<(Range<usize>, usize, usize)>,
    /// For a heading that marks nothing but whose title names a kind ("Målsättningar"):
    /// that kind and the heading's place, until a list under it has been warned about.
    names_kind: Option<(ItemKind, Range<usize>)>,
}

struct ListFrame {
    kind: Option<ItemKind>,
    attributes: Attributes,
    ordered: bool,
    /// The line of its attribute line, when that sets `to`, for `check --explain addressees`.
    to_line: Option<usize>,
}

struct OpenHeading {
    level: u8,
    id: String,
    goal: Option<(Attributes, Range<usize>)>,
    out_start: usize,
}

/// A closed block that holds motion references or numbered paragraphs: the passages of its
/// references, and its numbered paragraphs, that are still empty when it closed take its
/// text, in the order the blocks closed.
struct ClosedBlock {
    motions: Range<usize>,
    paragraphs: Range<usize>,
    events: Range<usize>,
}

struct OpenItem {
    index: usize,
    out_start: usize,
}

pub(super) fn walk_body<'a>(
    events: Vec<Spanned<'a>>,
    source: &SourceFile,
    doc_path: String,
    meta: DocumentMeta,
    context: &ParseContext<'_>,
) -> (Document, Body, Vec<Diagnostic>) {
    // Most events pass through; items and numbers add a few of their own.
    let out_capacity = events.len() + events.len() / 4;
    // Items are large, and growing their vector one doubling at a time was a quarter of
    // adding them. Every item is a list item or a heading, so their count is enough.
    let item_capacity = events
        .iter()
        .filter(|(event, _)| matches!(event, Event::Start(Tag::Item | Tag::Heading { .. })))
        .count();
    let mut walker = Walker {
        context,
        source,
        doc_path,
        events,
        out: Vec::with_capacity(out_capacity),
        edits: IndexMap::default(),
        sections: Vec::new(),
        lists: Vec::new(),
        lists_begun: 0,
        item_stack: Vec::new(),
        pending_list: None,
        held_for_list: None,
        heading: None,
        items: Vec::with_capacity(item_capacity),
        item_ranges: Vec::with_capacity(item_capacity),
        anchors: BTreeSet::new(),
        anchor_suffixes: HashMap::new(),
        ordinals: HashMap::new(),
        counters: HashMap::new(),
        goals_by_section: HashMap::new(),
        toc: Vec::new(),
        links: Vec::new(),
        titled_links: Vec::new(),
        titled_link_events: Vec::new(),
        titled_link_open: false,
        outcomes: Vec::new(),
        external_links: Vec::new(),
        lost_markings: Vec::new(),
        motion_refs: Vec::new(),
        passages: Vec::new(),
        open_passage: None,
        paragraphs: Vec::new(),
        paragraph_events: Vec::new(),
        diagnostics: Collector::default(),
        locator: Locator::new(&source.display_path, source.text.as_str()),
        closed_blocks: Vec::new(),
        insert_open: None,
        delete_open: None,
        block_start: 0,
        block_motions: 0,
        block_paragraphs: 0,
        paragraph_anchor: None,
        in_code: false,
        line_cursor: (0, 1),
        footnotes: footnotes::Footnotes::default(),
    };
    walker.walk();
    walker.finish(meta)
}

/// Edits by event index.
type IndexMap<V> = crate::hashing::IntegerMap<usize, V>;

struct Walker<'a, 'c> {
    context: &'c ParseContext<'c>,
    source: &'c SourceFile,
    doc_path: String,
    events: Vec<Spanned<'a>>,
    out: Vec<Event<'a>>,
    edits: IndexMap<Edit>,
    sections: Vec<Section>,
    lists: Vec<ListFrame>,
    /// Lists begun so far, nested ones too.
    lists_begun: usize,
    /// One entry per open list item: the index of the item it makes, if it makes one.
    item_stack: Vec<Option<OpenItem>>,
    pending_list: Option<(Attributes, Range<usize>)>,
    /// The attribute line above a paragraph that is a pasted list (E160): it marks the list
    /// that follows the paragraph, if one does, rather than being a line without a list.
    held_for_list: Option<(Attributes, Range<usize>)>,
    heading: Option<OpenHeading>,
    items: Vec<Item>,
    item_ranges: Vec<Range<usize>>,
    anchors: BTreeSet<String>,
    /// The next number to try after each base of [`Walker::claim_free_anchor`].
    anchor_suffixes: HashMap<String, usize>,
    /// Items so far of each kind in each section, for their ordinals.
    ordinals: HashMap<(ItemKind, String), usize>,
    /// Items numbered so far by section id, a count for each kind.
    counters: HashMap<String, Vec<(ItemKind, usize)>>,
    goals_by_section: HashMap<String, Vec<String>>,
    toc: Vec<TocEntry>,
    links: Vec<InternalLink>,
    /// The targets of `[[target]]` links without text of their own, in the order of their
    /// [`link_title_start`] markers.
    titled_links: Vec<LinkTarget>,
    /// Each such link's markers in `out`, in the same order: from its [`link_title_start`]
    /// to its [`LINK_TITLE_END`], the events that write its text (the target as written).
    titled_link_events: Vec<Range<usize>>,
    /// Whether such a link is open: its end closes the marker around its text.
    titled_link_open: bool,
    /// Outcome items' `goal=` as written, resolved against `reports_on` when the walk ends.
    outcomes: Vec<Outcome>,
    external_links: Vec<(usize, String)>,
    lost_markings: Vec<LostMarking>,
    motion_refs: Vec<MotionRef>,
    passages: Vec<Passage>,
    /// The passage of the block being walked, once a motion reference made it: the block's
    /// further references share it. Cleared where a block starts or closes.
    open_passage: Option<usize>,
    paragraphs: Vec<NumberedParagraph>,
    /// Where each numbered paragraph's number stands in `out`: a `{§4}` inside a block ends
    /// the text of the paragraph before it there.
    paragraph_events: Vec<usize>,
    /// At most so many per file ([`Collector`]): a file can hold a mistake thousands of times.
    diagnostics: Collector,
    /// Points them into the file in time linear in its size, however many there are.
    locator: Locator<'c>,
    closed_blocks: Vec<ClosedBlock>,
    insert_open: Option<usize>,
    delete_open: Option<usize>,
    block_start: usize,
    block_motions: usize,
    block_paragraphs: usize,
    paragraph_anchor: Option<String>,
    in_code: bool,
    /// The last offset whose line an item was given (`items.rs`, by `line_from`) and that line: items come mostly in
    /// the order of the text, so the next line is counted on from there.
    line_cursor: (usize, usize),
    /// The footnotes' labels in the order they first appear, which numbers them, and the
    /// references seen to each (`footnotes.rs`).
    footnotes: footnotes::Footnotes,
}

impl<'a> Walker<'a, '_> {
    fn walk(&mut self) {
        let mut index = 0;
        while index < self.events.len() {
            let range = self.events[index].1.clone();
            let event = match &mut self.events[index].0 {
                // Only the look-aheads read events, never one the walk has passed: its text
                // is moved out rather than copied.
                Event::Text(text) => Event::Text(std::mem::replace(text, CowStr::Borrowed(""))),
                other => other.clone(),
            };
            match event {
                Event::Start(Tag::Heading { level, .. }) => self.heading_start(index, level as u8),
                Event::End(TagEnd::Heading(_)) => self.heading_end(),
                Event::Start(Tag::Paragraph) => {
                    if let Some(next) = self.attribute_line(index) {
                        index = next;
                        continue;
                    }
                    self.paragraph_start(index);
                }
                Event::End(TagEnd::Paragraph) => {
                    if let Some(held) = self.held_for_list.take()
                        && matches!(
                            self.events.get(index + 1),
                            Some((Event::Start(Tag::List(_)), _))
                        )
                    {
                        self.pending_list = Some(held);
                    }
                    self.close_block(range.end);
                    self.paragraph_anchor = None;
                    self.out.push(Event::End(TagEnd::Paragraph));
                }
                Event::Start(Tag::List(start)) => {
                    self.check_shallow_sublist(index);
                    self.list_start(start, range)
                }
                Event::End(TagEnd::List(ordered)) => self.list_end(ordered),
                Event::Start(Tag::Item) => self.item_start(index),
                Event::End(TagEnd::Item) => self.item_end(range.end),
                Event::Start(Tag::CodeBlock(kind)) => {
                    index = self.code_block(index, kind);
                    continue;
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => self.link(link_type, dest_url, title, id, range),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => {
                    self.check_pending_list_at(range.start);
                    self.image(link_type, dest_url, title, id, range)
                }
                Event::End(TagEnd::Link) => {
                    if std::mem::take(&mut self.titled_link_open) {
                        if let Some(events) = self.titled_link_events.last_mut() {
                            events.end = self.out.len();
                        }
                        self.out.push(html(LINK_TITLE_END.to_string()));
                    }
                    self.out.push(Event::End(TagEnd::Link));
                }
                Event::Text(text) => self.text(index, text, range),
                Event::FootnoteReference(label) => self.footnote_reference(&label),
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    self.check_pending_list_at(range.start);
                    self.footnote_definition(&label, range)
                }
                Event::End(TagEnd::FootnoteDefinition) => {
                    self.footnote_definition_end();
                    self.out.push(Event::End(TagEnd::FootnoteDefinition));
                }
                Event::Html(html) | Event::InlineHtml(html) => {
                    // Only where a block opens: a comment's later lines are inside it.
                    if index > 0 && matches!(self.events[index - 1].0, Event::Start(Tag::HtmlBlock))
                    {
                        self.check_unclosed_comment(&html, &range);
                    }
                    self.raw_html(html, range)
                }
                other => {
                    self.check_blocks_start(&other, &range);
                    // An author's table wider than a phone scrolls in a box of its own, which
                    // the keyboard can reach, rather than pushing the whole page sideways.
                    let table = match &other {
                        Event::Start(Tag::Table(columns)) => {
                            self.check_table_rows(index, columns.len());
                            Some(true)
                        }
                        Event::End(TagEnd::Table) => Some(false),
                        _ => None,
                    };
                    if table == Some(true) {
                        self.out.push(html(TABLE_SCROLL_OPEN.to_string()));
                    }
                    self.out.push(other);
                    if table == Some(false) {
                        self.out.push(html("</div>\n".to_string()));
                    }
                }
            }
            index += 1;
        }
        self.check_pending_list();
        if let Some(offset) = self.insert_open.or(self.delete_open) {
            self.error_at(offset..offset + 3, text!("E052"));
        }
    }

    fn check_blocks_start(&mut self, event: &Event<'a>, range: &Range<usize>) {
        if matches!(event, Event::Start(_)) && !matches!(event, Event::Start(Tag::List(_))) {
            self.check_pending_list_at(range.start);
        }
    }
}

/// The box around an author's table (style.css `.table-scroll`).
const TABLE_SCROLL_OPEN: &str = "<div class=\"table-scroll\" tabindex=\"0\">\n";

/// How the permalink that closes a heading starts (`headings.rs`).
const HEADING_ANCHOR: &str = "<a class=\"heading-anchor\"";

/// How the HTML of a run of motion references starts, whose text is part of the plain text.
const MOTION_REFS_SPAN: &str = "<span class=\"motion-refs\">";
