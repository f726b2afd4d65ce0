//! The topic pages: `/amnen/` lists every topic of `topics.toml` with its counts, and
//! `/amnen/<slug>/` shows the topic's goals, recommendations, commitments and documents.
//! A list too long for the topic page is cut there and gets pages of its own under the topic
//! (`/amnen/<slug>/mal/`, `…/rekommendationer/`, `…/ataganden/`, `…/dokument/`), which the
//! goal and recommendation indexes link to as well.

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::document::{Document, Item, ItemKind};
use crate::render::doc_cards::DocCards;
use crate::render::views::{Link, Urls};
use crate::render::{Emit, PageJob, Produced, Theme, page_context};
use crate::resolve::Site;

use super::StatusCounts;
use super::listing::{ListOf, ListSpec, PREVIEW_ROWS, RowList, is_long, list_pages_into};
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
    cards: &DocCards,
    theme: &Theme,
    urls: &Urls<'_>,
    memo: &super::IndexMemo,
    emit: &Emit<'_>,
) {
    let word = &urls.config.paths.topics;
    let jobs = |job: PageJob| emit(Produced::Page(job));
    let grouped = by_topic(site, rows);
    let none = ByTopic::default();
    // Topics side by side, and each list's pages too: one topic at a time, the largest
    // topic's pages were the end of the index pages with one core idle.
    let topic_page = |topic: &crate::content::Topic| {
        let of_topic = grouped.get(topic.slug.as_str()).unwrap_or(&none);
        let url = urls.topic(&topic.slug);
        let paths = &urls.config.paths;
        // A list, cut to what the topic page shows; a long list gets its pages.
        let cut_list = |all: &[&Value], list_word: &str, heading: &str, noun: &str, of| {
            if is_long(all.len()) {
                let spec = ListSpec {
                    dir: format!("{word}/{}/{list_word}", topic.slug),
                    url: list_url(urls, &topic.slug, list_word),
                    title: format!("{}: {}", topic.label, theme.string(heading)),
                    noun: theme.string(noun).to_lowercase(),
                    back: Link {
                        url: url.clone(),
                        title: topic.label.clone(),
                    },
                    of,
                };
                list_pages_into(&spec, all, theme, memo, emit);
            }
            let shown = if is_long(all.len()) {
                PREVIEW_ROWS
            } else {
                all.len()
            };
            let first = all.iter().take(shown).map(|&row| row.clone()).collect();
            RowList::first_of(all.len(), first, || list_url(urls, &topic.slug, list_word))
        };
        // A kind's rows, cut.
        let list_of = |kind: ItemKind, kind_word: &str, heading: &str, noun: &str| {
            let all: Vec<&Value> = of_topic
                .items
                .iter()
                .filter(|(item, _)| item.kind == kind)
                .map(|&(_, row)| row)
                .collect();
            cut_list(&all, kind_word, heading, noun, ListOf::Items)
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
        let cards: Vec<&Value> = of_topic
            .documents
            .iter()
            .filter_map(|&index| cards.card(index))
            .collect();
        let documents = cut_list(
            &cards,
            &paths.documents,
            "topic_documents",
            "documents",
            ListOf::Documents,
        );
        let document_count = documents.count;
        let mut goal_counts = StatusCounts::default();
        for (goal, _) in of_topic
            .items
            .iter()
            .filter(|(i, _)| i.kind == ItemKind::Goal)
        {
            goal_counts.add(goal.status);
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
        context.insert("documents", &documents);
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
