//! Small writers of the HTML the walk puts in its event stream.

use pulldown_cmark::{CowStr, Event};

pub(super) fn html<'a>(text: String) -> Event<'a> {
    Event::Html(CowStr::from(text))
}

/// Appends `n` as `format!("{n}")` writes it. Ids, anchors and links with numbers in them
/// are built for every item, paragraph and motion; the formatting machinery was a tenth
/// of the walk.
pub(super) fn push_decimal(out: &mut String, n: usize) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// Appends every part in turn.
pub(super) fn push_all(out: &mut String, parts: &[&str]) {
    for part in parts {
        out.push_str(part);
    }
}

#[cfg(test)]
mod decimal_tests {
    use super::push_decimal;

    #[test]
    fn decimals_are_written_as_format_writes_them() {
        let mut numbers = vec![
            0, 1, 9, 10, 11, 99, 100, 101, 4711, 65_535, 999_999, 1_000_000,
        ];
        numbers.extend([u32::MAX as usize, usize::MAX, usize::MAX - 1]);
        numbers.extend((0..64).map(|shift| 1usize << shift));
        for n in numbers {
            let mut written = String::from("x");
            push_decimal(&mut written, n);
            assert_eq!(written, format!("x{n}"));
        }
    }
}
