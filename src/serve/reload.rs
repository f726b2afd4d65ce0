//! Live reload: the build generation that browsers wait on, and the script and error overlay
//! injected into served HTML.
//!
//! Each finished rebuild that changed something publishes a new generation, with the errors
//! of a failed build or none, and the files it wrote or deleted. A content rebuild publishes
//! twice: once when the document pages are written, again when the rest is (see
//! [`super::rebuild`]). A browser long-polls `GET /__planpress/reload?since=N&page=PATH`,
//! where PATH is the page it shows: the request is held until a generation after N touched
//! that page's file, or the errors changed, or [`LONG_POLL`] ran out, and answers
//! `{"generation":…,"errors":…,"complete":…,"reload":…,"full":…}`. The script then updates
//! the page (keeping the scroll position), or shows or removes the overlay. It updates a page
//! in place, fetching it and swapping its title and body, when the page and its new copy load
//! the same stylesheets and have no scripts of their own; it reloads the page when `full`
//! says a file every page uses changed, or when anything goes wrong. So an edit updates the
//! tabs on the edited document as soon as its page is written, and the tabs on an index page
//! once the index is, and no tab twice. Without `page` any new generation answers, with
//! `reload` true. Only visible tabs hold a poll, since browsers allow six connections per
//! host; a hidden tab catches up when it is shown again. A long-poll rather than SSE or a
//! WebSocket: it is a plain request that needs nothing of the server but an answer, and any
//! browser or proxy handles it.

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::diagnostic::Lang;

/// The path of the long-poll endpoint.
pub const RELOAD_PATH: &str = "/__planpress/reload";

/// How long a poll is held before it is answered with an unchanged generation.
pub const LONG_POLL: Duration = Duration::from_secs(25);

/// Generations whose touched files are remembered. A browser further behind (a tab hidden
/// for a long time) cannot know whether its page changed, so it reloads.
const HISTORY: usize = 64;

/// What the browser needs to know about the latest build.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BuildStatus {
    pub generation: u64,
    /// The rendered diagnostics of a failed rebuild; `None` while the last build succeeded.
    pub errors: Option<String>,
    /// False between the phases of a content rebuild: the document pages are written, and
    /// then the index pages, but not yet the search index, exports and feeds.
    pub complete: bool,
    /// With `errors`: true when the pages served are the failed build's own, written before
    /// the check that needs the whole site (links to its own paths) failed; false when they
    /// are the last good build's. The overlay must not call an edited page the last good one.
    pub current: bool,
}

/// The answer to a poll: the latest status, and whether the polling page must reload.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PollAnswer {
    #[serde(flatten)]
    pub status: BuildStatus,
    pub reload: bool,
    /// With `reload`: the page must be loaded anew rather than swapped in place, because a
    /// file every page uses changed (its URL stays the same, so a swapped body would keep the
    /// old stylesheet), or the server cannot tell what changed.
    pub full: bool,
}

/// The files of the site folder one generation wrote or deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Touched {
    /// Every page: a file they all use (a stylesheet) changed, or too many files to list.
    All,
    /// Paths relative to the site folder, as [`super::paths::page_key`] spells them.
    Files(HashSet<String>),
}

impl Touched {
    pub fn none() -> Self {
        Touched::Files(HashSet::new())
    }

    pub fn contains(&self, file: &str) -> bool {
        match self {
            Touched::All => true,
            Touched::Files(files) => files.contains(file),
        }
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, Touched::Files(files) if files.is_empty())
    }
}

#[derive(Debug)]
struct Record {
    generation: u64,
    errors: Option<String>,
    current: bool,
    touched: Touched,
}

#[derive(Debug)]
struct Shared {
    status: BuildStatus,
    /// The latest generations, oldest first; the last is `status`'s.
    history: VecDeque<Record>,
    stopping: bool,
    /// The polls being held: an id each, with their `since` and pages.
    held: Vec<(u64, u64, Option<Vec<String>>)>,
    next_id: u64,
    /// Browsers told to reload by the latest first phase that have not polled again yet.
    reloading: usize,
}

impl Shared {
    /// The answer for a browser at generation `since` showing any of the files `pages`
    /// (every file for `None`), or `None` while nothing it shows changed.
    fn answer<S: AsRef<str>>(&self, since: u64, pages: Option<&[S]>) -> Option<PollAnswer> {
        let status = &self.status;
        if status.generation == since {
            return None;
        }
        let answer = |reload, full| {
            Some(PollAnswer {
                status: status.clone(),
                reload,
                full,
            })
        };
        let Some(at) = self.history.iter().position(|r| r.generation == since) else {
            // From before a restart of the server, or too far behind to tell.
            return answer(true, true);
        };
        let missed = || self.history.iter().skip(at + 1);
        let reload = missed().any(|record| {
            pages.is_none_or(|pages| pages.iter().any(|p| record.touched.contains(p.as_ref())))
        });
        let full = reload && missed().any(|record| record.touched == Touched::All);
        let then = &self.history[at];
        if reload || then.errors != status.errors || then.current != status.current {
            return answer(reload, full);
        }
        None
    }
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
        let first = Record {
            generation: 0,
            errors: None,
            current: false,
            touched: Touched::none(),
        };
        Reloader {
            shared: Mutex::new(Shared {
                status: BuildStatus {
                    generation: 0,
                    errors: None,
                    complete: true,
                    current: false,
                },
                history: VecDeque::from([first]),
                stopping: false,
                held: Vec::new(),
                next_id: 0,
                reloading: 0,
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

    /// Records a build, or the first phase of one (`complete` false), that `touched` these
    /// files, and wakes every waiting browser. A good build clears the errors; a failed one
    /// wrote nothing, so the pages stay the last good build's.
    pub fn publish(&self, errors: Option<String>, touched: Touched, complete: bool) -> u64 {
        self.record(errors, false, touched, complete)
    }

    /// Records a whole build that wrote its pages (`touched`) and then found `errors` that
    /// only the whole site shows: the pages served are this build's, errors and all.
    pub fn publish_written_with_errors(&self, errors: String, touched: Touched) -> u64 {
        self.record(Some(errors), true, touched, true)
    }

    fn record(
        &self,
        errors: Option<String>,
        current: bool,
        touched: Touched,
        complete: bool,
    ) -> u64 {
        let mut shared = self.lock();
        let generation = shared.status.generation + 1;
        let current = current && errors.is_some();
        shared.status = BuildStatus {
            generation,
            errors: errors.clone(),
            complete,
            current,
        };
        shared.history.push_back(Record {
            generation,
            errors,
            current,
            touched,
        });
        while shared.history.len() > HISTORY {
            shared.history.pop_front();
        }
        shared.reloading = if complete {
            0
        } else {
            let shared = &*shared;
            shared
                .held
                .iter()
                .filter(|(_, since, pages)| {
                    shared
                        .answer(*since, pages.as_deref())
                        .is_some_and(|answer| answer.reload)
                })
                .count()
        };
        self.changed.notify_all();
        generation
    }

    /// After a first phase: waits until the browsers it told to reload have shown their new
    /// page (their script polls anew), or `timeout` runs out, so that the second phase
    /// does not take the processor from them. The indexes can wait; the page the author is
    /// looking at should not.
    pub fn wait_for_reloads(&self, timeout: Duration) {
        let deadline = Instant::now() + timeout;
        let mut shared = self.lock();
        while shared.reloading > 0 && !shared.stopping {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return;
            }
            shared = self
                .changed
                .wait_timeout(shared, left)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        }
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
    /// which case the caller answers at once.
    pub fn hold_slot(&self) -> Option<HeldSlot<'_>> {
        let taken = self.held.fetch_add(1, Ordering::SeqCst);
        if taken >= self.max_held {
            self.held.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(HeldSlot { reloader: self })
    }

    /// Blocks until a generation after `since` touched one of `pages` (the files a browser's
    /// page may show: the page's own, and `404.html` while it has none; any generation for
    /// `None`) or changed the errors, the timeout runs out or the server stops. A `since` from
    /// before a restart of the server answers at once with `reload`, so the page reloads
    /// from the new one. On a timeout the answer is the latest generation without `reload`:
    /// nothing the browser shows changed up to it.
    pub fn wait_for_change(
        &self,
        since: u64,
        pages: Option<&[&str]>,
        timeout: Duration,
    ) -> PollAnswer {
        let deadline = Instant::now() + timeout;
        let mut shared = self.lock();
        if shared.reloading > 0 && since == shared.status.generation {
            // A page reloaded by the first phase is back.
            shared.reloading -= 1;
            self.changed.notify_all();
        }
        let id = shared.next_id;
        shared.next_id += 1;
        let owned = pages.map(|pages| pages.iter().map(|p| p.to_string()).collect());
        shared.held.push((id, since, owned));
        let answer = loop {
            if let Some(answer) = shared.answer(since, pages) {
                break answer;
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || shared.stopping {
                break PollAnswer {
                    status: shared.status.clone(),
                    reload: false,
                    full: false,
                };
            }
            shared = self
                .changed
                .wait_timeout(shared, left)
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .0;
        };
        shared.held.retain(|(held, _, _)| *held != id);
        answer
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

pub fn status_json(status: &impl serde::Serialize) -> String {
    // Serializing plain numbers, strings and booleans cannot fail; an empty object would
    // still leave the script valid (it asks the server at once).
    serde_json::to_string(status).unwrap_or_else(|_| "{}".to_string())
}

/// Adds the reload script, and the error overlay while the last build failed, before the
/// page's `</body>` (at the end when there is none). Only the server calls this: the built
/// site never contains either.
pub fn inject_live_reload(html: &str, status: &BuildStatus, lang: Lang) -> String {
    inject(html, status, lang, crate::text!("serve.overlay-title"))
}

/// The page served while the first build has failed: there is no site yet, so the overlay
/// does not claim to lie over the last good build. It reloads when a build succeeds.
pub fn no_site_page(status: &BuildStatus, lang: Lang) -> String {
    let page = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head>\
         <body style=\"font-family:sans-serif;margin:1em\"><main><h1>{title}</h1><p>{text}</p></main></body></html>",
        lang = lang.code(),
        title = crate::html::escape(&crate::text!("serve.no-site-title").render(lang)),
        text = crate::html::escape(&crate::text!("serve.no-site").render(lang)),
    );
    inject(
        &page,
        status,
        lang,
        crate::text!("serve.overlay-title-no-site"),
    )
}

/// `title` heads the overlay over pages that are not the failed build's (the last good
/// build's, or the page telling there is none).
fn inject(html: &str, status: &BuildStatus, lang: Lang, title: crate::diagnostic::Text) -> String {
    let title = title.render(lang);
    let current_title = crate::text!("serve.overlay-title-current").render(lang);
    let mut snippet = String::with_capacity(SCRIPT.len() + 256);
    if let Some(errors) = &status.errors {
        let title = if status.current {
            &current_title
        } else {
            &title
        };
        snippet.push_str(&render_overlay(errors, title));
    }
    snippet.push_str(SCRIPT_TAG);
    // The title as a JSON string, `<` escaped like the status's, for the script's overlay.
    let json_string = |text: &str| {
        serde_json::to_string(text)
            .unwrap_or_else(|_| "\"planpress\"".to_string())
            .replace('<', "\\u003c")
    };
    let script = SCRIPT
        .replace("__PLANPRESS_STATUS__", &script_safe_json(status))
        .replace("__OVERLAY_TITLE_CURRENT__", &json_string(&current_title))
        .replace("__OVERLAY_TITLE__", &json_string(&title));
    snippet.push_str(&script);
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
pub fn render_overlay(errors: &str, title: &str) -> String {
    let mut runs = String::new();
    for (excerpt, lines) in overlay_runs(errors) {
        let (style, focusable) = if excerpt {
            (EXCERPT_STYLE, " tabindex=\"0\"")
        } else {
            (MESSAGE_STYLE, "")
        };
        runs.push_str(&format!(
            "<pre style=\"{style}\"{focusable}>{}</pre>",
            crate::html::escape(&lines)
        ));
    }
    format!(
        "<div id=\"__planpress-overlay\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><strong>{}</strong>\
         <div style=\"margin:.5em 0 0\">{runs}</div></div>\n",
        crate::html::escape(title),
    )
}

/// The diagnostics cut into runs of lines: a source excerpt (the lines whose text before
/// their first `|` is only a line number and spaces) keeps its columns and scrolls sideways,
/// so the caret stays under the column it marks on a narrow screen; messages and help wrap.
/// reload.js cuts the errors it polls by the same rule.
fn overlay_runs(errors: &str) -> Vec<(bool, String)> {
    let mut runs: Vec<(bool, String)> = Vec::new();
    for line in errors.lines() {
        let excerpt = line
            .split_once('|')
            .is_some_and(|(gutter, _)| gutter.chars().all(|c| c == ' ' || c.is_ascii_digit()));
        match runs.last_mut() {
            Some((kind, lines)) if *kind == excerpt => {
                lines.push('\n');
                lines.push_str(line);
            }
            _ => runs.push((excerpt, line.to_string())),
        }
    }
    runs
}

/// JSON inside `<script>` must not close the element or open a comment: `<` is written as
/// its escape, which JSON strings allow.
fn script_safe_json(status: &BuildStatus) -> String {
    status_json(status).replace('<', "\\u003c")
}

/// The script's own tag. The attribute tells it from the page's scripts: a page with scripts
/// of its own is reloaded whole, since swapping its body would leave them behind.
const SCRIPT_TAG: &str = "<script data-planpress-reload>";

const OVERLAY_STYLE: &str = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;\
background:#fff3f3;color:#5a0000;border-top:4px solid #c00;padding:1em 1.5em;font:14px/1.4 monospace;\
box-shadow:0 -2px 12px rgba(0,0,0,.3)";

/// A source excerpt never wraps: a wrapped line would leave its caret under another column.
const EXCERPT_STYLE: &str = "white-space:pre;overflow-x:auto;margin:0";
const MESSAGE_STYLE: &str = "white-space:pre-wrap;margin:0";

/// The script, kept as a file of its own so that it reads (and lints) as JavaScript.
const RELOAD_SCRIPT: &str = include_str!("reload.js");

/// The script with the overlay style filled in, built once.
static SCRIPT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    RELOAD_SCRIPT
        .replace("__OVERLAY_STYLE__", OVERLAY_STYLE)
        .replace("__EXCERPT_STYLE__", EXCERPT_STYLE)
        .replace("__MESSAGE_STYLE__", MESSAGE_STYLE)
});

#[cfg(test)]
mod tests {
    use super::*;

    fn status(generation: u64, errors: Option<&str>) -> BuildStatus {
        BuildStatus {
            generation,
            errors: errors.map(str::to_string),
            complete: true,
            current: false,
        }
    }

    fn files(paths: &[&str]) -> Touched {
        Touched::Files(paths.iter().map(|p| p.to_string()).collect())
    }

    const NOW: Duration = Duration::ZERO;

    /// Whether a tab on `page` that has seen generation `since` is told to reload, now.
    fn reloads(reloader: &Reloader, since: u64, page: &str) -> bool {
        reloader.wait_for_change(since, Some(&[page]), NOW).reload
    }

    #[test]
    fn script_goes_before_the_closing_body_tag() {
        let page = inject_live_reload(
            "<html><body><p>x</p></body></html>",
            &status(3, None),
            Lang::En,
        );
        let script = page.find(SCRIPT_TAG).expect("script injected");
        assert!(script < page.find("</body>").expect("body kept"));
        assert!(page.contains(
            "var status = {\"generation\":3,\"errors\":null,\"complete\":true,\"current\":false};"
        ));
        assert!(
            !page.contains("__planpress-overlay\" role"),
            "no overlay after a good build"
        );
        assert!(page.ends_with("</body></html>"));
    }

    #[test]
    fn a_page_without_body_gets_the_script_at_the_end() {
        let page = inject_live_reload("<p>fragment</p>", &status(1, None), Lang::En);
        assert!(page.starts_with("<p>fragment</p><script data-planpress-reload>"));
    }

    /// The script finds its own element by this attribute, and a placeholder left unfilled
    /// would stop it before it polls, so no tab would ever update.
    #[test]
    fn the_injected_script_is_marked_and_filled_in() {
        let page = inject_live_reload("<body></body>", &status(5, Some("x")), Lang::En);
        assert_eq!(page.matches("<script").count(), 1, "{page}");
        assert!(page.contains(SCRIPT_TAG));
        assert!(!page.contains("__PLANPRESS_STATUS__"), "status filled in");
        assert!(
            !page.contains("__OVERLAY_STYLE__"),
            "overlay style filled in"
        );
        assert!(page.contains(&format!("var style = \"{OVERLAY_STYLE}\";")));
        assert!(page.contains(&format!("var excerptStyle = \"{EXCERPT_STYLE}\";")));
        assert!(page.contains(&format!("var messageStyle = \"{MESSAGE_STYLE}\";")));
        assert!(
            !page.contains("__OVERLAY_TITLE__"),
            "overlay title filled in"
        );
        assert!(page.contains("script[data-planpress-reload]"));
        assert!(page.contains("planpress:updated"));
    }

    /// On a phone the excerpt's lines are wider than the screen: wrapped, the caret line
    /// would point at a column of the wrong piece of the source line.
    #[test]
    fn the_source_excerpt_keeps_its_columns_and_the_messages_wrap() {
        let errors = "fel[E055]: länk till ett dokument som inte finns: `x`\n  --> content/a.md:23:136\n   |\n23 | …och en [[x]] hållbar…\n   |         ^\n   = hjälp: skriv | inte\n\nfel[E001]: b\n";
        let runs = overlay_runs(errors);
        let kinds: Vec<bool> = runs.iter().map(|(excerpt, _)| *excerpt).collect();
        assert_eq!(kinds, [false, true, false]);
        assert_eq!(
            runs[1].1,
            "   |\n23 | …och en [[x]] hållbar…\n   |         ^"
        );
        assert_eq!(runs[2].1, "   = hjälp: skriv | inte\n\nfel[E001]: b");
        let overlay = render_overlay(errors, "planpress");
        let excerpt = format!("<pre style=\"{EXCERPT_STYLE}\" tabindex=\"0\">   |\n23 |");
        assert!(overlay.contains(&excerpt), "{overlay}");
        assert_eq!(overlay.matches(MESSAGE_STYLE).count(), 2, "{overlay}");
    }

    #[test]
    fn failed_build_adds_an_escaped_overlay_and_safe_json() {
        let errors = "error: bad <toml>\n  --> content/a.md:2:1\n</script><script>alert(1)";
        let page = inject_live_reload("<body></body>", &status(2, Some(errors)), Lang::En);
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
        let timed_out = reloader.wait_for_change(0, None, Duration::from_millis(20));
        assert_eq!(timed_out.status.generation, 0);
        assert!(!timed_out.reload);
        let waiter = {
            let reloader = reloader.clone();
            std::thread::spawn(move || reloader.wait_for_change(0, None, Duration::from_secs(10)))
        };
        std::thread::sleep(Duration::from_millis(20));
        reloader.publish(Some("boom".into()), Touched::none(), true);
        let woken = waiter.join().expect("waiter");
        assert_eq!(woken.status, status(1, Some("boom")));
    }

    #[test]
    fn a_generation_from_an_earlier_server_answers_at_once() {
        let reloader = Reloader::new(4);
        let started = Instant::now();
        let answer = reloader.wait_for_change(7, Some(&["a/index.html"]), Duration::from_secs(10));
        assert_eq!(answer.status.generation, 0);
        assert!(answer.reload);
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    /// The two phases of a content rebuild: the edited document's page first, the index
    /// listing it second. Each tab is answered once, by the generation that touched it.
    #[test]
    fn a_page_is_answered_only_by_generations_that_touched_it() {
        let reloader = std::sync::Arc::new(Reloader::new(8));
        let wait = |page: &'static str| {
            let reloader = reloader.clone();
            std::thread::spawn(move || {
                reloader.wait_for_change(0, Some(&[page]), Duration::from_millis(800))
            })
        };
        let (edited, index, other) = (
            wait("a/index.html"),
            wait("mal/index.html"),
            wait("b/index.html"),
        );
        std::thread::sleep(Duration::from_millis(30));
        reloader.publish(None, files(&["a/index.html"]), false);
        let answer = edited.join().expect("edited");
        assert_eq!((answer.status.generation, answer.reload), (1, true));
        assert!(!answer.status.complete);
        reloader.publish(None, files(&["mal/index.html", "sok/index.json"]), true);
        let answer = index.join().expect("index");
        assert_eq!((answer.status.generation, answer.reload), (2, true));
        let answer = other.join().expect("other");
        assert_eq!(
            (answer.status.generation, answer.reload),
            (2, false),
            "the unrelated page times out with the latest generation and stays"
        );
        // A page that missed generations is told about every one it missed.
        assert!(reloads(&reloader, 0, "a/index.html"));
        assert!(!reloads(&reloader, 1, "a/index.html"));
        assert!(reloads(&reloader, 1, "mal/index.html"));
        assert!(reloader.wait_for_change(1, None, NOW).reload);
    }

    #[test]
    fn the_second_phase_waits_for_the_reloaded_pages_to_poll_again() {
        let reloader = std::sync::Arc::new(Reloader::new(8));
        let held = {
            let reloader = reloader.clone();
            std::thread::spawn(move || {
                reloader.wait_for_change(0, Some(&["a/index.html"]), Duration::from_secs(10))
            })
        };
        let unrelated = {
            let reloader = reloader.clone();
            std::thread::spawn(move || {
                reloader.wait_for_change(0, Some(&["b/index.html"]), Duration::from_millis(600))
            })
        };
        while reloader.lock().held.len() < 2 {
            std::thread::sleep(Duration::from_millis(5));
        }
        let first = reloader.publish(None, files(&["a/index.html"]), false);
        assert!(held.join().expect("held").reload);
        let started = Instant::now();
        let back = {
            let reloader = reloader.clone();
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(100));
                // The reloaded page's script polls from the generation it was served with.
                reloader.wait_for_change(first, Some(&["a/index.html"]), Duration::from_millis(300))
            })
        };
        reloader.wait_for_reloads(Duration::from_secs(10));
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_millis(90) && waited < Duration::from_secs(5),
            "waited {waited:?} for the one page told to reload, not for the unrelated one"
        );
        reloader.publish(None, files(&["mal/index.html"]), true);
        assert!(!back.join().expect("back").reload);
        assert!(!unrelated.join().expect("unrelated").reload);
        let started = Instant::now();
        reloader.wait_for_reloads(Duration::from_secs(10));
        assert!(
            started.elapsed() < Duration::from_secs(1),
            "nothing to wait for"
        );
    }

    /// A changed stylesheet keeps its URL: a page swapped in place would keep the old one.
    #[test]
    fn a_file_every_page_uses_asks_for_a_full_reload() {
        let reloader = Reloader::new(4);
        reloader.publish(None, files(&["a/index.html"]), true);
        let swap = reloader.wait_for_change(0, Some(&["a/index.html"]), NOW);
        assert_eq!((swap.reload, swap.full), (true, false));
        reloader.publish(None, Touched::All, true);
        let full = reloader.wait_for_change(1, Some(&["a/index.html"]), NOW);
        assert_eq!((full.reload, full.full), (true, true));
        let missed = reloader.wait_for_change(0, Some(&["b/index.html"]), NOW);
        assert_eq!((missed.reload, missed.full), (true, true));
        reloader.publish(None, files(&["a/index.html"]), true);
        let after = reloader.wait_for_change(2, Some(&["a/index.html"]), NOW);
        assert_eq!((after.reload, after.full), (true, false));
        let restarted = reloader.wait_for_change(99, Some(&["a/index.html"]), NOW);
        assert_eq!((restarted.reload, restarted.full), (true, true));
    }

    #[test]
    fn errors_answer_every_page_without_a_reload() {
        let reloader = Reloader::new(4);
        reloader.publish(Some("broken".into()), Touched::none(), true);
        let answer = reloader.wait_for_change(0, Some(&["b/index.html"]), NOW);
        assert_eq!(answer.status.errors.as_deref(), Some("broken"));
        assert!(!answer.reload, "the overlay shows without a reload");
        reloader.publish(None, files(&["a/index.html"]), true);
        let fixed = reloader.wait_for_change(1, Some(&["b/index.html"]), NOW);
        assert_eq!((fixed.status.errors, fixed.reload), (None, false));
        let fixed = reloader.wait_for_change(1, Some(&["a/index.html"]), NOW);
        assert_eq!((fixed.status.errors, fixed.reload), (None, true));
        reloader.publish(None, Touched::All, true);
        assert!(reloads(&reloader, 2, "b/index.html"));
    }

    #[test]
    fn any_of_the_files_a_page_shows_answers() {
        let reloader = Reloader::new(4);
        reloader.publish(None, files(&["404.html"]), true);
        let missing = ["nope/index.html", "404.html"];
        assert!(reloader.wait_for_change(0, Some(&missing), NOW).reload);
        assert!(!reloads(&reloader, 0, "a/index.html"));
        reloader.publish(None, files(&["nope/index.html"]), true);
        assert!(reloader.wait_for_change(1, Some(&missing), NOW).reload);
    }

    #[test]
    fn browsers_too_far_behind_reload() {
        let reloader = Reloader::new(4);
        for _ in 0..HISTORY + 1 {
            reloader.publish(None, Touched::none(), true);
        }
        assert!(reloads(&reloader, 0, "a/index.html"));
        assert!(!reloads(&reloader, 10, "a/index.html"));
    }

    #[test]
    fn answers_carry_reload_beside_the_status() {
        let answer = PollAnswer {
            status: status(4, None),
            reload: true,
            full: false,
        };
        assert_eq!(
            status_json(&answer),
            "{\"generation\":4,\"errors\":null,\"complete\":true,\"current\":false,\"reload\":true,\"full\":false}"
        );
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

    /// The overlay was English over Swedish errors: its title is the errors' language, in
    /// the server's markup and in the script that draws it after a poll.
    #[test]
    fn the_overlay_speaks_the_language_of_its_errors() {
        let page = inject_live_reload("<body></body>", &status(2, Some("fel[E018]")), Lang::Sv);
        let title =
            "planpress: senaste ombygget misslyckades; det här är den senaste fungerande versionen";
        assert!(
            page.contains(&format!("<strong>{title}</strong>")),
            "{page}"
        );
        assert!(
            page.contains(&format!("var overlayTitle = \"{title}\";")),
            "{page}"
        );
        assert!(!page.contains("last rebuild failed"), "{page}");
        let page = inject_live_reload("<body></body>", &status(2, Some("error")), Lang::En);
        assert!(page.contains("planpress: the last rebuild failed; this is the last good build"));
    }

    /// A rebuild that wrote its pages and then found a broken link was titled "this is the
    /// last good build" over the very page with the link: the title says the page shows the
    /// change, in the server's markup and in a poll's answer, and a good build clears it.
    #[test]
    fn errors_over_the_builds_own_pages_are_not_called_the_last_good_build() {
        let reloader = Reloader::new(4);
        let generation =
            reloader.publish_written_with_errors("fel[E058]".into(), files(&["a/index.html"]));
        let status = reloader.status();
        assert!(status.current, "{status:?}");
        let page = inject_live_reload("<body></body>", &status, Lang::Sv);
        assert!(
            page.contains("<strong>planpress: sidorna visar din ändring, men den har fel"),
            "{page}"
        );
        assert!(
            !page.contains("<strong>planpress: senaste ombygget misslyckades"),
            "{page}"
        );
        let answer = reloader.wait_for_change(0, Some(&["a/index.html"]), Duration::ZERO);
        assert!(answer.reload && answer.status.current, "{answer:?}");
        assert!(status_json(&answer).contains("\"current\":true"));
        reloader.publish(Some("fel".into()), Touched::none(), true);
        assert!(
            !reloader.status().current,
            "a build that wrote nothing keeps the old pages"
        );
        reloader.publish(None, Touched::none(), true);
        assert!(!reloader.status().current);
        assert!(generation < reloader.status().generation);
    }
}
