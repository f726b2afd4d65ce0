//! The write stage. A build writes the whole site into a new folder beside the old one and
//! swaps it in only when everything is written, so a failed build never leaves a half-written
//! `public/`. The preview server instead syncs into its folder, writing only changed bytes.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

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

/// Writes the site into a fresh folder next to `output` and swaps it in.
pub fn write_site_atomically(
    outputs: &[OutputFile],
    static_files: &[(PathBuf, String)],
    output: &Path,
) -> Result<()> {
    let staged = StagedSite::create(output)?;
    outputs.par_iter().try_for_each(|file| staged.write(file))?;
    staged.finish(static_files)
}

/// A site being written into a hidden folder beside `output`, swapped in by
/// [`StagedSite::finish`]; dropped unfinished (a failed build), the folder is removed and
/// `output` is untouched.
pub struct StagedSite {
    folder: tempfile::TempDir,
    output: PathBuf,
    /// Folders already created, so each page write is one `write` call.
    created: Mutex<HashSet<PathBuf>>,
}

impl StagedSite {
    pub fn create(output: &Path) -> Result<StagedSite> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent).map_err(|source| Error::Write {
            path: parent.to_path_buf(),
            source,
        })?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let folder = tempfile::Builder::new()
            .prefix(&format!(".{name}.new-"))
            .tempdir_in(parent)
            .map_err(|source| Error::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        Ok(StagedSite {
            folder,
            output: output.to_path_buf(),
            created: Mutex::new(HashSet::new()),
        })
    }

    /// Writes one file; safe to call from many threads at once.
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        let target = self.folder.path().join(&file.path);
        if let Some(dir) = target.parent() {
            let known = self
                .created
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .contains(dir);
            if !known {
                std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                    path: dir.to_path_buf(),
                    source,
                })?;
                self.created
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .insert(dir.to_path_buf());
            }
        }
        std::fs::write(&target, file.bytes.as_slice()).map_err(|source| Error::Write {
            path: target,
            source,
        })
    }

    /// Copies the static files and swaps the staged site in for the old one.
    pub fn finish(self, static_files: &[(PathBuf, String)]) -> Result<()> {
        static_files.par_iter().try_for_each(|(source, rel)| {
            let target = self.folder.path().join(rel);
            if let Some(dir) = target.parent() {
                std::fs::create_dir_all(dir).map_err(|source| Error::Write {
                    path: dir.to_path_buf(),
                    source,
                })?;
            }
            std::fs::copy(source, &target)
                .map(|_| ())
                .map_err(|source| Error::Write {
                    path: target,
                    source,
                })
        })?;
        let output = self.output;
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let staged = self.folder.keep();
        let old = parent.join(format!(".{name}.old-{}", std::process::id()));
        if output.exists() {
            std::fs::rename(&output, &old).map_err(|source| Error::Write {
                path: output.clone(),
                source,
            })?;
        }
        if let Err(source) = std::fs::rename(&staged, &output) {
            // Put the old site back rather than leave none.
            let _ = std::fs::rename(&old, &output);
            let _ = std::fs::remove_dir_all(&staged);
            return Err(Error::Write {
                path: output,
                source,
            });
        }
        if old.exists() {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
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
        write_site_atomically(&[OutputFile::new("old.html", "old")], &[], &public).expect("first");
        write_site_atomically(&[OutputFile::new("new.html", "new")], &[], &public).expect("second");
        assert!(public.join("new.html").exists());
        assert!(!public.join("old.html").exists());
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .expect("read")
            .flatten()
            .collect();
        assert_eq!(leftovers.len(), 1, "only public/ remains");
    }
}
