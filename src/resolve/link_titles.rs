//! A `[[target]]` link written without text shows its target's title on the page (the
//! render stage writes it in). The items' and numbered paragraphs' text, which the index
//! rows, the search's snippets and words and the exports show, held the target as written
//! (`vansterpartiet/strategidokumentet-2020`): here, once every document is known, they get
//! the title the page shows.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::document::{Document, LinkTarget, LinkTextSpan, TextPlace};

/// Each document with `[[target]]` links as it was last retitled, by path: a save in the
/// preview leaves nearly every document and its links' titles as they were, and copying each
/// such document again (a quarter of the generated ones) was ~85 ms of the ~130 ms from a
/// save to the saved page at 10,000 documents.
#[derive(Default)]
pub struct RetitledDocuments {
    by_path: HashMap<String, Retitled>,
}

struct Retitled {
    /// The document as it came to the resolve stage, and its fingerprint then.
    given: Arc<Document>,
    given_fingerprint: u64,
    titles: Vec<Option<String>>,
    document: Arc<Document>,
    fingerprint: u64,
}

/// Writes the titles of the documents' `[[target]]` links without text over the targets in
/// their items' and paragraphs' text and HTML and their running text, and folds the titles
/// into the documents' fingerprints (a memo keyed by one must see a target's retitling). A
/// document without such links keeps its `Arc`; one with them gets a copy, so the parse
/// cache keeps the original, or the copy `last` made of the same document with the same
/// titles. `keep` is false for a build no rebuild follows.
pub(super) fn write_link_titles(
    documents: &mut [Arc<Document>],
    fingerprints: &mut [u64],
    by_path: &HashMap<String, usize>,
    last: &mut RetitledDocuments,
    keep: bool,
) {
    // A broken link (which the build reports) shows its target as written: `None`.
    let chains = Chains {
        documents,
        by_path,
        item_runs: documents.par_iter().map(|d| item_runs(d)).collect(),
    };
    let titles: Vec<Option<Vec<Option<String>>>> = documents
        .par_iter()
        .map(|document| {
            (!document.titled_links.is_empty()).then(|| {
                (document.titled_links.iter())
                    .map(|target| chains.title(target, &mut { CHAIN_BUDGET }, &mut Vec::new()))
                    .collect()
            })
        })
        .collect();
    let last_run = &last.by_path;
    let retitled: Vec<Option<Retitled>> = (documents
        .par_iter_mut()
        .zip(fingerprints.par_iter_mut())
        .zip(titles))
    .map(|((document, fingerprint), titles)| {
        let titles = titles?;
        let retitled = match last_run.get(&document.path) {
            Some(last)
                if Arc::ptr_eq(&last.given, document)
                    && last.given_fingerprint == *fingerprint
                    && last.titles == titles =>
            {
                Retitled {
                    given: last.given.clone(),
                    given_fingerprint: last.given_fingerprint,
                    titles,
                    document: last.document.clone(),
                    fingerprint: last.fingerprint,
                }
            }
            _ => retitle(document.clone(), *fingerprint, titles),
        };
        *document = retitled.document.clone();
        *fingerprint = retitled.fingerprint;
        keep.then_some(retitled)
    })
    .collect();
    // Documents gone, or without titled links now, drop out with the last run's map.
    last.by_path = retitled
        .into_iter()
        .flatten()
        .map(|r| (r.document.path.clone(), r))
        .collect();
}

/// `given` with `titles` written over its links' targets, and its fingerprint with them.
fn retitle(given: Arc<Document>, given_fingerprint: u64, titles: Vec<Option<String>>) -> Retitled {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (given_fingerprint, &titles).hash(&mut hasher);
    let fingerprint = hasher.finish();
    let mut document = given.clone();
    if !document.titled_link_spans.is_empty() {
        let copy = Arc::make_mut(&mut document);
        let spans = std::mem::take(&mut copy.titled_link_spans);
        for run in spans.chunk_by(|a, b| a.place == b.place) {
            let Some(place) = run.first().map(|span| span.place) else {
                continue;
            };
            if let Some(text) = text_at(copy, place) {
                let title = |link: usize| titles.get(link).cloned().flatten();
                *text = retitled(text, run, title, matches!(place, TextPlace::ItemHtml(_)));
            }
        }
        copy.titled_link_spans = spans;
    }
    Retitled {
        given,
        given_fingerprint,
        titles,
        document,
        fingerprint,
    }
}

/// How many links deep a title is followed: A's link to B's item that is a link to C's
/// shows C's title, as far as this; further a link shows its target's text as written, as
/// does an item met again round a cycle (A → B → A: B's link to A shows A's own text).
const CHAIN_DEPTH: usize = 8;

/// How many titles one link's title may be made of, all links of the chain counted: an
/// item of 4,000 links, each to an item of 4,000, must not cost 16 million titles.
const CHAIN_BUDGET: usize = 64;

/// The documents' link targets, to follow a title that is itself a `[[target]]` link.
struct Chains<'d> {
    documents: &'d [Arc<Document>],
    by_path: &'d HashMap<String, usize>,
    /// Per document, the runs of its `titled_link_spans` in its items' text: (item, spans),
    /// ordered by item.
    item_runs: Vec<Vec<(usize, std::ops::Range<usize>)>>,
}

impl Chains<'_> {
    /// The title `target` shows: its item's text with its own links' titles in it, `depth`
    /// links down the chain, `budget` titles left; `None` for a broken link or when the
    /// budget is spent.
    fn title(
        &self,
        target: &LinkTarget,
        budget: &mut usize,
        path: &mut Vec<(usize, usize)>,
    ) -> Option<String> {
        *budget = budget.checked_sub(1)?;
        let &i = self.by_path.get(&target.doc)?;
        let document = self.documents.get(i)?;
        let anchor = target.anchor.as_deref();
        // Round a cycle the item already on the chain shows its own text, links as written.
        let chained = (path.len() < CHAIN_DEPTH)
            .then(|| anchor.and_then(|a| document.item_place(a)))
            .flatten()
            .filter(|&n| !path.contains(&(i, n)))
            .and_then(|n| {
                let runs = self.item_runs.get(i)?;
                let at = runs.binary_search_by_key(&n, |(item, _)| *item).ok()?;
                let (_, spans) = runs.get(at)?;
                Some((
                    n,
                    document.items.get(n)?,
                    document.titled_link_spans.get(spans.clone())?,
                ))
            });
        let Some((n, item, spans)) = chained else {
            return Some(document.link_title(anchor));
        };
        path.push((i, n));
        let title_of = |link: usize| {
            let inner = document.titled_links.get(link)?;
            self.title(inner, budget, path)
        };
        let text = retitled(&item.text, spans, title_of, false);
        path.pop();
        Some(crate::text_cut::shorten(
            text.trim(),
            crate::document::LINK_TITLE_CHARS,
        ))
    }
}

/// The runs of `document`'s `titled_link_spans` in its items' text, ordered by item.
fn item_runs(document: &Document) -> Vec<(usize, std::ops::Range<usize>)> {
    let mut runs = Vec::new();
    let mut start = 0;
    for run in document
        .titled_link_spans
        .chunk_by(|a, b| a.place == b.place)
    {
        if let Some(TextPlace::ItemText(n)) = run.first().map(|span| span.place) {
            runs.push((n, start..start + run.len()));
        }
        start += run.len();
    }
    runs.sort_by_key(|(n, _)| *n);
    runs
}

/// The text of `document` at `place`.
fn text_at(document: &mut Document, place: TextPlace) -> Option<&mut String> {
    match place {
        TextPlace::Plain => Some(&mut document.plain_text),
        TextPlace::ItemText(n) => document.items.get_mut(n).map(|item| &mut item.text),
        TextPlace::ItemHtml(n) => document.items.get_mut(n).map(|item| &mut item.html),
        TextPlace::Paragraph(n) => document.paragraphs.get_mut(n).map(|p| &mut p.text),
    }
}

/// `text` with each of `spans` (in order, none overlapping) written over by its link's
/// title, escaped when `text` is HTML; a broken link's stays as written.
fn retitled(
    text: &str,
    spans: &[LinkTextSpan],
    mut title_of: impl FnMut(usize) -> Option<String>,
    html: bool,
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    for span in spans {
        let Some(title) = title_of(span.link) else {
            continue;
        };
        let Some(before) = text.get(copied..span.range.start) else {
            continue;
        };
        if text.get(span.range.clone()).is_none() {
            continue;
        }
        out.push_str(before);
        if html {
            crate::html::escape_into(&mut out, &title);
        } else {
            out.push_str(&title);
        }
        copied = span.range.end;
    }
    out.push_str(text.get(copied..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_links_own_text_is_written_over() {
        let text = "Se a/plan och a/plan#mal-1 (a/plan).";
        let span = |link, range| LinkTextSpan {
            link,
            place: TextPlace::Plain,
            range,
        };
        let spans = [span(0, 3..9), span(1, 14..26), span(2, 28..34)];
        let titles = [Some("Plan".to_string()), Some("Mål <1>".into()), None];
        let titles = |link: usize| titles.get(link).cloned().flatten();
        assert_eq!(
            retitled(text, &spans, titles, false),
            "Se Plan och Mål <1> (a/plan)."
        );
        assert_eq!(
            retitled(text, &spans, titles, true),
            "Se Plan och Mål &lt;1&gt; (a/plan)."
        );
        // A span off the text or over the one before (which parsing does not make) is
        // left alone.
        let off = [span(0, 3..9), span(1, 5..12), span(1, 30..90)];
        assert_eq!(
            retitled(text, &off, titles, false),
            "Se Plan och a/plan#mal-1 (a/plan)."
        );
    }
}
