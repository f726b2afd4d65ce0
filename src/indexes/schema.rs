//! The schema of the open-data exports: the datasets ([`Dataset`], an enum, so that every
//! place choosing one is an exhaustive `match`), each with its columns in the order the files
//! have them, their Table Schema types, and the keys between the datasets. [`super::data`]
//! writes the files from it, and the `/data/` page and `datapackage.json` (a Frictionless
//! Data Package, see [`super::datapackage`]) document it.

/// One exported dataset; its files are `<name>.csv` and `<name>.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dataset {
    Documents,
    Goals,
    Activities,
    Recommendations,
    Commitments,
    Quotes,
    Motions,
    Passages,
    Links,
    Outcomes,
}

/// Every dataset, in the order the page lists them and the memo keeps a document's parts.
pub const DATASETS: [Dataset; 10] = [
    Dataset::Documents,
    Dataset::Goals,
    Dataset::Activities,
    Dataset::Recommendations,
    Dataset::Commitments,
    Dataset::Quotes,
    Dataset::Motions,
    Dataset::Passages,
    Dataset::Links,
    Dataset::Outcomes,
];

/// What a column holds, which gives both its Table Schema type and whether it is required.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A text that is never empty.
    Text,
    /// A text that may be empty (an empty CSV cell, `""` in JSON).
    MaybeEmpty,
    /// A text that may be absent (an empty CSV cell, `null` in JSON).
    Optional,
    /// Texts: joined by `|` in one CSV cell (a Table Schema `string`), an array in JSON.
    List,
    /// A non-negative integer, always present.
    Integer,
    /// A number that may be absent.
    OptionalNumber,
}

impl Kind {
    /// The Table Schema type of the CSV column.
    pub fn table_type(self) -> &'static str {
        match self {
            Kind::Text | Kind::MaybeEmpty | Kind::Optional | Kind::List => "string",
            Kind::Integer => "integer",
            Kind::OptionalNumber => "number",
        }
    }

    /// Whether every CSV row has a value (Table Schema reads an empty cell as missing).
    pub fn required(self) -> bool {
        matches!(self, Kind::Text | Kind::Integer)
    }
}

/// A column: its name (the CSV header and the JSON key) and what it holds.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
}

const fn col(name: &'static str, kind: Kind) -> Column {
    Column { name, kind }
}

/// A foreign key: `field` of this dataset names a record of `dataset` by its `reference`.
#[derive(Debug, Clone, Copy)]
pub struct ForeignKey {
    pub field: &'static str,
    pub dataset: Dataset,
    pub reference: &'static str,
}

const fn fk(field: &'static str, dataset: Dataset, reference: &'static str) -> ForeignKey {
    ForeignKey {
        field,
        dataset,
        reference,
    }
}

use Kind::{Integer, List, MaybeEmpty, Optional, OptionalNumber, Text};

/// A static list made by `const fn`s (which a plain `&[…]` would not promote to `'static`).
macro_rules! statics {
    ($t:ty; $($value:expr),* $(,)?) => {{
        const VALUES: &[$t] = &[$($value),*];
        VALUES
    }};
}

/// The columns every item dataset starts with.
macro_rules! item_columns {
    ($($rest:expr),* $(,)?) => {
        statics![Column;
            col("doc", Text),
            col("id", Text),
            col("url", Text),
            col("section", MaybeEmpty),
            col("text", MaybeEmpty),
            $($rest),*
        ]
    };
}

const DOC_KEY: &[ForeignKey] = statics![ForeignKey; fk("doc", Dataset::Documents, "path")];
const ITEM_KEY: &[&str] = &["doc", "id"];

impl Dataset {
    pub fn name(self) -> &'static str {
        match self {
            Dataset::Documents => "documents",
            Dataset::Goals => "goals",
            Dataset::Activities => "activities",
            Dataset::Recommendations => "recommendations",
            Dataset::Commitments => "commitments",
            Dataset::Quotes => "quotes",
            Dataset::Motions => "motions",
            Dataset::Passages => "passages",
            Dataset::Links => "links",
            Dataset::Outcomes => "outcomes",
        }
    }

    /// The columns, in the order of the CSV and of each JSON object's keys.
    pub fn columns(self) -> &'static [Column] {
        match self {
            Dataset::Documents => statics![Column;
                col("path", Text),
                col("url", Text),
                col("title", MaybeEmpty),
                col("subtitle", Optional),
                col("kind", Text),
                col("organization", MaybeEmpty),
                col("period", MaybeEmpty),
                col("date", Optional),
                col("status", Text),
                col("topics", List),
                col("goals", Integer),
                col("goals_done", Integer),
                col("activities", Integer),
                col("recommendations", Integer),
                col("commitments", Integer),
                col("quotes", Integer),
                col("outcomes", Integer),
            ],
            Dataset::Goals => item_columns![
                col("ordinal", Integer),
                col("organization", MaybeEmpty),
                col("period", MaybeEmpty),
                col("status", Optional),
                col("status_note", Optional),
                col("topics", List),
                col("addressees", List),
                col("line", Integer),
                col("continues_doc", Optional),
                col("continues_id", Optional),
            ],
            Dataset::Activities => item_columns![
                col("serves", List),
                col("topics", List),
                col("line", Integer),
            ],
            Dataset::Recommendations => item_columns![
                col("addressees", List),
                col("topics", List),
                col("line", Integer),
            ],
            Dataset::Commitments => item_columns![
                col("topics", List),
                col("motions", List),
                col("line", Integer),
            ],
            Dataset::Quotes => item_columns![
                col("quoted_doc", Optional),
                col("quoted_ids", List),
                col("score", OptionalNumber),
                col("line", Integer),
            ],
            Dataset::Motions => statics![Column;
                col("motion", Text),
                col("label", Text),
                col("doc", Text),
                col("anchor", MaybeEmpty),
                col("url", Text),
                col("passage_id", Text),
            ],
            // Each amended passage once, however many references it holds: a copy of it in
            // every reference's row made the exports grow with references times passage length.
            Dataset::Passages => statics![Column;
                col("id", Text),
                col("doc", Text),
                col("anchor", MaybeEmpty),
                col("url", Text),
                col("text", MaybeEmpty),
            ],
            Dataset::Links => statics![Column;
                col("from_doc", Text),
                col("from_id", MaybeEmpty),
                col("to_doc", Text),
                col("to_id", MaybeEmpty),
                col("kind", Text),
            ],
            // An annual report's outcome items; the text is the goal's follow-up note when
            // the status is set.
            Dataset::Outcomes => item_columns![
                col("plan", Text),
                col("goal", Text),
                col("status", Optional),
                col("line", Integer),
            ],
        }
    }

    /// The columns that name one record; empty when nothing does.
    pub fn primary_key(self) -> &'static [&'static str] {
        match self {
            Dataset::Documents => &["path"],
            Dataset::Goals
            | Dataset::Activities
            | Dataset::Recommendations
            | Dataset::Commitments
            | Dataset::Quotes
            | Dataset::Outcomes => ITEM_KEY,
            Dataset::Passages => &["id"],
            Dataset::Motions | Dataset::Links => &[],
        }
    }

    /// The columns that name a record of another dataset. Item ids in lists (`serves`,
    /// `quoted_ids`) and links' `from_id`/`to_id` (an item of any dataset, or a section) are
    /// not keys a Table Schema can state.
    pub fn foreign_keys(self) -> &'static [ForeignKey] {
        match self {
            Dataset::Documents => &[],
            Dataset::Activities
            | Dataset::Recommendations
            | Dataset::Commitments
            | Dataset::Passages => DOC_KEY,
            Dataset::Goals => statics![ForeignKey;
                fk("doc", Dataset::Documents, "path"),
                fk("continues_doc", Dataset::Documents, "path"),
            ],
            Dataset::Outcomes => statics![ForeignKey;
                fk("doc", Dataset::Documents, "path"),
                fk("plan", Dataset::Documents, "path"),
            ],
            Dataset::Quotes => statics![ForeignKey;
                fk("doc", Dataset::Documents, "path"),
                fk("quoted_doc", Dataset::Documents, "path"),
            ],
            Dataset::Motions => statics![ForeignKey;
                fk("doc", Dataset::Documents, "path"),
                fk("passage_id", Dataset::Passages, "id"),
            ],
            Dataset::Links => statics![ForeignKey;
                fk("from_doc", Dataset::Documents, "path"),
                fk("to_doc", Dataset::Documents, "path"),
            ],
        }
    }

    /// Where a document's part of this dataset sits in the memo's `DataParts`.
    pub fn index(self) -> usize {
        self as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_datasets_are_in_the_order_of_their_index() {
        for (n, dataset) in DATASETS.iter().enumerate() {
            assert_eq!(dataset.index(), n, "{}", dataset.name());
        }
    }

    #[test]
    fn every_key_names_a_column() {
        let has = |dataset: Dataset, name: &str| dataset.columns().iter().any(|c| c.name == name);
        for dataset in DATASETS {
            for field in dataset.primary_key() {
                assert!(has(dataset, field), "{}.{field}", dataset.name());
            }
            for key in dataset.foreign_keys() {
                assert!(has(dataset, key.field), "{}.{}", dataset.name(), key.field);
                assert!(has(key.dataset, key.reference), "{:?}", key);
            }
        }
    }
}
