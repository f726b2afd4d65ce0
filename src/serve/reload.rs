//! Live reload: the build generation that browsers wait on, and the script and error overlay
//! injected into served HTML.
//!
//! Each finished rebuild that changed something publishes a new generation, with the errors
//! of a failed build or none. A browser long-polls `GET /__planpress/reload?since=N`: the
//! request is held until the generation is no longer N (or [`LONG_POLL`] runs out) and
//! answers `{"generation":…,"errors":…}`. The script then shows the overlay, or reloads the
//! page and puts the scroll position back. Only visible tabs hold a poll, since browsers
//! allow six connections per host; a hidden tab catches up when it is shown again. A
//! long-poll rather than SSE or a WebSocket: it is a plain request that needs nothing of the
//! server but an answer, and any browser or proxy handles it.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// The path of the long-poll endpoint.
pub const RELOAD_PATH: &str = "/__planpress/reload";

/// How long a poll is held before it is answered with an unchanged generation.
pub const LONG_POLL: Duration = Duration::from_secs(25);

/// What the browser needs to know about the latest build.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BuildStatus {
    pub generation: u64,
    /// The rendered diagnostics of a failed rebuild; `None` while the last build succeeded.
    pub errors: Option<String>,
}

#[derive(Debug)]
struct Shared {
    status: BuildStatus,
    stopping: bool,
}

/// The build generation, shared by the rebuild thread (which publishes) and the request
/// threads (which wait).
#[derive(Debug)]
pub struct Reloader {
    shared: Mutex<Shared>,
    changed: Condvar,
    held: AtomicUsize,
    max_held: usize,
}

impl Reloader {
    pub fn new(max_held: usize) -> Self {
        Reloader {
            shared: Mutex::new(Shared {
                status: BuildStatus {
                    generation: 0,
                    errors: None,
                },
                stopping: false,
            }),
            changed: Condvar::new(),
            held: AtomicUsize::new(0),
            max_held,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Shared> {
        // A panicking holder cannot leave a generation half-written: the data stays valid.
        self.shared
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    pub fn status(&self) -> BuildStatus {
        self.lock().status.clone()
    }

    /// Records a finished build and wakes every waiting browser. A good build clears the errors.
    pub fn publish(&self, errors: Option<String>) -> u64 {
        let mut shared = self.lock();
        shared.status.generation += 1;
        shared.status.errors = errors;
        self.changed.notify_all();
        shared.status.generation
    }

    /// Wakes every held poll so that shutdown does not wait for them.
    pub fn stop(&self) {
        self.lock().stopping = true;
        self.changed.notify_all();
    }

    pub fn is_stopping(&self) -> bool {
        self.lock().stopping
    }

    /// Takes one of the bounded slots for a held poll, or `None` when all are taken, in
    /// which case the caller answers at once with the current status.
    pub fn hold_slot(&self) -> Option<HeldSlot<'_>> {
        let taken = self.held.fetch_add(1, Ordering::SeqCst);
        if taken >= self.max_held {
            self.held.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(HeldSlot { reloader: self })
    }

    /// Blocks until the generation differs from `since`, the timeout runs out or the server
    /// stops. A `since` from before a restart of the server differs at once, so the page
    /// reloads from the new one.
    pub fn wait_for_change(&self, since: u64, timeout: Duration) -> BuildStatus {
        let deadline = Instant::now() + timeout;
        let mut shared = self.lock();
        while shared.status.generation == since && !shared.stopping {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            shared = self
                .changed
                .wait_timeout(shared, left)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
        shared.status.clone()
    }
}

/// A held poll's place in the bound; given back on drop.
pub struct HeldSlot<'a> {
    reloader: &'a Reloader,
}

impl Drop for HeldSlot<'_> {
    fn drop(&mut self) {
        self.reloader.held.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Reads `since` from the query of a reload request; a missing or garbled one means "any".
pub fn parse_since(query: &str) -> Option<u64> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .and_then(|value| value.parse().ok())
}

pub fn status_json(status: &BuildStatus) -> String {
    serde_json::to_string(status)
        .unwrap_or_else(|_| format!("{{\"generation\":{},\"errors\":null}}", status.generation))
}

/// Adds the reload script, and the error overlay while the last build failed, before the
/// page's `</body>` (at the end when there is none). Only the server calls this: the built
/// site never contains either.
pub fn inject_live_reload(html: &str, status: &BuildStatus) -> String {
    let mut snippet = String::with_capacity(SCRIPT.len() + 256);
    if let Some(errors) = &status.errors {
        snippet.push_str(&render_overlay(errors));
    }
    snippet.push_str("<script>");
    snippet.push_str(&SCRIPT.replace("__PLANPRESS_STATUS__", &script_safe_json(status)));
    snippet.push_str("</script>\n");
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut page = String::with_capacity(html.len() + snippet.len());
    page.push_str(&html[..at]);
    page.push_str(&snippet);
    page.push_str(&html[at..]);
    page
}

/// The overlay as the server renders it; the script builds the same markup when errors
/// arrive through a poll.
pub fn render_overlay(errors: &str) -> String {
    format!(
        "<div id=\"__planpress-overlay\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><strong>planpress: the last rebuild failed; \
         this is the last good build</strong><pre style=\"white-space:pre-wrap;margin:.5em 0 0\">{}</pre></div>\n",
        crate::html::escape(errors)
    )
}

/// JSON inside `<script>` must not close the element or open a comment: `<` is written as
/// its escape, which JSON strings allow.
fn script_safe_json(status: &BuildStatus) -> String {
    status_json(status).replace('<', "\\u003c")
}

const OVERLAY_STYLE: &str = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;\
background:#fff3f3;color:#5a0000;border-top:4px solid #c00;padding:1em 1.5em;font:14px/1.4 monospace;\
box-shadow:0 -2px 12px rgba(0,0,0,.3)";

/// The script, kept as a file of its own so that it reads (and lints) as JavaScript.
const RELOAD_SCRIPT: &str = include_str!("reload.js");

/// The script with the overlay style filled in, built once.
static SCRIPT: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| RELOAD_SCRIPT.replace("__OVERLAY_STYLE__", OVERLAY_STYLE));

#[cfg(test)]
mod tests {
    use super::*;

    fn status(generation: u64, errors: Option<&str>) -> BuildStatus {
        BuildStatus {
            generation,
            errors: errors.map(str::to_string),
        }
    }

    #[test]
    fn script_goes_before_the_closing_body_tag() {
        let page = inject_live_reload("<html><body><p>x</p></body></html>", &status(3, None));
        let script = page.find("<script>").expect("script injected");
        assert!(script < page.find("</body>").expect("body kept"));
        assert!(page.contains("var status = {\"generation\":3,\"errors\":null};"));
        assert!(
            !page.contains("__planpress-overlay\" role"),
            "no overlay after a good build"
        );
        assert!(page.ends_with("</body></html>"));
    }

    #[test]
    fn a_page_without_body_gets_the_script_at_the_end() {
        let page = inject_live_reload("<p>fragment</p>", &status(1, None));
        assert!(page.starts_with("<p>fragment</p><script>"));
    }

    #[test]
    fn failed_build_adds_an_escaped_overlay_and_safe_json() {
        let errors = "error: bad <toml>\n  --> content/a.md:2:1\n</script><script>alert(1)";
        let page = inject_live_reload("<body></body>", &status(2, Some(errors)));
        assert!(page.contains("<div id=\"__planpress-overlay\""));
        assert!(page.contains("error: bad &lt;toml&gt;"));
        assert!(page.contains("content/a.md:2:1"));
        assert_eq!(
            page.matches("</script>").count(),
            1,
            "the errors cannot close the script: {page}"
        );
    }

    #[test]
    fn since_is_read_from_the_query() {
        assert_eq!(parse_since("since=12"), Some(12));
        assert_eq!(parse_since("x=1&since=4"), Some(4));
        assert_eq!(parse_since("since=abc"), None);
        assert_eq!(parse_since(""), None);
    }

    #[test]
    fn waiting_returns_on_publish_or_timeout() {
        let reloader = std::sync::Arc::new(Reloader::new(4));
        let timed_out = reloader.wait_for_change(0, Duration::from_millis(20));
        assert_eq!(timed_out.generation, 0);
        let waiter = {
            let reloader = reloader.clone();
            std::thread::spawn(move || reloader.wait_for_change(0, Duration::from_secs(10)))
        };
        std::thread::sleep(Duration::from_millis(20));
        reloader.publish(Some("boom".into()));
        let woken = waiter.join().expect("waiter");
        assert_eq!(woken, status(1, Some("boom")));
    }

    #[test]
    fn a_generation_from_an_earlier_server_answers_at_once() {
        let reloader = Reloader::new(4);
        let started = Instant::now();
        assert_eq!(
            reloader
                .wait_for_change(7, Duration::from_secs(10))
                .generation,
            0
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[test]
    fn held_polls_are_bounded() {
        let reloader = Reloader::new(2);
        let first = reloader.hold_slot();
        let second = reloader.hold_slot();
        assert!(first.is_some() && second.is_some());
        assert!(reloader.hold_slot().is_none());
        drop(first);
        assert!(reloader.hold_slot().is_some());
    }
}
