//! The build generations: each rebuild publishes one, and each held poll waits for the first
//! that touched its page or changed the errors.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use super::{BuildStatus, PollAnswer, Touched};

/// Generations whose touched files are remembered. A browser further behind (a tab hidden
/// for a long time) cannot know whether its page changed, so it reloads.
const HISTORY: usize = 64;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::reload::tests::{files, status};

    const NOW: Duration = Duration::ZERO;

    /// Whether a tab on `page` that has seen generation `since` is told to reload, now.
    fn reloads(reloader: &Reloader, since: u64, page: &str) -> bool {
        reloader.wait_for_change(since, Some(&[page]), NOW).reload
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
