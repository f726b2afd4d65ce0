//! Attribute blocks, `{#id .class key="value"}`: the one mechanism by which authors mark
//! sections, lists and items. pulldown-cmark's own heading attributes do not accept quoted
//! values with spaces (`topics="bostad valfard"`), so headings use this parser too.

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
pub fn parse_attribute_block(block: &str) -> Result<Attributes, String> {
    let inner = block
        .strip_prefix('{')
        .and_then(|b| b.strip_suffix('}'))
        .ok_or_else(|| "an attribute block is written between { and }".to_string())?;
    let mut attributes = Attributes::default();
    let mut rest = inner.trim_start();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('#') {
            let (word, tail) = take_word(after);
            if word.is_empty() {
                return Err("`#` must be followed by an id".into());
            }
            if attributes.id.replace(word.to_string()).is_some() {
                return Err("an attribute block can hold only one #id".into());
            }
            rest = tail;
        } else if let Some(after) = rest.strip_prefix('.') {
            let (word, tail) = take_word(after);
            if word.is_empty() {
                return Err("`.` must be followed by a class name".into());
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
                return Err(format!(
                    "unexpected `{}` in attribute block",
                    rest.chars().next().unwrap_or(' ')
                ));
            }
            let after_key = &rest[key_end..];
            let Some(after_eq) = after_key.strip_prefix('=') else {
                return Err(format!("`{key}` needs a value: {key}=\"…\""));
            };
            let (value, tail) = take_value(after_eq)
                .ok_or_else(|| format!("the value of `{key}` is not closed"))?;
            attributes.pairs.push((key.to_string(), value.to_string()));
            rest = tail;
        }
        rest = rest.trim_start();
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
    if block.starts_with("{++")
        || block.starts_with("{--")
        || block.starts_with("{§")
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
}
