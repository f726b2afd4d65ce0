//! Front matter mistakes in the author's words: the TOML parser's messages are English and
//! about TOML ("string values must be quoted, expected literal string"), so a value of the
//! wrong kind is named by its field, with the line as it should be written, and the
//! parser's commonest messages are put into the catalogue's words.

use crate::diagnostic::{Diagnostic, Text};
use crate::text;

/// What a field's value is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Text,
    Date,
    List,
    Bool,
}

fn shape(field: &str) -> Option<Shape> {
    match field {
        "title" | "subtitle" | "kind" | "organization" | "period" | "status" | "reports_on" => {
            Some(Shape::Text)
        }
        "date" => Some(Shape::Date),
        "topics" | "implements" => Some(Shape::List),
        "draft" => Some(Shape::Bool),
        _ => None,
    }
}

/// A syntax error at `offset` of `toml`: on the line of a field whose value was written
/// without its quotes or brackets, what the field should be; otherwise the parser's
/// message, in the catalogue's words where it is one planpress knows.
pub(super) fn syntax_error(toml: &str, offset: usize, message: &str) -> Diagnostic {
    if let Some((field, value)) = field_line(toml, offset)
        && let Some(shape) = shape(field)
        && !value.is_empty()
        && !value.starts_with(['"', '\'', '['])
    {
        return wrong_shape(field, shape, value);
    }
    let words = syntax_words(toml, offset, message);
    Diagnostic::err(text!("E018", error = words)).help(text!("E018.help-syntax"))
}

/// A value of the wrong type, `written` as in the file.
pub(super) fn type_error(field: &str, written: &str, message: &str) -> Diagnostic {
    match shape(field) {
        Some(shape) => wrong_shape(field, shape, written.trim()),
        None => Diagnostic::err(text!("E018", error = message)).help(text!("E018.help-type")),
    }
}

fn wrong_shape(field: &str, shape: Shape, written: &str) -> Diagnostic {
    let bare = unquoted(written);
    let (expected, fix) = match shape {
        Shape::Text => (text!("front-matter.text"), format!("{field} = \"{bare}\"")),
        Shape::List => {
            let items = if written.starts_with('[') {
                "\"…\"".to_string()
            } else {
                format!("\"{bare}\"")
            };
            (text!("front-matter.list"), format!("{field} = [{items}]"))
        }
        Shape::Bool => {
            let value = if bare.eq_ignore_ascii_case("false") || bare.eq_ignore_ascii_case("nej") {
                "false"
            } else {
                "true"
            };
            (text!("front-matter.bool"), format!("{field} = {value}"))
        }
        Shape::Date => {
            let looks_like_a_date = bare.len() == 10
                && bare.bytes().enumerate().all(|(i, b)| {
                    if i == 4 || i == 7 {
                        b == b'-'
                    } else {
                        b.is_ascii_digit()
                    }
                });
            let fix = if looks_like_a_date && valid_date(bare) {
                format!("date = {bare}")
            } else {
                "date = 2023-01-20".to_string()
            };
            (text!("front-matter.date"), fix)
        }
    };
    Diagnostic::err(text!("E134", field = field, expected = expected))
        .help(text!("E134.help", fix = fix))
}

/// A month 01–12 and a day 01–31: the parser itself says which dates a month has.
fn valid_date(date: &str) -> bool {
    let number = |range: std::ops::Range<usize>| {
        date.get(range)
            .and_then(|part| part.parse::<u32>().ok())
            .unwrap_or(0)
    };
    (1..=12).contains(&number(5..7)) && (1..=31).contains(&number(8..10))
}

/// The value without the quotes around it, straight or typographic, and without a comment.
fn unquoted(written: &str) -> &str {
    let value = match written.find(" #") {
        Some(at) if !written.starts_with(['"', '\'']) => &written[..at],
        _ => written,
    };
    value
        .trim()
        .trim_matches(['"', '\'', '”', '“', '„', '’', '‘', '»', '«'])
        .trim()
}

/// The key and the value written on the line of `offset`, if it is a `key = value` line.
fn field_line(toml: &str, offset: usize) -> Option<(&str, &str)> {
    let offset = offset.min(toml.len());
    let start = toml.get(..offset)?.rfind('\n').map_or(0, |n| n + 1);
    let end = toml
        .get(offset..)?
        .find('\n')
        .map_or(toml.len(), |n| offset + n);
    let line = toml.get(start..end)?.trim_end_matches('\r');
    let (key, value) = line.split_once('=')?;
    let key = key.trim();
    key.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        .then_some((key, value.trim()))
}

/// [`parser_words`] for a syntax error at `offset` of `toml`, unless a space the eye cannot
/// tell from an ordinary one stands there (a non-breaking space a word processor put in): the
/// parser's "invalid unquoted key" would send the author looking for a letter that is fine.
pub(super) fn syntax_words(toml: &str, offset: usize, message: &str) -> ParserWords {
    let odd = toml
        .get(offset..)
        .and_then(|rest| rest.chars().next())
        .filter(|c| c.is_whitespace() && !matches!(c, ' ' | '\t' | '\n' | '\r'))
        .or_else(|| {
            toml.get(offset..)
                .filter(|rest| rest.starts_with('\u{feff}'))
                .map(|_| '\u{feff}')
        });
    match odd {
        Some(space) => ParserWords::Known(text!(
            "toml.odd-space",
            code = format!("U+{:04X}", u32::from(space))
        )),
        None => parser_words(message),
    }
}

/// The parser's commonest messages, in the catalogue's words; any other as it is. Also
/// for the TOML files beside the documents (`organizations.toml`, `topics.toml`).
pub(super) fn parser_words(message: &str) -> ParserWords {
    let message = message.trim();
    // serde's: `unknown variant `lokal`, expected one of `party`, `district`, `local``,
    // `unknown field `namn`, expected one of …`, `missing field `name``.
    let quoted = |rest: &str| -> Option<(String, String)> {
        let rest = rest.strip_prefix('`')?;
        let (value, after) = rest.split_once('`')?;
        let expected = after
            .trim_start_matches(',')
            .trim()
            .strip_prefix("expected one of ")
            .or_else(|| {
                after
                    .trim_start_matches(',')
                    .trim()
                    .strip_prefix("expected ")
            })
            .unwrap_or("")
            // serde lists two as "`a` or `b`": the catalogue's words list them with commas.
            .replace("` or `", "`, `");
        Some((value.to_string(), expected))
    };
    if let Some((value, expected)) = message.strip_prefix("unknown variant ").and_then(quoted) {
        return ParserWords::Known(text!(
            "toml.unknown-value",
            value = value,
            expected = expected
        ));
    }
    if let Some((field, expected)) = message.strip_prefix("unknown field ").and_then(quoted) {
        return ParserWords::Known(text!(
            "toml.unknown-field",
            field = field,
            expected = expected
        ));
    }
    if let Some((field, _)) = message.strip_prefix("missing field ").and_then(quoted) {
        return ParserWords::Known(text!("toml.missing-field", field = field));
    }
    let known = [
        ("invalid basic string", text!("toml.unclosed-string")),
        ("invalid literal string", text!("toml.unclosed-string")),
        ("unclosed array", text!("toml.unclosed-array")),
        ("duplicate key", text!("toml.duplicate-key")),
        ("extra `=`", text!("toml.extra-equals")),
        ("key with no value", text!("toml.no-value")),
        ("string values must be quoted", text!("toml.quote-text")),
        ("invalid date", text!("toml.invalid-date")),
        (
            "missing comma between array elements",
            text!("toml.missing-comma"),
        ),
        ("extra comma in array", text!("toml.extra-comma")),
        ("unexpected key or value", text!("toml.one-per-line")),
        ("invalid unquoted key", text!("toml.invalid-key")),
        ("missing escaped value", text!("toml.backslash")),
        ("invalid escape", text!("toml.backslash")),
        (
            "invalid multi-line basic string",
            text!("toml.unclosed-multiline"),
        ),
    ];
    for (start, words) in known {
        if message.starts_with(start) {
            return ParserWords::Known(words);
        }
    }
    ParserWords::Parser(message.to_string())
}

pub(super) enum ParserWords {
    Known(Text),
    Parser(String),
}

impl crate::diagnostic::IntoArg for ParserWords {
    fn into_arg(self) -> crate::diagnostic::Arg {
        match self {
            ParserWords::Known(text) => text.into_arg(),
            ParserWords::Parser(message) => message.into_arg(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Lang;

    fn shown(diagnostic: &Diagnostic, lang: Lang) -> (String, String) {
        let help = diagnostic.help_in(lang).unwrap_or_default();
        (diagnostic.message_in(lang), help)
    }

    #[test]
    fn a_period_without_quotes_is_named_with_the_line_to_write() {
        for written in ["2024–2025", "2024-2025", "2023/24", "”2023”"] {
            let toml = format!("title = \"Plan\"\nperiod = {written}\n");
            let diagnostic = syntax_error(&toml, toml.find("period").unwrap_or(0) + 9, "x");
            let (message, help) = shown(&diagnostic, Lang::Sv);
            assert_eq!(message, "`period` ska vara text inom raka citattecken");
            let bare = written.trim_matches(['”']);
            assert_eq!(help, format!("skriv `period = \"{bare}\"`"));
        }
    }

    #[test]
    fn a_date_in_quotes_or_out_of_range_shows_how_a_date_is_written() {
        let (message, help) = shown(&type_error("date", "\"2023-01-20\"", "x"), Lang::Sv);
        assert_eq!(
            message,
            "`date` ska vara ett datum, år-månad-dag utan citattecken"
        );
        assert_eq!(help, "skriv `date = 2023-01-20`");
        let toml = "date = 2024-13-01\n";
        let (message, help) = shown(&syntax_error(toml, 7, "invalid date"), Lang::Sv);
        assert!(
            message.starts_with("`date` ska vara ett datum"),
            "{message}"
        );
        assert_eq!(help, "skriv `date = 2023-01-20`");
    }

    #[test]
    fn lists_and_booleans_are_shown_as_written() {
        let (_, help) = shown(&type_error("topics", "\"medlemmar\"", "x"), Lang::Sv);
        assert_eq!(help, "skriv `topics = [\"medlemmar\"]`");
        let (_, help) = shown(&type_error("draft", "\"false\"", "x"), Lang::En);
        assert_eq!(help, "write `draft = false`");
        let (_, help) = shown(&type_error("period", "2023", "x"), Lang::Sv);
        assert_eq!(help, "skriv `period = \"2023\"`");
    }

    #[test]
    fn the_toml_parsers_commonest_complaints_and_an_invisible_space_are_in_swedish() {
        let shown = |toml: &str, message: &str| {
            let offset = toml.find(['\u{a0}', ',']).unwrap_or(0);
            match syntax_words(toml, offset, message) {
                ParserWords::Known(text) => text.render(Lang::Sv),
                ParserWords::Parser(message) => message,
            }
        };
        let nbsp = "kind\u{a0}= \"plan\"\n";
        let said = shown(
            nbsp,
            "invalid unquoted key, expected letters, numbers, `-`, `_`",
        );
        assert!(said.contains("specialmellanslag (U+00A0)"), "{said}");
        for (message, words) in [
            (
                "missing comma between array elements, expected `,`",
                "kommatecken saknas",
            ),
            (
                "extra comma in array, expected value",
                "kommatecken för mycket",
            ),
            (
                "unexpected key or value, expected newline, `#`",
                "ett fält per rad",
            ),
            (
                "invalid unquoted key, expected letters",
                "ett fältnamn skrivs",
            ),
            ("missing escaped value, expected `b`", "omvänt snedstreck"),
            (
                "invalid multi-line basic string, expected `\"`",
                "avslutande `\"\"\"`",
            ),
        ] {
            let said = shown("kind = \"plan\",\n", message);
            assert!(said.contains(words), "{message}: {said}");
        }
    }

    #[test]
    fn serdes_messages_about_the_vocabulary_files_are_swedish() {
        let shown = |message: &str| match parser_words(message) {
            ParserWords::Known(text) => text.render(Lang::Sv),
            ParserWords::Parser(message) => message,
        };
        assert_eq!(
            shown("unknown variant `lokal`, expected one of `party`, `district`, `local`"),
            "okänt värde `lokal`; möjliga värden: `party`, `district`, `local`"
        );
        assert_eq!(
            shown("unknown field `namn`, expected one of `slug`, `name`"),
            "okänt fält `namn`; möjliga fält: `slug`, `name`"
        );
        assert_eq!(shown("missing field `name`"), "fältet `name` saknas");
        assert_eq!(
            shown("unknown field `goal`, expected `updated` or `goals`"),
            "okänt fält `goal`; möjliga fält: `updated`, `goals`"
        );
        assert_eq!(shown("wanted string or table"), "wanted string or table");
    }

    #[test]
    fn the_parsers_commonest_messages_are_swedish_and_others_kept() {
        let toml = "title = \"Plan\n";
        let (message, _) = shown(
            &syntax_error(toml, 8, "invalid basic string, expected `\"`"),
            Lang::Sv,
        );
        assert_eq!(
            message,
            "ogiltig front matter: texten saknar sitt avslutande `\"`"
        );
        let (message, _) = shown(&syntax_error("x\n", 0, "something new"), Lang::Sv);
        assert_eq!(message, "ogiltig front matter: something new");
    }
}
