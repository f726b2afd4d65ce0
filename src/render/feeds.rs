//! Machine-read files: the Atom feed of documents and sitemap.xml, drawn by the theme's
//! `atom.xml` and `sitemap.xml` from the views here, and robots.txt.

use serde::Serialize;
use tera::Context;

use crate::resolve::Site;

use super::views::Urls;
use super::{OutputFile, PageJob, Theme};

/// The feed's `updated` when no document has a date: the feed still needs one.
const UNDATED: &str = "1970-01-01";

/// What `atom.xml` reads as `feed`; the site's title and language are the global `site`'s.
#[derive(Serialize)]
struct FeedView<'a> {
    /// The feed's own address, its `rel="self"` link.
    self_url: String,
    /// The home page's address, the feed's link and id.
    home_url: String,
    /// The newest document's date (YYYY-MM-DD).
    updated: &'a str,
    /// The documents, newest first.
    entries: Vec<FeedEntry<'a>>,
}

#[derive(Serialize)]
struct FeedEntry<'a> {
    title: &'a str,
    /// The document page's absolute address, the entry's link and id.
    url: String,
    /// The document's date, or the feed's when it has none.
    updated: &'a str,
    /// Its organisation's name, empty for a slug the vocabulary lacks.
    author: &'a str,
    kind_label: String,
    period: &'a str,
}

/// What `sitemap.xml` reads as `sitemap`.
#[derive(Serialize)]
struct SitemapView<'a> {
    urls: Vec<SitemapUrl<'a>>,
}

#[derive(Serialize)]
struct SitemapUrl<'a> {
    loc: String,
    /// A document's date (YYYY-MM-DD); the other pages have none.
    lastmod: Option<&'a str>,
}

/// The feed's and the sitemap's pages to render, and robots.txt.
pub fn feed_files(site: &Site, theme: &Theme, urls: &Urls<'_>) -> (Vec<PageJob>, OutputFile) {
    (
        vec![atom_feed(site, theme, urls), sitemap(site, urls)],
        robots(urls),
    )
}

fn atom_feed(site: &Site, theme: &Theme, urls: &Urls<'_>) -> PageJob {
    let mut documents: Vec<_> = site.documents.iter().collect();
    documents.sort_by(|a, b| b.meta.date.cmp(&a.meta.date).then(a.path.cmp(&b.path)));
    let updated = documents
        .iter()
        .filter_map(|d| d.meta.date.as_deref())
        .max()
        .unwrap_or(UNDATED);
    let entries = documents
        .into_iter()
        .map(|document| FeedEntry {
            title: &document.meta.title,
            url: urls.absolute(&urls.doc(&document.path)),
            updated: document.meta.date.as_deref().unwrap_or(updated),
            author: urls
                .organization_of(&document.meta.organization)
                .map_or("", |o| o.name.as_str()),
            kind_label: theme
                .string(&format!("kind_{}", document.meta.kind))
                .to_string(),
            period: &document.meta.period,
        })
        .collect();
    let feed = FeedView {
        self_url: urls.absolute(&format!("{}/atom.xml", urls.config.base_path)),
        home_url: urls.absolute(&urls.home()),
        updated,
        entries,
    };
    let mut context = Context::new();
    context.insert("feed", &feed);
    PageJob {
        path: "atom.xml".into(),
        template: "atom.xml",
        context,
    }
}

fn sitemap(site: &Site, urls: &Urls<'_>) -> PageJob {
    let page = |url: String, lastmod| SitemapUrl {
        loc: urls.absolute(&url),
        lastmod,
    };
    let vocabulary = &site.vocabulary;
    let words = &urls.config.paths;
    // The index pages the menus link: what a member browses by, and so what a search
    // engine should find (the search page has nothing of its own to index).
    let indexes = [
        &words.organizations,
        &words.goals,
        &words.recommendations,
        &words.commitments,
        &words.topics,
        &words.actors,
        &words.motions,
        &words.data,
    ];
    let mut pages = Vec::with_capacity(
        1 + indexes.len()
            + site.documents.len()
            + vocabulary.organizations.len()
            + vocabulary.topics.len()
            + vocabulary.actors.len(),
    );
    pages.push(page(urls.home(), None));
    pages.extend(
        indexes
            .iter()
            .map(|word| page(urls.section(word, None), None)),
    );
    pages.extend(
        site.documents
            .iter()
            .map(|d| page(urls.doc(&d.path), d.meta.date.as_deref())),
    );
    pages.extend(
        vocabulary
            .organizations
            .iter()
            .map(|o| page(urls.organization(&o.slug), None)),
    );
    pages.extend(
        vocabulary
            .topics
            .iter()
            .map(|t| page(urls.topic(&t.slug), None)),
    );
    pages.extend(
        vocabulary
            .actors
            .iter()
            .map(|a| page(urls.actor(&a.slug), None)),
    );
    let mut context = Context::new();
    context.insert("sitemap", &SitemapView { urls: pages });
    PageJob {
        path: "sitemap.xml".into(),
        template: "sitemap.xml",
        context,
    }
}

/// Written here rather than by a template: it only points crawlers at the sitemap, and
/// holds nothing of the site a theme would word or lay out.
fn robots(urls: &Urls<'_>) -> OutputFile {
    let sitemap = urls.absolute(&format!("{}/sitemap.xml", urls.config.base_path));
    OutputFile::new(
        "robots.txt",
        format!("User-agent: *\nAllow: /\nSitemap: {sitemap}\n"),
    )
}
