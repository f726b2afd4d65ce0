//! The HTTP side of the preview server: tiny_http, one short-lived thread per request, files
//! from the built site only, and the live-reload endpoint.
//!
//! Every request path goes through [`resolve_request_path`], which rejects what could name a
//! file outside the site (`..`, encoded separators, backslashes, NUL) and then checks the
//! canonical path of the file found, so that a symlink cannot lead out either.

use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::ServeState;
use super::reload::{LONG_POLL, RELOAD_PATH, inject_live_reload, parse_since, status_json};

/// Requests answered at once beyond this many in flight, so that a flood of slow clients
/// costs a bounded number of threads.
const MAX_IN_FLIGHT: usize = 256;

const FALLBACK_404: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>404</title></head>\
<body><h1>404</h1><p>Nothing here (yet).</p></body></html>";

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
            return Resolved::Redirect(format!("{path}/{query}"));
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

/// The path and the query with its `?` (or "").
fn split_query(target: &str) -> (&str, &str) {
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

/// Runs until the server is unblocked: each request is answered on a thread of its own, so
/// a slow or vanished client holds only that thread.
pub fn run_http(server: Arc<tiny_http::Server>, state: Arc<ServeState>) {
    let in_flight = Arc::new(AtomicUsize::new(0));
    for request in server.incoming_requests() {
        if state.reloader.is_stopping() {
            let _ = request.respond(plain(503, "the server is stopping"));
            break;
        }
        if in_flight.fetch_add(1, Ordering::SeqCst) >= MAX_IN_FLIGHT {
            in_flight.fetch_sub(1, Ordering::SeqCst);
            let _ = request.respond(plain(503, "too many requests in flight"));
            continue;
        }
        let state = state.clone();
        let done = in_flight.clone();
        let spawned = std::thread::Builder::new()
            .name("planpress-http".into())
            .spawn(move || {
                handle_request(request, &state);
                done.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            in_flight.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

fn handle_request(request: Request, state: &ServeState) {
    // A client that went away is not an error worth reporting.
    let _ = match request.method() {
        Method::Get | Method::Head => {
            let response = respond_to(request.url(), state);
            request.respond(response)
        }
        _ => request
            .respond(plain(405, "method not allowed").with_header(header("Allow", "GET, HEAD"))),
    };
}

fn respond_to(target: &str, state: &ServeState) -> Response<Cursor<Vec<u8>>> {
    let (path, query) = split_query(target);
    if path == RELOAD_PATH {
        return reload_response(query.trim_start_matches('?'), state);
    }
    match resolve_request_path(&state.site_dir, target) {
        Resolved::File(file) => file_response(&file, 200, state),
        Resolved::Redirect(location) => {
            plain(301, "moved").with_header(header("Location", &location))
        }
        Resolved::BadRequest => plain(400, "bad request"),
        Resolved::NotFound => match state.site_dir.join("404.html") {
            page if page.is_file() => file_response(&page, 404, state),
            // No site yet (the first build failed): a page the overlay can go on.
            _ => {
                let page = inject_live_reload(FALLBACK_404, &state.reloader.status());
                bytes_response(page.into_bytes(), 404, "text/html; charset=utf-8")
            }
        },
    }
}

fn reload_response(query: &str, state: &ServeState) -> Response<Cursor<Vec<u8>>> {
    let status = match (parse_since(query), state.reloader.hold_slot()) {
        (Some(since), Some(_slot)) => state.reloader.wait_past(since, LONG_POLL),
        // No `since`, or every slot taken: the current status at once.
        _ => state.reloader.status(),
    };
    let body = status_json(&status).into_bytes();
    bytes_response(body, 200, "application/json; charset=utf-8")
}

fn file_response(file: &Path, status: u16, state: &ServeState) -> Response<Cursor<Vec<u8>>> {
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        // Deleted by a rebuild between resolving and reading.
        Err(_) => return plain(404, "not found"),
    };
    let kind = content_type(file);
    if kind.starts_with("text/html") {
        let html = String::from_utf8_lossy(&bytes);
        let page = inject_live_reload(&html, &state.reloader.status());
        return bytes_response(page.into_bytes(), status, kind);
    }
    bytes_response(bytes, status, kind)
}

fn bytes_response(body: Vec<u8>, status: u16, kind: &str) -> Response<Cursor<Vec<u8>>> {
    Response::from_data(body)
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", kind))
        .with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
}

fn plain(status: u16, text: &str) -> Response<Cursor<Vec<u8>>> {
    bytes_response(
        format!("{text}\n").into_bytes(),
        status,
        "text/plain; charset=utf-8",
    )
}

fn header(name: &str, value: &str) -> Header {
    // Names are ours and values are ASCII (URLs arrive percent-encoded), so this holds;
    // a value that is not would only lose the header.
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|()| {
        Header::from_bytes(&b"X-Planpress-Dropped"[..], &b"1"[..]).expect("ASCII header")
    })
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
