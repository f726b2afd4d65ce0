//! The theme's UI strings (`i18n/<language>.toml`): the words of every page, which a site's
//! copy of the theme may change, lack (an older copy) or misspell.

use std::collections::BTreeMap;
use std::path::Path;

use super::{BUNDLED_THEME_FILES, theme_display};
use crate::diagnostic::Diagnostic;

/// The UI strings of `language`: the site theme's own over the bundled theme's, and a warning
/// for each of its own that nothing reads.
pub(super) fn load_strings(
    theme_dir: &Path,
    language: &str,
    templates: &[(String, String)],
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let path = theme_dir.join("i18n").join(format!("{language}.toml"));
    let display = theme_display(theme_dir)
        .join("i18n")
        .join(format!("{language}.toml"));
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            errors.push(
                Diagnostic::err(crate::text!(
                    "E095",
                    language = language,
                    error = crate::diagnostic::os_error(&error)
                ))
                .in_file(&display)
                .help(crate::text!("E095.help")),
            );
            return BTreeMap::new();
        }
    };
    match toml::from_str::<BTreeMap<String, String>>(&text) {
        Ok(strings) => {
            let mut all = bundled_strings(language);
            // Every string planpress has is in its Swedish file, read once for a Swedish site.
            let swedish;
            let known = if language == "sv" {
                &all
            } else {
                swedish = bundled_strings("sv");
                &swedish
            };
            warnings.extend(unread_strings(&strings, known, &text, &display, templates));
            all.extend(strings);
            all
        }
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            errors.push(
                Diagnostic::err(crate::text!("E096", error = error.message().trim()))
                    .at(&display, &text, span),
            );
            BTreeMap::new()
        }
    }
}

/// The bundled theme's strings in `language`, under the site theme's own: a site's copy of an
/// older theme lacks the strings planpress added since, and a page would show such a string's
/// key (`nav_addressees` in the menu) where the words belong.
fn bundled_strings(language: &str) -> BTreeMap<String, String> {
    let file = format!("i18n/{language}.toml");
    BUNDLED_THEME_FILES
        .iter()
        .find(|(rel, _)| *rel == file)
        .and_then(|(_, text)| toml::from_str(text).ok())
        .unwrap_or_default()
}

/// The site theme's strings that nothing reads: neither a string planpress has (`known`: the
/// bundled theme's Swedish file names every one, whatever the site's language) nor one a template
/// names (`t.my_word`, or quoted). A misspelt key (`nav_goal`) changed no word of any page,
/// and said nothing of it.
fn unread_strings(
    own: &BTreeMap<String, String>,
    known: &BTreeMap<String, String>,
    text: &str,
    display: &Path,
    templates: &[(String, String)],
) -> Vec<Diagnostic> {
    own.keys()
        .filter(|key| !known.contains_key(*key))
        .filter(|key| !templates.iter().any(|(_, source)| names(source, key)))
        .map(|key| {
            let help = match crate::diagnostic::did_you_mean(key, known.keys().map(String::as_str))
            {
                Some(nearest) => crate::text!("help.did-you-mean", nearest = nearest),
                None => crate::text!("W006.help"),
            };
            Diagnostic::warn(crate::text!("W006", key = key))
                .at(display, text, key_span(text, key))
                .help(help)
        })
        .collect()
}

/// Whether a template's source names `key`: `t.key` not followed by more of a name, or the
/// key quoted (`t["key"]`).
fn names(source: &str, key: &str) -> bool {
    let dotted = format!("t.{key}");
    let whole = |at: usize| {
        !source[at + dotted.len()..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_')
    };
    source.match_indices(&dotted).any(|(at, _)| whole(at))
        || source.contains(&format!("\"{key}\""))
        || source.contains(&format!("'{key}'"))
}

/// Where `key = …` stands in the strings' file: its key, or the file's start.
fn key_span(text: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let start = offset + (line.len() - trimmed.len());
        let bare = trimmed.strip_prefix(key);
        let quoted = trimmed
            .strip_prefix('"')
            .and_then(|rest| rest.strip_prefix(key))
            .and_then(|rest| rest.strip_prefix('"'));
        if let Some(rest) = bare.or(quoted)
            && rest.trim_start().starts_with('=')
        {
            let length = trimmed.len() - rest.len();
            return start..start + length;
        }
        offset += line.len();
    }
    0..0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_names_a_key_whole_or_quoted() {
        assert!(names("{{ t.my_word }}", "my_word"));
        assert!(names("{{ t[\"my_word\"] }}", "my_word"));
        assert!(
            !names("{{ t.nav_goals }}", "nav_goal"),
            "a longer name is another key"
        );
        assert!(!names("{{ t.other }}", "my_word"));
    }

    #[test]
    fn a_keys_span_is_its_name_on_its_line() {
        let text = "nav_goals = \"Mål\"\n  nav_goal = \"Våra mål\"\n\"quoted\" = \"x\"\n";
        assert_eq!(&text[key_span(text, "nav_goal")], "nav_goal");
        assert_eq!(&text[key_span(text, "quoted")], "\"quoted\"");
        assert_eq!(key_span(text, "missing"), 0..0);
    }

    #[test]
    fn a_string_nothing_reads_is_a_warning_and_one_a_template_reads_is_not() {
        let text = "nav_goal = \"Våra mål\"\nmy_word = \"Ord\"\nnav_goals = \"Mål\"\n";
        let own: BTreeMap<String, String> = toml::from_str(text).expect("strings");
        let templates = [("x.html".to_string(), "{{ t.my_word }}".to_string())];
        let known = bundled_strings("sv");
        let warnings = unread_strings(
            &own,
            &known,
            text,
            Path::new("themes/default/i18n/sv.toml"),
            &templates,
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        let location = warnings[0].location.as_ref().expect("located");
        assert_eq!(location.position, Some((1, 1)));
    }
}
