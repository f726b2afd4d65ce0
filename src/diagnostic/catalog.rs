//! The message catalogue: every message planpress shows authors, by a stable key, in Swedish
//! and English (themes/default/i18n/messages.sv.toml and messages.en.toml, beside the theme's
//! UI strings). A key `E…` is an error's code, `W…` a warning's; the others are helps,
//! notes and summary lines. Messages carry their key and arguments, and are put into words
//! when shown, in the language asked for; tests match the code, not the wording.
//!
//! The catalogue is compiled in: messages are needed before any site.toml or theme is read
//! (an unreadable site.toml is itself a message).

use std::collections::HashMap;
use std::sync::LazyLock;

use super::Lang;

static SV: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| parse(include_str!("../../themes/default/i18n/messages.sv.toml")));
static EN: LazyLock<HashMap<String, String>> =
    LazyLock::new(|| parse(include_str!("../../themes/default/i18n/messages.en.toml")));

fn parse(text: &str) -> HashMap<String, String> {
    toml::from_str(text).unwrap_or_default()
}

fn catalogue(lang: Lang) -> &'static HashMap<String, String> {
    match lang {
        Lang::Sv => &SV,
        Lang::En => &EN,
    }
}

/// A message by its catalogue key, with the values of its `{placeholders}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Text {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// The value of a placeholder: as it is (a slug, a path), or words of the catalogue put in
/// the message's language ("a recommendation", "en rekommendation").
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub enum Arg {
    Plain(String),
    Text(Text),
}

/// What `text!` takes as a placeholder's value.
pub trait IntoArg {
    fn into_arg(self) -> Arg;
}

impl<T: ToString> IntoArg for T {
    fn into_arg(self) -> Arg {
        Arg::Plain(self.to_string())
    }
}

impl IntoArg for Text {
    fn into_arg(self) -> Arg {
        Arg::Text(self)
    }
}

impl Text {
    pub fn new(key: &'static str) -> Self {
        Text {
            key,
            args: Vec::new(),
        }
    }

    pub fn arg(mut self, name: &'static str, value: impl IntoArg) -> Self {
        self.args.push((name, value.into_arg()));
        self
    }

    /// The message in `lang`. A key missing from the catalogue (a test guards against it)
    /// shows as itself with its arguments, never as nothing.
    pub fn render(&self, lang: Lang) -> String {
        let args: Vec<(&str, String)> = self
            .args
            .iter()
            .map(|(name, value)| match value {
                Arg::Plain(value) => (*name, value.clone()),
                Arg::Text(text) => (*name, text.render(lang)),
            })
            .collect();
        let Some(template) = catalogue(lang).get(self.key) else {
            let args: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
            return format!("{} {}", self.key, args.join(" "));
        };
        fill(template, &args)
    }

    /// An error or warning code (`E012`), if the key is one.
    pub fn code(&self) -> Option<&'static str> {
        let mut chars = self.key.chars();
        let coded = matches!(chars.next(), Some('E' | 'W')) && chars.all(|c| c.is_ascii_digit());
        coded.then_some(self.key)
    }
}

/// `template` with each `{name}` replaced by its value; `{{` and `}}` are braces.
fn fill(template: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        if tail.starts_with("{{") || tail.starts_with("}}") {
            out.push_str(&tail[..1]);
            rest = &tail[2..];
            continue;
        }
        let name_end = tail.find('}').filter(|_| tail.starts_with('{'));
        match name_end.and_then(|end| {
            let name = &tail[1..end];
            args.iter().find(|(k, _)| *k == name).map(|(_, v)| (end, v))
        }) {
            Some((end, value)) => {
                out.push_str(value);
                rest = &tail[end + 1..];
            }
            None => {
                out.push_str(&tail[..1]);
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A [`Text`]: `text!("E012", value = slug, nearest = n)`.
#[macro_export]
macro_rules! text {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::diagnostic::Text::new($key)$(.arg(stringify!($name), $value))*
    };
}

/// Every key of both catalogues, for the tests and `docs/MESSAGES.md`.
pub fn keys(lang: Lang) -> Vec<&'static str> {
    let mut keys: Vec<&str> = catalogue(lang).keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(template: &str) -> Vec<&str> {
        let mut names: Vec<&str> = template
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name))
            .filter(|name| {
                !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')
            })
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    #[test]
    fn both_catalogues_have_the_same_keys_and_placeholders() {
        assert!(SV.len() > 50, "the Swedish catalogue parses");
        assert_eq!(keys(Lang::Sv), keys(Lang::En));
        for key in keys(Lang::Sv) {
            assert_eq!(
                placeholders(&SV[key]),
                placeholders(&EN[key]),
                "the placeholders of {key}"
            );
        }
    }

    /// A count says its noun in the singular or the plural (`count.*.one`, `count.*.other`),
    /// never both at once: "7 fil(er) skrivna" and "1 warning(s)" were printed until the
    /// summaries took their counts from those keys.
    #[test]
    fn no_message_hedges_a_plural_with_a_parenthesis() {
        for lang in [Lang::Sv, Lang::En] {
            for key in keys(lang) {
                let template = &catalogue(lang)[key];
                for hedge in ["(s)", "(er)", "(ar)", "(or)", "(n)"] {
                    assert!(!template.contains(hedge), "{key} ({lang:?}): {template}");
                }
            }
        }
    }

    /// Every `text!("KEY"` in the source names a key of the catalogue, and every key of the
    /// catalogue is used: a message cannot go missing or linger.
    #[test]
    fn the_source_and_the_catalogue_name_the_same_keys() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut used = std::collections::BTreeSet::new();
        for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for part in text.split("text!(").skip(1) {
                let part = part.trim_start();
                let key = part.strip_prefix('"').and_then(|p| p.split_once('"'));
                if let Some((key, _)) = key.filter(|(key, _)| !key.contains(char::is_whitespace)) {
                    used.insert(key.to_string());
                }
            }
        }
        used.remove("KEY");
        let catalogue: std::collections::BTreeSet<String> =
            keys(Lang::Sv).into_iter().map(str::to_string).collect();
        let missing: Vec<&String> = used.difference(&catalogue).collect();
        let unused: Vec<&String> = catalogue.difference(&used).collect();
        assert!(missing.is_empty(), "keys not in the catalogue: {missing:?}");
        assert!(unused.is_empty(), "keys no message uses: {unused:?}");
    }

    /// docs/MESSAGES.md has a row for every code, so its table of codes cannot fall behind.
    #[test]
    fn every_code_is_in_the_documentation() {
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/MESSAGES.md");
        let docs = std::fs::read_to_string(docs).unwrap_or_default();
        let missing: Vec<&str> = keys(Lang::Sv)
            .into_iter()
            .filter(|key| Text::new(key).code().is_some())
            .filter(|code| !docs.contains(&format!("| {code} |")))
            .collect();
        assert!(
            missing.is_empty(),
            "codes not in docs/MESSAGES.md: {missing:?}"
        );
    }

    #[test]
    fn placeholders_are_filled_and_doubled_braces_are_braces() {
        let args = vec![("block", "{.goals".to_string())];
        assert_eq!(fill("close `{block}}}`", &args), "close `{.goals}`");
        assert_eq!(fill("{unknown} {{x}}", &args), "{unknown} {x}");
        assert_eq!(fill("å {block}", &args), "å {.goals");
    }

    #[test]
    fn codes_are_e_or_w_and_digits() {
        assert_eq!(Text::new("E012").code(), Some("E012"));
        assert_eq!(Text::new("W003").code(), Some("W003"));
        assert_eq!(Text::new("help.did-you-mean").code(), None);
    }
}
