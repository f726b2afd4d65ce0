//! Rebuilding for the preview server: the shared [`Pipeline`], kept between rebuilds, and the
//! site folder brought up to date file by file.
//!
//! The pipeline reuses every document whose text is unchanged; templates reload the theme;
//! `site.toml` starts a fresh pipeline (L8). The folder is synced against the bytes this
//! server wrote last time, kept in memory, rather than by reading every file back as
//! [`crate::output::sync_site`] does: on a 1,000-document site that read-back was most of
//! a rebuild's time. Each file is written beside its target and renamed over it, so a
//! browser never reads half a page.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::watch::ChangeKind;
use crate::build::{BuildOptions, Pipeline, Summary};
use crate::diagnostic::Diagnostic;
use crate::error::{BuildFailure, Error};

/// A good rebuild: what the pipeline made and what changed on disk.
#[derive(Debug)]
pub struct Rebuilt {
    pub summary: Summary,
    pub warnings: Vec<Diagnostic>,
    /// Files written or deleted in the site folder.
    pub changed: usize,
    pub elapsed: Duration,
}

pub struct Rebuilder {
    options: BuildOptions,
    site_dir: PathBuf,
    pipeline: Option<Pipeline>,
    theme_stale: bool,
    /// What the site folder holds, as this server wrote it.
    written: HashMap<String, Vec<u8>>,
}

impl Rebuilder {
    /// `options.output` is ignored: everything goes to `site_dir`.
    pub fn new(options: BuildOptions, site_dir: PathBuf) -> Self {
        Rebuilder {
            options,
            site_dir,
            pipeline: None,
            theme_stale: false,
            written: HashMap::new(),
        }
    }

    pub fn rebuild(&mut self, changes: &[ChangeKind]) -> Result<Rebuilt, BuildFailure> {
        let started = Instant::now();
        if changes.contains(&ChangeKind::Config) {
            self.pipeline = None;
        }
        if changes.contains(&ChangeKind::Templates) {
            self.theme_stale = true;
        }
        let mut pipeline = match self.pipeline.take() {
            Some(pipeline) => pipeline,
            None => {
                let pipeline = Pipeline::load(&self.options)?;
                self.theme_stale = false;
                pipeline
            }
        };
        let result = self.run(&mut pipeline);
        self.pipeline = Some(pipeline);
        let build = result?;
        let changed = self.sync(build.outputs, &build.static_files)?;
        Ok(Rebuilt {
            summary: build.summary,
            warnings: build.warnings,
            changed,
            elapsed: started.elapsed(),
        })
    }

    fn run(&mut self, pipeline: &mut Pipeline) -> Result<crate::build::Build, BuildFailure> {
        if self.theme_stale {
            pipeline.reload_theme()?;
            self.theme_stale = false;
        }
        pipeline.run()
    }

    /// Writes the files whose bytes differ from the last sync and deletes those no longer
    /// produced. Returns how many files it touched.
    fn sync(
        &mut self,
        outputs: Vec<crate::render::OutputFile>,
        static_files: &[(PathBuf, String)],
    ) -> Result<usize, Error> {
        let mut next: HashMap<String, Vec<u8>> =
            HashMap::with_capacity(outputs.len() + static_files.len());
        for file in outputs {
            next.insert(file.path, file.bytes);
        }
        for (source, rel) in static_files {
            let bytes = std::fs::read(source).map_err(|error| Error::Read {
                path: source.clone(),
                source: error,
            })?;
            next.insert(rel.clone(), bytes);
        }
        let to_write: Vec<(&String, &Vec<u8>)> = next
            .iter()
            .filter(|(path, bytes)| self.written.get(*path) != Some(*bytes))
            .collect();
        let stale: Vec<String> = self
            .written
            .keys()
            .filter(|path| !next.contains_key(*path))
            .cloned()
            .collect();
        let root = &self.site_dir;
        let result = to_write
            .par_iter()
            .try_for_each(|(path, bytes)| write_replacing(root, path, bytes))
            .and_then(|()| stale.iter().try_for_each(|path| delete_output(root, path)));
        let changed = to_write.len() + stale.len();
        match result {
            Ok(()) => {
                self.written = next;
                Ok(changed)
            }
            Err(error) => {
                // The folder is in an unknown state: write everything next time.
                self.written.clear();
                Err(error)
            }
        }
    }
}

fn write_replacing(root: &Path, rel: &str, bytes: &[u8]) -> Result<(), Error> {
    let target = root.join(rel);
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let mut staging = target.clone().into_os_string();
    staging.push(".planpress-tmp");
    std::fs::write(&staging, bytes).map_err(|source| Error::Write {
        path: PathBuf::from(&staging),
        source,
    })?;
    std::fs::rename(&staging, &target).map_err(|source| Error::Write {
        path: target,
        source,
    })
}

fn delete_output(root: &Path, rel: &str) -> Result<(), Error> {
    let target = root.join(rel);
    match std::fs::remove_file(&target) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(source) => {
            return Err(Error::Write {
                path: target,
                source,
            });
        }
    }
    // Folders left empty go too; removal stops at the first that still holds something.
    let mut dir = target.parent();
    while let Some(folder) = dir.filter(|d| *d != root) {
        if std::fs::remove_dir(folder).is_err() {
            break;
        }
        dir = folder.parent();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::OutputFile;

    #[test]
    fn sync_writes_changed_files_only_and_removes_stale_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut rebuilder = Rebuilder::new(BuildOptions::new(dir.path()), dir.path().to_path_buf());
        let first = vec![
            OutputFile::new("a/index.html", "A"),
            OutputFile::new("b/c/index.html", "C"),
        ];
        assert_eq!(rebuilder.sync(first, &[]).expect("sync"), 2);
        let second = vec![
            OutputFile::new("a/index.html", "A"),
            OutputFile::new("d.html", "D"),
        ];
        assert_eq!(rebuilder.sync(second.clone(), &[]).expect("sync"), 2);
        assert!(
            !dir.path().join("b").exists(),
            "emptied folders are removed"
        );
        assert_eq!(
            std::fs::read_to_string(dir.path().join("d.html")).expect("read"),
            "D"
        );
        assert_eq!(rebuilder.sync(second, &[]).expect("sync"), 0);
        let leftovers: Vec<_> = walkdir::WalkDir::new(dir.path())
            .into_iter()
            .flatten()
            .filter(|e| e.path().to_string_lossy().contains("planpress-tmp"))
            .collect();
        assert!(leftovers.is_empty());
    }
}
