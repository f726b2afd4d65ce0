//! The schema of the open-data exports: each dataset's file name and its columns with their
//! JSON types. [`super::data`] writes the files from it, the `/data/` page documents it, and
//! `/data/schema.json` is this table as JSON.

use serde::Serialize;

/// One exported dataset: its file name (without extension) and its columns.
#[derive(Debug, Serialize)]
pub struct Dataset {
    pub name: &'static str,
    pub columns: &'static [Column],
}

/// A column: its name and its JSON type (`string?` may be null, `string[]` is a list, which
/// CSV joins with `|`).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Column {
    pub name: &'static str,
    #[serde(rename = "type")]
    pub kind: &'static str,
}

const fn col(name: &'static str, kind: &'static str) -> Column {
    Column { name, kind }
}

const ITEM_HEAD: [Column; 5] = [
    col("doc", "string"),
    col("id", "string"),
    col("url", "string"),
    col("section", "string"),
    col("text", "string"),
];

pub const DATASETS: &[Dataset] = &[
    Dataset {
        name: "documents",
        columns: &[
            col("path", "string"),
            col("url", "string"),
            col("title", "string"),
            col("subtitle", "string?"),
            col("kind", "string"),
            col("organization", "string"),
            col("period", "string"),
            col("date", "string?"),
            col("status", "string"),
            col("topics", "string[]"),
            col("goals", "integer"),
            col("goals_done", "integer"),
            col("activities", "integer"),
            col("recommendations", "integer"),
            col("commitments", "integer"),
            col("quotes", "integer"),
        ],
    },
    Dataset {
        name: "goals",
        columns: &[
            ITEM_HEAD[0],
            ITEM_HEAD[1],
            ITEM_HEAD[2],
            ITEM_HEAD[3],
            ITEM_HEAD[4],
            col("ordinal", "integer"),
            col("organization", "string"),
            col("period", "string"),
            col("status", "string?"),
            col("status_note", "string?"),
            col("topics", "string[]"),
            col("line", "integer"),
        ],
    },
    Dataset {
        name: "activities",
        columns: &[
            ITEM_HEAD[0],
            ITEM_HEAD[1],
            ITEM_HEAD[2],
            ITEM_HEAD[3],
            ITEM_HEAD[4],
            col("serves", "string[]"),
            col("topics", "string[]"),
            col("line", "integer"),
        ],
    },
    Dataset {
        name: "recommendations",
        columns: &[
            ITEM_HEAD[0],
            ITEM_HEAD[1],
            ITEM_HEAD[2],
            ITEM_HEAD[3],
            ITEM_HEAD[4],
            col("addressees", "string[]"),
            col("topics", "string[]"),
            col("line", "integer"),
        ],
    },
    Dataset {
        name: "commitments",
        columns: &[
            ITEM_HEAD[0],
            ITEM_HEAD[1],
            ITEM_HEAD[2],
            ITEM_HEAD[3],
            ITEM_HEAD[4],
            col("topics", "string[]"),
            col("motions", "string[]"),
            col("line", "integer"),
        ],
    },
    Dataset {
        name: "quotes",
        columns: &[
            ITEM_HEAD[0],
            ITEM_HEAD[1],
            ITEM_HEAD[2],
            ITEM_HEAD[3],
            ITEM_HEAD[4],
            col("quoted_doc", "string?"),
            col("quoted_ids", "string[]"),
            col("score", "number?"),
            col("line", "integer"),
        ],
    },
    Dataset {
        name: "motions",
        columns: &[
            col("motion", "string"),
            col("label", "string"),
            col("doc", "string"),
            col("anchor", "string"),
            col("url", "string"),
            col("passage_id", "string"),
        ],
    },
    // Each amended passage once, however many references it holds: a copy of it in every
    // reference's row made the exports grow with references times passage length.
    Dataset {
        name: "passages",
        columns: &[
            col("id", "string"),
            col("doc", "string"),
            col("anchor", "string"),
            col("url", "string"),
            col("text", "string"),
        ],
    },
    Dataset {
        name: "links",
        columns: &[
            col("from_doc", "string"),
            col("from_id", "string"),
            col("to_doc", "string"),
            col("to_id", "string"),
            col("kind", "string"),
        ],
    },
];

/// What `schema.json` says of every dataset's CSV beside its columns: text cells a
/// spreadsheet would run as formulas start with `'` (see `csv_field` in `super::data`).
pub const CSV_NOTE: &str = "In the CSV, a text cell whose first character is =, +, -, @, a tab or a carriage return starts with an added ' (OWASP's rule against CSV injection), so that a spreadsheet shows it as text; the JSON has the text as written.";

#[derive(Serialize)]
struct SchemaEntry {
    #[serde(flatten)]
    dataset: &'static Dataset,
    csv_note: &'static str,
}

/// `/data/schema.json`: [`DATASETS`], each with the [`CSV_NOTE`].
pub fn schema_json() -> Vec<u8> {
    let entries: Vec<SchemaEntry> = DATASETS
        .iter()
        .map(|dataset| SchemaEntry {
            dataset,
            csv_note: CSV_NOTE,
        })
        .collect();
    serde_json::to_vec_pretty(&entries).unwrap_or_default()
}
