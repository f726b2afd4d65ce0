//! Watching the site's sources: notify events, debounced into batches, sorted into
//! [`ChangeKind`]s that say how much of the pipeline a rebuild must redo.
//!
//! Editors save in many ways (write in place, write a temp file and rename it over, delete
//! and create) and each save is several events. A batch closes after [`QUIET`] without
//! events, or after [`MAX_BATCH`] of a steady stream; events that arrive during a rebuild wait
//! in the channel for the next batch, so the last save is never missed. When the last event
//! ends a save (a file written and closed, or renamed into place) the batch closes after
//! only [`QUIET_AFTER_SAVE`]: every way of saving ends with one of those, and the rest of a
//! save comes within microseconds of it, so the author does not wait the full [`QUIET`].

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::CONFIG_FILE;
use crate::content::is_editor_temp_file;

/// How long the sources must stay quiet before a rebuild starts.
pub const QUIET: Duration = Duration::from_millis(30);
/// How long the sources must stay quiet after an event that ends a save.
pub const QUIET_AFTER_SAVE: Duration = Duration::from_millis(5);
/// The longest a batch waits under a steady stream of events.
pub const MAX_BATCH: Duration = Duration::from_millis(500);

/// What a batch of file events asks of the rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// Documents or vocabularies under `content/`: rerun the pipeline, reusing unchanged documents.
    Content(Vec<PathBuf>),
    /// Templates or UI strings: reload the theme, then rerun.
    Templates,
    /// Static assets: rerun, which copies them.
    Static(Vec<PathBuf>),
    /// `site.toml`: start from a fresh pipeline.
    Config,
}

/// Starts watching the folders a site is made of. Folders that do not exist are skipped;
/// the site root itself is watched (not recursively) so that `site.toml` is seen even when
/// an editor replaces it by renaming.
pub fn watch_site(
    root: &Path,
    sender: std::sync::mpsc::Sender<notify::Result<Event>>,
) -> notify::Result<RecommendedWatcher> {
    let mut watcher = notify::recommended_watcher(move |event| {
        // The receiver is gone only when the server is shutting down.
        let _ = sender.send(event);
    })?;
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for folder in ["content", "themes", "templates", "static"] {
        let path = root.join(folder);
        if path.is_dir() {
            watcher.watch(&path, RecursiveMode::Recursive)?;
        }
    }
    Ok(watcher)
}

/// Waits for the next batch of changes. `None` when the watcher has gone away; an empty
/// list when `stop` said to look up, or the batch held only ignored files.
pub fn next_batch(
    root: &Path,
    events: &Receiver<notify::Result<Event>>,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<ChangeKind>> {
    let mut paths = Vec::new();
    let mut quiet = QUIET;
    loop {
        match events.recv_timeout(Duration::from_millis(200)) {
            Ok(event) => {
                quiet = quiet_after(collect_paths(root, event, &mut paths), quiet);
                break;
            }
            Err(RecvTimeoutError::Timeout) if stop() => return Some(Vec::new()),
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    let started = Instant::now();
    while started.elapsed() < MAX_BATCH {
        match events.recv_timeout(quiet) {
            Ok(event) => quiet = quiet_after(collect_paths(root, event, &mut paths), quiet),
            Err(_) => break,
        }
    }
    Some(classify_changes(root, &paths))
}

/// What one event says about the save in progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seen {
    /// Nothing a site is made of changed (a read, a temp file).
    Nothing,
    Change,
    /// A file was written and closed, or renamed into place: a save is complete.
    SaveEnd,
}

fn quiet_after(seen: Seen, quiet: Duration) -> Duration {
    match seen {
        Seen::Nothing => quiet,
        Seen::Change => QUIET,
        Seen::SaveEnd => QUIET_AFTER_SAVE,
    }
}

fn collect_paths(root: &Path, event: notify::Result<Event>, paths: &mut Vec<PathBuf>) -> Seen {
    let event = match event {
        Ok(event) if !event.need_rescan() => event,
        // The watcher lost events (its queue overflowed) or failed: what changed is
        // unknown, so rebuild as if site.toml had changed, from scratch.
        _ => {
            paths.push(root.join(CONFIG_FILE));
            return Seen::Change;
        }
    };
    // Reads are events too (the rebuild itself opens every file); only a write counts.
    let ends_a_save = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => return Seen::Nothing,
        EventKind::Modify(ModifyKind::Name(RenameMode::To | RenameMode::Both)) => true,
        _ => false,
    };
    let relevant = event
        .paths
        .iter()
        .any(|path| classify_path(root, path).is_some());
    paths.extend(event.paths);
    match (relevant, ends_a_save) {
        (false, _) => Seen::Nothing,
        (true, false) => Seen::Change,
        (true, true) => Seen::SaveEnd,
    }
}

/// Sorts changed paths into what they ask for. `site.toml` outranks everything (a fresh
/// pipeline rereads it all); content and static paths are kept for the terminal message.
pub fn classify_changes(root: &Path, paths: &[PathBuf]) -> Vec<ChangeKind> {
    let mut content = Vec::new();
    let mut statics = Vec::new();
    let mut templates = false;
    for path in paths {
        match classify_path(root, path) {
            Some(ChangeKind::Config) => return vec![ChangeKind::Config],
            Some(ChangeKind::Templates) => templates = true,
            Some(ChangeKind::Content(_)) => push_unique(&mut content, path),
            Some(ChangeKind::Static(_)) => push_unique(&mut statics, path),
            None => {}
        }
    }
    let mut kinds = Vec::new();
    if templates {
        kinds.push(ChangeKind::Templates);
    }
    if !content.is_empty() {
        kinds.push(ChangeKind::Content(content));
    }
    if !statics.is_empty() {
        kinds.push(ChangeKind::Static(statics));
    }
    kinds
}

fn push_unique(paths: &mut Vec<PathBuf>, path: &Path) {
    if !paths.iter().any(|p| p == path) {
        paths.push(path.to_path_buf());
    }
}

/// The kind of one changed path, or `None` for paths a site is not made of: editor temp
/// files, hidden files and folders, and anything outside the watched folders.
pub fn classify_path(root: &Path, path: &Path) -> Option<ChangeKind> {
    let rel = path.strip_prefix(root).ok()?;
    let parts: Vec<&str> = rel
        .components()
        .map(|c| match c {
            Component::Normal(name) => name.to_str().unwrap_or(""),
            _ => "",
        })
        .collect();
    if parts.is_empty()
        || parts.iter().any(|p| p.is_empty() || p.starts_with('.'))
        || is_editor_temp_file(path)
    {
        return None;
    }
    match parts.as_slice() {
        [CONFIG_FILE] => Some(ChangeKind::Config),
        ["content", _, ..] => Some(ChangeKind::Content(vec![path.to_path_buf()])),
        ["themes", _, "static", _, ..] | ["static", _, ..] => {
            Some(ChangeKind::Static(vec![path.to_path_buf()]))
        }
        ["themes", ..] | ["templates", ..] => Some(ChangeKind::Templates),
        // A watched folder created, deleted or renamed as a whole.
        ["content"] => Some(ChangeKind::Content(vec![path.to_path_buf()])),
        ["static"] => Some(ChangeKind::Static(vec![path.to_path_buf()])),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Option<ChangeKind> {
        classify_path(Path::new("/site"), &Path::new("/site").join(path))
    }

    #[test]
    fn paths_are_sorted_by_what_they_change() {
        assert_eq!(kind("site.toml"), Some(ChangeKind::Config));
        assert_eq!(
            kind("content/solna/plan.md"),
            Some(ChangeKind::Content(vec![
                "/site/content/solna/plan.md".into()
            ]))
        );
        assert_eq!(
            kind("content/topics.toml"),
            Some(ChangeKind::Content(vec![
                "/site/content/topics.toml".into()
            ]))
        );
        assert_eq!(
            kind("themes/default/templates/base.html"),
            Some(ChangeKind::Templates)
        );
        assert_eq!(
            kind("themes/default/i18n/sv.toml"),
            Some(ChangeKind::Templates)
        );
        assert_eq!(kind("templates/document.html"), Some(ChangeKind::Templates));
        assert_eq!(
            kind("themes/default/static/css/style.css"),
            Some(ChangeKind::Static(vec![
                "/site/themes/default/static/css/style.css".into()
            ]))
        );
        assert_eq!(
            kind("static/logo.svg"),
            Some(ChangeKind::Static(vec!["/site/static/logo.svg".into()]))
        );
    }

    #[test]
    fn editor_temp_hidden_and_foreign_files_are_ignored() {
        for path in [
            "content/solna/.plan.md.swp",
            "content/solna/plan.md~",
            "content/solna/#plan.md#",
            "content/solna/.#plan.md",
            "content/.git/index",
            "content/.hidden.md",
            "templates/.base.html.swx",
            "themes/default/static/css/.style.css.tmp",
            "public/index.html",
            "target/debug/planpress",
            "README.md",
            ".site.toml.swp",
        ] {
            assert_eq!(kind(path), None, "{path}");
        }
        assert_eq!(
            classify_path(Path::new("/site"), Path::new("/elsewhere/content/a.md")),
            None
        );
    }

    #[test]
    fn reads_are_ignored_and_lost_events_mean_a_full_rebuild() {
        use notify::event::Flag;
        let root = Path::new("/site");
        let file = root.join("content/a.md");
        let event = |kind| Ok(Event::new(kind).add_path(file.clone()));
        let mut paths = Vec::new();
        collect_paths(
            root,
            event(EventKind::Access(AccessKind::Open(AccessMode::Read))),
            &mut paths,
        );
        collect_paths(
            root,
            event(EventKind::Access(AccessKind::Close(AccessMode::Read))),
            &mut paths,
        );
        assert!(paths.is_empty(), "the rebuild's own reads are no change");
        collect_paths(
            root,
            event(EventKind::Access(AccessKind::Close(AccessMode::Write))),
            &mut paths,
        );
        collect_paths(root, event(EventKind::Modify(ModifyKind::Any)), &mut paths);
        assert_eq!(paths, vec![file.clone(), file.clone()]);
        collect_paths(
            root,
            Ok(Event::new(EventKind::Other).set_flag(Flag::Rescan)),
            &mut paths,
        );
        assert_eq!(classify_changes(root, &paths), vec![ChangeKind::Config]);
    }

    #[test]
    fn a_closed_write_or_a_rename_into_place_ends_a_save() {
        use notify::event::{CreateKind, DataChange, RemoveKind};
        let root = Path::new("/site");
        let seen = |kind, path: &str| {
            collect_paths(
                root,
                Ok(Event::new(kind).add_path(root.join(path))),
                &mut Vec::new(),
            )
        };
        let doc = "content/a.md";
        assert_eq!(
            seen(EventKind::Modify(ModifyKind::Data(DataChange::Any)), doc),
            Seen::Change
        );
        assert_eq!(seen(EventKind::Create(CreateKind::File), doc), Seen::Change);
        assert_eq!(seen(EventKind::Remove(RemoveKind::File), doc), Seen::Change);
        assert_eq!(
            seen(EventKind::Modify(ModifyKind::Name(RenameMode::From)), doc),
            Seen::Change
        );
        assert_eq!(
            seen(EventKind::Access(AccessKind::Close(AccessMode::Write)), doc),
            Seen::SaveEnd
        );
        assert_eq!(
            seen(EventKind::Modify(ModifyKind::Name(RenameMode::To)), doc),
            Seen::SaveEnd
        );
        assert_eq!(
            seen(
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                "content/.a.md.swp"
            ),
            Seen::Nothing,
            "a swap file ends nothing"
        );
        assert_eq!(
            seen(EventKind::Access(AccessKind::Open(AccessMode::Any)), doc),
            Seen::Nothing
        );
        assert_eq!(quiet_after(Seen::SaveEnd, QUIET), QUIET_AFTER_SAVE);
        assert_eq!(quiet_after(Seen::Change, QUIET_AFTER_SAVE), QUIET);
        assert_eq!(
            quiet_after(Seen::Nothing, QUIET_AFTER_SAVE),
            QUIET_AFTER_SAVE
        );
    }

    #[test]
    fn a_batch_merges_and_config_outranks_everything() {
        let root = Path::new("/site");
        let paths: Vec<PathBuf> = [
            "content/a.md",
            "content/a.md",
            "content/.a.md.swp",
            "templates/base.html",
            "static/x.css",
        ]
        .iter()
        .map(|p| root.join(p))
        .collect();
        assert_eq!(
            classify_changes(root, &paths),
            vec![
                ChangeKind::Templates,
                ChangeKind::Content(vec![root.join("content/a.md")]),
                ChangeKind::Static(vec![root.join("static/x.css")]),
            ]
        );
        let mut with_config = paths.clone();
        with_config.push(root.join("site.toml"));
        assert_eq!(
            classify_changes(root, &with_config),
            vec![ChangeKind::Config]
        );
        assert!(classify_changes(root, &[root.join("content/a.md~")]).is_empty());
    }
}
