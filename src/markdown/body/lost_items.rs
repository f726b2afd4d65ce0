//! A line of a list item's own text that opens like an item: lost from its list by its
//! indentation, or the item's text wrapped where a number happened to open a line.

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
    use super::lost_item;

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
