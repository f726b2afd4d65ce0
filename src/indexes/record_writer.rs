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

use serde::ser::{self, Impossible, Serialize, SerializeSeq, SerializeStruct, Serializer};

use super::data::DatasetPart;

use super::json;
use super::records::Record;
use super::schema::{Column, Dataset, Kind};

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

fn unsupported(what: &str) -> RecordError {
    RecordError(format!("{what} has no column kind"))
}

/// Serde methods a sink does not take: each an error naming the kind of value.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ok, RecordError> {
            Err(unsupported(stringify!($method)))
        })*
    };
}

/// The serde methods no sink takes: values no column holds.
macro_rules! refuse_common {
    () => {
        refuse! {
            serialize_bool(bool) -> ();
            serialize_i8(i8) -> ();
            serialize_i16(i16) -> ();
            serialize_i32(i32) -> ();
            serialize_i64(i64) -> ();
            serialize_u8(u8) -> ();
            serialize_u16(u16) -> ();
            serialize_u32(u32) -> ();
            serialize_f32(f32) -> ();
            serialize_char(char) -> ();
            serialize_bytes(&[u8]) -> ();
            serialize_unit() -> ();
            serialize_unit_struct(&'static str) -> ();
            serialize_unit_variant(&'static str, u32, &'static str) -> ();
            serialize_tuple(usize) -> Self::SerializeTuple;
            serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
            serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
            serialize_map(Option<usize>) -> Self::SerializeMap;
            serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
        }

        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), RecordError> {
            Err(unsupported("serialize_newtype_variant"))
        }
    };
}

/// A record: a struct, whose fields are written to the columns.
struct RecordSink<'w>(&'w mut PartWriter);

impl<'w> Serializer for RecordSink<'w> {
    type Ok = ();
    type Error = RecordError;
    type SerializeSeq = Impossible<(), RecordError>;
    type SerializeTuple = Impossible<(), RecordError>;
    type SerializeTupleStruct = Impossible<(), RecordError>;
    type SerializeTupleVariant = Impossible<(), RecordError>;
    type SerializeMap = Impossible<(), RecordError>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), RecordError>;

    refuse_common!();
    refuse! {
        serialize_u64(u64) -> ();
        serialize_f64(f64) -> ();
        serialize_str(&str) -> ();
        serialize_none() -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), RecordError> {
        Err(unsupported("serialize_some"))
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), RecordError> {
        Err(unsupported("serialize_newtype_struct"))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, RecordError> {
        self.0.begin_record();
        Ok(self)
    }
}

impl SerializeStruct for RecordSink<'_> {
    type Ok = ();
    type Error = RecordError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), RecordError> {
        let kind = self.0.begin_value(name)?;
        value.serialize(CellSink {
            writer: self.0,
            name,
            kind,
        })
    }

    fn end(self) -> Result<(), RecordError> {
        self.0.end_record()
    }
}

/// One field's value, checked against what its column holds.
struct CellSink<'w> {
    writer: &'w mut PartWriter,
    name: &'static str,
    kind: Kind,
}

impl CellSink<'_> {
    fn require_kind(&self, kinds: &[Kind], value: &str) -> Result<(), RecordError> {
        if kinds.contains(&self.kind) {
            Ok(())
        } else {
            Err(RecordError(format!(
                "{value} for column {} of kind {:?}",
                self.name, self.kind
            )))
        }
    }
}

const TEXT_KINDS: &[Kind] = &[Kind::Text, Kind::MaybeEmpty, Kind::Optional];

impl<'w> Serializer for CellSink<'w> {
    type Ok = ();
    type Error = RecordError;
    type SerializeSeq = Self;
    type SerializeTuple = Impossible<(), RecordError>;
    type SerializeTupleStruct = Impossible<(), RecordError>;
    type SerializeTupleVariant = Impossible<(), RecordError>;
    type SerializeMap = Impossible<(), RecordError>;
    type SerializeStruct = Impossible<(), RecordError>;
    type SerializeStructVariant = Impossible<(), RecordError>;

    refuse_common!();
    refuse! {
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
    }

    fn serialize_str(self, value: &str) -> Result<(), RecordError> {
        self.require_kind(TEXT_KINDS, "a text")?;
        self.writer.text(value);
        Ok(())
    }

    fn collect_str<T: ?Sized + fmt::Display>(self, value: &T) -> Result<(), RecordError> {
        self.require_kind(TEXT_KINDS, "a text")?;
        let mut text = std::mem::take(&mut self.writer.scratch);
        text.clear();
        let _ = write!(text, "{value}");
        self.writer.text(&text);
        self.writer.scratch = text;
        Ok(())
    }

    fn serialize_u64(self, value: u64) -> Result<(), RecordError> {
        self.require_kind(&[Kind::Integer], "an integer")?;
        self.writer.int(value);
        Ok(())
    }

    fn serialize_f64(self, value: f64) -> Result<(), RecordError> {
        self.require_kind(&[Kind::OptionalNumber], "a number")?;
        self.writer.number(value);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), RecordError> {
        self.require_kind(&[Kind::Optional, Kind::OptionalNumber], "an absent value")?;
        self.writer.null();
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), RecordError> {
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self, RecordError> {
        self.require_kind(&[Kind::List], "a list")?;
        self.writer.begin_list();
        Ok(self)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), RecordError> {
        value.serialize(self)
    }
}

impl SerializeSeq for CellSink<'_> {
    type Ok = ();
    type Error = RecordError;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), RecordError> {
        value.serialize(ListValueSink(self.writer))
    }

    fn end(self) -> Result<(), RecordError> {
        self.writer.end_list();
        Ok(())
    }
}

/// A value of a list: a text.
struct ListValueSink<'a>(&'a mut PartWriter);

impl<'a> Serializer for ListValueSink<'a> {
    type Ok = ();
    type Error = RecordError;
    type SerializeSeq = Impossible<(), RecordError>;
    type SerializeTuple = Impossible<(), RecordError>;
    type SerializeTupleStruct = Impossible<(), RecordError>;
    type SerializeTupleVariant = Impossible<(), RecordError>;
    type SerializeMap = Impossible<(), RecordError>;
    type SerializeStruct = Impossible<(), RecordError>;
    type SerializeStructVariant = Impossible<(), RecordError>;

    refuse_common!();
    refuse! {
        serialize_u64(u64) -> ();
        serialize_f64(f64) -> ();
        serialize_none() -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
    }

    fn serialize_str(self, value: &str) -> Result<(), RecordError> {
        self.0.list_value(value);
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), RecordError> {
        Err(unsupported("an optional list value"))
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), RecordError> {
        value.serialize(self)
    }
}

/// [`special_bytes`]: a value JSON must escape (a control character, `"` or `\\`).
pub(super) const JSON_ESCAPE: u8 = 1;
/// [`special_bytes`]: a value the CSV must quote (the delimiter, the quote or a line break).
/// These are the bytes the csv crate quotes with its default settings, which the exports were
/// first written with.
pub(super) const CSV_QUOTE: u8 = 2;

fn special_byte(b: u8) -> u8 {
    let json = json::is_escaped(b);
    let csv = (b == b',') | (b == b'"') | (b == b'\n') | (b == b'\r');
    (u8::from(json) * JSON_ESCAPE) | (u8::from(csv) * CSV_QUOTE)
}

/// What `value` holds that its JSON string or CSV field must deal with: [`JSON_ESCAPE`] and
/// [`CSV_QUOTE`], one pass for both ([`crate::byte_scan`]). Kept out of line: inlined into a
/// larger function, the loop was compiled a byte at a time.
#[inline(never)]
pub(super) fn special_bytes(value: &str) -> u8 {
    crate::byte_scan::text_flags(value.as_bytes(), special_byte)
}

/// Appends `value` as a CSV field, as the csv crate writes it; `quoted` when it holds a byte
/// the CSV quotes. The csv crate's writer spent more on its state machine per field than on
/// the bytes, and the exports have millions of fields.
pub(super) fn csv_field(out: &mut Vec<u8>, value: &[u8], quoted: bool) {
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

/// Ends the CSV record that started at `start` in `out`. A record of one empty field is
/// written `""`, as the csv crate writes it, so that it is not read as an empty line.
pub(super) fn end_csv_record(out: &mut Vec<u8>, start: usize) {
    if out.len() == start {
        out.extend_from_slice(b"\"\"");
    }
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexes::data::dataset_files;
    use serde::Serialize;

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

    /// A record of [`TEST_COLUMNS`], written by the [`PartWriter`] and by serde_json and the
    /// csv crate, which must agree.
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
        for record in &records {
            w.write_any(record);
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
        #[derive(Serialize)]
        struct OneText<'a> {
            text: &'a str,
        }
        let mut w = PartWriter::of_columns(ONE_COLUMN);
        for text in values {
            w.write_any(&OneText { text });
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

    /// A way of writing a record into a part, in the tests' tables of cases.
    type WriteWith<'a> = dyn Fn(&mut PartWriter) + 'a;

    /// A record whose fields are not the schema's columns, in their order and of their
    /// kinds, is not written: the part says why, and the rows before it stay.
    #[test]
    fn a_record_that_does_not_fit_the_schema_fails_the_part() {
        #[derive(Serialize)]
        struct Swapped<'a> {
            maybe: Option<&'a str>,
            text: &'a str,
        }
        #[derive(Serialize)]
        struct WrongKind<'a> {
            text: &'a str,
            maybe: usize,
            rest: &'a str,
        }
        #[derive(Serialize)]
        struct Short<'a> {
            text: &'a str,
        }
        let good = TestRecord {
            text: "a".into(),
            maybe: None,
            url: "u".into(),
            list: vec![],
            count: 1,
            score: None,
        };
        let cases: [(&WriteWith<'_>, &str); 3] = [
            (
                &|w| {
                    w.write_any(&Swapped {
                        maybe: None,
                        text: "x",
                    })
                },
                "field maybe where the schema has column text",
            ),
            (
                &|w| {
                    w.write_any(&WrongKind {
                        text: "x",
                        maybe: 3,
                        rest: "y",
                    })
                },
                "an integer for column maybe",
            ),
            (&|w| w.write_any(&Short { text: "x" }), "1 of the 6 columns"),
        ];
        for (write, expected) in cases {
            let mut w = PartWriter::of_columns(TEST_COLUMNS);
            w.write_any(&good);
            let written = (w.csv.len(), w.json.len());
            write(&mut w);
            assert_eq!((w.csv.len(), w.json.len()), written, "{expected}");
            // Nothing is written after the failed record: the dataset is not published.
            w.write_any(&good);
            assert_eq!((w.csv.len(), w.json.len()), written, "{expected}");
            let part = w.finish();
            assert_eq!(part.rows, 1);
            let failed = part.failed.unwrap_or_default();
            assert!(failed.contains(expected), "{failed:?} lacks {expected:?}");
        }
    }

    #[test]
    fn an_empty_dataset_is_an_empty_array_and_a_header() {
        let part = PartWriter::of_columns(TEST_COLUMNS).finish();
        let (csv, json) = dataset_files(TEST_COLUMNS, [&part].into_iter());
        assert_eq!(json, b"[]");
        assert_eq!(csv, b"text,maybe,url,list,count,score\n");
    }
}
