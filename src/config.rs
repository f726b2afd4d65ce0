//! `site.toml`: the raw `ConfigFile` as the author wrote it, and the resolved [`Config`]
//! with absolute paths and defaults applied, which every later stage reads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Lang, Text};

mod checks;
pub mod schemes;

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ConfigFile {
    title: String,
    description: String,
    base_url: String,
    language: String,
    /// The language of planpress's messages to authors: `sv` or `en`.
    messages: String,
    theme: String,
    kinds: Vec<String>,
    allow_raw_html: bool,
    allowed_link_schemes: Vec<String>,
    paths: UrlWords,
    extra: toml::Table,
}

impl Default for ConfigFile {
    fn default() -> Self {
        ConfigFile {
            title: "planpress".into(),
            description: String::new(),
            base_url: "http://127.0.0.1:1111".into(),
            language: "sv".into(),
            messages: "sv".into(),
            theme: "default".into(),
            kinds: vec!["plan".into(), "report".into(), "strategy".into()],
            allow_raw_html: false,
            allowed_link_schemes: Vec::new(),
            paths: UrlWords::default(),
            extra: toml::Table::new(),
        }
    }
}

/// The words of the index pages' URLs, Swedish by default, so another language is a
/// configuration change (`[paths]` in site.toml).
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct UrlWords {
    pub goals: String,
    pub recommendations: String,
    pub commitments: String,
    pub topics: String,
    /// Under a topic's page, the pages of its documents when they are too many to show there.
    pub documents: String,
    pub actors: String,
    pub organizations: String,
    pub motions: String,
    pub search: String,
    pub data: String,
}

impl Default for UrlWords {
    fn default() -> Self {
        UrlWords {
            goals: "mal".into(),
            recommendations: "rekommendationer".into(),
            commitments: "ataganden".into(),
            topics: "amnen".into(),
            documents: "dokument".into(),
            actors: "mottagare".into(),
            organizations: "organisationer".into(),
            motions: "motioner".into(),
            search: "sok".into(),
            data: "data".into(),
        }
    }
}

/// Whether documents marked `draft = true` are part of the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DraftMode {
    Exclude,
    Include,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub root: PathBuf,
    pub content_dir: PathBuf,
    pub theme_dir: PathBuf,
    /// The site's own `templates/`, whose files override the theme's.
    pub site_templates_dir: PathBuf,
    pub site_static_dir: PathBuf,
    pub title: String,
    pub description: String,
    /// Without a trailing slash.
    pub base_url: String,
    /// The path part of `base_url` ("" or "/planer"), prefixed to every internal link so the
    /// site works both at a domain's root and under a sub-path.
    pub base_path: String,
    /// `base_url` and its path as site.toml gives them, whatever `--base-url` or the preview
    /// server builds with: links written as the published site's addresses (`/planer/mal/`)
    /// are read against these, so that they are checked alike in `build` and `serve`.
    pub published_base_url: String,
    pub published_base_path: String,
    pub language: String,
    /// The language of messages to authors (`messages` in site.toml); `--lang` overrides it.
    pub messages: Lang,
    pub kinds: Vec<String>,
    pub allow_raw_html: bool,
    /// Schemes links may use besides http, https, mailto and tel; lowercase.
    pub allowed_link_schemes: Vec<String>,
    pub paths: UrlWords,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub drafts: DraftMode,
}

pub const CONFIG_FILE: &str = "site.toml";

/// The language to speak to the author of the site in `root` in: `--lang` if given, else
/// `messages` in its site.toml, else Swedish (also when site.toml cannot be read).
pub fn message_language(root: &Path, asked: Option<Lang>) -> Lang {
    asked.unwrap_or_else(|| {
        load_config_or_defaults(root, None, DraftMode::Exclude)
            .map(|(config, _)| config.messages)
            .unwrap_or_default()
    })
}

/// Reads and resolves `site.toml` in `root`. A missing file is an error: it marks a site.
pub fn load_config(
    root: &Path,
    base_url_override: Option<&str>,
    drafts: DraftMode,
) -> Result<Config, Vec<Diagnostic>> {
    match load_config_or_defaults(root, base_url_override, drafts)? {
        (config, errors) if errors.is_empty() => Ok(config),
        (_, errors) => Err(errors),
    }
}

/// Reads and resolves `site.toml` in `root`, and every error in it, each pointing at its
/// place in the file. A wrong value, or a file that cannot be read as TOML at all, gives way
/// to the default, so that the rest of the site can still be checked in the same run. Only
/// a missing (or unreadable) file is an error without a config: it marks a site.
pub fn load_config_or_defaults(
    root: &Path,
    base_url_override: Option<&str>,
    drafts: DraftMode,
) -> Result<(Config, Vec<Diagnostic>), Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let display = PathBuf::from(CONFIG_FILE);
    let bytes = std::fs::read(&path).map_err(|error| {
        vec![
            Diagnostic::err(crate::text!(
                "E001",
                file = path.display(),
                error = crate::diagnostic::os_error(&error)
            ))
            .help(crate::text!("E001.help-site")),
        ]
    })?;
    let mut errors = Vec::new();
    let (mut file, text) = parse_config(bytes, &display, &mut errors);
    let spans = checks::spans_of(&text);
    let at = |message: Text, span: Option<std::ops::Range<usize>>| match span {
        Some(span) => Diagnostic::err(message).at(&display, &text, span),
        None => Diagnostic::err(message).in_file(&display),
    };
    checks::check_file(root, &mut file, &spans, &mut |message, span| {
        errors.push(at(message, span))
    });
    let base_url = base_url_override
        .unwrap_or(&file.base_url)
        .trim_end_matches('/')
        .to_string();
    let (base_url, base_path) = match base_path_of(&base_url) {
        Ok(base_path) => (base_url, base_path),
        Err(message) => {
            errors.push(match base_url_override {
                // Not in site.toml: pointing at the file's first line sent a new user looking
                // there for a mistake typed on the command line.
                Some(_) => Diagnostic::err(message).help(crate::text!("help.base-url-flag")),
                None => at(message, checks::span(&spans.base_url)),
            });
            let default = ConfigFile::default().base_url;
            let base_path = base_path_of(&default).unwrap_or_default();
            (default, base_path)
        }
    };
    let published = file.base_url.trim_end_matches('/').to_string();
    let published = match base_path_of(&published) {
        Ok(path) => (published, path),
        Err(_) => (base_url.clone(), base_path.clone()),
    };
    let config = resolve_config(root, file, (base_url, base_path), published, drafts);
    // Without the theme it falls back on, the rest of the site is not checked: saying it
    // was would send the author looking for errors that were never looked for.
    let errors = if config.theme_dir.is_dir() {
        errors.into_iter().map(with_fallback_note).collect()
    } else {
        errors
    };
    Ok((config, errors))
}

/// site.toml's `bytes` as a [`ConfigFile`] and its text, or, with the error in `errors`, the
/// defaults and no text when they are not UTF-8 or not the TOML of a config.
fn parse_config(
    bytes: Vec<u8>,
    display: &Path,
    errors: &mut Vec<Diagnostic>,
) -> (ConfigFile, String) {
    match String::from_utf8(bytes) {
        Ok(text) => match toml::from_str::<ConfigFile>(&text) {
            Ok(file) => (file, text),
            Err(error) => {
                let span = error.span().unwrap_or(0..0);
                errors.push(
                    Diagnostic::err(crate::text!("E079", error = error.message().trim()))
                        .at(display, &text, span),
                );
                (ConfigFile::default(), String::new())
            }
        },
        Err(error) => {
            errors.push(checks::not_utf8(display, error.as_bytes()));
            (ConfigFile::default(), String::new())
        }
    }
}

/// `error` telling that the pipeline goes on without the wrong setting (see
/// `build::check_with_defaults`).
fn with_fallback_note(error: Diagnostic) -> Diagnostic {
    error.and_help(crate::text!("E079.note-defaults"))
}

/// The config of a checked `file`, its base URL already checked too.
fn resolve_config(
    root: &Path,
    file: ConfigFile,
    (base_url, base_path): (String, String),
    (published_base_url, published_base_path): (String, String),
    drafts: DraftMode,
) -> Config {
    let extra = file
        .extra
        .into_iter()
        .map(|(key, value)| (key, serde_json::to_value(value).unwrap_or_default()))
        .collect();
    Config {
        root: root.to_path_buf(),
        content_dir: root.join("content"),
        theme_dir: root.join("themes").join(&file.theme),
        site_templates_dir: root.join("templates"),
        site_static_dir: root.join("static"),
        title: file.title,
        description: file.description,
        base_url,
        base_path,
        published_base_url,
        published_base_path,
        language: file.language,
        messages: Lang::parse(&file.messages).unwrap_or_default(),
        kinds: file.kinds,
        allow_raw_html: file.allow_raw_html,
        allowed_link_schemes: file.allowed_link_schemes,
        paths: file.paths,
        extra,
        drafts,
    }
}

fn base_path_of(base_url: &str) -> Result<String, Text> {
    let after_scheme = match base_url.split_once("://") {
        Some((scheme, rest)) if scheme == "http" || scheme == "https" => rest,
        _ => {
            return Err(crate::text!("E078", base_url = base_url));
        }
    };
    // The base path is written into every page's links, most of them by hand-written HTML
    // writers: a quote or an angle bracket in it would break out of the attribute.
    if let Some(bad) = base_url.chars().find(|c| {
        c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\' | '`')
    }) {
        return Err(crate::text!(
            "E077",
            base_url = base_url,
            bad = format!("{bad:?}")
        ));
    }
    Ok(after_scheme
        .find('/')
        .map_or(String::new(), |i| after_scheme[i..].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_is_the_path_part_of_base_url() {
        assert_eq!(base_path_of("https://example.org"), Ok(String::new()));
        assert_eq!(
            base_path_of("https://example.org/planer"),
            Ok("/planer".to_string())
        );
        assert!(base_path_of("example.org").is_err());
        assert!(base_path_of("https://example.org/a\"><script>").is_err());
        assert!(base_path_of("https://example.org/a b").is_err());
    }

    #[test]
    fn unknown_keys_point_at_their_line() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("site.toml"),
            "title = \"x\"\ntitel = \"y\"\n",
        )
        .expect("write");
        let errors = load_config(dir.path(), None, DraftMode::Exclude).expect_err("must fail");
        let location = errors[0].location.clone().expect("location");
        assert_eq!(location.position, Some((2, 1)));
        assert!(errors[0].message.contains("titel"), "{}", errors[0].message);
    }
}
