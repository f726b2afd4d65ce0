//! What a request gets: the `Host` check, the built site's files (HTML with the live-reload
//! script and overlay added as it is served, everything else streamed from disk by
//! tower-http's `ServeFile`), redirects, the 404 page, and the live-reload long-poll.

use std::io;
use std::net::IpAddr;
use std::path::Path;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};

use super::http::Context;
use super::paths::{
    Resolved, content_type, page_key, query_value, resolve_request_path, split_query,
};
use super::reload::inject::{inject_live_reload, no_site_page};
use super::reload::{LONG_POLL, PollAnswer, RELOAD_PATH, parse_since, status_json};

pub type Body = UnsyncBoxBody<Bytes, io::Error>;

/// HTML files larger than this are streamed as they are, without the live-reload script:
/// a built page is far smaller, and a huge one under `static/` must not be read whole.
const MAX_INJECTED_HTML: u64 = 16 * 1024 * 1024;

/// The `Host` names the server answers to, against DNS rebinding: a page on the internet
/// whose name is made to resolve to 127.0.0.1 sends its own name as `Host`, and is refused.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    port: u16,
    names: Vec<String>,
    /// Listening on every address (`--bind 0.0.0.0`): any IP literal is allowed, since the
    /// machine's own addresses are not known in advance and no IP literal can be rebound.
    any_ip: bool,
}

impl AllowedHosts {
    /// The loopback names, and `bind` when it is another address.
    pub fn new(bind: IpAddr, port: u16) -> Self {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "[::1]"].map(String::from).into();
        if !bind.is_unspecified() {
            names.push(match bind {
                IpAddr::V4(v4) => v4.to_string(),
                IpAddr::V6(v6) => format!("[{v6}]"),
            });
        }
        AllowedHosts {
            port,
            names,
            any_ip: bind.is_unspecified(),
        }
    }

    /// Whether a `Host` value (`name:port`) names this server.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        let (name, port) = match host.rfind(':') {
            Some(at) if !host[at..].contains(']') => (&host[..at], Some(&host[at + 1..])),
            _ => (host.as_str(), None),
        };
        let port_ok = match port {
            Some(port) => port.parse::<u16>().ok() == Some(self.port),
            None => self.port == 80,
        };
        let ip_literal = || {
            let bare = name.trim_start_matches('[').trim_end_matches(']');
            bare.parse::<IpAddr>().is_ok()
        };
        port_ok && (self.names.iter().any(|n| *n == name) || (self.any_ip && ip_literal()))
    }

    fn check(&self, request: &Request<Incoming>) -> Result<(), Response<Body>> {
        let refused = || {
            let names: Vec<String> = self
                .names
                .iter()
                .map(|name| format!("{name}:{}", self.port))
                .collect();
            text(
                StatusCode::MISDIRECTED_REQUEST,
                &format!(
                    "planpress serve answers only requests for {}",
                    names.join(", ")
                ),
            )
        };
        let Some(host) = request.headers().get(header::HOST) else {
            return Err(text(StatusCode::BAD_REQUEST, "a Host header is required"));
        };
        let host = host.to_str().map_err(|_| refused())?;
        if !self.allows(host) {
            return Err(refused());
        }
        // An absolute-form target names the host too, and takes precedence over `Host`.
        match request.uri().authority() {
            Some(authority) if !self.allows(authority.as_str()) => Err(refused()),
            _ => Ok(()),
        }
    }
}

pub(super) async fn respond(context: &Context, request: Request<Incoming>) -> Response<Body> {
    if let Err(refused) = context.hosts.check(&request) {
        return refused;
    }
    if request.method() != Method::GET && request.method() != Method::HEAD {
        let mut reply = text(StatusCode::METHOD_NOT_ALLOWED, "method not allowed");
        reply
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return reply;
    }
    let target = request
        .uri()
        .path_and_query()
        .map_or("/", |target| target.as_str())
        .to_string();
    let (path, query) = split_query(&target);
    if path == RELOAD_PATH {
        return reload_reply(context, query.trim_start_matches('?')).await;
    }
    let site = &context.state.site_dir;
    match resolve_request_path(site, &target) {
        Resolved::File(file) => file_reply(context, request, &file, StatusCode::OK).await,
        Resolved::Redirect(location) => match HeaderValue::from_str(&location) {
            Ok(location) => {
                let mut reply = text(StatusCode::MOVED_PERMANENTLY, "moved");
                reply.headers_mut().insert(header::LOCATION, location);
                reply
            }
            // resolve_request_path encodes what a header cannot hold; this is a last guard.
            Err(_) => text(StatusCode::BAD_REQUEST, "bad request"),
        },
        Resolved::BadRequest => text(StatusCode::BAD_REQUEST, "bad request"),
        Resolved::NotFound => {
            let page = site.join("404.html");
            match html_reply(context, &page, StatusCode::NOT_FOUND).await {
                Some(reply) => reply,
                // No site yet (the first build failed): a page the overlay can go on.
                None => {
                    let page = no_site_page(&context.state.reloader.status(), context.state.lang);
                    html(StatusCode::NOT_FOUND, page, None)
                }
            }
        }
    }
}

async fn reload_reply(context: &Context, query: &str) -> Response<Body> {
    let state = context.state.clone();
    // The files the polling browser's page shows: its own, or the 404 page while it has
    // none. A missing or garbled page means any file.
    let page = query_value(query, "page").and_then(|path| page_key(&path));
    let since = parse_since(query);
    let wait = move || {
        let pages: Option<Vec<&str>> = page.as_deref().map(|page| {
            if state.site_dir.join(page).is_file() {
                vec![page]
            } else {
                vec![page, "404.html"]
            }
        });
        match since {
            Some(since) => {
                // With every slot taken, what is known now, at once.
                let slot = state.reloader.hold_slot();
                let timeout = if slot.is_some() {
                    LONG_POLL
                } else {
                    Duration::ZERO
                };
                state
                    .reloader
                    .wait_for_change(since, pages.as_deref(), timeout)
            }
            // No `since`: the status, for a client that starts out knowing nothing.
            None => PollAnswer {
                status: state.reloader.status(),
                reload: false,
                full: false,
            },
        }
    };
    // The wait blocks on the reloader's condition variable; the blocking pool is bounded
    // by the held polls, and shutdown wakes them all.
    match tokio::task::spawn_blocking(wait).await {
        Ok(answer) => {
            let mut reply = Response::new(full_body(status_json(&answer).into_bytes()));
            set_common_headers(&mut reply, "application/json; charset=utf-8");
            reply
        }
        Err(_) => text(StatusCode::SERVICE_UNAVAILABLE, "stopping"),
    }
}

/// A file of the site: HTML read and served with the live-reload script, anything else
/// (and HTML too large to inject into) streamed by `ServeFile`.
async fn file_reply(
    context: &Context,
    request: Request<Incoming>,
    file: &Path,
    status: StatusCode,
) -> Response<Body> {
    if let Some(reply) = html_reply(context, file, status).await {
        return reply;
    }
    let kind = content_type(file);
    match tower_http::services::ServeFile::new(file)
        .try_call(request)
        .await
    {
        Ok(reply) => {
            let mut reply = reply.map(|body| body.boxed_unsync());
            if reply.status().is_success() {
                set_common_headers(&mut reply, kind);
            }
            reply
        }
        // Deleted by a rebuild between resolving and reading.
        Err(_) => text(StatusCode::NOT_FOUND, "not found"),
    }
}

/// An HTML file with the live-reload script and overlay, or `None` when `file` is not
/// HTML, cannot be read, or is too large to read whole.
async fn html_reply(context: &Context, file: &Path, status: StatusCode) -> Option<Response<Body>> {
    let kind = content_type(file);
    if !kind.starts_with("text/html") {
        return None;
    }
    // The status is taken before the file is read: a rebuild in between then makes the
    // page look older than it is (one reload too many), never newer (a reload missed).
    let build = context.state.reloader.status();
    let metadata = tokio::fs::metadata(file).await.ok()?;
    if !metadata.is_file() || metadata.len() > MAX_INJECTED_HTML {
        return None;
    }
    let bytes = tokio::fs::read(file).await.ok()?;
    let page = inject_live_reload(&String::from_utf8_lossy(&bytes), &build, context.state.lang);
    Some(html(status, page, metadata.modified().ok()))
}

fn html(
    status: StatusCode,
    page: String,
    modified: Option<std::time::SystemTime>,
) -> Response<Body> {
    let mut reply = Response::new(full_body(page.into_bytes()));
    *reply.status_mut() = status;
    set_common_headers(&mut reply, "text/html; charset=utf-8");
    if let Some(modified) = modified
        && let Ok(value) = HeaderValue::from_str(&httpdate::fmt_http_date(modified))
    {
        reply.headers_mut().insert(header::LAST_MODIFIED, value);
    }
    reply
}

fn text(status: StatusCode, message: &str) -> Response<Body> {
    let mut reply = Response::new(full_body(format!("{message}\n").into_bytes()));
    *reply.status_mut() = status;
    set_common_headers(&mut reply, "text/plain; charset=utf-8");
    reply
}

fn full_body(bytes: Vec<u8>) -> Body {
    Full::new(Bytes::from(bytes))
        .map_err(|never| match never {})
        .boxed_unsync()
}

/// The content type, and headers every reply carries: a preview must never be cached.
fn set_common_headers(reply: &mut Response<Body>, kind: &'static str) {
    let headers = reply.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_with_the_port_are_allowed() {
        let hosts = AllowedHosts::new(IpAddr::from([127, 0, 0, 1]), 1111);
        for host in [
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "LOCALHOST:1111",
        ] {
            assert!(hosts.allows(host), "{host}");
        }
        for host in [
            "localhost",
            "localhost:80",
            "evil.example:1111",
            "127.0.0.1.evil.example:1111",
            "localhost:1111:1111",
            "10.0.0.5:1111",
            "",
        ] {
            assert!(!hosts.allows(host), "{host}");
        }
    }

    #[test]
    fn the_bound_address_is_allowed_too() {
        let hosts = AllowedHosts::new(IpAddr::from([192, 0, 2, 7]), 8080);
        assert!(hosts.allows("192.0.2.7:8080"));
        assert!(hosts.allows("localhost:8080"));
        assert!(!hosts.allows("192.0.2.8:8080"));
        let v6 = AllowedHosts::new("2001:db8::1".parse().expect("address"), 8080);
        assert!(v6.allows("[2001:db8::1]:8080"));
        let any = AllowedHosts::new(IpAddr::from([0, 0, 0, 0]), 8080);
        assert!(
            any.allows("192.0.2.8:8080"),
            "any IP literal of the machine"
        );
        assert!(any.allows("[2001:db8::2]:8080"));
        assert!(!any.allows("rebound.example:8080"), "never a name");
        let default_port = AllowedHosts::new(IpAddr::from([127, 0, 0, 1]), 80);
        assert!(default_port.allows("localhost"));
    }
}
