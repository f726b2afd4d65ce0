//! `planpress init` and `planpress new`: a working site and a document with valid front
//! matter, so an author starts from something that builds.

use std::path::{Component, Path, PathBuf};

mod annual_report;

use crate::diagnostic::Text;
use crate::render::BUNDLED_THEME_FILES;
use crate::text;
pub use annual_report::{followup_file_of, new_annual_report};

const SITE_TOML: &str = r#"title = "Vår förening – planer och rapporter"
description = "Verksamhetsplaner och rapporter."
base_url = "https://example.org"
language = "sv"
theme = "default"
"#;

const ORGANIZATIONS_TOML: &str = r#"[[organization]]
slug = "forening"
name = "Vår förening"
level = "local"
"#;

const TOPICS_TOML: &str = r#"[[topic]]
slug = "medlemmar"
label = "Medlemmar"
description = "Att välkomna och engagera medlemmar."
keywords = ["medlem"]
"#;

const ACTORS_TOML: &str = r#"[[actor]]
slug = "styrelsen"
name = "Styrelsen"
forms = ["styrelsen"]
"#;

/// Creates a site with the default theme and one example plan.
pub fn init_site(dir: &Path) -> Result<(), Text> {
    if dir.join("site.toml").exists() {
        return Err(text!("E100", folder = dir.display()));
    }
    let write = |rel: &str, text: &str| write_new_file(&dir.join(rel), text);
    write("site.toml", SITE_TOML)?;
    write("content/organizations.toml", ORGANIZATIONS_TOML)?;
    write("content/topics.toml", TOPICS_TOML)?;
    write("content/actors.toml", ACTORS_TOML)?;
    write(
        "content/forening/verksamhetsplan.md",
        &document_template("plan", "Verksamhetsplan", "forening"),
    )?;
    write(".gitignore", "/public\n")?;
    for (rel, text) in BUNDLED_THEME_FILES {
        write(&format!("themes/default/{rel}"), text)?;
    }
    Ok(())
}

/// Creates `content/PATH` (`.md` added if missing) with front matter for KIND.
pub fn new_document(root: &Path, kind: &str, path: &Path) -> Result<PathBuf, Text> {
    new_document_with_org(root, kind, path, None)
}

/// [`new_document`]; an organisation (the first folder of `path`) that is not in
/// content/organizations.toml is refused with a suggestion, or added under the name
/// `create_org` (`--create-org NAME`).
pub fn new_document_with_org(
    root: &Path,
    kind: &str,
    path: &Path,
    create_org: Option<&str>,
) -> Result<PathBuf, Text> {
    const KINDS: [&str; 3] = ["plan", "report", "strategy"];
    if !KINDS.contains(&kind) {
        return Err(text!("E103", kind = kind, kinds = KINDS.join(", ")));
    }
    let path = &under_content(root, path);
    let target = new_target(root, path)?;
    // A document's organisation is its first folder under content/: without one it would
    // belong to none, and taking a default put it under an organisation the author never named.
    let Some(organization) = path
        .parent()
        .and_then(|p| p.components().next())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
    else {
        return Err(no_organization_folder(root, path));
    };
    ensure_organization(root, &organization, create_org)?;
    let title = match kind {
        "plan" => "Verksamhetsplan",
        "report" => "Rapport",
        _ => "Strategidokument",
    };
    write_new_file(&target, &document_template(kind, title, &organization))?;
    Ok(target)
}

/// E159: `path` names no organisation's folder; the message shows it under the first one.
fn no_organization_folder(root: &Path, path: &Path) -> Text {
    let (vocabulary, _) = crate::content::load_vocabulary(&root.join("content"));
    let slugs: Vec<&str> = vocabulary
        .organizations
        .iter()
        .map(|o| o.slug.as_str())
        .collect();
    let example = Path::new(slugs.first().copied().unwrap_or("forening")).join(path);
    text!(
        "E159",
        path = path.display(),
        example = example.display(),
        organizations = slugs.join(", ")
    )
}

/// Writes `text` to `path`, making its folder first: E101 when the folder cannot be made,
/// E102 when the file cannot be written.
fn write_new_file(path: &Path, text: &str) -> Result<(), Text> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            text!(
                "E101",
                folder = parent.display(),
                error = crate::diagnostic::os_error(&e)
            )
        })?;
    }
    std::fs::write(path, text).map_err(|e| {
        text!(
            "E102",
            file = path.display(),
            error = crate::diagnostic::os_error(&e)
        )
    })
}

/// `path` under content/, however the author wrote it: as the help says
/// (`forening/plan.md`), or from the site's folder as a shell completes it
/// (`content/forening/plan.md`, `./content/…`, the whole path), which took `content` for the
/// organisation (E106).
fn under_content(root: &Path, path: &Path) -> PathBuf {
    let content = std::path::absolute(root.join("content")).unwrap_or_default();
    if let Ok(inside) = path.strip_prefix(&content) {
        return inside.to_path_buf();
    }
    let mut parts = path
        .components()
        .skip_while(|part| *part == Component::CurDir)
        .peekable();
    if parts.peek() == Some(&Component::Normal("content".as_ref())) {
        let rest: PathBuf = parts.skip(1).collect();
        if !rest.as_os_str().is_empty() {
            return rest;
        }
    }
    path.to_path_buf()
}

/// `content/PATH` with `.md` added if missing: a new file, inside content/.
fn new_target(root: &Path, path: &Path) -> Result<PathBuf, Text> {
    let path = &under_content(root, path);
    if path
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return Err(text!("E104", path = path.display()));
    }
    let mut target = root.join("content").join(path);
    if target.extension().is_none_or(|e| e != "md") {
        target.set_extension("md");
    }
    if target.exists() {
        return Err(text!("E105", file = target.display()));
    }
    Ok(target)
}

/// Checks that `slug` is a known organisation, or appends it to organizations.toml when
/// `create` names it. The file is only added to, never rewritten.
fn ensure_organization(root: &Path, slug: &str, create: Option<&str>) -> Result<(), Text> {
    let content = root.join("content");
    let (vocabulary, _) = crate::content::load_vocabulary(&content);
    if vocabulary.organization(slug).is_some() || vocabulary.incomplete.organizations {
        return Ok(());
    }
    let file = content.join("organizations.toml");
    let Some(name) = create else {
        let slugs = vocabulary.organizations.iter().map(|o| o.slug.as_str());
        let hint = match crate::diagnostic::did_you_mean(slug, slugs) {
            Some(nearest) => text!("E106.did-you-mean", nearest = nearest),
            None => text!("E106.no-suggestion"),
        };
        return Err(text!(
            "E106",
            slug = slug,
            hint = hint,
            file = file.display()
        ));
    };
    if !crate::content::is_valid_slug(slug) {
        return Err(text!("E107", slug = slug));
    }
    let entry = format!(
        "\n[[organization]]\nslug = \"{slug}\"\nname = {}\nlevel = \"local\"\n",
        toml::Value::String(name.to_string())
    );
    let mut out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)
        .map_err(|e| {
            text!(
                "E102",
                file = file.display(),
                error = crate::diagnostic::os_error(&e)
            )
        })?;
    std::io::Write::write_all(&mut out, entry.as_bytes()).map_err(|e| {
        text!(
            "E102",
            file = file.display(),
            error = crate::diagnostic::os_error(&e)
        )
    })
}

fn document_template(kind: &str, title: &str, organization: &str) -> String {
    let body = match kind {
        "plan" => {
            "## Medlemmar {topics=\"medlemmar\"}\n\nVarför det här området är viktigt.\n\n#### Målsättningar {.goals}\n\n1. Ett första mål.\n\n#### Aktiviteter för att nå målen {.activities}\n\n- En aktivitet.\n"
        }
        "report" => {
            "## Inledning\n\nVad rapporten handlar om.\n\n{.recommendations}\n\n- Vi uppmanar styrelsen att …\n"
        }
        _ => {
            "## Del 1\n\nVänsterpartiet kommer att...\n\n{.commitments}\n\n- ett första åtagande {#ata-forsta}\n"
        }
    };
    format!(
        "+++\ntitle = \"{title}\"\nkind = \"{kind}\"\norganization = \"{organization}\"\nperiod = \"\"\nstatus = \"draft\"\ntopics = []\n+++\n\n{body}"
    )
}
