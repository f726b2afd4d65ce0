//! Live reload: the build generation that browsers wait on ([`generations`]), and the script
//! and error overlay injected into served HTML ([`inject`]). This file holds what a poll asks
//! and is answered.
//!
//! Each finished rebuild that changed something publishes a new generation, with the errors
//! of a failed build or none, and the files it wrote or deleted. A content rebuild publishes
//! after each of its early phases that changed a file (the edited documents' pages, the
//! other document pages, the index pages), and again, complete, when the rest is written (see
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

pub mod generations;
pub mod inject;

use std::collections::HashSet;
use std::time::Duration;

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

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    pub(super) fn status(generation: u64, errors: Option<&str>) -> BuildStatus {
        BuildStatus {
            generation,
            errors: errors.map(str::to_string),
            complete: true,
            current: false,
        }
    }

    pub(super) fn files(paths: &[&str]) -> Touched {
        Touched::Files(paths.iter().map(|p| p.to_string()).collect())
    }

    #[test]
    fn since_is_read_from_the_query() {
        assert_eq!(parse_since("since=12"), Some(12));
        assert_eq!(parse_since("x=1&since=4"), Some(4));
        assert_eq!(parse_since("since=abc"), None);
        assert_eq!(parse_since(""), None);
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
}
