//! Request paths to files: the preview server serves files of the built site and nothing
//! else, whatever the request path.
//!
//! [`resolve_request_path`] rejects what could name a file outside the site (`..` in any
//! spelling, encoded separators, backslashes, NUL, bytes that are not UTF-8) and then checks
//! the canonical path of the file found, so that a symlink cannot lead out either.

use std::path::{Path, PathBuf};

/// What a request path names in the site.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: the URL to redirect to.
    Redirect(String),
    NotFound,
    /// A path no well-meaning browser sends.
    BadRequest,
}

/// Maps a request target (path and query) to a file under `root`, which must be canonical.
pub fn resolve_request_path(root: &Path, target: &str) -> Resolved {
    let (path, query) = split_query(target);
    if !path.starts_with('/') {
        return Resolved::BadRequest;
    }
    let mut file = root.to_path_buf();
    for raw in path.split('/') {
        let Some(segment) = percent_decode(raw) else {
            return Resolved::BadRequest;
        };
        if segment.contains(['/', '\\', '\0'])
            || segment == ".."
            || (cfg!(windows) && segment.contains(':'))
        {
            return Resolved::BadRequest;
        }
        if !segment.is_empty() && segment != "." {
            file.push(segment);
        }
    }
    let Ok(real) = file.canonicalize() else {
        return Resolved::NotFound;
    };
    if !real.starts_with(root) {
        return Resolved::NotFound;
    }
    if real.is_dir() {
        if !path.ends_with('/') {
            return Resolved::Redirect(folder_location(path, query));
        }
        return match real.join("index.html").canonicalize() {
            Ok(index) if index.starts_with(root) && index.is_file() => Resolved::File(index),
            _ => Resolved::NotFound,
        };
    }
    if real.is_file() {
        Resolved::File(real)
    } else {
        Resolved::NotFound
    }
}

/// Where a folder asked for without its trailing slash redirects: the same path with empty
/// and `.` segments dropped, so that the location always starts with one `/` and stays on
/// this server (`//solna` must not become the protocol-relative `//solna/`), and with every
/// byte a header must not hold (a control byte, a space, a quote) percent-encoded.
fn folder_location(path: &str, query: &str) -> String {
    let mut location = String::from("/");
    for segment in path.split('/').filter(|s| !s.is_empty() && *s != ".") {
        encode_into(&mut location, segment, b"");
        location.push('/');
    }
    encode_into(&mut location, query, b"?/&=");
    location
}

/// Copies `text`, percent-encoding every byte but RFC 3986's unreserved and sub-delims
/// characters, `:`, `@`, `%` (the text is still encoded, its escapes stay) and `extra`.
fn encode_into(out: &mut String, text: &str, extra: &[u8]) {
    for &byte in text.as_bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || b"-._~!$&'()*+,;=:@%".contains(&byte)
            || extra.contains(&byte);
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
}

/// The file of the built site a page's URL path names, relative to the site folder, worked
/// out without the file system: `/a/b/` and `/a/b` are `a/b/index.html`, `/x.html` is
/// `x.html`. The live-reload poll uses it to tell whether a rebuild touched the page a
/// browser shows, which may be a page that does not exist yet (served as the 404 page).
/// `None` for a path [`resolve_request_path`] would refuse.
pub fn page_key(path: &str) -> Option<String> {
    let path = path.strip_prefix('/')?;
    let mut segments = Vec::new();
    for raw in path.split('/') {
        let segment = percent_decode(raw)?;
        if segment.contains(['/', '\\', '\0']) || segment == ".." {
            return None;
        }
        if !segment.is_empty() && segment != "." {
            segments.push(segment);
        }
    }
    let names_a_file =
        !path.ends_with('/') && segments.last().is_some_and(|last| last.contains('.'));
    if !names_a_file {
        segments.push("index.html".to_string());
    }
    Some(segments.join("/"))
}

/// Decodes a query parameter's value: `%XX` escapes, and `+` as a space.
pub fn query_value(query: &str, name: &str) -> Option<String> {
    let raw = query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix(name)?.strip_prefix('='))?;
    percent_decode(&raw.replace('+', " "))
}

/// The path and the query with its `?` (or "").
pub fn split_query(target: &str) -> (&str, &str) {
    let target = target.split('#').next().unwrap_or("");
    match target.find('?') {
        Some(at) => (&target[..at], &target[at..]),
        None => (target, ""),
    }
}

/// Decodes `%XX` escapes; `None` for a broken escape or bytes that are not UTF-8.
fn percent_decode(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(decoded).ok()
}

/// The Content-Type for a file name, by extension.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "atom" => "application/atom+xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Site {
        _dir: tempfile::TempDir,
        root: PathBuf,
        outside: PathBuf,
    }

    fn site() -> Site {
        let dir = tempfile::tempdir().expect("tempdir");
        let base = dir.path().canonicalize().expect("canonical");
        let root = base.join("site");
        std::fs::create_dir_all(root.join("plan")).expect("mkdir");
        std::fs::create_dir_all(root.join("empty")).expect("mkdir");
        std::fs::write(root.join("index.html"), "home").expect("write");
        std::fs::write(root.join("plan/index.html"), "plan").expect("write");
        std::fs::write(root.join("style.css"), "css").expect("write");
        let outside = base.join("secret.txt");
        std::fs::write(&outside, "secret").expect("write");
        Site {
            _dir: dir,
            root,
            outside,
        }
    }

    #[test]
    fn page_keys_name_the_file_a_url_shows() {
        assert_eq!(page_key("/").as_deref(), Some("index.html"));
        assert_eq!(
            page_key("/solna/plan/").as_deref(),
            Some("solna/plan/index.html")
        );
        assert_eq!(
            page_key("/solna/plan").as_deref(),
            Some("solna/plan/index.html")
        );
        assert_eq!(page_key("/404.html").as_deref(), Some("404.html"));
        assert_eq!(page_key("/m%C3%A5l/").as_deref(), Some("mål/index.html"));
        assert_eq!(page_key("/a/./b/").as_deref(), Some("a/b/index.html"));
        for refused in [
            "",
            "a/b/",
            "/../x/",
            "/%2e%2e/x/",
            "/a%2fb/",
            "/%ff/",
            "/a\\b/",
        ] {
            assert_eq!(page_key(refused), None, "{refused}");
        }
    }

    #[test]
    fn query_values_are_decoded() {
        assert_eq!(
            query_value("?since=3&page=%2Fm%25C3%25A5l%2F", "page").as_deref(),
            Some("/m%C3%A5l/")
        );
        assert_eq!(query_value("since=3", "page"), None);
        assert_eq!(query_value("pages=1", "page"), None);
        assert_eq!(query_value("page=a+b", "page").as_deref(), Some("a b"));
        assert_eq!(query_value("page=%zz", "page"), None);
    }

    #[test]
    fn files_folders_and_redirects() {
        let site = site();
        let root = &site.root;
        assert_eq!(
            resolve_request_path(root, "/"),
            Resolved::File(root.join("index.html"))
        );
        assert_eq!(
            resolve_request_path(root, "/style.css?v=1"),
            Resolved::File(root.join("style.css"))
        );
        assert_eq!(
            resolve_request_path(root, "/plan/"),
            Resolved::File(root.join("plan/index.html"))
        );
        assert_eq!(
            resolve_request_path(root, "/plan/index.html"),
            Resolved::File(root.join("plan/index.html"))
        );
        assert_eq!(
            resolve_request_path(root, "/plan"),
            Resolved::Redirect("/plan/".into())
        );
        assert_eq!(
            resolve_request_path(root, "/plan?x=1"),
            Resolved::Redirect("/plan/?x=1".into())
        );
        assert_eq!(
            resolve_request_path(root, "/st%79le.css"),
            Resolved::File(root.join("style.css"))
        );
        assert_eq!(
            resolve_request_path(root, "/missing.html"),
            Resolved::NotFound
        );
        assert_eq!(resolve_request_path(root, "/empty/"), Resolved::NotFound);
    }

    /// A redirect stays on this server and carries nothing a header must not hold.
    #[test]
    fn redirects_are_same_origin_and_header_safe() {
        let site = site();
        let root = &site.root;
        let redirect = |target: &str| match resolve_request_path(root, target) {
            Resolved::Redirect(location) => location,
            other => panic!("{target}: {other:?}"),
        };
        assert_eq!(redirect("//plan"), "/plan/");
        assert_eq!(redirect("///plan"), "/plan/");
        assert_eq!(redirect("/./plan"), "/plan/");
        assert_eq!(redirect("/plan?a\rSet-Cookie:x"), "/plan/?a%0DSet-Cookie:x");
        assert_eq!(redirect("/plan?a b\"c\"<"), "/plan/?a%20b%22c%22%3C");
        assert_eq!(redirect("/plan?x=%0d%0a"), "/plan/?x=%0d%0a");
        for target in ["//plan", "/plan?\r\n\t\u{7f}é"] {
            let location = redirect(target);
            assert!(location.starts_with('/') && !location.starts_with("//"));
            assert!(location.bytes().all(|b| b.is_ascii_graphic()), "{location}");
        }
    }

    #[test]
    fn dot_dot_in_any_spelling_is_refused() {
        let site = site();
        for target in [
            "/../secret.txt",
            "/plan/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E/secret.txt",
            "/.%2e/secret.txt",
            "/..%2fsecret.txt",
            "/plan%2f..%2f..%2fsecret.txt",
            "/..%5csecret.txt",
            "/..\\secret.txt",
            "/plan\\..\\..\\secret.txt",
            "/index.html%00.css",
            "/%zz",
            "/%c0%ae%c0%ae/secret.txt",
        ] {
            assert_eq!(
                resolve_request_path(&site.root, target),
                Resolved::BadRequest,
                "{target}"
            );
        }
    }

    #[test]
    fn absolute_paths_stay_inside_the_site() {
        let site = site();
        let outside = site.outside.to_string_lossy().into_owned();
        assert_eq!(
            resolve_request_path(&site.root, &outside),
            Resolved::NotFound
        );
        assert_eq!(
            resolve_request_path(&site.root, &format!("/{outside}")),
            Resolved::NotFound
        );
        assert_eq!(
            resolve_request_path(&site.root, "//etc/passwd"),
            Resolved::NotFound
        );
        assert_eq!(
            resolve_request_path(&site.root, "http://example.com/index.html"),
            Resolved::BadRequest
        );
        assert_eq!(
            resolve_request_path(&site.root, "secret.txt"),
            Resolved::BadRequest
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_out_of_the_site_are_not_followed() {
        let site = site();
        std::os::unix::fs::symlink(&site.outside, site.root.join("link.txt")).expect("symlink");
        let parent = site.outside.parent().expect("parent");
        std::os::unix::fs::symlink(parent, site.root.join("up")).expect("symlink");
        std::os::unix::fs::symlink(site.root.join("style.css"), site.root.join("inside.css"))
            .expect("symlink");
        assert_eq!(
            resolve_request_path(&site.root, "/link.txt"),
            Resolved::NotFound
        );
        assert_eq!(
            resolve_request_path(&site.root, "/up/secret.txt"),
            Resolved::NotFound
        );
        assert_eq!(resolve_request_path(&site.root, "/up/"), Resolved::NotFound);
        assert_eq!(
            resolve_request_path(&site.root, "/inside.css"),
            Resolved::File(site.root.join("style.css"))
        );
    }

    #[test]
    fn content_types_by_extension() {
        for (name, kind) in [
            ("a.html", "text/html; charset=utf-8"),
            ("a.css", "text/css; charset=utf-8"),
            ("a.js", "text/javascript; charset=utf-8"),
            ("a.json", "application/json; charset=utf-8"),
            ("a.xml", "application/xml; charset=utf-8"),
            ("a.svg", "image/svg+xml; charset=utf-8"),
            ("a.txt", "text/plain; charset=utf-8"),
            ("a.csv", "text/csv; charset=utf-8"),
            ("a.png", "image/png"),
            ("a.JPG", "image/jpeg"),
            ("a.webp", "image/webp"),
            ("a.woff2", "font/woff2"),
            ("a", "application/octet-stream"),
        ] {
            assert_eq!(content_type(Path::new(name)), kind, "{name}");
        }
    }
}
