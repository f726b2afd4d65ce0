//! Client-side search: at build time every document, item and numbered paragraph is turned
//! into Swedish search terms, and the index is written in pieces under `/sok/` that
//! `static/js/search.js` fetches as a query needs them (docs/INDEXES.md has the format).
//!
//! Only the build stems: the index maps each word of the site, folded, to its term, so the
//! browser looks words up and the two sides cannot disagree. The stage, in order:
//!
//! - `words`: folding, splitting into words and stemming; `terms`: what a stem becomes
//!   in the index (umlaut plurals, compounds, keys without diacritics);
//! - `entries`: each document's entries and their terms, once per document (memoized),
//!   with `word_stems`, the per-thread cache of what each word stems to, and
//!   `goal_bodies`, the paragraphs under a goal's heading that are the goal's words, and
//!   `section_bodies`, those under any other heading, the heading's;
//! - `postings`: every entry numbered (newest document first) and each term's items, with
//!   `scores` (BM25 as one-character codes);
//! - `files`: writes every file: `shards` (words and postings), `fragments` (what a
//!   result shows), `filters` and the entry file (`manifest`).

mod compounds;
mod entries;
mod files;
mod filters;
mod fragments;
mod goal_bodies;
mod manifest;
mod pages;
mod postings;
mod scores;
mod section_bodies;
mod shards;
mod terms;
mod word_stems;
mod words;

pub use entries::Entry;
pub(super) use files::search_files;
pub use words::{STOPWORDS, fold, stem, terms, tokenize};

use crate::render::views::Urls;
use crate::render::{PageJob, Theme, page_context};

/// The version of the index's format, which `search.js` checks.
pub const FORMAT_VERSION: u32 = 4;

pub(super) const KINDS: [(&str, &str); 10] = [
    ("d", "search_kind_document"),
    ("h", "search_kind_heading"),
    ("m", "search_kind_motion"),
    ("g", "item_goal"),
    ("a", "item_activity"),
    ("r", "item_recommendation"),
    ("c", "item_commitment"),
    ("q", "item_quote"),
    ("o", "item_outcome"),
    ("p", "paragraph"),
];

pub(super) fn kind_code(kind: crate::document::ItemKind) -> &'static str {
    use crate::document::ItemKind;
    match kind {
        ItemKind::Goal => "g",
        ItemKind::Activity => "a",
        ItemKind::Recommendation => "r",
        ItemKind::Commitment => "c",
        ItemKind::Quote => "q",
        ItemKind::Outcome => "o",
    }
}

pub(super) fn search_page_job(theme: &Theme, urls: &Urls<'_>) -> PageJob {
    let word = &urls.config.paths.search;
    let url = urls.section(word, None);
    let mut context = page_context(theme.string("search_title"), &url, "");
    // The folder of the index files; search.js fetches index.json and the shards from it.
    context.insert("index_url", &url);
    // The search's pure functions, which search.js needs loaded before it.
    context.insert(
        "lib_script_url",
        &format!("{}/js/search_lib.js", urls.config.base_path),
    );
    context.insert(
        "script_url",
        &format!("{}/js/search.js", urls.config.base_path),
    );
    context.insert(
        "page_script_url",
        &format!("{}/js/search_page.js", urls.config.base_path),
    );
    context.insert("topics_url", &urls.section(&urls.config.paths.topics, None));
    context.insert("goals_url", &urls.section(&urls.config.paths.goals, None));
    PageJob {
        path: format!("{word}/index.html"),
        template: "search.html",
        context,
    }
}
