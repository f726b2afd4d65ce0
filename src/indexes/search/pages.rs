//! The site's own pages that are search results beside the documents: the motions index
//! (`/motioner/`), found by its title and description ("motioner", "kongressens
//! motioner"), and each of its motions, found by its name ("E31") and linked to its place
//! on the page, which lists every passage the motion amended.
//!
//! Its entries are numbered after every document's, as the entries of one more document
//! (its number is the site's document count), so `search.js` finds the page through its
//! motions as it finds a document through its items.

use std::collections::BTreeMap;

use super::entries::EntryOf;
use super::postings::TermTable;
use super::scores::Weight;
use crate::render::Theme;
use crate::render::views::Urls;
use crate::resolve::Site;

/// The motions index as search results.
pub(super) struct MotionsPage {
    pub url: String,
    pub title: String,
    pub description: String,
    /// The word a motion's heading starts with ("Motion"), which finds the motions below
    /// the page.
    motion_word: String,
    pub motions: Vec<MotionResult>,
}

pub(super) struct MotionResult {
    /// The motion's name as the page shows it (`E2`).
    name: String,
    /// Its anchor on the page (`e2`).
    pub anchor: String,
    /// What its result shows: the heading the page gives it and the first passage it
    /// amended.
    pub text: String,
}

/// The motions index as search results; `None` on a site without motion references, whose
/// page lists none.
pub(super) fn motions_page(site: &Site, theme: &Theme, urls: &Urls<'_>) -> Option<MotionsPage> {
    // Per motion, in the page's order (E2 before E11): its passages, each once.
    let mut motions: BTreeMap<(u32, String), Vec<(usize, usize)>> = BTreeMap::new();
    for (d, document) in site.documents.iter().enumerate() {
        for reference in &document.motion_refs {
            let passages = motions
                .entry(super::super::motions::motion_order(&reference.motion))
                .or_default();
            // A motion's references to one passage come one after another (as the page
            // counts them, `motions::motion_views`); compared with the last only, 4,000
            // references cost no more than their number.
            if passages.last() != Some(&(d, reference.passage)) {
                passages.push((d, reference.passage));
            }
        }
    }
    if motions.is_empty() {
        return None;
    }
    let motion_word = theme.string("motion").to_string();
    let motions = motions
        .into_iter()
        .map(|((_, name), passages)| {
            let count = passages.len();
            let changed = if count == 1 {
                theme.string("motion_passage_one")
            } else {
                theme.string("motion_passage_other")
            };
            let first = passages.first().and_then(|&(d, p)| {
                let passage = site.documents.get(d)?.passages.get(p)?;
                Some(super::fragments::fragment_text(passage.text.trim()))
            });
            let text = format!(
                "{motion_word} {name} ({count} {changed}) {}",
                first.unwrap_or("")
            );
            MotionResult {
                anchor: name.to_lowercase(),
                name,
                text,
            }
        })
        .collect();
    Some(MotionsPage {
        url: urls.section(&urls.config.paths.motions, None),
        title: theme.string("motions_title").to_string(),
        description: theme.string("motions_description").to_string(),
        motion_word,
        motions,
    })
}

impl MotionsPage {
    /// The page's entries after its own, in the order they are numbered.
    pub(super) fn entries(&self) -> impl Iterator<Item = EntryOf> {
        std::iter::once(EntryOf::MotionsPage).chain((0..self.motions.len()).map(EntryOf::Motion))
    }

    /// Each entry's length for BM25 (its distinct terms), in the order of [`Self::entries`].
    pub(super) fn lengths(&self) -> Vec<usize> {
        let mut page = super::words::terms(&format!("{} {}", self.title, self.description));
        page.sort_unstable();
        page.dedup();
        std::iter::once(page.len())
            .chain(self.motions.iter().map(|_| 2))
            .collect()
    }

    /// Posts the page's words for its entries, the first numbered `first`: its title and
    /// description for the page; a motion's name for the motion, and the word "motion"
    /// below it, so that "motion" lists the page first and the motions after it.
    pub(super) fn post(&self, table: &mut TermTable, first: u32) {
        let title = table.of_texts([self.title.as_str()]);
        let description = table.of_texts([self.description.as_str()]);
        for &term in title.iter() {
            table.post_counted(term, first, Weight::Title, false);
        }
        for &term in description.iter() {
            table.post_counted(term, first, Weight::Text, false);
        }
        let motion = table.of_texts([self.motion_word.as_str()]);
        for (n, result) in self.motions.iter().enumerate() {
            let number = first.saturating_add(u32::try_from(n + 1).unwrap_or(u32::MAX));
            for &term in table.of_texts([result.name.as_str()]).iter() {
                table.post_counted(term, number, Weight::Title, false);
            }
            for &term in motion.iter() {
                table.post_counted(term, number, Weight::Section, false);
            }
        }
    }

    /// What the fragment of `of` shows: its anchor, kind code and text.
    pub(super) fn fragment(&self, of: EntryOf) -> (&str, &'static str, &str) {
        match of {
            EntryOf::Motion(n) => self
                .motions
                .get(n)
                .map_or(("", "m", ""), |m| (m.anchor.as_str(), "m", m.text.as_str())),
            _ => ("", "d", self.description.as_str()),
        }
    }

    /// The item kind the filter files give `of`.
    pub(super) fn kind(of: EntryOf) -> &'static str {
        match of {
            EntryOf::Motion(_) => "m",
            _ => "d",
        }
    }
}
