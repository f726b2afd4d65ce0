//! Where a build may write. `--output` replaces only a folder planpress wrote itself (it
//! carries [`MANIFEST`], the list of files that build wrote) or an empty one; anything else
//! needs `--force`, and the site's own folders are never replaced, whatever the flags.
//! See docs/PUBLISHING.md, "Where the site is written".

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use walkdir::WalkDir;

use crate::diagnostic::Text;
use crate::error::{Error, Result};
use crate::text;

/// The file naming every file a build wrote, written last into the staged site. Its
/// presence is what marks a folder as planpress's own output.
pub const MANIFEST: &str = ".planpress-manifest";
const GENERATOR: &str = "planpress";
/// How many of the files planpress did not write a refusal names.
const NAMED_FILES: usize = 3;

/// What a build may replace at its output path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Replace {
    /// Only a folder planpress wrote, or an empty one.
    #[default]
    OwnOutput,
    /// Anything (`--force`), except the site's own folders.
    Anything,
}

/// Where a build writes, and what it must never replace.
#[derive(Debug, Clone)]
pub struct OutputTarget {
    pub output: PathBuf,
    /// The site's folder: the output may be inside it (`public/`), not it or above it.
    pub site_root: PathBuf,
    /// The site's sources (content, theme, templates, static files): the output may not be
    /// one of them, inside one or above one.
    pub sources: Vec<PathBuf>,
    pub replace: Replace,
}

impl OutputTarget {
    /// The output of the site `config` describes.
    pub fn for_site(output: PathBuf, config: &crate::config::Config, replace: Replace) -> Self {
        OutputTarget {
            output,
            site_root: config.root.clone(),
            sources: vec![
                config.content_dir.clone(),
                config.theme_dir.clone(),
                config.site_templates_dir.clone(),
                config.site_static_dir.clone(),
            ],
            replace,
        }
    }
}

/// What is at the output path before the build, once judged safe to replace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Existing {
    Nothing,
    /// A folder: empty, written by planpress, or (with `--force`) anyone's. `previous`
    /// lists the files its manifest says planpress wrote, the only ones a build that writes
    /// in place may delete.
    Folder {
        previous: BTreeSet<String>,
    },
    /// A file or a symbolic link, replaced only with `--force`.
    Other,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct ManifestFile {
    generator: String,
    files: Vec<String>,
}

/// The manifest's text for a build that wrote `files`.
pub fn manifest_text(files: &[String]) -> Vec<u8> {
    let manifest = ManifestFile {
        generator: GENERATOR.into(),
        files: files.to_vec(),
    };
    serde_json::to_vec_pretty(&manifest).unwrap_or_default()
}

/// The files the manifest in `folder` lists, or None when it has none planpress wrote.
pub fn read_manifest(folder: &Path) -> Option<BTreeSet<String>> {
    let text = std::fs::read(folder.join(MANIFEST)).ok()?;
    let manifest: ManifestFile = serde_json::from_slice(&text).ok()?;
    // A path that could lead out of the folder is not one planpress wrote: the in-place
    // sync deletes listed files, and must not be steered to any other.
    let safe = |rel: &String| {
        !rel.is_empty()
            && Path::new(rel)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
    };
    (manifest.generator == GENERATOR).then(|| manifest.files.into_iter().filter(safe).collect())
}

/// Checks that the build may replace what is at the output path, and says what is there.
pub fn check_output(target: &OutputTarget) -> Result<Existing> {
    let output = &target.output;
    let refuse = |reason: Text| Error::OutputRefused {
        path: output.clone(),
        reason,
    };
    check_not_the_site(target)?;
    let metadata = match std::fs::symlink_metadata(output) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::Nothing),
        Err(source) => {
            return Err(Error::Read {
                path: output.clone(),
                source,
            });
        }
    };
    let forced = target.replace == Replace::Anything;
    if metadata.file_type().is_symlink() || !metadata.is_dir() {
        let reason = if metadata.file_type().is_symlink() {
            text!("output.symlink")
        } else {
            text!("output.file")
        };
        return if forced {
            Ok(Existing::Other)
        } else {
            Err(refuse(reason))
        };
    }
    if output.join(crate::config::CONFIG_FILE).exists() || output.join("content").is_dir() {
        return Err(refuse(text!("output.holds-a-site")));
    }
    let manifest = read_manifest(output);
    let strangers = files_not_listed(output, manifest.as_ref());
    if strangers.is_empty() || forced {
        return Ok(Existing::Folder {
            previous: manifest.unwrap_or_default(),
        });
    }
    Err(refuse(stranger_reason(&strangers, manifest.is_some())))
}

/// Refuses an output that is the site's folder or above it, or one of the site's sources
/// or inside or above one: whatever the flags, a build there would delete the site.
fn check_not_the_site(target: &OutputTarget) -> Result<()> {
    let refuse = |reason: Text| Error::OutputRefused {
        path: target.output.clone(),
        reason,
    };
    let canonical = canonical_path(&target.output)?;
    let root = canonical_path(&target.site_root)?;
    if root.starts_with(&canonical) {
        return Err(refuse(text!(
            "output.site-folder",
            relation = relation(&canonical, &root),
            folder = root.display(),
            suggestion = root.join("public").display()
        )));
    }
    for source in &target.sources {
        let source = canonical_path(source)?;
        if canonical.starts_with(&source) || source.starts_with(&canonical) {
            return Err(refuse(text!(
                "output.source-folder",
                relation = relation(&canonical, &source),
                folder = source.display()
            )));
        }
    }
    Ok(())
}

/// How the output stands to a folder of the site it overlaps.
fn relation(output: &Path, folder: &Path) -> Text {
    if output == folder {
        text!("output.relation.is")
    } else if output.starts_with(folder) {
        text!("output.relation.inside")
    } else {
        text!("output.relation.holds")
    }
}

/// Why a folder holding `strangers` (files planpress did not write) is not replaced.
fn stranger_reason(strangers: &[String], has_manifest: bool) -> Text {
    let named = strangers
        .iter()
        .take(NAMED_FILES)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    let more = strangers.len().saturating_sub(NAMED_FILES);
    let files = if more > 0 {
        text!("output.files-and-more", files = named, n = more)
    } else {
        text!("output.files", files = named)
    };
    if has_manifest {
        text!("output.strangers", files = files)
    } else {
        text!("output.not-ours", files = files, manifest = MANIFEST)
    }
}

/// Files under `folder` (any entry that is not a folder) that the manifest does not list,
/// as paths relative to `folder`, sorted; without a manifest, every file.
fn files_not_listed(folder: &Path, manifest: Option<&BTreeSet<String>>) -> Vec<String> {
    let mut strangers = Vec::new();
    let walk = WalkDir::new(folder).min_depth(1).sort_by_file_name();
    for entry in walk {
        let rel = match &entry {
            Ok(entry) if entry.file_type().is_dir() => continue,
            Ok(entry) => relative(folder, entry.path()),
            // An unreadable entry is something planpress cannot vouch for.
            Err(error) => error
                .path()
                .map(|path| relative(folder, path))
                .unwrap_or_default(),
        };
        let listed = rel == MANIFEST || manifest.is_some_and(|files| files.contains(&rel));
        if !listed {
            strangers.push(rel);
        }
    }
    strangers
}

fn relative(folder: &Path, path: &Path) -> String {
    path.strip_prefix(folder)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// `path` with every symbolic link resolved, also when it does not exist yet: its nearest
/// existing ancestor is canonicalized and the rest appended, `..` taken lexically (nothing
/// past that ancestor exists, so there is no link for `..` to cross).
pub fn canonical_path(path: &Path) -> Result<PathBuf> {
    let absolute = std::path::absolute(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let components: Vec<Component<'_>> = absolute.components().collect();
    for split in (1..=components.len()).rev() {
        let prefix: PathBuf = components[..split].iter().collect();
        if let Ok(mut resolved) = prefix.canonicalize() {
            for component in &components[split..] {
                match component {
                    Component::ParentDir => {
                        resolved.pop();
                    }
                    Component::Normal(name) => resolved.push(name),
                    _ => {}
                }
            }
            return Ok(resolved);
        }
    }
    Ok(absolute)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(output: PathBuf, site: &Path, replace: Replace) -> OutputTarget {
        OutputTarget {
            output,
            site_root: site.to_path_buf(),
            sources: vec![site.join("content")],
            replace,
        }
    }

    #[test]
    fn the_site_its_parent_and_its_content_are_refused_even_when_forced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content/org")).expect("mkdir");
        for output in [
            site.clone(),
            dir.path().to_path_buf(),
            site.join("content"),
            site.join("content/org/new"),
            site.join("public/../content"),
        ] {
            let error = check_output(&target(output.clone(), &site, Replace::Anything))
                .expect_err("refused");
            assert!(
                matches!(error, Error::OutputRefused { .. }),
                "{}: {error}",
                output.display()
            );
        }
        assert_eq!(
            check_output(&target(site.join("public"), &site, Replace::OwnOutput)).expect("ok"),
            Existing::Nothing
        );
    }

    #[test]
    fn a_path_that_does_not_exist_yet_resolves_through_its_existing_ancestor() {
        let dir = tempfile::tempdir().expect("tempdir");
        let real = dir.path().join("real");
        std::fs::create_dir(&real).expect("mkdir");
        #[cfg(unix)]
        {
            let link = dir.path().join("link");
            std::os::unix::fs::symlink(&real, &link).expect("symlink");
            let resolved = canonical_path(&link.join("new/../out")).expect("canonical");
            assert_eq!(resolved, real.canonicalize().expect("real").join("out"));
        }
        let resolved = canonical_path(&real.join("a/b")).expect("canonical");
        assert_eq!(resolved, real.canonicalize().expect("real").join("a/b"));
    }

    #[test]
    fn a_manifest_folder_with_an_extra_file_is_refused_and_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let site = dir.path().join("site");
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("css")).expect("mkdir");
        std::fs::write(out.join("index.html"), "x").expect("write");
        std::fs::write(out.join("css/CNAME"), "x").expect("write");
        std::fs::write(out.join(MANIFEST), manifest_text(&["index.html".into()])).expect("w");
        let error = check_output(&target(out.clone(), &site, Replace::OwnOutput))
            .expect_err("refused")
            .to_string();
        assert!(error.contains("(css/CNAME)"), "{error}");
        std::fs::remove_file(out.join("css/CNAME")).expect("rm");
        let existing = check_output(&target(out, &site, Replace::OwnOutput)).expect("accepted");
        assert_eq!(
            existing,
            Existing::Folder {
                previous: BTreeSet::from(["index.html".to_string()])
            }
        );
    }

    #[test]
    fn a_manifest_of_another_generator_does_not_count() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join(MANIFEST),
            r#"{"generator":"other","files":[]}"#,
        )
        .expect("write");
        assert_eq!(read_manifest(dir.path()), None);
        std::fs::write(
            dir.path().join(MANIFEST),
            r#"{"generator":"planpress","files":["a.html","../site.toml","/etc/x",""]}"#,
        )
        .expect("write");
        assert_eq!(
            read_manifest(dir.path()),
            Some(BTreeSet::from(["a.html".to_string()]))
        );
    }
}
