//! The records of the open-data exports, one type per [`Dataset`]: a record's fields are its
//! columns, named as the schema names them and in its order. The writer
//! ([`super::record_writer`]) takes a record through serde and checks each field's name and
//! value against the schema's column, so a value can only reach the column of its own name:
//! two columns of one kind cannot be swapped, and a column added to the schema but not to
//! its record (or the other way round) fails the export instead of shifting the ones after.
//!
//! Records borrow from the documents; writing one allocates nothing.

use std::fmt;

use serde::Serialize;

use super::schema::Dataset;

/// A record of one dataset.
pub(super) trait Record: Serialize {
    const DATASET: Dataset;
}

/// An absolute URL of a place in a document, written without being joined first: the
/// exports have one per record, and a `String` each was a million allocations on a large
/// site.
pub(super) struct Anchored<'a> {
    pub doc_url: &'a str,
    pub anchor: &'a str,
}

impl fmt::Display for Anchored<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.doc_url)?;
        if !self.anchor.is_empty() {
            f.write_str("#")?;
            f.write_str(self.anchor)?;
        }
        Ok(())
    }
}

impl Serialize for Anchored<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

macro_rules! record {
    ($(#[$doc:meta])* $name:ident => $dataset:ident { $($field:ident: $ty:ty),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Serialize)]
        pub(super) struct $name<'a> {
            $(pub $field: $ty),*
        }

        impl Record for $name<'_> {
            const DATASET: Dataset = Dataset::$dataset;
        }
    };
}

record! {
    /// A document, with its counts of items.
    DocumentRecord => Documents {
        path: &'a str,
        url: &'a str,
        title: &'a str,
        subtitle: Option<&'a str>,
        kind: &'a str,
        organization: &'a str,
        period: &'a str,
        date: Option<&'a str>,
        status: &'a str,
        topics: &'a [String],
        goals: usize,
        goals_done: usize,
        activities: usize,
        recommendations: usize,
        commitments: usize,
        quotes: usize,
        outcomes: usize,
    }
}

record! {
    GoalRecord => Goals {
        doc: &'a str,
        id: &'a str,
        url: Anchored<'a>,
        section: &'a str,
        text: &'a str,
        ordinal: usize,
        organization: &'a str,
        period: &'a str,
        status: Option<&'a str>,
        status_note: Option<&'a str>,
        topics: &'a [String],
        addressees: &'a [String],
        line: usize,
        continues_doc: Option<&'a str>,
        continues_id: Option<&'a str>,
    }
}

record! {
    /// An annual report's outcome: the goal of its plan it reports on, and its status.
    OutcomeRecord => Outcomes {
        doc: &'a str,
        id: &'a str,
        url: Anchored<'a>,
        section: &'a str,
        text: &'a str,
        plan: &'a str,
        goal: &'a str,
        status: Option<&'a str>,
        line: usize,
    }
}

record! {
    ActivityRecord => Activities {
        doc: &'a str,
        id: &'a str,
        url: Anchored<'a>,
        section: &'a str,
        text: &'a str,
        serves: &'a [String],
        topics: &'a [String],
        line: usize,
    }
}

record! {
    RecommendationRecord => Recommendations {
        doc: &'a str,
        id: &'a str,
        url: Anchored<'a>,
        section: &'a str,
        text: &'a str,
        addressees: &'a [String],
        topics: &'a [String],
        line: usize,
    }
}

record! {
    CommitmentRecord => Commitments {
        doc: &'a str,
        id: &'a str,
        url: Anchored<'a>,
        section: &'a str,
        text: &'a str,
        topics: &'a [String],
        motions: &'a [&'a str],
        line: usize,
    }
}

record! {
    /// A quote, with what it was matched to (if anything) and how well.
    QuoteRecord => Quotes {
        doc: &'a str,
        id: &'a str,
        url: Anchored<'a>,
        section: &'a str,
        text: &'a str,
        quoted_doc: Option<&'a str>,
        quoted_ids: &'a [String],
        score: Option<f64>,
        line: usize,
    }
}

record! {
    /// A motion reference: it points at its passage (one record per passage in
    /// [`PassageRecord`]) instead of holding a copy of it.
    MotionRecord => Motions {
        motion: &'a str,
        label: &'a str,
        doc: &'a str,
        anchor: &'a str,
        url: Anchored<'a>,
        passage_id: &'a str,
    }
}

record! {
    PassageRecord => Passages {
        id: &'a str,
        doc: &'a str,
        anchor: &'a str,
        url: Anchored<'a>,
        text: &'a str,
    }
}

record! {
    LinkRecord => Links {
        from_doc: &'a str,
        from_id: &'a str,
        to_doc: &'a str,
        to_id: &'a str,
        kind: &'a str,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexes::record_writer::PartWriter;
    use crate::indexes::schema::DATASETS;

    type WriteWith<'a> = dyn Fn(&mut PartWriter) + 'a;

    /// Every dataset's record type has exactly the schema's columns: one record of each is
    /// written without error.
    #[test]
    fn each_dataset_has_a_record_of_its_columns() {
        let at = || Anchored {
            doc_url: "https://example.org/d/",
            anchor: "a",
        };
        let topics = vec!["t".to_string()];
        let write: [(Dataset, &WriteWith<'_>); 10] = [
            (Dataset::Documents, &|w| {
                w.write(&DocumentRecord {
                    path: "p",
                    url: "u",
                    title: "t",
                    subtitle: None,
                    kind: "plan",
                    organization: "o",
                    period: "2024",
                    date: None,
                    status: "adopted",
                    topics: &topics,
                    goals: 1,
                    goals_done: 0,
                    activities: 0,
                    recommendations: 0,
                    commitments: 0,
                    quotes: 0,
                    outcomes: 0,
                })
            }),
            (Dataset::Goals, &|w| {
                w.write(&GoalRecord {
                    doc: "p",
                    id: "i",
                    url: at(),
                    section: "s",
                    text: "t",
                    ordinal: 1,
                    organization: "o",
                    period: "2024",
                    status: Some("done"),
                    status_note: None,
                    topics: &topics,
                    addressees: &topics,
                    line: 3,
                    continues_doc: Some("q"),
                    continues_id: Some("mal-1"),
                })
            }),
            (Dataset::Outcomes, &|w| {
                w.write(&OutcomeRecord {
                    doc: "p",
                    id: "i",
                    url: at(),
                    section: "s",
                    text: "t",
                    plan: "q",
                    goal: "mal-1",
                    status: None,
                    line: 3,
                })
            }),
            (Dataset::Activities, &|w| {
                w.write(&ActivityRecord {
                    doc: "p",
                    id: "i",
                    url: at(),
                    section: "s",
                    text: "t",
                    serves: &topics,
                    topics: &topics,
                    line: 3,
                })
            }),
            (Dataset::Recommendations, &|w| {
                w.write(&RecommendationRecord {
                    doc: "p",
                    id: "i",
                    url: at(),
                    section: "s",
                    text: "t",
                    addressees: &topics,
                    topics: &topics,
                    line: 3,
                })
            }),
            (Dataset::Commitments, &|w| {
                w.write(&CommitmentRecord {
                    doc: "p",
                    id: "i",
                    url: at(),
                    section: "s",
                    text: "t",
                    topics: &topics,
                    motions: &["E2:1"],
                    line: 3,
                })
            }),
            (Dataset::Quotes, &|w| {
                w.write(&QuoteRecord {
                    doc: "p",
                    id: "i",
                    url: at(),
                    section: "s",
                    text: "t",
                    quoted_doc: Some("q"),
                    quoted_ids: &topics,
                    score: Some(0.5),
                    line: 3,
                })
            }),
            (Dataset::Motions, &|w| {
                w.write(&MotionRecord {
                    motion: "E2",
                    label: "E2:1",
                    doc: "p",
                    anchor: "a",
                    url: at(),
                    passage_id: "p#1",
                })
            }),
            (Dataset::Passages, &|w| {
                w.write(&PassageRecord {
                    id: "p#1",
                    doc: "p",
                    anchor: "a",
                    url: at(),
                    text: "t",
                })
            }),
            (Dataset::Links, &|w| {
                w.write(&LinkRecord {
                    from_doc: "p",
                    from_id: "",
                    to_doc: "q",
                    to_id: "i",
                    kind: "link",
                })
            }),
        ];
        assert_eq!(write.len(), DATASETS.len());
        for (dataset, write) in write {
            let mut w = PartWriter::new(dataset);
            write(&mut w);
            let part = w.finish();
            assert_eq!(part.failed, None, "{}", dataset.name());
            assert_eq!(part.rows, 1, "{}", dataset.name());
        }
        let mut w = PartWriter::new(Dataset::Activities);
        w.write(&LinkRecord {
            from_doc: "p",
            from_id: "",
            to_doc: "q",
            to_id: "i",
            kind: "link",
        });
        assert!(
            w.finish().failed.is_some(),
            "a links record among the activities"
        );
    }
}
