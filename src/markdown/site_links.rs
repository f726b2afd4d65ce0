//! Links that point at the site itself though written as a web address: root-relative
//! (`/vansterpartiet/strategidokumentet-2020/#…`, with or without the site's base path),
//! absolute to the site's own `base_url`, or to the preview server (`http://127.0.0.1:1111/…`,
//! copied from the address bar). The first two are checked like `@/` links and written with
//! the base path; the last would be a dead link on the published site.

/// What a link destination is, seen from the site.
#[derive(Debug, PartialEq, Eq)]
pub enum SiteLink {
    /// Not a link into the site.
    Other,
    /// A link to the preview server; the path on the site it names (base path removed),
    /// and its anchor.
    Preview(String, Option<String>),
    /// A path on the site, base path removed, without leading or trailing `/`, and its anchor.
    Path(String, Option<String>),
}

/// Classifies `destination` against the site's `base_url` and its path part `base_path`.
pub fn classify_site_link(destination: &str, base_url: &str, base_path: &str) -> SiteLink {
    let lower = destination.to_ascii_lowercase();
    if let Some(rest) = strip_preview_host(&lower) {
        let rest = &destination[destination.len() - rest.len()..];
        let (path, anchor) = site_path(rest, base_path);
        return SiteLink::Preview(path, anchor);
    }
    let base = base_url.trim_end_matches('/');
    let base_origin = base.strip_suffix(base_path).unwrap_or(base);
    let on_site = if !base_origin.is_empty()
        && lower.starts_with(&base_origin.to_ascii_lowercase())
        && destination[base_origin.len()..]
            .chars()
            .next()
            .is_none_or(|c| matches!(c, '/' | '#' | '?'))
    {
        Some(&destination[base_origin.len()..])
    } else if destination.starts_with('/') && !destination.starts_with("//") {
        Some(destination)
    } else {
        None
    };
    match on_site {
        Some(rest) => {
            let (path, anchor) = site_path(rest, base_path);
            SiteLink::Path(path, anchor)
        }
        None => SiteLink::Other,
    }
}

/// `/planer/org/doc/?q#a` → (`org/doc`, `a`): the path without the base path, query or
/// slashes at either end.
fn site_path(rest: &str, base_path: &str) -> (String, Option<String>) {
    let (path, anchor) = match rest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string()).filter(|a| !a.is_empty())),
        None => (rest, None),
    };
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    let path = match path.strip_prefix(base_path) {
        Some(tail) if !base_path.is_empty() && (tail.is_empty() || tail.starts_with('/')) => tail,
        _ => path,
    };
    let path = path.trim_matches('/');
    let path = path
        .strip_suffix("index.html")
        .unwrap_or(path)
        .trim_end_matches('/');
    (path.to_string(), anchor)
}

/// The rest after `scheme://localhost[:port]` (or 127.0.0.1, `[::1]`, 0.0.0.0), if it is one.
fn strip_preview_host(lower: &str) -> Option<&str> {
    let rest = lower
        .strip_prefix("http://")
        .or_else(|| lower.strip_prefix("https://"))?;
    let host_end = rest.find(['/', '#', '?']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    let name = match host.rsplit_once(':') {
        Some((name, port)) if !name.is_empty() && port.chars().all(|c| c.is_ascii_digit()) => name,
        _ => host,
    };
    matches!(name, "localhost" | "127.0.0.1" | "[::1]" | "0.0.0.0").then(|| &rest[host_end..])
}

/// What a link written without a scheme and without a leading `/` is: the browser reads it
/// from the page's own folder (`org/doc/`), so it is a path of the site like any other, and
/// `www.…` is a web address missing its `https://`.
#[derive(Debug, PartialEq, Eq)]
pub enum RelativeLink {
    /// An anchor, a query, a `.md` document, `@/`, a scheme: read elsewhere.
    NotRelative,
    /// `www.example.org/sida`, which would be read as a file of the page's folder.
    WebAddress,
    /// The path it names on the site (as [`SiteLink::Path`]), or `None` above the site's root.
    Path(Option<(String, Option<String>)>),
}

/// Top-level domains a web address written without `https://` ends its host in, beside `www.`.
const HOST_ENDINGS: [&str; 8] = ["se", "nu", "com", "org", "net", "eu", "info", "io"];

pub fn relative_link(destination: &str, doc_path: &str) -> RelativeLink {
    // Any `:` before the first `/` may be a scheme, as a browser reads it once it has
    // dropped tabs and line breaks (`java&#x09;script:`): such a link is left to the check
    // of schemes, never taken for a path.
    let first_segment = destination
        .split(['/', '?', '#'])
        .next()
        .unwrap_or_default();
    let has_scheme = first_segment.contains(':');
    let (path, anchor) = match destination.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string()).filter(|a| !a.is_empty())),
        None => (destination, None),
    };
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    if has_scheme || path.is_empty() || path.starts_with('/') || path.ends_with(".md") {
        return RelativeLink::NotRelative;
    }
    if looks_like_a_host(path.split('/').next().unwrap_or(path)) {
        return RelativeLink::WebAddress;
    }
    let Some(path) = super::links::join_relative(doc_path, path) else {
        return RelativeLink::Path(None);
    };
    let path = path.strip_suffix("index.html").unwrap_or(&path);
    RelativeLink::Path(Some((path.trim_end_matches('/').to_string(), anchor)))
}

/// `www.example.org`, `vansterpartiet.se`: a host name rather than a file's name.
fn looks_like_a_host(segment: &str) -> bool {
    let lower = segment.to_ascii_lowercase();
    let labels: Vec<&str> = lower.split('.').collect();
    let is_name = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
    is_name
        && (labels[0] == "www"
            || labels
                .last()
                .is_some_and(|ending| HOST_ENDINGS.contains(ending)))
}

/// Whether a site path names a page (no file extension in its last segment) rather than a
/// file such as `css/site.css`.
pub fn is_page_path(path: &str) -> bool {
    !path.rsplit('/').next().unwrap_or(path).contains('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_relative_link_is_read_from_the_pages_folder() {
        let path = |p: &str, a: Option<&str>| {
            RelativeLink::Path(Some((p.to_string(), a.map(str::to_string))))
        };
        let page = "forening/plan";
        assert_eq!(
            relative_link("bild.png", page),
            path("forening/plan/bild.png", None)
        );
        assert_eq!(
            relative_link("../annan/#mal", page),
            path("forening/annan", Some("mal"))
        );
        assert_eq!(relative_link("./", page), path("forening/plan", None));
        assert_eq!(
            relative_link("../../../x.pdf", page),
            RelativeLink::Path(None)
        );
        for written in ["www.example.org", "vansterpartiet.se/om", "WWW.Sida.nu"] {
            assert_eq!(
                relative_link(written, page),
                RelativeLink::WebAddress,
                "{written}"
            );
        }
        for written in [
            "#mal",
            "?q=1",
            "annan.md#x",
            "mailto:a@b.se",
            "https://x.se",
            "/mal/",
            "java\tscript:alert(1)",
            "java\nscript:x",
        ] {
            assert_eq!(
                relative_link(written, page),
                RelativeLink::NotRelative,
                "{written}"
            );
        }
        assert_eq!(
            relative_link("bilaga.pdf", page),
            path("forening/plan/bilaga.pdf", None)
        );
    }

    const URL: &str = "https://vansterpartiet.example/planer";

    fn path(p: &str, a: Option<&str>) -> SiteLink {
        SiteLink::Path(p.into(), a.map(str::to_string))
    }

    #[test]
    fn root_relative_and_own_absolute_links_name_a_site_path() {
        let doc = "vansterpartiet/strategidokumentet-2020";
        for written in [
            "/vansterpartiet/strategidokumentet-2020/#ata-1",
            "/planer/vansterpartiet/strategidokumentet-2020/#ata-1",
            "/planer/vansterpartiet/strategidokumentet-2020/index.html#ata-1",
            "https://vansterpartiet.example/planer/vansterpartiet/strategidokumentet-2020#ata-1",
            "HTTPS://Vansterpartiet.example/vansterpartiet/strategidokumentet-2020/#ata-1",
        ] {
            assert_eq!(
                classify_site_link(written, URL, "/planer"),
                path(doc, Some("ata-1")),
                "{written}"
            );
        }
        assert_eq!(
            classify_site_link("/mal/", URL, "/planer"),
            path("mal", None)
        );
        assert_eq!(
            classify_site_link("/planer/", URL, "/planer"),
            path("", None)
        );
        assert_eq!(
            classify_site_link("/css/site.css", URL, ""),
            path("css/site.css", None)
        );
        assert_eq!(
            classify_site_link("/planerna/x/", URL, "/planer"),
            path("planerna/x", None)
        );
    }

    #[test]
    fn preview_hosts_are_named_and_other_hosts_are_not_the_site() {
        for written in [
            "http://127.0.0.1:1111/planer/solna/vp/#mal-1",
            "http://localhost:1111/solna/vp/#mal-1",
            "http://[::1]:8080/solna/vp#mal-1",
            "https://LOCALHOST/solna/vp/#mal-1",
        ] {
            assert_eq!(
                classify_site_link(written, URL, "/planer"),
                SiteLink::Preview("solna/vp".into(), Some("mal-1".into())),
                "{written}"
            );
        }
        for written in [
            "https://vansterpartiet.se/planer/x/",
            "https://vansterpartiet.example.org/x",
            "//cdn.example/x.js",
            "mailto:a@b.se",
            "../solna/vp.md",
            "http://localhost.example/x",
        ] {
            assert_eq!(
                classify_site_link(written, URL, "/planer"),
                SiteLink::Other,
                "{written}"
            );
        }
    }
}
