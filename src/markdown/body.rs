//! The walk over one document's Markdown events. Block structure (headings, lists, items,
//! numbered paragraphs) is found here; inline syntax is tokenized by [`super::inline`].
//!
//! The walk writes a new event stream, which pulldown-cmark's HTML writer renders once; the
//! places where an item's metadata belongs are marked in that stream by a sentinel that no
//! Markdown text can contain (NUL is replaced by U+FFFD when parsing), and the rendered HTML
//! is cut there into [`BodySegment`]s.

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, CowStr, Event, LinkType, Tag, TagEnd};

use crate::content::{DocumentMeta, SourceFile};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::document::{
    BodySegment, Document, GoalStatus, InternalLink, Item, ItemKind, LinkKind, LinkTarget, MotionRef,
    NumberedParagraph, TocEntry, slugify,
};

use super::ParseContext;
use super::attributes::{Attributes, find_trailing_block, is_attribute_line, parse_attribute_block};
use super::highlight::highlight_code;
use super::inline::{InlinePiece, motion_anchor, paragraph_number_prefix, split_inline};
use super::links::{LinkDestination, classify_link, doc_url, parse_link_target};

const SENTINEL: char = '\u{0}';
const ITEM_KEYS: [&str; 6] = ["topics", "status", "period", "to", "goals", "implements"];
const SECTION_CLASSES: [&str; 6] = ["goals", "goal", "activities", "recommendations", "commitments", "quotes"];

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
    goal: Option<(Attributes, usize)>,
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
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    self.link(link_type, dest_url, title, id, range)
                }
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
            self.error_at(offset..offset + 3, "an amendment is not closed before the end of the document");
        }
    }

    fn check_blocks_start(&mut self, event: &Event<'a>, range: &Range<usize>) {
        if matches!(event, Event::Start(_)) && !matches!(event, Event::Start(Tag::List(_))) {
            self.check_pending_list_at(range.start);
        }
    }

    // ---- headings -------------------------------------------------------------------

    fn heading_start(&mut self, index: usize, level: u8) {
        self.check_pending_list();
        let end = self.matching_end(index);
        let (first, last) = self.text_bounds(index + 1, end);
        let attributes = self.trailing_attributes(last, ItemKind::Goal).unwrap_or_default();
        let number = self.number_prefix(first);
        let title = self.plain_text_between(index + 1, end);
        let range = self.events[index].1.clone();

        while self.sections.last().is_some_and(|s| s.level >= level) {
            self.sections.pop();
        }
        let marks = attributes.classes.iter().find_map(|c| ItemKind::from_list_class(c));
        let is_goal = attributes.has_class("goal");
        let explicit_id = attributes.id.is_some();
        let id = match &attributes.id {
            Some(id) => {
                self.claim_anchor(id, range.clone());
                id.clone()
            }
            None => self.derive_heading_id(&title, number),
        };
        let topics = self.checked_topics(&attributes, range.clone());
        let to = self.checked_actors(&attributes, range.clone());
        self.check_keys(&attributes, range.clone());
        if level <= 3 && marks.is_none() {
            self.toc.push(TocEntry { level, id: id.clone(), title: title.clone() });
        }
        self.sections.push(Section { level, id: id.clone(), title, marks, explicit_id, topics, to });

        let classes: Vec<&str> = attributes
            .classes
            .iter()
            .map(String::as_str)
            .filter(|c| !SECTION_CLASSES.contains(c))
            .chain(is_goal.then_some("item item-goal"))
            .collect();
        let class_attr = if classes.is_empty() { String::new() } else { format!(" class=\"{}\"", classes.join(" ")) };
        self.out.push(html(format!("<h{level} id=\"{}\"{class_attr}>", escape(&id))));
        if let Some(number) = number {
            self.push_paragraph_number(number, false, range.clone());
        }
        self.block_start = self.out.len();
        self.block_motions = self.motion_refs.len();
        self.block_paragraphs = self.paragraphs.len();
        let goal = is_goal.then(|| (attributes, range.start));
        self.heading = Some(OpenHeading { level, id, goal, out_start: self.out.len() });
    }

    fn heading_end(&mut self) {
        let Some(heading) = self.heading.take() else { return };
        let end = self.events.get(self.block_start).map_or(0, |e| e.1.end);
        self.close_block(end);
        let label = format!("{} {}", self.context.labels.permalink, self.plain_text_out(heading.out_start..self.out.len()));
        self.out.push(html(format!(
            "<a class=\"heading-anchor\" href=\"#{id}\" aria-label=\"{label}\">#</a></h{level}>\n",
            id = escape(&heading.id),
            label = escape(label.trim()),
            level = heading.level
        )));
        if let Some((attributes, offset)) = heading.goal {
            // The goal heading is itself an item: a section that is one goal (Huddinge's delmål).
            let section = self.id_section_excluding_current();
            let out_range = heading.out_start..self.out.len() - 1;
            let index = self.add_item(ItemKind::Goal, heading.id.clone(), &attributes, section, offset, out_range);
            self.goals_by_section.entry(heading.id).or_default().push(self.items[index].id.clone());
            self.out.push(html(sentinel(index)));
        }
    }

    fn derive_heading_id(&mut self, title: &str, number: Option<u32>) -> String {
        let slug = match slugify(title) {
            slug if slug.is_empty() => number.map_or_else(|| "avsnitt".to_string(), |n| format!("p{n}")),
            slug => slug,
        };
        if !self.anchors.contains(&slug) {
            self.anchors.insert(slug.clone());
            return slug;
        }
        // Prefixing the parent section keeps the id independent of how many headings with
        // the same text come earlier (Solna has ten "Målsättningar").
        let parent = self.sections.iter().rev().find(|s| s.marks.is_none()).map(|s| s.id.clone());
        let mut candidate = parent.map_or(slug.clone(), |p| format!("{p}-{slug}"));
        let mut n = 2;
        let base = candidate.clone();
        while self.anchors.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        self.anchors.insert(candidate.clone());
        candidate
    }

    // ---- paragraphs and attribute lines ---------------------------------------------

    /// A paragraph holding only `{…}` marks the next list; it is not output.
    fn attribute_line(&mut self, index: usize) -> Option<usize> {
        if !self.item_stack.is_empty() {
            return None;
        }
        let end = self.matching_end(index);
        if end != index + 2 {
            return None;
        }
        let (Event::Text(text), range) = &self.events[index + 1] else { return None };
        if !is_attribute_line(text) {
            return None;
        }
        let range = range.clone();
        let block = text.trim().to_string();
        self.check_pending_list();
        match parse_attribute_block(&block) {
            Ok(attributes) => self.pending_list = Some((attributes, range)),
            Err(message) => self.error_at(range, format!("invalid attribute block: {message}")),
        }
        Some(end + 1)
    }

    fn paragraph_start(&mut self, index: usize) {
        self.check_pending_list();
        self.block_start = self.out.len();
        self.block_motions = self.motion_refs.len();
        self.block_paragraphs = self.paragraphs.len();
        let first = index + 1;
        let number = if self.edits.contains_key(&first) { None } else { self.number_prefix(Some(first)) };
        match number {
            Some(number) => {
                let anchor = format!("p{number}");
                self.claim_anchor(&anchor, self.events[index].1.clone());
                self.out.push(html(format!("<p id=\"{anchor}\" class=\"numbered\">")));
                self.push_paragraph_number(number, true, self.events[index].1.clone());
                self.paragraph_anchor = Some(anchor);
            }
            None => self.out.push(Event::Start(Tag::Paragraph)),
        }
    }

    fn push_paragraph_number(&mut self, number: u32, anchor_claimed: bool, range: Range<usize>) {
        let anchor = format!("p{number}");
        let id_attr = if anchor_claimed {
            String::new()
        } else {
            self.claim_anchor(&anchor, range);
            format!(" id=\"{anchor}\"")
        };
        self.out.push(html(format!(
            "<a class=\"para-num\"{id_attr} href=\"#{anchor}\" aria-label=\"{} {number}\">{number}</a> ",
            escape(&self.context.labels.paragraph)
        )));
        self.paragraphs.push(NumberedParagraph { number, anchor, text: String::new() });
    }

    /// Closes a block (paragraph, heading, item): amendments may not run across blocks, and
    /// the motion references and numbered paragraphs in it learn their passage's text.
    fn close_block(&mut self, end_offset: usize) {
        if let Some(offset) = self.insert_open.take() {
            self.error_at(offset..offset + 3, "an insertion `{++` is not closed in the same paragraph or item");
            self.out.push(html("</ins>".into()));
        }
        if let Some(offset) = self.delete_open.take() {
            self.error_at(offset..offset + 3, "a deletion `{--` is not closed in the same paragraph or item");
            self.out.push(html("</del>".into()));
        }
        let _ = end_offset;
        let needs_text = self.motion_refs[self.block_motions..].iter().any(|m| m.passage.is_empty())
            || self.paragraphs[self.block_paragraphs..].iter().any(|p| p.text.is_empty());
        if needs_text {
            let text = self.plain_text_out(self.block_start..self.out.len());
            for motion in &mut self.motion_refs[self.block_motions..] {
                if motion.passage.is_empty() {
                    motion.passage = text.clone();
                }
            }
            for paragraph in &mut self.paragraphs[self.block_paragraphs..] {
                if paragraph.text.is_empty() {
                    paragraph.text = text.clone();
                }
            }
        }
    }

    // ---- lists and items ------------------------------------------------------------

    fn list_start(&mut self, start: Option<u64>, range: Range<usize>) {
        let pending = self.pending_list.take();
        let at_top = self.item_stack.is_empty();
        let (kind, attributes) = match pending {
            Some((attributes, attr_range)) => {
                let kind = attributes.classes.iter().find_map(|c| ItemKind::from_list_class(c));
                for class in &attributes.classes {
                    if ItemKind::from_list_class(class).is_none() {
                        let known = SECTION_CLASSES.iter().copied().filter(|c| *c != "goal");
                        let mut diagnostic = Diagnostic::error(format!("unknown list class `.{class}`"));
                        if let Some(nearest) = did_you_mean(class, known) {
                            diagnostic = diagnostic.with_help(format!("did you mean `.{nearest}`?"));
                        }
                        self.push_diagnostic(diagnostic, attr_range.clone());
                    }
                }
                self.check_keys(&attributes, attr_range);
                (kind, attributes)
            }
            None if at_top => (self.sections.iter().rev().find_map(|s| s.marks), Attributes::default()),
            None => (None, Attributes::default()),
        };
        let _ = range;
        let ordered = start.is_some();
        let tag = if ordered { "ol" } else { "ul" };
        let start_attr = match start {
            Some(n) if n != 1 => format!(" start=\"{n}\""),
            _ => String::new(),
        };
        let class_attr = kind.map_or(String::new(), |k| format!(" class=\"items items-{}\"", k.as_str()));
        self.out.push(html(format!("<{tag}{start_attr}{class_attr}>\n")));
        self.lists.push(ListFrame { kind, attributes, ordered });
    }

    fn list_end(&mut self, ordered: bool) {
        let frame = self.lists.pop();
        let tag = if frame.map_or(ordered, |f| f.ordered) { "ol" } else { "ul" };
        self.out.push(html(format!("</{tag}>\n")));
    }

    fn item_start(&mut self, index: usize) {
        let kind = self.lists.last().and_then(|l| l.kind);
        let directly_in_item_list = self.item_stack.len() + 1 == self.lists.len()
            || self.lists.len() == 1
            || self.lists.iter().rev().skip(1).all(|l| l.kind.is_none());
        let Some(kind) = kind.filter(|_| directly_in_item_list) else {
            self.item_stack.push(None);
            self.out.push(Event::Start(Tag::Item));
            self.block_start = self.out.len();
            self.block_motions = self.motion_refs.len();
            self.block_paragraphs = self.paragraphs.len();
            return;
        };
        let end = self.matching_end(index);
        let (first, last) = self.text_bounds(index + 1, end);
        let own = self.trailing_attributes(last, kind).unwrap_or_default();
        let number = self.number_prefix(first);
        let range = self.events[index].1.clone();
        let list_attributes = self.lists.last().map(|l| l.attributes.clone()).unwrap_or_default();
        let mut attributes = list_attributes;
        attributes.id = own.id.clone();
        attributes.pairs.extend(own.pairs.iter().cloned());
        // Topics add up from list to item rather than the item's replacing the list's.
        let topics: Vec<String> = self
            .lists
            .last()
            .map(|l| l.attributes.words("topics"))
            .unwrap_or_default()
            .into_iter()
            .chain(own.words("topics"))
            .collect();
        if !topics.is_empty() {
            attributes.pairs.push(("topics".into(), topics.join(" ")));
        }
        let section = self.id_section();
        let id = match &own.id {
            Some(id) => {
                self.claim_anchor(id, range.clone());
                id.clone()
            }
            None => self.derive_item_id(kind, &section.0),
        };
        let class = format!("item item-{}", kind.as_str());
        self.out.push(html(format!("<li id=\"{}\" class=\"{class}\">", escape(&id))));
        if let Some(number) = number {
            self.push_paragraph_number(number, false, range.clone());
        }
        let out_start = self.out.len();
        let item_index = self.add_item(kind, id, &attributes, section, range.start, out_start..out_start);
        self.item_stack.push(Some(OpenItem { index: item_index, out_start }));
        self.block_start = out_start;
        self.block_motions = self.motion_refs.len();
        self.block_paragraphs = self.paragraphs.len();
    }

    fn item_end(&mut self, end_offset: usize) {
        self.close_block(end_offset);
        match self.item_stack.pop().flatten() {
            None => self.out.push(Event::End(TagEnd::Item)),
            Some(open) => {
                self.item_ranges[open.index] = open.out_start..self.out.len();
                self.out.push(html(sentinel(open.index)));
                self.out.push(html("</li>\n".into()));
            }
        }
    }

    fn derive_item_id(&mut self, kind: ItemKind, section_id: &str) -> String {
        let counter = self.counters.entry((section_id.to_string(), kind)).or_insert(0);
        *counter += 1;
        let mut id = if section_id.is_empty() {
            format!("{}-{}", kind.id_prefix(), counter)
        } else {
            format!("{}-{}-{}", kind.id_prefix(), section_id, counter)
        };
        while self.anchors.contains(&id) {
            id.push_str("-b");
        }
        self.anchors.insert(id.clone());
        id
    }

    /// The section whose id derived item ids use: the nearest heading that is not only a
    /// marker of a list kind ("Målsättningar {.goals}"), unless that heading has its own id.
    fn id_section(&self) -> (String, String) {
        self.sections
            .iter()
            .rev()
            .find(|s| s.marks.is_none() || s.explicit_id)
            .map_or((String::new(), String::new()), |s| (s.id.clone(), s.title.clone()))
    }

    fn id_section_excluding_current(&self) -> (String, String) {
        let count = self.sections.len().saturating_sub(1);
        self.sections[..count]
            .iter()
            .rev()
            .find(|s| s.marks.is_none() || s.explicit_id)
            .map_or((String::new(), String::new()), |s| (s.id.clone(), s.title.clone()))
    }

    fn add_item(
        &mut self,
        kind: ItemKind,
        id: String,
        attributes: &Attributes,
        section: (String, String),
        offset: usize,
        out_range: Range<usize>,
    ) -> usize {
        let range = offset..offset + 1;
        self.check_keys(attributes, range.clone());
        let mut topics: Vec<String> = self.sections.iter().flat_map(|s| s.topics.iter().cloned()).collect();
        for topic in self.checked_topics(attributes, range.clone()) {
            if !topics.contains(&topic) {
                topics.push(topic);
            }
        }
        topics.dedup();
        let status = match attributes.get("status") {
            None => None,
            Some(value) if kind == ItemKind::Goal => match GoalStatus::parse(value) {
                Some(status) => Some(status),
                None => {
                    let names = GoalStatus::ALL.iter().map(|(n, _)| *n);
                    let mut diagnostic = Diagnostic::error(format!("unknown goal status `{value}`"));
                    diagnostic = match did_you_mean(value, names.clone()) {
                        Some(nearest) => diagnostic.with_help(format!("did you mean `{nearest}`?")),
                        None => diagnostic.with_help(format!("valid values: {}", names.collect::<Vec<_>>().join(", "))),
                    };
                    self.push_diagnostic(diagnostic, range.clone());
                    None
                }
            },
            Some(_) => {
                self.error_at(range.clone(), format!("`status` applies to goals, not to a {}", kind.as_str()));
                None
            }
        };
        let mut addressees = self.checked_actors(attributes, range.clone());
        if addressees.is_empty() {
            addressees = self.sections.iter().rev().find(|s| !s.to.is_empty()).map(|s| s.to.clone()).unwrap_or_default();
        }
        let section_id = section.0.clone();
        let serves = if kind == ItemKind::Activity {
            let explicit = attributes.words("goals");
            if explicit.is_empty() { self.default_goals(&section_id) } else { explicit }
        } else {
            Vec::new()
        };
        let implements = attributes
            .words("implements")
            .into_iter()
            .filter_map(|written| match parse_link_target(&written) {
                Some(target) => Some(target),
                None => {
                    self.error_at(range.clone(), format!("`{written}` in `implements` does not name a document"));
                    None
                }
            })
            .collect::<Vec<_>>();
        for target in &implements {
            self.links.push(InternalLink {
                target: target.clone(),
                kind: LinkKind::Implements,
                source_item: Some(id.clone()),
                source_section: section_id.clone(),
                offset,
            });
        }
        if kind == ItemKind::Goal {
            self.goals_by_section.entry(section_id.clone()).or_default().push(id.clone());
        }
        let line = crate::diagnostic::line_column(&self.source.text, offset).0;
        let ordinal = self.items.iter().filter(|i| i.kind == kind && i.section_id == section_id).count() + 1;
        self.items.push(Item {
            id,
            kind,
            ordinal,
            html: String::new(),
            text: String::new(),
            section_id,
            section_title: section.1,
            topics,
            status,
            period: attributes.get("period").map(str::to_string),
            addressees,
            serves,
            implements,
            line,
        });
        self.item_ranges.push(out_range);
        self.items.len() - 1
    }

    /// Activities serve the goals of their own section, or of the nearest enclosing one.
    fn default_goals(&self, section_id: &str) -> Vec<String> {
        if let Some(goals) = self.goals_by_section.get(section_id) {
            return goals.clone();
        }
        for section in self.sections.iter().rev() {
            if let Some(goals) = self.goals_by_section.get(&section.id) {
                return goals.clone();
            }
        }
        Vec::new()
    }

    // ---- inline content -------------------------------------------------------------

    fn text(&mut self, index: usize, text: CowStr<'a>, range: Range<usize>) {
        if self.in_code {
            self.out.push(Event::Text(text));
            return;
        }
        let edit = self.edits.get(&index).copied().unwrap_or_default();
        let end = edit.keep_end.unwrap_or(text.len()).min(text.len());
        let start = edit.skip_start.min(end);
        let slice = &text[start..end];
        let pieces = split_inline(slice);
        if start == 0 && end == text.len() && matches!(pieces.as_slice(), [(_, InlinePiece::Text(_))]) {
            self.out.push(Event::Text(text));
            return;
        }
        let base = range.start + start;
        for (offset, piece) in pieces {
            let at = base + offset;
            match piece {
                InlinePiece::Text(run) => self.out.push(Event::Text(CowStr::from(run.to_string()))),
                InlinePiece::InsertOpen => self.open_amendment(true, at),
                InlinePiece::DeleteOpen => self.open_amendment(false, at),
                InlinePiece::InsertClose => self.close_amendment(true, at),
                InlinePiece::DeleteClose => self.close_amendment(false, at),
                InlinePiece::ParagraphNumber(number) => self.push_paragraph_number(number, false, at..at + 4),
                InlinePiece::Motions(labels) => self.push_motions(labels, at),
            }
        }
    }

    fn open_amendment(&mut self, insert: bool, at: usize) {
        let (open, tag) = if insert { (&mut self.insert_open, "ins") } else { (&mut self.delete_open, "del") };
        if open.is_some() {
            self.error_at(at..at + 3, "an amendment is opened inside another of the same kind");
            return;
        }
        *open = Some(at);
        self.out.push(html(format!("<{tag} class=\"amendment\">")));
    }

    fn close_amendment(&mut self, insert: bool, at: usize) {
        let (open, tag) = if insert { (&mut self.insert_open, "ins") } else { (&mut self.delete_open, "del") };
        if open.take().is_none() {
            let token = if insert { "++}" } else { "--}" };
            self.error_at(at..at + 3, format!("`{token}` closes an amendment that was never opened"));
            return;
        }
        self.out.push(html(format!("</{tag}>")));
    }

    fn push_motions(&mut self, labels: Vec<super::inline::MotionLabel>, _at: usize) {
        let passage_anchor = self.passage_anchor();
        let base = &self.context.config.base_path;
        let motions_word = &self.context.config.paths.motions;
        let mut links = Vec::with_capacity(labels.len());
        for label in labels {
            let mut anchor = format!("motion-{}", motion_anchor(&label.label));
            let mut n = 2;
            let first = anchor.clone();
            while self.anchors.contains(&anchor) {
                anchor = format!("{first}-{n}");
                n += 1;
            }
            self.anchors.insert(anchor.clone());
            links.push(format!(
                "<a class=\"motion-ref\" id=\"{anchor}\" href=\"{base}/{motions_word}/#{target}\" aria-label=\"{word} {label}\">{label}</a>",
                target = label.motion.to_lowercase(),
                word = escape(&self.context.labels.motion),
                label = escape(&label.label)
            ));
            self.motion_refs.push(MotionRef {
                motion: label.motion,
                label: label.label,
                anchor,
                passage_anchor: passage_anchor.clone(),
                passage: String::new(),
            });
        }
        self.out.push(html(format!("<span class=\"motion-refs\">({})</span>", links.join(", "))));
    }

    fn passage_anchor(&self) -> String {
        if let Some(Some(open)) = self.item_stack.iter().rev().find(|i| i.is_some()) {
            return self.items[open.index].id.clone();
        }
        if let Some(anchor) = &self.paragraph_anchor {
            return anchor.clone();
        }
        self.sections.last().map(|s| s.id.clone()).unwrap_or_default()
    }

    fn link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        range: Range<usize>,
    ) {
        let wiki = matches!(link_type, LinkType::WikiLink { .. });
        let dest_url = match classify_link(&dest_url, &self.doc_path, wiki) {
            LinkDestination::External => dest_url,
            LinkDestination::Invalid(message) => {
                self.error_at(range, message);
                dest_url
            }
            LinkDestination::Internal(target) => {
                let url = self.url_of(&target);
                let source_item = self.item_stack.iter().rev().flatten().next().map(|open| self.items[open.index].id.clone());
                let source_section = self.sections.last().map(|s| s.id.clone()).unwrap_or_default();
                self.links.push(InternalLink { target, kind: LinkKind::Text, source_item, source_section, offset: range.start });
                CowStr::from(url)
            }
        };
        self.out.push(Event::Start(Tag::Link { link_type, dest_url, title, id }));
    }

    fn url_of(&self, target: &LinkTarget) -> String {
        let anchor = target.anchor.as_ref().map_or(String::new(), |a| format!("#{a}"));
        if target.doc == self.doc_path && !anchor.is_empty() {
            return anchor;
        }
        format!("{}{anchor}", doc_url(&self.context.config.base_path, &target.doc))
    }

    fn raw_html(&mut self, raw: CowStr<'a>) {
        if self.context.config.allow_raw_html {
            self.out.push(Event::Html(raw));
        } else if !raw.trim_start().starts_with("<!--") {
            // Shown as text, so nothing an author pastes can inject markup or script.
            self.out.push(Event::Text(raw));
        }
    }

    fn code_block(&mut self, index: usize, kind: CodeBlockKind<'a>) -> usize {
        self.check_pending_list();
        let end = self.matching_end(index);
        let code: String = self.events[index + 1..end]
            .iter()
            .filter_map(|(e, _)| if let Event::Text(t) = e { Some(t.as_ref()) } else { None })
            .collect();
        let language = match &kind {
            CodeBlockKind::Fenced(info) => info.split_whitespace().next().unwrap_or("").to_string(),
            CodeBlockKind::Indented => String::new(),
        };
        let highlighted = if language.is_empty() { None } else { highlight_code(&code, &language) };
        if highlighted.is_none() && !language.is_empty() {
            let range = self.events[index].1.clone();
            let diagnostic = Diagnostic::warning(format!("unknown code block language `{language}`; shown without highlighting"));
            self.push_diagnostic(diagnostic, range);
        }
        let body = highlighted.unwrap_or_else(|| escape(&code));
        let lang_attr = if language.is_empty() { String::new() } else { format!(" data-lang=\"{}\"", escape(&language)) };
        self.out.push(html(format!("<pre class=\"code\"{lang_attr}><code>{body}</code></pre>\n")));
        end + 1
    }

    // ---- pre-scans ------------------------------------------------------------------

    /// The index of the `End` event that closes the `Start` at `index`.
    fn matching_end(&self, index: usize) -> usize {
        let mut depth = 0usize;
        for (offset, (event, _)) in self.events[index..].iter().enumerate() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return index + offset;
                    }
                }
                _ => {}
            }
        }
        self.events.len().saturating_sub(1)
    }

    /// The first and last text events of a block's own content, outside nested lists.
    fn text_bounds(&self, from: usize, to: usize) -> (Option<usize>, Option<usize>) {
        let mut nested = 0usize;
        let mut first = None;
        let mut last = None;
        for index in from..to {
            match &self.events[index].0 {
                Event::Start(Tag::List(_)) => nested += 1,
                Event::End(TagEnd::List(_)) => nested = nested.saturating_sub(1),
                Event::Text(_) if nested == 0 => {
                    first.get_or_insert(index);
                    last = Some(index);
                }
                _ => {}
            }
        }
        // The prefix only counts when the block opens with text.
        let opens_with_text = (from..to)
            .find(|&i| !matches!(self.events[i].0, Event::Start(Tag::Paragraph)))
            .is_some_and(|i| Some(i) == first);
        (first.filter(|_| opens_with_text), last)
    }

    fn trailing_attributes(&mut self, last: Option<usize>, _kind: ItemKind) -> Option<Attributes> {
        let index = last?;
        let (Event::Text(text), range) = &self.events[index] else { return None };
        let (start, block) = find_trailing_block(text)?;
        let block = block.to_string();
        let keep_end = text[..start].trim_end().len();
        let at = range.start + start..range.start + start + block.len();
        match parse_attribute_block(&block) {
            Ok(attributes) => {
                self.edits.entry(index).or_default().keep_end = Some(keep_end);
                Some(attributes)
            }
            Err(message) => {
                self.error_at(at, format!("invalid attribute block: {message}"));
                self.edits.entry(index).or_default().keep_end = Some(keep_end);
                None
            }
        }
    }

    fn number_prefix(&mut self, first: Option<usize>) -> Option<u32> {
        let index = first?;
        let (Event::Text(text), _) = &self.events[index] else { return None };
        let (number, length) = paragraph_number_prefix(text)?;
        self.edits.entry(index).or_default().skip_start = length;
        Some(number)
    }

    fn plain_text_between(&self, from: usize, to: usize) -> String {
        let mut text = String::new();
        for index in from..to {
            if let (Event::Text(t) | Event::Code(t), _) = &self.events[index] {
                let edit = self.edits.get(&index).copied().unwrap_or_default();
                let end = edit.keep_end.unwrap_or(t.len()).min(t.len());
                text.push_str(&t[edit.skip_start.min(end)..end]);
            }
        }
        plain_inline(&text)
    }

    fn plain_text_out(&self, range: Range<usize>) -> String {
        plain_text(&self.out[range])
    }

    // ---- checks ---------------------------------------------------------------------

    fn check_pending_list(&mut self) {
        if let Some((_, range)) = self.pending_list.take() {
            self.error_at(range, "an attribute line must stand right before the list it marks")
        }
    }

    fn check_pending_list_at(&mut self, _offset: usize) {
        if self.pending_list.is_some() {
            self.check_pending_list();
        }
    }

    fn claim_anchor(&mut self, id: &str, range: Range<usize>) {
        if !crate::content::is_valid_anchor(id) {
            self.error_at(range.clone(), format!("`{id}` is not a valid id: use lowercase a-z, digits and hyphens"));
        }
        if !self.anchors.insert(id.to_string()) {
            self.error_at(range, format!("duplicate id `{id}` in this document"));
        }
    }

    fn check_keys(&mut self, attributes: &Attributes, range: Range<usize>) {
        for (key, _) in &attributes.pairs {
            if !ITEM_KEYS.contains(&key.as_str()) {
                let mut diagnostic = Diagnostic::error(format!("unknown attribute `{key}`"));
                if let Some(nearest) = did_you_mean(key, ITEM_KEYS) {
                    diagnostic = diagnostic.with_help(format!("did you mean `{nearest}`?"));
                }
                self.push_diagnostic(diagnostic, range.clone());
            }
        }
    }

    fn checked_topics(&mut self, attributes: &Attributes, range: Range<usize>) -> Vec<String> {
        let vocabulary = self.context.vocabulary;
        let mut topics = Vec::new();
        for topic in attributes.words("topics") {
            if vocabulary.topic(&topic).is_some() {
                topics.push(topic);
            } else {
                let slugs = vocabulary.topics.iter().map(|t| t.slug.as_str());
                let diagnostic = crate::content::unknown_value("topic", &topic, slugs);
                self.push_diagnostic(diagnostic, range.clone());
            }
        }
        topics
    }

    fn checked_actors(&mut self, attributes: &Attributes, range: Range<usize>) -> Vec<String> {
        let vocabulary = self.context.vocabulary;
        let mut actors = Vec::new();
        for actor in attributes.words("to") {
            if vocabulary.actor(&actor).is_some() {
                actors.push(actor);
            } else {
                let slugs = vocabulary.actors.iter().map(|a| a.slug.as_str());
                let diagnostic = crate::content::unknown_value("actor", &actor, slugs);
                self.push_diagnostic(diagnostic, range.clone());
            }
        }
        actors
    }

    fn error_at(&mut self, range: Range<usize>, message: impl Into<String>) {
        self.push_diagnostic(Diagnostic::error(message), range);
    }

    fn push_diagnostic(&mut self, diagnostic: Diagnostic, range: Range<usize>) {
        self.diagnostics.push(diagnostic.at(&self.source.display_path, &self.source.text, range));
    }

    // ---- output ---------------------------------------------------------------------

    fn finish(mut self, meta: DocumentMeta) -> (Document, Vec<Diagnostic>) {
        let vocabulary = self.context.vocabulary;
        for (index, range) in self.item_ranges.iter().enumerate() {
            let events = &self.out[range.clone()];
            let item = &mut self.items[index];
            let mut item_html = String::new();
            pulldown_cmark::html::push_html(&mut item_html, events.iter().cloned());
            item.html = item_html.trim().to_string();
            item.text = plain_text(events);
            if item.kind == ItemKind::Recommendation && item.addressees.is_empty() {
                item.addressees = vocabulary.actor_matcher.find(&item.text);
            }
        }
        let mut body_html = String::new();
        let plain = plain_text(&self.out);
        pulldown_cmark::html::push_html(&mut body_html, self.out.into_iter());
        let body = split_segments(&body_html);
        for link in &meta.implements {
            match parse_link_target(&link.target) {
                Some(target) => self.links.push(InternalLink {
                    target,
                    kind: LinkKind::Implements,
                    source_item: None,
                    source_section: String::new(),
                    offset: link.offset,
                }),
                None => {
                    let diagnostic = Diagnostic::error(format!("`{}` in `implements` does not name a document", link.target));
                    self.diagnostics.push(diagnostic.at(&self.source.display_path, &self.source.text, link.offset..link.offset + 1));
                }
            }
        }
        let document = Document {
            path: self.doc_path,
            source_path: self.source.display_path.clone(),
            source_text: self.source.text.clone(),
            meta,
            toc: self.toc,
            items: self.items,
            anchors: self.anchors,
            links: self.links,
            motion_refs: self.motion_refs,
            body,
            plain_text: plain,
            paragraphs: self.paragraphs,
        };
        (document, self.diagnostics)
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
        let Some(end) = after.find(SENTINEL) else { break };
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
            Event::Html(h) if h.starts_with("<span class=\"motion-refs\">") => {
                if !in_deletion {
                    text.push_str(&strip_tags(h));
                }
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

pub(crate) fn collapse_whitespace(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(crate) use crate::html::escape;
