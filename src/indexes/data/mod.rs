//! Open data: every dataset as JSON (an array of objects) and CSV (a header row and one row
//! per record), `datapackage.json` describing them, and the `/data/` page documenting each
//! file and column. [`Dataset`] is the schema; the exports are written from it, so the page,
//! the files, the data package and the test that validates them cannot disagree.
//!
//! The records are written straight from the documents as CSV and pretty-printed JSON bytes,
//! with no value made in between: at 10,000 documents the exports are a quarter of a
//! gigabyte, and building a value per cell first cost more than writing the bytes.

use std::sync::Arc;

use rayon::prelude::*;

use super::IndexMemo;
use super::record_writer::{
    CSV_QUOTE, PartSizes, csv_field, end_csv_record, sized_part, special_bytes,
};
use super::schema::{Column, DATASETS, Dataset};
use crate::diagnostic::Diagnostic;
use crate::render::views::Urls;
use crate::render::{Emit, OutputFile, Produced, Theme};
use crate::resolve::Site;

mod document_rows;
mod page;

use document_rows::{document_parts, link_parts, write_document_rows};
pub(super) use page::data_page_job;

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
pub(super) const DOCUMENTS_PER_PART: usize = 64;

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
    /// A record did not fit the schema (see [`crate::indexes::record_writer::PartWriter`]).
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
