//! Machine-read files: the Atom feed of documents, sitemap.xml and robots.txt.

use std::fmt::Write;

use crate::config::Config;
use crate::html::escape;
use crate::resolve::Site;

use super::views::Urls;
use super::{OutputFile, Theme};

pub fn feed_files(site: &Site, theme: &Theme, config: &Config, urls: &Urls<'_>) -> Vec<OutputFile> {
    vec![
        atom_feed(site, theme, config, urls),
        sitemap(site, config, urls),
        robots(urls),
    ]
}

fn atom_feed(site: &Site, theme: &Theme, config: &Config, urls: &Urls<'_>) -> OutputFile {
    let mut documents: Vec<_> = site.documents.iter().collect();
    documents.sort_by(|a, b| b.meta.date.cmp(&a.meta.date).then(a.path.cmp(&b.path)));
    let updated = documents
        .iter()
        .filter_map(|d| d.meta.date.clone())
        .max()
        .unwrap_or_else(|| "1970-01-01".into());
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(
        xml,
        "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">",
        escape(&config.language)
    );
    let _ = writeln!(xml, "  <title>{}</title>", escape(&config.title));
    let _ = writeln!(
        xml,
        "  <link href=\"{}\" rel=\"self\"/>",
        escape(&urls.absolute(&format!("{}/atom.xml", config.base_path)))
    );
    let _ = writeln!(
        xml,
        "  <link href=\"{}\"/>",
        escape(&urls.absolute(&urls.home()))
    );
    let _ = writeln!(xml, "  <id>{}</id>", escape(&urls.absolute(&urls.home())));
    let _ = writeln!(xml, "  <updated>{updated}T00:00:00Z</updated>");
    for document in documents {
        let url = urls.absolute(&urls.doc(&document.path));
        let organization = site
            .vocabulary
            .organization(&document.meta.organization)
            .map_or("", |o| o.name.as_str());
        let date = document
            .meta
            .date
            .clone()
            .unwrap_or_else(|| updated.clone());
        let summary = format!(
            "{} – {} {}",
            organization,
            theme.string(&format!("kind_{}", document.meta.kind)),
            document.meta.period
        );
        let _ = writeln!(xml, "  <entry>");
        let _ = writeln!(xml, "    <title>{}</title>", escape(&document.meta.title));
        let _ = writeln!(xml, "    <link href=\"{}\"/>", escape(&url));
        let _ = writeln!(xml, "    <id>{}</id>", escape(&url));
        let _ = writeln!(xml, "    <updated>{date}T00:00:00Z</updated>");
        let _ = writeln!(
            xml,
            "    <author><name>{}</name></author>",
            escape(organization)
        );
        let _ = writeln!(xml, "    <summary>{}</summary>", escape(&summary));
        let _ = writeln!(xml, "  </entry>");
    }
    xml.push_str("</feed>\n");
    OutputFile::new("atom.xml", xml)
}

fn sitemap(site: &Site, config: &Config, urls: &Urls<'_>) -> OutputFile {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut add = |url: String, lastmod: Option<&str>| {
        let _ = write!(xml, "  <url><loc>{}</loc>", escape(&urls.absolute(&url)));
        if let Some(date) = lastmod {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        xml.push_str("</url>\n");
    };
    add(urls.home(), None);
    for document in &site.documents {
        add(urls.doc(&document.path), document.meta.date.as_deref());
    }
    for organization in &site.vocabulary.organizations {
        add(urls.organization(&organization.slug), None);
    }
    for topic in &site.vocabulary.topics {
        add(urls.topic(&topic.slug), None);
    }
    let _ = config;
    xml.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", xml)
}

fn robots(urls: &Urls<'_>) -> OutputFile {
    let sitemap = urls.absolute(&format!("{}/sitemap.xml", urls.config.base_path));
    OutputFile::new(
        "robots.txt",
        format!("User-agent: *\nAllow: /\nSitemap: {sitemap}\n"),
    )
}
