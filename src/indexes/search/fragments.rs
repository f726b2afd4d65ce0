//! The result fragments: what a result shows (its document's address, title, organisation,
//! kind and period; the item's anchor, kind, text and section), [`CHUNK`] items a file.

use std::collections::HashMap;

use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use super::entries::EntryOf;
use super::files::{number, string};
use super::kind_code;
use super::pages::MotionsPage;
use crate::document::Document;
use crate::indexes::json;
use crate::render::Theme;
use crate::render::views::Urls;
use crate::resolve::Site;

/// Items per result fragment file: at 64, about 4 KB gzipped, so the ten results shown
/// (mostly in ten different files) stay well under the entry file and shards; at 32 a site
/// of 10,000 documents had 8,800 files to write.
pub const CHUNK: usize = 64;

/// The longest text a fragment carries for a snippet, in bytes (about 300 characters of
/// Swedish).
const FRAGMENT_BYTES: usize = 320;

/// Cuts `text` to at most [`FRAGMENT_BYTES`] bytes, at a word's end: counted in bytes, not
/// characters, so that a text is not decoded character by character to find where to cut.
pub(super) fn fragment_text(text: &str) -> &str {
    if text.len() <= FRAGMENT_BYTES {
        return text;
    }
    let mut end = FRAGMENT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let cut = text.get(..end).unwrap_or(text);
    cut.rfind(' ').and_then(|at| cut.get(..at)).unwrap_or(cut)
}

/// How many headings before a heading are searched for the one it stands under.
const PARENT_SEARCH: usize = 64;

/// An item's section heading, a heading's parent heading ("" for a document or a paragraph).
fn section_of(of: EntryOf, document: &Document) -> &str {
    match of {
        EntryOf::Item(n) => document
            .items
            .get(n)
            .map_or("", |i| i.section_title.as_str()),
        EntryOf::Heading(n) => {
            let level = document.toc.get(n).map_or(0, |h| h.level);
            let before = document.toc.get(..n).unwrap_or_default();
            // Looked for among the few headings before it: a page of 20,000 headings of
            // one level, each searched back to the start, would cost their square.
            (before.iter().rev().take(PARENT_SEARCH))
                .find(|h| h.level < level)
                .map_or("", |h| h.title.as_str())
        }
        _ => "",
    }
}

/// An item's anchor ("" for its document), kind code, and text for its snippet: a numbered
/// paragraph's text follows `§<number> `. Borrowed: a string per item was 200,000 copies at
/// 10,000 documents.
fn item_of(of: EntryOf, document: &Document) -> (&str, &'static str, Option<u32>, &str) {
    match of {
        EntryOf::Document => {
            let text = match &document.meta.subtitle {
                Some(subtitle) => subtitle.as_str(),
                None => fragment_text(document.plain_text.trim_start()).trim_end(),
            };
            ("", "d", None, text)
        }
        EntryOf::Item(n) => document.items.get(n).map_or(("", "d", None, ""), |item| {
            let text = fragment_text(item.text.trim_start()).trim_end();
            (item.id.as_str(), kind_code(item.kind), None, text)
        }),
        EntryOf::Paragraph(n) => {
            document
                .paragraphs
                .get(n)
                .map_or(("", "p", None, ""), |paragraph| {
                    let text = fragment_text(paragraph.text.trim_start()).trim_end();
                    (paragraph.anchor.as_str(), "p", Some(paragraph.number), text)
                })
        }
        EntryOf::Heading(n) => document.toc.get(n).map_or(("", "h", None, ""), |heading| {
            (
                heading.id.as_str(),
                "h",
                None,
                fragment_text(&heading.title),
            )
        }),
        // Not a document's: written by `super::pages`.
        EntryOf::MotionsPage | EntryOf::Motion(_) => ("", "d", None, ""),
    }
}

/// The result fragments: per chunk of [`CHUNK`] items, their documents
/// (`[url, title, organisation, kind, period]`) and the items (`[document, anchor, kind,
/// text, section heading if any]`).
pub(super) fn fragments(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    items: &[(usize, EntryOf)],
    page: Option<&MotionsPage>,
) -> Vec<Vec<u8>> {
    let organizations = organization_names(site);
    // The document a fragment names: `[url, title, organisation, kind, period]`; the
    // motions page is the "document" after the site's, of no organisation, kind or period.
    let heading = |d: usize| -> Option<[std::borrow::Cow<'_, str>; 5]> {
        let Some(document) = site.documents.get(d) else {
            let page = page?;
            return Some([
                page.url.as_str().into(),
                page.title.as_str().into(),
                "".into(),
                "".into(),
                "".into(),
            ]);
        };
        let meta = &document.meta;
        let organization = organizations.get(meta.organization.as_str());
        Some([
            urls.doc(&document.path).into(),
            meta.title.as_str().into(),
            organization
                .map_or(meta.organization.as_str(), |name| name)
                .into(),
            theme
                .string(&format!("kind_{}", meta.kind))
                .to_string()
                .into(),
            meta.period.as_str().into(),
        ])
    };
    items
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut out = Vec::with_capacity(CHUNK * 300);
            out.extend_from_slice(b"{\"d\":{");
            let mut seen: Vec<usize> = Vec::new();
            for &(d, _) in chunk {
                if seen.contains(&d) {
                    continue;
                }
                let Some(fields) = heading(d) else {
                    continue;
                };
                if !seen.is_empty() {
                    out.push(b',');
                }
                seen.push(d);
                out.push(b'"');
                number(&mut out, d);
                out.extend_from_slice(b"\":[");
                for (n, field) in fields.iter().enumerate() {
                    if n > 0 {
                        out.push(b',');
                    }
                    string(&mut out, field);
                }
                out.push(b']');
            }
            out.extend_from_slice(b"},\"i\":[");
            for (n, &(d, of)) in chunk.iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                let document = site.documents.get(d);
                let (anchor, kind, paragraph, text) = match (document, page) {
                    (Some(document), _) => item_of(of, document),
                    (None, Some(page)) => {
                        let (anchor, kind, text) = page.fragment(of);
                        (anchor, kind, None, text)
                    }
                    (None, None) => ("", "d", None, ""),
                };
                let section = document.map_or("", |doc| section_of(of, doc));
                out.push(b'[');
                number(&mut out, d);
                out.push(b',');
                string(&mut out, anchor);
                out.push(b',');
                string(&mut out, kind);
                out.push(b',');
                out.push(b'"');
                if let Some(paragraph) = paragraph {
                    out.extend_from_slice("§".as_bytes());
                    number(&mut out, paragraph);
                    out.push(b' ');
                }
                json::contents(&mut out, text);
                out.push(b'"');
                if !section.is_empty() {
                    out.push(b',');
                    string(&mut out, section);
                }
                out.push(b']');
            }
            out.extend_from_slice(b"]}");
            out
        })
        .collect()
}

fn organization_names(site: &Site) -> HashMap<&str, &str, FxBuildHasher> {
    site.vocabulary
        .organizations
        .iter()
        .map(|o| (o.slug.as_str(), o.name.as_str()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fragment_texts_are_cut_at_a_word_within_the_bytes() {
        assert_eq!(fragment_text("kort text"), "kort text");
        let long = "åäö ".repeat(100);
        let cut = fragment_text(&long);
        assert!(
            cut.len() <= FRAGMENT_BYTES && long.starts_with(cut),
            "{cut}"
        );
        assert!(cut.ends_with('ö'));
        let word = "ö".repeat(400);
        assert!(fragment_text(&word).len() <= FRAGMENT_BYTES);
    }
}
