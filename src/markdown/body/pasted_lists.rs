//! A list pasted from a word processor that Markdown reads as one paragraph: its lines open
//! with Word's bullets (`•`, `◦`, `–`), letters (`a.`, `b.`) or a marker followed by a
//! non-breaking space (`-` U+00A0). The items are neither a list on the page nor goals in any
//! index; under a marked heading the heading says only that no list stands under it.

use super::*;

/// A line of a paragraph that was meant as a list item, and why Markdown did not read it so.
enum PastedItem {
    /// A bullet or letter that is no list marker in Markdown.
    Marker(String),
    /// A list marker followed by a space that is not a space to Markdown.
    HardSpace(String),
}

impl Walker<'_, '_> {
    /// Reports the first line of the paragraph `index` that opens like a pasted list item.
    /// Once a paragraph: the author fixes the list as a whole, and ten errors for ten bullets
    /// would bury the rest of the report. Whether it reported one.
    pub(super) fn check_pasted_list(&mut self, index: usize) -> bool {
        let range = self.events[index].1.clone();
        let Some(text) = self.source.text.get(range.clone()) else {
            return false;
        };
        let Some((at, line, pasted)) = pasted_item(text) else {
            return false;
        };
        let written = shown_line(line);
        let diagnostic = match pasted {
            PastedItem::Marker(marker) => {
                Diagnostic::err(text!("E160", written = &written, bullet = &marker))
                    .help(text!("E147.help", bullet = &marker))
            }
            PastedItem::HardSpace(marker) => {
                Diagnostic::err(text!("E161", written = &written, marker = &marker))
                    .help(text!("E161.help", marker = &marker))
            }
        };
        let start = range.start + at;
        self.push_diagnostic(diagnostic, start..start + line.len());
        true
    }
}

/// The first line of `paragraph` meant as a list item: where it starts, the line, and why it
/// is none. A single line opening with a dash (`– Ulla Andersson` under a quote) is prose;
/// two are a list, and `•`, `◦` or letters `a.` then `b.` are a list anywhere.
fn pasted_item(paragraph: &str) -> Option<(usize, &str, PastedItem)> {
    let mut offset = 0;
    let mut first_dash = None;
    let mut letters: Option<(usize, &str, char)> = None;
    for line in paragraph.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let at = offset + line.len() - trimmed.len();
        let shown = trimmed.trim_end();
        offset += line.len();
        if let Some(marker) = hard_spaced_marker(trimmed) {
            return Some((at, shown, PastedItem::HardSpace(marker.to_string())));
        }
        if let Some(bullet) = super::stray::word_bullet(trimmed) {
            if !matches!(bullet, '–' | '—') {
                return Some((at, shown, PastedItem::Marker(bullet.to_string())));
            }
            match first_dash {
                Some((first_at, first)) => {
                    return Some((first_at, first, PastedItem::Marker(bullet.to_string())));
                }
                None => first_dash = Some((at, shown)),
            }
        }
        if let Some(letter) = letter_marker(trimmed) {
            match letters {
                Some((first_at, first, previous)) if next_letter(previous) == Some(letter) => {
                    let marker = first.split_whitespace().next().unwrap_or(first);
                    return Some((first_at, first, PastedItem::Marker(marker.to_string())));
                }
                _ => letters = Some((at, shown, letter)),
            }
        }
    }
    None
}

/// The first 24 characters of `line` for a message, each space as a space: a tab after
/// Word's bullet would jump in the message's backticks.
pub(super) fn shown_line(line: &str) -> String {
    let mut shown = line
        .chars()
        .take(24)
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect::<String>();
    if line.chars().count() > 24 {
        shown.push('…');
    }
    shown
}

/// `-`, `*`, `+` or `1.` followed by a non-breaking or other typographic space, which Word
/// puts after a list's marker and Markdown does not take for a space: the marker.
pub(super) fn hard_spaced_marker(line: &str) -> Option<&str> {
    let rest = super::list_markers::after_list_marker(line)?;
    let space = rest.chars().next()?;
    (space.is_whitespace() && !matches!(space, ' ' | '\t'))
        .then(|| &line[..line.len() - rest.len()])
}

/// The letter of `a. Text` or `b) Text`: one letter, its `.` or `)`, and a space.
fn letter_marker(line: &str) -> Option<char> {
    let mut chars = line.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    chars.next().filter(|c| matches!(c, '.' | ')'))?;
    chars.next().filter(|c| c.is_whitespace()).map(|_| letter)
}

fn next_letter(letter: char) -> Option<char> {
    char::from_u32(letter as u32 + 1).filter(char::is_ascii_alphabetic)
}

#[cfg(test)]
mod tests {
    use super::{PastedItem, pasted_item};

    fn marker(paragraph: &str) -> Option<String> {
        pasted_item(paragraph).map(|(_, _, pasted)| match pasted {
            PastedItem::Marker(m) => m,
            PastedItem::HardSpace(m) => format!("{m}+nbsp"),
        })
    }

    #[test]
    fn word_bullets_letters_and_hard_spaces_are_pasted_items() {
        assert_eq!(marker("•\tFörankra\n•\tSkapa\n").as_deref(), Some("•"));
        assert_eq!(marker("Text\n◦ Diskutera\n").as_deref(), Some("◦"));
        assert_eq!(marker("✓ Vi rekommenderar\n").as_deref(), Some("✓"));
        assert_eq!(marker("– Ett\n– Två\n").as_deref(), Some("–"));
        assert_eq!(marker("a. Stödja\nb. Träffas\n").as_deref(), Some("a."));
        assert_eq!(marker("A) Stödja\nB) Träffas\n").as_deref(), Some("A)"));
        assert_eq!(marker("-\u{a0}Mål\n").as_deref(), Some("-+nbsp"));
        assert_eq!(marker("1.\u{a0}Mål\n").as_deref(), Some("1.+nbsp"));
    }

    #[test]
    fn prose_that_opens_a_line_alike_is_no_list() {
        for prose in [
            "– Ulla Andersson\n",
            "Vi höjer\n– om tillfälle uppstår – rösterna.\n",
            "a. Bara en bokstav\nc. inte nästa\n",
            "5\u{a0}000 kronor\n",
            "2015–2016\n",
            "i. e. som sagt\n",
        ] {
            assert_eq!(marker(prose), None, "{prose:?}");
        }
    }
}
