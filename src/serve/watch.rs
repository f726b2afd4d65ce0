//! Watching the site's sources: notify's events, debounced by notify-debouncer-full,
//! sorted into [`ChangeKind`]s that say how much of the pipeline a rebuild must redo.
//!
//! Editors save in many ways (write in place, write a temp file and rename it over, delete
//! and create) and each save is several events; the debouncer gives them to us once a path
//! has been quiet for [`QUIET`], with renames matched up. Batches that arrive during a
//! rebuild wait in the channel and are merged into the next one, so the last save is never
//! missed.
//!
//! The site root is watched on its own (not recursively), each of [`WATCHED`] recursively.
//! A recursive watch follows the folder it was set on, so when one of them is deleted and
//! made again, or another folder renamed over it (a `git checkout` does both), or created
//! after the start, the event on the root says so and [`SiteWatcher::rearm`] watches the
//! folder now at that path. The root is not watched recursively, since that would watch
//! `.git`, the build's output folder and whatever else a site's repository holds.

use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::Duration;

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::config::CONFIG_FILE;
use crate::content::is_editor_temp_file;

/// How long a path must stay quiet before its events are handed over. An editor's save
/// (write in place, or write and rename) is a burst of events microseconds apart, so a
/// short quiet keeps the save-to-page time low (the old hand-written debounce waited 5 ms
/// after a save's last event); 20 ms cost about 19 ms more per save on the benchmark.
pub const QUIET: Duration = Duration::from_millis(10);
/// How often the debouncer looks for quiet paths: a wake-up of its thread each time, so
/// not much more often than needed.
const TICK: Duration = Duration::from_millis(2);

/// The folders a site is made of, watched recursively.
pub const WATCHED: [&str; 4] = ["content", "themes", "templates", "static"];

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

/// The watches on a site; dropping it stops them, and the channel then disconnects.
pub struct SiteWatcher {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

impl SiteWatcher {
    /// Starts watching the site's root and the folders it is made of (those that exist).
    pub fn start(
        root: &Path,
        sender: std::sync::mpsc::Sender<DebounceEventResult>,
    ) -> notify::Result<SiteWatcher> {
        let debouncer = new_debouncer(QUIET, Some(TICK), sender)?;
        let mut watcher = SiteWatcher {
            root: root.to_path_buf(),
            debouncer,
        };
        watcher.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        watcher.rearm();
        Ok(watcher)
    }

    /// Watches each folder of [`WATCHED`] that is now at its path, anew: the folder watched
    /// before may be gone, or renamed away with another in its place.
    pub fn rearm(&mut self) {
        for folder in WATCHED {
            let path = self.root.join(folder);
            // Fails when the old folder's watch went with it; either way it is gone now.
            let _ = self.debouncer.unwatch(&path);
            if path.is_dir() {
                // A folder that cannot be watched (deleted again meanwhile) is seen on the
                // root when it comes back.
                let _ = self.debouncer.watch(&path, RecursiveMode::Recursive);
            }
        }
    }
}

/// One batch of changes for the rebuild thread.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Batch {
    pub changes: Vec<ChangeKind>,
    /// A watched folder itself was created, deleted or renamed, or events were lost: the
    /// watches must be set again before the rebuild reads the sources.
    pub rearm: bool,
}

/// Waits for the next debounced events, and takes every batch already waiting with them.
/// `None` when the watcher has gone away; an empty batch when `stop` said to look up, or
/// the events held only ignored files.
pub fn next_batch(
    root: &Path,
    events: &Receiver<DebounceEventResult>,
    stop: &dyn Fn() -> bool,
) -> Option<Batch> {
    let first = loop {
        match events.recv_timeout(Duration::from_millis(200)) {
            Ok(result) => break result,
            Err(RecvTimeoutError::Timeout) if stop() => return Some(Batch::default()),
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    };
    let mut paths = Vec::new();
    let mut lost = collect_paths(root, first, &mut paths);
    while let Ok(more) = events.try_recv() {
        lost |= collect_paths(root, more, &mut paths);
    }
    let rearm = lost
        || paths
            .iter()
            .any(|path| WATCHED.iter().any(|folder| *path == root.join(folder)));
    Some(Batch {
        changes: classify_changes(root, &paths),
        rearm,
    })
}

/// Adds the paths of the events that change files; true when events were lost (a full
/// rebuild, as if `site.toml` had changed, is then added).
fn collect_paths(root: &Path, result: DebounceEventResult, paths: &mut Vec<PathBuf>) -> bool {
    let Ok(events) = result else {
        // The watcher failed: what changed is unknown.
        paths.push(root.join(CONFIG_FILE));
        return true;
    };
    let mut lost = false;
    for event in events {
        if event.need_rescan() {
            // The watcher's queue overflowed: rebuild from scratch.
            paths.push(root.join(CONFIG_FILE));
            lost = true;
            continue;
        }
        // Reads are events too (the rebuild itself opens every file); only a write counts.
        match event.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => {}
            EventKind::Access(_) => continue,
            _ => {}
        }
        paths.extend(event.event.paths);
    }
    lost
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
    use notify::Event;
    use notify_debouncer_full::DebouncedEvent;

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

    fn debounced(kind: EventKind, path: PathBuf) -> DebouncedEvent {
        DebouncedEvent::new(Event::new(kind).add_path(path), std::time::Instant::now())
    }

    /// Runs `next_batch` on events already sent, as the debouncer would send them.
    fn batch(results: Vec<DebounceEventResult>) -> Batch {
        let (sender, receiver) = std::sync::mpsc::channel();
        for result in results {
            sender.send(result).expect("send");
        }
        next_batch(Path::new("/site"), &receiver, &|| false).expect("a batch")
    }

    #[test]
    fn reads_are_ignored_and_lost_events_mean_a_full_rebuild() {
        use notify::event::{Flag, ModifyKind};
        let root = Path::new("/site");
        let file = root.join("content/a.md");
        let reads = vec![
            debounced(
                EventKind::Access(AccessKind::Open(AccessMode::Read)),
                file.clone(),
            ),
            debounced(
                EventKind::Access(AccessKind::Close(AccessMode::Read)),
                file.clone(),
            ),
        ];
        assert_eq!(
            batch(vec![Ok(reads)]),
            Batch::default(),
            "the rebuild's own reads are no change"
        );
        let writes = vec![
            debounced(EventKind::Modify(ModifyKind::Any), file.clone()),
            debounced(
                EventKind::Access(AccessKind::Close(AccessMode::Write)),
                file.clone(),
            ),
        ];
        assert_eq!(
            batch(vec![Ok(writes)]).changes,
            vec![ChangeKind::Content(vec![file.clone()])]
        );
        let lost = DebouncedEvent::new(
            Event::new(EventKind::Other).set_flag(Flag::Rescan),
            std::time::Instant::now(),
        );
        let rescan = batch(vec![Ok(vec![lost])]);
        assert_eq!(rescan.changes, vec![ChangeKind::Config]);
        assert!(rescan.rearm);
        let failed = batch(vec![Err(vec![notify::Error::generic("inotify failed")])]);
        assert_eq!(failed.changes, vec![ChangeKind::Config]);
        assert!(failed.rearm);
    }

    /// A watched folder created, deleted or renamed as a whole (`rm -rf content`, a `git
    /// checkout`, `static/` made after the start) must be watched anew; a file in it not.
    #[test]
    fn a_watched_folder_itself_changing_rearms_the_watches() {
        use notify::event::{CreateKind, ModifyKind, RemoveKind, RenameMode};
        let root = Path::new("/site");
        for (kind, folder) in [
            (EventKind::Create(CreateKind::Folder), "static"),
            (EventKind::Remove(RemoveKind::Folder), "content"),
            (
                EventKind::Modify(ModifyKind::Name(RenameMode::To)),
                "content",
            ),
            (EventKind::Create(CreateKind::Any), "themes"),
            (EventKind::Remove(RemoveKind::Any), "templates"),
        ] {
            let got = batch(vec![Ok(vec![debounced(kind, root.join(folder))])]);
            assert!(got.rearm, "{kind:?} {folder}");
            assert!(!got.changes.is_empty(), "{kind:?} {folder} rebuilds");
        }
        let edit = batch(vec![
            Ok(vec![debounced(
                EventKind::Create(CreateKind::File),
                root.join("static/logo.svg"),
            )]),
            Ok(vec![debounced(
                EventKind::Create(CreateKind::File),
                root.join("content/a.md"),
            )]),
        ]);
        assert!(!edit.rearm);
        assert_eq!(edit.changes.len(), 2, "batches waiting are merged");
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
