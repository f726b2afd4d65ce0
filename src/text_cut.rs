//! Cutting text to a length for links, snippets and labels (the pages', the search
//! index's and a `[[target]]` link's title, which the document model gives).

/// `text` cut to its first `chars` characters, trimmed and marked with an ellipsis when cut.
pub fn shorten(text: &str, chars: usize) -> String {
    match shortened_prefix(text, chars) {
        None => text.to_string(),
        Some(kept) => format!("{kept}…"),
    }
}

/// What [`shorten`] keeps of `text` before its ellipsis, or `None` when it keeps all of it:
/// for writers that put the pieces straight into a buffer (the search index's snippets).
pub fn shortened_prefix(text: &str, chars: usize) -> Option<&str> {
    let cut = nth_char_start(text, chars)?;
    text.get(..cut).map(str::trim_end)
}

/// Where character `n` (from 0) of `text` starts, if it has that many: `char_indices().nth(n)`
/// without decoding every character. Only the first `n` characters are looked at, since a
/// document's whole text is cut too; they are counted 16 bytes at a time (every byte but a
/// UTF-8 continuation byte starts one), which compiles to vector compares: the search
/// index's snippets alone cut tens of thousands of texts at 160 characters.
fn nth_char_start(text: &str, n: usize) -> Option<usize> {
    // A text of at most `n` bytes has at most `n` characters.
    if text.len() <= n {
        return None;
    }
    let starts_char = |byte: u8| (byte as i8) >= -0x40;
    let bytes = text.as_bytes();
    let mut started = 0;
    let mut at = 0;
    for block in bytes.as_chunks::<16>().0 {
        let starts = block.iter().filter(|&&byte| starts_char(byte)).count();
        if started + starts > n {
            break;
        }
        started += starts;
        at += 16;
    }
    for (offset, &byte) in bytes.get(at..)?.iter().enumerate() {
        if starts_char(byte) {
            if started == n {
                return Some(at + offset);
            }
            started += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first way `shorten` was written, which the pages' bytes were made with.
    fn shorten_by_collecting(text: &str, chars: usize) -> String {
        if text.char_indices().nth(chars).is_none() {
            return text.to_string();
        }
        let cut: String = text.chars().take(chars).collect();
        format!("{}…", cut.trim_end())
    }

    #[test]
    fn shortening_cuts_at_characters_and_trims() {
        let texts = [
            "",
            "kort",
            "exakt tio!",
            "elva tecken",
            "åäö åäö åäö åäö",
            "ord med    mellanrum   på slutet",
            "<b>&\"fet\"</b> & 'citat' åäö",
            "tio tecken           ",
            "åäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäöåäö",
            "ett längre stycke med både å, ä och ö och 😀 som ska kortas av någonstans här",
        ];
        for text in texts {
            for n in 0..text.chars().count() + 2 {
                let expected = text.char_indices().nth(n).map(|(at, _)| at);
                assert_eq!(nth_char_start(text, n), expected, "{text:?} {n}");
            }
            for chars in [0, 1, 4, 9, 10, 11, 12, 15, 16, 17, 30, 31, 32, 33, 40, 80] {
                let expected = shorten_by_collecting(text, chars);
                assert_eq!(shorten(text, chars), expected, "{text:?} {chars}");
            }
        }
    }
}
