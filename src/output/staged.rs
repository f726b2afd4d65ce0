//! A site written into a hidden folder beside the output and swapped in whole.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use rayon::prelude::*;

use super::leftovers::{
    IN_PROGRESS, STAGING_MARKER, abandoned, clean_leftovers, parent_of, register,
    remove_marked_folder, staging_prefix,
};
use super::target::{
    Existing, MANIFEST, OutputTarget, canonical_path, check_output, manifest_text,
};
use crate::error::{Error, Result};
use crate::render::OutputFile;

/// A site being written into `.NAME.new-PID-RANDOM` beside the output, swapped in by
/// [`StagedSite::finish`]; dropped unfinished (a failed build), the folder is removed and
/// the output is untouched.
pub struct StagedSite {
    folder: Option<tempfile::TempDir>,
    output: PathBuf,
    existing: Existing,
    /// Folders already created, so each page write is one `write` call.
    created: Mutex<HashSet<PathBuf>>,
    /// The files written, for the manifest.
    written: Mutex<Vec<String>>,
    /// A write failed: the rest are skipped, so a full disk is one error, not one per file.
    failed: AtomicBool,
}

impl StagedSite {
    /// Checks that the build may replace the output (see [`check_output`]), tidies what
    /// killed builds left beside it, and creates the staging folder.
    pub fn create(target: &OutputTarget) -> Result<StagedSite> {
        let output = resolved_output(&target.output)?;
        let parent = parent_of(&output).unwrap_or(Path::new(".")).to_path_buf();
        clean_leftovers(&output);
        let existing = check_output(&OutputTarget {
            output: output.clone(),
            ..target.clone()
        })?;
        std::fs::create_dir_all(&parent)
            .map_err(|source| super::write_error(&parent, source, &parent))?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Created and registered under one lock: a signal arriving in between would
        // otherwise find a staging folder the handler does not know to remove.
        let folder = register(|| {
            tempfile::Builder::new()
                .prefix(&staging_prefix(&name))
                .tempdir_in(&parent)
        })
        .map_err(|source| super::write_error(&parent, source, &parent))?;
        let marker = folder.path().join(STAGING_MARKER);
        std::fs::write(&marker, b"")
            .map_err(|source| super::write_error(&marker, source, &parent))?;
        Ok(StagedSite {
            folder: Some(folder),
            output,
            existing,
            created: Mutex::new(HashSet::new()),
            written: Mutex::new(Vec::new()),
            failed: AtomicBool::new(false),
        })
    }

    fn folder(&self) -> &Path {
        self.folder.as_ref().map_or(Path::new(""), |f| f.path())
    }

    /// The folder whose device a full disk is reported on.
    fn device_folder(&self) -> &Path {
        parent_of(&self.output).unwrap_or(Path::new("."))
    }

    /// Writes one file; safe to call from many threads at once. After the first failed
    /// write the others are skipped and report nothing: that one error fails the build.
    pub fn write(&self, file: &OutputFile) -> Result<()> {
        if self.failed.load(Ordering::Relaxed) || abandoned() {
            return Ok(());
        }
        self.write_bytes(&file.path, |target| {
            std::fs::write(target, file.bytes.as_slice())
        })
    }

    fn write_bytes(
        &self,
        rel: &str,
        write: impl FnOnce(&Path) -> std::io::Result<()>,
    ) -> Result<()> {
        let target = self.folder().join(rel);
        if let Some(dir) = target.parent() {
            let known = self
                .created
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .contains(dir);
            if !known {
                if let Err(source) = create_dirs_below(self.folder(), dir) {
                    return self.fail(super::write_error(dir, source, self.device_folder()));
                }
                self.created
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner)
                    .insert(dir.to_path_buf());
            }
        }
        if let Err(source) = write(&target) {
            return self.fail(super::write_error(&target, source, self.device_folder()));
        }
        self.written
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(rel.to_string());
        Ok(())
    }

    fn fail(&self, error: Error) -> Result<()> {
        if self.failed.swap(true, Ordering::Relaxed) {
            Ok(())
        } else {
            Err(error)
        }
    }

    /// Copies the static files, writes the manifest and swaps the staged site in for the
    /// old one.
    pub fn finish(mut self, static_files: &[(PathBuf, String)]) -> Result<()> {
        static_files.par_iter().try_for_each(|(source, rel)| {
            self.write_bytes(rel, |target| std::fs::copy(source, target).map(|_| ()))
        })?;
        if self.failed.load(Ordering::Relaxed) {
            return Err(Error::Said(crate::text!("E144")));
        }
        let mut files = std::mem::take(
            self.written
                .get_mut()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        files.sort_unstable();
        // Written last: a folder with a manifest is a complete site.
        self.write_bytes(MANIFEST, |target| {
            std::fs::write(target, manifest_text(&files))
        })?;
        let marker = self.folder().join(STAGING_MARKER);
        std::fs::remove_file(&marker).map_err(|source| Error::Write {
            path: marker,
            source,
        })?;
        let mut in_progress = IN_PROGRESS
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if abandoned() {
            return Err(Error::Said(crate::text!("E142")));
        }
        let Some(folder) = self.folder.take() else {
            return Err(Error::Said(crate::text!("E143")));
        };
        let staged = folder.keep();
        let swapped = super::swap::swap_in(&staged, &self.output, &self.existing, &files);
        in_progress.retain(|f| *f != staged);
        let leftover = match swapped {
            Ok(leftover) => leftover,
            Err(error) => {
                drop(in_progress);
                let _ = std::fs::remove_dir_all(&staged);
                return Err(error);
            }
        };
        if let Some(old) = &leftover {
            in_progress.push(old.clone());
        }
        drop(in_progress);
        if let Some(old) = leftover {
            remove_old_site(&old);
            IN_PROGRESS
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .retain(|f| *f != old);
        }
        Ok(())
    }
}

impl Drop for StagedSite {
    fn drop(&mut self) {
        if let Some(folder) = self.folder.take() {
            let folder = folder.keep();
            let _ = remove_marked_folder(&folder);
            IN_PROGRESS
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .retain(|f| *f != folder);
        }
    }
}

/// Removes what the output held before (a folder, or with `--force` a file or link).
fn remove_old_site(old: &Path) {
    let Ok(metadata) = std::fs::symlink_metadata(old) else {
        return;
    };
    if metadata.is_dir() {
        // Should this build die halfway, the mark left tells the next one to finish the job.
        let _ = remove_marked_folder(old);
    } else {
        let _ = std::fs::remove_file(old);
    }
}

/// The output as an absolute path: its folder canonicalized, its own name kept (it may be
/// a symbolic link, which is judged, not followed). `.` and `..` are resolved whole.
fn resolved_output(output: &Path) -> Result<PathBuf> {
    let named = match output.file_name() {
        Some(_) => output.to_path_buf(),
        None => canonical_path(output)?,
    };
    match (named.parent(), named.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            Ok(canonical_path(parent)?.join(name))
        }
        _ => Err(Error::OutputRefused {
            path: output.to_path_buf(),
            reason: crate::text!("output.filesystem-root"),
        }),
    }
}

/// Creates `dir` and the folders between it and `root`, but never `root` itself: once a
/// signal handler has removed the staging folder, a writer that was mid-file must not bring
/// it back.
fn create_dirs_below(root: &Path, dir: &Path) -> std::io::Result<()> {
    let Ok(below) = dir.strip_prefix(root) else {
        return std::fs::create_dir_all(dir);
    };
    let mut current = root.to_path_buf();
    for component in below.components() {
        current.push(component);
        match std::fs::create_dir(&current) {
            Ok(()) => {}
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::Replace;

    fn staged_in(dir: &Path) -> StagedSite {
        StagedSite::create(&OutputTarget {
            output: dir.join("public"),
            site_root: dir.join("site"),
            sources: Vec::new(),
            replace: Replace::OwnOutput,
        })
        .expect("staging folder")
    }

    #[test]
    fn a_full_disk_is_one_error_however_many_files_fail() {
        let dir = tempfile::tempdir().expect("tempdir");
        let staged = staged_in(dir.path());
        let errors: Vec<Error> = (0..500)
            .into_par_iter()
            .filter_map(|n| {
                let full = || Err(std::io::Error::from(std::io::ErrorKind::StorageFull));
                staged
                    .write_bytes(&format!("page-{n}.html"), |_| full())
                    .err()
            })
            .collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let message = errors[0].to_string();
        let folder = canonical_path(dir.path()).expect("canonical");
        let expected = format!("no space left on the device holding {}", folder.display());
        assert!(message.starts_with(&expected), "{message}");
        // In the author's words, from the catalogue, as every other message.
        let stopped = staged.finish(&[]).err().map(|error| error.text());
        assert_eq!(stopped.as_ref().and_then(|text| text.code()), Some("E144"));
        assert!(!dir.path().join("public").exists(), "nothing swapped in");
    }

    #[test]
    fn a_dropped_build_removes_its_staging_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let staged = staged_in(dir.path());
        staged
            .write(&OutputFile::new("a/index.html", "A"))
            .expect("write");
        drop(staged);
        let left: Vec<_> = std::fs::read_dir(dir.path()).expect("read").collect();
        assert!(left.is_empty(), "{left:?}");
    }
}
