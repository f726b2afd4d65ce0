//! JSON strings written straight into the buffers of the search index and the exports, byte
//! for byte as serde_json writes them: both are tens of megabytes of mostly plain text, and
//! going through serde_json value by value cost more than the bytes. Escaping itself is left
//! to serde_json, so the output cannot drift from it; only the test for whether a text needs
//! any is ours.

/// Whether serde_json escapes a byte of `text`: a quote, a backslash or a control character.
/// Tested 16 bytes at a time ([`crate::byte_scan`]): most texts need no escape at all.
pub(super) fn needs_escape(text: &str) -> bool {
    crate::byte_scan::text_flags(text.as_bytes(), |byte| u8::from(is_escaped(byte))) != 0
}

pub(super) fn is_escaped(byte: u8) -> bool {
    byte < 0x20 || byte == b'"' || byte == b'\\'
}

/// `text` as a JSON string; `escaped` says whether it [`needs_escape`], for callers that
/// have scanned it already.
pub(super) fn string(out: &mut Vec<u8>, text: &str, escaped: bool) {
    if escaped {
        // Writing to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, text);
    } else {
        out.push(b'"');
        out.extend_from_slice(text.as_bytes());
        out.push(b'"');
    }
}

/// `text` inside a JSON string whose quotes the caller writes, for strings made of pieces.
pub(super) fn contents(out: &mut Vec<u8>, text: &str) {
    if !needs_escape(text) {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    let start = out.len();
    string(out, text, true);
    // serde_json writes the quotes too: dropped again, which moves only this text's bytes.
    out.pop();
    out.remove(start);
}

#[cfg(test)]
mod tests {
    use super::{contents, needs_escape, string};

    fn tricky_texts() -> Vec<String> {
        let mut texts: Vec<String> = (0u8..0x80)
            .map(|byte| format!("a{}b", char::from(byte)))
            .collect();
        texts.push("\"quoted\" \\ back\u{7f}slash\u{1f}".repeat(9));
        texts.push("åäö ".repeat(20));
        texts.push(String::new());
        for at in [0, 15, 16, 17, 31, 39] {
            let mut text = "x".repeat(40);
            text.insert(at, '"');
            texts.push(text);
        }
        texts
    }

    #[test]
    fn strings_and_their_contents_are_what_serde_json_writes() {
        for text in tricky_texts() {
            let expected = serde_json::to_vec(&text).expect("a string serializes");
            let mut quoted = Vec::new();
            string(&mut quoted, &text, needs_escape(&text));
            assert_eq!(quoted, expected, "{text:?}");
            let mut pieces = b"\"".to_vec();
            contents(&mut pieces, &text);
            pieces.push(b'"');
            assert_eq!(pieces, expected, "{text:?}");
        }
    }
}
