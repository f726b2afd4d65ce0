//! The checks of `site.toml`'s values that serde's types cannot make: each error points at
//! the value in the file, and the wrong value gives way to its default so that the rest of
//! the site is still checked.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::schemes::{is_never_allowed, is_scheme_syntax};
use super::{ConfigFile, UrlWords};
use crate::content::is_valid_slug;
use crate::diagnostic::{Diagnostic, Text, did_you_mean, line_column};
use crate::text;

/// Where the checked values are in site.toml. Read from the same text as [`ConfigFile`]
/// (whose values are plain, so that their defaults are simple), after it parsed.
#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct Spans {
    pub base_url: Option<Spanned<String>>,
    theme: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    messages: Option<Spanned<String>>,
    kinds: Option<Spanned<Vec<String>>>,
    allowed_link_schemes: Vec<Spanned<String>>,
    paths: BTreeMap<String, Spanned<String>>,
}

pub(super) fn spans_of(text: &str) -> Spans {
    toml::from_str(text).unwrap_or_default()
}

pub(super) fn span<T>(value: &Option<Spanned<T>>) -> Option<Range<usize>> {
    value.as_ref().map(Spanned::span)
}

/// What [`check_file`] reports: a message and where in site.toml it belongs.
pub(super) type Report<'r> = &'r mut dyn FnMut(Text, Option<Range<usize>>);

/// Checks `file`'s values, putting the default in place of each wrong one.
pub(super) fn check_file(root: &Path, file: &mut ConfigFile, spans: &Spans, report: Report<'_>) {
    let defaults = ConfigFile::default();
    if file.kinds.is_empty() {
        report(text!("E080"), span(&spans.kinds));
        file.kinds = defaults.kinds;
    }
    if let Some(message) = theme_problem(root, &file.theme) {
        report(message, span(&spans.theme));
        file.theme = defaults.theme;
    }
    if crate::diagnostic::Lang::parse(&file.messages).is_none() {
        report(text!("E076", value = &file.messages), span(&spans.messages));
        file.messages = defaults.messages;
    }
    if let Some(message) = language_problem(root, &file.theme, &file.language) {
        report(message, span(&spans.language));
        file.language = defaults.language;
    }
    check_paths(&mut file.paths, spans, report);
    let mut schemes = Vec::new();
    for (n, scheme) in file.allowed_link_schemes.iter().enumerate() {
        let at = spans.allowed_link_schemes.get(n).map(Spanned::span);
        match scheme_problem(scheme) {
            Some(message) => report(message, at),
            None => schemes.push(scheme.to_ascii_lowercase()),
        }
    }
    file.allowed_link_schemes = schemes;
}

fn theme_problem(root: &Path, theme: &str) -> Option<Text> {
    if theme.is_empty() || theme.contains(['/', '\\']) || theme.starts_with('.') {
        return Some(text!("E081", theme = theme));
    }
    let themes = root.join("themes");
    // Without a themes/ folder no name in site.toml is better than another: loading the
    // theme says the folder is missing and how to get it (E093), once.
    if themes.join(theme).is_dir() || !themes.is_dir() {
        return None;
    }
    let available: Vec<String> = std::fs::read_dir(&themes)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|entry| entry.file_name().into_string().ok())
        .collect();
    let hint = match did_you_mean(theme, available.iter().map(String::as_str)) {
        Some(nearest) => text!("help.did-you-mean", nearest = nearest),
        None if available.is_empty() => text!("E082.no-themes"),
        None => text!("E082.themes", themes = available.join(", ")),
    };
    Some(text!("E082", theme = theme, hint = hint))
}

/// Why `language` cannot be used with `theme` (already checked): it is not a language tag
/// (it names a file and goes into every page's `lang`), or the theme has no UI strings for it.
fn language_problem(root: &Path, theme: &str, language: &str) -> Option<Text> {
    let is_tag = language.split('-').enumerate().all(|(n, part)| {
        (1..=8).contains(&part.len())
            && part.bytes().all(|b| b.is_ascii_alphanumeric())
            && (n > 0 || part.bytes().all(|b| b.is_ascii_alphabetic()))
    });
    if !is_tag {
        return Some(text!("E083", language = language));
    }
    let i18n = root.join("themes").join(theme).join("i18n");
    if !i18n.is_dir() || i18n.join(format!("{language}.toml")).is_file() {
        // A theme without i18n/ is reported when it is loaded, with its file.
        return None;
    }
    let mut available: Vec<String> = std::fs::read_dir(&i18n)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter_map(|name| name.strip_suffix(".toml").map(str::to_string))
        .collect();
    available.sort();
    Some(text!(
        "E084",
        theme = theme,
        language = language,
        available = available.join(", ")
    ))
}

/// Checks every `[paths]` word, and that no two are the same.
fn check_paths(paths: &mut UrlWords, spans: &Spans, report: Report<'_>) {
    let defaults = UrlWords::default();
    let at = |key: &str| spans.paths.get(key).map(Spanned::span);
    for ((key, word), (_, default)) in paths.words_mut().into_iter().zip(defaults.words()) {
        if let Some(problem) = url_word_problem(word) {
            report(
                text!(
                    "E085",
                    key = key,
                    word = format!("{word:?}"),
                    problem = problem
                ),
                at(key),
            );
            *word = default.to_string();
        }
    }
    // Two indexes with one word would write into one folder. The word that is not its
    // default gives way; the defaults all differ, so each round settles one word for good.
    while let Some((first, second)) = shared_word(paths) {
        let (words, default_words) = (paths.words(), defaults.words());
        let change = if words[second].1 == default_words[second].1 {
            first
        } else {
            second
        };
        let other = if change == first { second } else { first };
        let (key, word) = words[change];
        report(
            text!(
                "E086",
                key = key,
                word = format!("{word:?}"),
                other = words[other].0
            ),
            at(key),
        );
        let default = default_words[change].1.to_string();
        *paths.words_mut()[change].1 = default;
    }
}

/// The first two `[paths]` keys that have the same word.
fn shared_word(paths: &UrlWords) -> Option<(usize, usize)> {
    let words = paths.words();
    (0..words.len()).find_map(|second| {
        (0..second)
            .find(|&first| words[first].1 == words[second].1)
            .map(|first| (first, second))
    })
}

/// Why `word` cannot be the URL word of an index page, which is a folder of the output: a
/// `/`, `..` or absolute path would write outside it, and anything a URL must percent-encode
/// (å, ä, ö included) makes links that some tools mangle.
pub fn url_word_problem(word: &str) -> Option<Text> {
    if word.is_empty() {
        return Some(text!("E085.empty"));
    }
    if word.starts_with(['/', '\\']) || word.as_bytes().get(1) == Some(&b':') {
        return Some(text!("E085.absolute"));
    }
    if word
        .split(['/', '\\'])
        .any(|part| part == ".." || part == ".")
    {
        return Some(text!("E085.leaves"));
    }
    if word.contains(['/', '\\']) {
        return Some(text!("E085.slash"));
    }
    if word.chars().any(char::is_control) {
        return Some(text!("E085.control"));
    }
    if !is_valid_slug(word) {
        return Some(text!("E085.encode"));
    }
    None
}

fn scheme_problem(scheme: &str) -> Option<Text> {
    let lower = scheme.to_ascii_lowercase();
    if !is_scheme_syntax(&lower) {
        return Some(text!("E087", scheme = scheme));
    }
    if is_never_allowed(&lower) {
        return Some(text!("E088", scheme = scheme));
    }
    None
}

/// site.toml is not UTF-8: where its first invalid byte is, and how to fix it.
pub(super) fn not_utf8(path: &Path, bytes: &[u8]) -> Diagnostic {
    let valid = std::str::from_utf8(bytes)
        .err()
        .map_or(bytes.len(), |error| error.valid_up_to());
    let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
    let (line, column) = line_column(&prefix, valid);
    let byte = bytes.get(valid).copied().unwrap_or_default();
    Diagnostic::err(text!(
        "E089",
        byte = format!("0x{byte:02X}"),
        line = line,
        column = column
    ))
    .at(path, &prefix, valid..valid)
    .help(text!("E089.help"))
}

/// The words of a [`UrlWords`] (or of a `&mut` one) with their keys in `[paths]`. Taken apart
/// field by field, so that a word added to [`UrlWords`] does not compile until it is here
/// too, checked and kept apart from the others; a macro, so that the shared and the mutable
/// borrow are one list.
macro_rules! keyed_words {
    ($words:expr) => {{
        let UrlWords {
            goals,
            recommendations,
            commitments,
            topics,
            documents,
            actors,
            organizations,
            motions,
            search,
            data,
        } = $words;
        [
            ("goals", goals),
            ("recommendations", recommendations),
            ("commitments", commitments),
            ("topics", topics),
            ("documents", documents),
            ("actors", actors),
            ("organizations", organizations),
            ("motions", motions),
            ("search", search),
            ("data", data),
        ]
    }};
}

impl UrlWords {
    /// Each word with its key in `[paths]`, to change.
    fn words_mut(&mut self) -> [(&'static str, &mut String); 10] {
        keyed_words!(self)
    }

    /// Each word with its key in `[paths]`.
    fn words(&self) -> [(&'static str, &str); 10] {
        keyed_words!(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_words_are_single_plain_segments() {
        for word in ["mal", "sok", "data-2", "x"] {
            assert_eq!(url_word_problem(word), None, "{word}");
        }
        for (word, problem) in [
            ("", "is empty"),
            ("/abs", "is an absolute path"),
            ("\\abs", "is an absolute path"),
            ("C:x", "is an absolute path"),
            ("../x", "would leave its folder (`.` or `..`)"),
            ("..", "would leave its folder (`.` or `..`)"),
            (".", "would leave its folder (`.` or `..`)"),
            ("a/b", "holds a `/` or `\\`"),
            ("a\\b", "holds a `/` or `\\`"),
            ("a\u{7}b", "holds a control character"),
            ("mål", "holds characters a URL would have to percent-encode"),
            ("Mal", "holds characters a URL would have to percent-encode"),
            ("a b", "holds characters a URL would have to percent-encode"),
            ("a?b", "holds characters a URL would have to percent-encode"),
        ] {
            let found = url_word_problem(word).map(|t| t.render(crate::diagnostic::Lang::En));
            assert_eq!(found.as_deref(), Some(problem), "{word:?}");
        }
    }

    #[test]
    fn shared_words_give_way_to_their_defaults_until_all_differ() {
        let mut paths = UrlWords {
            goals: "data".into(),
            motions: "sok".into(),
            search: String::new(),
            ..UrlWords::default()
        };
        let mut reports = Vec::new();
        check_paths(&mut paths, &Spans::default(), &mut |message, _| {
            reports.push(message)
        });
        assert_eq!(reports.len(), 3, "{reports:?}");
        let words = paths.words();
        for (n, (_, word)) in words.iter().enumerate() {
            assert!(
                words[..n].iter().all(|(_, other)| other != word),
                "{word} twice"
            );
        }
        assert_eq!((paths.goals.as_str(), paths.data.as_str()), ("mal", "data"));
        assert_eq!(paths.motions, "motioner");
    }

    /// A word's key is the one site.toml writes (what E085 and E086 name).
    #[test]
    fn each_paths_key_is_named_as_site_toml_writes_it() {
        let paths = UrlWords::default();
        let written = toml::Table::try_from(&paths).expect("the words serialize");
        let named: Vec<(&str, &str)> = paths.words().to_vec();
        assert_eq!(named.len(), written.len());
        for (key, word) in named {
            assert_eq!(
                written.get(key).and_then(|v| v.as_str()),
                Some(word),
                "{key}"
            );
        }
    }

    #[test]
    fn allowed_schemes_must_be_schemes_that_run_no_script() {
        assert_eq!(scheme_problem("ftp"), None);
        assert_eq!(scheme_problem("FTP"), None);
        assert!(scheme_problem("ftp:").is_some());
        assert!(scheme_problem("JavaScript").is_some());
        assert!(scheme_problem("data").is_some());
    }
}
