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
mod scan;
mod text;

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use crate::content::{DocumentMeta, SourceFile};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::document::{
    BodySegment, Document, GoalStatus, InternalLink, Item, ItemKind, LinkKind, LinkTarget,
    MotionRef, NumberedParagraph, TocEntry, slugify,
};

use super::ParseContext;
use super::attributes::{
    Attributes, find_trailing_block, is_attribute_line, parse_attribute_block,
};
use super::highlight::highlight_code;
use super::inline::{InlinePiece, motion_anchor, paragraph_number_prefix, split_inline};
use super::links::{LinkDestination, classify_link, doc_url, parse_link_target};

const SENTINEL: char = '\u{0}';
const ITEM_KEYS: [&str; 6] = ["topics", "status", "period", "to", "goals", "implements"];
const SECTION_CLASSES: [&str; 6] = [
    "goals",
    "goal",
    "activities",
    "recommendations",
    "commitments",
    "quotes",
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
}

struct ListFrame {
    kind: Option<ItemKind>,
    attributes: Attributes,
    ordered: bool,
}

struct OpenHeading {
    level: u8,
    id: String,
    goal: Option<(Attributes, Range<usize>)>,
    out_start: usize,
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
) -> (Document, Vec<Diagnostic>) {
    let mut walker = Walker {
        context,
        source,
        doc_path,
        events,
        out: Vec::new(),
        edits: HashMap::new(),
        sections: Vec::new(),
        lists: Vec::new(),
        item_stack: Vec::new(),
        pending_list: None,
        heading: None,
        items: Vec::new(),
        item_ranges: Vec::new(),
        anchors: BTreeSet::new(),
        counters: HashMap::new(),
        goals_by_section: HashMap::new(),
        toc: Vec::new(),
        links: Vec::new(),
        motion_refs: Vec::new(),
        paragraphs: Vec::new(),
        diagnostics: Vec::new(),
        insert_open: None,
        delete_open: None,
        block_start: 0,
        block_motions: 0,
        block_paragraphs: 0,
        paragraph_anchor: None,
        in_code: false,
        line_starts: std::iter::once(0)
            .chain(source.text.match_indices('\n').map(|(i, _)| i + 1))
            .collect(),
    };
    walker.walk();
    walker.finish(meta)
}

struct Walker<'a, 'c> {
    context: &'c ParseContext<'c>,
    source: &'c SourceFile,
    doc_path: String,
    events: Vec<Spanned<'a>>,
    out: Vec<Event<'a>>,
    edits: HashMap<usize, Edit>,
    sections: Vec<Section>,
    lists: Vec<ListFrame>,
    /// One entry per open list item: the index of the item it makes, if it makes one.
    item_stack: Vec<Option<OpenItem>>,
    pending_list: Option<(Attributes, Range<usize>)>,
    heading: Option<OpenHeading>,
    items: Vec<Item>,
    item_ranges: Vec<Range<usize>>,
    anchors: BTreeSet<String>,
    counters: HashMap<(String, ItemKind), usize>,
    goals_by_section: HashMap<String, Vec<String>>,
    toc: Vec<TocEntry>,
    links: Vec<InternalLink>,
    motion_refs: Vec<MotionRef>,
    paragraphs: Vec<NumberedParagraph>,
    diagnostics: Vec<Diagnostic>,
    insert_open: Option<usize>,
    delete_open: Option<usize>,
    block_start: usize,
    block_motions: usize,
    block_paragraphs: usize,
    paragraph_anchor: Option<String>,
    in_code: bool,
    /// Byte offsets where the source's lines start, so an item's line is a binary search
    /// rather than a count of every newline before it.
    line_starts: Vec<usize>,
}

impl<'a> Walker<'a, '_> {
    fn walk(&mut self) {
        let mut index = 0;
        while index < self.events.len() {
            let (event, range) = self.events[index].clone();
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
                Event::Text(text) => self.text(index, text, range),
                Event::Html(html) | Event::InlineHtml(html) => self.raw_html(html),
                other => {
                    self.check_blocks_start(&other, &range);
                    self.out.push(other)
                }
            }
            index += 1;
        }
        self.check_pending_list();
        if let Some(offset) = self.insert_open.or(self.delete_open) {
            self.error_at(
                offset..offset + 3,
                "an amendment is not closed before the end of the document",
            );
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
    format!("{SENTINEL}{index}{SENTINEL}")
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
    let mut text = String::new();
    let mut in_deletion = false;
    for event in events {
        match event {
            Event::Html(h) if h.starts_with("<del") => in_deletion = true,
            Event::Html(h) if h.starts_with("</del") => in_deletion = false,
            Event::Html(h) if h.starts_with("<span class=\"motion-refs\">") && !in_deletion => {
                text.push_str(&strip_tags(h));
            }
            Event::Text(t) | Event::Code(t) if !in_deletion => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::Heading(_)) => text.push(' '),
            Event::Html(h) if h.starts_with("</li>") || h.starts_with("</h") => text.push(' '),
            _ => {}
        }
    }
    collapse_whitespace(&text)
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

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// `text` with each run of whitespace made one space, and none at either end, as
/// `split_whitespace` would give it. Every document's text goes through here several times
/// (items, paragraphs, the whole), so it walks the bytes and decodes only non-ASCII
/// characters (in Swedish text a few in a hundred) to ask whether they are whitespace.
pub(crate) fn collapse_whitespace(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut word_start: Option<usize> = None;
    let push_word = |out: &mut String, word: &str| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    };
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        let (is_space, width) = if byte.is_ascii() {
            // The ASCII characters `char::is_whitespace` accepts (vertical tab included).
            (
                matches!(byte, b' ' | b'\t' | b'\n' | 0x0B | 0x0C | b'\r'),
                1,
            )
        } else {
            // `at` is always at a character boundary: it only moves by whole characters.
            text[at..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8()))
        };
        if is_space {
            if let Some(start) = word_start.take() {
                push_word(&mut out, &text[start..at]);
            }
        } else if word_start.is_none() {
            word_start = Some(at);
        }
        at += width;
    }
    if let Some(start) = word_start {
        push_word(&mut out, &text[start..]);
    }
    out
}

use crate::html::escape;

#[cfg(test)]
mod whitespace_tests {
    use super::collapse_whitespace;

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
}
