//! The site folder brought up to date: files written beside their target and renamed over
//! it (a browser never reads half a page), static files copied when their bytes changed,
//! files no longer produced deleted with the folders they leave empty.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Rebuilder;
use crate::error::Error;

impl Rebuilder {
    /// Copies the static files whose bytes changed. Returns whether any did.
    pub(super) fn sync_static(
        &mut self,
        static_files: &[(PathBuf, String)],
        produced: &mut HashSet<String>,
        touched: &mut HashSet<String>,
    ) -> Result<bool, Error> {
        let mut changed = false;
        for (source, rel) in static_files {
            produced.insert(rel.clone());
            let bytes = std::fs::read(source).map_err(|error| Error::Read {
                path: source.clone(),
                source: error,
            })?;
            if self.written.get(rel).is_some_and(|old| **old == bytes) {
                continue;
            }
            if let Err(error) = write_replacing(&self.site_dir, rel, &bytes) {
                self.written.clear();
                return Err(error);
            }
            changed = true;
            touched.insert(rel.clone());
            self.written.insert(rel.clone(), Arc::new(bytes));
        }
        Ok(changed)
    }

    /// Deletes the files written before that this build no longer produced.
    pub(super) fn delete_stale(
        &mut self,
        produced: &HashSet<String>,
        touched: &mut HashSet<String>,
    ) -> Result<(), Error> {
        let stale: Vec<String> = self
            .written
            .keys()
            .filter(|path| !produced.contains(*path))
            .cloned()
            .collect();
        for path in stale {
            if let Err(error) = delete_output(&self.site_dir, &path) {
                self.written.clear();
                return Err(error);
            }
            self.written.remove(&path);
            touched.insert(path);
        }
        Ok(())
    }
}

pub(super) fn write_replacing(root: &Path, rel: &str, bytes: &[u8]) -> Result<(), Error> {
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
