//! Whitespace collapsed as a browser shows it, written as the text is pushed.

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

    pub(super) fn len(&self) -> usize {
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
mod tests {
    use super::{Collapsed, collapse_whitespace, whitespace_at};

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
}
