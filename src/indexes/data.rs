//! Open data: every dataset as JSON (an array of objects) and CSV (a header row and one row
//! per record), `datapackage.json` describing them, and the `/data/` page documenting each
//! file and column. [`Dataset`] is the schema; the exports are written from it, so the page,
//! the files, the data package and the test that validates them cannot disagree.
//!
//! The records are written straight from the documents as CSV and pretty-printed JSON bytes,
//! with no value made in between: at 10,000 documents the exports are a quarter of a
//! gigabyte, and building a value per cell first cost more than writing the bytes.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use super::IndexMemo;
use crate::diagnostic::Diagnostic;
use crate::document::{Document, ItemKind};
use crate::render::views::{Urls, item_counts};
use crate::render::{Emit, OutputFile, PageJob, Produced, Theme, page_context};
use crate::resolve::{BacklinkKind, Site};

use super::datapackage::{column_description, dataset_description};
use super::record_writer::{
    CSV_QUOTE, PartSizes, PartWriter, csv_field, end_csv_record, sized_part, special_bytes,
};
use super::records::{
    ActivityRecord, Anchored, CommitmentRecord, DocumentRecord, GoalRecord, LinkRecord,
    MotionRecord, PassageRecord, QuoteRecord, RecommendationRecord,
};
use super::schema::{Column, DATASETS, Dataset, Kind};

/// A document's share of each open-data dataset (in [`super::DATASETS`] order), already
/// serialized, so the files are its parts joined.
pub struct DataParts {
    pub datasets: Vec<DatasetPart>,
}

pub struct DatasetPart {
    pub rows: usize,
    /// The rows, without the header.
    pub csv: Vec<u8>,
    /// The records as elements of the pretty-printed array, joined by `,\n`.
    pub json: Vec<u8>,
    /// Why a record did not fit the dataset's schema (a mistake in the code): the dataset is
    /// then reported as failed, not written with shifted columns.
    pub failed: Option<String>,
}

/// Documents per part of a dataset in a one-shot build: parts are written in parallel, and
/// this many keeps both the parts and their number small.
const DOCUMENTS_PER_PART: usize = 64;

/// Writes document `d`'s records of `dataset`; [`Dataset::Links`] is the site's, not a
/// document's, so it has none here.
fn write_document_rows(
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
                    line: i.line,
                    continues_doc: i.continues.as_ref().map(|t| t.doc.as_str()),
                    continues_id: i.continues.as_ref().and_then(|t| t.anchor.as_deref()),
                });
            }
        }
        Dataset::Outcomes if !d.outcomes.is_empty() => {
            super::outcome_rows::write_outcome_rows(w, d, doc_url());
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
fn document_parts(
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
    });
}

/// Every link between items and documents: text links, `implements`, quote matches (from
/// the site's backlinks) and the goals each activity serves; written a slice at a time in
/// parallel, since on a large site the links outnumber every other dataset's rows.
fn link_parts(site: &Site, dataset: Dataset) -> Vec<DatasetPart> {
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

/// The CSV header row of `dataset`: its column names.
fn csv_header(columns: &[Column]) -> Vec<u8> {
    let mut header = Vec::new();
    for (n, column) in columns.iter().enumerate() {
        if n > 0 {
            header.push(b',');
        }
        let quoted = special_bytes(column.name) & CSV_QUOTE != 0;
        csv_field(&mut header, column.name.as_bytes(), quoted);
    }
    end_csv_record(&mut header, 0);
    header
}

/// A dataset's files from its parts: the CSV header and rows, and the JSON array.
pub(super) fn dataset_files<'a>(
    columns: &[Column],
    parts: impl Iterator<Item = &'a DatasetPart> + Clone,
) -> (Vec<u8>, Vec<u8>) {
    // Sized up front, so that joining a large export does not briefly need twice its size.
    let csv_len = parts.clone().map(|part| part.csv.len()).sum();
    let mut csv = csv_header(columns);
    csv.reserve_exact(csv_len);
    for part in parts.clone() {
        csv.extend_from_slice(&part.csv);
    }
    (csv, json_file(parts))
}

/// The JSON array of a dataset's parts (each part is its rows' objects, `,\n`-joined).
fn json_file<'a>(parts: impl Iterator<Item = &'a DatasetPart> + Clone) -> Vec<u8> {
    let json_len = parts.clone().map(|part| part.json.len() + 2).sum();
    join_json(json_len, parts.map(|part| (part.rows, &part.json)))
}

/// Joins `(rows, JSON)` parts into one array; `json_len` counts each part's bytes plus two
/// for its separator, so the file is never reallocated. Given owned parts, each is freed as
/// soon as it is copied, so a dataset's parts and its whole file are not both in memory.
fn join_json<B: AsRef<[u8]>>(json_len: usize, parts: impl Iterator<Item = (usize, B)>) -> Vec<u8> {
    let mut json = Vec::with_capacity(json_len + 4);
    json.push(b'[');
    let mut any = false;
    for (rows, part) in parts {
        if rows > 0 {
            json.extend_from_slice(if any { b",\n" } else { b"\n" });
            json.extend_from_slice(part.as_ref());
            any = true;
        }
    }
    if any {
        json.push(b'\n');
    }
    json.push(b']');
    json
}

/// [`dataset_files`] from parts made for this write alone, handing each file to `write` as
/// soon as it is joined: a part's CSV and JSON are freed once copied. At 10,000 documents
/// the links export is 75 MB of parts, and holding the parts and both files at once set the
/// build's peak of memory.
fn write_dataset_files(
    dataset: Dataset,
    parts: Vec<DatasetPart>,
    write: impl Fn(&str, Vec<u8>) + Sync,
) {
    let mut csv_parts = Vec::with_capacity(parts.len());
    let mut json_parts = Vec::with_capacity(parts.len());
    for part in parts {
        csv_parts.push(part.csv);
        json_parts.push((part.rows, part.json));
    }
    // The two files are joined and written side by side: one after the other, they were a
    // stretch of the build with a core idle.
    rayon::join(
        || {
            let csv_len = csv_parts.iter().map(Vec::len).sum();
            let mut csv = csv_header(dataset.columns());
            csv.reserve_exact(csv_len);
            for part in csv_parts {
                csv.extend_from_slice(&part);
            }
            write("csv", csv);
        },
        || {
            let json_len = json_parts.iter().map(|(_, json)| json.len() + 2).sum();
            write("json", join_json(json_len, json_parts.into_iter()));
        },
    );
}

/// A dataset made, to be written: its parts, or (from the memo's parts) its two files.
enum MadeDataset {
    Parts(Vec<DatasetPart>),
    Files {
        csv: Vec<u8>,
        json: Vec<u8>,
    },
    /// A record did not fit the schema (see [`PartWriter`]).
    Failed(String),
}

/// Writes every dataset, each handed to `emit` as soon as it is joined: at
/// 10,000 documents the exports are a quarter of a gigabyte, and a build holding all of
/// them at once twice over (parts and files) needed that much more memory.
pub(super) fn data_files(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    memo: &IndexMemo,
    emit: &Emit<'_>,
) {
    let word = &urls.config.paths.data;
    // A rebuild reuses each document's parts of every dataset from the memo; a one-shot build
    // keeps nothing, so it makes only the parts of the dataset it is writing.
    let stored: Option<Vec<Arc<DataParts>>> = (!memo.keys.one_shot).then(|| {
        site.documents
            .par_iter()
            .zip(site.fingerprints.par_iter())
            .map(|(d, &fingerprint)| document_parts(site, memo, d, fingerprint, urls))
            .collect()
    });
    let make = |dataset: Dataset| {
        if dataset == Dataset::Links {
            MadeDataset::Parts(link_parts(site, dataset))
        } else if let Some(stored) = &stored {
            let n = dataset.index();
            let parts = stored.iter().map(|p| &p.datasets[n]);
            if let Some(failed) = parts.clone().find_map(|part| part.failed.clone()) {
                return MadeDataset::Failed(failed);
            }
            let (csv, json) = dataset_files(dataset.columns(), parts);
            MadeDataset::Files { csv, json }
        } else {
            MadeDataset::Parts(
                site.documents
                    .par_chunks(DOCUMENTS_PER_PART)
                    .map_init(PartSizes::default, |sizes, documents| {
                        sized_part(dataset, sizes, |w| {
                            for d in documents {
                                write_document_rows(w, site, d, dataset, urls);
                            }
                        })
                    })
                    .collect(),
            )
        }
    };
    let finish = |dataset: Dataset, made: MadeDataset| {
        let write = |extension: &str, bytes: Vec<u8>| {
            emit(Produced::File(OutputFile::new(
                format!("{word}/{}.{extension}", dataset.name()),
                bytes,
            )));
        };
        let failed = match &made {
            MadeDataset::Failed(failed) => Some(failed.clone()),
            MadeDataset::Parts(parts) => parts.iter().find_map(|part| part.failed.clone()),
            MadeDataset::Files { .. } => None,
        };
        if let Some(failed) = failed {
            emit(Produced::Failed(Diagnostic::error(format!(
                "{word}/{name}.csv and {word}/{name}.json could not be written: {failed}",
                name = dataset.name()
            ))));
            return;
        }
        match made {
            MadeDataset::Failed(_) => {}
            MadeDataset::Parts(parts) => write_dataset_files(dataset, parts, write),
            MadeDataset::Files { csv, json } => {
                write("csv", csv);
                write("json", json);
            }
        }
    };
    // Each dataset's files are joined and written while the next one's parts are made, so
    // at most two datasets are in memory and neither core waits for the other's step.
    let mut pending: Option<(Dataset, MadeDataset)> = None;
    for dataset in DATASETS {
        let made = match pending.take() {
            Some((before, made_before)) => {
                rayon::join(|| finish(before, made_before), || make(dataset)).1
            }
            None => make(dataset),
        };
        pending = Some((dataset, made));
    }
    if let Some((dataset, made)) = pending {
        finish(dataset, made);
    }
    crate::timings::mark("exports");
    // A package that cannot be written fails the build: an empty file would be published as
    // the description of the data.
    emit(match super::datapackage::datapackage_json(theme) {
        Ok(bytes) => Produced::File(OutputFile::new(format!("{word}/datapackage.json"), bytes)),
        Err(error) => Produced::Failed(Diagnostic::error(format!(
            "{word}/datapackage.json could not be written: {error}"
        ))),
    });
}

/// The number of records of every dataset, for the `/data/` page: counted in one pass over
/// the items (a pass per dataset walked the 200,000 items of a large site seven times).
#[derive(Default)]
struct RowCounts {
    documents: usize,
    goals: usize,
    activities: usize,
    recommendations: usize,
    commitments: usize,
    quotes: usize,
    outcomes: usize,
    motions: usize,
    passages: usize,
    links: usize,
}

impl RowCounts {
    fn of(site: &Site) -> RowCounts {
        let mut counts = RowCounts {
            documents: site.documents.len(),
            // Every backlink is a link record; so is each goal an activity serves.
            links: site.backlinks.values().map(Vec::len).sum(),
            ..RowCounts::default()
        };
        for document in &site.documents {
            counts.motions += document.motion_refs.len();
            counts.passages += document.passages.len();
            for item in &document.items {
                match item.kind {
                    ItemKind::Goal => counts.goals += 1,
                    ItemKind::Activity => {
                        counts.activities += 1;
                        counts.links += item.serves.len();
                    }
                    ItemKind::Recommendation => counts.recommendations += 1,
                    ItemKind::Commitment => counts.commitments += 1,
                    ItemKind::Quote => counts.quotes += 1,
                    ItemKind::Outcome => counts.outcomes += 1,
                }
            }
        }
        counts
    }

    fn of_dataset(&self, dataset: Dataset) -> usize {
        match dataset {
            Dataset::Documents => self.documents,
            Dataset::Goals => self.goals,
            Dataset::Activities => self.activities,
            Dataset::Recommendations => self.recommendations,
            Dataset::Commitments => self.commitments,
            Dataset::Quotes => self.quotes,
            Dataset::Outcomes => self.outcomes,
            Dataset::Motions => self.motions,
            Dataset::Passages => self.passages,
            Dataset::Links => self.links,
        }
    }
}

#[derive(Serialize)]
struct DatasetView {
    name: &'static str,
    description: String,
    json_url: String,
    csv_url: String,
    rows: usize,
    columns: Vec<ColumnView>,
}

#[derive(Serialize)]
struct ColumnView {
    name: &'static str,
    /// The Table Schema type.
    kind: &'static str,
    required: bool,
    list: bool,
    description: String,
}

pub(super) fn data_page_job(site: &Site, theme: &Theme, urls: &Urls<'_>) -> PageJob {
    let word = &urls.config.paths.data;
    let url = urls.section(word, None);
    let counts = RowCounts::of(site);
    let datasets: Vec<DatasetView> = DATASETS
        .iter()
        .map(|&dataset| DatasetView {
            name: dataset.name(),
            description: dataset_description(theme, dataset),
            json_url: format!("{url}{}.json", dataset.name()),
            csv_url: format!("{url}{}.csv", dataset.name()),
            rows: counts.of_dataset(dataset),
            columns: dataset
                .columns()
                .iter()
                .map(|c| ColumnView {
                    name: c.name,
                    kind: c.kind.table_type(),
                    required: c.kind.required(),
                    list: c.kind == Kind::List,
                    description: column_description(theme, dataset, c.name),
                })
                .collect(),
        })
        .collect();
    let mut context = page_context(
        theme.string("data_title"),
        &url,
        theme.string("data_description"),
    );
    context.insert("datasets", &datasets);
    context.insert("datapackage_url", &format!("{url}datapackage.json"));
    PageJob {
        path: format!("{word}/index.html"),
        template: "data.html",
        context,
    }
}
