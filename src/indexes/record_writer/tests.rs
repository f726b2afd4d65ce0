//! The writer against serde_json and the csv crate, whose output it must match byte for byte.

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
