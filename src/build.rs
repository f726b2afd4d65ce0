//! The pipeline as one call: load → parse → resolve → render, and for `build`, write.
//! [`Pipeline`] keeps what a rebuild may reuse: the theme, every parsed document keyed by the
//! hash of its text, and each stage's memo of what it derived from each document (quote
//! matches, pages, cards, search entries, open-data rows, index rows) under keys covering all
//! they depend on, handed to the stage that uses it ([`crate::memo`]). The preview server
//! rebuilds through the very same code path; a cold build is a rebuild with empty caches.
//!
//! STYLE L8 says to render everything on every rebuild. At 1,000 documents that was two
//! seconds per save, so the per-document parts are memoized instead; the site itself is
//! still resolved whole each time, and every part's key hashes all the part reads (see
//! [`crate::memo`]), so there is no second, "fast" path to drift from the first.

mod commands;
mod followups;
mod options;
mod parsed;

pub use commands::{
    Warnings, build_site, build_site_replacing, build_site_with, check_site, check_site_with,
};
pub use options::{BuildOptions, Summary};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::config::{Config, load_config_or_defaults};
use crate::content::{
    FollowUp, SourceFile, Vocabulary, load_followups, load_sources, report_followups,
};
use crate::diagnostic::{Diagnostic, sort_diagnostics};
use crate::document::Body;
use crate::error::BuildFailure;
use crate::indexes::IndexMemo;
use crate::markdown::ParseContext;
use crate::memo::MemoKeys;
use crate::output::collect_static_files;
use crate::publish::PublishMemos;
use crate::render::{
    OutputCollector, OutputFile, OutputSink, RenderCounts, RenderMemo, Theme, load_theme,
};
use crate::resolve::{ResolveCache, ResolveMemo, Site, resolve_site};
use followups::AppliedFollowUps;
use parsed::{Kept, Parsed, hash_text};

/// Follow-up files as read, and the problems reading them.
pub type FollowUps = (Vec<FollowUp>, Vec<Diagnostic>);

/// A successful build, in memory.
pub struct Build {
    pub site: Site,
    pub outputs: Vec<OutputFile>,
    pub static_files: Vec<(PathBuf, String)>,
    pub warnings: Vec<Diagnostic>,
    pub summary: Summary,
    /// The pipeline that made a one-shot build, with the documents it parsed: kept with the
    /// build so that a command which exits right after can forget both (`cli.rs`). Freeing
    /// it took 65 ms of a 4 s build at 10,000 documents, after all the work was done.
    pub(crate) spent_pipeline: Option<Box<Pipeline>>,
}

pub struct Pipeline {
    config: Config,
    theme: Theme,
    parsed: HashMap<String, Parsed>,
    vocabulary_fingerprint: u64,
    /// The vocabulary parsed under `vocabulary_fingerprint`.
    vocabulary: Option<Vocabulary>,
    /// A hash of the config, part of every memo key.
    config_fingerprint: u64,
    /// What each stage derived from each document on earlier runs; empty for a cold build.
    memos: Memos,
    /// Each followed-up plan as its follow-ups made it, for the next run.
    followups_applied: AppliedFollowUps,
    /// What the last resolve found, so that the next one checks again only what a change
    /// can have affected.
    links: ResolveCache,
    /// Document pages rendered by the last run (the others came from the memo).
    pages_rendered: usize,
    /// No rebuild will follow (`planpress build`): rendered pages need not be kept.
    one_shot: bool,
    /// Sources the next [`Pipeline::resolve`] takes instead of reading `content/`.
    given_sources: Option<Vec<SourceFile>>,
    /// Follow-up files the next [`Pipeline::resolve`] takes instead of reading `content/`.
    given_followups: Option<FollowUps>,
    /// `--deny-warnings`: a warning fails the run as an error does, before anything is written.
    deny_warnings: bool,
}

/// Each stage's memo, under the same keys: the pipeline owns them and hands each to its stage.
struct Memos {
    keys: MemoKeys,
    resolve: ResolveMemo,
    render: RenderMemo,
    indexes: IndexMemo,
}

impl Memos {
    fn new(keys: MemoKeys) -> Memos {
        Memos {
            keys,
            resolve: ResolveMemo::new(keys),
            render: RenderMemo::new(keys),
            indexes: IndexMemo::new(keys),
        }
    }

    /// Drops the parts of documents no longer in the site. It is told which ones (the
    /// resolve stage knows) rather than handed every live path: looking up every stored
    /// path in a set of 10,000 was ~12 ms of every save, even when none had gone.
    fn forget(&self, gone: &[String]) {
        if gone.is_empty() {
            return;
        }
        self.resolve.forget(gone);
        self.render.forget(gone);
        self.indexes.forget(gone);
    }
}

impl Pipeline {
    pub fn load(options: &BuildOptions) -> Result<Pipeline, BuildFailure> {
        let (config, errors) =
            load_config_or_defaults(&options.root, options.base_url.as_deref(), options.drafts)
                .map_err(BuildFailure::Content)?;
        if !errors.is_empty() {
            return Err(BuildFailure::Content(check_with_defaults(config, errors)));
        }
        Pipeline::with_config(config)
    }

    fn with_config(config: Config) -> Result<Pipeline, BuildFailure> {
        let theme = match load_site_theme(&config) {
            Ok(theme) => theme,
            Err(mut errors) => {
                // A site copied without its themes/ folder still has its authors' mistakes
                // to show, and one run should show them all.
                if !config.theme_dir.is_dir() {
                    let mut pipeline = Pipeline::with_theme(config, Theme::bare());
                    if let Err(failure) = pipeline.resolve() {
                        errors.extend(failure.diagnostics());
                    }
                    sort_diagnostics(&mut errors);
                }
                return Err(BuildFailure::Content(errors));
            }
        };
        Ok(Pipeline::with_theme(config, theme))
    }

    fn with_theme(config: Config, theme: Theme) -> Pipeline {
        // The config has no Hash; its Debug text holds every field.
        let config_fingerprint = hash_text(&format!("{config:?}"));
        Pipeline {
            config,
            theme,
            parsed: HashMap::new(),
            vocabulary_fingerprint: 0,
            vocabulary: None,
            config_fingerprint,
            memos: Memos::new(MemoKeys {
                context: config_fingerprint,
                one_shot: false,
            }),
            followups_applied: AppliedFollowUps::default(),
            links: ResolveCache::default(),
            pages_rendered: 0,
            one_shot: false,
            given_sources: None,
            given_followups: None,
            deny_warnings: false,
        }
    }

    /// Makes the next [`Pipeline::resolve`] use `sources` rather than read `content/`: the
    /// preview server reads only the folders a save changed, and hands over the rest as it
    /// read them before. They must be what [`crate::content::load_sources`] would return.
    pub fn use_sources(&mut self, sources: Vec<SourceFile>) {
        self.given_sources = Some(sources);
    }

    /// [`Pipeline::use_sources`] for the follow-up files: they must be what
    /// [`crate::content::load_followups`] would return, in any order.
    pub fn use_followups(&mut self, followups: FollowUps) {
        self.given_followups = Some(followups);
    }

    /// How many document pages the last [`Pipeline::run`] rendered rather than reused.
    pub fn pages_rendered(&self) -> usize {
        self.pages_rendered
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Reads the templates and UI strings again; parsed documents are dropped too, since
    /// their permalink labels come from the UI strings.
    pub fn reload_theme(&mut self) -> Result<(), BuildFailure> {
        self.theme = load_site_theme(&self.config).map_err(BuildFailure::Content)?;
        self.parsed.clear();
        self.memos = Memos::new(self.memos.keys);
        Ok(())
    }

    /// Runs the pipeline up to rendered files in memory. Every error of every stage that
    /// could run is reported together.
    pub fn run(&mut self) -> Result<Build, BuildFailure> {
        let collector = OutputCollector::default();
        let mut build = self.run_into(&|file| collector.push(file))?;
        build.outputs = collector.into_sorted();
        Ok(build)
    }

    /// Runs the pipeline, handing every rendered file to `sink` as it is made; the returned
    /// [`Build`] has no `outputs`.
    pub fn run_into(&mut self, sink: &OutputSink<'_>) -> Result<Build, BuildFailure> {
        let mut resolved = self.resolve()?;
        // The paths written, for links to the site's own pages and files (`/mal/`).
        let written = std::sync::Mutex::new(std::collections::HashSet::new());
        let counts = self.render(&mut resolved, Part::Everything, &|file| {
            if let Ok(mut written) = written.lock() {
                written.insert(file.path.clone());
            }
            sink(file)
        })?;
        let build = self.finish(resolved, counts);
        let mut written = written
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        written.extend(build.static_files.iter().map(|(_, rel)| rel.clone()));
        let broken = crate::site_paths::check_site_paths(&build.site, &written);
        if broken.is_empty() {
            Ok(build)
        } else {
            Err(BuildFailure::Content(broken))
        }
    }

    /// Load, parse and resolve: the site ready to render, or every content error of every
    /// stage that could run.
    pub fn resolve(&mut self) -> Result<Resolved, BuildFailure> {
        let started = Instant::now();
        // Taken first, so that a failure below cannot leave them for a later run.
        let given_sources = self.given_sources.take();
        let given_followups = self.given_followups.take();
        let (vocabulary, mut diagnostics) = self.current_vocabulary();
        diagnostics.extend(self.theme.warnings.iter().cloned());
        let config = &self.config;
        crate::timings::mark("config, theme, vocabulary");
        let sources = match given_sources {
            Some(sources) => sources,
            None => {
                let (sources, source_diagnostics) = load_sources(&config.content_dir);
                diagnostics.extend(source_diagnostics);
                sources
            }
        };
        crate::timings::mark("read sources");
        let (mut followups, followup_diagnostics) =
            given_followups.unwrap_or_else(|| load_followups(&config.content_dir));
        diagnostics.extend(followup_diagnostics);
        crate::timings::mark("load sources");
        let labels = self.theme.markup_labels();
        let context = ParseContext {
            config,
            vocabulary: &vocabulary,
            labels: &labels,
        };
        let parsed = self.parse_sources(sources, &context);
        crate::timings::mark("parse");
        let Kept {
            mut documents,
            mut bodies,
            edited,
            diagnostics: parse_diagnostics,
        } = self.keep_parsed(parsed);
        diagnostics.extend(parse_diagnostics);
        // An annual report's outcomes follow its plan up as a follow-up file does.
        followups.extend(report_followups(documents.iter().map(|d| &*d.document)));
        // One order whichever way they were read.
        followups
            .sort_by(|a, b| (&a.doc_path, &a.display_path).cmp(&(&b.doc_path, &b.display_path)));
        let keep = !self.one_shot;
        diagnostics.extend(
            self.followups_applied
                .apply(&mut documents, &followups, keep),
        );
        let (site, resolve_diagnostics, gone) = resolve_site(
            documents,
            vocabulary,
            &self.memos.resolve,
            &mut self.links,
            keep,
        );
        self.memos.forget(&gone);
        diagnostics.extend(resolve_diagnostics);
        crate::timings::mark("resolve");
        sort_diagnostics(&mut diagnostics);
        if diagnostics.iter().any(Diagnostic::is_error)
            || (self.deny_warnings && !diagnostics.is_empty())
        {
            return Err(BuildFailure::Content(diagnostics));
        }
        self.memos.render.take_pages_made();
        // In the site's order, for the document pages to take.
        let bodies = site
            .documents
            .iter()
            .map(|d| bodies.remove(&d.path).unwrap_or_default())
            .collect();
        Ok(Resolved {
            site,
            bodies,
            edited,
            warnings: diagnostics,
            started,
        })
    }

    /// Renders `part` of a resolved site into `sink`.
    pub fn render(
        &self,
        resolved: &mut Resolved,
        part: Part,
        sink: &OutputSink<'_>,
    ) -> Result<RenderCounts, BuildFailure> {
        // A one-shot build renders the document pages once, so it hands the bodies over
        // rather than share them: each goes once its page is written.
        let bodies = match part {
            Part::Everything | Part::DocumentPages if self.one_shot => {
                std::mem::take(&mut resolved.bodies)
            }
            Part::Everything | Part::DocumentPages | Part::EditedPages => resolved.bodies.clone(),
            Part::IndexPages | Part::DataFiles => Vec::new(),
        };
        let (site, theme, config) = (&resolved.site, &self.theme, &self.config);
        let memos = &PublishMemos {
            render: &self.memos.render,
            indexes: &self.memos.indexes,
        };
        match part {
            Part::Everything => {
                crate::publish::everything_into(site, bodies, theme, config, memos, sink)
            }
            Part::EditedPages => {
                let edited = Some(&resolved.edited[..]);
                crate::publish::document_pages_into(
                    site, bodies, edited, theme, config, memos, sink,
                )
            }
            Part::DocumentPages => {
                crate::publish::document_pages_into(site, bodies, None, theme, config, memos, sink)
            }
            Part::IndexPages => crate::publish::index_pages_into(site, theme, config, memos, sink),
            Part::DataFiles => crate::publish::data_files_into(site, theme, config, memos, sink),
        }
        .map_err(BuildFailure::Content)
    }

    /// The [`Build`] of a resolved site whose parts rendered `counts` files in all.
    pub fn finish(&mut self, resolved: Resolved, counts: RenderCounts) -> Build {
        crate::timings::mark("render");
        self.pages_rendered = self.memos.render.take_pages_made();
        let static_files = collect_static_files(&self.theme.static_dirs);
        let site = resolved.site;
        let summary = Summary {
            documents: site.documents.len(),
            items: site.item_count(),
            pages: counts.pages,
            files: counts.files + static_files.len(),
            elapsed: resolved.started.elapsed(),
        };
        Build {
            site,
            outputs: Vec::new(),
            static_files,
            warnings: resolved.warnings,
            summary,
            spent_pipeline: None,
        }
    }
}

/// A site that loaded, parsed and resolved without errors, ready to render.
pub struct Resolved {
    pub site: Site,
    /// Each document's body, in the site's order: handed to the document pages, which in a
    /// one-shot build are the last to hold them.
    bodies: Vec<Body>,
    /// The paths of the documents whose text changed since the last run (none on a first
    /// run): the pages an author who saved them looks at, which [`Part::EditedPages`] makes.
    edited: Vec<String>,
    /// The warnings of every stage so far.
    pub warnings: Vec<Diagnostic>,
    started: Instant,
}

impl Resolved {
    /// The paths of the documents whose text changed since the last run of the pipeline.
    pub fn edited(&self) -> &[String] {
        &self.edited
    }
}

/// Which files of the site [`Pipeline::render`] makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Everything,
    /// The pages of the documents edited since the last run ([`Resolved::edited`]): what the
    /// author who saved them looks at, ahead of the pages their edit changes too.
    EditedPages,
    /// One page per document: what an author previewing a document looks at.
    DocumentPages,
    /// The home, index, organisation and topic pages: what a reader browses by.
    IndexPages,
    /// The search index, the open-data exports and the feeds.
    DataFiles,
}

/// site.toml's `errors`, and the rest of the site's, checked with `config`: the defaults in
/// place of site.toml's wrong values. Checked so, one run shows every error to fix.
fn check_with_defaults(config: Config, mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let themes = config.theme_dir.parent().is_some_and(Path::is_dir);
    if themes && !config.theme_dir.is_dir() {
        // The theme site.toml named was refused (E081, E082) and the default it fell back on
        // is missing too: loading it would say the same thing again as E093.
        sort_diagnostics(&mut errors);
        return errors;
    }
    match Pipeline::with_config(config).and_then(|mut pipeline| pipeline.resolve()) {
        Ok(_) => {}
        Err(failure) => errors.extend(failure.diagnostics()),
    }
    sort_diagnostics(&mut errors);
    errors
}

/// The site's theme, with what the pipeline knows of it beyond the theme: whether its
/// `search.js` reads the index this build writes (W012).
fn load_site_theme(config: &Config) -> Result<Theme, Vec<Diagnostic>> {
    let mut theme = load_theme(config)?;
    theme
        .warnings
        .extend(crate::indexes::search::script_format_warning(config));
    Ok(theme)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    /// A save in the preview re-resolves every document: one whose `[[target]]` links show
    /// the same titles as last time is handed over as it was retitled then (not copied again,
    /// which was most of a save's time at 10,000 documents); a retitled target makes it anew.
    #[test]
    fn a_rebuild_reuses_a_retitled_document_until_its_links_titles_change() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().join("site");
        crate::scaffold::init_site(&root).expect("init");
        let folder = root.join("content/forening");
        let write = |name: &str, title: &str, body: &str| {
            let text = format!(
                "+++\ntitle = \"{title}\"\nkind = \"plan\"\norganization = \"forening\"\nperiod = \"2024\"\n+++\n\n{body}"
            );
            std::fs::write(folder.join(name), text).expect("write");
        };
        write("mal.md", "Planen", "## Mål\n\nText.\n");
        write("lankar.md", "Länkar", "## Se\n\nSe [[forening/mal]] här.\n");
        let mut pipeline = Pipeline::load(&BuildOptions::new(&root)).expect("the site loads");
        let mut linking = || {
            let resolved = pipeline.resolve().expect("the site resolves");
            let index = resolved
                .site
                .document_index("forening/lankar")
                .expect("listed");
            resolved.site.documents[index].clone()
        };
        let first = linking();
        assert!(
            first.plain_text.contains("Se Planen här."),
            "{}",
            first.plain_text
        );
        let again = linking();
        assert!(
            Arc::ptr_eq(&first, &again),
            "the same titles made a new copy"
        );
        write("mal.md", "Den nya planen", "## Mål\n\nText.\n");
        let retitled = linking();
        assert!(!Arc::ptr_eq(&first, &retitled));
        assert!(
            retitled.plain_text.contains("Se Den nya planen här."),
            "{}",
            retitled.plain_text
        );
    }

    /// The bodies were the largest part of the site model still held at the build's peak of
    /// memory: a one-shot build keeps none once the document pages are written, in its parse
    /// cache or its resolved site, while a rebuilding pipeline keeps them for the next run.
    #[test]
    fn a_one_shot_build_keeps_no_body_once_the_pages_are_written() {
        let options = BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
        for one_shot in [true, false] {
            let mut pipeline = Pipeline::load(&options).expect("the example loads");
            pipeline.one_shot = one_shot;
            let mut resolved = pipeline.resolve().expect("the example resolves");
            assert!(resolved.bodies.iter().all(|body| !body.is_empty()));
            let collector = OutputCollector::default();
            pipeline
                .render(&mut resolved, Part::DocumentPages, &|file| {
                    collector.push(file)
                })
                .expect("the pages render");
            let pages = collector.into_sorted();
            let strategy = pages
                .iter()
                .find(|file| file.path == "vansterpartiet/partiprogram/index.html")
                .or_else(|| pages.iter().find(|file| file.path.ends_with("index.html")))
                .expect("a document page");
            assert!(
                strategy.bytes.len() > 10_000,
                "{} has its body",
                strategy.path
            );
            let kept = resolved.bodies.len()
                + pipeline
                    .parsed
                    .values()
                    .filter(|parsed| !parsed.body.is_empty())
                    .count();
            if one_shot {
                assert_eq!(kept, 0, "a one-shot build kept bodies");
            } else {
                assert_eq!(kept, 2 * resolved.site.documents.len());
            }
        }
    }
}
