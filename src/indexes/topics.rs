//! The topic pages: `/amnen/` lists every topic of `topics.toml` with its counts, and
//! `/amnen/<slug>/` shows the topic's goals, recommendations, commitments and documents.
//! A list too long for the topic page is cut there and gets pages of its own under the topic
//! (`/amnen/<slug>/mal/`, `…/rekommendationer/`, `…/ataganden/`), which the goal and
//! recommendation indexes link to as well.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::document::{Document, Item, ItemKind};
use crate::render::doc_cards::{CardWords, card_list};
use crate::render::views::{Link, Urls, doc_summary};
use crate::render::{Emit, PageJob, Produced, Theme, page_context};
use crate::resolve::Site;
use tera::Context;

use super::StatusCounts;
use super::listing::{ListSpec, PREVIEW_ROWS, RowList, is_long, list_page_jobs};
use super::rows::Rows;

/// The page holding all of a topic's items of one kind, `word` being that kind's index
/// folder (`mal`): `/amnen/<slug>/mal/`. It exists when the list is long ([`is_long`]).
pub(super) fn list_url(urls: &Urls<'_>, slug: &str, word: &str) -> String {
    format!("{}{word}/", urls.topic(slug))
}

#[derive(Serialize, Default)]
struct TopicCounts {
    goals: usize,
    recommendations: usize,
    commitments: usize,
    documents: usize,
}

#[derive(Serialize)]
struct TopicSummary {
    slug: String,
    label: String,
    description: String,
    url: String,
    counts: TopicCounts,
}

pub(super) fn page_jobs(
    site: &Site,
    rows: &Rows<'_>,
    theme: &Theme,
    urls: &Urls<'_>,
    emit: &Emit<'_>,
) {
    let word = &urls.config.paths.topics;
    let jobs = |job: PageJob| emit(Produced::Page(job));
    let grouped = by_topic(site, rows);
    // A document is on the page of each of its topics: its card (or, with templates of the
    // site's own, its summary) is made once, and the pages share it.
    let documents = TopicDocuments::of(site, theme, urls);
    let none = ByTopic::default();
    // Topics side by side, and each list's pages too: one topic at a time, the largest
    // topic's pages were the end of the index pages with one core idle.
    let topic_page = |topic: &crate::content::Topic| {
        let of_topic = grouped.get(topic.slug.as_str()).unwrap_or(&none);
        let url = urls.topic(&topic.slug);
        let paths = &urls.config.paths;
        // A kind's rows, cut to the list the topic page shows; a long list gets its pages.
        let list_of = |kind: ItemKind, kind_word: &str, heading: &str, noun: &str| {
            let all: Vec<&Value> = of_topic
                .items
                .iter()
                .filter(|(item, _)| item.kind == kind)
                .map(|&(_, row)| row)
                .collect();
            if is_long(all.len()) {
                let spec = ListSpec {
                    dir: format!("{word}/{}/{kind_word}", topic.slug),
                    url: list_url(urls, &topic.slug, kind_word),
                    title: format!("{}: {}", topic.label, theme.string(heading)),
                    noun: theme.string(noun).to_lowercase(),
                    back: Link {
                        url: url.clone(),
                        title: topic.label.clone(),
                    },
                };
                list_page_jobs(&spec, &all, theme)
                    .into_par_iter()
                    .for_each(jobs);
            }
            let shown = if is_long(all.len()) {
                PREVIEW_ROWS
            } else {
                all.len()
            };
            let first = all.iter().take(shown).map(|&row| row.clone()).collect();
            RowList::first_of(all.len(), first, || list_url(urls, &topic.slug, kind_word))
        };
        let goals = list_of(ItemKind::Goal, &paths.goals, "topic_goals", "goals");
        let recommendations = list_of(
            ItemKind::Recommendation,
            &paths.recommendations,
            "topic_recommendations",
            "recommendations",
        );
        let commitments = list_of(
            ItemKind::Commitment,
            &paths.commitments,
            "topic_commitments",
            "commitments",
        );
        let document_count = of_topic.documents.len();
        let mut goal_counts = StatusCounts::default();
        for (goal, _) in of_topic
            .items
            .iter()
            .filter(|(i, _)| i.kind == ItemKind::Goal)
        {
            goal_counts.add(goal);
        }
        let summary = TopicSummary {
            slug: topic.slug.clone(),
            label: topic.label.clone(),
            description: topic.description.clone(),
            url: url.clone(),
            counts: TopicCounts {
                goals: goals.count,
                recommendations: recommendations.count,
                commitments: commitments.count,
                documents: document_count,
            },
        };
        let mut context = page_context(&topic.label, &url, &topic.description);
        context.insert("topic", &topic);
        context.insert("goals", &goals);
        context.insert("goal_counts", &goal_counts);
        context.insert("recommendations", &recommendations);
        context.insert("commitments", &commitments);
        documents.insert_into(&mut context, &of_topic.documents);
        context.insert("document_count", &document_count);
        context.insert("topics_url", &urls.section(word, None));
        jobs(PageJob {
            path: format!("{word}/{}/index.html", topic.slug),
            template: "topic.html",
            context,
        });
        summary
    };
    let summaries: Vec<TopicSummary> = site.vocabulary.topics.par_iter().map(topic_page).collect();
    let mut context = page_context(
        theme.string("topics_title"),
        &urls.section(word, None),
        theme.string("topics_description"),
    );
    context.insert("topics", &summaries);
    jobs(PageJob {
        path: format!("{word}/index.html"),
        template: "topics.html",
        context,
    });
}

/// The documents of the site as the topic pages list them. While the theme's topic page and
/// document list are in use, each document's card is written once, rather than by Tera on
/// the page of each of the document's topics: a topic page of a large site lists thousands
/// of documents, and laying out their cards field by field was most of the topic pages' work.
enum TopicDocuments {
    /// Each document's card as the theme's `macros_doc_list.html` renders it, by the
    /// document's place in the site; with its text for an empty list.
    Cards { cards: Vec<String>, empty: String },
    /// Each document's summary, for a site's own topic page or document list.
    Views(Vec<Value>),
}

impl TopicDocuments {
    fn of(site: &Site, theme: &Theme, urls: &Urls<'_>) -> TopicDocuments {
        let summaries = site
            .documents
            .par_iter()
            .map(|d| doc_summary(d, theme, urls));
        let stock = theme.uses_bundled("topic.html");
        match stock.then(|| CardWords::of(theme)).flatten() {
            Some(words) => TopicDocuments::Cards {
                cards: summaries.map(|summary| words.card(&summary)).collect(),
                empty: words.empty(),
            },
            None => TopicDocuments::Views(
                summaries
                    .map(|summary| Value::from_serializable(&summary))
                    .collect(),
            ),
        }
    }

    /// Puts the list of the documents at `indexes` into a topic page's `context`.
    fn insert_into(&self, context: &mut Context, indexes: &[usize]) {
        match self {
            TopicDocuments::Cards { cards, empty } => {
                let html = card_list(cards, empty, indexes);
                context.insert("document_list", &Value::safe_string(&html));
            }
            TopicDocuments::Views(views) => {
                let documents: Vec<Value> =
                    indexes.iter().map(|&index| views[index].clone()).collect();
                context.insert("documents", &documents);
                context.insert("document_list", &Value::none());
            }
        }
    }
}

/// What is about one topic, in the site's order.
#[derive(Default)]
struct ByTopic<'s, 'r> {
    /// The listed items tagged with the topic, with their rows.
    items: Vec<(&'s Item, &'r Value)>,
    /// The documents about it, by index in the site: tagged with it in their front matter,
    /// or holding an item that is.
    documents: Vec<usize>,
}

/// Every topic's items and documents, grouped in one pass over the site (a pass per topic
/// was most of the topic pages' time on a large site).
fn by_topic<'s, 'r>(site: &'s Site, rows: &'r Rows<'s>) -> HashMap<&'s str, ByTopic<'s, 'r>> {
    let mut grouped: HashMap<&str, ByTopic<'_, '_>> = HashMap::new();
    for (_, item, row) in rows.all_plain() {
        for (n, slug) in item.topics.iter().enumerate() {
            if !item.topics[..n].contains(slug) {
                grouped
                    .entry(slug.as_str())
                    .or_default()
                    .items
                    .push((item, row));
            }
        }
    }
    for (index, document) in site.documents.iter().enumerate() {
        let document: &Document = document;
        // A document is about a few topics, named again by most of its items: a list of the
        // distinct ones is quicker to search than a set is to hash into.
        let mut about: Vec<&str> = Vec::new();
        let items = document.items.iter().flat_map(|item| &item.topics);
        for slug in document.meta.topics.iter().chain(items) {
            if !about.contains(&slug.as_str()) {
                about.push(slug);
            }
        }
        for slug in about {
            grouped.entry(slug).or_default().documents.push(index);
        }
    }
    grouped
}

#[cfg(test)]
mod tests {
    use tera::Context;

    use super::{CardWords, TopicDocuments, card_list};
    use crate::indexes::test_site::{TRICKY, example};
    use crate::render::views::{DocSummary, ItemCounts, Urls, doc_summary};

    fn tera_list(theme: &crate::render::Theme, documents: &[DocSummary]) -> String {
        let mut context = Context::new();
        context.insert("documents", documents);
        theme
            .tera
            .render("macros_doc_list.html", &context)
            .expect("the document list renders")
    }

    #[test]
    fn document_lists_are_what_tera_renders_from_the_template() {
        let (build, config, theme) = example();
        let site = &build.site;
        let urls = Urls::new(&config, &site.vocabulary);
        let TopicDocuments::Cards { cards, empty } = TopicDocuments::of(site, &theme, &urls) else {
            panic!("the theme's own document list is written without Tera");
        };
        let summary = |index: usize| doc_summary(&site.documents[index], &theme, &urls);
        let everyone: Vec<usize> = (0..site.documents.len()).collect();
        for indexes in [
            vec![],
            vec![0],
            everyone.iter().rev().copied().collect(),
            everyone,
        ] {
            let summaries: Vec<DocSummary> = indexes.iter().map(|&i| summary(i)).collect();
            assert_eq!(
                card_list(&cards, &empty, &indexes),
                tera_list(&theme, &summaries),
                "{indexes:?}"
            );
        }
        let words = CardWords::of(&theme).expect("the theme's words");
        for subtitle in [None, Some(""), Some(" "), Some(TRICKY)] {
            for counts in [(0, 0, 0), (1, 0, 0), (0, 2, 0), (0, 0, 3), (4, 5, 6)] {
                let mut tricky = summary(0);
                tricky.url = format!("/a/{TRICKY}/");
                tricky.title = TRICKY.into();
                tricky.subtitle = subtitle.map(str::to_string);
                tricky.organization.title = TRICKY.into();
                tricky.kind_label = TRICKY.into();
                tricky.period = TRICKY.into();
                tricky.status_label = TRICKY.into();
                tricky.counts = ItemCounts {
                    goals: counts.0,
                    recommendations: counts.1,
                    commitments: counts.2,
                    ..ItemCounts::default()
                };
                let card = words.card(&tricky);
                assert_eq!(
                    card_list(&[card], &empty, &[0]),
                    tera_list(&theme, &[tricky]),
                    "{subtitle:?} {counts:?}"
                );
            }
        }
    }
}
