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
//! A change to content only is rebuilt in phases. The site is resolved whole (so every
//! content error is still found before anything is written); then the pages of the documents
//! whose text changed are rendered and written, and the caller is told, so that the browser
//! of the author who saved updates at once; then every other document page (each from the
//! memo unless something it shows changed, which is worked out for every page) and the
//! caller is told again, for the pages the edit changed too (what links to them); then the home,
//! organisation, topic and index pages, and the caller is told again; then the search index,
//! exports and feeds, which no browser shows, and only then are the files no longer produced
//! deleted, since only then is the whole set known. After the last phase the folder is
//! exactly what a one-phase rebuild writes, and after the index pages every page in it is: there
//! is no "fast" state left behind. Templates, static files and `site.toml` are rebuilt in one
//! phase, since they can change every page.
//!
//! `sources` keeps the sources between rebuilds; `folder` brings the site folder up to date.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::reload::Touched;
use super::watch::ChangeKind;
use crate::build::{BuildOptions, FollowUps, Part, Pipeline, Resolved, Summary};
use crate::content::SourceFile;
use crate::diagnostic::Diagnostic;
use crate::error::BuildFailure;
use crate::render::{OutputFile, RenderCounts};
use folder::write_replacing;

mod folder;
mod sources;

/// Above this many touched files a generation says "every page" rather than list them: the
/// list is kept for the last generations, and most pages changed anyway.
const MAX_LISTED: usize = 2_000;

/// A good rebuild: what the pipeline made and what changed on disk.
#[derive(Debug)]
pub struct Rebuilt {
    pub summary: Summary,
    pub warnings: Vec<Diagnostic>,
    /// Errors only the whole site shows (links to its own pages and files), found after the
    /// pages were written: the folder shows this build, which `planpress build` would refuse.
    pub errors: Vec<Diagnostic>,
    /// Files written or deleted in the site folder, in all phases.
    pub changed: usize,
    /// The files written or deleted since the last early phase was reported (all of them
    /// for a rebuild in one phase).
    pub touched: Touched,
    /// The phases of a content rebuild reported before its end: the edited documents' pages
    /// (when a document's text changed), the document pages, then the index pages. Empty
    /// for a rebuild in one phase.
    pub early_phases: Vec<Phase>,
    pub elapsed: Duration,
}

/// A phase of a content rebuild that is on disk before the rebuild ends.
#[derive(Debug, Clone)]
pub struct Phase {
    /// [`Part::EditedPages`], [`Part::DocumentPages`] or [`Part::IndexPages`].
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

    /// Rebuilds after `changes`. A change to content only is done in phases, and
    /// `early_phase` is called when each but the last is on disk (the edited documents'
    /// pages, the document pages, then the index pages); it is not called otherwise.
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
        // The pages of the documents just saved come first: the author's browser shows them
        // while the other pages' keys are worked out (~35 ms at 10,000 documents).
        let parts: &[Part] = match (phased, resolved.edited().is_empty()) {
            (true, false) => &[
                Part::EditedPages,
                Part::DocumentPages,
                Part::IndexPages,
                Part::DataFiles,
            ],
            (true, true) => &[Part::DocumentPages, Part::IndexPages, Part::DataFiles],
            (false, _) => &[Part::Everything],
        };
        for (n, &part) in parts.iter().enumerate() {
            let (made, written) = self.render_part(pipeline, &mut resolved, part, &mut produced)?;
            // The document pages that follow make the edited ones again: counted there, once.
            if part != Part::EditedPages {
                counts.files += made.files;
                counts.pages += made.pages;
            }
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
        // Only a whole build knows every path, so the pages are on disk by now: the author
        // sees the edit with the broken link in the overlay over it.
        let errors = crate::site_paths::check_site_paths(&build.site, &produced);
        let changed = touched.len() + early_phases.iter().map(|p| p.changed).sum::<usize>();
        Ok(Rebuilt {
            summary: build.summary,
            warnings: build.warnings,
            errors,
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

#[cfg(test)]
mod random_edits;

#[cfg(test)]
mod tests;

#[cfg(test)]
mod titled_backlink_tests;
