//! The pipeline as one call: load → parse → resolve → render, and for `build`, write.
//! [`Pipeline`] keeps what a rebuild may reuse (the theme, and every parsed document keyed by
//! the hash of its text), so the preview server rebuilds through the very same code path.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Config, DraftMode, load_config};
use crate::content::{apply_followups, load_followups, load_sources, load_vocabulary};
use crate::diagnostic::{Diagnostic, sort_diagnostics};
use crate::error::BuildFailure;
use crate::markdown::{ParseContext, ParseOutcome, parse_document};
use crate::output::{collect_static_files, write_site_atomically};
use crate::render::{OutputFile, Theme, load_theme, render_site};
use crate::resolve::{Site, resolve_site};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: DraftMode,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: DraftMode::Exclude,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub documents: usize,
    pub items: usize,
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} documents, {} items, {} pages ({} files) in {} ms",
            self.documents,
            self.items,
            self.pages,
            self.files,
            self.elapsed.as_millis()
        )
    }
}

/// A successful build, in memory.
pub struct Build {
    pub site: Site,
    pub outputs: Vec<OutputFile>,
    pub static_files: Vec<(PathBuf, String)>,
    pub warnings: Vec<Diagnostic>,
    pub summary: Summary,
}

pub struct Pipeline {
    config: Config,
    theme: Theme,
    parsed: HashMap<String, (u64, Arc<ParseOutcome>)>,
    vocabulary_fingerprint: u64,
}

impl Pipeline {
    pub fn load(options: &BuildOptions) -> Result<Pipeline, BuildFailure> {
        let config = load_config(&options.root, options.base_url.as_deref(), options.drafts)
            .map_err(BuildFailure::Content)?;
        let theme = load_theme(&config).map_err(BuildFailure::Content)?;
        Ok(Pipeline {
            config,
            theme,
            parsed: HashMap::new(),
            vocabulary_fingerprint: 0,
        })
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Reads the templates and UI strings again; parsed documents are dropped too, since
    /// their permalink labels come from the UI strings.
    pub fn reload_theme(&mut self) -> Result<(), BuildFailure> {
        self.theme = load_theme(&self.config).map_err(BuildFailure::Content)?;
        self.parsed.clear();
        Ok(())
    }

    /// Runs the pipeline up to rendered files in memory. Every error of every stage that
    /// could run is reported together.
    pub fn run(&mut self) -> Result<Build, BuildFailure> {
        let started = Instant::now();
        let config = &self.config;
        let vocabulary = load_vocabulary(&config.content_dir).map_err(BuildFailure::Content)?;
        let fingerprint = fingerprint_vocabulary(&config.content_dir);
        if fingerprint != self.vocabulary_fingerprint {
            self.parsed.clear();
            self.vocabulary_fingerprint = fingerprint;
        }
        let (sources, mut diagnostics) = load_sources(&config.content_dir);
        let (followups, followup_diagnostics) = load_followups(&config.content_dir);
        diagnostics.extend(followup_diagnostics);
        let labels = self.theme.markup_labels();
        let context = ParseContext {
            config,
            vocabulary: &vocabulary,
            labels: &labels,
        };
        let cache = &self.parsed;
        let outcomes: Vec<(String, u64, Arc<ParseOutcome>)> = sources
            .par_iter()
            .map(|source| {
                let hash = hash_text(&source.text);
                match cache.get(&source.rel_path) {
                    Some((cached, outcome)) if *cached == hash => {
                        (source.rel_path.clone(), hash, outcome.clone())
                    }
                    _ => (
                        source.rel_path.clone(),
                        hash,
                        Arc::new(parse_document(source, &context)),
                    ),
                }
            })
            .collect();
        self.parsed = outcomes
            .iter()
            .map(|(path, hash, outcome)| (path.clone(), (*hash, outcome.clone())))
            .collect();
        let mut documents = Vec::with_capacity(outcomes.len());
        for (_, _, outcome) in &outcomes {
            diagnostics.extend(outcome.diagnostics.iter().cloned());
            if let Some(document) = &outcome.document
                && (!document.meta.draft || config.drafts == DraftMode::Include)
            {
                documents.push(document.clone());
            }
        }
        diagnostics.extend(apply_followups(&mut documents, &followups));
        let (site, resolve_diagnostics) = resolve_site(documents, vocabulary);
        diagnostics.extend(resolve_diagnostics);
        sort_diagnostics(&mut diagnostics);
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Err(BuildFailure::Content(diagnostics));
        }
        let outputs = render_site(&site, &self.theme, config).map_err(BuildFailure::Content)?;
        let static_files = collect_static_files(&self.theme.static_dirs);
        let summary = Summary {
            documents: site.documents.len(),
            items: site.item_count(),
            pages: outputs.iter().filter(|o| o.path.ends_with(".html")).count(),
            files: outputs.len() + static_files.len(),
            elapsed: started.elapsed(),
        };
        Ok(Build {
            site,
            outputs,
            static_files,
            warnings: diagnostics,
            summary,
        })
    }
}

/// `planpress build`: the whole pipeline, then the new site swapped in for the old.
pub fn build_site(options: &BuildOptions) -> Result<Build, BuildFailure> {
    let started = Instant::now();
    let mut pipeline = Pipeline::load(options)?;
    let mut build = pipeline.run()?;
    write_site_atomically(&build.outputs, &build.static_files, &options.output_dir())?;
    build.summary.elapsed = started.elapsed();
    Ok(build)
}

/// `planpress check`: everything `build` checks, nothing written.
pub fn check_site(options: &BuildOptions) -> Result<Build, BuildFailure> {
    Pipeline::load(options)?.run()
}

fn hash_text(text: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

fn fingerprint_vocabulary(content_dir: &Path) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for name in ["organizations.toml", "topics.toml", "actors.toml"] {
        std::fs::read(content_dir.join(name))
            .unwrap_or_default()
            .hash(&mut hasher);
    }
    hasher.finish()
}
