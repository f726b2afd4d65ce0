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
mod tests;
