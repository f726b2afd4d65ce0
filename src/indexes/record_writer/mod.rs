//! The exports' writer: a record ([`super::records`]) goes in through serde and comes out as a
//! CSV row and a pretty-printed JSON object at once, with no value made in between. At
//! 10,000 documents the exports are a quarter of a gigabyte; building a `serde_json::Value`
//! per cell, or writing each file with its own serializer (serde_json and the csv crate,
//! which the exports were first written with), cost more than the bytes. The output is byte
//! for byte what those two write (the tests compare them).
//!
//! Each field of a record goes to the schema's column of the same name, in the schema's
//! order, and must hold what that column holds ([`Kind`]); anything else is an error for the
//! whole part, never a shifted column.

use std::fmt::{self, Write as _};

use serde::ser::{self, Serialize};

use super::data::DatasetPart;

use super::json;
use super::records::Record;
use super::schema::{Column, Dataset, Kind};

mod cells;
mod sinks;

pub(super) use cells::{CSV_QUOTE, JSON_ESCAPE, csv_field, end_csv_record, special_bytes};
use sinks::RecordSink;

/// Records of one dataset, written as CSV rows and as the elements of the pretty-printed JSON
/// array at once: each element indented by two spaces, joined by `,\n`, byte for byte what
/// `serde_json::to_vec_pretty` writes inside the array.
pub(super) struct PartWriter {
    columns: &'static [Column],
    /// Each column's JSON key, indented, quoted and followed by `: `.
    keys: Vec<Vec<u8>>,
    rows: usize,
    csv: Vec<u8>,
    /// Where the current record starts in `csv` and `json`.
    record_start: (usize, usize),
    json: Vec<u8>,
    /// The column the next value belongs to.
    column: usize,
    /// Reused for values made of pieces (URLs, scores) and for a list's CSV cell.
    scratch: String,
    list_csv: Vec<u8>,
    list_quoted: bool,
    list_len: usize,
    /// The first record that did not fit the schema; the dataset is then not written.
    error: Option<RecordError>,
}

/// The sizes of the last part a thread wrote, to size its next one: the parts of a dataset
/// are alike, and grown from nothing each was copied again at every doubling.
#[derive(Default, Clone, Copy)]
pub(super) struct PartSizes {
    csv: usize,
    json: usize,
}

/// A part written by `write`, sized like the last one of `sizes`, which then remembers it.
pub(super) fn sized_part(
    dataset: Dataset,
    sizes: &mut PartSizes,
    write: impl FnOnce(&mut PartWriter),
) -> DatasetPart {
    let mut writer = PartWriter::new(dataset);
    writer.csv.reserve(sizes.csv + sizes.csv / 4);
    writer.json.reserve(sizes.json + sizes.json / 4);
    write(&mut writer);
    let part = writer.finish();
    *sizes = PartSizes {
        csv: part.csv.len(),
        json: part.json.len(),
    };
    part
}

impl PartWriter {
    pub(super) fn new(dataset: Dataset) -> Self {
        PartWriter::of_columns(dataset.columns())
    }

    pub(super) fn of_columns(columns: &'static [Column]) -> Self {
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
            record_start: (0, 0),
            json: Vec::new(),
            column: 0,
            scratch: String::new(),
            list_csv: Vec::new(),
            list_quoted: false,
            list_len: 0,
            error: None,
        }
    }

    /// The part written; `failed` when a record did not fit the schema.
    pub(super) fn finish(self) -> DatasetPart {
        DatasetPart {
            rows: self.rows,
            csv: self.csv,
            json: self.json,
            failed: self.error.map(|error| error.0),
        }
    }

    /// Writes one record. A record that does not fit the schema is taken back out, and the
    /// part is marked failed with the first such error.
    pub(super) fn write<R: Record>(&mut self, record: &R) {
        if !std::ptr::eq(R::DATASET.columns(), self.columns) {
            self.error.get_or_insert(RecordError(format!(
                "a record of {} written with the columns of another dataset",
                R::DATASET.name()
            )));
            return;
        }
        self.write_any(record);
    }

    /// [`PartWriter::write`] without the dataset check, for the tests' own columns.
    fn write_any<R: Serialize>(&mut self, record: &R) {
        if self.error.is_some() {
            return;
        }
        self.record_start = (self.csv.len(), self.json.len());
        if let Err(error) = record.serialize(RecordSink(self)) {
            let (csv, json) = self.record_start;
            self.csv.truncate(csv);
            self.json.truncate(json);
            self.error = Some(error);
        }
    }

    fn begin_record(&mut self) {
        if self.rows > 0 {
            self.json.extend_from_slice(b",\n");
        }
        self.json.extend_from_slice(b"  {\n");
        self.column = 0;
    }

    fn end_record(&mut self) -> Result<(), RecordError> {
        if self.column != self.columns.len() {
            return Err(RecordError(format!(
                "a record with {} of the {} columns",
                self.column,
                self.columns.len()
            )));
        }
        end_csv_record(&mut self.csv, self.record_start.0);
        self.json.extend_from_slice(b"\n  }");
        self.rows += 1;
        Ok(())
    }

    /// Starts the value of field `name`, which must be the next column: the CSV delimiter, the
    /// JSON key. Returns what the column holds, for the value to be checked against.
    fn begin_value(&mut self, name: &'static str) -> Result<Kind, RecordError> {
        let Some(column) = self.columns.get(self.column) else {
            return Err(RecordError(format!("field {name} is past the last column")));
        };
        if column.name != name {
            return Err(RecordError(format!(
                "field {name} where the schema has column {}",
                column.name
            )));
        }
        if self.column > 0 {
            self.csv.push(b',');
            self.json.extend_from_slice(b",\n");
        }
        if let Some(key) = self.keys.get(self.column) {
            self.json.extend_from_slice(key);
        }
        self.column += 1;
        Ok(column.kind)
    }

    fn text(&mut self, value: &str) {
        let special = special_bytes(value);
        csv_field(&mut self.csv, value.as_bytes(), special & CSV_QUOTE != 0);
        json::string(&mut self.json, value, special & JSON_ESCAPE != 0);
    }

    fn int(&mut self, value: u64) {
        let mut digits = itoa::Buffer::new();
        let digits = digits.format(value).as_bytes();
        self.csv.extend_from_slice(digits);
        self.json.extend_from_slice(digits);
    }

    /// A score: three decimals in CSV, rounded to three in JSON.
    fn number(&mut self, value: f64) {
        let mut digits = std::mem::take(&mut self.scratch);
        digits.clear();
        let _ = write!(digits, "{value:.3}");
        self.csv.extend_from_slice(digits.as_bytes());
        self.scratch = digits;
        let _ = serde_json::to_writer(&mut self.json, &((value * 1000.0).round() / 1000.0));
    }

    /// An absent value: an empty CSV cell, `null` in JSON.
    fn null(&mut self) {
        self.json.extend_from_slice(b"null");
    }

    /// A list's JSON opens as its values come; its CSV cell, the values joined by `|`, is
    /// written at the end, when it is known whether any of them needs the cell quoted.
    fn begin_list(&mut self) {
        self.list_csv.clear();
        self.list_quoted = false;
        self.list_len = 0;
    }

    fn list_value(&mut self, value: &str) {
        self.json
            .extend_from_slice(if self.list_len == 0 { b"[\n" } else { b",\n" });
        self.json.extend_from_slice(b"      ");
        let special = special_bytes(value);
        self.list_quoted |= special & CSV_QUOTE != 0;
        json::string(&mut self.json, value, special & JSON_ESCAPE != 0);
        if self.list_len > 0 {
            self.list_csv.push(b'|');
        }
        self.list_csv.extend_from_slice(value.as_bytes());
        self.list_len += 1;
    }

    fn end_list(&mut self) {
        self.json.extend_from_slice(if self.list_len == 0 {
            b"[]"
        } else {
            b"\n    ]"
        });
        csv_field(&mut self.csv, &self.list_csv, self.list_quoted);
    }
}

/// Why a record did not fit its dataset's schema: a mistake in the code, reported as a failed
/// export rather than written into the wrong columns.
#[derive(Debug)]
pub(crate) struct RecordError(String);

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for RecordError {}

impl ser::Error for RecordError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        RecordError(message.to_string())
    }
}

// Last in the file: the module graph test (tests/integration/module_graph.rs) reads a file's
// imports up to its first test module.
#[cfg(test)]
mod tests;
