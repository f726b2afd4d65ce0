//! What templates see: small serializable views built from the resolved [`Site`](crate::resolve::Site), with
//! URLs and Swedish labels already worked out, so templates only lay out.

use std::collections::HashMap;

use serde::Serialize;

use crate::config::Config;
use crate::content::{Actor, OrgLevel, Organization, Topic, Vocabulary};
use crate::document::{Document, GoalStatus, Item, ItemKind};

use super::Theme;

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

/// URL builders for every page kind, so that no template or view writes a path by hand,
/// and the vocabulary by slug.
pub struct Urls<'a> {
    pub config: &'a Config,
    vocabulary: VocabularyIndex<'a>,
}

/// The vocabulary's entries by slug, the first of a slug winning as in [`Vocabulary`]'s own
/// lookups. Those scan their lists, and a large site (hundreds of organisations) looks up the
/// organisation, topics and addressees of hundreds of thousands of items and backlinks.
/// Topics and actors come with their chip, made once.
struct VocabularyIndex<'a> {
    organizations: HashMap<&'a str, &'a Organization>,
    topics: HashMap<&'a str, (&'a Topic, Chip)>,
    actors: HashMap<&'a str, (&'a Actor, Chip)>,
}

fn index_by_slug<'a, T>(
    entries: &'a [T],
    slug: impl Fn(&'a T) -> &'a str,
) -> HashMap<&'a str, &'a T> {
    let mut index = HashMap::with_capacity(entries.len());
    for entry in entries {
        index.entry(slug(entry)).or_insert(entry);
    }
    index
}

impl<'a> Urls<'a> {
    pub fn new(config: &'a Config, vocabulary: &'a Vocabulary) -> Self {
        let chip = |kind: &'static str, word: &str, slug: &str, label: &str| Chip {
            kind,
            slug: slug.to_string(),
            label: label.to_string(),
            url: section_url(&config.base_path, word, Some(slug)),
        };
        let topics = index_by_slug(&vocabulary.topics, |t| t.slug.as_str())
            .into_iter()
            .map(|(slug, t)| {
                let chip = chip("topic", &config.paths.topics, &t.slug, &t.label);
                (slug, (t, chip))
            })
            .collect();
        let actors = index_by_slug(&vocabulary.actors, |a| a.slug.as_str())
            .into_iter()
            .map(|(slug, a)| {
                let chip = chip("actor", &config.paths.actors, &a.slug, &a.name);
                (slug, (a, chip))
            })
            .collect();
        Urls {
            config,
            vocabulary: VocabularyIndex {
                organizations: index_by_slug(&vocabulary.organizations, |o| o.slug.as_str()),
                topics,
                actors,
            },
        }
    }

    /// [`Vocabulary::organization`], without the scan.
    pub fn organization_of(&self, slug: &str) -> Option<&'a Organization> {
        self.vocabulary.organizations.get(slug).copied()
    }

    /// Every topic of the vocabulary with its chip.
    pub fn topic_chips_by_slug(&self) -> impl Iterator<Item = (&'a str, &Chip)> {
        self.vocabulary
            .topics
            .iter()
            .map(|(slug, (_, chip))| (*slug, chip))
    }

    /// Every actor of the vocabulary with its chip.
    pub fn actor_chips_by_slug(&self) -> impl Iterator<Item = (&'a str, &Chip)> {
        self.vocabulary
            .actors
            .iter()
            .map(|(slug, (_, chip))| (*slug, chip))
    }
}

impl Urls<'_> {
    pub fn home(&self) -> String {
        format!("{}/", self.config.base_path)
    }
    pub fn doc(&self, path: &str) -> String {
        crate::markdown::doc_url(&self.config.base_path, path)
    }
    pub fn item(&self, doc: &str, anchor: &str) -> String {
        Urls::in_page(&self.doc(doc), anchor)
    }

    /// [`Urls::item`] from the document's URL, for a caller that has it already.
    pub fn in_page(doc_url: &str, anchor: &str) -> String {
        if anchor.is_empty() {
            return doc_url.to_string();
        }
        // Not `format!`: every index row makes two of these, and formatting was a tenth of
        // making a row's value.
        let mut url = String::with_capacity(doc_url.len() + 1 + anchor.len());
        url.push_str(doc_url);
        url.push('#');
        url.push_str(anchor);
        url
    }
    pub fn section(&self, word: &str, slug: Option<&str>) -> String {
        section_url(&self.config.base_path, word, slug)
    }
    pub fn organization(&self, slug: &str) -> String {
        self.section(&self.config.paths.organizations, Some(slug))
    }
    pub fn topic(&self, slug: &str) -> String {
        self.section(&self.config.paths.topics, Some(slug))
    }
    pub fn actor(&self, slug: &str) -> String {
        self.section(&self.config.paths.actors, Some(slug))
    }
    pub fn absolute(&self, url: &str) -> String {
        let origin = self
            .config
            .base_url
            .strip_suffix(&self.config.base_path)
            .unwrap_or(&self.config.base_url);
        format!("{origin}{url}")
    }
}

fn section_url(base_path: &str, word: &str, slug: Option<&str>) -> String {
    match slug {
        Some(slug) => format!("{base_path}/{word}/{slug}/"),
        None => format!("{base_path}/{word}/"),
    }
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

pub fn topic_chips(slugs: &[String], urls: &Urls<'_>) -> Vec<Chip> {
    slugs
        .iter()
        .filter_map(|slug| urls.vocabulary.topics.get(slug.as_str()))
        .map(|(_, chip)| chip.clone())
        .collect()
}

pub fn actor_chips(slugs: &[String], urls: &Urls<'_>) -> Vec<Chip> {
    slugs
        .iter()
        .filter_map(|slug| urls.vocabulary.actors.get(slug.as_str()))
        .map(|(_, chip)| chip.clone())
        .collect()
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
