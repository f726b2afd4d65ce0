//! Reading front matter field by field, so that one mistake in it hides no other (issue #18):
//! a TOML syntax error, a misspelt key or a value of the wrong type is reported, and every
//! field that could still be read is checked as well, in the same run.

use std::ops::Range;

use serde::Deserialize;
use toml::Spanned;
use toml::de::DeTable;

use crate::diagnostic::{Diagnostic, did_you_mean};

/// The fields a front matter may have, in the order the help lists them.
const FIELDS: [&str; 10] = [
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
}

/// A problem found while reading, with its span in the front matter's TOML.
pub(super) struct ReadError {
    pub diagnostic: Diagnostic,
    pub span: Range<usize>,
}

/// Reads what can be read of `toml`, and what could not be, each at its span in `toml`.
pub(super) fn read_front_matter(toml: &str) -> (RawFrontMatter, Vec<ReadError>) {
    let (mut table, syntax) = DeTable::parse_recoverable(toml);
    let mut errors: Vec<ReadError> = Vec::new();
    // The parser recovers line by line; after the first error in a value spanning lines
    // (an unclosed array or string) the next ones are its echoes, so only it is reported.
    if let Some(error) = syntax.first() {
        errors.push(ReadError {
            diagnostic: Diagnostic::error(format!(
                "invalid front matter: {}",
                error.message().trim()
            )),
            span: error.span().unwrap_or(0..0),
        });
    }
    let unknown: Vec<(String, Range<usize>)> = table
        .get_ref()
        .keys()
        .filter(|key| !FIELDS.contains(&key.get_ref().as_ref()))
        .map(|key| (key.get_ref().to_string(), key.span()))
        .collect();
    for (name, span) in unknown {
        table.get_mut().remove(name.as_str());
        let diagnostic = Diagnostic::error(format!("unknown front matter field `{name}`"));
        let diagnostic = match did_you_mean(&name, FIELDS) {
            Some(nearest) => diagnostic.with_help(format!("did you mean `{nearest}`?")),
            None => diagnostic.with_help(format!("the fields are {}", FIELDS.join(", "))),
        };
        errors.push(ReadError { diagnostic, span });
    }
    if syntax.is_empty() {
        for field in REQUIRED {
            if !table.get_ref().contains_key(field) {
                errors.push(ReadError {
                    diagnostic: Diagnostic::error(format!("the front matter has no `{field}`"))
                        .with_help(format!("add a line `{field} = \"…\"`")),
                    span: 0..0,
                });
            }
        }
    }
    // A value of the wrong type fails the whole table: it is reported and left out, and the
    // rest read again, at most once per field.
    for _ in 0..=FIELDS.len() {
        let attempt = RawFrontMatter::deserialize(toml::de::Deserializer::from(table.clone()));
        let error = match attempt {
            Ok(raw) => return (raw, errors),
            Err(error) => error,
        };
        let span = error.span().unwrap_or(0..0);
        let culprit = table
            .get_ref()
            .iter()
            .find(|(key, value)| covers(&key.span(), &span) || covers(&value.span(), &span))
            .map(|(key, _)| key.get_ref().to_string());
        errors.push(ReadError {
            diagnostic: Diagnostic::error(format!(
                "invalid front matter: {}",
                error.message().trim()
            )),
            span,
        });
        match culprit {
            Some(key) => {
                table.get_mut().remove(key.as_str());
            }
            None => break,
        }
    }
    (RawFrontMatter::default(), errors)
}

fn covers(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}
