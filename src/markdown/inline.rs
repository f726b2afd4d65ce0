//! The inline syntax planpress adds inside text: CriticMarkup amendments, motion references
//! and margin paragraph numbers. [`split_inline`] is a pure tokenizer; the body walker turns
//! the pieces into HTML and records what they mean.

use std::sync::LazyLock;

use regex::Regex;

/// One motion reference inside a parenthesis such as `(E25:1, PS svar till E24)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MotionLabel {
    /// `E25`
    pub motion: String,
    /// `E25:1` or `PS svar till E24`
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InlinePiece<'t> {
    Text(&'t str),
    InsertOpen,
    InsertClose,
    DeleteOpen,
    DeleteClose,
    /// `{§4}`: a margin paragraph number inside a paragraph.
    ParagraphNumber(u32),
    /// A parenthesis of motion references.
    Motions(Vec<MotionLabel>),
}

const MOTION: &str = r"(?:E\d+(?::\d+)?|PS svar till E\d+)";

static INLINE_TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    let pattern =
        format!(r"\{{\+\+|\+\+\}}|\{{--|--\}}|\{{§(\d{{1,6}})\}}|\(({MOTION}(?:,\s*{MOTION})*)\)");
    Regex::new(&pattern).unwrap_or_else(|error| panic!("static pattern is valid: {error}"))
});

static ONE_MOTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:PS svar till )?(E\d+)(?::\d+)?$")
        .unwrap_or_else(|error| panic!("static pattern is valid: {error}"))
});

/// Splits text into plain runs and planpress tokens, each with its byte offset in `text`.
pub fn split_inline(text: &str) -> Vec<(usize, InlinePiece<'_>)> {
    // Every token holds `{`, `}` or `(`; most text runs hold none, and are one plain run
    // without the cost of setting up a regex search.
    if !may_hold_token(text) {
        return if text.is_empty() {
            Vec::new()
        } else {
            vec![(0, InlinePiece::Text(text))]
        };
    }
    split_tokens(text)
}

/// Whether `text` holds a byte that every token holds one of. Every text run of every
/// document is scanned, and most hold none, so this is memchr's vectorised search.
pub(crate) fn may_hold_token(text: &str) -> bool {
    memchr::memchr3(b'{', b'}', b'(', text.as_bytes()).is_some()
}

fn split_tokens(text: &str) -> Vec<(usize, InlinePiece<'_>)> {
    let mut pieces = Vec::new();
    let mut last = 0;
    for captures in INLINE_TOKEN.captures_iter(text) {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        if whole.start() > last {
            pieces.push((last, InlinePiece::Text(&text[last..whole.start()])));
        }
        let piece = match whole.as_str() {
            "{++" => InlinePiece::InsertOpen,
            "++}" => InlinePiece::InsertClose,
            "{--" => InlinePiece::DeleteOpen,
            "--}" => InlinePiece::DeleteClose,
            _ => {
                if let Some(number) = captures.get(1) {
                    InlinePiece::ParagraphNumber(number.as_str().parse().unwrap_or(0))
                } else {
                    let inner = captures.get(2).map_or("", |m| m.as_str());
                    InlinePiece::Motions(
                        inner
                            .split(',')
                            .filter_map(|label| motion_label(label.trim()))
                            .collect(),
                    )
                }
            }
        };
        pieces.push((whole.start(), piece));
        last = whole.end();
    }
    if last < text.len() {
        pieces.push((last, InlinePiece::Text(&text[last..])));
    }
    pieces
}

fn motion_label(label: &str) -> Option<MotionLabel> {
    let captures = ONE_MOTION.captures(label)?;
    Some(MotionLabel {
        motion: captures.get(1)?.as_str().to_string(),
        label: label.to_string(),
    })
}

/// `E25:1` → `e25-1`, `PS svar till E24` → `ps-e24`: the anchor part of a motion reference.
pub fn motion_anchor(label: &str) -> String {
    let lower = label.to_lowercase();
    let compact = lower.replace("ps svar till ", "ps-");
    compact.replace(':', "-")
}

/// The `§12 ` that opens a numbered paragraph, heading or list item: its number and length.
pub fn paragraph_number_prefix(text: &str) -> Option<(u32, usize)> {
    let rest = text.strip_prefix('§')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 {
        return None;
    }
    let after = &rest[digits..];
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    let number = rest[..digits].parse().ok()?;
    let spaces = after.len() - after.trim_start().len();
    Some((number, '§'.len_utf8() + digits + spaces))
}

/// A paragraph opening `§ 12 Text`, `§\u{a0}12 Text` or `§12. Text`: a margin number but for
/// a space or a dot, which [`paragraph_number_prefix`] rightly refuses. The number meant and
/// the byte length of what was written (`§ 12`). Only when a capital letter follows, as a
/// numbered paragraph's sentence begins: "§ 12 i stadgarna säger …" is a reference.
pub fn loose_paragraph_prefix(text: &str) -> Option<(u32, usize)> {
    let rest = text.strip_prefix('§')?;
    let digits_at = rest.len() - rest.trim_start().len();
    let digits = rest[digits_at..]
        .bytes()
        .take_while(u8::is_ascii_digit)
        .count();
    if digits == 0 || digits > 6 {
        return None;
    }
    let end = digits_at + digits;
    let dot = usize::from(rest[end..].starts_with('.'));
    let after = &rest[end + dot..];
    if digits_at == 0 && dot == 0 {
        return None;
    }
    let sentence = after.trim_start();
    let spaced = sentence.len() < after.len();
    if !spaced || !sentence.starts_with(char::is_uppercase) {
        return None;
    }
    let number = rest[digits_at..end].parse().ok()?;
    Some((number, '§'.len_utf8() + end + dot))
}

/// A `{§…}` that is not a margin number, and so is printed as written: `{§ 5}`, `{§5a}`,
/// `{§}`, `{ §5}`. Its byte range in the text, and the number meant when only spaces kept it
/// from being one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LooseNumber {
    pub range: std::ops::Range<usize>,
    pub meant: Option<u32>,
}

/// The longest `{§…}` read as a margin number gone wrong; a longer braced text is text.
const LOOSE_NUMBER_INNER: usize = 12;

/// Every [`LooseNumber`] in `text`, a run of Markdown source; a `{` escaped as `\{` is text.
pub fn loose_paragraph_numbers(text: &str) -> Vec<LooseNumber> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('{') {
        let backslashes = text.as_bytes()[..at]
            .iter()
            .rev()
            .take_while(|&&b| b == b'\\')
            .count();
        if backslashes % 2 == 1 {
            continue;
        }
        if let Some((length, meant)) = loose_number_at(&text[at..]) {
            found.push(LooseNumber {
                range: at..at + length,
                meant,
            });
        }
    }
    found
}

/// The length of the `{§…}` opening `rest` and the number it means, if it is one gone
/// wrong; `None` for a margin number as it should be, or for no `{§` at all.
fn loose_number_at(rest: &str) -> Option<(usize, Option<u32>)> {
    let after_brace = rest.strip_prefix('{')?;
    let body = after_brace.trim_start_matches([' ', '\t']);
    let lead = after_brace.len() - body.len();
    let inner_and_rest = body.strip_prefix('§')?;
    let close = inner_and_rest.find(['}', '{', '\n'])?;
    let inner = &inner_and_rest[..close];
    if !inner_and_rest[close..].starts_with('}') || inner.chars().count() > LOOSE_NUMBER_INNER {
        return None;
    }
    let digits = inner.trim();
    let all_digits = (1..=6).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit());
    if lead == 0 && all_digits && digits.len() == inner.len() {
        return None;
    }
    let meant = all_digits.then(|| digits.parse().ok()).flatten();
    Some((1 + lead + '§'.len_utf8() + close + 1, meant))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_critic_markup_and_motion_references() {
        let pieces = split_inline("nivå {++regional++} (E2:2) Vi");
        assert_eq!(
            pieces,
            vec![
                (0, InlinePiece::Text("nivå ")),
                (6, InlinePiece::InsertOpen),
                (9, InlinePiece::Text("regional")),
                (17, InlinePiece::InsertClose),
                (20, InlinePiece::Text(" ")),
                (
                    21,
                    InlinePiece::Motions(vec![MotionLabel {
                        motion: "E2".into(),
                        label: "E2:2".into()
                    }])
                ),
                (27, InlinePiece::Text(" Vi")),
            ]
        );
    }

    #[test]
    fn recognises_responses_and_lists_of_motions() {
        let pieces = split_inline("(E25:1, PS svar till E24)");
        assert_eq!(
            pieces,
            vec![(
                0,
                InlinePiece::Motions(vec![
                    MotionLabel {
                        motion: "E25".into(),
                        label: "E25:1".into()
                    },
                    MotionLabel {
                        motion: "E24".into(),
                        label: "PS svar till E24".into()
                    },
                ])
            )]
        );
        assert_eq!(
            split_inline("(se bilaga E)"),
            vec![(0, InlinePiece::Text("(se bilaga E)"))]
        );
    }

    #[test]
    fn text_without_brackets_or_braces_is_one_run() {
        for text in [
            "",
            "plain text",
            "++ -- §4 E2:1 PS svar till E31 ++ --",
            "2024-2027 +-+ § ",
            "{++x++}",
            "a (E2:1) b",
            "x --} y",
        ] {
            assert_eq!(split_inline(text), split_tokens(text), "{text:?}");
        }
    }

    #[test]
    fn the_block_scan_finds_token_bytes_anywhere() {
        for length in [0, 1, 31, 32, 33, 64, 65, 100] {
            let plain = "å".repeat(length / 2) + &"a".repeat(length % 2);
            assert!(!may_hold_token(&plain), "{length}");
            for at in 0..plain.len() {
                if !plain.is_char_boundary(at) {
                    continue;
                }
                for token in ["{", "}", "("] {
                    let text = format!("{}{token}{}", &plain[..at], &plain[at..]);
                    assert!(may_hold_token(&text), "{text:?}");
                }
            }
        }
        assert!(!may_hold_token("[x] <y> )"));
    }

    #[test]
    fn motion_anchors_are_url_safe() {
        assert_eq!(motion_anchor("E2:1"), "e2-1");
        assert_eq!(motion_anchor("PS svar till E31"), "ps-e31");
    }

    #[test]
    fn paragraph_numbers_open_blocks() {
        assert_eq!(
            paragraph_number_prefix("§12 De partiföreningar"),
            Some((12, 5))
        );
        assert_eq!(paragraph_number_prefix("§ 12"), None);
        assert_eq!(paragraph_number_prefix("§12a"), None);
        assert_eq!(
            split_inline("och {§4} Hanna")[1],
            (4, InlinePiece::ParagraphNumber(4))
        );
    }

    #[test]
    fn a_margin_number_gone_wrong_is_found_with_the_number_meant() {
        fn found(text: &str) -> Vec<(&str, Option<u32>)> {
            loose_paragraph_numbers(text)
                .into_iter()
                .map(|loose| (&text[loose.range], loose.meant))
                .collect()
        }
        assert_eq!(
            found("a {§ 5} b {§5a} c {§} d { §5} e {§5 } f {§\t12}"),
            vec![
                ("{§ 5}", Some(5)),
                ("{§5a}", None),
                ("{§}", None),
                ("{ §5}", Some(5)),
                ("{§5 }", Some(5)),
                ("{§\t12}", Some(12)),
            ]
        );
        assert_eq!(
            found("{§§} och {§ 1234567}"),
            vec![("{§§}", None), ("{§ 1234567}", None)]
        );
        for text in [
            "{§4} och {§123456}",
            "\\{§ 5} är skrivet som text",
            "{++ny++} {#id} {.goals} § 5 {x}",
            "{§ en lång text inom klamrar}",
            "{§ 5",
            "{§ 5\n}",
            "{§ {§4}",
        ] {
            assert_eq!(found(text), vec![], "{text:?}");
        }
        assert_eq!(found("\\\\{§ 5}"), vec![("{§ 5}", Some(5))]);
    }
    #[test]
    fn a_paragraph_number_with_a_space_or_a_dot_is_told_from_a_reference() {
        for (text, number, written) in [
            ("§ 12 Under året", 12, "§ 12"),
            ("§\u{a0}2 Under", 2, "§\u{a0}2"),
            ("§2. Under", 2, "§2."),
            ("§  3\tAlla", 3, "§  3"),
        ] {
            let found = loose_paragraph_prefix(text);
            assert_eq!(found, Some((number, written.len())), "{text}");
        }
        for text in [
            "§12 Under",
            "§ 12 i stadgarna säger",
            "§ 12",
            "§ Under",
            "§2.5 Under",
            "§ 1234567 Under",
            "§2Under",
        ] {
            assert_eq!(loose_paragraph_prefix(text), None, "{text}");
        }
    }
}
