//! Escaping for everything planpress writes into HTML itself (attributes, chips, the search
//! index is JSON and escaped by serde_json), so no author text can become markup.

pub fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + text.len() / 8);
    escape_into(&mut escaped, text);
    escaped
}

/// [`escape`], appended to `out`: the pages write hundreds of thousands of short texts, and
/// most have nothing to escape, so runs between special characters are copied whole.
pub fn escape_into(out: &mut String, text: &str) {
    let mut start = 0;
    for (at, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // Every special character is ASCII, so `at` is a character boundary.
        out.push_str(&text[start..at]);
        out.push_str(replacement);
        start = at + 1;
    }
    out.push_str(&text[start..]);
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
