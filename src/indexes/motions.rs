//! The motions index: each motion (E2, E11, …) with every reference to it (`E2:1`,
//! `PS svar till E31`) and the passage it amended, linked to the reference in its document.
//! A passage that one motion is referred to many times in is shown once, with its
//! references, so the page grows with the references and the passages, not their product.
//! Document pages link motion references to `/motioner/#e2`, so each motion's anchor is its
//! name in lowercase.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::render::views::{Link, Urls};
use crate::render::{PageJob, Theme, page_context, shorten};
use crate::resolve::Site;

use super::doc_link;

#[derive(Serialize)]
pub(super) struct MotionView {
    /// `e2`: the anchor document pages link to.
    id: String,
    name: String,
    passages: Vec<PassageView>,
}

/// A passage the motion amended, with the motion's references in it.
#[derive(Serialize)]
struct PassageView {
    references: Vec<ReferenceView>,
    doc: Link,
    text: String,
    url: String,
    /// The passage's document and its index there, to gather its references.
    #[serde(skip)]
    key: (usize, usize),
}

#[derive(Serialize)]
struct ReferenceView {
    label: String,
    url: String,
}

/// `E2` → (2, "E2"), so that E2 sorts before E11.
pub(super) fn motion_order(motion: &str) -> (u32, String) {
    let number = motion
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap_or(u32::MAX);
    (number, motion.to_string())
}

pub(super) fn motion_views(site: &Site, urls: &Urls<'_>) -> Vec<MotionView> {
    let mut motions: BTreeMap<(u32, String), Vec<PassageView>> = BTreeMap::new();
    for (n, document) in site.documents.iter().enumerate() {
        for reference in &document.motion_refs {
            let passages = motions.entry(motion_order(&reference.motion)).or_default();
            let key = (n, reference.passage);
            // A motion's references to one passage come one after another.
            if passages.last().is_none_or(|last| last.key != key) {
                let passage = document.passage_of(reference);
                passages.push(PassageView {
                    references: Vec::new(),
                    doc: doc_link(document, urls),
                    text: passage.map_or_else(String::new, |p| shorten(p.text.trim(), 400)),
                    url: urls.item(&document.path, document.passage_anchor(reference)),
                    key,
                });
            }
            if let Some(last) = passages.last_mut() {
                last.references.push(ReferenceView {
                    label: reference.label.clone(),
                    url: urls.item(&document.path, &reference.anchor),
                });
            }
        }
    }
    motions
        .into_iter()
        .map(|((_, name), passages)| MotionView {
            id: name.to_lowercase(),
            name,
            passages,
        })
        .collect()
}

/// Passages the motions index shows open: beyond them every motion is folded behind its
/// count, so the page stays a list of motions on a phone (the bundled example has 13).
const FOLD_ALL_AFTER: usize = 24;

pub(super) fn motion_index_job(site: &Site, theme: &Theme, urls: &Urls<'_>) -> PageJob {
    let word = &urls.config.paths.motions;
    let motions = motion_views(site, urls);
    let reference_count: usize = motions
        .iter()
        .flat_map(|m| &m.passages)
        .map(|p| p.references.len())
        .sum();
    let mut context = page_context(
        theme.string("motions_title"),
        &urls.section(word, None),
        theme.string("motions_description"),
    );
    let passage_count: usize = motions.iter().map(|m| m.passages.len()).sum();
    context.insert("motions", &motions);
    context.insert("reference_count", &reference_count);
    context.insert("fold_all", &(passage_count > FOLD_ALL_AFTER));
    PageJob {
        path: format!("{word}/index.html"),
        template: "motions.html",
        context,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn motions_sort_by_number() {
        let mut motions = vec!["E11", "E2", "E31", "E9"];
        motions.sort_by_key(|m| super::motion_order(m));
        assert_eq!(motions, ["E2", "E9", "E11", "E31"]);
    }
}
