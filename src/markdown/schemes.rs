//! Which URL schemes a published link may use. A link or image whose target a browser would
//! run as script (`javascript:`, `vbscript:`, `data:text/html`) turns a document page into an
//! attack on whoever clicks it, so every destination written into the HTML is checked here,
//! read the way a browser reads it, against an allow-list rather than a deny-list: a scheme
//! nobody thought of is refused too.

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
/// error message, which names the scheme and the allowed ones.
pub fn refused_scheme(url: &str, extra: &[String]) -> Option<String> {
    let scheme = url_scheme(url)?;
    if DEFAULT_SCHEMES.contains(&scheme.as_str()) || extra.contains(&scheme) {
        return None;
    }
    let mut allowed: Vec<&str> = DEFAULT_SCHEMES.to_vec();
    allowed.extend(extra.iter().map(String::as_str));
    Some(format!(
        "links may not use the scheme `{scheme}:`; allowed are {}, relative links, `@/` and `[[…]]` links and `#anchors`",
        allowed
            .iter()
            .map(|s| format!("`{s}:`"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
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
        let message = refused_scheme("ftp://example.org", &[]).unwrap_or_default();
        assert!(message.contains("`ftp:`"), "{message}");
        assert!(message.contains("`https:`"), "{message}");
        assert_eq!(refused_scheme("FTP://example.org", &["ftp".into()]), None);
        assert!(refused_scheme("javascript:x", &["ftp".into()]).is_some());
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
