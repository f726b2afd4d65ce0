//! Pages that are lists of index rows (the numbered pages of a long list, an addressee's
//! pages), kept in the index memo under a key of what they show: the few words and numbers
//! around the rows, and the rows themselves by identity. At 10,000 documents a save made
//! the context of some 1,500 such pages and rendered each to compare it with the last
//! run's, though a save changes the rows of one or two of them.
//!
//! A row is a string [`Value`] from the row memo (`rows.rs`), shared, not copied, by every
//! page listing it. Its identity is the address and length of its text when that text is
//! shared between clones (checked on each row, whatever Tera's inline strings hold), else
//! the text itself. A kept page holds clones of its rows, so no other text can be at an
//! address its key names while the key is kept: the same address is the same text.

use std::hash::{Hash, Hasher};
use std::sync::Arc;

use tera::Value;

use crate::render::{Emit, OutputFile, PageJob, Produced, Theme, render_page};

use super::IndexMemo;

/// A page kept with the rows its key names.
pub(super) struct RowPage {
    _rows: Vec<Value>,
    bytes: Arc<Vec<u8>>,
}

/// Hands `emit` the page at `path` listing `rows`: from the memo when the rows and what
/// `frame` hashes (everything else the page shows beyond the memo's context: config,
/// vocabulary; the theme empties the memo) are those it was made for, else rendered from
/// `job`.
pub(super) fn row_page_into(
    memo: &IndexMemo,
    theme: &Theme,
    path: String,
    rows: &[&Value],
    frame: impl FnOnce(&mut std::collections::hash_map::DefaultHasher),
    job: impl FnOnce() -> PageJob,
    emit: &Emit<'_>,
) {
    let key = || {
        let mut hasher = memo.keys.hasher(0);
        frame(&mut hasher);
        rows.len().hash(&mut hasher);
        for row in rows {
            hash_identity(row, &mut hasher);
        }
        hasher.finish()
    };
    let make = || {
        let bytes = render_page(theme, &job())?;
        Ok(RowPage {
            _rows: rows.iter().copied().cloned().collect(),
            bytes: Arc::new(bytes),
        })
    };
    emit(match memo.row_pages.get_or_make(&path, key, make) {
        Ok(page) => Produced::File(OutputFile::shared(path, page.bytes.clone())),
        Err(diagnostic) => Produced::Failed(diagnostic),
    });
}

/// Feeds `hasher` with what tells `row` from any other row while a clone of it is held.
fn hash_identity(row: &Value, hasher: &mut impl Hasher) {
    row.is_safe().hash(hasher);
    match row.as_str() {
        Some(text) if shares_text(row, text) => {
            0_u8.hash(hasher);
            (text.as_ptr() as usize, text.len()).hash(hasher);
        }
        Some(text) => {
            1_u8.hash(hasher);
            text.hash(hasher);
        }
        None => {
            2_u8.hash(hasher);
            row.to_string().hash(hasher);
        }
    }
}

/// Whether a clone of `row` has its text at the same address, rather than a copy of it.
fn shares_text(row: &Value, text: &str) -> bool {
    Value::clone(row)
        .as_str()
        .is_some_and(|cloned| std::ptr::eq(cloned.as_ptr(), text.as_ptr()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn identity(row: &Value) -> u64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        hash_identity(row, &mut hasher);
        hasher.finish()
    }

    #[test]
    fn a_row_is_known_by_its_shared_text_or_else_by_its_text() {
        let long = "<li>".repeat(40);
        let row = Value::safe_string(&long);
        assert_eq!(identity(&row), identity(&Value::clone(&row)), "a clone");
        assert_ne!(
            identity(&row),
            identity(&Value::safe_string(&long)),
            "the same text made again is another row: its address is not held"
        );
        assert_ne!(identity(&row), identity(&Value::normal_string(&long)));
        let short = Value::safe_string("<li>");
        assert_eq!(identity(&short), identity(&Value::safe_string("<li>")));
        assert_ne!(identity(&short), identity(&Value::safe_string("<ol>")));
        assert_ne!(identity(&short), identity(&Value::normal_string("<li>")));
    }
}
