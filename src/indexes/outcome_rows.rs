//! The rows of the `outcomes` dataset: an annual report's outcome items, each with the
//! plan and goal it reports on (issue #21).

use crate::document::Document;

use super::record_writer::PartWriter;
use super::records::{Anchored, OutcomeRecord};

/// Writes annual report `d`'s outcomes; `doc_url` is its page's absolute URL.
pub(super) fn write_outcome_rows(w: &mut PartWriter, d: &Document, doc_url: &str) {
    let Some(plan) = d
        .meta
        .reports_on
        .as_ref()
        .and_then(|r| crate::markdown::parse_link_target(&r.target))
    else {
        return;
    };
    for outcome in &d.outcomes {
        let Some(i) = d.items.get(outcome.item) else {
            continue;
        };
        w.write(&OutcomeRecord {
            doc: &d.path,
            id: &i.id,
            url: Anchored {
                doc_url,
                anchor: &i.id,
            },
            section: &i.section_title,
            text: i.text.trim(),
            plan: &plan.doc,
            goal: &outcome.goal,
            status: i.status.map(|s| s.as_str()),
            line: i.line,
        });
    }
}
