//! Rebuilding for the preview server: the shared [`Pipeline`], kept between rebuilds, and the
//! site folder brought up to date file by file.
//!
//! The pipeline reuses every document whose text is unchanged; templates reload the theme;
//! `site.toml` starts a fresh pipeline (L8). The folder is synced against the bytes this
//! server wrote last time, kept in memory, rather than by reading every file back as
//! [`crate::output::sync_site`] does: on a 1,000-document site that read-back was most of
//! a rebuild's time. Each file is written beside its target and renamed over it, so a
//! browser never reads half a page.
//!
//! A change to content only is rebuilt in three phases. The site is resolved whole (so every
//! content error is still found before anything is written), then the document pages are
//! rendered (each from the memo unless something it shows changed) and written, and the
//! caller is told, so that the browsers showing those pages update at once; then the home,
//! organisation, topic and index pages, and the caller is told again; then the search index,
//! exports and feeds, which no browser shows, and only then are the files no longer produced
//! deleted, since only then is the whole set known. After the last phase the folder is
//! exactly what a one-phase rebuild writes, and after the second every page in it is: there
//! is no "fast" state left behind. Templates, static files and `site.toml` are rebuilt in one
//! phase, since they can change every page.
//!
//! The sources are read here rather than by the pipeline, and kept: a save re-reads only the
//! organisation folders its files are in (`content/ORG/`), through the same
//! [`load_sources`] as a full read, and the rest is handed over as read before. Reading a
//! thousand files took half of the first phase. Anything else (a file at the top of
//! `content/`, a folder created or removed, a file that does not read cleanly) reads
//! everything again.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::reload::Touched;
use super::watch::ChangeKind;
use crate::build::{BuildOptions, FollowUps, Part, Pipeline, Resolved, Summary};
use crate::content::{SourceFile, load_followups, load_followups_under, load_sources};
use crate::diagnostic::Diagnostic;
use crate::error::{BuildFailure, Error};
use crate::render::{OutputFile, RenderCounts};

/// Above this many touched files a generation says "every page" rather than list them: the
/// list is kept for the last generations, and most pages changed anyway.
const MAX_LISTED: usize = 2_000;

/// A good rebuild: what the pipeline made and what changed on disk.
#[derive(Debug)]
pub struct Rebuilt {
    pub summary: Summary,
    pub warnings: Vec<Diagnostic>,
    /// Files written or deleted in the site folder, in all phases.
    pub changed: usize,
    /// The files written or deleted since the last early phase was reported (all of them
    /// for a rebuild in one phase).
    pub touched: Touched,
    /// The phases of a content rebuild reported before its end: the document pages, then the
    /// index pages. Empty for a rebuild in one phase.
    pub early_phases: Vec<Phase>,
    pub elapsed: Duration,
}

/// A phase of a content rebuild that is on disk before the rebuild ends.
#[derive(Debug, Clone)]
pub struct Phase {
    /// [`Part::DocumentPages`] or [`Part::IndexPages`].
    pub part: Part,
    pub touched: Touched,
    pub changed: usize,
    /// From the start of the rebuild.
    pub elapsed: Duration,
}

impl Rebuilt {
    /// When `part`'s phase was on disk, from the start of the rebuild.
    pub fn phase_elapsed(&self, part: Part) -> Option<Duration> {
        self.early_phases
            .iter()
            .find(|phase| phase.part == part)
            .map(|phase| phase.elapsed)
    }
}

pub struct Rebuilder {
    options: BuildOptions,
    site_dir: PathBuf,
    pipeline: Option<Pipeline>,
    theme_stale: bool,
    /// What the site folder holds, as this server wrote it.
    written: HashMap<String, Arc<Vec<u8>>>,
    /// The sources as last read, when they all read cleanly.
    sources: Option<Vec<SourceFile>>,
    /// The follow-up files as last read with the sources, by organisation folder ("" for
    /// the top of `content/`).
    followups: HashMap<String, FollowUps>,
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
            sources: None,
            followups: HashMap::new(),
        }
    }

    /// Rebuilds after `changes`. A change to content only is done in three phases, and
    /// `early_phase` is called when each of the first two is on disk (the document pages,
    /// then the index pages); it is not called otherwise.
    pub fn rebuild(
        &mut self,
        changes: &[ChangeKind],
        early_phase: &mut dyn FnMut(&Phase),
    ) -> Result<Rebuilt, BuildFailure> {
        let started = Instant::now();
        if changes.contains(&ChangeKind::Config) {
            self.pipeline = None;
        }
        if changes.contains(&ChangeKind::Templates) {
            self.theme_stale = true;
        }
        let content_only = !changes.is_empty()
            && changes
                .iter()
                .all(|change| matches!(change, ChangeKind::Content(_)));
        // A first build, or one after a failed write, has no folder to show early.
        let phased = content_only && self.pipeline.is_some() && !self.written.is_empty();
        let mut pipeline = match self.pipeline.take() {
            Some(pipeline) => pipeline,
            None => {
                let pipeline = Pipeline::load(&self.options)?;
                self.theme_stale = false;
                pipeline
            }
        };
        let content_dir = pipeline.config().content_dir.clone();
        if let Some((sources, followups)) = self.read_sources(&content_dir, changes) {
            pipeline.use_sources(sources);
            pipeline.use_followups(followups);
        }
        let result = self.run(&mut pipeline, phased, started, early_phase);
        self.pipeline = Some(pipeline);
        result
    }

    fn run(
        &mut self,
        pipeline: &mut Pipeline,
        phased: bool,
        started: Instant,
        early_phase: &mut dyn FnMut(&Phase),
    ) -> Result<Rebuilt, BuildFailure> {
        if self.theme_stale {
            pipeline.reload_theme()?;
            self.theme_stale = false;
        }
        let mut resolved = pipeline.resolve()?;
        let mut produced = HashSet::new();
        let mut early_phases = Vec::new();
        let mut counts = RenderCounts::default();
        let mut touched = HashSet::new();
        let parts: &[Part] = if phased {
            &[Part::DocumentPages, Part::IndexPages, Part::DataFiles]
        } else {
            &[Part::Everything]
        };
        for (n, &part) in parts.iter().enumerate() {
            let (made, written) = self.render_part(pipeline, &mut resolved, part, &mut produced)?;
            counts.files += made.files;
            counts.pages += made.pages;
            if n + 1 < parts.len() {
                let phase = Phase {
                    part,
                    changed: written.len(),
                    touched: listed(written),
                    elapsed: started.elapsed(),
                };
                early_phase(&phase);
                early_phases.push(phase);
            } else {
                touched = written;
            }
        }
        let build = pipeline.finish(resolved, counts);
        let statics_changed = self.sync_static(&build.static_files, &mut produced, &mut touched)?;
        self.delete_stale(&produced, &mut touched)?;
        // Links to the site's own pages and files (`/mal/`) as `planpress build` checks them.
        // Only a whole build knows every path, so the pages are on disk by now: a broken link
        // shows in the overlay (and fails the generation) rather than in a site kept as it was.
        let broken = crate::site_paths::check_site_paths(&build.site, &produced);
        if !broken.is_empty() {
            return Err(BuildFailure::Content(broken));
        }
        let changed = touched.len() + early_phases.iter().map(|p| p.changed).sum::<usize>();
        Ok(Rebuilt {
            summary: build.summary,
            warnings: build.warnings,
            changed,
            // A stylesheet or script is shown by every page.
            touched: if statics_changed {
                Touched::All
            } else {
                listed(touched)
            },
            early_phases,
            elapsed: started.elapsed(),
        })
    }

    /// Renders `part` and writes the files whose bytes differ from what the folder holds,
    /// once the whole part rendered: a part that fails writes nothing. Adds every path the
    /// part produced to `produced`, and returns the paths written.
    fn render_part(
        &mut self,
        pipeline: &Pipeline,
        resolved: &mut Resolved,
        part: Part,
        produced: &mut HashSet<String>,
    ) -> Result<(RenderCounts, HashSet<String>), BuildFailure> {
        let seen = Mutex::new(Vec::new());
        let fresh = Mutex::new(Vec::new());
        let written = &self.written;
        let counts = pipeline.render(resolved, part, &|file: OutputFile| {
            let unchanged = written.get(&file.path) == Some(&file.bytes);
            lock(&seen).push(file.path.clone());
            if !unchanged {
                lock(&fresh).push(file);
            }
            Ok(())
        })?;
        produced.extend(seen.into_inner().unwrap_or_else(|p| p.into_inner()));
        let fresh = fresh.into_inner().unwrap_or_else(|p| p.into_inner());
        let root = &self.site_dir;
        let result = fresh
            .par_iter()
            .try_for_each(|file| write_replacing(root, &file.path, &file.bytes));
        if let Err(error) = result {
            // The folder is in an unknown state: write everything next time.
            self.written.clear();
            return Err(error.into());
        }
        let mut touched = HashSet::with_capacity(fresh.len());
        for file in fresh {
            touched.insert(file.path.clone());
            self.written.insert(file.path, file.bytes);
        }
        Ok((counts, touched))
    }

    /// Copies the static files whose bytes changed. Returns whether any did.
    fn sync_static(
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
    fn delete_stale(
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

impl Rebuilder {
    /// The sources and follow-up files after `changes`: the folders they touched read
    /// again, the rest as read last time, or everything read again when that cannot be
    /// told. `None` when the sources do not all read cleanly: then the pipeline reads them
    /// itself, with its diagnostics.
    fn read_sources(
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

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A render thread that panicked cannot have left a half-pushed vector.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn listed(files: HashSet<String>) -> Touched {
    if files.len() > MAX_LISTED {
        Touched::All
    } else {
        Touched::Files(files)
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
mod random_edits;

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file under `dir`, by its path relative to `dir`.
    pub(super) fn folder(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
        use crate::output::MANIFEST;
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            // The manifest is `build`'s record of what it wrote, not part of the site.
            .filter(|entry| entry.file_type().is_file() && entry.file_name() != MANIFEST)
            .map(|entry| {
                let rel = entry.path().strip_prefix(dir).expect("under dir");
                let bytes = std::fs::read(entry.path()).expect("read");
                (rel.to_string_lossy().replace('\\', "/"), bytes)
            })
            .collect()
    }

    struct Fixture {
        _dir: tempfile::TempDir,
        root: PathBuf,
        out: PathBuf,
        options: BuildOptions,
    }

    fn fixture() -> Fixture {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("site");
        crate::scaffold::init_site(&root).expect("init");
        let out = dir.path().join("served");
        std::fs::create_dir_all(&out).expect("mkdir");
        let options = BuildOptions {
            base_url: Some("http://127.0.0.1:1111".into()),
            ..BuildOptions::new(&root)
        };
        Fixture {
            _dir: dir,
            root,
            out,
            options,
        }
    }

    impl Fixture {
        /// What `planpress build` writes for the site as it is now.
        fn full_build(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
            let fresh = self._dir.path().join("fresh");
            let options = BuildOptions {
                output: Some(fresh.clone()),
                ..self.options.clone()
            };
            crate::build::build_site(&options).expect("full build");
            folder(&fresh)
        }
    }

    fn no_early_phase(_: &Phase) {
        panic!("a rebuild in one phase reports no early phase");
    }

    #[test]
    fn a_content_change_writes_document_pages_first_and_ends_as_a_full_build() {
        let site = fixture();
        let mut rebuilder = Rebuilder::new(site.options.clone(), site.out.clone());
        let first = rebuilder
            .rebuild(&[ChangeKind::Config], &mut no_early_phase)
            .expect("first build");
        assert!(first.early_phases.is_empty());
        assert_eq!(folder(&site.out), site.full_build());

        let added = crate::scaffold::new_document(&site.root, "plan", Path::new("forening/andra"))
            .expect("new document");
        let page = "forening/andra/index.html";
        let mut phases = Vec::new();
        let rebuilt = rebuilder
            .rebuild(&[ChangeKind::Content(vec![added.clone()])], &mut |phase| {
                assert!(site.out.join(page).is_file(), "the page is written");
                phases.push(phase.clone());
            })
            .expect("rebuild");
        let parts: Vec<Part> = phases.iter().map(|phase| phase.part).collect();
        assert_eq!(parts, [Part::DocumentPages, Part::IndexPages]);
        let Touched::Files(early) = &phases[0].touched else {
            panic!("a listed first phase: {:?}", phases[0].touched);
        };
        assert!(early.contains(page), "{early:?}");
        assert!(
            !early.contains("index.html") && !early.iter().any(|f| !f.ends_with("/index.html")),
            "only document pages come first: {early:?}"
        );
        let Touched::Files(indexes) = &phases[1].touched else {
            panic!("a listed second phase: {:?}", phases[1].touched);
        };
        assert!(
            !indexes.contains(page) && indexes.contains("index.html"),
            "the second phase touches the home page listing the document, not the page: {indexes:?}"
        );
        assert!(
            indexes.iter().all(|f| f.ends_with(".html")),
            "the second phase writes pages only: {indexes:?}"
        );
        let Touched::Files(rest) = &rebuilt.touched else {
            panic!("a listed third phase: {:?}", rebuilt.touched);
        };
        assert!(
            !rest.is_empty() && rest.iter().all(|f| !f.ends_with(".html")),
            "the third phase writes the data files and feeds, no page: {rest:?}"
        );
        assert_eq!(folder(&site.out), site.full_build());

        std::fs::remove_file(&added).expect("remove");
        let rebuilt = rebuilder
            .rebuild(&[ChangeKind::Content(vec![added])], &mut |_| {
                assert!(
                    site.out.join(page).is_file(),
                    "deletion waits for the whole set of files"
                );
            })
            .expect("rebuild");
        assert!(!site.out.join(page).exists());
        assert!(
            rebuilt.touched.contains(page),
            "the deleted page is touched"
        );
        assert!(
            !site.out.join("forening/andra").exists(),
            "emptied folders are removed"
        );
        assert_eq!(folder(&site.out), site.full_build());
        let leftovers = folder(&site.out)
            .into_keys()
            .filter(|path| path.contains("planpress-tmp"))
            .count();
        assert_eq!(leftovers, 0);
    }

    fn same_sources(a: &[SourceFile], b: &[SourceFile]) -> bool {
        a.len() == b.len()
            && a.iter().zip(b).all(|(a, b)| {
                (&a.rel_path, &a.display_path, &a.text) == (&b.rel_path, &b.display_path, &b.text)
            })
    }

    #[test]
    fn a_save_rereads_only_its_folder_and_the_sources_stay_those_of_a_full_read() {
        let site = fixture();
        let content = site.root.join("content");
        for (rel, text) in [
            ("a-b/x.md", "+++\n"),
            ("a/z.md", "+++\n"),
            ("a/sub/y.md", "+++\n"),
            ("forening/bilaga.md", "+++\n"),
            ("a/z.followup.toml", "[goals]\n"),
            ("a-b/x.followup.toml", "[goals\n"),
            ("forening/bilaga.followup.toml", "[goals]\n"),
        ] {
            let path = content.join(rel);
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(path, text).expect("write");
        }
        let mut rebuilder = Rebuilder::new(site.options.clone(), site.out.clone());
        let full = |rebuilder: &Rebuilder| {
            let (sources, diagnostics) = load_sources(&content);
            assert!(diagnostics.is_empty(), "{diagnostics:?}");
            let kept = rebuilder.sources.as_ref().expect("sources kept");
            assert!(same_sources(kept, &sources), "{kept:#?}\n{sources:#?}");
            let (followups, mut problems) = load_followups(&content);
            let read = |followups: &[crate::content::FollowUp]| {
                let mut read: Vec<(String, String)> = followups
                    .iter()
                    .map(|f| (f.doc_path.clone(), f.text.to_string()))
                    .collect();
                read.sort();
                read
            };
            let (mut kept_read, mut kept_problems) = (Vec::new(), Vec::new());
            for (followups, problems) in rebuilder.followups.values() {
                kept_read.extend(read(followups));
                kept_problems.extend(problems.iter().cloned());
            }
            kept_read.sort();
            crate::diagnostic::sort_diagnostics(&mut problems);
            crate::diagnostic::sort_diagnostics(&mut kept_problems);
            assert_eq!(kept_read, read(&followups), "the follow-up files kept");
            assert_eq!(kept_problems, problems, "their problems");
        };
        assert!(
            rebuilder
                .read_sources(&content, &[ChangeKind::Config])
                .is_some()
        );
        full(&rebuilder);

        let changed = content.join("a/z.md");
        std::fs::write(&changed, "+++\ntitle = \"ny\"\n").expect("write");
        std::fs::write(content.join("a/new.md"), "+++\n").expect("write");
        std::fs::write(content.join("forening/bilaga.md"), "+++\nosynlig\n").expect("write");
        std::fs::write(
            content.join("a/new.followup.toml"),
            "[goals]\nx = \"done\"\n",
        )
        .expect("write");
        std::fs::remove_file(content.join("a/z.followup.toml")).expect("remove");
        let change = [ChangeKind::Content(vec![changed, content.join("a/new.md")])];
        let (sources, _) = rebuilder.read_sources(&content, &change).expect("sources");
        let bilaga = sources
            .iter()
            .find(|s| s.rel_path == "forening/bilaga.md")
            .expect("kept");
        assert_eq!(
            &*bilaga.text, "+++\n",
            "a folder no change names is not read again"
        );
        std::fs::write(content.join("forening/bilaga.md"), "+++\n").expect("write");
        full(&rebuilder);

        std::fs::remove_file(content.join("a/sub/y.md")).expect("remove");
        let change = [ChangeKind::Content(vec![content.join("a/sub/y.md")])];
        rebuilder.read_sources(&content, &change).expect("sources");
        full(&rebuilder);

        std::fs::remove_dir_all(content.join("a-b")).expect("remove");
        let change = [ChangeKind::Content(vec![content.join("a-b/x.md")])];
        rebuilder.read_sources(&content, &change).expect("sources");
        full(&rebuilder);

        std::fs::write(content.join("a/tom.md"), "").expect("write");
        let change = [ChangeKind::Content(vec![content.join("a/tom.md")])];
        assert!(
            rebuilder.read_sources(&content, &change).is_none(),
            "an empty document: the pipeline reads and reports it"
        );
        assert!(rebuilder.sources.is_none());
        std::fs::remove_file(content.join("a/tom.md")).expect("remove");

        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(content.join("a"), content.join("alias")).expect("link");
            rebuilder
                .read_sources(&content, &[ChangeKind::Config])
                .expect("sources");
            assert!(
                rebuilder.sources.is_none(),
                "with links in content/, every save reads everything"
            );
        }
    }

    #[test]
    fn an_unchanged_rebuild_writes_nothing_and_a_template_change_is_one_phase() {
        let site = fixture();
        let mut rebuilder = Rebuilder::new(site.options.clone(), site.out.clone());
        rebuilder
            .rebuild(&[ChangeKind::Config], &mut no_early_phase)
            .expect("first build");
        let plan = site.root.join("content/forening/verksamhetsplan.md");
        let again = rebuilder
            .rebuild(&[ChangeKind::Content(vec![plan])], &mut |phase| {
                assert_eq!(phase.changed, 0);
            })
            .expect("rebuild");
        assert_eq!((again.changed, again.touched.is_empty()), (0, true));
        // What the server keeps of a document page is the memo's buffer, not a copy of it:
        // a large site's pages are held once, and an unchanged one compares by address.
        let page = rebuilder
            .written
            .get("forening/verksamhetsplan/index.html")
            .expect("the plan's page is written");
        assert_eq!(
            Arc::strong_count(page),
            2,
            "shared by the memo and the server"
        );

        let base = site.root.join("themes/default/templates/base.html");
        let template = std::fs::read_to_string(&base).expect("read");
        std::fs::write(&base, template.replacen("</body>", "<p>ny</p></body>", 1)).expect("write");
        let rebuilt = rebuilder
            .rebuild(&[ChangeKind::Templates], &mut no_early_phase)
            .expect("rebuild");
        assert!(rebuilt.changed > 0);
        assert!(rebuilt.touched.contains("index.html"));
        assert_eq!(folder(&site.out), site.full_build());
    }
}
