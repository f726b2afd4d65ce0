//! Internal link syntax: `@/org/doc.md#anchor` (Zola's), `[[org/doc#anchor]]`, relative
//! `../org/doc.md` links that also work on GitHub, and `#anchor` in the same document.

use crate::document::{LinkTarget, parse_link_target};

/// The URL of a document page: `{base_path}/{doc}/`.
pub fn doc_url(base_path: &str, doc: &str) -> String {
    // Built by hand rather than with format!: every internal link makes one.
    let mut url = String::with_capacity(base_path.len() + doc.len() + 2 + 16);
    url.push_str(base_path);
    url.push('/');
    url.push_str(doc);
    url.push('/');
    url
}

pub enum LinkDestination {
    Internal(LinkTarget),
    External,
    /// An internal link that cannot be valid whatever the content, with the reason.
    Invalid(crate::diagnostic::Text),
}

/// Classifies a link destination written in `from_doc` (a path under content/ without `.md`).
pub fn classify_link(destination: &str, from_doc: &str, wiki: bool) -> LinkDestination {
    if wiki {
        return match parse_link_target(destination) {
            Some(target) => LinkDestination::Internal(target),
            None => {
                LinkDestination::Invalid(crate::text!("E040", link = format!("[[{destination}]]")))
            }
        };
    }
    if let Some(rest) = destination.strip_prefix("@/") {
        return match parse_link_target(rest) {
            Some(target) => LinkDestination::Internal(target),
            None => LinkDestination::Invalid(crate::text!("E040", link = destination)),
        };
    }
    if let Some(anchor) = destination.strip_prefix('#') {
        return LinkDestination::Internal(LinkTarget {
            doc: from_doc.to_string(),
            anchor: Some(anchor.to_string()),
        });
    }
    let has_scheme = destination.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    let (path, _) = destination.split_once('#').unwrap_or((destination, ""));
    if has_scheme || destination.starts_with('/') || !path.ends_with(".md") {
        return LinkDestination::External;
    }
    let folder = from_doc.rsplit_once('/').map_or("", |(folder, _)| folder);
    let Some(joined) = join_relative(folder, path) else {
        return LinkDestination::Invalid(crate::text!("E041", link = destination));
    };
    let rest = match destination.split_once('#') {
        Some((_, anchor)) => format!("{joined}#{anchor}"),
        None => joined,
    };
    match parse_link_target(&rest) {
        Some(target) => LinkDestination::Internal(target),
        None => LinkDestination::Invalid(crate::text!("E040", link = destination)),
    }
}

/// `path` read from `folder` as a browser reads a relative link (`.` stays, `..` goes up),
/// joined with `/`; `None` when it climbs above the site's root.
pub(super) fn join_relative(folder: &str, path: &str) -> Option<String> {
    let mut segments: Vec<&str> = folder.split('/').filter(|s| !s.is_empty()).collect();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            other => segments.push(other),
        }
    }
    Some(segments.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal(destination: &str, wiki: bool) -> Option<LinkTarget> {
        match classify_link(destination, "storstockholm/plan", wiki) {
            LinkDestination::Internal(target) => Some(target),
            _ => None,
        }
    }

    #[test]
    fn zola_wiki_relative_and_same_page_links_are_internal() {
        let expected = Some(LinkTarget {
            doc: "solna/vp-2023".into(),
            anchor: Some("mal-1".into()),
        });
        assert_eq!(internal("@/solna/vp-2023.md#mal-1", false), expected);
        assert_eq!(internal("solna/vp-2023#mal-1", true), expected);
        assert_eq!(internal("../solna/vp-2023.md#mal-1", false), expected);
        assert_eq!(
            internal("#p12", false),
            Some(LinkTarget {
                doc: "storstockholm/plan".into(),
                anchor: Some("p12".into())
            })
        );
    }

    #[test]
    fn external_and_escaping_links() {
        assert!(internal("https://example.org/a.md", false).is_none());
        assert!(internal("mailto:a@b.se", false).is_none());
        assert!(matches!(
            classify_link("../../x.md", "a/b", false),
            LinkDestination::Invalid(_)
        ));
        assert!(matches!(
            classify_link("@/", "a/b", false),
            LinkDestination::Invalid(_)
        ));
    }
}
