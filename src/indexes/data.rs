//! Open data: every dataset as JSON (an array of objects) and CSV (a header row and one row
//! per record), `datapackage.json` describing them, and the `/data/` page documenting each
//! file and column. [`Dataset`] is the schema; the exports are written from it, so the page,
//! the files, the data package and the test that validates them cannot disagree.
//!
//! The records are written straight from the documents as CSV and pretty-printed JSON bytes,
//! with no value made in between: at 10,000 documents the exports are a quarter of a
//! gigabyte, and building a value per cell first cost more than writing the bytes.

use std::fmt::Write as _;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Item, ItemKind};
use crate::render::views::{Urls, item_counts};
use crate::render::{Emit, OutputFile, PageJob, Produced, Theme, page_context};
use crate::resolve::{BacklinkKind, DataParts, DatasetPart, Site};

use super::datapackage::{column_description, dataset_description};
use super::json;
use super::schema::{Column, DATASETS, Dataset, Kind};

/// Documents per part of a dataset in a one-shot build: parts are written in parallel, and
/// this many keeps both the parts and their number small.
const DOCUMENTS_PER_PART: usize = 64;

/// Records of one dataset, written as CSV rows and as the elements of the pretty-printed JSON
/// array at once: each element indented by two spaces, joined by `,\n`, byte for byte what
/// `serde_json::to_vec_pretty` writes inside the array. Each value goes to the next column
/// of the schema, which names its JSON key.
struct PartWriter {
    columns: &'static [Column],
    /// Each column's JSON key, indented, quoted and followed by `: `.
    keys: Vec<Vec<u8>>,
    rows: usize,
    csv: Vec<u8>,
    /// Where the current record starts in `csv`.
    csv_record: usize,
    json: Vec<u8>,
    /// The column the next value belongs to.
    column: usize,
    /// Reused for values made of pieces: URLs, scores.
    scratch: String,
}

/// The sizes of the last part a thread wrote, to size its next one: the parts of a dataset
/// are alike, and grown from nothing each was copied again at every doubling (a quarter of a
/// gigabyte of exports at 10,000 documents).
#[derive(Default, Clone, Copy)]
struct PartSizes {
    csv: usize,
    json: usize,
}

/// A part written by `write`, sized like the last one of `sizes`, which then remembers it.
fn sized_part(
    dataset: Dataset,
    sizes: &mut PartSizes,
    write: impl FnOnce(&mut PartWriter),
) -> DatasetPart {
    let mut writer = PartWriter::sized_like(dataset, *sizes);
    write(&mut writer);
    let part = writer.finish();
    *sizes = PartSizes {
        csv: part.csv.len(),
        json: part.json.len(),
    };
    part
}

impl PartWriter {
    fn new(dataset: Dataset) -> Self {
        PartWriter::of_columns(dataset.columns())
    }

    fn of_columns(columns: &'static [Column]) -> Self {
        let keys = columns
            .iter()
            .map(|column| {
                let mut key = b"    ".to_vec();
                json::string(
                    &mut key,
                    column.name,
                    special_bytes(column.name) & JSON_ESCAPE != 0,
                );
                key.extend_from_slice(b": ");
                key
            })
            .collect();
        PartWriter {
            columns,
            keys,
            rows: 0,
            csv: Vec::new(),
            csv_record: 0,
            json: Vec::new(),
            column: 0,
            scratch: String::new(),
        }
    }

    /// A writer with room for a part like the last one `sizes` remembers, and a quarter more.
    fn sized_like(dataset: Dataset, sizes: PartSizes) -> Self {
        let mut writer = PartWriter::new(dataset);
        writer.csv.reserve(sizes.csv + sizes.csv / 4);
        writer.json.reserve(sizes.json + sizes.json / 4);
        writer
    }

    fn finish(self) -> DatasetPart {
        DatasetPart {
            rows: self.rows,
            csv: self.csv,
            json: self.json,
        }
    }

    /// Starts a record.
    fn record(&mut self) -> &mut Self {
        if self.rows > 0 {
            self.json.extend_from_slice(b",\n");
        }
        self.json.extend_from_slice(b"  {\n");
        self.column = 0;
        self.csv_record = self.csv.len();
        self
    }

    /// Ends the record, which must have had a value for every column.
    fn end(&mut self) {
        debug_assert_eq!(self.column, self.columns.len(), "a value for each column");
        end_csv_record(&mut self.csv, self.csv_record);
        self.json.extend_from_slice(b"\n  }");
        self.rows += 1;
    }

    /// Starts the next value, one of `kinds`: the CSV delimiter, the JSON key. Values go to
    /// the columns in the order they are written; in debug builds (the tests) a value of a
    /// kind its column does not hold, which is a value written out of order, panics.
    fn key(&mut self, kinds: &[Kind]) {
        debug_assert!(
            self.columns
                .get(self.column)
                .is_some_and(|column| kinds.contains(&column.kind)),
            "a {kinds:?} value for column {} of {:?}",
            self.column,
            self.columns.iter().map(|c| c.name).collect::<Vec<_>>()
        );
        if self.column > 0 {
            self.csv.push(b',');
            self.json.extend_from_slice(b",\n");
        }
        if let Some(key) = self.keys.get(self.column) {
            self.json.extend_from_slice(key);
        }
        self.column += 1;
    }

    fn text(&mut self, value: &str) -> &mut Self {
        self.key(&[Kind::Text, Kind::MaybeEmpty, Kind::Optional]);
        let special = special_bytes(value);
        csv_field(&mut self.csv, value.as_bytes(), special & CSV_QUOTE != 0);
        json::string(&mut self.json, value, special & JSON_ESCAPE != 0);
        self
    }

    /// An optional text: an empty CSV field, or `null`, when absent.
    fn maybe(&mut self, value: Option<&str>) -> &mut Self {
        match value {
            Some(value) => self.text(value),
            None => {
                self.key(&[Kind::Optional]);
                self.json.extend_from_slice(b"null");
                self
            }
        }
    }

    /// The absolute URL of `anchor` in a document, `doc_url` being the document's.
    fn url(&mut self, doc_url: &str, anchor: &str) -> &mut Self {
        let mut url = std::mem::take(&mut self.scratch);
        url.clear();
        url.push_str(doc_url);
        if !anchor.is_empty() {
            url.push('#');
            url.push_str(anchor);
        }
        self.text(&url);
        self.scratch = url;
        self
    }

    /// A list: its values joined by `|` in CSV, an array in JSON.
    fn list<S: AsRef<str>>(&mut self, values: &[S]) -> &mut Self {
        self.key(&[Kind::List]);
        // The JSON first, finding on the way whether the joined CSV field must be quoted.
        let mut csv_quoted = false;
        if values.is_empty() {
            self.json.extend_from_slice(b"[]");
        } else {
            self.json.extend_from_slice(b"[\n");
            for (n, value) in values.iter().enumerate() {
                if n > 0 {
                    self.json.extend_from_slice(b",\n");
                }
                self.json.extend_from_slice(b"      ");
                let special = special_bytes(value.as_ref());
                csv_quoted |= special & CSV_QUOTE != 0;
                json::string(&mut self.json, value.as_ref(), special & JSON_ESCAPE != 0);
            }
            self.json.extend_from_slice(b"\n    ]");
        }
        csv_list(&mut self.csv, values, csv_quoted);
        self
    }

    fn int(&mut self, value: usize) -> &mut Self {
        self.key(&[Kind::Integer]);
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(value).as_bytes();
        self.csv.extend_from_slice(digits);
        self.json.extend_from_slice(digits);
        self
    }

    /// A score: three decimals in CSV, rounded to three in JSON; empty or `null` when absent.
    fn number(&mut self, value: Option<f64>) -> &mut Self {
        self.key(&[Kind::OptionalNumber]);
        let mut digits = std::mem::take(&mut self.scratch);
        digits.clear();
        if let Some(value) = value {
            let _ = write!(digits, "{value:.3}");
        }
        self.csv.extend_from_slice(digits.as_bytes());
        self.scratch = digits;
        let _ = serde_json::to_writer(
            &mut self.json,
            &value.map(|n| (n * 1000.0).round() / 1000.0),
        );
        self
    }
}

/// [`special_bytes`]: a value JSON must escape (a control character, `"` or `\\`).
const JSON_ESCAPE: u8 = 1;
/// [`special_bytes`]: a value the CSV must quote (the delimiter, the quote or a line break).
/// These are the bytes the csv crate quotes with its default settings, which the exports were
/// first written with.
const CSV_QUOTE: u8 = 2;

fn special_byte(b: u8) -> u8 {
    let json = json::is_escaped(b);
    let csv = (b == b',') | (b == b'"') | (b == b'\n') | (b == b'\r');
    (u8::from(json) * JSON_ESCAPE) | (u8::from(csv) * CSV_QUOTE)
}

/// What `value` holds that its JSON string or CSV field must deal with: [`JSON_ESCAPE`] and
/// [`CSV_QUOTE`], one pass for both ([`crate::byte_scan`]). Kept out of line: inlined into a
/// larger function, the loop was compiled a byte at a time.
#[inline(never)]
fn special_bytes(value: &str) -> u8 {
    crate::byte_scan::text_flags(value.as_bytes(), special_byte)
}

/// Appends `value` as a CSV field, as the csv crate writes it; `quoted` when it holds a byte
/// the CSV quotes. The csv crate's writer spent more on its state machine per field than on
/// the bytes, and the exports have millions of fields.
fn csv_field(out: &mut Vec<u8>, value: &[u8], quoted: bool) {
    if quoted {
        out.push(b'"');
        defuse_formula(out, value);
        csv_quoted_contents(out, value);
        out.push(b'"');
    } else {
        defuse_formula(out, value);
        out.extend_from_slice(value);
    }
}

/// Starts a text cell that a spreadsheet would evaluate as a formula with `'`, OWASP's rule
/// against CSV injection: a title `=HYPERLINK(…)` would otherwise run when a reader opens the
/// export in Excel or LibreOffice. Every text cell of every dataset passes here; numbers do
/// not (they are written by `int` and `number`, and none is negative). The JSON keeps the text.
fn defuse_formula(out: &mut Vec<u8>, value: &[u8]) {
    if matches!(
        value.first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) {
        out.push(b'\'');
    }
}

/// `value` inside a quoted field: its quotes doubled.
fn csv_quoted_contents(out: &mut Vec<u8>, value: &[u8]) {
    for (n, piece) in value.split(|&b| b == b'"').enumerate() {
        if n > 0 {
            out.extend_from_slice(b"\"\"");
        }
        out.extend_from_slice(piece);
    }
}

/// Appends `values` joined by `|` as one CSV field, with no joined copy made; `quoted` when
/// any of them holds a byte the CSV quotes (`|` itself is never quoted).
fn csv_list<S: AsRef<str>>(out: &mut Vec<u8>, values: &[S], quoted: bool) {
    if quoted {
        out.push(b'"');
    }
    if let Some(first) = values.first() {
        defuse_formula(out, first.as_ref().as_bytes());
    }
    for (n, value) in values.iter().enumerate() {
        if n > 0 {
            out.push(b'|');
        }
        if quoted {
            csv_quoted_contents(out, value.as_ref().as_bytes());
        } else {
            out.extend_from_slice(value.as_ref().as_bytes());
        }
    }
    if quoted {
        out.push(b'"');
    }
}

/// Ends the CSV record that started at `start` in `out`. A record of one empty field is
/// written `""`, as the csv crate writes it, so that it is not read as an empty line.
fn end_csv_record(out: &mut Vec<u8>, start: usize) {
    if out.len() == start {
        out.extend_from_slice(b"\"\"");
    }
    out.push(b'\n');
}

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
    let items = |kind: ItemKind| d.items.iter().filter(move |i| i.kind == kind);
    let head = |w: &mut PartWriter, item: &Item| {
        w.record()
            .text(&d.path)
            .text(&item.id)
            .url(doc_url(), &item.id)
            .text(&item.section_title)
            .text(item.text.trim());
    };
    match dataset {
        Dataset::Documents => write_document_row(w, d, doc_url()),
        Dataset::Goals => {
            for i in items(ItemKind::Goal) {
                head(w, i);
                w.int(i.ordinal)
                    .text(&d.meta.organization)
                    .text(i.period.as_deref().unwrap_or(&d.meta.period))
                    .maybe(i.status.map(|s| s.as_str()))
                    .maybe(i.status_note.as_deref())
                    .list(&i.topics)
                    .int(i.line)
                    .end();
            }
        }
        Dataset::Activities => {
            for i in items(ItemKind::Activity) {
                head(w, i);
                w.list(&i.serves).list(&i.topics).int(i.line).end();
            }
        }
        Dataset::Recommendations => {
            for i in items(ItemKind::Recommendation) {
                head(w, i);
                w.list(&i.addressees).list(&i.topics).int(i.line).end();
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
                head(w, i);
                w.list(&i.topics).list(&motions).int(i.line).end();
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
                head(w, i);
                w.maybe(matched.map(|m| m.doc.as_str()))
                    .list(matched.map_or(&[][..], |m| m.commitments.as_slice()))
                    .number(matched.map(|m| m.score))
                    .int(i.line)
                    .end();
            }
        }
        Dataset::Motions => {
            for m in &d.motion_refs {
                w.record()
                    .text(&m.motion)
                    .text(&m.label)
                    .text(&d.path)
                    .text(&m.anchor)
                    .url(doc_url(), &m.anchor)
                    .text(&d.passage_id(m.passage))
                    .end();
            }
        }
        Dataset::Passages => {
            for (n, p) in d.passages.iter().enumerate() {
                w.record()
                    .text(&d.passage_id(n))
                    .text(&d.path)
                    .text(&p.anchor)
                    .url(doc_url(), &p.anchor)
                    .text(p.text.trim())
                    .end();
            }
        }
        Dataset::Links => {}
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
            .map(|&dataset| {
                let mut w = PartWriter::new(dataset);
                write_document_rows(&mut w, site, d, dataset, urls);
                w.finish()
            })
            .collect(),
    })
}

fn write_document_row(w: &mut PartWriter, document: &Document, doc_url: &str) {
    let meta = &document.meta;
    let counts = item_counts(&document.items);
    w.record()
        .text(&document.path)
        .text(doc_url)
        .text(&meta.title)
        .maybe(meta.subtitle.as_deref())
        .text(&meta.kind)
        .text(&meta.organization)
        .text(&meta.period)
        .maybe(meta.date.as_deref())
        .text(meta.status.as_str())
        .list(&meta.topics)
        .int(counts.goals)
        .int(counts.goals_done)
        .int(counts.activities)
        .int(counts.recommendations)
        .int(counts.commitments)
        .int(counts.quotes)
        .end();
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
                        let kind = match backlink.kind {
                            BacklinkKind::Link => "link",
                            BacklinkKind::Implements => "implements",
                            BacklinkKind::Quote => "quote",
                        };
                        w.record()
                            .text(&backlink.from_doc)
                            .text(&backlink.from_anchor)
                            .text(to_doc)
                            .text(to_id)
                            .text(kind)
                            .end();
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
                            w.record()
                                .text(&document.path)
                                .text(&activity.id)
                                .text(&document.path)
                                .text(goal)
                                .text("serves")
                                .end();
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
fn dataset_files<'a>(
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
    Files { csv: Vec<u8>, json: Vec<u8> },
}

/// Writes every dataset, each handed to `emit` as soon as it is joined: at
/// 10,000 documents the exports are a quarter of a gigabyte, and a build holding all of
/// them at once twice over (parts and files) needed that much more memory.
pub(super) fn data_files(site: &Site, theme: &Theme, urls: &Urls<'_>, emit: &Emit<'_>) {
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
    let make = |dataset: Dataset| {
        if dataset == Dataset::Links {
            MadeDataset::Parts(link_parts(site, dataset))
        } else if let Some(stored) = &stored {
            let n = dataset.index();
            let (csv, json) =
                dataset_files(dataset.columns(), stored.iter().map(|p| &p.datasets[n]));
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
        match made {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Values around the 16-byte blocks [`special_bytes`] tests, with every kind of byte that
    /// JSON escapes or CSV quotes, at the start, inside and at the end of a block.
    fn tricky_values() -> Vec<String> {
        let mut values: Vec<String> = [
            "",
            "plain",
            "a, b",
            "say \"hi\"",
            "\"",
            "back\\slash",
            "line\nbreak",
            "carriage\rreturn",
            "tab\there",
            "\u{7f} delete, \u{1f} unit separator",
            "åäö ✓ 😀 non-ASCII",
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1",
            "-2",
            "@SUM(1)",
            "\tformula",
            "\rformula",
            "'quoted",
        ]
        .map(String::from)
        .to_vec();
        values.extend((0u8..0x20).map(|b| format!("control {}", char::from(b))));
        for special in [",", "\"", "\\", "\n", "\r", "\u{1}"] {
            for at in [0, 1, 15, 16, 17, 31, 32, 40] {
                let mut value = "x".repeat(40);
                value.insert_str(at, special);
                values.push(value);
            }
        }
        values
    }

    #[test]
    fn json_strings_are_escaped_as_serde_json_escapes_them() {
        for value in tricky_values() {
            let mut out = Vec::new();
            json::string(&mut out, &value, special_bytes(&value) & JSON_ESCAPE != 0);
            let expected = serde_json::to_vec(&value).expect("a string serializes");
            assert_eq!(out, expected, "{value:?}");
        }
    }

    const TEST_COLUMNS: &[Column] = &[
        Column {
            name: "text",
            kind: Kind::Text,
        },
        Column {
            name: "maybe",
            kind: Kind::Optional,
        },
        Column {
            name: "url",
            kind: Kind::Text,
        },
        Column {
            name: "list",
            kind: Kind::List,
        },
        Column {
            name: "count",
            kind: Kind::Integer,
        },
        Column {
            name: "score",
            kind: Kind::OptionalNumber,
        },
    ];

    /// A record of [`TEST_COLUMNS`] as the exports wrote them before [`PartWriter`]: serde.
    #[derive(Serialize, Clone)]
    struct TestRecord {
        text: String,
        maybe: Option<String>,
        url: String,
        list: Vec<String>,
        count: usize,
        score: Option<f64>,
    }

    #[test]
    fn records_are_written_as_serde_json_and_the_csv_crate_write_them() {
        let values = tricky_values();
        let records: Vec<TestRecord> = values
            .iter()
            .enumerate()
            .map(|(n, value)| TestRecord {
                text: value.clone(),
                maybe: (n % 2 == 0).then(|| value.clone()),
                url: if n % 3 == 0 {
                    "https://example.org/doc/".to_string()
                } else {
                    format!("https://example.org/doc/#{value}")
                },
                list: values.iter().skip(n).take(n % 4).cloned().collect(),
                count: n * 1000,
                score: (n % 2 == 1).then_some(n as f64 / 7.0),
            })
            .collect();
        let mut w = PartWriter::of_columns(TEST_COLUMNS);
        for (n, record) in records.iter().enumerate() {
            let anchor = if n % 3 == 0 { "" } else { values[n].as_str() };
            w.record()
                .text(&record.text)
                .maybe(record.maybe.as_deref())
                .url("https://example.org/doc/", anchor)
                .list(&record.list)
                .int(record.count)
                .number(record.score)
                .end();
        }
        let part = w.finish();
        assert_eq!(part.rows, records.len());

        let (csv, json) = dataset_files(TEST_COLUMNS, [&part].into_iter());
        // The exports round scores to three decimals before serializing them.
        let rounded: Vec<TestRecord> = records
            .iter()
            .map(|r| TestRecord {
                score: r.score.map(|n| (n * 1000.0).round() / 1000.0),
                ..r.clone()
            })
            .collect();
        let expected_json = serde_json::to_vec_pretty(&rounded).expect("records serialize");
        assert_eq!(
            String::from_utf8_lossy(&json),
            String::from_utf8_lossy(&expected_json)
        );

        let mut writer = csv::Writer::from_writer(Vec::new());
        writer
            .write_record(TEST_COLUMNS.iter().map(|c| c.name))
            .expect("header");
        // OWASP's rule against CSV injection: a cell a spreadsheet would evaluate starts with `'`.
        let defused = |cell: String| match cell.chars().next() {
            Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
            _ => cell,
        };
        for r in &records {
            writer
                .write_record([
                    defused(r.text.clone()),
                    defused(r.maybe.clone().unwrap_or_default()),
                    r.url.clone(),
                    defused(r.list.join("|")),
                    r.count.to_string(),
                    r.score.map_or_else(String::new, |n| format!("{n:.3}")),
                ])
                .expect("record");
        }
        let expected_csv = writer.into_inner().expect("flush");
        assert_eq!(
            String::from_utf8_lossy(&csv),
            String::from_utf8_lossy(&expected_csv)
        );
    }

    #[test]
    fn a_record_of_one_empty_field_is_written_as_the_csv_crate_writes_it() {
        const ONE_COLUMN: &[Column] = &[Column {
            name: "text",
            kind: Kind::Text,
        }];
        let values = ["", "a", "", "b,c"];
        let mut w = PartWriter::of_columns(ONE_COLUMN);
        for value in values {
            w.record().text(value).end();
        }
        let part = w.finish();
        let (csv, _) = dataset_files(ONE_COLUMN, [&part].into_iter());

        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(["text"]).expect("header");
        for value in values {
            writer.write_record([value]).expect("record");
        }
        assert_eq!(csv, writer.into_inner().expect("flush"));
    }

    /// A value written to a column of another kind (values out of the columns' order) is
    /// caught where the tests run.
    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "value for column 1")]
    fn a_value_out_of_column_order_panics_in_debug_builds() {
        let mut w = PartWriter::of_columns(TEST_COLUMNS);
        w.record().text("text").int(3);
    }

    #[test]
    fn an_empty_dataset_is_an_empty_array_and_a_header() {
        let part = PartWriter::of_columns(TEST_COLUMNS).finish();
        let (csv, json) = dataset_files(TEST_COLUMNS, [&part].into_iter());
        assert_eq!(json, b"[]");
        assert_eq!(csv, b"text,maybe,url,list,count,score\n");
    }
}
