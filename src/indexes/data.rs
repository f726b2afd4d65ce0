//! Open data: every dataset as JSON (an array of objects) and CSV (a header row and one row
//! per record), `schema.json` describing them, and the `/data/` page documenting each file
//! and column. [`DATASETS`] is the schema; the exports are written from it, so the page, the
//! files and the test that validates them cannot disagree.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use serde::ser::SerializeMap;

use crate::document::{Document, Item, ItemKind};
use crate::render::views::{Urls, item_counts};
use crate::render::{Emit, OutputFile, PageJob, Produced, Theme, page_context};
use crate::resolve::{BacklinkKind, DataParts, DatasetPart, Site};

use super::schema::{Column, DATASETS, Dataset};

/// One value of a record.
#[derive(Debug, Clone)]
enum Cell {
    Text(String),
    Maybe(Option<String>),
    List(Vec<String>),
    Int(usize),
    Number(Option<f64>),
}

impl Cell {
    fn csv(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Maybe(text) => text.clone().unwrap_or_default(),
            Cell::List(values) => values.join("|"),
            Cell::Int(n) => n.to_string(),
            Cell::Number(n) => n.map_or_else(String::new, |n| format!("{n:.3}")),
        }
    }
}

impl Serialize for Cell {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Cell::Text(text) => text.serialize(serializer),
            Cell::Maybe(text) => text.serialize(serializer),
            Cell::List(values) => values.serialize(serializer),
            Cell::Int(n) => n.serialize(serializer),
            Cell::Number(n) => n
                .map(|n| (n * 1000.0).round() / 1000.0)
                .serialize(serializer),
        }
    }
}

/// A record, serialized as a JSON object with the dataset's columns in order.
struct Record<'a> {
    columns: &'static [Column],
    cells: &'a [Cell],
}

impl Serialize for Record<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.columns.len()))?;
        for (column, cell) in self.columns.iter().zip(self.cells) {
            map.serialize_entry(column.name, cell)?;
        }
        map.end()
    }
}

fn text(value: &str) -> Cell {
    Cell::Text(value.to_string())
}

fn item_head(document: &Document, item: &Item, urls: &Urls<'_>) -> Vec<Cell> {
    vec![
        text(&document.path),
        text(&item.id),
        Cell::Text(urls.absolute(&urls.item(&document.path, &item.id))),
        text(&item.section_title),
        text(item.text.trim()),
    ]
}

/// Document `d`'s rows of dataset `name`; `links` is the site's, not a document's.
fn document_rows(site: &Site, d: &Document, name: &str, urls: &Urls<'_>) -> Vec<Vec<Cell>> {
    let items = |kind: ItemKind| d.items.iter().filter(move |i| i.kind == kind);
    match name {
        "documents" => vec![document_row(d, urls)],
        "goals" => items(ItemKind::Goal)
            .map(|i| {
                let mut row = item_head(d, i, urls);
                row.extend([
                    Cell::Int(i.ordinal),
                    text(&d.meta.organization),
                    Cell::Text(i.period.clone().unwrap_or_else(|| d.meta.period.clone())),
                    Cell::Maybe(i.status.map(|s| s.as_str().to_string())),
                    Cell::Maybe(i.status_note.clone()),
                    Cell::List(i.topics.clone()),
                    Cell::Int(i.line),
                ]);
                row
            })
            .collect(),
        "activities" => items(ItemKind::Activity)
            .map(|i| {
                let mut row = item_head(d, i, urls);
                row.extend([
                    Cell::List(i.serves.clone()),
                    Cell::List(i.topics.clone()),
                    Cell::Int(i.line),
                ]);
                row
            })
            .collect(),
        "recommendations" => items(ItemKind::Recommendation)
            .map(|i| {
                let mut row = item_head(d, i, urls);
                row.extend([
                    Cell::List(i.addressees.clone()),
                    Cell::List(i.topics.clone()),
                    Cell::Int(i.line),
                ]);
                row
            })
            .collect(),
        "commitments" => items(ItemKind::Commitment)
            .map(|i| {
                let mut row = item_head(d, i, urls);
                let motions = d
                    .motion_refs
                    .iter()
                    .filter(|m| m.passage_anchor == i.id)
                    .map(|m| m.label.clone())
                    .collect();
                row.extend([
                    Cell::List(i.topics.clone()),
                    Cell::List(motions),
                    Cell::Int(i.line),
                ]);
                row
            })
            .collect(),
        "quotes" => items(ItemKind::Quote)
            .map(|i| {
                let mut row = item_head(d, i, urls);
                let matched = site.quote_matches.get(&(d.path.clone(), i.id.clone()));
                row.extend([
                    Cell::Maybe(matched.map(|m| m.doc.clone())),
                    Cell::List(matched.map(|m| m.commitments.clone()).unwrap_or_default()),
                    Cell::Number(matched.map(|m| m.score)),
                    Cell::Int(i.line),
                ]);
                row
            })
            .collect(),
        "motions" => d
            .motion_refs
            .iter()
            .map(|m| {
                vec![
                    text(&m.motion),
                    text(&m.label),
                    text(&d.path),
                    text(&m.anchor),
                    Cell::Text(urls.absolute(&urls.item(&d.path, &m.anchor))),
                    text(&m.passage_anchor),
                    text(m.passage.trim()),
                ]
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// How many rows [`document_rows`] gives, without making them.
fn document_row_count(d: &Document, name: &str) -> usize {
    let items = |kind: ItemKind| d.items.iter().filter(|i| i.kind == kind).count();
    match name {
        "documents" => 1,
        "goals" => items(ItemKind::Goal),
        "activities" => items(ItemKind::Activity),
        "recommendations" => items(ItemKind::Recommendation),
        "commitments" => items(ItemKind::Commitment),
        "quotes" => items(ItemKind::Quote),
        "motions" => d.motion_refs.len(),
        _ => 0,
    }
}

/// A document's share of every dataset, serialized. Besides the document, its rows show the
/// config (URLs) and the matches of its quotes, so those make the key with its fingerprint.
fn document_parts(site: &Site, d: &Document, fingerprint: u64, urls: &Urls<'_>) -> Arc<DataParts> {
    let key = || {
        let mut hasher = site.memo.hasher(fingerprint);
        for (quote, matched) in site.quote_matches_from(&d.path) {
            quote.hash(&mut hasher);
            matched.doc.hash(&mut hasher);
            matched.commitments.hash(&mut hasher);
            matched.score.to_bits().hash(&mut hasher);
        }
        hasher.finish()
    };
    site.memo.data.get_or_insert(&d.path, key, || DataParts {
        datasets: DATASETS
            .iter()
            .map(|dataset| dataset_part(dataset, &document_rows(site, d, dataset.name, urls)))
            .collect(),
    })
}

fn document_row(document: &Document, urls: &Urls<'_>) -> Vec<Cell> {
    let meta = &document.meta;
    let counts = item_counts(&document.items);
    vec![
        text(&document.path),
        Cell::Text(urls.absolute(&urls.doc(&document.path))),
        text(&meta.title),
        Cell::Maybe(meta.subtitle.clone()),
        text(&meta.kind),
        text(&meta.organization),
        text(&meta.period),
        Cell::Maybe(meta.date.clone()),
        text(meta.status.as_str()),
        Cell::List(meta.topics.clone()),
        Cell::Int(counts.goals),
        Cell::Int(counts.goals_done),
        Cell::Int(counts.activities),
        Cell::Int(counts.recommendations),
        Cell::Int(counts.commitments),
        Cell::Int(counts.quotes),
    ]
}

/// Every link between items and documents: text links, `implements`, quote matches (from
/// the site's backlinks) and the goals each activity serves; serialized a slice at a time
/// in parallel, since on a large site the links outnumber every other dataset's rows.
fn link_parts(site: &Site, dataset: &Dataset) -> Vec<DatasetPart> {
    let targets: Vec<(&(String, String), &Vec<crate::resolve::Backlink>)> =
        site.backlinks.iter().collect();
    let mut parts: Vec<DatasetPart> = targets
        .par_chunks(1024)
        .map(|chunk| {
            let rows: Vec<Vec<Cell>> = chunk
                .iter()
                .flat_map(|((to_doc, to_id), backlinks)| {
                    backlinks.iter().map(move |backlink| {
                        let kind = match backlink.kind {
                            BacklinkKind::Link => "link",
                            BacklinkKind::Implements => "implements",
                            BacklinkKind::Quote => "quote",
                        };
                        vec![
                            text(&backlink.from_doc),
                            text(&backlink.from_anchor),
                            text(to_doc),
                            text(to_id),
                            text(kind),
                        ]
                    })
                })
                .collect();
            dataset_part(dataset, &rows)
        })
        .collect();
    parts.par_extend(site.documents.par_iter().map(|document| {
        let rows: Vec<Vec<Cell>> = document
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Activity)
            .flat_map(|activity| {
                activity.serves.iter().map(|goal| {
                    vec![
                        text(&document.path),
                        text(&activity.id),
                        text(&document.path),
                        text(goal),
                        text("serves"),
                    ]
                })
            })
            .collect();
        dataset_part(dataset, &rows)
    }));
    parts
}

/// How many rows the links dataset has.
fn link_count(site: &Site) -> usize {
    let backlinks: usize = site.backlinks.values().map(Vec::len).sum();
    let serves: usize = site
        .items()
        .filter(|(_, i)| i.kind == ItemKind::Activity)
        .map(|(_, i)| i.serves.len())
        .sum();
    backlinks + serves
}

fn csv_rows(rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        let _ = writer.write_record(row.iter().map(Cell::csv));
    }
    writer.into_inner().unwrap_or_default()
}

fn csv_header(dataset: &Dataset) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let _ = writer.write_record(dataset.columns.iter().map(|c| c.name));
    writer.into_inner().unwrap_or_default()
}

/// The records as `serde_json::to_vec_pretty` writes them inside an array: each indented by
/// two spaces, joined by `,\n`; that is, the pretty array without its `[\n` and `\n]`.
fn json_elements(dataset: &Dataset, rows: &[Vec<Cell>]) -> Vec<u8> {
    if rows.is_empty() {
        return Vec::new();
    }
    let records: Vec<Record<'_>> = rows
        .iter()
        .map(|cells| Record {
            columns: dataset.columns,
            cells,
        })
        .collect();
    let array = serde_json::to_vec_pretty(&records).unwrap_or_default();
    array
        .strip_prefix(b"[\n")
        .and_then(|rest| rest.strip_suffix(b"\n]"))
        .map(<[u8]>::to_vec)
        .unwrap_or_default()
}

/// A dataset's files from its parts: the CSV header and rows, and the JSON array.
fn dataset_files<'a>(
    dataset: &Dataset,
    parts: impl Iterator<Item = &'a DatasetPart> + Clone,
) -> (Vec<u8>, Vec<u8>) {
    // Sized up front, so that joining a large export does not briefly need twice its size.
    let (csv_len, json_len) = parts.clone().fold((0, 0), |(csv, json), part| {
        (csv + part.csv.len(), json + part.json.len() + 2)
    });
    let mut csv = csv_header(dataset);
    csv.reserve_exact(csv_len);
    let mut json = Vec::with_capacity(json_len + 4);
    json.push(b'[');
    let mut any = false;
    for part in parts {
        csv.extend_from_slice(&part.csv);
        if part.rows > 0 {
            json.extend_from_slice(if any { b",\n" } else { b"\n" });
            json.extend_from_slice(&part.json);
            any = true;
        }
    }
    if any {
        json.push(b'\n');
    }
    json.push(b']');
    (csv, json)
}

/// Writes every dataset, one at a time, each handed to `emit` as soon as it is joined: at
/// 10,000 documents the exports are a quarter of a gigabyte, and a build holding all of
/// them at once twice over (parts and files) needed that much more memory.
pub(super) fn data_files(site: &Site, urls: &Urls<'_>, emit: &Emit<'_>) {
    let word = &urls.config.paths.data;
    // A rebuild reuses each document's parts of every dataset from the memo; a one-shot build
    // keeps nothing, so it makes only the parts of the dataset it is writing.
    let stored: Option<Vec<Arc<DataParts>>> = (!site.memo.one_shot).then(|| {
        site.documents
            .par_iter()
            .zip(site.fingerprints.par_iter())
            .map(|(d, &fingerprint)| document_parts(site, d, fingerprint, urls))
            .collect()
    });
    for (n, dataset) in DATASETS.iter().enumerate() {
        let (csv, json) = if dataset.name == "links" {
            dataset_files(dataset, link_parts(site, dataset).iter())
        } else if let Some(stored) = &stored {
            dataset_files(dataset, stored.iter().map(|p| &p.datasets[n]))
        } else {
            let parts: Vec<DatasetPart> = site
                .documents
                .par_iter()
                .map(|d| dataset_part(dataset, &document_rows(site, d, dataset.name, urls)))
                .collect();
            dataset_files(dataset, parts.iter())
        };
        emit(Produced::File(OutputFile::new(
            format!("{word}/{}.csv", dataset.name),
            csv,
        )));
        emit(Produced::File(OutputFile::new(
            format!("{word}/{}.json", dataset.name),
            json,
        )));
    }
    crate::timings::mark("exports");
    emit(Produced::File(OutputFile::new(
        format!("{word}/schema.json"),
        serde_json::to_vec_pretty(DATASETS).unwrap_or_default(),
    )));
}

fn dataset_part(dataset: &Dataset, rows: &[Vec<Cell>]) -> DatasetPart {
    DatasetPart {
        rows: rows.len(),
        csv: csv_rows(rows),
        json: json_elements(dataset, rows),
    }
}

fn row_count(site: &Site, name: &str) -> usize {
    if name == "links" {
        return link_count(site);
    }
    site.documents
        .iter()
        .map(|d| document_row_count(d, name))
        .sum()
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
    kind: &'static str,
    description: String,
}

pub(super) fn data_page_job(site: &Site, theme: &Theme, urls: &Urls<'_>) -> PageJob {
    let word = &urls.config.paths.data;
    let url = urls.section(word, None);
    let datasets: Vec<DatasetView> = DATASETS
        .iter()
        .map(|dataset| DatasetView {
            name: dataset.name,
            description: theme
                .string(&format!("data_file_{}", dataset.name))
                .to_string(),
            json_url: format!("{url}{}.json", dataset.name),
            csv_url: format!("{url}{}.csv", dataset.name),
            rows: row_count(site, dataset.name),
            columns: dataset
                .columns
                .iter()
                .map(|c| ColumnView {
                    name: c.name,
                    kind: c.kind,
                    description: column_description(theme, dataset.name, c.name),
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
    context.insert("schema_url", &format!("{url}schema.json"));
    PageJob {
        path: format!("{word}/index.html"),
        template: "data.html",
        context,
    }
}

/// `data_field_<dataset>_<column>` if the theme has it, else the shared `data_field_<column>`.
fn column_description(theme: &Theme, dataset: &str, column: &str) -> String {
    let specific = format!("data_field_{dataset}_{column}");
    if theme.strings.contains_key(&specific) {
        return theme.string(&specific).to_string();
    }
    theme.string(&format!("data_field_{column}")).to_string()
}
