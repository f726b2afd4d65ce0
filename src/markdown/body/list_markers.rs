//! How a list item begins, which several checks look for in lines Markdown did not take
//! for a list.

/// `- `, `* `, `+ `, `1. ` or `1) `: how a list item begins.
pub(super) fn starts_like_a_list_item(line: &str) -> bool {
    after_list_marker(line).is_some_and(|rest| rest.starts_with([' ', '\t']))
}

/// What follows a list marker (`-`, `*`, `+`, or up to nine digits and `.` or `)`) at the
/// start of `line`, if it starts with one.
pub(super) fn after_list_marker(line: &str) -> Option<&str> {
    if let Some(rest) = line.strip_prefix(['-', '*', '+']) {
        return Some(rest);
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=9).contains(&digits) {
        return None;
    }
    line.get(digits..)?.strip_prefix(['.', ')'])
}

#[cfg(test)]
mod list_item_tests {
    use super::starts_like_a_list_item;

    #[test]
    fn list_markers_are_told_from_code() {
        for line in ["- Anställa", "* a", "+ a", "1. Mål", "12) b", "-\tc"] {
            assert!(starts_like_a_list_item(line), "{line}");
        }
        for line in [
            "-x",
            "let x = 1;",
            "1.5 miljoner",
            "2023-01-01",
            "",
            "-",
            "1234567890. x",
        ] {
            assert!(!starts_like_a_list_item(line), "{line}");
        }
    }
}
