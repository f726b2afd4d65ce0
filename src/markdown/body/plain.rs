//! The plain text of a stretch of the walk's events (what a reader sees as adopted, for
//! titles, search and the exports), its whitespace collapsed as a browser shows it
//! (`whitespace.rs`).

use std::ops::Range;

use pulldown_cmark::{Event, TagEnd};

use super::whitespace::{Collapsed, collapse_whitespace};
use super::{HEADING_ANCHOR, MOTION_REFS_SPAN};
use crate::markdown::inline::{InlinePiece, split_inline};

/// The text a reader sees as adopted: deleted amendments and markup left out.
pub(super) fn plain_text(events: &[Event<'_>]) -> String {
    write_plain_text(events, |_, _| {})
}

/// The plain text of `events` and, for each event and for the end, a [`TextMark`]: where
/// the text written from that event on starts. With these, the text of any stretch of the
/// events is a slice of the whole ([`PlainText::of`]) rather than another pass over it.
pub(super) struct PlainText {
    pub(super) text: String,
    marks: Vec<TextMark>,
}

#[derive(Clone, Copy)]
struct TextMark {
    at: usize,
    /// Inside a deletion, which a stretch's own pass would not know of.
    in_deletion: bool,
}

impl PlainText {
    pub(super) fn of_events(events: &[Event<'_>]) -> Self {
        let mut marks = Vec::with_capacity(events.len() + 1);
        let text = write_plain_text(events, |at, in_deletion| {
            marks.push(TextMark { at, in_deletion })
        });
        PlainText { text, marks }
    }

    /// How many events the text was written from.
    pub(super) fn events(&self) -> usize {
        self.marks.len().saturating_sub(1)
    }

    /// Where the text written from event `index` on starts, and whether a deletion is open
    /// there; the end is mark `events()`.
    pub(super) fn mark(&self, index: usize) -> Option<(usize, bool)> {
        let mark = self.marks.get(index)?;
        Some((mark.at, mark.in_deletion))
    }

    /// What [`plain_text`] gives for `events[range]`, where `events` are the ones this was
    /// made of. A stretch's own pass writes the same words with the same single spaces
    /// between them, but no space before its first word, which the whole writes there when
    /// anything came before.
    pub(super) fn of(&self, events: &[Event<'_>], range: Range<usize>) -> String {
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
pub(super) fn plain_inline(text: &str) -> String {
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
mod stripping_tests {
    use super::push_stripped;
    use crate::markdown::body::whitespace::Collapsed;

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
