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

/// The words numbered items are found by as their pages label them ("Mål 3 · Medlemsvård"):
/// per kind, the theme's word for it (the page's,
/// [`ItemKind::label_key`](crate::document::ItemKind::label_key)), folded, letters and digits
/// only, which the entry file lists (`labels`) for `search.js` to join a label typed before a
/// number ("mål 3", "mal 3") into the word posted, `mål3`.
pub(super) struct LabelWords {
    words: Vec<(crate::document::ItemKind, String)>,
}

impl LabelWords {
    pub(super) fn new(theme: &Theme) -> LabelWords {
        let words = crate::document::ItemKind::ALL
            .iter()
            .map(|&kind| {
                let word: String = fold(theme.string(kind.label_key()))
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect();
                (kind, word)
            })
            .collect();
        LabelWords { words }
    }

    /// Each kind's word, as the entry file lists them (an empty label is none).
    pub(super) fn words(&self) -> impl Iterator<Item = &str> {
        self.words
            .iter()
            .map(|(_, word)| word.as_str())
            .filter(|word| !word.is_empty())
    }

    /// The default theme's Swedish words, for tests without a theme.
    #[cfg(test)]
    pub(super) fn swedish() -> LabelWords {
        use crate::document::ItemKind;
        let words = [
            (ItemKind::Goal, "mål"),
            (ItemKind::Activity, "aktivitet"),
            (ItemKind::Recommendation, "rekommendation"),
            (ItemKind::Commitment, "åtagande"),
            (ItemKind::Quote, "citat"),
            (ItemKind::Outcome, "utfall"),
        ];
        LabelWords {
            words: words.map(|(kind, word)| (kind, word.to_owned())).into(),
        }
    }

    /// Whether `word` is an item's label word (`mål3`): found only as typed, never as a
    /// compound's last part (`gande4` of `åtagande4`) nor by the words it begins.
    pub(super) fn is_label_word(&self, word: &str) -> bool {
        self.words().any(|label| {
            word.strip_prefix(label)
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        })
    }

    /// The word of an item of `kind` numbered `ordinal`: `mål3`.
    pub(super) fn word(&self, kind: crate::document::ItemKind, ordinal: usize) -> Option<String> {
        let (_, label) = self.words.iter().find(|(k, _)| *k == kind)?;
        if label.is_empty() {
            return None;
        }
        Some(format!("{label}{ordinal}"))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::ItemKind;
    use entries::EntryOf;

    fn theme_with(strings: &[(&str, &str)]) -> Theme {
        let mut theme = Theme::bare();
        for (key, value) in strings {
            theme.strings.insert((*key).to_owned(), (*value).to_owned());
        }
        theme
    }

    /// The word is the theme's, as the page labels the item: folded, letters and digits only
    /// (a label of two words is one word, as search.js joins them), with the number.
    #[test]
    fn label_words_are_the_themes_kind_words_folded_with_the_number() {
        let theme = theme_with(&[("item_goal", "Key goal"), ("item_activity", "Åtgärd")]);
        let labels = LabelWords::new(&theme);
        assert_eq!(labels.word(ItemKind::Goal, 3).as_deref(), Some("keygoal3"));
        assert_eq!(
            labels.word(ItemKind::Activity, 12).as_deref(),
            Some("åtgärd12")
        );
        assert!(labels.is_label_word("keygoal3") && labels.is_label_word("åtgärd12"));
        assert!(!labels.is_label_word("keygoal") && !labels.is_label_word("keygoals3"));
        let empty = LabelWords::new(&theme_with(&[("item_goal", " · ")]));
        assert_eq!(empty.word(ItemKind::Goal, 3), None);
        assert!(!empty.words().any(|word| word.is_empty()));
    }

    /// The default theme's words are those the tests assume (`swedish`).
    #[test]
    fn the_default_themes_label_words_are_swedish() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/i18n/sv.toml");
        let text = std::fs::read_to_string(path).expect("sv.toml");
        let strings: std::collections::BTreeMap<String, toml::Value> =
            toml::from_str(&text).expect("sv.toml parses");
        let mut theme = Theme::bare();
        for (key, value) in strings {
            if let Some(value) = value.as_str() {
                theme.strings.insert(key, value.to_owned());
            }
        }
        let swedish = LabelWords::swedish();
        let words: Vec<&str> = swedish.words().collect();
        assert_eq!(LabelWords::new(&theme).words().collect::<Vec<_>>(), words);
        assert_eq!(words[0], "mål");
    }

    /// Each item is found by its label's kind word and number as one word ("Mål 3 ·
    /// Medlemsvård" by `mål3`), and not by another number of its kind.
    #[test]
    fn items_are_posted_under_their_labels_kind_and_number() {
        postings::with_the_examples_index(|site, numbered, assembled, _| {
            let number_of = |id: &str| {
                let found = numbered.items.iter().position(|(d, of)| match of {
                    EntryOf::Item(n) => site.documents[*d].items[*n].id == id,
                    _ => false,
                });
                u32::try_from(found.expect(id)).expect("a number")
            };
            let postings_of = |word: &str| {
                let term = assembled.words.get(word).copied().expect(word);
                &assembled.terms[term as usize].1
            };
            for (word, id, other) in [
                ("mål3", "mal-medlemsvard-3", "mal-medlemsvard-2"),
                ("aktivitet5", "akt-medlemsvard-5", "akt-medlemsvard-4"),
                ("rekommendation10", "rek-samarbete-lanet", "rek-kontakter"),
                (
                    "åtagande4",
                    "ata-internfeministiska-handboken",
                    "ata-stod-till-ung-vanster",
                ),
            ] {
                let term = postings_of(word);
                assert!(term.items.contains(&number_of(id)), "{id} under {word}");
                assert!(
                    !term.items.contains(&number_of(other)),
                    "{other} under {word}"
                );
            }
        });
    }
}
