//! What templates see: small serializable views built from the resolved [`Site`](crate::resolve::Site), with
//! URLs and Swedish labels already worked out, so templates only lay out. The URLs, and
//! the vocabulary's chips by slug, come from [`Urls`] (`views/urls.rs`).

use serde::Serialize;

use crate::config::Config;
use crate::content::OrgLevel;
use crate::document::{Document, GoalStatus, Item, ItemKind};

use super::Theme;

mod urls;
use urls::section_url;
pub use urls::{Urls, actor_chips, topic_chips};

#[derive(Serialize, Clone)]
pub struct Link {
    pub url: String,
    pub title: String,
}

#[derive(Serialize)]
pub struct SiteView<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub base_url: &'a str,
    pub base_path: &'a str,
    pub language: &'a str,
    pub nav: Vec<Link>,
    /// Secondary links in the footer: the motions index and the open data.
    pub footer_nav: Vec<Link>,
    pub extra: &'a std::collections::BTreeMap<String, serde_json::Value>,
}

#[derive(Serialize, Clone)]
pub struct Chip {
    pub kind: &'static str,
    pub slug: String,
    pub label: String,
    pub url: String,
}

#[derive(Serialize)]
pub struct DocSummary {
    pub path: String,
    pub url: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub kind: String,
    pub kind_label: String,
    pub organization: Link,
    pub period: String,
    pub date: Option<String>,
    pub status: &'static str,
    pub status_label: String,
    pub topics: Vec<Chip>,
    pub counts: ItemCounts,
}

#[derive(Serialize, Default)]
pub struct ItemCounts {
    pub goals: usize,
    pub goals_done: usize,
    pub goals_followed_up: usize,
    pub activities: usize,
    pub recommendations: usize,
    pub commitments: usize,
    pub quotes: usize,
    pub outcomes: usize,
}

pub fn site_view<'a>(config: &'a Config, theme: &Theme) -> SiteView<'a> {
    let section = |word: &str| section_url(&config.base_path, word, None);
    let paths = &config.paths;
    let nav = [
        ("nav_organizations", section(&paths.organizations)),
        ("nav_goals", section(&paths.goals)),
        ("nav_recommendations", section(&paths.recommendations)),
        ("nav_commitments", section(&paths.commitments)),
        ("nav_topics", section(&paths.topics)),
        ("nav_actors", section(&paths.actors)),
        ("nav_search", section(&paths.search)),
    ]
    .into_iter()
    .map(|(key, url)| Link {
        url,
        title: theme.string(key).to_string(),
    })
    .collect();
    let footer_nav = [
        ("nav_motions", section(&paths.motions)),
        ("nav_data", section(&paths.data)),
    ]
    .into_iter()
    .map(|(key, url)| Link {
        url,
        title: theme.string(key).to_string(),
    })
    .collect();
    SiteView {
        footer_nav,
        title: &config.title,
        description: &config.description,
        base_url: &config.base_url,
        base_path: &config.base_path,
        language: &config.language,
        nav,
        extra: &config.extra,
    }
}

pub fn item_counts<'a>(items: impl IntoIterator<Item = &'a Item>) -> ItemCounts {
    let mut counts = ItemCounts::default();
    for item in items {
        match item.kind {
            ItemKind::Goal => {
                counts.goals += 1;
                if item.status == Some(GoalStatus::Done) {
                    counts.goals_done += 1;
                }
                if item.status.is_some() {
                    counts.goals_followed_up += 1;
                }
            }
            ItemKind::Activity => counts.activities += 1,
            ItemKind::Recommendation => counts.recommendations += 1,
            ItemKind::Commitment => counts.commitments += 1,
            ItemKind::Quote => counts.quotes += 1,
            ItemKind::Outcome => counts.outcomes += 1,
        }
    }
    counts
}

pub fn doc_summary(document: &Document, theme: &Theme, urls: &Urls<'_>) -> DocSummary {
    let meta = &document.meta;
    let organization = urls.organization_of(&meta.organization).map_or_else(
        || Link {
            url: urls.home(),
            title: meta.organization.clone(),
        },
        |o| Link {
            url: urls.organization(&o.slug),
            title: o.name.clone(),
        },
    );
    DocSummary {
        path: document.path.clone(),
        url: urls.doc(&document.path),
        title: meta.title.clone(),
        subtitle: meta.subtitle.clone(),
        kind: meta.kind.clone(),
        kind_label: theme.string(&format!("kind_{}", meta.kind)).to_string(),
        organization,
        period: meta.period.clone(),
        date: meta.date.clone(),
        status: meta.status.as_str(),
        status_label: theme
            .string(&format!("status_{}", meta.status.as_str()))
            .to_string(),
        topics: topic_chips(&meta.topics, urls),
        counts: item_counts(&document.items),
    }
}

pub fn level_label(level: OrgLevel, theme: &Theme) -> String {
    let key = match level {
        OrgLevel::Party => "level_party",
        OrgLevel::District => "level_district",
        OrgLevel::Local => "level_local",
    };
    theme.string(key).to_string()
}

/// A template map of `entries`, in their order: for values built per item from parts made
/// once, where serializing a view would copy every part again.
pub(crate) fn map_value<const N: usize>(entries: [(&'static str, tera::Value); N]) -> tera::Value {
    let mut map = tera::Map::with_capacity(N);
    for (key, value) in entries {
        map.insert(key.into(), value);
    }
    tera::Value::from(map)
}

/// The anchor of a period's heading on an organisation page: `mal-2021-22` for "2021/22",
/// letters and digits kept (lowercased), every other run of characters one hyphen;
/// `mal-utan-period` for a period with neither.
pub fn period_anchor(period: &str) -> String {
    let mut anchor = String::from("mal");
    let mut gap = true;
    for c in period.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            if gap {
                anchor.push('-');
            }
            anchor.push(c);
            gap = false;
        } else {
            gap = true;
        }
    }
    // A period without letters or digits: not the goals section's own `mal`.
    if anchor.len() == 3 {
        anchor.push_str("-utan-period");
    }
    anchor
}

/// Goals by status, for "6 av 10 klara" and the stacked bars (`followup_summary.html`).
#[derive(Serialize, Default, Clone, Copy)]
pub struct StatusCounts {
    pub total: usize,
    pub done: usize,
    pub ongoing: usize,
    pub not_started: usize,
    pub dropped: usize,
    /// Without follow-up.
    pub none: usize,
}

impl StatusCounts {
    pub fn add(&mut self, status: Option<GoalStatus>) {
        self.total += 1;
        match status {
            Some(GoalStatus::Done) => self.done += 1,
            Some(GoalStatus::Ongoing) => self.ongoing += 1,
            Some(GoalStatus::NotStarted) => self.not_started += 1,
            Some(GoalStatus::Dropped) => self.dropped += 1,
            None => self.none += 1,
        }
    }

    pub fn merge(&mut self, other: &StatusCounts) {
        self.total += other.total;
        self.done += other.done;
        self.ongoing += other.ongoing;
        self.not_started += other.not_started;
        self.dropped += other.dropped;
        self.none += other.none;
    }

    pub fn of<'a>(goals: impl IntoIterator<Item = &'a Item>) -> StatusCounts {
        let mut counts = StatusCounts::default();
        for goal in goals.into_iter().filter(|i| i.kind == ItemKind::Goal) {
            counts.add(goal.status);
        }
        counts
    }
}

/// The UI string of a goal's follow-up status, `goal_status_none` when not followed up.
pub fn goal_status_key(status: Option<GoalStatus>) -> &'static str {
    status.map_or("goal_status_none", GoalStatus::label_key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goal_status_keys_name_each_status() {
        for (name, status) in GoalStatus::ALL {
            assert_eq!(goal_status_key(Some(status)), format!("goal_status_{name}"));
        }
        assert_eq!(goal_status_key(None), "goal_status_none");
    }

    #[test]
    fn a_periods_anchor_keeps_its_letters_and_digits() {
        assert_eq!(super::period_anchor("2023"), "mal-2023");
        assert_eq!(super::period_anchor("2021/22"), "mal-2021-22");
        assert_eq!(super::period_anchor("2015–2016"), "mal-2015-2016");
        assert_eq!(super::period_anchor("Hösten 2024!"), "mal-hösten-2024");
        assert_eq!(super::period_anchor(""), "mal-utan-period");
    }
}
