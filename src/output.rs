//! The write stage. A build writes the whole site into a new folder beside the old one and
//! swaps it in only when everything is written, so a failed build never leaves a half-written
//! `public/`; it replaces only a folder planpress wrote (see `output::target`). The preview server
//! instead syncs into its folder, writing only changed bytes.

mod in_place;
mod leftovers;
mod staged;
mod swap;
mod target;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

pub use leftovers::{abandon_in_progress, clean_leftovers};
pub use staged::StagedSite;
pub use target::{MANIFEST, OutputTarget, Replace, canonical_path, check_output, read_manifest};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::error::{Error, Result};
use crate::render::OutputFile;

/// Static files to copy: (source path, path in the output).
pub fn collect_static_files(static_dirs: &[PathBuf]) -> Vec<(PathBuf, String)> {
    let mut files = std::collections::BTreeMap::new();
    for dir in static_dirs {
        for entry in WalkDir::new(dir).sort_by_file_name().into_iter().flatten() {
            if entry.file_type().is_file() && !crate::content::is_editor_temp_file(entry.path()) {
                let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
                let rel = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.insert(rel, entry.path().to_path_buf());
            }
        }
    }
    files.into_iter().map(|(rel, path)| (path, rel)).collect()
}

/// Writes the site into a fresh folder next to the output and swaps it in.
pub fn write_site_atomically(
    outputs: &[OutputFile],
    static_files: &[(PathBuf, String)],
    target: &OutputTarget,
) -> Result<()> {
    let staged = StagedSite::create(target)?;
    outputs.par_iter().try_for_each(|file| staged.write(file))?;
    staged.finish(static_files)
}

/// The error for a failed write of `path`: a full disk or quota is named as such, once, by
/// the folder whose device is full.
pub(crate) fn write_error(path: &Path, source: std::io::Error, folder: &Path) -> Error {
    if matches!(
        source.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    ) {
        Error::DiskFull {
            folder: folder.to_path_buf(),
            source,
        }
    } else {
        Error::Write {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Brings `root` to exactly the given outputs, writing only files whose bytes changed and
/// deleting files no longer produced. Returns the paths written or deleted.
pub fn sync_site(
    outputs: &[OutputFile],
    static_files: &[(PathBuf, String)],
    root: &Path,
) -> Result<Vec<String>> {
    let mut changed = Vec::new();
    let mut wanted = BTreeSet::new();
    for file in outputs {
        wanted.insert(file.path.clone());
        let target = root.join(&file.path);
        if std::fs::read(&target).is_ok_and(|existing| existing == *file.bytes) {
            continue;
        }
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&target, file.bytes.as_slice()).map_err(|source| Error::Write {
            path: target.clone(),
            source,
        })?;
        changed.push(file.path.clone());
    }
    for (source, rel) in static_files {
        wanted.insert(rel.clone());
        let target = root.join(rel);
        let bytes = std::fs::read(source).map_err(|source_error| Error::Read {
            path: source.clone(),
            source: source_error,
        })?;
        if std::fs::read(&target).is_ok_and(|existing| existing == bytes) {
            continue;
        }
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&target, bytes).map_err(|source| Error::Write {
            path: target.clone(),
            source,
        })?;
        changed.push(rel.clone());
    }
    for entry in WalkDir::new(root)
        .contents_first(true)
        .into_iter()
        .flatten()
    {
        let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
        let rel = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if rel.is_empty() {
            continue;
        }
        if entry.file_type().is_file() && !wanted.contains(&rel) {
            std::fs::remove_file(entry.path()).map_err(|source| Error::Write {
                path: entry.path().to_path_buf(),
                source,
            })?;
            changed.push(rel);
        } else if entry.file_type().is_dir() {
            // Fails, harmlessly, when the folder still holds files.
            let _ = std::fs::remove_dir(entry.path());
        }
    }
    Ok(changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sync_writes_only_changes_and_deletes_stale_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = vec![
            OutputFile::new("a/index.html", "A"),
            OutputFile::new("b.html", "B"),
        ];
        let changed = sync_site(&first, &[], dir.path()).expect("sync");
        assert_eq!(changed, vec!["a/index.html", "b.html"]);
        let second = vec![
            OutputFile::new("a/index.html", "A"),
            OutputFile::new("c.html", "C"),
        ];
        let changed = sync_site(&second, &[], dir.path()).expect("sync");
        assert_eq!(changed, vec!["c.html", "b.html"]);
        assert!(!dir.path().join("b.html").exists());
    }

    #[test]
    fn atomic_write_replaces_the_old_site_whole() {
        let dir = tempfile::tempdir().expect("tempdir");
        let public = dir.path().join("public");
        let target = OutputTarget {
            output: public.clone(),
            site_root: dir.path().join("site"),
            sources: Vec::new(),
            replace: Replace::OwnOutput,
        };
        write_site_atomically(&[OutputFile::new("old.html", "old")], &[], &target).expect("1st");
        write_site_atomically(&[OutputFile::new("new.html", "new")], &[], &target).expect("2nd");
        assert!(public.join("new.html").exists());
        assert!(!public.join("old.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("read")
            .flatten()
            .collect();
        assert_eq!(leftovers.len(), 1, "only public/ remains");
    }
}
