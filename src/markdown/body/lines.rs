//! Line numbers of byte offsets, counted on from the last one asked for.

use std::ops::Range;

/// The 1-based line of byte `offset` of `text`, counted on from `cursor` (an earlier offset
/// and its line) when `offset` lies after it.
pub(super) fn line_from(text: &str, cursor: (usize, usize), offset: usize) -> usize {
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
pub(super) fn count_newlines(bytes: &[u8]) -> usize {
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
