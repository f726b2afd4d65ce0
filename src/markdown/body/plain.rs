//! The plain text of a stretch of the walk's events (what a reader sees as adopted, for
//! titles, search and the exports), and whitespace collapsed as a browser shows it.

use std::ops::Range;

use pulldown_cmark::{Event, TagEnd};

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
