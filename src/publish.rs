//! The render stage's parts put together: the document pages (`render`), the site's own and
//! the index pages (`render`'s cards and site pages, then `indexes`' index pages), and the
//! data files (`indexes`' exports and search index, `render`'s feeds). `render` does not know
//! the index producers; they use its public types ([`Emit`], [`PageJob`], [`Theme`]).
//! The preview server writes the parts in this order, so the page an author looks at does
//! not wait for the indexes.
//!
//! [`PageJob`]: crate::render::PageJob

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::document::Body;
use crate::indexes::{self, IndexMemo};
use crate::render::views::Urls;
use crate::render::{
    Emit, OutputSink, Producing, RenderCounts, RenderMemo, Theme, render_documents_into,
    render_feeds, render_site_pages,
};
use crate::resolve::Site;

/// What the stages after resolve keep across runs, each handed to the stage that uses it.
pub struct PublishMemos<'a> {
    pub render: &'a RenderMemo,
    pub indexes: &'a IndexMemo,
}

/// The whole site, each file handed to `sink` as soon as it is rendered: the document pages
/// beside everything else.
pub fn everything_into(
    site: &Site,
    bodies: Vec<Body>,
    theme: &Theme,
    config: &Config,
    memos: &PublishMemos<'_>,
    sink: &OutputSink<'_>,
) -> Result<RenderCounts, Vec<Diagnostic>> {
    let (documents, others) = rayon::join(
        || render_documents_into(site, bodies, None, theme, config, memos.render, sink),
        || {
            // One part at a time, each parallel inside, while the document pages render
            // beside them: side by side, the index rows, the exports and the search index
            // were all in memory at once, which set the build's peak.
            let pages = index_pages_into(site, theme, config, memos, sink);
            let data = data_files_into(site, theme, config, memos, sink);
            crate::timings::mark("index pages, exports, feeds");
            RenderCounts::join(pages, data)
        },
    );
    RenderCounts::join(documents, others)
}

/// The document pages alone, or those of the documents `only` names: what an author
/// previewing a document looks at.
pub fn document_pages_into(
    site: &Site,
    bodies: Vec<Body>,
    only: Option<&[String]>,
    theme: &Theme,
    config: &Config,
    memos: &PublishMemos<'_>,
    sink: &OutputSink<'_>,
) -> Result<RenderCounts, Vec<Diagnostic>> {
    render_documents_into(site, bodies, only, theme, config, memos.render, sink)
}

/// The site's own pages (home, organisations, 404) and the index pages: what a reader
/// browses by, and what the preview server writes right after the document pages.
pub fn index_pages_into(
    site: &Site,
    theme: &Theme,
    config: &Config,
    memos: &PublishMemos<'_>,
    sink: &OutputSink<'_>,
) -> Result<RenderCounts, Vec<Diagnostic>> {
    let urls = Urls::new(config, &site.vocabulary);
    let producing = Producing::pages(theme, memos.render, sink);
    // Each producer hands over what it makes as soon as it exists, rendered on the spot, so
    // no page's context outlives its writing: on a large site those were gigabytes held at
    // once.
    let emit = |produced| producing.emit(produced);
    let emit: &Emit<'_> = &emit;
    if let Some(cards) = render_site_pages(site, theme, &urls, memos.render, emit) {
        indexes::index_pages(site, theme, &urls, &cards, memos.indexes, emit);
    }
    producing.finish()
}

/// The search index, the open-data exports and the feeds: files nobody watches being
/// written, so the preview server writes them last.
pub fn data_files_into(
    site: &Site,
    theme: &Theme,
    config: &Config,
    memos: &PublishMemos<'_>,
    sink: &OutputSink<'_>,
) -> Result<RenderCounts, Vec<Diagnostic>> {
    let urls = Urls::new(config, &site.vocabulary);
    let producing = Producing::files(theme, sink);
    let emit = |produced| producing.emit(produced);
    let emit: &Emit<'_> = &emit;
    // The feeds are small, and made beside the search index, whose last steps are on one
    // thread.
    rayon::join(
        || indexes::data_files(site, theme, &urls, memos.indexes, emit),
        || render_feeds(site, theme, &urls, emit),
    );
    producing.finish()
}
