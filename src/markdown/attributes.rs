//! Attribute blocks, `{#id .class key="value"}`: the one mechanism by which authors mark
//! sections, lists and items. pulldown-cmark's own heading attributes do not accept quoted
//! values with spaces (`topics="bostad valfard"`), so headings use this parser too.

use crate::diagnostic::Text;
use crate::text;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attributes {
    pub id: Option<String>,
    pub classes: Vec<String>,
    pub pairs: Vec<(String, String)>,
}

impl Attributes {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.pairs
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// The space-separated words of a value, such as the slugs of `topics`.
    pub fn words(&self, key: &str) -> Vec<String> {
        self.get(key)
            .map(|v| v.split_whitespace().map(str::to_string).collect())
            .unwrap_or_default()
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.classes.iter().any(|c| c == class)
    }
}

/// Parses a whole block, braces included. The error says what is wrong in the author's terms.
pub fn parse_attribute_block(block: &str) -> Result<Attributes, Text> {
    let inner = block
        .strip_prefix('{')
        .and_then(|b| b.strip_suffix('}'))
        .ok_or_else(|| text!("E022"))?;
    let mut attributes = Attributes::default();
    let mut rest = inner.trim_start();
    let mut last_was_id = false;
    while !rest.is_empty() {
        let is_id = rest.starts_with('#');
        if let Some(after) = rest.strip_prefix('#') {
            let (word, tail) = take_word(after);
            if word.is_empty() {
                return Err(text!("E023"));
            }
            if attributes.id.replace(word.to_string()).is_some() {
                return Err(text!("E025"));
            }
            rest = tail;
        } else if let Some(after) = rest.strip_prefix('.') {
            let (word, tail) = take_word(after);
            if word.is_empty() {
                return Err(text!("E026"));
            }
            attributes.classes.push(word.to_string());
            rest = tail;
        } else {
            let key_end = rest
                .find(|c: char| c == '=' || c.is_whitespace())
                .unwrap_or(rest.len());
            let key = &rest[..key_end];
            if key.is_empty()
                || !key
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return Err(text!("E027", found = rest.chars().next().unwrap_or(' ')));
            }
            // `status = "done"`, spaced as TOML is, means what `status="done"` does.
            let after_key = rest[key_end..].trim_start();
            let Some(after_eq) = after_key.strip_prefix('=') else {
                // `{#ring nya}`: an id written with a space, not a key without its value.
                if let Some(id) = attributes.id.as_ref().filter(|_| last_was_id) {
                    return Err(text!("E150", meant = format!("#{id}-{key}")));
                }
                return Err(text!("E028", key = key));
            };
            let (value, tail) =
                take_value(after_eq.trim_start()).ok_or_else(|| text!("E029", key = key))?;
            attributes.pairs.push((key.to_string(), value.to_string()));
            rest = tail;
        }
        rest = rest.trim_start();
        last_was_id = is_id;
    }
    Ok(attributes)
}

fn take_word(text: &str) -> (&str, &str) {
    let end = text
        .find(|c: char| c.is_whitespace() || c == '}')
        .unwrap_or(text.len());
    (&text[..end], &text[end..])
}

fn take_value(text: &str) -> Option<(&str, &str)> {
    match text.chars().next() {
        Some(quote @ ('"' | '\'' | '“' | '”')) => {
            let body = &text[quote.len_utf8()..];
            let close = body.find(|c: char| {
                c == quote || (matches!(quote, '“' | '”') && matches!(c, '“' | '”'))
            })?;
            let closing_len = body[close..].chars().next().map_or(1, char::len_utf8);
            Some((&body[..close], &body[close + closing_len..]))
        }
        _ => Some(take_word(text)),
    }
}

/// Finds an attribute block at the very end of `text` (trailing spaces allowed): returns the
/// byte index where it starts and the block. `{++…++}`, `{--…--}` and `{§4}` are not
/// attribute blocks.
pub fn find_trailing_block(text: &str) -> Option<(usize, &str)> {
    let trimmed = text.trim_end();
    if !trimmed.ends_with('}') {
        return None;
    }
    let start = trimmed.rfind('{')?;
    let block = &trimmed[start..];
    // `{ §5}` is a margin number gone wrong, which the walker names as that (E139).
    if block.starts_with("{++")
        || block.starts_with("{--")
        || block[1..].trim_start().starts_with('§')
        || block.contains('\n')
    {
        return None;
    }
    let preceded_ok = trimmed[..start]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    preceded_ok.then_some((start, block))
}

/// An attribute block near the end of a text that [`find_trailing_block`] does not take,
/// and why: what an author meant as attributes and planpress would print as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Malformed {
    /// `{#id` or `{.goals`: no `}` closes it. The byte where it starts.
    Unclosed(usize),
    /// `{#hemsidan}.`: a whole block, then text. The block's start and end bytes.
    TextAfter(usize, usize),
}

/// Finds the last `{` of `text` that opens what reads as an attribute block (`{#…`, `{.…`,
/// `{key=…`) but is either not closed or followed by more text. CriticMarkup and `{§4}` are
/// not attribute blocks.
pub fn find_malformed_block(text: &str) -> Option<Malformed> {
    let trimmed = text.trim_end();
    let start = trimmed.rfind('{')?;
    let block = &trimmed[start..];
    let preceded_ok = trimmed[..start]
        .chars()
        .next_back()
        .is_none_or(char::is_whitespace);
    if !preceded_ok || !opens_attributes(&block[1..]) {
        return None;
    }
    match block.find('}') {
        None => Some(Malformed::Unclosed(start)),
        Some(close) if close + 1 < block.len() => {
            let whole = &block[..=close];
            parse_attribute_block(whole)
                .is_ok()
                .then_some(Malformed::TextAfter(start, start + close + 1))
        }
        Some(_) => None,
    }
}

/// Whether the text after a `{` starts as an attribute block would: `#` or `.` and a letter,
/// or a key and `=`.
fn opens_attributes(inner: &str) -> bool {
    let mut chars = inner.chars();
    match chars.next() {
        Some('#' | '.') => chars.next().is_some_and(char::is_alphabetic),
        Some(c) if c.is_ascii_alphabetic() => {
            let key_end = inner
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(inner.len());
            inner[key_end..].starts_with('=')
        }
        _ => false,
    }
}

/// Whether `text` is nothing but one attribute block: the line before a list that marks it.
pub fn is_attribute_line(text: &str) -> bool {
    let trimmed = text.trim();
    trimmed.starts_with('{')
        && trimmed.ends_with('}')
        && !trimmed.starts_with("{++")
        && !trimmed.starts_with("{--")
        && !trimmed.starts_with("{§")
        && trimmed[1..].find('{').is_none()
}

#[cfg(test)]
mod tests {
    use crate::diagnostic::Lang;

    #[test]
    fn a_key_spaced_as_in_toml_is_read_and_an_id_with_a_space_is_named() {
        let spaced = parse_attribute_block("{#a status = \"done\" topics= 'x'}").expect("read");
        assert_eq!(spaced.get("status"), Some("done"));
        assert_eq!(spaced.get("topics"), Some("x"));
        let id = parse_attribute_block("{#ring nya}")
            .err()
            .map(|e| e.render(Lang::Sv));
        assert_eq!(
            id.as_deref(),
            Some("ett id skrivs utan mellanslag: skriv `#ring-nya`")
        );
        let key = parse_attribute_block("{.goals status}")
            .err()
            .map(|e| e.code());
        assert_eq!(key, Some(Some("E028")));
    }

    use super::*;

    #[test]
    fn parses_ids_classes_and_quoted_values_with_spaces() {
        let attributes =
            parse_attribute_block(r#"{#torgmoten .goals topics="bostad valfard" status=done}"#)
                .expect("parse");
        assert_eq!(attributes.id.as_deref(), Some("torgmoten"));
        assert_eq!(attributes.classes, vec!["goals"]);
        assert_eq!(attributes.words("topics"), vec!["bostad", "valfard"]);
        assert_eq!(attributes.get("status"), Some("done"));
    }

    #[test]
    fn reports_malformed_blocks() {
        assert!(parse_attribute_block(r#"{topics="a}"#).is_err());
        assert!(parse_attribute_block("{#a #b}").is_err());
        assert!(parse_attribute_block("{status}").is_err());
    }

    #[test]
    fn finds_trailing_blocks_but_not_critic_markup() {
        assert_eq!(
            find_trailing_block("Anordna torgmöten. {#torg}"),
            Some((20, "{#torg}"))
        );
        assert_eq!(find_trailing_block("text {++insatt++}"), None);
        assert_eq!(find_trailing_block("text{#a}"), None);
        assert!(is_attribute_line(" {.recommendations to=\"ds\"} "));
        assert!(!is_attribute_line("{§4} Hanna"));
    }

    #[test]
    fn unclosed_and_followed_blocks_are_found_and_other_braces_are_not() {
        assert_eq!(
            find_malformed_block("Målsättningar {.goals"),
            Some(Malformed::Unclosed(16))
        );
        assert_eq!(
            find_malformed_block("med ABF. {#studiecirkel"),
            Some(Malformed::Unclosed(9))
        );
        assert_eq!(
            find_malformed_block("Mål {status=\"done\""),
            Some(Malformed::Unclosed(5))
        );
        assert_eq!(
            find_malformed_block("månaden. {#hemsidan}."),
            Some(Malformed::TextAfter(10, 21))
        );
        for text in [
            "månaden. {#hemsidan}",
            "en mängd {x, y} i text",
            "ett {++tillägg",
            "mitt{#ord",
            "{§4} text",
            "{ öppen",
            "kostnad {100 kr",
        ] {
            assert_eq!(find_malformed_block(text), None, "{text}");
        }
    }
}
