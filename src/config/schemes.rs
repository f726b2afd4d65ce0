//! Which URL schemes a published link may use. A link or image whose target a browser would
//! run as script (`javascript:`, `vbscript:`, `data:text/html`) turns a document page into an
//! attack on whoever clicks it, so every destination written into the HTML is checked here,
//! read the way a browser reads it, against an allow-list rather than a deny-list: a scheme
//! nobody thought of is refused too.

use std::sync::LazyLock;

use regex::Regex;

use crate::diagnostic::Diagnostic;

/// The schemes every site may link to; `allowed_link_schemes` in site.toml adds others.
pub const DEFAULT_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// Schemes no site may allow: each runs its URL as script in some browser.
pub const SCRIPT_SCHEMES: [&str; 3] = ["javascript", "vbscript", "livescript"];

/// The scheme of `url` as a browser's URL parser finds it (WHATWG URL, "scheme state"),
/// lowercased, or `None` for a relative URL: leading and trailing C0 controls and spaces are
/// stripped and tabs and newlines removed anywhere first, so `java\tscript:` and
/// `  JaVaScRiPt:` are `javascript`. HTML entities must already be decoded (pulldown-cmark
/// decodes them in Markdown destinations).
pub fn url_scheme(url: &str) -> Option<String> {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    let mut scheme = String::new();
    for c in trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')) {
        match c {
            ':' if !scheme.is_empty() => return Some(scheme),
            c if c.is_ascii_alphabetic() => scheme.push(c.to_ascii_lowercase()),
            c if !scheme.is_empty() && (c.is_ascii_digit() || matches!(c, '+' | '-' | '.')) => {
                scheme.push(c)
            }
            _ => return None,
        }
    }
    None
}

/// Whether `scheme` is written as a URL scheme can be: a letter, then letters, digits, `+`,
/// `-` or `.`.
pub fn is_scheme_syntax(scheme: &str) -> bool {
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `None` when `url` may be published on a site that also allows `extra` schemes, else the
/// error, which names the scheme and the allowed ones.
pub fn refused_scheme(url: &str, extra: &[String]) -> Option<Diagnostic> {
    let scheme = url_scheme(url)?;
    if DEFAULT_SCHEMES.contains(&scheme.as_str()) || extra.contains(&scheme) {
        return None;
    }
    let mut allowed: Vec<&str> = DEFAULT_SCHEMES.to_vec();
    allowed.extend(extra.iter().map(String::as_str));
    let allowed = allowed
        .iter()
        .map(|s| format!("`{s}:`"))
        .collect::<Vec<_>>()
        .join(", ");
    let message = crate::text!("E042", scheme = &scheme, allowed = allowed);
    let help = if is_never_allowed(&scheme) {
        crate::text!("E042.help-script", scheme = &scheme)
    } else {
        crate::text!("E042.help-allow")
    };
    Some(Diagnostic::err(message).help(help))
}

/// Whether `scheme` (lowercase) may never be allowed: it runs its URL as script, or (`data:`)
/// holds a whole page that can.
pub fn is_never_allowed(scheme: &str) -> bool {
    SCRIPT_SCHEMES.contains(&scheme) || scheme == "data"
}

/// Attributes whose value a browser loads or navigates to as a URL.
static URL_ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?i)(?:^|[\s"'/])(?:href|src|action|formaction|xlink:href|poster|background|cite|data)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))"#,
    )
    .unwrap_or_else(|error| panic!("static pattern is valid: {error}"))
});

/// The URL attributes of raw HTML (`allow_raw_html = true`): each value's byte offset in
/// `html` and its text with the character references that can spell a scheme decoded, as
/// the browser decodes them before it parses the URL.
pub fn raw_html_urls(html: &str) -> Vec<(usize, String)> {
    URL_ATTRIBUTE
        .captures_iter(html)
        .filter_map(|captures| captures.get(1).or(captures.get(2)).or(captures.get(3)))
        .map(|value| (value.start(), decode_references(value.as_str())))
        .collect()
}

/// Decodes numeric character references (`&#106;`, `&#x09;`, with or without `;`) and the
/// named ones that spell a tab, a newline or a colon; other text is left as it is.
fn decode_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (decoded, length) = reference(rest).unwrap_or(('&', 1));
        out.push(decoded);
        rest = &rest[length..];
    }
    out.push_str(rest);
    out
}

/// The character a reference at the start of `text` stands for, and the reference's length.
fn reference(text: &str) -> Option<(char, usize)> {
    for (name, c) in [("&Tab;", '\t'), ("&NewLine;", '\n'), ("&colon;", ':')] {
        if text.starts_with(name) {
            return Some((c, name.len()));
        }
    }
    let body = text.strip_prefix("&#")?;
    let (radix, digits_start) = match body.as_bytes().first() {
        Some(b'x' | b'X') => (16, 1),
        _ => (10, 0),
    };
    let digits = body[digits_start..]
        .bytes()
        .take_while(|&b| char::from(b).is_digit(radix))
        .count();
    if digits == 0 {
        return None;
    }
    let number = &body[digits_start..digits_start + digits];
    let c = u32::from_str_radix(number, radix)
        .ok()
        .and_then(char::from_u32)
        .unwrap_or('\u{fffd}');
    let semicolon = usize::from(body[digits_start + digits..].starts_with(';'));
    Some((c, 2 + digits_start + digits + semicolon))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_a_browser_reads_them() {
        for (url, scheme) in [
            ("javascript:alert(1)", Some("javascript")),
            ("JaVaScRiPt:alert(1)", Some("javascript")),
            ("java\tscript:alert(1)", Some("javascript")),
            ("java\nscr\ript:alert(1)", Some("javascript")),
            ("  \u{1}javascript:alert(1)", Some("javascript")),
            ("vbscript:msgbox", Some("vbscript")),
            ("data:text/html,<script>", Some("data")),
            ("https://example.org/a:b", Some("https")),
            ("mailto:a@b.se", Some("mailto")),
            ("web+app:x", Some("web+app")),
            ("../a.md", None),
            ("/abs/path:x", None),
            ("#anchor", None),
            ("java script:alert(1)", None),
            (":x", None),
            ("1http:x", None),
            ("", None),
            ("javascript", None),
        ] {
            assert_eq!(url_scheme(url).as_deref(), scheme, "{url:?}");
        }
    }

    #[test]
    fn only_allowed_schemes_pass() {
        assert_eq!(refused_scheme("https://example.org", &[]), None);
        assert_eq!(refused_scheme("tel:+4612345", &[]), None);
        assert_eq!(refused_scheme("relative/page.html", &[]), None);
        let message = refused_scheme("ftp://example.org", &[])
            .map(|d| d.message)
            .unwrap_or_default();
        assert!(message.contains("`ftp:`"), "{message}");
        assert!(message.contains("`https:`"), "{message}");
        assert_eq!(refused_scheme("FTP://example.org", &["ftp".into()]), None);
        assert!(refused_scheme("javascript:x", &["ftp".into()]).is_some());
    }

    #[test]
    fn raw_html_urls_are_decoded_as_a_browser_decodes_them() {
        let html = r#"<a href="java&#x09;script:x">a</a> <img src='&#106;avascript:y'> <form action=jav&Tab;ascript:z> <p data-x="javascript:no" title="href=no">"#;
        let schemes: Vec<Option<String>> = raw_html_urls(html)
            .iter()
            .map(|(_, url)| url_scheme(url))
            .collect();
        // `title="href=no"` is read as an attribute too, as a browser would read
        // `title="x"href=…`; its value has no scheme, so it does no harm.
        let javascript = Some("javascript".to_string());
        assert_eq!(
            schemes,
            vec![javascript.clone(), javascript.clone(), javascript, None]
        );
        assert_eq!(
            raw_html_urls(r#"<a href="https://x">"#)[0],
            (9, "https://x".into())
        );
        assert_eq!(
            decode_references("&#58&#x3A;&amp;&#;&#xZ"),
            "::&amp;&#;&#xZ"
        );
        assert_eq!(decode_references("&#99999999999;"), "\u{fffd}");
    }

    #[test]
    fn scheme_syntax() {
        assert!(is_scheme_syntax("ftp"));
        assert!(is_scheme_syntax("web+app"));
        assert!(!is_scheme_syntax("ftp:"));
        assert!(!is_scheme_syntax("1ftp"));
        assert!(!is_scheme_syntax(""));
    }
}
