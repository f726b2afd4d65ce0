//! What each document contributes to the datasets (a record per item, per motion reference,
//! per passage), and the site's links, as parts of serialized rows.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use super::{DOCUMENTS_PER_PART, DataParts, DatasetPart};
use crate::document::{Document, ItemKind};
use crate::indexes::IndexMemo;
use crate::indexes::record_writer::{PartSizes, PartWriter, sized_part};
use crate::indexes::records::{
    ActivityRecord, Anchored, CommitmentRecord, DocumentRecord, GoalRecord, LinkRecord,
    MotionRecord, PassageRecord, QuoteRecord, RecommendationRecord,
};
use crate::indexes::schema::{DATASETS, Dataset};
use crate::render::views::{Urls, item_counts};
use crate::resolve::{BacklinkKind, Site};

/// Writes document `d`'s records of `dataset`; [`Dataset::Links`] is the site's, not a
/// document's, so it has none here.
pub(super) fn write_document_rows(
    w: &mut PartWriter,
    site: &Site,
    d: &Document,
    dataset: Dataset,
    urls: &Urls<'_>,
) {
    // Made for the first row: most documents have no rows in some datasets.
    let doc_url = std::cell::OnceCell::new();
    let doc_url = || {
        doc_url
            .get_or_init(|| urls.absolute(&urls.doc(&d.path)))
            .as_str()
    };
    let at = |anchor| Anchored {
        doc_url: doc_url(),
        anchor,
    };
    let items = |kind: ItemKind| d.items.iter().filter(move |i| i.kind == kind);
    match dataset {
        Dataset::Documents => write_document_record(w, d, doc_url()),
        Dataset::Goals => {
            for i in items(ItemKind::Goal) {
                w.write(&GoalRecord {
                    doc: &d.path,
                    id: &i.id,
                    url: at(&i.id),
                    section: &i.section_title,
                    text: i.text.trim(),
                    ordinal: i.ordinal,
                    organization: &d.meta.organization,
                    period: i.period.as_deref().unwrap_or(&d.meta.period),
                    status: i.status.map(|s| s.as_str()),
                    status_note: i.status_note.as_deref(),
                    topics: &i.topics,
                    addressees: &i.addressees,
                    line: i.line,
                    continues_doc: i.continues.as_ref().map(|t| t.doc.as_str()),
                    continues_id: i.continues.as_ref().and_then(|t| t.anchor.as_deref()),
                });
            }
        }
        Dataset::Outcomes if !d.outcomes.is_empty() => {
            crate::indexes::outcome_rows::write_outcome_rows(w, d, doc_url());
        }
        Dataset::Outcomes => {}
        Dataset::Activities => {
            for i in items(ItemKind::Activity) {
                w.write(&ActivityRecord {
                    doc: &d.path,
                    id: &i.id,
                    url: at(&i.id),
                    section: &i.section_title,
                    text: i.text.trim(),
                    serves: &i.serves,
                    topics: &i.topics,
                    line: i.line,
                });
            }
        }
        Dataset::Recommendations => {
            for i in items(ItemKind::Recommendation) {
                w.write(&RecommendationRecord {
                    doc: &d.path,
                    id: &i.id,
                    url: at(&i.id),
                    section: &i.section_title,
                    text: i.text.trim(),
                    addressees: &i.addressees,
                    topics: &i.topics,
                    line: i.line,
                });
            }
        }
        Dataset::Commitments => {
            let by_anchor = d.motion_refs_by_anchor();
            for i in items(ItemKind::Commitment) {
                let motions: Vec<&str> = by_anchor
                    .get(i.id.as_str())
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .map(|m| m.label.as_str())
                    .collect();
                w.write(&CommitmentRecord {
                    doc: &d.path,
                    id: &i.id,
                    url: at(&i.id),
                    section: &i.section_title,
                    text: i.text.trim(),
                    topics: &i.topics,
                    motions: &motions,
                    line: i.line,
                });
            }
        }
        Dataset::Quotes => {
            // The document's matches, in the order of their quote ids.
            let matches: Vec<_> = site.quote_matches_from(&d.path).collect();
            for i in items(ItemKind::Quote) {
                let matched = matches
                    .binary_search_by(|(id, _)| (*id).cmp(i.id.as_str()))
                    .ok()
                    .map(|n| matches[n].1);
                w.write(&QuoteRecord {
                    doc: &d.path,
                    id: &i.id,
                    url: at(&i.id),
                    section: &i.section_title,
                    text: i.text.trim(),
                    quoted_doc: matched.map(|m| m.doc.as_str()),
                    quoted_ids: matched.map_or(&[][..], |m| m.commitments.as_slice()),
                    score: matched.map(|m| m.score),
                    line: i.line,
                });
            }
        }
        Dataset::Motions => {
            for m in &d.motion_refs {
                w.write(&MotionRecord {
                    motion: &m.motion,
                    label: &m.label,
                    doc: &d.path,
                    anchor: &m.anchor,
                    url: at(&m.anchor),
                    passage_id: &d.passage_id(m.passage),
                });
            }
        }
        Dataset::Passages => {
            for (n, p) in d.passages.iter().enumerate() {
                w.write(&PassageRecord {
                    id: &d.passage_id(n),
                    doc: &d.path,
                    anchor: &p.anchor,
                    url: at(&p.anchor),
                    text: p.text.trim(),
                });
            }
        }
        Dataset::Links => {}
    }
}

/// A document's share of every dataset, serialized. Besides the document, its rows show the
/// config (URLs) and the matches of its quotes, so those make the key with its fingerprint.
pub(super) fn document_parts(
    site: &Site,
    memo: &IndexMemo,
    d: &Document,
    fingerprint: u64,
    urls: &Urls<'_>,
) -> Arc<DataParts> {
    let key = || {
        let mut hasher = memo.keys.hasher(fingerprint);
        for (quote, matched) in site.quote_matches_from(&d.path) {
            quote.hash(&mut hasher);
            matched.doc.hash(&mut hasher);
            matched.commitments.hash(&mut hasher);
            matched.score.to_bits().hash(&mut hasher);
        }
        hasher.finish()
    };
    memo.data.get_or_insert(&d.path, key, || DataParts {
        datasets: DATASETS
            .iter()
            .map(|&dataset| {
                let mut w = PartWriter::new(dataset);
                write_document_rows(&mut w, site, d, dataset, urls);
                w.finish()
            })
            .collect(),
    })
}

fn write_document_record(w: &mut PartWriter, document: &Document, doc_url: &str) {
    let meta = &document.meta;
    let counts = item_counts(&document.items);
    w.write(&DocumentRecord {
        path: &document.path,
        url: doc_url,
        title: &meta.title,
        subtitle: meta.subtitle.as_deref(),
        kind: &meta.kind,
        organization: &meta.organization,
        period: &meta.period,
        date: meta.date.as_deref(),
        status: meta.status.as_str(),
        topics: &meta.topics,
        goals: counts.goals,
        goals_done: counts.goals_done,
        activities: counts.activities,
        recommendations: counts.recommendations,
        commitments: counts.commitments,
        quotes: counts.quotes,
        outcomes: counts.outcomes,
    });
}

/// Every link between items and documents: text links, `implements`, quote matches (from
/// the site's backlinks) and the goals each activity serves; written a slice at a time in
/// parallel, since on a large site the links outnumber every other dataset's rows.
pub(super) fn link_parts(site: &Site, dataset: Dataset) -> Vec<DatasetPart> {
    let targets: Vec<(&(String, String), &Vec<crate::resolve::Backlink>)> =
        site.backlinks.iter().collect();
    let mut parts: Vec<DatasetPart> = targets
        .par_chunks(1024)
        .map_init(PartSizes::default, |sizes, chunk| {
            sized_part(dataset, sizes, |w| {
                for ((to_doc, to_id), backlinks) in chunk {
                    for backlink in backlinks.iter() {
                        w.write(&LinkRecord {
                            from_doc: &backlink.from_doc,
                            from_id: &backlink.from_anchor,
                            to_doc,
                            to_id,
                            kind: match backlink.kind {
                                BacklinkKind::Link => "link",
                                BacklinkKind::Implements => "implements",
                                BacklinkKind::Quote => "quote",
                            },
                        });
                    }
                }
            })
        })
        .collect();
    parts.par_extend(site.documents.par_chunks(DOCUMENTS_PER_PART).map_init(
        PartSizes::default,
        |sizes, documents| {
            sized_part(dataset, sizes, |w| {
                for document in documents {
                    let activities = document
                        .items
                        .iter()
                        .filter(|i| i.kind == ItemKind::Activity);
                    for activity in activities {
                        for goal in &activity.serves {
                            w.write(&LinkRecord {
                                from_doc: &document.path,
                                from_id: &activity.id,
                                to_doc: &document.path,
                                to_id: goal,
                                kind: "serves",
                            });
                        }
                    }
                }
            })
        },
    ));
    parts
}
