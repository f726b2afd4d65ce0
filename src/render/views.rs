//! What templates see: small serializable views built from the resolved [`Site`], with
//! URLs and Swedish labels already worked out, so templates only lay out.

use serde::Serialize;

use crate::config::Config;
use crate::content::OrgLevel;
use crate::document::{Document, GoalStatus, Item, ItemKind};
use crate::resolve::Site;

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
}

/// URL builders for every page kind, so that no template or view writes a path by hand.
pub struct Urls<'a> {
    pub config: &'a Config,
}

impl Urls<'_> {
    pub fn home(&self) -> String {
        format!("{}/", self.config.base_path)
    }
    pub fn doc(&self, path: &str) -> String {
        crate::markdown::doc_url(&self.config.base_path, path)
    }
    pub fn item(&self, doc: &str, anchor: &str) -> String {
        if anchor.is_empty() {
            self.doc(doc)
        } else {
            format!("{}#{anchor}", self.doc(doc))
        }
    }
    pub fn section(&self, word: &str, slug: Option<&str>) -> String {
        match slug {
            Some(slug) => format!("{}/{word}/{slug}/", self.config.base_path),
            None => format!("{}/{word}/", self.config.base_path),
        }
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

pub fn site_view<'a>(config: &'a Config, theme: &Theme) -> SiteView<'a> {
    let urls = Urls { config };
    let paths = &config.paths;
    let nav = [
        (
            "nav_organizations",
            urls.section(&paths.organizations, None),
        ),
        ("nav_goals", urls.section(&paths.goals, None)),
        (
            "nav_recommendations",
            urls.section(&paths.recommendations, None),
        ),
        ("nav_commitments", urls.section(&paths.commitments, None)),
        ("nav_topics", urls.section(&paths.topics, None)),
        ("nav_search", urls.section(&paths.search, None)),
    ]
    .into_iter()
    .map(|(key, url)| Link {
        url,
        title: theme.string(key).to_string(),
    })
    .collect();
    let footer_nav = [
        ("nav_motions", urls.section(&paths.motions, None)),
        ("nav_data", urls.section(&paths.data, None)),
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

pub fn topic_chips(slugs: &[String], site: &Site, urls: &Urls<'_>) -> Vec<Chip> {
    slugs
        .iter()
        .filter_map(|slug| site.vocabulary.topic(slug))
        .map(|t| Chip {
            kind: "topic",
            slug: t.slug.clone(),
            label: t.label.clone(),
            url: urls.topic(&t.slug),
        })
        .collect()
}

pub fn actor_chips(slugs: &[String], site: &Site, urls: &Urls<'_>) -> Vec<Chip> {
    slugs
        .iter()
        .filter_map(|slug| site.vocabulary.actor(slug))
        .map(|a| Chip {
            kind: "actor",
            slug: a.slug.clone(),
            label: a.name.clone(),
            url: urls.actor(&a.slug),
        })
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
        }
    }
    counts
}

pub fn doc_summary(document: &Document, site: &Site, theme: &Theme, urls: &Urls<'_>) -> DocSummary {
    let meta = &document.meta;
    let organization = site
        .vocabulary
        .organization(&meta.organization)
        .map_or_else(
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
        topics: topic_chips(&meta.topics, site, urls),
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
