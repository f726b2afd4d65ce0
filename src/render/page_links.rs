//! What one document page's item metadata looks up per item, gathered once per page.

use std::collections::{HashMap, HashSet};

use crate::document::{Document, Item, ItemKind};
use crate::resolve::{Backlink, QuoteMatch, Site};

/// What points into one document and what its quotes match, by anchor and quote id: the
/// site keys both by (document, anchor) strings, so a lookup per item built two strings.
pub struct PageLinks<'s> {
    /// Sorted by anchor, as the site's map is.
    backlinks: Vec<(&'s str, &'s [Backlink])>,
    /// Sorted by quote id.
    quotes: Vec<(&'s str, &'s QuoteMatch)>,
    /// Each goal with each section it is a goal of, and how many goals each section has:
    /// whether an activity serves all of its section's goals, without a walk of the items
    /// per activity.
    goal_sections: HashSet<(&'s str, &'s str)>,
    section_goals: HashMap<&'s str, usize>,
}

impl<'s> PageLinks<'s> {
    pub fn new(site: &'s Site, document: &'s Document) -> Self {
        let mut goal_sections = HashSet::new();
        let mut section_goals: HashMap<&str, usize> = HashMap::new();
        for goal in document.items.iter().filter(|i| i.kind == ItemKind::Goal) {
            // A goal that is a heading ("#### Delmål 1 … {.goal}") is a goal of the section it
            // heads too: the activities under it serve it, and saying so under each was noise.
            // A goal that heads nothing is the only goal of a section no item is in.
            for section in [goal.section_id.as_str(), goal.id.as_str()] {
                if goal_sections.insert((goal.id.as_str(), section)) {
                    *section_goals.entry(section).or_default() += 1;
                }
            }
        }
        PageLinks {
            backlinks: site.backlinks_into(&document.path).collect(),
            quotes: site.quote_matches_from(&document.path).collect(),
            goal_sections,
            section_goals,
        }
    }

    /// How many backlinks point into the document, at its items or at itself.
    pub fn backlink_count(&self) -> usize {
        self.backlinks.iter().map(|(_, list)| list.len()).sum()
    }

    /// What points at `anchor` ("" for the document itself).
    pub fn backlinks(&self, anchor: &str) -> &'s [Backlink] {
        self.backlinks
            .binary_search_by(|(a, _)| (*a).cmp(anchor))
            .map_or(&[], |at| self.backlinks[at].1)
    }

    pub(super) fn quote(&self, id: &str) -> Option<&'s QuoteMatch> {
        self.quotes
            .binary_search_by(|(q, _)| (*q).cmp(id))
            .ok()
            .map(|at| self.quotes[at].1)
    }

    /// Whether activity `item` serves every goal of its section: then saying which is noise
    /// ("Tjänar: mål 1, mål 2, mål 3, mål 4" under every activity).
    pub fn serves_every_goal_of_its_section(&self, item: &Item) -> bool {
        let section = item.section_id.as_str();
        let Some(&goals) = self.section_goals.get(section) else {
            return false;
        };
        let served: HashSet<&str> = item
            .serves
            .iter()
            .map(String::as_str)
            .filter(|goal| self.goal_sections.contains(&(goal, section)))
            .collect();
        served.len() == goals
    }
}
