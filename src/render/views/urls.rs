//! Every page's URL, built in one place, and the vocabulary by slug with each topic's and
//! actor's chip.

use std::collections::HashMap;

use crate::config::Config;
use crate::content::{Actor, Organization, Topic, Vocabulary};

use super::Chip;

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

pub(super) fn section_url(base_path: &str, word: &str, slug: Option<&str>) -> String {
    match slug {
        Some(slug) => format!("{base_path}/{word}/{slug}/"),
        None => format!("{base_path}/{word}/"),
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
