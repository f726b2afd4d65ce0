//! The sources are read here rather than by the pipeline, and kept: a save re-reads only the
//! organisation folders its files are in (`content/ORG/`), through the same
//! [`load_sources`] as a full read, and the rest is handed over as read before. Reading a
//! thousand files took half of the first phase. Anything else (a file at the top of
//! `content/`, a folder created or removed, a file that does not read cleanly) reads
//! everything again.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use super::Rebuilder;
use crate::build::FollowUps;
use crate::content::{SourceFile, load_followups, load_followups_under, load_sources};
use crate::serve::watch::ChangeKind;

impl Rebuilder {
    /// The sources and follow-up files after `changes`: the folders they touched read
    /// again, the rest as read last time, or everything read again when that cannot be
    /// told. `None` when the sources do not all read cleanly: then the pipeline reads them
    /// itself, with its diagnostics.
    pub(super) fn read_sources(
        &mut self,
        content_dir: &Path,
        changes: &[ChangeKind],
    ) -> Option<(Vec<SourceFile>, FollowUps)> {
        let kept = self.sources.take();
        let mut followups = std::mem::take(&mut self.followups);
        if let (Some(kept), Some(folders)) = (kept, changed_folders(content_dir, changes))
            && let Some(sources) = reread_folders(content_dir, kept, &folders)
        {
            for folder in &folders {
                let read = load_followups_under(content_dir, &content_dir.join(folder));
                followups.insert(folder.clone(), read);
            }
            let all = followups
                .values()
                .fold((Vec::new(), Vec::new()), |mut all, read| {
                    all.0.extend(read.0.iter().cloned());
                    all.1.extend(read.1.iter().cloned());
                    all
                });
            self.sources = Some(sources.clone());
            self.followups = followups;
            return Some((sources, all));
        }
        let (sources, diagnostics) = load_sources(content_dir);
        if !diagnostics.is_empty() {
            return None;
        }
        let followups = load_followups(content_dir);
        // Through a link, a file would be read under two folders and a save name only one.
        if !has_links(content_dir) {
            self.sources = Some(sources.clone());
            self.followups = by_folder(&followups);
        }
        Some((sources, followups))
    }
}

/// Follow-up files and their problems by the organisation folder they are in.
fn by_folder((followups, diagnostics): &FollowUps) -> HashMap<String, FollowUps> {
    let mut folders: HashMap<String, FollowUps> = HashMap::new();
    for followup in followups {
        let folder = match followup.doc_path.split_once('/') {
            Some((folder, _)) => folder,
            None => "",
        };
        let entry = folders.entry(folder.to_string()).or_default();
        entry.0.push(followup.clone());
    }
    for diagnostic in diagnostics {
        // `content/FOLDER/…`; every diagnostic of the follow-up files names its file.
        let folder = diagnostic.location.as_ref().and_then(|location| {
            let mut parts = location.path.components().skip(1);
            let folder = parts.next()?;
            parts.next()?;
            Some(folder.as_os_str().to_string_lossy().into_owned())
        });
        let entry = folders.entry(folder.unwrap_or_default()).or_default();
        entry.1.push(diagnostic.clone());
    }
    folders
}

fn has_links(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .any(|entry| entry.map_or(true, |entry| entry.path_is_symlink()))
}

/// The organisation folders (`content/ORG`) holding the changed paths, or `None` when a
/// change is anything else: a path at the top of `content/` (a vocabulary, or a folder
/// created or removed), or not a content change.
fn changed_folders(content_dir: &Path, changes: &[ChangeKind]) -> Option<HashSet<String>> {
    let mut folders = HashSet::new();
    for change in changes {
        let ChangeKind::Content(paths) = change else {
            return None;
        };
        for path in paths {
            let mut parts = path.strip_prefix(content_dir).ok()?.components();
            let folder = match parts.next()? {
                std::path::Component::Normal(name) => name.to_str()?,
                _ => return None,
            };
            parts.next()?;
            folders.insert(folder.to_string());
        }
    }
    Some(folders)
}

/// `kept` with the sources under each of `folders` read again. `None` when one does not
/// read cleanly (or is gone): the full read then says why, exactly as a build would.
fn reread_folders(
    content_dir: &Path,
    mut kept: Vec<SourceFile>,
    folders: &HashSet<String>,
) -> Option<Vec<SourceFile>> {
    kept.retain(|source| {
        let folder = source.rel_path.split('/').next().unwrap_or("");
        !folders.contains(folder)
    });
    for folder in folders {
        let (fresh, diagnostics) = load_sources(&content_dir.join(folder));
        if !diagnostics.is_empty() {
            return None;
        }
        kept.extend(fresh.into_iter().map(|source| {
            SourceFile {
                rel_path: format!("{folder}/{}", source.rel_path),
                display_path: Path::new("content").join(folder).join(
                    source
                        .display_path
                        .strip_prefix("content")
                        .unwrap_or(&source.display_path),
                ),
                text: source.text,
            }
        }));
    }
    // The order of a full read: a walk of the folders, each sorted by name.
    kept.sort_by(|a, b| a.rel_path.split('/').cmp(b.rel_path.split('/')));
    Some(kept)
}
