//! What a hostile client gets from `planpress serve`, over a raw TcpStream: a slow-loris
//! does not starve normal requests, no control byte of a request reaches a reply header, a
//! folder redirect stays on this server, a bare-LF request is answered, a foreign `Host`
//! is refused, and a large file is streamed rather than read into memory.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use crate::TestSite;
use crate::serve::start_on_free_port;

const PAGE: &str = "/solna/verksamhetsplan-2023/";

/// Sends `raw` as it is and reads the reply until the server closes, for at most `limit`.
/// `None` when no reply came in time.
pub fn exchange(address: &str, raw: &[u8], limit: Duration) -> Option<String> {
    let mut stream = TcpStream::connect(address).expect("connect");
    stream.set_read_timeout(Some(limit)).expect("timeout");
    stream.write_all(raw).expect("send");
    let mut reply = Vec::new();
    // A reset after the reply still leaves the reply read.
    let _ = stream.read_to_end(&mut reply);
    (!reply.is_empty()).then(|| String::from_utf8_lossy(&reply).into_owned())
}

pub fn status_of(reply: &str) -> u16 {
    reply
        .split(' ')
        .nth(1)
        .and_then(|status| status.parse().ok())
        .unwrap_or(0)
}

pub fn head_of(reply: &str) -> &str {
    reply.split_once("\r\n\r\n").map_or(reply, |(head, _)| head)
}

fn header<'a>(reply: &'a str, name: &str) -> Option<&'a str> {
    head_of(reply).split("\r\n").find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

pub fn address_of(server: &planpress::serve::Server) -> String {
    server.url().trim_start_matches("http://").to_string()
}

fn get_raw(address: &str, target: &str) -> Option<String> {
    let raw = format!("GET {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n");
    exchange(address, raw.as_bytes(), Duration::from_secs(10))
}

/// 300 clients dripping their head a byte a second held every connection slot of the old
/// server: no normal request got through. Now the oldest pending heads make room, and each
/// normal request is answered at once.
#[test]
fn a_slow_loris_does_not_starve_normal_requests() {
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let address = address_of(&server);
    let mut drippers: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut stream = TcpStream::connect(&address).expect("connect a dripper");
            stream.write_all(b"G").expect("first byte");
            stream
        })
        .collect();
    let started = Instant::now();
    let mut answered = 0;
    for round in 0..50 {
        if round % 10 == 0 {
            // Still dripping: one more byte from each that is still open.
            for stream in &mut drippers {
                let _ = stream.write_all(b"E");
            }
        }
        let reply = get_raw(&address, PAGE).unwrap_or_default();
        if status_of(&reply) == 200 {
            answered += 1;
        }
    }
    let took = started.elapsed();
    assert_eq!(answered, 50, "every normal request answered, in {took:?}");
    assert!(took < Duration::from_secs(10), "took {took:?}");
    drop(drippers);
    server.shutdown();
}

/// The deadline covers the whole head: a client that keeps dripping is closed when it runs
/// out, although each single read is quick.
#[test]
fn the_head_deadline_is_for_the_whole_head() {
    let site = TestSite::example();
    let server = planpress::serve::start(&planpress::serve::ServeOptions {
        port: 0,
        limits: planpress::serve::HttpLimits {
            head_timeout: Duration::from_millis(600),
            ..Default::default()
        },
        ..planpress::serve::ServeOptions::new(site.root())
    })
    .expect("start");
    let address = address_of(&server);
    let mut stream = TcpStream::connect(&address).expect("connect");
    stream
        .write_all(b"GET / HTTP/1.1\r\nX-Drip: ")
        .expect("send");
    stream.set_nonblocking(true).expect("nonblocking");
    let started = Instant::now();
    let mut buffer = [0u8; 256];
    let closed_after = loop {
        if stream.write_all(b"a").is_err() {
            break started.elapsed();
        }
        match stream.read(&mut buffer) {
            Err(error) if error.kind() == std::io::ErrorKind::WouldBlock => {}
            // An end, a reset or a 408: the server let go.
            _ => break started.elapsed(),
        }
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "a head dripped a byte every 100 ms is still read after 5 s"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        closed_after >= Duration::from_millis(400) && closed_after < Duration::from_secs(3),
        "cut off near the 600 ms deadline, after {closed_after:?}"
    );
    server.shutdown();
}

/// A raw carriage return used to be copied into the redirect's Location header: a header
/// injection. Now the reply's head holds no lone CR and no injected header.
#[test]
fn a_carriage_return_in_the_target_never_reaches_a_header() {
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let address = address_of(&server);
    for target in [
        "/solna/verksamhetsplan-2023?a\rX-Injected:1",
        "/solna\rX-Injected:1/",
        "/solna/verksamhetsplan-2023?a\x0bX-Injected:1",
    ] {
        let raw = format!("GET {target} HTTP/1.1\r\nHost: {address}\r\n\r\n");
        let reply = exchange(&address, raw.as_bytes(), Duration::from_secs(10))
            .expect("an answer, not a hang");
        let head = head_of(&reply);
        assert!(
            !head.replace("\r\n", "\n").contains(['\r', '\x0b']),
            "{target:?}: {head:?}"
        );
        assert!(
            !head.to_ascii_lowercase().contains("\nx-injected"),
            "{target:?}: {head:?}"
        );
        assert!(
            matches!(status_of(&reply), 301 | 400 | 404),
            "{target:?}: {head:?}"
        );
    }
    server.shutdown();
}

/// `//solna` used to redirect to `//solna/`, which a browser reads as the host `solna`.
#[test]
fn a_folder_redirect_stays_on_this_server() {
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let address = address_of(&server);
    for (target, expected) in [
        ("//solna", "/solna/"),
        ("//solna/verksamhetsplan-2023", PAGE),
        ("/solna//verksamhetsplan-2023", PAGE),
        (
            "/solna/verksamhetsplan-2023?a=%0d%0a",
            "/solna/verksamhetsplan-2023/?a=%0d%0a",
        ),
    ] {
        let reply = get_raw(&address, target).expect("an answer");
        assert_eq!(status_of(&reply), 301, "{target}: {reply}");
        assert_eq!(header(&reply, "Location"), Some(expected), "{target}");
    }
    server.shutdown();
}

/// A request with bare LF line endings used to get no answer at all until the timeout.
#[test]
fn a_bare_lf_request_is_answered() {
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let address = address_of(&server);
    let raw = format!("GET {PAGE} HTTP/1.1\nHost: {address}\nConnection: close\n\n");
    let started = Instant::now();
    let reply =
        exchange(&address, raw.as_bytes(), Duration::from_secs(5)).expect("an answer within 5 s");
    assert!(
        matches!(status_of(&reply), 200 | 400),
        "{}",
        head_of(&reply)
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    server.shutdown();
}

/// DNS rebinding: a page on the internet whose name resolves to 127.0.0.1 sends its own
/// name as Host. Only the loopback names (and the bound address) are answered.
#[test]
fn a_foreign_host_is_refused_and_loopback_names_are_answered() {
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let address = address_of(&server);
    let port = address.rsplit(':').next().expect("port");
    for host in [
        format!("rebound.example:{port}"),
        format!("127.0.0.1.nip.example:{port}"),
        "localhost:1".to_string(),
        "localhost".to_string(),
    ] {
        let raw = format!("GET {PAGE} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let reply = exchange(&address, raw.as_bytes(), Duration::from_secs(10)).expect("reply");
        assert!(
            matches!(status_of(&reply), 403 | 421),
            "{host}: {}",
            head_of(&reply)
        );
        assert!(!reply.contains("Solna"), "{host}: nothing of the site");
    }
    let absolute = format!(
        "GET http://rebound.example:{port}{PAGE} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    );
    let reply = exchange(&address, absolute.as_bytes(), Duration::from_secs(10)).expect("reply");
    assert!(matches!(status_of(&reply), 403 | 421), "{reply}");
    let missing = format!("GET {PAGE} HTTP/1.1\r\nConnection: close\r\n\r\n");
    let reply = exchange(&address, missing.as_bytes(), Duration::from_secs(10)).expect("reply");
    assert!(matches!(status_of(&reply), 400 | 403 | 421), "{reply}");
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
        format!("LocalHost:{port}"),
    ] {
        let raw = format!("GET {PAGE} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let reply = exchange(&address, raw.as_bytes(), Duration::from_secs(10)).expect("reply");
        assert_eq!(status_of(&reply), 200, "{host}: {}", head_of(&reply));
    }
    server.shutdown();
}

/// The resident memory of a process, from /proc.
#[cfg(target_os = "linux")]
fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmRSS")
}

/// The old server read a whole file into memory per connection: 20 clients that never read
/// a 50 MB file took it to ~950 MB. Now files are streamed, and the memory stays put.
#[cfg(target_os = "linux")]
#[test]
fn a_large_file_is_streamed_not_read_into_memory() {
    let site = TestSite::example();
    let big: Vec<u8> = (0..50 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
        .collect();
    site.write("static/big.bin", &big);
    drop(big);
    let tmp = tempfile::tempdir().expect("tempdir");
    let (mut child, url) = crate::serve_signals::spawn_serve(&site, Some(tmp.path()));
    let address = url.trim_start_matches("http://").to_string();
    let pid = child.id();
    let before = rss_kib(pid);
    let mut clients = Vec::new();
    for _ in 0..20 {
        let mut stream = TcpStream::connect(&address).expect("connect");
        write!(
            stream,
            "GET /big.bin HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .expect("send");
        // Only the start of the reply: by then the old server had read the file whole.
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .expect("timeout");
        let mut start = [0u8; 12];
        stream.read_exact(&mut start).expect("the reply starts");
        assert_eq!(&start, b"HTTP/1.1 200");
        clients.push(stream);
    }
    std::thread::sleep(Duration::from_millis(500));
    let during = rss_kib(pid);
    let grown_mib = during.saturating_sub(before) / 1024;
    let _ = child.kill();
    let _ = child.wait();
    drop(clients);
    assert!(
        grown_mib < 100,
        "the server grew by {grown_mib} MiB ({before} kB → {during} kB) for 20 clients of a 50 MB file"
    );
}

/// What worked before stays: content types, `Last-Modified`, `no-store` and HEAD, for a
/// streamed file and for a page with the live-reload script.
#[test]
fn streamed_files_and_pages_keep_their_headers() {
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let address = address_of(&server);
    let css = get_raw(&address, "/css/style.css").expect("reply");
    assert_eq!(status_of(&css), 200);
    assert_eq!(
        header(&css, "Content-Type"),
        Some("text/css; charset=utf-8")
    );
    assert_eq!(header(&css, "Cache-Control"), Some("no-store"));
    let length: usize = header(&css, "Content-Length")
        .and_then(|length| length.parse().ok())
        .expect("a length");
    assert_eq!(css.len() - head_of(&css).len() - 4, length);
    let page = get_raw(&address, PAGE).expect("reply");
    assert!(page.contains("/__planpress/reload"));
    for reply in [&css, &page] {
        let modified = header(reply, "Last-Modified").expect("Last-Modified");
        assert!(httpdate::parse_http_date(modified).is_ok(), "{modified}");
    }
    for target in ["/css/style.css", PAGE] {
        let raw = format!("HEAD {target} HTTP/1.1\r\nHost: {address}\r\n\r\n");
        let head = exchange(&address, raw.as_bytes(), Duration::from_secs(10)).expect("reply");
        assert_eq!(status_of(&head), 200, "{target}");
        assert!(head.ends_with("\r\n\r\n"), "HEAD has no body: {target}");
    }
    server.shutdown();
}
