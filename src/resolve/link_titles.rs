//! A `[[target]]` link written without text shows its target's title on the page (the
//! render stage writes it in). The items' and numbered paragraphs' text, which the index
//! rows, the search's snippets and words and the exports show, held the target as written
//! (`vansterpartiet/strategidokumentet-2020`): here, once every document is known, they get
//! the title the page shows.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
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
/// its search result's lead and whose words are its own entry's. Every target is replaced in
/// one pass over each text: a pass per link was links × text, minutes for a long document
/// of thousands of links.
fn retitle(document: &mut Document, written: &[String], titles: &[String]) {
    // A target written twice has one title: each is replaced once.
    let mut pairs: Vec<(&str, &str)> = written
        .iter()
        .zip(titles)
        .filter(|(written, title)| !written.is_empty() && written != title)
        .map(|(written, title)| (written.as_str(), title.as_str()))
        .collect();
    pairs.sort_unstable();
    pairs.dedup_by(|a, b| a.0 == b.0);
    let Some(text) = Replacer::new(pairs.iter().map(|&(from, to)| (from.into(), to.into()))) else {
        return;
    };
    // An item's HTML shows the link's text only where its text does.
    let link = |text: &str| format!(">{}</a>", crate::html::escape(text));
    let Some(html) = Replacer::new(pairs.iter().map(|&(from, to)| (link(from), link(to)))) else {
        return;
    };
    for item in &mut document.items {
        if text.replace(&mut item.text) {
            html.replace(&mut item.html);
        }
    }
    for paragraph in &mut document.paragraphs {
        text.replace(&mut paragraph.text);
    }
    text.replace(&mut document.plain_text);
}

/// Replaces every one of some strings by its replacement, the longest first where two start
/// at the same place (`solna/plan#mal-1` before `solna/plan`).
struct Replacer {
    automaton: AhoCorasick,
    to: Vec<String>,
}

impl Replacer {
    fn new(pairs: impl Iterator<Item = (String, String)>) -> Option<Replacer> {
        let (from, to): (Vec<String>, Vec<String>) = pairs.unzip();
        if from.is_empty() {
            return None;
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&from)
            .ok()?;
        Some(Replacer { automaton, to })
    }

    /// `text` with the strings replaced; whether it held any.
    fn replace(&self, text: &mut String) -> bool {
        let held = self.automaton.is_match(text.as_str());
        if held {
            *text = self.automaton.replace_all(text, &self.to);
        }
        held
    }
}

#[cfg(test)]
mod tests {
    use super::Replacer;

    fn replacer(pairs: &[(&str, &str)]) -> Replacer {
        Replacer::new(pairs.iter().map(|(a, b)| (a.to_string(), b.to_string()))).expect("pairs")
    }

    #[test]
    fn only_text_holding_a_target_is_rewritten_the_longest_target_first() {
        let titles = replacer(&[
            ("solna/plan", "Verksamhetsplan"),
            ("solna/plan#mal-1", "Arrangera torgmöten"),
        ]);
        let mut text = "Se solna/plan#mal-1 och solna/plan.".to_string();
        assert!(titles.replace(&mut text));
        assert_eq!(text, "Se Arrangera torgmöten och Verksamhetsplan.");
        let mut other = "Ingen länk.".to_string();
        assert!(!titles.replace(&mut other));
        assert_eq!(other, "Ingen länk.");
        assert!(Replacer::new(std::iter::empty()).is_none());
    }
}
