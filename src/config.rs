//! `site.toml`: the raw `ConfigFile` as the author wrote it, and the resolved [`Config`]
//! with absolute paths and defaults applied, which every later stage reads.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::diagnostic::Diagnostic;

#[derive(Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct ConfigFile {
    title: String,
    description: String,
    base_url: String,
    language: String,
    theme: String,
    kinds: Vec<String>,
    allow_raw_html: bool,
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
            theme: "default".into(),
            kinds: vec!["plan".into(), "report".into(), "strategy".into()],
            allow_raw_html: false,
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
    pub language: String,
    pub kinds: Vec<String>,
    pub allow_raw_html: bool,
    pub paths: UrlWords,
    pub extra: BTreeMap<String, serde_json::Value>,
    pub drafts: DraftMode,
}

pub const CONFIG_FILE: &str = "site.toml";

/// Reads and resolves `site.toml` in `root`. A missing file is an error: it marks a site.
pub fn load_config(
    root: &Path,
    base_url_override: Option<&str>,
    drafts: DraftMode,
) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let display = PathBuf::from(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|error| {
        vec![Diagnostic::error(format!("cannot read {}: {error}", path.display())).with_help(
            "run planpress in a site's folder (one with site.toml), or create one with `planpress init DIR`",
        )]
    })?;
    let file: ConfigFile = toml::from_str(&text).map_err(|error| {
        let span = error.span().unwrap_or(0..0);
        vec![
            Diagnostic::error(format!("invalid site configuration: {}", error.message()))
                .at(&display, &text, span),
        ]
    })?;
    resolve_config(root, file, base_url_override, drafts)
        .map_err(|message| vec![Diagnostic::error(message).in_file(&display)])
}

fn resolve_config(
    root: &Path,
    file: ConfigFile,
    base_url_override: Option<&str>,
    drafts: DraftMode,
) -> Result<Config, String> {
    let base_url = base_url_override
        .unwrap_or(&file.base_url)
        .trim_end_matches('/')
        .to_string();
    let base_path = base_path_of(&base_url)?;
    if file.kinds.is_empty() {
        return Err("`kinds` must list at least one document kind".into());
    }
    if file.theme.contains(['/', '\\']) || file.theme.starts_with('.') {
        return Err(format!(
            "theme `{}` must be a folder name under themes/",
            file.theme
        ));
    }
    let extra = file
        .extra
        .into_iter()
        .map(|(key, value)| (key, serde_json::to_value(value).unwrap_or_default()))
        .collect();
    Ok(Config {
        root: root.to_path_buf(),
        content_dir: root.join("content"),
        theme_dir: root.join("themes").join(&file.theme),
        site_templates_dir: root.join("templates"),
        site_static_dir: root.join("static"),
        title: file.title,
        description: file.description,
        base_url,
        base_path,
        language: file.language,
        kinds: file.kinds,
        allow_raw_html: file.allow_raw_html,
        paths: file.paths,
        extra,
        drafts,
    })
}

fn base_path_of(base_url: &str) -> Result<String, String> {
    let after_scheme = match base_url.split_once("://") {
        Some((scheme, rest)) if scheme == "http" || scheme == "https" => rest,
        _ => {
            return Err(format!(
                "base_url `{base_url}` must start with http:// or https://"
            ));
        }
    };
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
        assert_eq!((location.line, location.column), (2, 1));
        assert!(errors[0].message.contains("titel"), "{}", errors[0].message);
    }
}
