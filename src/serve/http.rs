//! The HTTP side of the preview server: an accept loop, one thread per connection with read
//! and write timeouts, `GET` and `HEAD` of the built site's files, and the live-reload
//! endpoint.
//!
//! Why not tiny_http, as STYLE.md L9 suggests: tiny_http 0.12 reads each connection on a
//! pooled thread without timeouts and queues new connections behind busy threads, so a few
//! clients that send half a request stalled every later request for good (the test
//! `stalled_clients_do_not_stall_the_server` caught it). A preview server needs only
//! `GET`/`HEAD` with `Connection: close`, which is a hundred lines of std, and with them
//! every connection gets its own thread and its own timeouts.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use super::ServeState;
use super::paths::{
    Resolved, content_type, page_key, query_value, resolve_request_path, split_query,
};
use super::reload::{
    LONG_POLL, PollAnswer, RELOAD_PATH, inject_live_reload, parse_since, status_json,
};

/// Connections served at once; beyond this a connection gets a 503 and is closed.
const MAX_CONNECTIONS: usize = 256;
/// How long a client may take to send its request line and headers.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may leave a reply unread.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Request heads longer than this are refused.
const MAX_HEAD: usize = 16 * 1024;

const FALLBACK_404: &str = "<!doctype html><html><head><meta charset=\"utf-8\"><title>404</title></head>\
<body><h1>404</h1><p>Nothing here (yet).</p></body></html>";

/// A reply before it is written.
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    pub location: Option<String>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: Vec<u8>) -> Self {
        Reply {
            status,
            content_type,
            body,
            location: None,
        }
    }

    fn text(status: u16, text: &str) -> Self {
        Reply::new(
            status,
            "text/plain; charset=utf-8",
            format!("{text}\n").into_bytes(),
        )
    }
}

/// Accepts connections until the server stops; [`wake`] unblocks the accept after `stop`.
pub fn run_http(listener: TcpListener, state: Arc<ServeState>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        if state.reloader.is_stopping() {
            break;
        }
        let Ok(mut stream) = stream else { continue };
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
            let _ = write_reply(&mut stream, Reply::text(503, "too many connections"), false);
            continue;
        }
        let (state, done) = (state.clone(), open.clone());
        let spawned = std::thread::Builder::new()
            .name("planpress-http".into())
            .spawn(move || {
                serve_connection(stream, &state);
                done.fetch_sub(1, Ordering::SeqCst);
            });
        if spawned.is_err() {
            open.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

/// Unblocks [`run_http`]'s accept so that it sees the server is stopping.
pub fn wake(mut address: SocketAddr) {
    if address.ip().is_unspecified() {
        // Listening on every address: reach it through loopback.
        address.set_ip(match address {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    let _ = TcpStream::connect_timeout(&address, Duration::from_secs(1));
}

fn serve_connection(mut stream: TcpStream, state: &ServeState) {
    let _ = stream.set_read_timeout(Some(READ_TIMEOUT));
    let _ = stream.set_write_timeout(Some(WRITE_TIMEOUT));
    let _ = stream.set_nodelay(true);
    let reply = match read_head(&mut stream) {
        Ok(head) => match parse_request_line(&head) {
            Some((method, target)) => {
                let head_only = method == "HEAD";
                let reply = match method {
                    "GET" | "HEAD" => respond_to(target, state),
                    _ => Reply::text(405, "method not allowed"),
                };
                Some((reply, head_only))
            }
            None => Some((Reply::text(400, "bad request"), false)),
        },
        Err(HeadError::TooLong) => {
            Some((Reply::text(431, "request header fields too large"), false))
        }
        // Closed, timed out or garbled before a request: nothing to answer.
        Err(HeadError::Io) => None,
    };
    if let Some((reply, head_only)) = reply {
        // A client that went away is not an error worth reporting.
        let _ = write_reply(&mut stream, reply, head_only);
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
}

enum HeadError {
    TooLong,
    Io,
}

/// Reads up to the blank line that ends a request's head.
fn read_head(stream: &mut TcpStream) -> Result<String, HeadError> {
    let mut head = Vec::with_capacity(1024);
    let mut buffer = [0u8; 4096];
    loop {
        let read = stream.read(&mut buffer).map_err(|_| HeadError::Io)?;
        if read == 0 {
            return Err(HeadError::Io);
        }
        head.extend_from_slice(&buffer[..read]);
        if let Some(end) = head.windows(4).position(|w| w == b"\r\n\r\n") {
            head.truncate(end);
            return String::from_utf8(head).map_err(|_| HeadError::Io);
        }
        if head.len() > MAX_HEAD {
            return Err(HeadError::TooLong);
        }
    }
}

/// `GET /path HTTP/1.1` → ("GET", "/path").
fn parse_request_line(head: &str) -> Option<(&str, &str)> {
    let mut parts = head.lines().next()?.split(' ');
    let (method, target, version) = (parts.next()?, parts.next()?, parts.next()?);
    (parts.next().is_none() && version.starts_with("HTTP/1.") && !target.is_empty())
        .then_some((method, target))
}

fn write_reply(stream: &mut TcpStream, reply: Reply, head_only: bool) -> std::io::Result<()> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
         X-Content-Type-Options: nosniff\r\nDate: {}\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len(),
        httpdate::fmt_http_date(SystemTime::now()),
    );
    match reply.status {
        301 => head.push_str(&format!(
            "Location: {}\r\n",
            reply.location.as_deref().unwrap_or("/")
        )),
        405 => head.push_str("Allow: GET, HEAD\r\n"),
        _ => {}
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if !head_only {
        stream.write_all(&reply.body)?;
    }
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

fn respond_to(target: &str, state: &ServeState) -> Reply {
    let (path, query) = split_query(target);
    if path == RELOAD_PATH {
        return reload_reply(query.trim_start_matches('?'), state);
    }
    match resolve_request_path(&state.site_dir, target) {
        Resolved::File(file) => file_reply(&file, 200, state),
        Resolved::Redirect(location) => Reply {
            location: Some(location),
            ..Reply::text(301, "moved")
        },
        Resolved::BadRequest => Reply::text(400, "bad request"),
        Resolved::NotFound => match state.site_dir.join("404.html") {
            page if page.is_file() => file_reply(&page, 404, state),
            // No site yet (the first build failed): a page the overlay can go on.
            _ => {
                let page = inject_live_reload(FALLBACK_404, &state.reloader.status());
                Reply::new(404, "text/html; charset=utf-8", page.into_bytes())
            }
        },
    }
}

fn reload_reply(query: &str, state: &ServeState) -> Reply {
    // The files the polling browser's page shows: its own, or the 404 page while it has
    // none. A missing or garbled page means any file.
    let page = query_value(query, "page").and_then(|path| page_key(&path));
    let pages: Option<Vec<&str>> = page.as_deref().map(|page| {
        if state.site_dir.join(page).is_file() {
            vec![page]
        } else {
            vec![page, "404.html"]
        }
    });
    let answer = match parse_since(query) {
        Some(since) => {
            // With every slot taken, what is known now, at once.
            let slot = state.reloader.hold_slot();
            let timeout = if slot.is_some() {
                LONG_POLL
            } else {
                Duration::ZERO
            };
            let answer = state
                .reloader
                .wait_for_change(since, pages.as_deref(), timeout);
            drop(slot);
            answer
        }
        // No `since`: the status, for a client that starts out knowing nothing.
        None => PollAnswer {
            status: state.reloader.status(),
            reload: false,
            full: false,
        },
    };
    Reply::new(
        200,
        "application/json; charset=utf-8",
        status_json(&answer).into_bytes(),
    )
}

fn file_reply(file: &std::path::Path, status: u16, state: &ServeState) -> Reply {
    // The status is taken before the file is read: a rebuild in between then makes the
    // page look older than it is (one reload too many), never newer (a reload missed).
    let build = state.reloader.status();
    let bytes = match std::fs::read(file) {
        Ok(bytes) => bytes,
        // Deleted by a rebuild between resolving and reading.
        Err(_) => return Reply::text(404, "not found"),
    };
    let kind = content_type(file);
    if kind.starts_with("text/html") {
        let page = inject_live_reload(&String::from_utf8_lossy(&bytes), &build);
        return Reply::new(status, kind, page.into_bytes());
    }
    Reply::new(status, kind, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines_are_parsed_strictly() {
        assert_eq!(
            parse_request_line("GET /a/?x=1 HTTP/1.1\r\nHost: h"),
            Some(("GET", "/a/?x=1"))
        );
        assert_eq!(parse_request_line("HEAD / HTTP/1.0"), Some(("HEAD", "/")));
        assert_eq!(parse_request_line("GET /a b HTTP/1.1"), None);
        assert_eq!(parse_request_line("GET /"), None);
        assert_eq!(parse_request_line("GET / SPDY/3"), None);
        assert_eq!(parse_request_line(""), None);
    }
}
