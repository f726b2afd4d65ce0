//! The render stage: the resolved [`Site`] and the [`Theme`] become [`OutputFile`]s (pages,
//! feeds, generated assets), each handed to a sink as soon as it is made ([`OutputSink`]:
//! kept in memory for the preview server and `check`, written straight to disk by `build`).
//! Writing them is [`crate::output`]'s job, so the build and the preview server share this
//! stage unchanged. The index producers ([`crate::indexes`]) render through the same
//! [`PageJob`]s and [`Emit`].

pub(crate) mod doc_cards;
mod feeds;
mod item_meta;
mod lineage;
mod organizations;
mod page_cache;
mod page_links;
mod pages;
use crate::text_cut as text;
mod theme;
pub(crate) mod trace_link;
pub mod views;
mod yearly;

use std::collections::HashSet;
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::memo::{MemoKeys, Slot};
use crate::resolve::Site;
use views::Urls;

use page_cache::RenderedPages;
pub use pages::page_context;
pub use text::{shorten, shortened_prefix};
pub(crate) use theme::theme_display;
pub use theme::{BUNDLED_THEME_FILES, Theme, error_chain, history, load_theme};

/// One file of the built site, its path relative to the output folder with forward slashes.
///
/// The bytes are shared: the preview server keeps what it wrote to compare the next build's
/// files against, and a document page from the memo is then the very same buffer, so an
/// unchanged page is neither copied nor compared byte by byte (at 10,000 documents the pages
/// are ~270 MB, and each save copied and compared them all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Arc<Vec<u8>>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile::shared(path, Arc::new(bytes.into()))
    }

    pub fn shared(path: impl Into<String>, bytes: Arc<Vec<u8>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes,
        }
    }
}

/// A page to render: which template, where, and its data. Collected first, rendered in
/// parallel after, so that every page kind gets the same parallelism.
pub struct PageJob {
    pub path: String,
    pub template: &'static str,
    pub context: tera::Context,
}

/// Where rendered files go as soon as they exist: into memory for the preview server and
/// `check`, straight to disk for `build`, so a large site's pages are never all held at once.
pub type OutputSink<'a> = dyn Fn(OutputFile) -> Result<(), Diagnostic> + Sync + 'a;

/// How many files the render stage produced, and how many of them are pages.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderCounts {
    pub files: usize,
    pub pages: usize,
}

/// Rendered files kept in memory (for the preview server, `check` and tests), sorted by path
/// when taken out, since they arrive in whatever order the threads finish.
#[derive(Default)]
pub struct OutputCollector(std::sync::Mutex<Vec<OutputFile>>);

impl OutputCollector {
    pub fn push(&self, file: OutputFile) -> Result<(), Diagnostic> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .push(file);
        Ok(())
    }

    pub fn into_sorted(self) -> Vec<OutputFile> {
        let mut outputs = self
            .0
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        outputs.sort_by(|a, b| a.path.cmp(&b.path));
        outputs
    }
}

/// The page of every document (or of those `only` names), from the memo unless something it
/// shows changed (see `pages::page_key`). The preview server renders these first (the pages
/// of the documents just saved before all others), so the page an author is looking at
/// waits neither for the other pages' keys nor for the indexes.
pub fn render_documents_into(
    site: &Site,
    bodies: Vec<crate::document::Body>,
    only: Option<&[String]>,
    theme: &Theme,
    config: &Config,
    memo: &RenderMemo,
    sink: &OutputSink<'_>,
) -> Result<RenderCounts, Vec<Diagnostic>> {
    let urls = views::Urls::new(config, &site.vocabulary);
    let urls = &urls;
    let parts = item_meta::MetaParts::new(site, urls);
    let parts = &parts;
    let only: Option<HashSet<&str>> = only.map(|paths| paths.iter().map(String::as_str).collect());
    let documents = site
        .documents
        .par_iter()
        .zip(site.fingerprints.par_iter())
        .zip(bodies.into_par_iter())
        .filter(|((document, _), _)| {
            only.as_ref()
                .is_none_or(|only| only.contains(document.path.as_str()))
        })
        .map(|((document, &fingerprint), body)| {
            let key = || pages::page_key(document, fingerprint, site, &memo.keys);
            let render = || {
                let (job, size) = pages::document_job(document, &body, site, theme, urls, parts)?;
                render_bytes_sized(theme, &job, size)
            };
            memo.pages
                .get_or_make(&document.path, key, render)
                .map(|bytes| OutputFile::shared(pages::document_page_path(document), bytes))
        });
    let counts = drain_into(documents, sink);
    crate::timings::mark("document pages");
    counts
}

/// The cards of every document, and the site's own pages (home, organisations, 404), which
/// list them, handed to `emit`; the cards are for the index producers' topic pages. `None`
/// when a card's template fails, which is then handed to `emit`.
pub(crate) fn render_site_pages(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    memo: &RenderMemo,
    emit: &Emit<'_>,
) -> Option<doc_cards::DocCards> {
    // A document's card is on the home page, its organisation's page and its topics' pages:
    // rendered once for them all.
    let cards = match doc_cards::DocCards::render(site, theme, urls, memo) {
        Ok(cards) => cards,
        Err(diagnostic) => {
            emit(Produced::Failed(diagnostic));
            return None;
        }
    };
    crate::timings::mark("document cards");
    rayon::join(
        || {
            pages::site_page_jobs(site, theme, urls, &cards)
                .into_par_iter()
                .for_each(|job| emit(Produced::Page(job)));
        },
        || organizations::organization_pages_into(site, theme, urls, &cards, memo, emit),
    );
    crate::timings::mark("site pages");
    Some(cards)
}

/// The feed and the sitemap, through the theme's `atom.xml` and `sitemap.xml`, and
/// robots.txt, handed to `emit`.
pub fn render_feeds(site: &Site, theme: &Theme, urls: &Urls<'_>, emit: &Emit<'_>) {
    let (jobs, robots) = feeds::feed_files(site, theme, urls);
    for job in jobs {
        emit(Produced::Page(job));
    }
    emit(Produced::File(robots));
}

/// Renders what producers hand over, counting the files; the site's own and index pages are
/// compared with the last run's as they are rendered (see `page_cache`) when `pages` says so.
pub struct Producing<'a> {
    tally: Tally,
    theme: &'a Theme,
    run: Option<page_cache::PageRun<'a>>,
    sink: &'a OutputSink<'a>,
}

impl<'a> Producing<'a> {
    /// For the site's own and the index pages, which the preview server compares.
    pub fn pages(theme: &'a Theme, memo: &'a RenderMemo, sink: &'a OutputSink<'a>) -> Self {
        Producing {
            tally: Tally::default(),
            theme,
            run: page_cache::PageRun::start(memo),
            sink,
        }
    }

    /// For the search index, the exports and the feeds.
    pub fn files(theme: &'a Theme, sink: &'a OutputSink<'a>) -> Self {
        Producing {
            tally: Tally::default(),
            theme,
            run: None,
            sink,
        }
    }

    pub fn emit(&self, produced: Produced) {
        self.tally
            .emit(produced, self.theme, self.run.as_ref(), self.sink);
    }

    pub fn finish(self) -> Result<RenderCounts, Vec<Diagnostic>> {
        if let Some(run) = self.run {
            run.finish();
        }
        self.tally.finish()
    }
}

impl RenderCounts {
    /// The counts of two parts, or all their errors together.
    pub fn join(
        a: Result<RenderCounts, Vec<Diagnostic>>,
        b: Result<RenderCounts, Vec<Diagnostic>>,
    ) -> Result<RenderCounts, Vec<Diagnostic>> {
        match (a, b) {
            (Ok(a), Ok(b)) => Ok(RenderCounts {
                files: a.files + b.files,
                pages: a.pages + b.pages,
            }),
            (a, b) => {
                let mut errors: Vec<Diagnostic> = a.err().into_iter().flatten().collect();
                errors.extend(b.err().into_iter().flatten());
                Err(finish_errors(errors))
            }
        }
    }
}

/// What the render stage keeps across runs: each document's page and card, and the site's
/// own and index pages as the last run rendered them.
pub struct RenderMemo {
    keys: MemoKeys,
    pages: Slot<Vec<u8>>,
    cards: Slot<tera::Value>,
    /// Each organisation's page, by its path (`organizations::page_key`).
    organization_pages: Slot<Vec<u8>>,
    index_pages: RenderedPages,
}

impl RenderMemo {
    pub fn new(keys: MemoKeys) -> RenderMemo {
        RenderMemo {
            keys,
            pages: keys.slot(),
            cards: keys.slot(),
            organization_pages: keys.slot(),
            index_pages: RenderedPages::default(),
        }
    }

    /// Drops the parts of the documents no longer in the site.
    pub fn forget(&self, gone: &[String]) {
        self.pages.forget(gone);
        self.cards.forget(gone);
    }

    /// How many document pages were rendered rather than reused since the last call.
    pub fn take_pages_made(&self) -> usize {
        self.pages.take_made()
    }
}

/// The buffer an index page is rendered into. They are mostly lists of rows, 180 kB on
/// average on a large site: a buffer grown from the template's size copied each page
/// several times over, and Tera's `render` checks the whole page is UTF-8 once more.
const INDEX_PAGE_BUFFER: usize = 256 * 1024;

/// What a producer hands over: a page to render, a finished file, or the error that kept it
/// from making its files.
pub enum Produced {
    Page(PageJob),
    File(OutputFile),
    Failed(Diagnostic),
}

/// Where producers hand over what they make; callable from any thread.
pub type Emit<'a> = dyn Fn(Produced) + Sync + 'a;

/// Files handed to the sink, and the errors met, counted as they come from many threads.
#[derive(Default)]
struct Tally {
    files: std::sync::atomic::AtomicUsize,
    pages: std::sync::atomic::AtomicUsize,
    errors: std::sync::Mutex<Vec<Diagnostic>>,
}

impl Tally {
    /// Renders what a producer handed over if it is a page (compared with the last run's
    /// as it is rendered, with `pages`), and hands it to `sink`.
    fn emit(
        &self,
        produced: Produced,
        theme: &Theme,
        pages: Option<&page_cache::PageRun<'_>>,
        sink: &OutputSink<'_>,
    ) {
        let file = match (produced, pages) {
            (Produced::Page(job), Some(pages)) => pages.render(theme, job, INDEX_PAGE_BUFFER),
            (Produced::Page(job), None) => render_job_sized(theme, job, INDEX_PAGE_BUFFER),
            (Produced::File(file), _) => Ok(file),
            (Produced::Failed(diagnostic), _) => Err(diagnostic),
        };
        self.take(file.and_then(|file| self.count(file, sink)));
    }

    fn count(&self, file: OutputFile, sink: &OutputSink<'_>) -> Result<(), Diagnostic> {
        self.files
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if file.path.ends_with(".html") {
            self.pages
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
        sink(file)
    }

    fn take(&self, result: Result<(), Diagnostic>) {
        if let Err(diagnostic) = result {
            self.errors
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .push(diagnostic);
        }
    }

    fn finish(self) -> Result<RenderCounts, Vec<Diagnostic>> {
        let errors = self
            .errors
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !errors.is_empty() {
            return Err(finish_errors(errors));
        }
        Ok(RenderCounts {
            files: self.files.into_inner(),
            pages: self.pages.into_inner(),
        })
    }
}

/// Hands every rendered file to `sink`, counting them; every error is collected.
fn drain_into(
    files: impl ParallelIterator<Item = Result<OutputFile, Diagnostic>>,
    sink: &OutputSink<'_>,
) -> Result<RenderCounts, Vec<Diagnostic>> {
    let tally = Tally::default();
    files.for_each(|file| tally.take(file.and_then(|file| tally.count(file, sink))));
    tally.finish()
}

/// The same template error hits every page using the template: report it once.
fn finish_errors(mut errors: Vec<Diagnostic>) -> Vec<Diagnostic> {
    errors.sort_by(|a, b| a.message.cmp(&b.message));
    errors.dedup_by(|a, b| a.message == b.message);
    errors
}

/// Renders a page into a buffer of `size` bytes: a page much longer than its template (a
/// document's body, an index's rows) otherwise grows its buffer, copying it, several times.
fn render_job_sized(theme: &Theme, job: PageJob, size: usize) -> Result<OutputFile, Diagnostic> {
    let html = render_bytes_sized(theme, &job, size)?;
    Ok(OutputFile::new(job.path, html))
}

/// An index page's bytes, for a producer that keeps them itself (`indexes::row_pages`).
pub fn render_page(theme: &Theme, job: &PageJob) -> Result<Vec<u8>, Diagnostic> {
    render_bytes_sized(theme, job, INDEX_PAGE_BUFFER)
}

/// [`render_job_sized`] for a caller that keeps the bytes itself (the page memo).
fn render_bytes_sized(theme: &Theme, job: &PageJob, size: usize) -> Result<Vec<u8>, Diagnostic> {
    let mut html = Vec::with_capacity(size);
    match theme.tera.render_to(job.template, &job.context, &mut html) {
        Ok(()) => Ok(html),
        Err(error) => Err(template_error(job, &error)),
    }
}

fn template_error(job: &PageJob, error: &tera::Error) -> Diagnostic {
    Diagnostic::err(crate::text!(
        "E091",
        template = &job.template,
        error = error_chain(error)
    ))
}
