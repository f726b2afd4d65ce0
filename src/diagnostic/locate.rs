//! Finding a byte offset's line and column, and the window of its line a diagnostic shows.
//!
//! A file with thousands of mistakes on one long line is located in time linear in its size:
//! lines are found by binary search in an index of line starts, columns by counting
//! characters from the nearest checkpoint, and a diagnostic keeps at most
//! [`WINDOW_CHARS`] characters of its line, not the whole line (20,000 broken links on one
//! 100 KB line were 2 GB of source lines, and as much again printed).

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;
use std::path::{Path, PathBuf};

use super::{Diagnostic, Location};

/// The most characters of a source line a diagnostic shows, as rustc cuts long lines.
pub const WINDOW_CHARS: usize = 110;
/// Of those, how many come before the caret when the line is cut.
const CONTEXT_BEFORE: usize = 40;
/// Bytes between two checkpoints of the character count.
const CHECKPOINT: usize = 512;

/// A file's text, for pointing diagnostics at offsets in it; the index is made the first time
/// it is needed, so pointing one diagnostic costs one pass over the text, and each further one
/// costs a binary search and at most `CHECKPOINT` bytes of counting.
pub struct Locator<'a> {
    path: PathBuf,
    text: Cow<'a, str>,
    index: OnceCell<LineIndex>,
}

struct LineIndex {
    /// The offset of every line's first byte.
    line_starts: Vec<usize>,
    /// The number of characters before every multiple of [`CHECKPOINT`].
    chars_before: Vec<usize>,
}

impl LineIndex {
    fn of(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let mut chars_before = Vec::with_capacity(text.len() / CHECKPOINT + 1);
        let mut count = 0;
        for block in text.as_bytes().chunks(CHECKPOINT) {
            chars_before.push(count);
            count += char_starts(block);
        }
        chars_before.push(count);
        LineIndex {
            line_starts,
            chars_before,
        }
    }

    /// Characters in `text[..offset]`; `offset` is a char boundary.
    fn chars_until(&self, text: &str, offset: usize) -> usize {
        let block = offset / CHECKPOINT;
        let from = block * CHECKPOINT;
        self.chars_before.get(block).copied().unwrap_or(0)
            + char_starts(text.as_bytes().get(from..offset).unwrap_or_default())
    }

    /// The 0-based line of `offset` and the offset its line starts at.
    fn line_of(&self, offset: usize) -> (usize, usize) {
        let line = self.line_starts.partition_point(|&s| s <= offset).max(1) - 1;
        (line, self.line_starts.get(line).copied().unwrap_or(0))
    }
}

/// The number of characters that start in `bytes`: every byte but UTF-8 continuation bytes.
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

impl<'a> Locator<'a> {
    /// `text` is the whole of the file shown as `path`.
    pub fn new(path: &Path, text: impl Into<Cow<'a, str>>) -> Self {
        Locator {
            path: path.to_path_buf(),
            text: text.into(),
            index: OnceCell::new(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Points `diagnostic` at `span` (byte offsets) of the text.
    pub fn locate(&self, mut diagnostic: Diagnostic, span: Range<usize>) -> Diagnostic {
        let text: &str = &self.text;
        let index = self.index.get_or_init(|| LineIndex::of(text));
        let start = floor_char_boundary(text, span.start.min(text.len()));
        let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
        let (line, line_start) = index.line_of(start);
        let line_end = index
            .line_starts
            .get(line + 1)
            .map_or(text.len(), |next| next - 1);
        let line_end = if text[line_start..line_end].ends_with('\r') && line_end > start {
            line_end - 1
        } else {
            line_end
        };
        let column = index.chars_until(text, start) - index.chars_until(text, line_start) + 1;
        let line_chars = index.chars_until(text, line_end) - index.chars_until(text, line_start);
        let window = Window::around(text, line_start..line_end, line_chars, start);
        let width = text[start..end.clamp(start, line_end.max(start))]
            .chars()
            .take(WINDOW_CHARS)
            .count();
        diagnostic.location = Some(Location::at(self.path.clone(), line + 1, column));
        diagnostic.width = width.clamp(1, window.after_caret.max(1));
        diagnostic.caret = window.caret;
        diagnostic.source_line = Some(window.shown);
        diagnostic
    }
}

/// The part of a line a diagnostic shows: the whole line if it is short, else at most
/// [`WINDOW_CHARS`] characters around the caret, with `…` where the line was cut.
struct Window {
    shown: String,
    /// Characters of `shown` before the caret.
    caret: usize,
    /// Characters of `shown` from the caret on, before any closing `…`.
    after_caret: usize,
}

impl Window {
    fn around(text: &str, line: Range<usize>, line_chars: usize, caret_at: usize) -> Window {
        let caret_at = caret_at.clamp(line.start, line.end.max(line.start));
        if line_chars <= WINDOW_CHARS {
            let shown = &text[line.clone()];
            let caret = text[line.start..caret_at].chars().count();
            return Window {
                shown: shown.to_string(),
                caret,
                after_caret: line_chars - caret,
            };
        }
        // Back from the caret at most CONTEXT_BEFORE characters, then on to fill the window.
        let before = &text[line.start..caret_at];
        let (from, before_chars) = before
            .char_indices()
            .rev()
            .take(CONTEXT_BEFORE)
            .last()
            .map_or((caret_at, 0), |(i, _)| {
                (
                    line.start + i,
                    text[line.start + i..caret_at].chars().count(),
                )
            });
        let room = WINDOW_CHARS - before_chars;
        let after = &text[caret_at..line.end];
        let to = after
            .char_indices()
            .nth(room)
            .map_or(line.end, |(i, _)| caret_at + i);
        let cut_start = from > line.start;
        let cut_end = to < line.end;
        let mut shown = String::with_capacity(to - from + 8);
        if cut_start {
            shown.push('…');
        }
        shown.push_str(&text[from..to]);
        if cut_end {
            shown.push('…');
        }
        Window {
            shown,
            caret: before_chars + usize::from(cut_start),
            after_caret: text[caret_at..to].chars().count(),
        }
    }
}

pub(super) fn floor_char_boundary(source: &str, mut index: usize) -> usize {
    while index > 0 && !source.is_char_boundary(index) {
        index -= 1;
    }
    index
}
