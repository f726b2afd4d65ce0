//! The last check of links written as addresses of the site (`/mal/`, `/css/site.css`):
//! those that name no document are held against the files the build wrote, static files
//! included, since only the build knows every index page, export and asset.

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Locator, did_you_mean, sort_diagnostics};
use crate::document::LinkKind;
use crate::resolve::Site;

/// `file:line: url` for every link to another host, in the order of files and lines.
pub fn external_links(site: &Site) -> Vec<String> {
    let mut lines = Vec::new();
    for document in &site.documents {
        if document.external_links.is_empty() {
            continue;
        }
        let text = std::fs::read_to_string(&document.file).unwrap_or_default();
        let mut cursor = (0usize, 1usize);
        for (offset, url) in &document.external_links {
            let (from, line) = if *offset >= cursor.0 { cursor } else { (0, 1) };
            let to = (*offset).min(text.len());
            let line = line
                + text.as_bytes()[from.min(to)..to]
                    .iter()
                    .filter(|&&b| b == b'\n')
                    .count();
            cursor = (to, line);
            lines.push(format!("{}:{line}: {url}", document.source_path.display()));
        }
    }
    lines
}

/// An error for every link of kind [`LinkKind::Site`] to a path that is neither a document
/// nor a file in `written` (output paths such as `mal/index.html`, `css/site.css`).
pub fn check_site_paths(site: &Site, written: &HashSet<String>) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for document in &site.documents {
        let mut locator: Option<Option<Locator<'static>>> = None;
        for link in &document.links {
            let path = link.target.doc.as_str();
            if link.kind != LinkKind::Site || site.document(path).is_some() {
                continue;
            }
            let page = if path.is_empty() {
                "index.html".to_string()
            } else {
                format!("{path}/index.html")
            };
            if written.contains(path) || written.contains(&page) {
                continue;
            }
            let mut diagnostic = Diagnostic::err(crate::text!("E058", path = format!("/{path}")));
            // A file (an image, a PDF) is not a misspelt document, however close its path,
            // but may be a misspelt file the build wrote (`/css/stil.css`).
            diagnostic = if crate::markdown::site_links::is_page_path(path) {
                let documents = site.documents.iter().map(|d| d.path.as_str());
                match did_you_mean(path, documents) {
                    Some(nearest) => diagnostic.help(crate::text!(
                        "help.did-you-mean",
                        nearest = format!("@/{nearest}.md")
                    )),
                    None => diagnostic.help(crate::text!("E058.help")),
                }
            } else {
                // Of the same kind: `karta.png` is no misspelt `index.html` beside it.
                let extension = |file: &str| file.rsplit_once('.').map(|(_, e)| e.to_string());
                let alike = written
                    .iter()
                    .map(String::as_str)
                    .filter(|file| extension(file) == extension(path));
                match did_you_mean(path, alike) {
                    Some(nearest) => diagnostic.help(crate::text!(
                        "help.did-you-mean",
                        nearest = format!("/{nearest}")
                    )),
                    None => diagnostic.help(crate::text!(
                        "E058.help-file",
                        file = format!("static/{path}")
                    )),
                }
            };
            let locator = locator.get_or_insert_with(|| {
                std::fs::read_to_string(&document.file)
                    .ok()
                    .map(|text| Locator::new(&document.source_path, text))
            });
            diagnostics.push(match locator {
                Some(locator) if link.offset < locator.text().len() => {
                    locator.locate(diagnostic, link.offset..link.offset + 1)
                }
                _ => diagnostic.in_file(&document.source_path),
            });
        }
    }
    sort_diagnostics(&mut diagnostics);
    diagnostics
}
