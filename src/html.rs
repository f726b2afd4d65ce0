//! Escaping for the HTML planpress writes itself rather than through a template (a
//! document's body and the titles of its `[[…]]` links, the feeds, serve's error overlay),
//! so no author text can become markup. What the templates write, Tera escapes.

use crate::byte_scan::{block_flags, tail_flags};

pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut escaped, text);
    escaped
}

/// [`escape`], appended to `out`: the pages write hundreds of thousands of short texts, and
/// most have nothing to escape, so runs between special characters are copied whole. The text
/// is tested 16 bytes at a time (see `crate::byte_scan`), and only a block holding a special
/// character is gone through byte by byte.
pub fn escape_into(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    let (blocks, rest) = bytes.as_chunks::<16>();
    let mut copied = 0;
    for (n, block) in blocks.iter().enumerate() {
        if block_flags(block, needs_escape) != 0 {
            copied = escape_bytes(out, text, n * 16, block, copied);
        }
    }
    if !rest.is_empty() && tail_flags(bytes, needs_escape) != 0 {
        // Only the rest: the bytes before it that were tested again are escaped already.
        copied = escape_bytes(out, text, blocks.len() * 16, rest, copied);
    }
    out.push_str(&text[copied..]);
}

/// 1 for a byte [`escape`] replaces.
fn needs_escape(byte: u8) -> u8 {
    u8::from((byte == b'&') | (byte == b'<') | (byte == b'>') | (byte == b'"') | (byte == b'\''))
}

/// Escapes the special characters of `bytes`, which start at `offset` in `text`, copying
/// the text since `copied` before each. Returns how far `text` is copied.
fn escape_bytes(out: &mut String, text: &str, offset: usize, bytes: &[u8], copied: usize) -> usize {
    let mut copied = copied;
    for (at, byte) in bytes.iter().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // Every special character is ASCII, so `at` is a character boundary.
        let at = offset + at;
        out.push_str(&text[copied..at]);
        out.push_str(replacement);
        copied = at + 1;
    }
    copied
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            super::escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    /// What escaping is, character by character.
    fn escape_by_chars(text: &str) -> String {
        let mut escaped = String::new();
        for c in text.chars() {
            match c {
                '&' => escaped.push_str("&amp;"),
                '<' => escaped.push_str("&lt;"),
                '>' => escaped.push_str("&gt;"),
                '"' => escaped.push_str("&quot;"),
                '\'' => escaped.push_str("&#39;"),
                c => escaped.push(c),
            }
        }
        escaped
    }

    #[test]
    fn escapes_special_characters_anywhere_around_the_blocks() {
        for special in ["&", "<", ">", "\"", "'", "&<"] {
            for len in 0..=40 {
                for at in 0..=len {
                    for filler in ["x", "ö"] {
                        let mut text = filler.repeat(len);
                        text.insert_str(at * filler.len(), special);
                        assert_eq!(super::escape(&text), escape_by_chars(&text), "{text:?}");
                        text.push_str(special);
                        assert_eq!(super::escape(&text), escape_by_chars(&text), "{text:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn escape_into_appends_and_keeps_other_text() {
        let mut out = String::from("»");
        super::escape_into(&mut out, "åäö & \"ö\" <b>é'");
        assert_eq!(out, "»åäö &amp; &quot;ö&quot; &lt;b&gt;é&#39;");
        super::escape_into(&mut out, "");
        super::escape_into(&mut out, "&");
        assert_eq!(out, "»åäö &amp; &quot;ö&quot; &lt;b&gt;é&#39;&amp;");
    }
}
