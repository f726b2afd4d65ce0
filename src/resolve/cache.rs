//! What the last resolve found, kept by the [`crate::build::Pipeline`] so that a rebuild
//! checks again only the links a change can have affected, and updates the backlinks and
//! quote matches rather than gathering them anew. A cold build is the same code with an
//! empty cache: every document is new, so every document is checked and every backlink added.
//!
//! A link's check depends on its own document and on whether its target exists and has the
//! anchor. So a document is checked again when it changed (it is another `Arc` than last
//! time: the parse cache hands out the same one for unchanged text), when a document it
//! links to was added, removed or changed its anchors (those are found through the
//! backlinks, which are exactly the links that resolved), and when its links had errors last
//! time (a "did you mean" help depends on every path in the site). A report's quote matches
//! are the memo's part for it: the same `Arc` as last time means the same matches. On a site
//! of 10,000 documents, checking every link of every document and gathering every backlink
//! again was half of a save's time in `serve`.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use super::links::{Pointer, shown};
use super::quotes::ReportMatches;
use super::{Backlink, BacklinkKind, QuoteMatch};
use crate::diagnostic::Diagnostic;
use crate::document::Document;

/// (target document, target anchor or "" for the document) → what points at it.
pub type Backlinks = BTreeMap<(String, String), Vec<Backlink>>;
/// (report document, quote id) → the commitment it quotes.
pub type QuoteMatches = BTreeMap<(String, String), QuoteMatch>;

#[derive(Default)]
pub struct ResolveCache {
    documents: HashMap<String, Known>,
    /// Documents whose links had errors last time.
    with_errors: Vec<String>,
    /// Shared with the last [`super::Site`]: once that is dropped, updated in place.
    backlinks: Arc<Backlinks>,
    quote_matches: Arc<QuoteMatches>,
    /// The documents with `[[target]]` links as last retitled.
    pub(super) retitled: super::link_titles::RetitledDocuments,
}

/// A document as the last resolve saw it.
struct Known {
    document: Arc<Document>,
    /// A hash of its anchors: what links into it are checked against.
    anchors: u64,
    /// Its quotes' matches, for a report.
    quotes: Option<Arc<ReportMatches>>,
}

/// What a resolve has to redo, by index in the site's documents.
pub(super) struct Plan {
    /// Documents new or changed since the last resolve, with their anchors' hash.
    changed: Vec<(usize, u64)>,
    /// Documents whose links are checked again: the changed ones and those they affect.
    pub recheck: Vec<usize>,
    /// Paths of the documents gone since the last resolve.
    pub removed: Vec<String>,
}

fn anchors_hash(document: &Document) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    document.anchors.hash(&mut hasher);
    hasher.finish()
}

impl ResolveCache {
    /// Works out which documents' links to check again.
    pub(super) fn plan(
        &self,
        documents: &[Arc<Document>],
        by_path: &HashMap<String, usize>,
    ) -> Plan {
        // (index, anchors' hash, whether links into it may now check differently).
        let changed: Vec<(usize, u64, bool)> = documents
            .par_iter()
            .enumerate()
            .filter_map(|(i, document)| match self.documents.get(&document.path) {
                Some(known) if Arc::ptr_eq(&known.document, document) => None,
                known => {
                    let anchors = anchors_hash(document);
                    Some((i, anchors, known.is_none_or(|k| k.anchors != anchors)))
                }
            })
            .collect();
        let added = changed
            .iter()
            .filter(|(i, ..)| !self.documents.contains_key(&documents[*i].path))
            .count();
        // Every document kept is still there unless fewer are kept than were known.
        let removed: Vec<String> = if documents.len() - added < self.documents.len() {
            self.documents
                .keys()
                .filter(|path| !by_path.contains_key(*path))
                .cloned()
                .collect()
        } else {
            Vec::new()
        };
        let mut marked = vec![false; documents.len()];
        let mut mark = |path: &str| {
            if let Some(&i) = by_path.get(path) {
                marked[i] = true;
            }
        };
        let targets = changed
            .iter()
            .filter(|(.., affects)| *affects)
            .map(|(i, ..)| documents[*i].path.as_str())
            .chain(removed.iter().map(String::as_str));
        for target in targets {
            for (_, list) in backlinks_into(&self.backlinks, target) {
                for backlink in list.iter().filter(|b| b.kind != BacklinkKind::Quote) {
                    mark(&backlink.from_doc);
                }
            }
        }
        for path in &self.with_errors {
            mark(path);
        }
        for (i, ..) in &changed {
            marked[*i] = true;
        }
        Plan {
            changed: changed
                .into_iter()
                .map(|(i, anchors, _)| (i, anchors))
                .collect(),
            recheck: (0..documents.len()).filter(|&i| marked[i]).collect(),
            removed,
        }
    }

    /// Takes in what the resolve redid: the links checked again (`checked`, by document
    /// index, with what they found) and every report's matches. Returns the diagnostics of
    /// the links and quotes, and the backlinks and quote matches for the site.
    pub(super) fn update(
        &mut self,
        documents: &[Arc<Document>],
        plan: &Plan,
        checked: Vec<(usize, super::links::CheckedLinks<'_>)>,
        reports: &[(usize, Arc<ReportMatches>)],
    ) -> (Vec<Diagnostic>, Arc<Backlinks>, Arc<QuoteMatches>) {
        let backlinks = Arc::make_mut(&mut self.backlinks);
        let quote_matches = Arc::make_mut(&mut self.quote_matches);
        // First every old contribution of what changed goes, then the new ones come, so
        // that a removal never takes away what was just added.
        for &i in &plan.recheck {
            if let Some(known) = self.documents.get(&documents[i].path) {
                remove_links(backlinks, &known.document);
            }
        }
        let mut part_of = vec![None; documents.len()];
        for (r, part) in reports {
            part_of[*r] = Some(part);
        }
        let quotes_changed: Vec<usize> = reports
            .iter()
            .map(|(r, _)| *r)
            .chain(plan.changed.iter().map(|(i, _)| *i))
            .filter(|&i| {
                let known = self.documents.get(&documents[i].path);
                let old = known.and_then(|k| k.quotes.as_ref());
                match (old, part_of[i]) {
                    (Some(old), Some(new)) => !Arc::ptr_eq(old, new),
                    (old, new) => old.is_some() || new.is_some(),
                }
            })
            .collect();
        for &i in &quotes_changed {
            let known = self.documents.get(&documents[i].path);
            if let Some(old) = known.and_then(|k| k.quotes.as_ref()) {
                remove_quotes(backlinks, quote_matches, old);
            }
        }
        for path in &plan.removed {
            if let Some(known) = self.documents.remove(path) {
                remove_links(backlinks, &known.document);
                if let Some(old) = &known.quotes {
                    remove_quotes(backlinks, quote_matches, old);
                }
            }
        }
        let mut diagnostics = Vec::new();
        let mut pointers = Vec::new();
        self.with_errors.clear();
        for (i, checked) in checked {
            if !checked.diagnostics.is_empty() {
                self.with_errors.push(documents[i].path.clone());
            }
            diagnostics.extend(checked.diagnostics);
            pointers.extend(checked.pointers);
        }
        for &i in &quotes_changed {
            if let Some(part) = part_of[i] {
                add_quotes(quote_matches, &mut pointers, part, i, documents);
            }
        }
        add_pointers(backlinks, pointers, documents);
        for (_, part) in reports {
            diagnostics.extend(part.diagnostics.iter().cloned());
        }
        for &(i, anchors) in &plan.changed {
            let document = &documents[i];
            let known = Known {
                document: document.clone(),
                anchors,
                quotes: part_of[i].cloned(),
            };
            self.documents.insert(document.path.clone(), known);
        }
        for &i in &quotes_changed {
            if let Some(known) = self.documents.get_mut(&documents[i].path) {
                known.quotes = part_of[i].cloned();
            }
        }
        (
            diagnostics,
            self.backlinks.clone(),
            self.quote_matches.clone(),
        )
    }
}

/// Everything that points into document `doc`, by target anchor ("" for the document).
pub(super) fn backlinks_into<'a>(
    backlinks: &'a Backlinks,
    doc: &'a str,
) -> impl Iterator<Item = (&'a str, &'a [Backlink])> + 'a {
    backlinks
        .range((doc.to_string(), String::new())..)
        .take_while(move |((target, _), _)| target == doc)
        .map(|((_, anchor), list)| (anchor.as_str(), list.as_slice()))
}

/// Takes out the links and `implements` of `document` (as it was) from the backlinks.
fn remove_links(backlinks: &mut Backlinks, document: &Document) {
    for link in &document.links {
        let anchor = link.target.anchor.as_deref().unwrap_or_default();
        let key = (link.target.doc.clone(), anchor.to_string());
        if let Some(list) = backlinks.get_mut(&key) {
            list.retain(|b| b.kind == BacklinkKind::Quote || b.from_doc != document.path);
            if list.is_empty() {
                backlinks.remove(&key);
            }
        }
    }
}

/// Takes out a report's quote matches and the backlinks they made.
fn remove_quotes(
    backlinks: &mut Backlinks,
    quote_matches: &mut QuoteMatches,
    part: &ReportMatches,
) {
    for ((report, quote), matched) in &part.matches {
        quote_matches.remove(&(report.clone(), quote.clone()));
        for commitment in &matched.commitments {
            let key = (matched.doc.clone(), commitment.clone());
            if let Some(list) = backlinks.get_mut(&key) {
                list.retain(|b| {
                    !(b.kind == BacklinkKind::Quote
                        && b.from_doc == *report
                        && b.from_anchor == *quote)
                });
                if list.is_empty() {
                    backlinks.remove(&key);
                }
            }
        }
    }
}

/// Puts in report `r`'s quote matches, and the pointers they make for the backlinks.
fn add_quotes<'a>(
    quote_matches: &mut QuoteMatches,
    pointers: &mut Vec<Pointer<'a>>,
    part: &'a ReportMatches,
    r: usize,
    documents: &[Arc<Document>],
) {
    for (key, matched) in &part.matches {
        quote_matches.insert(key.clone(), matched.clone());
        let Ok(target_doc) = documents.binary_search_by(|d| d.path.as_str().cmp(&matched.doc))
        else {
            continue;
        };
        for commitment in &matched.commitments {
            pointers.push(Pointer {
                target_doc,
                target_anchor: commitment,
                from_doc: r,
                from_anchor: &key.1,
                kind: BacklinkKind::Quote,
                shown: shown(&documents[r], &key.1),
            });
        }
    }
}

/// Adds the pointers to the backlinks, each list kept sorted and without repeats. Sorting
/// the pointers once (in parallel) groups them by target, so the map is searched once per
/// target rather than once per pointer; on a cold build that was most of the stage's serial
/// time.
fn add_pointers(
    backlinks: &mut Backlinks,
    mut pointers: Vec<Pointer<'_>>,
    documents: &[Arc<Document>],
) {
    pointers.par_sort_unstable();
    pointers.dedup();
    let path = |index: usize| documents.get(index).map_or("", |d| d.path.as_str());
    let mut pointers = pointers.into_iter().peekable();
    while let Some(first) = pointers.next() {
        let target = (first.target_doc, first.target_anchor);
        let key = (path(target.0).to_string(), target.1.to_string());
        let list = backlinks.entry(key).or_default();
        let mut next = Some(first);
        while let Some(pointer) = next {
            let backlink = Backlink {
                from_doc: path(pointer.from_doc).to_string(),
                from_anchor: pointer.from_anchor.to_string(),
                kind: pointer.kind,
                shown: pointer.shown,
            };
            if let Err(at) = list.binary_search(&backlink) {
                list.insert(at, backlink);
            }
            next = pointers.next_if(|p| (p.target_doc, p.target_anchor) == target);
        }
    }
}
