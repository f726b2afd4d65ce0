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

use crate::diagnostic::Diagnostic;
use crate::render::views::Urls;
use crate::render::{PageJob, Theme, page_context};
use crate::resolve::Site;

/// The version of the index's format, which `search.js` checks.
pub const FORMAT_VERSION: u32 = 4;

/// The site's `search.js` (its own `static/`, else its theme's) when it reads another index
/// format than this build writes: a theme copied by an older `planpress init`. Every search
/// on the published site would fail, in the members' browsers and nowhere else, so the build
/// says so (W012). A script that declares no version is the site's own and not judged.
pub fn script_format_warning(config: &crate::config::Config) -> Option<Diagnostic> {
    let rel = std::path::Path::new("js").join("search.js");
    let path = [
        config.site_static_dir.join(&rel),
        config.theme_dir.join("static").join(&rel),
    ]
    .into_iter()
    .find(|path| path.is_file())?;
    let text = std::fs::read_to_string(&path).ok()?;
    let declaration = "var FORMAT_VERSION = ";
    let at = text.find(declaration)? + declaration.len();
    let digits = text[at..].split(|c: char| !c.is_ascii_digit()).next()?;
    let reads: u32 = digits.parse().ok()?;
    if reads == FORMAT_VERSION {
        return None;
    }
    let shown = path.strip_prefix(&config.root).unwrap_or(&path);
    let locator = crate::diagnostic::Locator::new(shown, text.as_str());
    // `update-theme` brings only the theme's copy up to date; the site's own static/ wins
    // over it, and is the site's to change.
    let help = if path.starts_with(&config.site_static_dir) {
        crate::text!("W012.help-site", file = shown.display())
    } else {
        crate::text!("W012.help")
    };
    let diagnostic =
        Diagnostic::warn(crate::text!("W012", reads = reads, writes = FORMAT_VERSION)).help(help);
    Some(locator.locate(diagnostic, at..at + digits.len()))
}

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
/// number ("mål 3", "mal 3") into the word posted, `mål3`. Beside them, the words of labels
/// the authors write at the start of headings and items, numbered as a series ("Delmål 6:
/// Skapande av lokalgrupper", "Del 1: En större roll…", [`written_label`]): "delmål 6" found
/// every "Delmål" heading, 1 to 8 in order, the 6 being a one-digit word left out.
pub(super) struct LabelWords {
    words: Vec<(crate::document::ItemKind, String)>,
    /// The words of the labels authors write, folded, sorted.
    written: Vec<String>,
}

/// The label an author wrote at the start of a heading or item, folded, as one word with
/// its number, and its word: "Delmål 6: Skapande…" → (`delmål6`, `delmål`). A word of three
/// letters or more, a space, a number of up to three digits, then a colon, a full stop or
/// the end: "Minst 20 flygbladsutdelningar" starts with a count, not a label.
pub(super) fn written_label(text: &str) -> Option<(String, usize)> {
    const MOST_DIGITS: usize = 3;
    let (word, rest) = text.split_once(' ')?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = rest.get(digits..)?;
    let labelled = word.chars().count() >= 3
        && word.chars().all(char::is_alphabetic)
        && (1..=MOST_DIGITS).contains(&digits)
        && (after.is_empty() || after.starts_with([':', '.']));
    if !labelled {
        return None;
    }
    let word = fold(word);
    let length = word.len();
    Some((format!("{word}{}", rest.get(..digits)?), length))
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
        LabelWords {
            words,
            written: Vec::new(),
        }
    }

    /// With the words of the labels the authors of `site` write ([`written_label_words`]).
    pub(super) fn with_written(self, site: &Site) -> LabelWords {
        LabelWords {
            written: written_label_words(site),
            ..self
        }
    }

    /// Each kind's word, then each word of the labels authors write, as the entry file lists
    /// them (an empty label is none).
    pub(super) fn words(&self) -> impl Iterator<Item = &str> {
        (self.words.iter().map(|(_, word)| word.as_str()))
            .chain(self.written.iter().map(String::as_str))
            .filter(|word| !word.is_empty())
    }

    /// The word an author's label at the start of `text` is posted as, when its word labels a
    /// series of the site ([`written_label`]).
    pub(super) fn written(&self, text: &str) -> Option<String> {
        let (word, length) = written_label(text)?;
        let known = self
            .written
            .binary_search_by(|w| w.as_str().cmp(word.get(..length).unwrap_or_default()));
        known.is_ok().then_some(word)
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
            written: Vec::new(),
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

/// The words of the labels authors write at the start of the site's headings and items that
/// number a series: two numbers or more under one word ("Delmål 1:" … "Delmål 8:"). A word
/// that labels one text alone is likelier a sentence's first word ("Under 2014 har…").
fn written_label_words(site: &Site) -> Vec<String> {
    let mut numbers: std::collections::BTreeMap<String, String> = Default::default();
    let mut series = std::collections::BTreeSet::new();
    let texts = site.documents.iter().flat_map(|d| {
        (d.items.iter().map(|i| i.text.as_str())).chain(d.toc.iter().map(|h| h.title.as_str()))
    });
    for text in texts {
        if let Some((label, length)) = written_label(text)
            && let (Some(word), Some(number)) = (label.get(..length), label.get(length..))
        {
            match numbers.get(word) {
                Some(seen) if seen != number => {
                    series.insert(word.to_owned());
                }
                Some(_) => {}
                None => {
                    numbers.insert(word.to_owned(), number.to_owned());
                }
            }
        }
    }
    series.into_iter().collect()
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

    /// A label an author writes at the start of a heading or item is a word, a space and a
    /// number, then a colon, a full stop or the end; a count or a year in a sentence is not.
    #[test]
    fn a_written_label_is_a_word_and_a_number_before_a_colon() {
        let label = |text: &str| written_label(text).map(|(word, _)| word);
        assert_eq!(
            label("Delmål 6: Skapande av lokalgrupper").as_deref(),
            Some("delmål6")
        );
        assert_eq!(label("Del 1: En större roll").as_deref(), Some("del1"));
        assert_eq!(label("Bilaga 12.").as_deref(), Some("bilaga12"));
        assert_eq!(label("Steg 2").as_deref(), Some("steg2"));
        for text in [
            "Anordna minst 20 flygbladsutdelningar",
            "Minst 20 flygbladsutdelningar",
            "Under 2014 har fokus",
            "Nr 3: kort ord",
            "§11 MÅLSÄTTNING",
            "Val 2022",
        ] {
            assert_eq!(label(text), None, "{text}");
        }
    }

    /// Huddinge's "Delmål 1:" … "Delmål 8:" and the strategy's "Del 1:" … "Del 3:" are
    /// series: each goal and heading is posted under its label as one word, which the entry
    /// file lists for search.js to join "delmål 6" into; "Val 2022", a heading alone, is no
    /// series. Before, "delmål 6" listed the eight goals in order, the 6 left out.
    #[test]
    fn labels_authors_write_are_posted_as_one_word() {
        postings::with_the_examples_index(|site, numbered, assembled, labels| {
            let written: Vec<&str> = labels.words().skip(ItemKind::ALL.len()).collect();
            assert_eq!(written, ["del", "delmål"]);
            let entry_of = |number: u32| {
                let (d, of) = numbered.items[number as usize];
                let document = &site.documents[d];
                match of {
                    EntryOf::Item(n) => document.items[n].id.clone(),
                    EntryOf::Heading(n) => document.toc[n].id.clone(),
                    _ => String::new(),
                }
            };
            for (word, id) in [
                ("delmål6", "delmal-6"),
                ("del3", "del-3-ett-brett-ledarskap"),
            ] {
                let term = assembled.words.get(word).copied().expect(word);
                let items = &assembled.terms[term as usize].1.items;
                let ids: Vec<String> = items.iter().map(|&n| entry_of(n)).collect();
                assert_eq!(ids, [id], "{word}");
            }
            assert!(!assembled.words.contains_key("val2022"));
        });
    }
}
