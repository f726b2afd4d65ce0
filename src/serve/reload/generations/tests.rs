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
