//! The resolve stage: all parsed [`Document`]s become one [`Site`] in which every internal
//! link and anchor has been checked, backlinks are known ("referred to by"), and the report's
//! quotes are matched to the commitments they quote. Nothing here renders HTML.

mod cache;
mod link_titles;
mod links;
mod quote_index;
mod quotes;

use std::collections::HashMap;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::Vocabulary;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, Item};
use crate::memo::{MemoKeys, Slot};

pub use cache::{Backlinks, QuoteMatches, ResolveCache};
use links::check_links;
pub use quotes::{QuoteMatch, normalize_for_matching};

/// What the resolve stage keeps across runs, per document: its commitments as quote
/// candidates and, per report, its quotes' matches.
pub struct ResolveMemo {
    keys: MemoKeys,
    candidates: Slot<quotes::DocumentCandidates>,
    quotes: Slot<quotes::ReportMatches>,
}

impl ResolveMemo {
    pub fn new(keys: MemoKeys) -> ResolveMemo {
        ResolveMemo {
            keys,
            candidates: keys.slot(),
            quotes: keys.slot(),
        }
    }

    /// Drops the parts of the documents no longer in the site.
    pub fn forget(&self, gone: &[String]) {
        self.candidates.forget(gone);
        self.quotes.forget(gone);
    }
}

/// Something that points at an item or a document: a link, an `implements`, or a quote.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Backlink {
    pub from_doc: String,
    /// The anchor in the source document (item, or section when the link is in prose).
    pub from_anchor: String,
    pub kind: BacklinkKind,
    /// A hash of the source and of what a page shows of it: `from_doc`, `from_anchor`, the
    /// document's title and organisation and the title of `from_anchor`, for the keys of the
    /// pages that show the backlink (`render::pages::page_key`). A backlink is made again
    /// whenever its source changes, so this stays true; looking the titles up for every
    /// backlink of every page on every save was most of a save's document pages at 10,000
    /// documents.
    #[serde(skip)]
    pub shown: u64,
}

/// A backlink hashes as its kind and [`Backlink::shown`], which covers its other fields:
/// every memo key hashes the backlinks of what it shows, and hashing their paths and anchors
/// as text was most of the document pages' keys (~60 ms of CPU a save at 10,000 documents).
impl std::hash::Hash for Backlink {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.kind.hash(state);
        self.shown.hash(state);
    }
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[serde(rename_all = "lowercase")]
pub enum BacklinkKind {
    Link,
    Implements,
    Quote,
}

/// Where to find an item: its document's index and its own index there.
#[derive(Debug, Clone, Copy)]
pub struct ItemRef {
    pub doc: usize,
    pub item: usize,
}

/// A parsed document and its fingerprint: a hash of everything in it (its source text and
/// the follow-up statuses applied to it), which the memo keys start from ([`crate::memo`]).
pub struct SiteDocument {
    pub document: Arc<Document>,
    pub fingerprint: u64,
}

pub struct Site {
    /// Shared with the pipeline's parse cache: a rebuild clones no document.
    pub documents: Vec<Arc<Document>>,
    /// [`Site::documents`]' fingerprints, in the same order.
    pub fingerprints: Vec<u64>,
    pub vocabulary: Vocabulary,
    by_path: HashMap<String, usize>,
    /// (target document, target anchor or "" for the document) → what points at it. Shared
    /// with the pipeline's [`ResolveCache`], which updates it for the next run.
    pub backlinks: Arc<Backlinks>,
    /// (report document, quote id) → the commitment it quotes; shared the same way.
    pub quote_matches: Arc<QuoteMatches>,
}

impl std::fmt::Debug for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Site")
            .field("documents", &self.documents)
            .field("vocabulary", &self.vocabulary)
            .field("backlinks", &self.backlinks)
            .field("quote_matches", &self.quote_matches)
            .finish_non_exhaustive()
    }
}

impl Site {
    pub fn document(&self, path: &str) -> Option<&Document> {
        self.by_path.get(path).map(|&i| &*self.documents[i])
    }

    /// The fingerprint of document `path`: its text and the follow-up statuses applied to it.
    pub fn fingerprint(&self, path: &str) -> Option<u64> {
        self.by_path
            .get(path)
            .and_then(|&i| self.fingerprints.get(i).copied())
    }

    /// Everything that points into document `doc`, by target anchor ("" for the document).
    pub fn backlinks_into<'a>(
        &'a self,
        doc: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a [Backlink])> + 'a {
        cache::backlinks_into(&self.backlinks, doc)
    }

    /// The matches of the quotes in report `doc`, by quote id.
    pub fn quote_matches_from<'a>(
        &'a self,
        doc: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a QuoteMatch)> + 'a {
        self.quote_matches
            .range((doc.to_string(), String::new())..)
            .take_while(move |((report, _), _)| report == doc)
            .map(|((_, quote), matched)| (quote.as_str(), matched))
    }

    pub fn backlinks_to(&self, doc: &str, anchor: &str) -> &[Backlink] {
        self.backlinks
            .get(&(doc.to_string(), anchor.to_string()))
            .map_or(&[], Vec::as_slice)
    }

    pub fn items(&self) -> impl Iterator<Item = (&Document, &Item)> {
        self.documents
            .iter()
            .flat_map(|d| d.items.iter().map(move |i| (&**d, i)))
    }

    pub fn item_count(&self) -> usize {
        self.documents.iter().map(|d| d.items.len()).sum()
    }

    /// The title of the item or section an anchor names, for link texts.
    pub fn anchor_title(&self, doc: &str, anchor: &str) -> Option<String> {
        self.document(doc)?.anchor_title(anchor).map(str::to_string)
    }

    /// Where document `path` is in [`Site::documents`] (and [`Site::fingerprints`]).
    pub fn document_index(&self, path: &str) -> Option<usize> {
        self.by_path.get(path).copied()
    }
}

/// Builds the site from parsed documents, checking every reference across them: those of
/// the documents `cache` says a change can have affected, all of them on a cold build, with
/// quote matches from `memo` where their inputs are unchanged. Also returns the paths of the
/// documents gone since the last resolve, whose memo parts can go. `keep` is false for a
/// build no rebuild follows.
pub fn resolve_site(
    mut sourced: Vec<SiteDocument>,
    vocabulary: Vocabulary,
    memo: &ResolveMemo,
    cache: &mut ResolveCache,
    keep: bool,
) -> (Site, Vec<Diagnostic>, Vec<String>) {
    sourced.sort_by(|a, b| a.document.path.cmp(&b.document.path));
    let (mut documents, mut fingerprints): (Vec<Arc<Document>>, Vec<u64>) = sourced
        .into_iter()
        .map(|s| (s.document, s.fingerprint))
        .unzip();
    let by_path: HashMap<String, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.path.clone(), i))
        .collect();
    let plan = cache.plan(&documents, &by_path);
    // The links are checked beside the quote matching.
    let (checked, reports) = rayon::join(
        || {
            plan.recheck
                .par_iter()
                .map(|&i| (i, check_links(i, &documents[i], &documents, &by_path)))
                .collect::<Vec<_>>()
        },
        || quotes::match_quotes(&documents, &fingerprints, &by_path, memo),
    );
    let (diagnostics, backlinks, quote_matches) =
        cache.update(&documents, &plan, checked, &reports);
    // After the cache has the documents as parsed, which it tells apart by their `Arc`s.
    let retitled = &mut cache.retitled;
    link_titles::write_link_titles(&mut documents, &mut fingerprints, &by_path, retitled, keep);
    let site = Site {
        documents,
        fingerprints,
        vocabulary,
        by_path,
        backlinks,
        quote_matches,
    };
    (site, diagnostics, plan.removed)
}
