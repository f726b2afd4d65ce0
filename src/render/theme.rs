//! The theme: Tera templates (the site's own `templates/` override the theme's file by
//! file), the UI strings of the site's language, and the folders of static assets.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::markdown::MarkupLabels;

/// The bundled theme's templates whose lists the build writes in Rust rather than through
/// Tera while a site keeps them as they come: on a large site, Tera laying out thousands of
/// rows and cards field by field was most of the index pages' work (docs/INDEXES.md). Each
/// writer has a unit test holding it to Tera's rendering of the template.
const BUNDLED_TEMPLATES: [(&str, &str); 5] = [
    (
        "index_item.html",
        include_str!("../../themes/default/templates/index_item.html"),
    ),
    (
        "commitments.html",
        include_str!("../../themes/default/templates/commitments.html"),
    ),
    (
        "topic.html",
        include_str!("../../themes/default/templates/topic.html"),
    ),
    (
        "macros_doc_list.html",
        include_str!("../../themes/default/templates/macros_doc_list.html"),
    ),
    (
        "organization.html",
        include_str!("../../themes/default/templates/organization.html"),
    ),
];

pub struct Theme {
    pub tera: Tera,
    /// Each template's source, by name, as loaded.
    sources: BTreeMap<String, String>,
    pub strings: BTreeMap<String, String>,
    /// Copied into the output in this order, so the site's own files win.
    pub static_dirs: Vec<PathBuf>,
}

impl Theme {
    pub fn string<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    /// UI string `key` escaped, as the writers that stand in for the bundled templates print
    /// it; `None` when the theme lacks it (the template would fail, and Tera report it).
    pub fn escaped_string(&self, key: &str) -> Option<String> {
        self.strings.get(key).map(|s| crate::html::escape(s))
    }

    /// [`Theme::escaped_string`] of the string lowercased, as the templates' `| lower` has it.
    pub fn escaped_lowercase(&self, key: &str) -> Option<String> {
        self.strings
            .get(key)
            .map(|s| crate::html::escape(&s.to_lowercase()))
    }

    /// Whether template `name` is loaded exactly as the bundled theme has it, so that a
    /// writer in Rust may lay out what it would (see `BUNDLED_TEMPLATES`). A site that
    /// overrides it, even by a byte, gets it rendered by Tera.
    pub fn uses_bundled(&self, name: &str) -> bool {
        let loaded = self.sources.get(name).map(String::as_str);
        BUNDLED_TEMPLATES
            .iter()
            .any(|&(bundled, source)| bundled == name && loaded == Some(source))
    }

    pub fn markup_labels(&self) -> MarkupLabels {
        let defaults = MarkupLabels::default();
        MarkupLabels {
            permalink: self
                .strings
                .get("permalink_to")
                .cloned()
                .unwrap_or(defaults.permalink),
            paragraph: self
                .strings
                .get("paragraph")
                .cloned()
                .unwrap_or(defaults.paragraph),
            motion: self
                .strings
                .get("motion")
                .cloned()
                .unwrap_or(defaults.motion),
        }
    }
}

pub fn load_theme(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    if !config.theme_dir.is_dir() {
        return Err(vec![
            Diagnostic::error(format!(
                "the theme folder {} does not exist",
                config.theme_dir.display()
            ))
            .with_help("set `theme` in site.toml to a folder under themes/"),
        ]);
    }
    let mut templates: BTreeMap<String, PathBuf> = BTreeMap::new();
    for dir in [
        config.theme_dir.join("templates"),
        config.site_templates_dir.clone(),
    ] {
        collect_templates(&dir, &mut templates);
    }
    let mut sources = Vec::new();
    for (name, path) in &templates {
        match std::fs::read_to_string(path) {
            Ok(text) => sources.push((name.clone(), text)),
            Err(error) => errors.push(Diagnostic::error(format!(
                "cannot read template {}: {error}",
                path.display()
            ))),
        }
    }
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    if let Err(error) =
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        errors.push(Diagnostic::error(format!(
            "template error: {}",
            error_chain(&error)
        )));
    }
    let strings = load_strings(&config.theme_dir, &config.language, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let static_dirs = vec![
        config.theme_dir.join("static"),
        config.site_static_dir.clone(),
    ];
    let mut theme = Theme {
        tera,
        sources: sources.into_iter().collect(),
        strings,
        static_dirs,
    };
    // Every page shows the site's name, menu and UI strings: serialize them once, not per page.
    let site = super::views::site_view(config, &theme);
    let site_value = tera::Value::from_serializable(&site);
    let strings_value = tera::Value::from_serializable(&theme.strings);
    theme.tera.global_context().insert_value("site", site_value);
    theme.tera.global_context().insert_value("t", strings_value);
    Ok(theme)
}

fn collect_templates(dir: &Path, templates: &mut BTreeMap<String, PathBuf>) {
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            templates.insert(name, entry.path().to_path_buf());
        }
    }
}

fn load_strings(
    theme_dir: &Path,
    language: &str,
    errors: &mut Vec<Diagnostic>,
) -> BTreeMap<String, String> {
    let path = theme_dir.join("i18n").join(format!("{language}.toml"));
    let display = PathBuf::from("themes")
        .join(theme_dir.file_name().unwrap_or_default())
        .join("i18n")
        .join(format!("{language}.toml"));
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            errors.push(
                Diagnostic::error(format!(
                    "cannot read the UI strings for language `{language}`: {error}"
                ))
                .in_file(&display)
                .with_help("add the file, or set `language` in site.toml to one the theme has"),
            );
            return BTreeMap::new();
        }
    };
    match toml::from_str::<BTreeMap<String, String>>(&text) {
        Ok(strings) => strings,
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            errors.push(
                Diagnostic::error(format!("invalid UI strings: {}", error.message()))
                    .at(&display, &text, span),
            );
            BTreeMap::new()
        }
    }
}

/// Tera's errors nest the cause; authors need all of it (L5: template name plus the chain).
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::{BUNDLED_TEMPLATES, load_theme};
    use crate::config::{DraftMode, load_config};

    /// The bundled templates count as bundled; one a site overrides, even by a byte, does
    /// not, and the others still do.
    #[test]
    fn only_templates_loaded_as_bundled_are_written_in_rust() {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut config = load_config(root.as_ref(), None, DraftMode::Exclude).expect("config");
        let theme = load_theme(&config).expect("the bundled theme");
        for (name, _) in BUNDLED_TEMPLATES {
            assert!(theme.uses_bundled(name), "{name}");
        }
        assert!(!theme.uses_bundled("base.html"), "not written in Rust");

        let site = tempfile::tempdir().expect("tempdir");
        let bundled = BUNDLED_TEMPLATES[4];
        std::fs::write(site.path().join(bundled.0), format!("{}\n", bundled.1)).expect("write");
        config.site_templates_dir = site.path().to_path_buf();
        let theme = load_theme(&config).expect("the theme with one override");
        assert!(!theme.uses_bundled(bundled.0));
        for (name, _) in &BUNDLED_TEMPLATES[..4] {
            assert!(theme.uses_bundled(name), "{name}");
        }
    }
}
