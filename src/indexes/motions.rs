//! The motions index: each motion (E2, E11, …) with every reference to it (`E2:1`,
//! `PS svar till E31`) and the passage it amended, linked to the reference in its document.
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
    references: Vec<ReferenceView>,
}

#[derive(Serialize)]
struct ReferenceView {
    label: String,
    url: String,
    doc: Link,
    passage: String,
    passage_url: String,
}

/// `E2` → (2, "E2"), so that E2 sorts before E11.
fn motion_order(motion: &str) -> (u32, String) {
    let number = motion
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .parse()
        .unwrap_or(u32::MAX);
    (number, motion.to_string())
}

pub(super) fn motion_views(site: &Site, urls: &Urls<'_>) -> Vec<MotionView> {
    let mut motions: BTreeMap<(u32, String), Vec<ReferenceView>> = BTreeMap::new();
    for document in &site.documents {
        for reference in &document.motion_refs {
            motions
                .entry(motion_order(&reference.motion))
                .or_default()
                .push(ReferenceView {
                    label: reference.label.clone(),
                    url: urls.item(&document.path, &reference.anchor),
                    doc: doc_link(document, urls),
                    passage: shorten(reference.passage.trim(), 400),
                    passage_url: urls.item(&document.path, &reference.passage_anchor),
                });
        }
    }
    motions
        .into_iter()
        .map(|((_, name), references)| MotionView {
            id: name.to_lowercase(),
            name,
            references,
        })
        .collect()
}

pub(super) fn motion_index_job(site: &Site, theme: &Theme, urls: &Urls<'_>) -> PageJob {
    let word = &urls.config.paths.motions;
    let motions = motion_views(site, urls);
    let reference_count: usize = motions.iter().map(|m| m.references.len()).sum();
    let mut context = page_context(
        theme.string("motions_title"),
        &urls.section(word, None),
        theme.string("motions_description"),
    );
    context.insert("motions", &motions);
    context.insert("reference_count", &reference_count);
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
