//! A `[[target]]` link written without text shows its target's title on the page (the
//! render stage writes it in). The items' and numbered paragraphs' text, which the index
//! rows, the search's snippets and words and the exports show, held the target as written
//! (`vansterpartiet/strategidokumentet-2020`): here, once every document is known, they get
//! the title the page shows.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::document::Document;

/// Writes the titles of the documents' `[[target]]` links without text over the targets in
/// their items' and paragraphs' text and HTML, and folds the titles into the documents'
/// fingerprints (a memo keyed by one must see a target's retitling). A document without such
/// links keeps its `Arc`; one with them gets a copy, so the parse cache keeps the original
/// (a quarter of the generated 1,000 documents, ~10 ms of CPU in all).
pub(super) fn write_link_titles(
    documents: &mut [Arc<Document>],
    fingerprints: &mut [u64],
    by_path: &HashMap<String, usize>,
) {
    let titles: Vec<Option<Vec<String>>> = documents
        .par_iter()
        .map(|document| {
            (!document.titled_links.is_empty()).then(|| {
                document
                    .titled_links
                    .iter()
                    .zip(&document.titled_link_texts)
                    .map(|(target, written)| match by_path.get(&target.doc) {
                        Some(&i) => documents[i].link_title(target.anchor.as_deref()),
                        // A broken link (which the build reports) shows its target.
                        None => written.clone(),
                    })
                    .collect()
            })
        })
        .collect();
    (documents
        .par_iter_mut()
        .zip(fingerprints.par_iter_mut())
        .zip(titles))
    .for_each(|((document, fingerprint), titles)| {
        let Some(titles) = titles else { return };
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (*fingerprint, &titles).hash(&mut hasher);
        *fingerprint = hasher.finish();
        let document = Arc::make_mut(document);
        let written = std::mem::take(&mut document.titled_link_texts);
        retitle(document, &written, &titles);
        document.titled_link_texts = written;
    });
}

/// `document`'s items and paragraphs with each `written[n]` in their text (and, as a link's
/// text, in their HTML) replaced by `titles[n]`, and its running text too, whose start is
/// its search result's lead and whose words are its own entry's.
fn retitle(document: &mut Document, written: &[String], titles: &[String]) {
    for (written, title) in written.iter().zip(titles) {
        if written == title || written.is_empty() {
            continue;
        }
        // An item's HTML shows the link's text only where its text does.
        let mut html = None;
        for item in &mut document.items {
            if replace_in(&mut item.text, written, title) {
                let (from, to) = html.get_or_insert_with(|| {
                    let link = |text: &str| format!(">{}</a>", crate::html::escape(text));
                    (link(written), link(title))
                });
                replace_in(&mut item.html, from, to);
            }
        }
        for paragraph in &mut document.paragraphs {
            replace_in(&mut paragraph.text, written, title);
        }
        replace_in(&mut document.plain_text, written, title);
    }
}

/// `text` with `from` replaced by `to`; whether it held `from`.
fn replace_in(text: &mut String, from: &str, to: &str) -> bool {
    let held = text.contains(from);
    if held {
        *text = text.replace(from, to);
    }
    held
}

#[cfg(test)]
mod tests {
    use super::replace_in;

    #[test]
    fn only_text_holding_the_target_is_rewritten() {
        let mut text = "Se solna/plan#mal-1.".to_string();
        assert!(replace_in(
            &mut text,
            "solna/plan#mal-1",
            "Arrangera torgmöten"
        ));
        assert_eq!(text, "Se Arrangera torgmöten.");
        let mut other = "Ingen länk.".to_string();
        assert!(!replace_in(
            &mut other,
            "solna/plan#mal-1",
            "Arrangera torgmöten"
        ));
        assert_eq!(other, "Ingen länk.");
    }
}
