//! The resolve stage: all parsed [`Document`]s become one [`Site`] in which every internal
//! link and anchor has been checked, backlinks are known ("referred to by"), and the report's
//! quotes are matched to the commitments they quote. Nothing here renders HTML.

mod memo;
mod quotes;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::content::Vocabulary;
use crate::diagnostic::{Collector, Diagnostic, Locator, did_you_mean};
use crate::document::{Document, Item, ItemKind, LinkKind};

pub use memo::{DataParts, DatasetPart, Memo, Slot};
pub use quotes::{QuoteMatch, normalize_for_matching};

/// Something that points at an item or a document: a link, an `implements`, or a quote.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Backlink {
    pub from_doc: String,
    /// The anchor in the source document (item, or section when the link is in prose).
    pub from_anchor: String,
    pub kind: BacklinkKind,
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
/// the follow-up statuses applied to it), which the [`Memo`]'s keys start from.
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
    /// What earlier runs derived from the documents; empty for a cold build.
    pub memo: Arc<Memo>,
    by_path: HashMap<String, usize>,
    /// (target document, target anchor or "" for the document) → what points at it.
    pub backlinks: BTreeMap<(String, String), Vec<Backlink>>,
    /// (report document, quote id) → the commitment it quotes.
    pub quote_matches: BTreeMap<(String, String), QuoteMatch>,
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

    /// Everything that points into document `doc`, by target anchor ("" for the document).
    pub fn backlinks_into<'a>(
        &'a self,
        doc: &'a str,
    ) -> impl Iterator<Item = (&'a str, &'a [Backlink])> + 'a {
        self.backlinks
            .range((doc.to_string(), String::new())..)
            .take_while(move |((target, _), _)| target == doc)
            .map(|((_, anchor), list)| (anchor.as_str(), list.as_slice()))
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

/// Builds the site from parsed documents, checking every reference across them. `memo`
/// goes into the site unchanged, for the stages after.
pub fn resolve_site(
    mut sourced: Vec<SiteDocument>,
    vocabulary: Vocabulary,
    memo: Arc<Memo>,
) -> (Site, Vec<Diagnostic>) {
    sourced.sort_by(|a, b| a.document.path.cmp(&b.document.path));
    let (documents, fingerprints): (Vec<Arc<Document>>, Vec<u64>) = sourced
        .into_iter()
        .map(|s| (s.document, s.fingerprint))
        .unzip();
    let by_path: HashMap<String, usize> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| (d.path.clone(), i))
        .collect();
    // Each document's links are checked on their own, beside the quote matching; only
    // gathering what they point at is left to do in order.
    let (checked, (quote_matches, quote_diagnostics)) = rayon::join(
        || {
            documents
                .par_iter()
                .enumerate()
                .map(|(index, document)| check_links(index, document, &documents, &by_path))
                .collect::<Vec<CheckedLinks>>()
        },
        || quotes::match_quotes(&documents, &fingerprints, &by_path, &memo),
    );
    let mut diagnostics = Vec::new();
    let mut pointers = Vec::with_capacity(checked.iter().map(|c| c.pointers.len()).sum());
    for document in checked {
        diagnostics.extend(document.diagnostics);
        pointers.extend(document.pointers);
    }
    diagnostics.extend(quote_diagnostics);
    for ((report, quote), matched) in &quote_matches {
        let (Some(&target_doc), Some(&from_doc)) = (by_path.get(&matched.doc), by_path.get(report))
        else {
            continue;
        };
        for commitment in &matched.commitments {
            pointers.push(Pointer {
                target_doc,
                target_anchor: commitment,
                from_doc,
                from_anchor: quote,
                kind: BacklinkKind::Quote,
            });
        }
    }
    let backlinks = group_backlinks(pointers, &documents);
    let site = Site {
        documents,
        fingerprints,
        vocabulary,
        memo,
        by_path,
        backlinks,
        quote_matches,
    };
    (site, diagnostics)
}

/// A target (document, anchor or "" for the document) and one thing that points at it, the
/// documents by their index in the site. The documents are sorted by path, so the indexes
/// sort as the paths do, and the fields in this order sort as the backlinks map does; the
/// strings are borrowed until the map is built. Sorting a large site's pointers by their
/// path strings, and cloning those for each, was most of a preview rebuild's resolve stage.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Pointer<'a> {
    target_doc: usize,
    target_anchor: &'a str,
    from_doc: usize,
    from_anchor: &'a str,
    kind: BacklinkKind,
}

/// What checking one document's links found: what they point at, and the broken ones.
struct CheckedLinks<'a> {
    pointers: Vec<Pointer<'a>>,
    diagnostics: Vec<Diagnostic>,
}

fn check_links<'a>(
    from_doc: usize,
    document: &'a Document,
    documents: &[Arc<Document>],
    by_path: &HashMap<String, usize>,
) -> CheckedLinks<'a> {
    let mut pointers = Vec::with_capacity(document.links.len());
    let mut diagnostics = Collector::default();
    // The file, read for the first broken link; and the suggestion for each missing
    // document, made once: a link broken the same way 20,000 times was 20,000 reads of the
    // file and searches of the site.
    let file = std::cell::OnceCell::new();
    let mut nearest_docs: HashMap<&str, Option<&str>> = HashMap::new();
    for link in &document.links {
        let Some(&target_index) = by_path.get(&link.target.doc) else {
            if link.kind == LinkKind::Site {
                // Another page or file of the site: checked once the build has written them.
                continue;
            }
            let mut diagnostic = Diagnostic::error(format!(
                "link to a document that does not exist: `{}`",
                link.target.doc
            ));
            let nearest = match nearest_docs.get(link.target.doc.as_str()) {
                Some(&nearest) => nearest,
                None if diagnostics.wants_suggestions() => {
                    let paths = documents.iter().map(|d| d.path.as_str());
                    let nearest = did_you_mean(&link.target.doc, paths);
                    nearest_docs.insert(link.target.doc.as_str(), nearest);
                    nearest
                }
                None => None,
            };
            if let Some(nearest) = nearest {
                diagnostic = diagnostic.with_help(format!("did you mean `{nearest}`?"));
            }
            diagnostics.push(locate(diagnostic, document, &file, link.offset));
            continue;
        };
        let target = &documents[target_index];
        let anchor: &'a str = link.target.anchor.as_deref().unwrap_or_default();
        if !anchor.is_empty() && !target.anchors.contains(anchor) {
            let mut diagnostic = Diagnostic::error(format!(
                "link to an anchor that does not exist: `{}#{anchor}`",
                target.path
            ));
            // Suggested only for as many as a file shows: 2,000 broken links into a page of
            // 2,000 headings were 4 million comparisons of strings.
            let lost = target.lost_markings.iter().find(|m| m.would_make(anchor));
            let nearest = diagnostics
                .wants_suggestions()
                .then(|| did_you_mean(anchor, target.anchors.iter().map(String::as_str)))
                .flatten();
            if let Some(lost) = lost {
                diagnostic = diagnostic.with_help(lost.explain(&target.source_path));
            } else if let Some(nearest) = nearest {
                diagnostic = diagnostic.with_help(format!("did you mean `#{nearest}`?"));
            }
            diagnostics.push(locate(diagnostic, document, &file, link.offset));
            continue;
        }
        if target.path == document.path
            && link.kind != LinkKind::Implements
            && link.source_item.is_none()
        {
            // Links within a page ("se även delmål 6") are navigation, not references.
            continue;
        }
        let kind = match link.kind {
            LinkKind::Text | LinkKind::Site => BacklinkKind::Link,
            LinkKind::Implements => BacklinkKind::Implements,
        };
        let from_anchor = link.source_item.as_deref().unwrap_or(&link.source_section);
        pointers.push(Pointer {
            target_doc: target_index,
            target_anchor: anchor,
            from_doc,
            from_anchor,
            kind,
        });
    }
    check_activity_goals(document, &mut diagnostics);
    CheckedLinks {
        pointers,
        diagnostics: diagnostics.finish(&document.source_path),
    }
}

/// Every target's backlinks, sorted and without repeats. Sorting the pointers once (in
/// parallel) and building the map from them in order spares a search of the map per
/// pointer, which was most of the stage's serial time.
fn group_backlinks(
    mut pointers: Vec<Pointer<'_>>,
    documents: &[Arc<Document>],
) -> BTreeMap<(String, String), Vec<Backlink>> {
    pointers.par_sort_unstable();
    pointers.dedup();
    let path = |index: usize| documents.get(index).map_or("", |d| d.path.as_str());
    let mut grouped: Vec<((String, String), Vec<Backlink>)> = Vec::new();
    let mut last_target = None;
    for pointer in pointers {
        let backlink = Backlink {
            from_doc: path(pointer.from_doc).to_string(),
            from_anchor: pointer.from_anchor.to_string(),
            kind: pointer.kind,
        };
        let target = (pointer.target_doc, pointer.target_anchor);
        match grouped.last_mut() {
            Some((_, list)) if last_target == Some(target) => list.push(backlink),
            _ => {
                let key = (path(target.0).to_string(), target.1.to_string());
                grouped.push((key, vec![backlink]));
                last_target = Some(target);
            }
        }
    }
    grouped.into_iter().collect()
}

fn check_activity_goals(document: &Document, diagnostics: &mut Collector) {
    for item in document
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Activity)
    {
        for goal in &item.serves {
            let is_goal = document
                .item(goal)
                .is_some_and(|g| g.kind == ItemKind::Goal);
            if !is_goal {
                let diagnostic = Diagnostic::error(format!(
                    "activity `{}` serves `{goal}`, which is not a goal in this document",
                    item.id
                ));
                diagnostics.push(Diagnostic {
                    location: line_location(document, item.line),
                    ..diagnostic
                });
            }
        }
    }
}

fn line_location(document: &Document, line: usize) -> Option<crate::diagnostic::Location> {
    Some(crate::diagnostic::Location {
        path: document.source_path.clone(),
        line,
        column: 1,
    })
}

/// Points `diagnostic` at byte `offset` of the document's file. The text is read again
/// (once per document, into `file`) rather than kept with every document (a tenth of a
/// large build's memory) since errors are rare; should the file have changed since it was
/// loaded, the save that changed it starts another build, which reports against the new text.
fn locate(
    diagnostic: Diagnostic,
    document: &Document,
    file: &std::cell::OnceCell<Option<Locator<'static>>>,
    offset: usize,
) -> Diagnostic {
    let locator = file.get_or_init(|| {
        std::fs::read_to_string(&document.file)
            .ok()
            .map(|text| Locator::new(&document.source_path, text))
    });
    match locator {
        Some(locator) if offset < locator.text().len() => {
            locator.locate(diagnostic, offset..offset + 1)
        }
        _ => diagnostic.in_file(&document.source_path),
    }
}
