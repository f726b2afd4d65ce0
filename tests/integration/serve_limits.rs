//! The preview server's connection limits (`serve::HttpLimits`), made small so that a test
//! reaches them, and the `Host` check of a server bound to another address.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use planpress::serve::{HttpLimits, ServeOptions, Server, start};

use crate::TestSite;
use crate::serve_http::{address_of, exchange, head_of, status_of};

fn start_with(site: &TestSite, options: ServeOptions) -> Server {
    start(&ServeOptions { port: 0, ..options }).unwrap_or_else(|error| {
        panic!(
            "start the preview server: {error} ({})",
            site.root().display()
        )
    })
}

/// Whether the server has closed `stream` (an end or a reset), waiting up to `limit`;
/// bytes from it mean it is still there.
fn closed_within(stream: &mut TcpStream, limit: Duration) -> bool {
    stream.set_read_timeout(Some(limit)).expect("timeout");
    let mut buffer = [0u8; 64];
    match stream.read(&mut buffer) {
        Ok(read) => read == 0,
        Err(error) => !matches!(
            error.kind(),
            std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
        ),
    }
}

/// Past the bound on connections still sending their head, the oldest one is closed, and
/// the newest are kept: a client that has just connected is not the one to go.
#[test]
fn the_oldest_pending_head_makes_room() {
    let site = TestSite::example();
    let limits = HttpLimits {
        max_pending_heads: 2,
        ..HttpLimits::default()
    };
    let server = start_with(
        &site,
        ServeOptions {
            limits,
            ..ServeOptions::new(site.root())
        },
    );
    let address = address_of(&server);
    let mut pending: Vec<TcpStream> = (0..3)
        .map(|_| {
            let mut stream = TcpStream::connect(&address).expect("connect");
            stream
                .write_all(b"GET / HTTP/1.1\r\n")
                .expect("half a head");
            std::thread::sleep(Duration::from_millis(100));
            stream
        })
        .collect();
    assert!(
        closed_within(&mut pending[0], Duration::from_secs(3)),
        "the oldest pending head is closed"
    );
    assert!(
        !closed_within(&mut pending[2], Duration::from_millis(300)),
        "the newest stays"
    );
    // The newest can still finish its request and is answered.
    write!(pending[2], "Host: {address}\r\nConnection: close\r\n\r\n").expect("the rest");
    pending[2]
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("timeout");
    let mut reply = Vec::new();
    pending[2].read_to_end(&mut reply).expect("read");
    assert!(
        reply.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&reply)
    );
    server.shutdown();
}

/// Past the bound on connections being answered, a new one gets a 503 at once rather than
/// waiting; once one is done, the next is answered.
#[test]
fn past_the_connection_bound_a_503_comes_at_once() {
    let site = TestSite::example();
    let limits = HttpLimits {
        max_connections: 1,
        ..HttpLimits::default()
    };
    let server = start_with(
        &site,
        ServeOptions {
            limits,
            ..ServeOptions::new(site.root())
        },
    );
    let address = address_of(&server);
    let generation = server.status().generation;
    // A held live-reload poll keeps its connection for up to 25 s.
    let mut held = TcpStream::connect(&address).expect("connect");
    write!(
        held,
        "GET /__planpress/reload?since={generation} HTTP/1.1\r\nHost: {address}\r\n\r\n"
    )
    .expect("send");
    let deadline = Instant::now() + Duration::from_secs(10);
    let refused = loop {
        let raw = format!("GET / HTTP/1.1\r\nHost: {address}\r\n\r\n");
        let reply = exchange(&address, raw.as_bytes(), Duration::from_secs(5)).expect("reply");
        if status_of(&reply) == 503 {
            break reply;
        }
        assert!(
            Instant::now() < deadline,
            "never refused: {}",
            head_of(&reply)
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(refused.contains("too many connections"), "{refused}");
    drop(held);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let raw = format!("GET / HTTP/1.1\r\nHost: {address}\r\n\r\n");
        let reply = exchange(&address, raw.as_bytes(), Duration::from_secs(5)).unwrap_or_default();
        if status_of(&reply) == 200 {
            break;
        }
        assert!(Instant::now() < deadline, "the slot never came back");
        std::thread::sleep(Duration::from_millis(50));
    }
    server.shutdown();
}

/// With `--bind` to another address, that address is a name the server answers to.
#[cfg(target_os = "linux")]
#[test]
fn the_bound_address_is_an_allowed_host() {
    let site = TestSite::example();
    let bind = std::net::IpAddr::from([127, 0, 0, 2]);
    let server = start_with(
        &site,
        ServeOptions {
            bind,
            ..ServeOptions::new(site.root())
        },
    );
    let address = address_of(&server);
    let port = address.rsplit(':').next().expect("port");
    for (host, expected) in [
        (format!("127.0.0.2:{port}"), 200),
        (format!("localhost:{port}"), 200),
        (format!("127.0.0.3:{port}"), 421),
        (format!("rebound.example:{port}"), 421),
    ] {
        let raw = format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let reply = exchange(&address, raw.as_bytes(), Duration::from_secs(10)).expect("reply");
        assert_eq!(status_of(&reply), expected, "{host}: {}", head_of(&reply));
    }
    server.shutdown();
}
