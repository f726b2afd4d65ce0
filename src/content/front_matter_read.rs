//! Reading front matter field by field, so that one mistake in it hides no other (issue #18):
//! a TOML syntax error, a misspelt key or a value of the wrong type is reported, and every
//! field that could still be read is checked as well, in the same run.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use crate::diagnostic::{Diagnostic, SHOWN_PER_FILE, did_you_mean};
use crate::text;

/// The fields a front matter may have, in the order the help lists them.
const FIELDS: [&str; 11] = [
    "title",
    "subtitle",
    "kind",
    "organization",
    "period",
    "date",
    "status",
    "topics",
    "implements",
    "draft",
    "reports_on",
];

const REQUIRED: [&str; 3] = ["title", "kind", "organization"];

/// The front matter as read: every field optional here, so that the fields that were read
/// can be checked whatever else is wrong; a required one missing is reported apart.
#[derive(Debug, Default, Deserialize)]
pub(super) struct RawFrontMatter {
    pub title: Option<Spanned<String>>,
    pub subtitle: Option<String>,
    pub kind: Option<Spanned<String>>,
    pub organization: Option<Spanned<String>>,
    pub period: Option<String>,
    pub date: Option<Spanned<toml::value::Datetime>>,
    pub status: Option<Spanned<String>>,
    #[serde(default)]
    pub topics: Vec<Spanned<String>>,
    #[serde(default)]
    pub implements: Vec<Spanned<String>>,
    #[serde(default)]
    pub draft: bool,
    /// An annual report's plan (`@/org/plan.md`).
    pub reports_on: Option<Spanned<String>>,
}

/// A problem found while reading, with its span in the front matter's TOML.
pub(super) struct ReadError {
    pub diagnostic: Diagnostic,
    pub span: Range<usize>,
}

type Table<'i> = Spanned<DeTable<'i>>;

/// Reads what can be read of `toml`, and what could not be, each at its span in `toml`.
pub(super) fn read_front_matter(toml: &str) -> (RawFrontMatter, Vec<ReadError>) {
    let (mut table, syntax) = DeTable::parse_recoverable(toml);
    let mut errors: Vec<ReadError> = Vec::new();
    // The parser recovers line by line; after the first error in a value spanning lines
    // (an unclosed array or string) the next ones are its echoes, so only it is reported.
    if let Some(error) = syntax.first() {
        let span = error.span().unwrap_or(0..0);
        errors.push(ReadError {
            diagnostic: super::front_matter_words::syntax_error(toml, span.start, error.message()),
            span,
        });
    }
    drop_broken_fields(toml, &mut table, &syntax);
    // `organisation = "solna"` is one mistake: the unknown key says which field it meant,
    // so the missing field is not reported again at the top of the file.
    let meant: Vec<&str> = table
        .get_ref()
        .keys()
        .filter(|key| !FIELDS.contains(&key.get_ref().as_ref()))
        .filter_map(|key| did_you_mean(key.get_ref(), FIELDS))
        .collect();
    drop_unknown_fields(&mut table, &mut errors);
    if syntax.is_empty() {
        for field in REQUIRED {
            if !table.get_ref().contains_key(field) && !meant.contains(&field) {
                errors.push(ReadError {
                    diagnostic: Diagnostic::err(text!("E009", field = field))
                        .help(text!("E009.help", field = field)),
                    span: 0..0,
                });
            }
        }
    }
    let raw = deserialize_leaving_out(toml, table, &mut errors);
    (raw, errors)
}

/// Leaves out what the parser recovered on a line with a syntax error, which is a guess
/// (`kind = = "plan"` reads as 0), so that it is not checked as if written.
fn drop_broken_fields(toml: &str, table: &mut Table<'_>, syntax: &[toml::de::Error]) {
    if syntax.is_empty() {
        return;
    }
    // Lines by a binary search in the offsets of the newlines: a front matter of many
    // broken lines is not searched once per field and error.
    let newlines: Vec<usize> = memchr::memchr_iter(b'\n', toml.as_bytes()).collect();
    let line_of = |offset: usize| newlines.partition_point(|&n| n < offset);
    let mut error_lines: Vec<usize> = syntax
        .iter()
        .map(|error| line_of(error.span().unwrap_or(0..0).start))
        .collect();
    error_lines.sort_unstable();
    let broken: std::collections::HashSet<String> = table
        .get_ref()
        .iter()
        .filter(|(key, value)| {
            let first = line_of(key.span().start);
            let last = line_of(value.span().end).max(first);
            let at = error_lines.partition_point(|&line| line < first);
            error_lines.get(at).is_some_and(|&line| line <= last)
        })
        .map(|(key, _)| key.get_ref().to_string())
        .collect();
    for key in broken {
        table.get_mut().remove(key.as_str());
    }
}

/// Reports and leaves out the keys that are no field of the front matter.
fn drop_unknown_fields(table: &mut Table<'_>, errors: &mut Vec<ReadError>) {
    let unknown: Vec<(String, Range<usize>)> = table
        .get_ref()
        .keys()
        .filter(|key| !FIELDS.contains(&key.get_ref().as_ref()))
        .map(|key| (key.get_ref().to_string(), key.span()))
        .collect();
    for (n, (name, span)) in unknown.into_iter().enumerate() {
        table.get_mut().remove(name.as_str());
        let diagnostic = Diagnostic::err(text!("E019", field = &name));
        // A suggestion only for as many as a file shows (as for unknown topics).
        if n >= SHOWN_PER_FILE {
            errors.push(ReadError { diagnostic, span });
            continue;
        }
        let diagnostic = match did_you_mean(&name, FIELDS) {
            Some(nearest) => diagnostic.help(text!("help.did-you-mean", nearest = nearest)),
            None => diagnostic.help(text!("E019.help", fields = FIELDS.join(", "))),
        };
        errors.push(ReadError { diagnostic, span });
    }
}

/// The fields of `table`. A value of the wrong type fails the whole table: it is reported
/// and left out, and the rest read again, at most once per field.
fn deserialize_leaving_out(
    toml: &str,
    mut table: Table<'_>,
    errors: &mut Vec<ReadError>,
) -> RawFrontMatter {
    for _ in 0..=FIELDS.len() {
        let attempt = RawFrontMatter::deserialize(toml::de::Deserializer::from(table.clone()));
        let error = match attempt {
            Ok(raw) => return raw,
            Err(error) => error,
        };
        let span = error.span().unwrap_or(0..0);
        let culprit = table
            .get_ref()
            .iter()
            .find(|(key, value)| covers(&key.span(), &span) || covers(&value.span(), &span))
            .map(|(key, value)| (key.get_ref().to_string(), value.span()));
        let diagnostic = match &culprit {
            Some((key, value)) => super::front_matter_words::type_error(
                key,
                toml.get(value.clone()).unwrap_or(""),
                error.message().trim(),
            ),
            None => Diagnostic::err(text!("E018", error = error.message().trim()))
                .help(text!("E018.help-type")),
        };
        errors.push(ReadError { diagnostic, span });
        match culprit {
            Some((key, _)) => {
                table.get_mut().remove(key.as_str());
            }
            None => break,
        }
    }
    RawFrontMatter::default()
}

fn covers(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(errors: &[ReadError]) -> Vec<&str> {
        errors
            .iter()
            .map(|e| e.diagnostic.message.as_str())
            .collect()
    }

    #[test]
    fn every_field_that_can_be_read_is_read() {
        let toml = "title = \"Plan\nkind = \"plan\"\nperiode = \"2023\"\ndraft = \"ja\"\ntopics = [\"a\"]\n";
        let (raw, errors) = read_front_matter(toml);
        assert_eq!(raw.kind.map(Spanned::into_inner).as_deref(), Some("plan"));
        assert_eq!(raw.topics.len(), 1);
        assert!(raw.title.is_none() && !raw.draft);
        let messages = messages(&errors);
        assert_eq!(messages.len(), 3, "{messages:?}");
        assert!(messages[0].starts_with("invalid front matter"));
        assert_eq!(messages[1], "unknown front matter field `periode`");
        assert_eq!(messages[2], "`draft` should be true or false");
        assert_eq!(&toml[errors[1].span.clone()], "periode");
    }

    #[test]
    fn a_missing_required_field_is_named_unless_a_syntax_error_may_have_hidden_it() {
        let (_, errors) = read_front_matter("title = \"Plan\"\nkind = \"plan\"\n");
        assert_eq!(
            messages(&errors),
            ["the front matter has no `organization`"]
        );
        let (_, errors) = read_front_matter("title = \"Plan\"\nkind = = \"plan\"\n");
        assert_eq!(errors.len(), 1);
    }

    /// `organisation` for `organization` was two errors, the first at the title's line.
    #[test]
    fn a_misspelt_required_field_is_one_error_at_the_misspelling() {
        let toml = "title = \"Plan\"\nkind = \"plan\"\norganisation = \"solna\"\n";
        let (_, errors) = read_front_matter(toml);
        assert_eq!(
            messages(&errors),
            ["unknown front matter field `organisation`"]
        );
    }
}
