//! The walk over one document's Markdown events. Block structure (headings, lists, items,
//! numbered paragraphs) is found here; inline syntax is tokenized by [`super::inline`].
//!
//! The walk writes a new event stream, which pulldown-cmark's HTML writer renders once; the
//! places where an item's metadata belongs are marked in that stream by a sentinel that no
//! Markdown text can contain (NUL is replaced by U+FFFD when parsing), and the rendered HTML
//! is cut there into [`BodySegment`]s.

mod blocks;
mod checks;
mod finish;
mod headings;
mod items;
mod outcomes;
mod placement;
mod scan;
mod site;
mod stray;
mod text;

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use crate::content::{AddresseeSource, DocumentMeta, SourceFile};
use crate::diagnostic::{Collector, Diagnostic, Locator, Text, did_you_mean, line_column};
use crate::document::{
    Body, BodySegment, Document, GoalStatus, InternalLink, Item, ItemKind, LinkKind, LinkTarget,
    LostMarking, MotionRef, NumberedParagraph, Outcome, Passage, TocEntry, slugify,
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

const SENTINEL: char = '\u{0}';
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
        item_stack: Vec::new(),
        pending_list: None,
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
        outcomes: Vec::new(),
        external_links: Vec::new(),
        lost_markings: Vec::new(),
        motion_refs: Vec::new(),
        passages: Vec::new(),
        open_passage: None,
        paragraphs: Vec::new(),
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
    /// One entry per open list item: the index of the item it makes, if it makes one.
    item_stack: Vec<Option<OpenItem>>,
    pending_list: Option<(Attributes, Range<usize>)>,
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
    /// The last offset asked for by [`Walker::line_at`] and its line: items come mostly in
    /// the order of the text, so the next line is counted on from there.
    line_cursor: (usize, usize),
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
                    self.close_block(range.end);
                    self.paragraph_anchor = None;
                    self.out.push(Event::End(TagEnd::Paragraph));
                }
                Event::Start(Tag::List(start)) => self.list_start(start, range),
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
                Event::Text(text) => self.text(index, text, range),
                Event::Html(html) | Event::InlineHtml(html) => self.raw_html(html, range),
                other => {
                    self.check_blocks_start(&other, &range);
                    self.out.push(other)
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

fn html<'a>(text: String) -> Event<'a> {
    Event::Html(CowStr::from(text))
}

fn sentinel(index: usize) -> String {
    let mut sentinel = String::with_capacity(8);
    sentinel.push(SENTINEL);
    push_decimal(&mut sentinel, index);
    sentinel.push(SENTINEL);
    sentinel
}

/// Appends `n` as `format!("{n}")` writes it. Ids, anchors and links with numbers in them
/// are built for every item, paragraph and motion; the formatting machinery was a tenth
/// of the walk.
fn push_decimal(out: &mut String, n: usize) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Appends every part in turn.
fn push_all(out: &mut String, parts: &[&str]) {
    for part in parts {
        out.push_str(part);
    }
}

fn split_segments(html: &str) -> Vec<BodySegment> {
    let mut segments = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(SENTINEL) {
        let after = &rest[start + 1..];
        let Some(end) = after.find(SENTINEL) else {
            break;
        };
        if start > 0 {
            segments.push(BodySegment::Html(rest[..start].to_string()));
        }
        if let Ok(index) = after[..end].parse() {
            segments.push(BodySegment::ItemMeta(index));
        }
        rest = &after[end + 1..];
    }
    if !rest.is_empty() {
        segments.push(BodySegment::Html(rest.to_string()));
    }
    segments
}

/// The text a reader sees as adopted: deleted amendments and markup left out.
fn plain_text(events: &[Event<'_>]) -> String {
    write_plain_text(events, |_, _| {})
}

/// The plain text of `events` and, for each event and for the end, a [`TextMark`]: where
/// the text written from that event on starts. With these, the text of any stretch of the
/// events is a slice of the whole ([`PlainText::of`]) rather than another pass over it.
struct PlainText {
    text: String,
    marks: Vec<TextMark>,
}

#[derive(Clone, Copy)]
struct TextMark {
    at: usize,
    /// Inside a deletion, which a stretch's own pass would not know of.
    in_deletion: bool,
}

impl PlainText {
    fn of_events(events: &[Event<'_>]) -> Self {
        let mut marks = Vec::with_capacity(events.len() + 1);
        let text = write_plain_text(events, |at, in_deletion| {
            marks.push(TextMark { at, in_deletion })
        });
        PlainText { text, marks }
    }

    /// What [`plain_text`] gives for `events[range]`, where `events` are the ones this was
    /// made of. A stretch's own pass writes the same words with the same single spaces
    /// between them, but no space before its first word, which the whole writes there when
    /// anything came before.
    fn of(&self, events: &[Event<'_>], range: Range<usize>) -> String {
        let (Some(start), Some(end)) = (self.marks.get(range.start), self.marks.get(range.end))
        else {
            return events.get(range).map(plain_text).unwrap_or_default();
        };
        if start.in_deletion {
            return events.get(range).map(plain_text).unwrap_or_default();
        }
        let text = self.text.get(start.at..end.at).unwrap_or("");
        text.strip_prefix(' ').unwrap_or(text).to_string()
    }
}

/// How the permalink that closes a heading starts (`headings.rs`).
const HEADING_ANCHOR: &str = "<a class=\"heading-anchor\"";

/// How the HTML of a run of motion references starts, whose text is part of the plain text.
const MOTION_REFS_SPAN: &str = "<span class=\"motion-refs\">";

/// Writes the plain text of `events`, telling `mark` before each event and at the end how
/// much text is written and whether a deletion is open.
fn write_plain_text(events: &[Event<'_>], mut mark: impl FnMut(usize, bool)) -> String {
    // An upper bound on the text's length, so that the text is written into one allocation.
    let capacity = events
        .iter()
        .map(|event| match event {
            Event::Text(t) | Event::Code(t) => t.len(),
            // Only a motion reference's HTML is written, and only its text at that.
            Event::Html(h) if h.starts_with(MOTION_REFS_SPAN) => h.len(),
            _ => 1,
        })
        .sum();
    let mut text = Collapsed::with_capacity(capacity);
    let mut in_deletion = false;
    for event in events {
        mark(text.len(), in_deletion);
        match event {
            Event::Html(h) if h.starts_with("<del") => in_deletion = true,
            Event::Html(h) if h.starts_with("</del") => in_deletion = false,
            Event::Html(h) if h.starts_with(MOTION_REFS_SPAN) && !in_deletion => {
                push_stripped(&mut text, h);
            }
            Event::Text(t) | Event::Code(t) if !in_deletion => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push_str(" "),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => text.push_str(" "),
            Event::Html(h) if h.starts_with("</li>") || h.starts_with("</h") => text.push_str(" "),
            // A heading ends in its permalink, written with the closing tag as one piece of
            // HTML: without the space its last word ran into the next block's first
            // ("InledningVänsterpartiet") in snippets and in the search index.
            Event::Html(h) if h.starts_with(HEADING_ANCHOR) => text.push_str(" "),
            _ => {}
        }
    }
    mark(text.len(), in_deletion);
    text.finish()
}

/// Plain text of raw inline source (a heading's), without the CriticMarkup delimiters or
/// deleted text.
fn plain_inline(text: &str) -> String {
    let mut out = String::new();
    let mut deleting = false;
    for (_, piece) in split_inline(text) {
        match piece {
            InlinePiece::Text(run) if !deleting => out.push_str(run),
            InlinePiece::DeleteOpen => deleting = true,
            InlinePiece::DeleteClose => deleting = false,
            InlinePiece::Motions(labels) if !deleting => {
                let labels: Vec<&str> = labels.iter().map(|l| l.label.as_str()).collect();
                out.push_str(&format!("({})", labels.join(", ")));
            }
            _ => {}
        }
    }
    collapse_whitespace(&out)
}

/// Writes `html` without its tags: what lies outside `<`…`>`.
fn push_stripped(text: &mut Collapsed, html: &str) {
    let mut in_tag = false;
    let mut start = 0;
    for (at, byte) in html.bytes().enumerate() {
        if byte == b'<' || byte == b'>' {
            if !in_tag {
                text.push_str(&html[start..at]);
            }
            in_tag = byte == b'<';
            start = at + 1;
        }
    }
    if !in_tag {
        text.push_str(&html[start..]);
    }
}

/// `text` with each run of whitespace made one space, and none at either end, as
/// `split_whitespace` would give it.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let mut collapsed = Collapsed::with_capacity(text.len());
    collapsed.push_str(text);
    collapsed.finish()
}

/// Text collapsed as it is written: what [`collapse_whitespace`] gives for everything
/// pushed, without first building the uncollapsed whole. Every document's text goes
/// through here several times (items, paragraphs, the whole), so it copies whole runs of
/// words between which the spacing is already single, and decodes only the non-ASCII
/// characters that may be whitespace.
pub(crate) struct Collapsed {
    out: String,
    /// Whitespace came after the last character written.
    gap: bool,
}

impl Collapsed {
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Collapsed {
            out: String::with_capacity(capacity),
            gap: false,
        }
    }

    pub(crate) fn push_str(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let (is_space, width) = whitespace_at(text, at);
            if is_space {
                self.gap = true;
                at += width;
                continue;
            }
            if self.gap && !self.out.is_empty() {
                self.out.push(' ');
            }
            self.gap = false;
            // The run goes on over words and single spaces between them, which are
            // already collapsed, and is copied whole. Where a block of it is plainly such,
            // the block is stepped over at once; elsewhere byte by byte, to the block's end.
            let start = at;
            'run: while at < bytes.len() {
                if bytes.get(at..=at + RUN_BLOCK).is_some_and(is_plain_run) {
                    at += RUN_BLOCK;
                    continue;
                }
                let stop = (at + RUN_BLOCK).min(bytes.len());
                while at < stop {
                    let byte = bytes[at];
                    if !MAY_START_WHITESPACE[usize::from(byte)] {
                        at += 1;
                    } else if byte == b' ' {
                        if at + 1 < bytes.len() && !whitespace_at(text, at + 1).0 {
                            at += 1;
                        } else {
                            break 'run;
                        }
                    } else {
                        let (is_space, width) = whitespace_at(text, at);
                        if is_space {
                            break 'run;
                        }
                        at += width;
                    }
                }
            }
            self.out.push_str(&text[start..at]);
        }
    }

    fn len(&self) -> usize {
        self.out.len()
    }

    pub(crate) fn finish(self) -> String {
        self.out
    }
}

/// The bytes that can start a whitespace character: ASCII whitespace, and the lead bytes
/// of U+0085, U+00A0 (0xC2), U+1680 (0xE1), U+2000–U+205F (0xE2) and U+3000 (0xE3).
static MAY_START_WHITESPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        table[byte] = matches!(
            byte as u8,
            b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3
        );
        byte += 1;
    }
    table
};

const RUN_BLOCK: usize = 16;

/// Whether the first [`RUN_BLOCK`] bytes of `block` (which holds one more, the byte after
/// them) go on a run of [`Collapsed::push_str`]: none may start whitespace but a space, and
/// no space is followed by a byte that may. Bytes up to the space and the lead bytes of
/// [`MAY_START_WHITESPACE`] count as ones that may, which over-counts the ASCII controls and
/// some non-ASCII characters; a block that holds those is looked at byte by byte. Written
/// as arithmetic on bytes, without a table or a branch, so that it is compiled to vector
/// instructions.
#[inline]
fn is_plain_run(block: &[u8]) -> bool {
    let may_start =
        |b: u8| u8::from(b <= b' ') | u8::from(b == 0xC2) | u8::from(b.wrapping_sub(0xE1) <= 2);
    let Some((run, next)) = block.get(..RUN_BLOCK).zip(block.get(1..=RUN_BLOCK)) else {
        return false;
    };
    let mut off_run = 0u8;
    for (&b, &after) in run.iter().zip(next) {
        let space = u8::from(b == b' ');
        off_run |= (may_start(b) & (space ^ 1)) | (space & may_start(after));
    }
    off_run == 0
}

/// Whether the character at byte `at` (a character boundary) of `text` is whitespace as
/// `char::is_whitespace` says, and how many bytes to step over. Only bytes that may start
/// a whitespace character are decoded; any other byte is stepped over alone, which keeps
/// `at` on a boundary wherever the answer is "whitespace".
#[inline]
fn whitespace_at(text: &str, at: usize) -> (bool, usize) {
    let byte = text.as_bytes()[at];
    if !MAY_START_WHITESPACE[usize::from(byte)] {
        (false, 1)
    } else if byte.is_ascii() {
        (true, 1)
    } else {
        text[at..]
            .chars()
            .next()
            .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8()))
    }
}

use crate::html::escape;

/// The 1-based line of byte `offset` of `text`, counted on from `cursor` (an earlier offset
/// and its line) when `offset` lies after it.
fn line_from(text: &str, cursor: (usize, usize), offset: usize) -> usize {
    let bytes = text.as_bytes();
    let offset = offset.min(bytes.len());
    let newlines = |range: Range<usize>| bytes.get(range).map_or(0, count_newlines);
    let (from, line) = cursor;
    if from <= offset {
        line + newlines(from..offset)
    } else if from <= bytes.len() && line > 0 {
        // An item whose attributes stand after its nested list comes before that list's
        // items: counting back from the cursor spares counting again from the start.
        line.saturating_sub(newlines(offset..from)).max(1)
    } else {
        1 + newlines(0..offset)
    }
}

/// The number of `\n` in `bytes`, by memchr's vectorised count: items' line numbers are
/// counted over the whole text of every document.
fn count_newlines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

#[cfg(test)]
mod line_tests {
    use super::{count_newlines, line_from};

    #[test]
    fn newlines_are_counted_in_and_across_blocks() {
        for length in [0, 1, 127, 128, 129, 256, 300] {
            for every in [1, 2, 3, 7, 128] {
                let bytes: Vec<u8> = (0..length)
                    .map(|i| if i % every == 0 { b'\n' } else { b'x' })
                    .collect();
                let expected = bytes.iter().filter(|&&b| b == b'\n').count();
                assert_eq!(count_newlines(&bytes), expected, "{length} {every}");
            }
        }
    }

    #[test]
    fn lines_count_from_the_cursor_or_the_start() {
        let text = "ett\ntvå\n\ntre\n";
        for offset in 0..=text.len() + 2 {
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            let expected = starts.partition_point(|&start| start <= offset);
            assert_eq!(line_from(text, (0, 1), offset), expected, "{offset}");
            for earlier in 0..=offset.min(text.len()) {
                let cursor = (earlier, line_from(text, (0, 1), earlier));
                assert_eq!(
                    line_from(text, cursor, offset),
                    expected,
                    "{earlier} {offset}"
                );
            }
            let later = (text.len(), line_from(text, (0, 1), text.len()));
            assert_eq!(line_from(text, later, offset), expected);
            for cursor_at in 0..=text.len() {
                let cursor = (cursor_at, line_from(text, (0, 1), cursor_at));
                assert_eq!(line_from(text, cursor, offset), expected, "{cursor_at}");
            }
        }
    }
}

#[cfg(test)]
mod decimal_tests {
    use super::push_decimal;

    #[test]
    fn decimals_are_written_as_format_writes_them() {
        let mut numbers = vec![
            0, 1, 9, 10, 11, 99, 100, 101, 4711, 65_535, 999_999, 1_000_000,
        ];
        numbers.extend([u32::MAX as usize, usize::MAX, usize::MAX - 1]);
        numbers.extend((0..64).map(|shift| 1usize << shift));
        for n in numbers {
            let mut written = String::from("x");
            push_decimal(&mut written, n);
            assert_eq!(written, format!("x{n}"));
        }
    }
}

#[cfg(test)]
mod plain_text_tests {
    use super::{PlainText, plain_text};
    use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

    fn text(t: &'static str) -> Event<'static> {
        Event::Text(CowStr::Borrowed(t))
    }

    fn html(h: &'static str) -> Event<'static> {
        Event::Html(CowStr::Borrowed(h))
    }

    #[test]
    fn every_stretch_sliced_from_the_whole_equals_its_own_pass() {
        let events = vec![
            text("  ledande "),
            html("<li id=\"a\" class=\"item\">"),
            text("ett\u{a0}"),
            text("två"),
            Event::SoftBreak,
            text(" tre  "),
            html("<del class=\"amendment\">"),
            text("struket "),
            html("<span class=\"motion-refs\">(<a href=\"#x\">E2:1</a>)</span>"),
            html("</del>"),
            html("<span class=\"motion-refs\">(<a href=\"#y\">E3</a>)</span>"),
            Event::Code(CowStr::Borrowed("kod ")),
            text("\u{2003}fyra"),
            Event::End(TagEnd::Paragraph),
            Event::Start(Tag::Paragraph),
            text("fem"),
            html("</li>\n"),
            html("<del>"),
            text("rå html"),
            Event::HardBreak,
            text("sex "),
            html("</del>"),
            text("sju"),
            Event::End(TagEnd::Item),
            text(""),
            text("  "),
        ];
        let plain = PlainText::of_events(&events);
        assert_eq!(plain.text, plain_text(&events));
        for start in 0..=events.len() {
            for end in start..=events.len() {
                assert_eq!(
                    plain.of(&events, start..end),
                    plain_text(&events[start..end]),
                    "{start}..{end}"
                );
            }
        }
        assert_eq!(plain.of(&events, 3..events.len() + 1), "");
    }
}

#[cfg(test)]
mod whitespace_tests {
    use super::{Collapsed, collapse_whitespace, push_stripped, whitespace_at};

    #[test]
    fn collapsing_matches_split_whitespace_on_ascii_and_unicode() {
        for text in [
            "",
            "   ",
            "ett  två\ttre\nfyra\r\n fem\x0B sex\x0C sju ",
            "\u{a0}partiföreningarna\u{2003} och  distriktet\u{85}",
            "  a ",
            "å ä\u{3000}ö\u{2028}Ö\u{1680}é",
            "slut\u{a0}",
        ] {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse_whitespace(text), expected, "{text:?}");
        }
    }

    #[test]
    fn collapsing_in_pieces_matches_collapsing_the_whole() {
        let text =
            " ett  två\u{a0} tre\u{2003}\n§4 (E2:1)\u{85}fyra å\u{3000}ä ö \u{2028}é\u{1680} ";
        let boundaries: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let whole = collapse_whitespace(text);
        for &first in &boundaries {
            for &second in boundaries.iter().filter(|&&b| b >= first) {
                let mut pieces = Collapsed::with_capacity(0);
                pieces.push_str(&text[..first]);
                pieces.push_str(&text[first..second]);
                pieces.push_str(&text[second..]);
                assert_eq!(pieces.finish(), whole, "{first} {second}");
            }
        }
    }

    #[test]
    fn runs_stepped_over_by_blocks_match_split_whitespace() {
        let base = "Vänsterpartiet ska verka för att alla får en bostad § 4 — och mer";
        let inserts = [
            " ", "  ", "\t", "\n", "\r\n", "\u{a0}", "\u{85}", "\u{1680}", "\u{2003}", "\u{2028}",
            "\u{205f}", "\u{3000}", "\u{1}", "§", "—", "\u{e000}", "\u{1234}", "\u{2100}", "x ",
        ];
        let boundaries: Vec<usize> = (0..=base.len())
            .filter(|&i| base.is_char_boundary(i))
            .collect();
        for insert in inserts {
            for &at in &boundaries {
                let text = format!("{}{insert}{}", &base[..at], &base[at..]);
                let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
                assert_eq!(collapse_whitespace(&text), expected, "{text:?}");
                let doubled = format!("{text} {text}{insert}");
                let expected = doubled.split_whitespace().collect::<Vec<_>>().join(" ");
                assert_eq!(collapse_whitespace(&doubled), expected, "{doubled:?}");
            }
        }
    }

    #[test]
    fn every_whitespace_character_is_found() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(
                whitespace_at(&c.to_string(), 0).0,
                c.is_whitespace(),
                "{c:?}"
            );
        }
    }

    #[test]
    fn stripping_tags_drops_everything_between_angle_brackets() {
        for (html, expected) in [
            (
                "<span class=\"motion-refs\">(<a href=\"#x\">E2:1</a>)</span>",
                "(E2:1)",
            ),
            ("a>b<c>d<e", "abd"),
            ("", ""),
        ] {
            let mut text = Collapsed::with_capacity(0);
            push_stripped(&mut text, html);
            assert_eq!(text.finish(), expected);
        }
    }
}
