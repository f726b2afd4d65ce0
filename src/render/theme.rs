//! The theme: Tera templates (the site's own `templates/` override the theme's file by
//! file), the UI strings of the site's language, and the folders of static assets.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::markdown::MarkupLabels;

pub mod history;
mod strings;

/// The default theme as this planpress has it, each file's path under `themes/default/` and
/// its text (embedded by build.rs): what `planpress init` writes, and the templates a site's
/// own copy of an older theme may lack.
pub const BUNDLED_THEME_FILES: &[(&str, &str)] =
    &include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

pub struct Theme {
    pub tera: Tera,
    pub strings: BTreeMap<String, String>,
    /// Copied into the output in this order, so the site's own files win.
    pub static_dirs: Vec<PathBuf>,
    /// What loading the theme found amiss without failing (a site template nothing uses),
    /// reported with the content's warnings on every build.
    pub warnings: Vec<Diagnostic>,
}

impl Theme {
    /// No templates and no strings: enough to parse and check the content (its markup
    /// labels fall back to their defaults) when the site's theme cannot be loaded.
    pub fn bare() -> Theme {
        Theme {
            tera: Tera::default(),
            strings: BTreeMap::new(),
            static_dirs: Vec::new(),
            warnings: Vec::new(),
        }
    }

    pub fn string<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    pub fn markup_labels(&self) -> MarkupLabels {
        let defaults = MarkupLabels::default();
        let string = |key: &str, default: String| self.strings.get(key).cloned().unwrap_or(default);
        MarkupLabels {
            permalink: string("permalink_to", defaults.permalink),
            paragraph: string("paragraph", defaults.paragraph),
            motion: string("motion", defaults.motion),
            footnote: string("footnote", defaults.footnote),
            footnote_back: string("footnote_back", defaults.footnote_back),
        }
    }
}

pub fn load_theme(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    if !config.theme_dir.is_dir() {
        let has_themes = config.theme_dir.parent().is_some_and(Path::is_dir);
        // A site copied without its themes/ folder: naming another theme would not help.
        let help = if has_themes {
            crate::text!("E093.help")
        } else {
            crate::text!("E093.help-init")
        };
        return Err(vec![
            Diagnostic::err(crate::text!("E093", folder = config.theme_dir.display())).help(help),
        ]);
    }
    let mut templates: BTreeMap<String, PathBuf> = BTreeMap::new();
    collect_templates(&config.theme_dir.join("templates"), &mut templates);
    // A site's copy of an older theme lacks the templates planpress added since, which the
    // site may keep in its own `templates/`: those names are the theme's too.
    let bundled = BUNDLED_THEME_FILES
        .iter()
        .filter_map(|(rel, _)| rel.strip_prefix("templates/"));
    let theme_names: BTreeSet<String> = templates
        .keys()
        .cloned()
        .chain(bundled.map(str::to_string))
        .collect();
    collect_templates(&config.site_templates_dir, &mut templates);
    // Those the site's copy of an older theme lacks (a partial planpress added since, which a
    // bundled page template includes) are the bundled theme's, as its missing strings are:
    // without them every page that uses one failed to render after an update. Each is a
    // warning: the copy's older stylesheet may not style what the bundled template draws.
    let mut sources: Vec<(String, String)> = BUNDLED_THEME_FILES
        .iter()
        .filter_map(|(rel, text)| Some((rel.strip_prefix("templates/")?, *text)))
        .filter(|(name, _)| !templates.contains_key(*name))
        .map(|(name, text)| (name.to_string(), text.to_string()))
        .collect();
    let lacking = sources.len();
    for (name, path) in &templates {
        match std::fs::read_to_string(path) {
            Ok(text) => sources.push((name.clone(), text)),
            Err(error) => errors.push(Diagnostic::err(crate::text!(
                "E001",
                file = path.display(),
                error = crate::diagnostic::os_error(&error)
            ))),
        }
    }
    let mut tera = Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    if let Err(error) =
        tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        errors.push(Diagnostic::err(crate::text!(
            "E094",
            error = error_chain(&error)
        )));
    }
    let mut warnings = Vec::new();
    let strings = strings::load_strings(
        &config.theme_dir,
        &config.language,
        &sources,
        &mut errors,
        &mut warnings,
    );
    if !errors.is_empty() {
        return Err(errors);
    }
    let static_dirs = vec![
        config.theme_dir.join("static"),
        config.site_static_dir.clone(),
    ];
    warnings.extend(unused_site_templates(config, &theme_names, &sources));
    // Only a page template's stand-in is warned of: the reason is the copy's stylesheet,
    // which styles no feed or sitemap, and those the bundled theme writes as planpress
    // always wrote them.
    let lacking_pages = sources
        .iter()
        .take(lacking)
        .filter(|(name, _)| name.ends_with(".html"));
    warnings.extend(lacking_pages.map(|(name, _)| {
        // The template is not in the theme: the message points where it would go.
        let file = theme_display(&config.theme_dir)
            .join("templates")
            .join(name);
        let folder = file.parent().unwrap_or(&file);
        Diagnostic::warn(crate::text!("W005", name = name))
            .in_folder(folder)
            .help(crate::text!("W005.help"))
    }));
    warnings.extend(older_theme_warning(&config.theme_dir));
    let mut theme = Theme {
        tera,
        strings,
        static_dirs,
        warnings,
    };
    // Every page shows the site's name, menu and UI strings: serialize them once, not per page.
    let site = super::views::site_view(config, &theme);
    let site_value = tera::Value::from_serializable(&site);
    let strings_value = tera::Value::from_serializable(&theme.strings);
    theme.tera.global_context().insert_value("site", site_value);
    theme.tera.global_context().insert_value("t", strings_value);
    Ok(theme)
}

/// The files of the site's theme that are an older planpress's, unchanged (W011): the
/// pages they draw lack what this planpress shows, and `planpress update-theme` replaces
/// them. Missing templates are W005's; a file the site changed is the site's.
fn older_theme_warning(theme_dir: &Path) -> Option<Diagnostic> {
    let older: Vec<String> = history::outdated_files(theme_dir)
        .into_iter()
        .filter_map(|file| match file {
            history::ThemeFile::Older(rel) => Some(rel),
            _ => None,
        })
        .collect();
    let (first, _) = older.split_first()?;
    let files = match older.len() {
        1 => first.clone(),
        n => format!("{first} (+{})", n - 1),
    };
    Some(
        Diagnostic::warn(crate::text!("W011", files = files))
            .in_folder(&theme_display(theme_dir))
            .help(crate::text!("W011.help")),
    )
}

/// Every template file under `dir` by its name, leaving out what an editor or the system
/// keeps beside it: Vim's swap file of a template open in it is not UTF-8, and read as a
/// template it failed every build, and every save in the preview, until Vim closed.
fn collect_templates(dir: &Path, templates: &mut BTreeMap<String, PathBuf>) {
    for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        // A symlink to a template is the template (WalkDir reports the link itself).
        if entry.path().is_file()
            && !crate::content::is_hidden(rel)
            && !crate::content::is_editor_temp_file(rel)
        {
            let name = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            templates.insert(name, entry.path().to_path_buf());
        }
    }
}

/// The site's templates that no page can reach: a name the theme has no template of (a typo
/// such as `doc-card.html` for `doc_card.html`, or a folder too many) that no template
/// extends, includes or imports. Such a file would change nothing, and say nothing of it.
fn unused_site_templates<'a>(
    config: &Config,
    theme_names: &'a BTreeSet<String>,
    sources: &'a [(String, String)],
) -> Vec<Diagnostic> {
    sources
        .iter()
        // A name the theme lacks can only be the site's.
        .filter(|(name, _)| !theme_names.contains(name))
        .filter(|(name, _)| {
            // Tera names another template only in a quoted string literal.
            let quoted = [format!("\"{name}\""), format!("'{name}'")];
            !sources.iter().any(|(other, text)| {
                other != name && quoted.iter().any(|q| text.contains(q.as_str()))
            })
        })
        .map(|(name, _)| {
            let file = PathBuf::from("templates").join(name);
            // Compared without `.html` or `.xml`, which the names share and which would
            // make any two names look alike; `templates/default/base.html` is most likely
            // meant as `templates/base.html`, and `templates/sitemap.html` as `sitemap.xml`.
            let stem = |name: &'a str| {
                name.strip_suffix(".html")
                    .or_else(|| name.strip_suffix(".xml"))
                    .unwrap_or(name)
            };
            let file_name = name.rsplit('/').next().unwrap_or(name);
            let stems = || theme_names.iter().map(|theme_name| stem(theme_name));
            let nearest = crate::diagnostic::did_you_mean(stem(name), stems())
                .or_else(|| crate::diagnostic::did_you_mean(stem(file_name), stems()))
                .and_then(|nearest| theme_names.iter().find(|n| stem(n) == nearest));
            let help = match nearest {
                Some(nearest) => crate::text!("help.did-you-mean", nearest = nearest),
                None => crate::text!(
                    "W004.help",
                    folder = theme_display(&config.theme_dir).join("templates").display()
                ),
            };
            Diagnostic::warn(crate::text!("W004", name = name))
                .in_file(&file)
                .help(help)
        })
        .collect()
}

/// The theme's folder as the site names it, `themes/<theme>`, for messages.
pub(crate) fn theme_display(theme_dir: &Path) -> PathBuf {
    PathBuf::from("themes").join(theme_dir.file_name().unwrap_or_default())
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
