//! A line of a list item's own text that opens like an item: lost from its list by its
//! indentation, or the item's text wrapped where a number happened to open a line; and a
//! line of a list written `2 . Nya`, which Markdown reads as more text of the item above.

use super::*;

impl Walker<'_, '_> {
    /// `2 . Nya` (a space before the dot) opening a line inside a list: no marker to
    /// Markdown, so the item is more text of the one above, lost from every index. Only
    /// inside a list: there a line opening so is an item; in a paragraph it is prose.
    pub(super) fn check_spaced_marker(&mut self, range: &Range<usize>) {
        if self.item_stack.is_empty() {
            return;
        }
        let text = self.source.text.as_str();
        let (Some(before), Some(run)) = (text.get(..range.start), text.get(range.clone())) else {
            return;
        };
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        if !before[line_start..]
            .bytes()
            .all(|b| b == b' ' || b == b'\t')
        {
            return;
        }
        let Some(spaced) = spaced_marker(run) else {
            return;
        };
        let diagnostic = Diagnostic::err(text!(
            "E155",
            written = &spaced.written,
            delimiter = spaced.delimiter
        ))
        .help(text!(
            "E155.help",
            delimiter = spaced.delimiter,
            meant = &spaced.meant
        ));
        self.push_diagnostic(diagnostic, range.start..range.start + spaced.written.len());
    }
}

impl Walker<'_, '_> {
    /// A list under a marked heading that opens right after another, indented by fewer
    /// spaces than the text of the item above (`  - ringa` under `10. Ring…`): meant as that
    /// item's sublist, it is a list of its own, its lines items of the heading's kind, and
    /// the items after it are numbered on from them. At the text's indentation or more it is
    /// the sublist it was meant to be, and is not reported.
    pub(super) fn check_shallow_sublist(&mut self, index: usize) {
        let marked = self.sections.iter().rev().find_map(|s| s.marks).is_some();
        let after_a_list =
            index > 0 && matches!(self.events[index - 1].0, Event::End(TagEnd::List(_)));
        if !marked || !after_a_list || !self.item_stack.is_empty() || self.pending_list.is_some() {
            return;
        }
        let text = self.source.text.as_str();
        let start = self.events[index].1.start;
        // Where the line holding byte `at` starts.
        let line_start = |at: usize| text[..at].rfind('\n').map_or(0, |n| n + 1);
        // A list's or item's range may start at its line or at its marker: where its marker
        // is, when only spaces come before it on its line.
        let marker_at = |at: usize| {
            let from = line_start(at);
            let spaces = text[from..].len() - text[from..].trim_start_matches(' ').len();
            (from + spaces >= at).then_some((from + spaces, spaces))
        };
        let Some((list_marker, spaces)) = marker_at(start).filter(|&(_, n)| n > 0) else {
            return;
        };
        let Some(above) = self.last_item_before(index - 1) else {
            return;
        };
        let Some((item_marker, marker_indent)) = marker_at(self.events[above].1.start) else {
            return;
        };
        let line = text[item_marker..].split('\n').next().unwrap_or("");
        let Some(after) = super::list_markers::after_list_marker(line) else {
            return;
        };
        let marker = &line[..line.len() - after.len()];
        let gap = after.len() - after.trim_start_matches(' ').len();
        let text_indent = marker_indent + marker.len() + gap;
        if spaces >= text_indent {
            return;
        }
        let first_line = text[list_marker..]
            .split('\n')
            .next()
            .unwrap_or("")
            .trim_end();
        let written: String = first_line.chars().take(24).collect();
        let diagnostic = Diagnostic::err(text!(
            "E156",
            written = &written,
            spaces = spaces,
            item = marker,
            needed = text_indent
        ))
        .help(text!("E156.help", needed = text_indent));
        self.push_diagnostic(diagnostic, list_marker..list_marker + first_line.len());
    }

    /// The last item of the list whose end is the event at `list_end`.
    fn last_item_before(&self, list_end: usize) -> Option<usize> {
        let mut nested = 0usize;
        for at in (0..list_end).rev() {
            match self.events[at].0 {
                Event::End(TagEnd::List(_)) => nested += 1,
                Event::Start(Tag::List(_)) if nested == 0 => return None,
                Event::Start(Tag::List(_)) => nested -= 1,
                Event::Start(Tag::Item) if nested == 0 => return Some(at),
                _ => {}
            }
        }
        None
    }
}

/// A list marker written with a space before its dot or parenthesis.
#[derive(Debug, PartialEq)]
pub(super) struct SpacedMarker {
    /// The marker as written, with the first word after it: `2 . Nya`.
    written: String,
    delimiter: char,
    /// The same, as a marker: `2. Nya`.
    meant: String,
}

/// `2 . Nya`, `12  ) Text`: a number, spaces, a `.` or `)`, a space and a word.
pub(super) fn spaced_marker(line: &str) -> Option<SpacedMarker> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=9).contains(&digits) {
        return None;
    }
    let after = &line[digits..];
    let rest = after.trim_start_matches([' ', '\t']);
    if rest.len() == after.len() {
        return None;
    }
    let delimiter = rest.chars().next().filter(|c| matches!(c, '.' | ')'))?;
    let text = rest[1..].strip_prefix(' ')?.trim_start_matches(' ');
    let word = text.split_whitespace().next()?;
    let written_len = line.len() - text.len() + word.len();
    Some(SpacedMarker {
        written: line[..written_len].to_string(),
        delimiter,
        meant: format!("{}{delimiter} {word}", &line[..digits]),
    })
}

/// The number opening `line` (`12` of `12. Mål`), if it opens with one.
pub(super) fn leading_number(line: &str) -> Option<u64> {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    line.get(..digits)?.parse().ok()
}

/// Whether a line of an item's own text that opens like a list item is one lost by its
/// indentation, as its author would read it: a bullet, a `1.` (a list's first item, which
/// could have broken into the text had it been indented as a list), or the next number of
/// the item's own list; not a number out of order such as a date wrapped onto its own line
/// (`5. maj beslutade styrelsen …`), nor a number before a month's name.
pub(super) fn lost_item(line: &str, next_number: Option<u64>) -> bool {
    let Some(number) = leading_number(line) else {
        return true;
    };
    let next_word = line
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .trim_end_matches(|c: char| !c.is_alphabetic())
        .to_lowercase();
    (number == 1 || Some(number) == next_number) && !MONTHS.contains(&next_word.as_str())
}

/// A number before one of these opens a date, in Swedish and English.
const MONTHS: &[&str] = &[
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "okt",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "may",
    "june",
    "july",
    "august",
    "october",
];

#[cfg(test)]
mod tests {
    use super::{lost_item, spaced_marker};

    #[test]
    fn a_marker_with_a_space_before_its_dot_is_told_from_prose() {
        let found = spaced_marker("2 . Nya medlemmar").expect("a marker");
        assert_eq!(
            (
                found.written.as_str(),
                found.delimiter,
                found.meant.as_str()
            ),
            ("2 . Nya", '.', "2. Nya")
        );
        assert_eq!(
            spaced_marker("12  ) Text").expect("a marker").meant,
            "12) Text"
        );
        for line in [
            "2. Nya",
            "2 .Nya",
            "2 000 kronor",
            "2 st.",
            "2 .",
            "2023 . ",
            "x 2 . Nya",
        ] {
            assert_eq!(spaced_marker(line), None, "{line}");
        }
    }

    #[test]
    fn the_next_number_and_a_first_item_are_lost_a_date_is_text() {
        for (line, next) in [
            ("2. Nya medlemmar", Some(2)),
            ("1. Ett mål", Some(7)),
            ("- Anställa", Some(2)),
            ("4) Fyra", Some(4)),
        ] {
            assert!(lost_item(line, next), "{line}");
        }
        for (line, next) in [
            ("5. maj beslutade styrelsen", Some(2)),
            ("2. maj beslutade styrelsen", Some(2)),
            ("1. Maj, då styrelsen", Some(2)),
            ("2023. Då", Some(2)),
            ("3. Nya", Some(2)),
            ("2. Nya", None),
        ] {
            assert!(!lost_item(line, next), "{line}");
        }
    }
}
