//! The HTTP side of the preview server: hyper's HTTP/1 connections on a small tokio runtime
//! of the server's own, with the limits a server left running all day needs.
//!
//! hyper parses the requests (bare-LF heads, over-long heads, control bytes in the target
//! are its business, and it answers them), so what is here is the connection policy:
//!
//! - a deadline for the whole request head ([`HttpLimits::head_timeout`]), not per read,
//!   so a client dripping one byte a second is closed when it runs out;
//! - a bound on connections still sending their head ([`HttpLimits::max_pending_heads`]):
//!   past it the oldest of them is closed to make room, so clients that never finish their
//!   head cannot keep out one that sends its head at once (a slow-loris starves nobody);
//! - a bound on connections being answered ([`HttpLimits::max_connections`]), past which a
//!   new connection gets a 503, and a write timeout, so a client that stops reading frees
//!   its connection;
//! - one request per connection (`Connection: close`), as before.
//!
//! What a request gets is [`super::respond`]'s business.

use std::collections::VecDeque;
use std::convert::Infallible;
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Notify;

use super::respond::{AllowedHosts, respond};
use super::{MAX_HELD_POLLS, ServeState};

/// Request heads longer than this are refused by hyper (431).
const MAX_HEAD: usize = 16 * 1024;

/// The connection limits; [`HttpLimits::default`] is what `planpress serve` uses, tests
/// make them smaller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// How long a client may take to send its whole request head.
    pub head_timeout: Duration,
    /// Connections still sending their head; past this the oldest is closed.
    pub max_pending_heads: usize,
    /// Connections past their head (being answered, or a held live-reload poll); past this
    /// a new connection gets a 503.
    pub max_connections: usize,
    /// How long a reply may wait for the client to read it.
    pub write_timeout: Duration,
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits {
            head_timeout: Duration::from_secs(10),
            max_pending_heads: 128,
            max_connections: 512,
            write_timeout: Duration::from_secs(30),
        }
    }
}

/// What every connection task shares.
pub(super) struct Context {
    pub state: Arc<ServeState>,
    pub hosts: AllowedHosts,
    limits: HttpLimits,
    /// Connections that have not sent their head yet, oldest first.
    pending: Mutex<VecDeque<Arc<Slot>>>,
    /// Every open connection, pending or not.
    open: AtomicUsize,
}

/// One connection's place among the pending ones.
#[derive(Default)]
struct Slot {
    head_received: AtomicBool,
    evicted: Notify,
}

impl Context {
    fn pending(&self) -> MutexGuard<'_, VecDeque<Arc<Slot>>> {
        // The queue holds no invariant a panicking holder could break.
        self.pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Queues a new connection, closing the oldest pending ones past the bound.
    fn admit(&self, slot: &Arc<Slot>) {
        let mut pending = self.pending();
        pending.push_back(slot.clone());
        while pending.len() > self.limits.max_pending_heads.max(1) {
            if let Some(oldest) = pending.pop_front() {
                oldest.evicted.notify_one();
            }
        }
    }

    /// The connection's head is in: it is no longer pending.
    fn head_received(&self, slot: &Arc<Slot>) {
        let mut pending = self.pending();
        slot.head_received.store(true, Ordering::SeqCst);
        pending.retain(|other| !Arc::ptr_eq(other, slot));
    }

    fn forget(&self, slot: &Arc<Slot>) {
        self.pending().retain(|other| !Arc::ptr_eq(other, slot));
    }

    fn answering(&self) -> usize {
        let pending = self.pending().len();
        self.open.load(Ordering::SeqCst).saturating_sub(pending)
    }
}

/// The running HTTP side: its thread and the signal that stops it.
pub struct HttpServer {
    thread: Option<JoinHandle<()>>,
    shutdown: Arc<Notify>,
}

impl HttpServer {
    /// Starts serving `listener` on a thread of its own, which owns a current-thread tokio
    /// runtime; live-reload polls wait on its blocking pool, bounded by the held polls.
    pub fn start(
        listener: TcpListener,
        state: Arc<ServeState>,
        hosts: AllowedHosts,
        limits: HttpLimits,
    ) -> std::io::Result<HttpServer> {
        listener.set_nonblocking(true)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .max_blocking_threads(MAX_HELD_POLLS + 16)
            .thread_name("planpress-http-blocking")
            .build()?;
        let context = Arc::new(Context {
            state,
            hosts,
            limits,
            pending: Mutex::new(VecDeque::new()),
            open: AtomicUsize::new(0),
        });
        let shutdown = Arc::new(Notify::new());
        let stop = shutdown.clone();
        let thread = std::thread::Builder::new()
            .name("planpress-http".into())
            .spawn(move || {
                runtime.block_on(accept_loop(listener, context, stop));
                // Connections still open (a client reading slowly) are dropped, not awaited.
                runtime.shutdown_timeout(Duration::from_millis(500));
            })?;
        Ok(HttpServer {
            thread: Some(thread),
            shutdown,
        })
    }

    /// Stops accepting, drops every connection and waits for the thread.
    pub fn stop(&mut self) {
        self.shutdown.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for HttpServer {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn accept_loop(listener: TcpListener, context: Arc<Context>, shutdown: Arc<Notify>) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    loop {
        let stream = tokio::select! {
            () = shutdown.notified() => return,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors, most likely: let connections close first.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        if context.answering() >= context.limits.max_connections {
            tokio::spawn(refuse(stream));
            continue;
        }
        tokio::spawn(serve_connection(context.clone(), stream));
    }
}

/// A 503 for a connection past [`HttpLimits::max_connections`], written without waiting
/// for its request.
async fn refuse(mut stream: tokio::net::TcpStream) {
    let reply = b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n\
Content-Length: 21\r\nRetry-After: 1\r\nConnection: close\r\n\r\ntoo many connections\n";
    let linger = async {
        stream.write_all(reply).await?;
        stream.shutdown().await?;
        // Closing with the request unread would reset the connection, and the client could
        // lose the 503 with it: read what it sent (bounded in time and size) first.
        let mut sink = [0u8; 4096];
        for _ in 0..16 {
            if stream.read(&mut sink).await? == 0 {
                break;
            }
        }
        Ok::<(), std::io::Error>(())
    };
    let _ = tokio::time::timeout(Duration::from_secs(1), linger).await;
}

async fn serve_connection(context: Arc<Context>, stream: tokio::net::TcpStream) {
    context.open.fetch_add(1, Ordering::SeqCst);
    let slot = Arc::new(Slot::default());
    context.admit(&slot);
    let limits = context.limits;
    let mut io = tokio_io_timeout::TimeoutStream::new(stream);
    io.set_write_timeout(Some(limits.write_timeout));
    let io = TokioIo::new(Box::pin(io));
    let service = {
        let (context, slot) = (context.clone(), slot.clone());
        service_fn(move |request| {
            context.head_received(&slot);
            let context = context.clone();
            async move { Ok::<_, Infallible>(respond(&context, request).await) }
        })
    };
    let connection = http1::Builder::new()
        .keep_alive(false)
        .timer(TokioTimer::new())
        .header_read_timeout(limits.head_timeout)
        .max_buf_size(MAX_HEAD)
        .serve_connection(io, service);
    tokio::pin!(connection);
    let deadline = tokio::time::sleep(limits.head_timeout);
    tokio::pin!(deadline);
    let head_in = || slot.head_received.load(Ordering::SeqCst);
    loop {
        tokio::select! {
            _ = &mut connection => break,
            () = slot.evicted.notified(), if !head_in() => if !head_in() { break },
            () = &mut deadline, if !head_in() => if !head_in() { break },
        }
    }
    context.forget(&slot);
    context.open.fetch_sub(1, Ordering::SeqCst);
}
