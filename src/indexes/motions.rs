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
use super::listing::{Pagination, RowSize, is_long, numbered_title, paginate};

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

/// How many passages a motion still shows on the index of a site whose motions changed
/// more than [`LIST_LIMIT`](super::listing::LIST_LIMIT) passages; a motion of more has pages of its own
/// (`/motioner/<e2>/`). At 10,000 documents 61 motions changed 2,668 passages, each
/// quoted up to 400 characters, and the index, folded, was 1.75 MB.
const INDEX_PASSAGES: usize = 3;

/// A motion as a page shows it: all its passages, or some of them with the pages holding
/// the rest.
#[derive(Serialize)]
struct MotionShown<'a> {
    id: &'a str,
    name: &'a str,
    /// How many passages the motion changed, whatever the page shows.
    count: usize,
    passages: &'a [PassageView],
    /// The motion's own pages, when the index shows only its first passages.
    all_url: Option<String>,
}

impl RowSize for PassageView {
    fn size(&self) -> usize {
        // The markup of a passage and of each reference, beside their texts.
        300 + self.text.len()
            + self.doc.title.len()
            + (self.references.iter())
                .map(|r| 60 + r.label.len() + r.url.len())
                .sum::<usize>()
    }
}

/// The motions index, and on a site whose motions changed more than [`LIST_LIMIT`](super::listing::LIST_LIMIT)
/// passages, each motion of more than [`INDEX_PASSAGES`] on numbered pages of its own.
pub(super) fn motion_jobs(site: &Site, theme: &Theme, urls: &Urls<'_>) -> Vec<PageJob> {
    let word = &urls.config.paths.motions;
    let url = urls.section(word, None);
    let motions = motion_views(site, urls);
    let reference_count: usize = motions
        .iter()
        .flat_map(|m| &m.passages)
        .map(|p| p.references.len())
        .sum();
    let passage_count: usize = motions.iter().map(|m| m.passages.len()).sum();
    let cut = is_long(passage_count);
    let mut jobs = Vec::new();
    let shown: Vec<MotionShown<'_>> = motions
        .iter()
        .map(|motion| {
            let long = cut && motion.passages.len() > INDEX_PASSAGES;
            let all_url = long.then(|| format!("{url}{}/", motion.id));
            if let Some(all_url) = &all_url {
                jobs.extend(motion_page_jobs(motion, (word, all_url), &url, theme));
            }
            MotionShown {
                id: &motion.id,
                name: &motion.name,
                count: motion.passages.len(),
                passages: &motion.passages[..motion.passages.len().min(match long {
                    true => INDEX_PASSAGES,
                    false => usize::MAX,
                })],
                all_url,
            }
        })
        .collect();
    let mut context = page_context(
        theme.string("motions_title"),
        &url,
        theme.string("motions_description"),
    );
    context.insert("motions", &shown);
    context.insert("reference_count", &reference_count);
    context.insert("fold_all", &(passage_count > FOLD_ALL_AFTER));
    context.insert("back", &None::<Link>);
    context.insert("pagination", &None::<Pagination>);
    jobs.push(PageJob {
        path: format!("{word}/index.html"),
        template: "motions.html",
        context,
    });
    jobs
}

/// A motion's pages (`motions.html` with the one motion), at most `PAGE_ROWS` passages and
/// `PAGE_BYTES` each, under `<word>/<motion>/`.
fn motion_page_jobs(
    motion: &MotionView,
    (word, url): (&str, &str),
    index_url: &str,
    theme: &Theme,
) -> Vec<PageJob> {
    let back = Link {
        url: format!("{index_url}#{}", motion.id),
        title: theme.string("motions_title").to_string(),
    };
    let title = format!("{} {}", theme.string("motion"), motion.name);
    paginate(&format!("{word}/{}", motion.id), url, &motion.passages)
        .into_iter()
        .map(|page| {
            let mut context = page_context(
                &numbered_title(&title, page.number, theme),
                &page.url,
                theme.string("motions_description"),
            );
            let shown = MotionShown {
                id: &motion.id,
                name: &motion.name,
                count: motion.passages.len(),
                passages: page.rows,
                all_url: None,
            };
            context.insert("motions", &[shown]);
            context.insert("reference_count", &0);
            context.insert("fold_all", &false);
            context.insert("back", &Some(&back));
            context.insert("pagination", &page.pagination());
            PageJob {
                path: page.path.clone(),
                template: "motions.html",
                context,
            }
        })
        .collect()
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
