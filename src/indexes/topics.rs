//! The topic pages: `/amnen/` lists every topic of `topics.toml` with its counts, and
//! `/amnen/<slug>/` shows the topic's goals, recommendations, commitments and documents.

use serde::Serialize;

use crate::document::{Document, ItemKind};
use crate::render::views::{DocSummary, Urls, doc_summary};
use crate::render::{PageJob, Theme, page_context};
use crate::resolve::Site;

use super::{ItemView, StatusCounts, item_view};

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

pub(super) fn page_jobs(site: &Site, theme: &Theme, urls: &Urls<'_>) -> Vec<PageJob> {
    let word = &urls.config.paths.topics;
    let mut jobs = Vec::with_capacity(site.vocabulary.topics.len() + 1);
    let mut summaries = Vec::new();
    for topic in &site.vocabulary.topics {
        let url = urls.topic(&topic.slug);
        let items_of = |kind: ItemKind| -> Vec<ItemView> {
            site.items()
                .filter(|(_, item)| item.kind == kind && item.topics.contains(&topic.slug))
                .map(|(document, item)| item_view(site, document, item, theme, urls))
                .collect()
        };
        let goals = items_of(ItemKind::Goal);
        let recommendations = items_of(ItemKind::Recommendation);
        let commitments = items_of(ItemKind::Commitment);
        let documents: Vec<DocSummary> = site
            .documents
            .iter()
            .filter(|d| is_about(d, &topic.slug))
            .map(|d| doc_summary(d, site, theme, urls))
            .collect();
        let mut goal_counts = StatusCounts::default();
        for (_, goal) in site
            .items()
            .filter(|(_, i)| i.kind == ItemKind::Goal && i.topics.contains(&topic.slug))
        {
            goal_counts.add(goal);
        }
        summaries.push(TopicSummary {
            slug: topic.slug.clone(),
            label: topic.label.clone(),
            description: topic.description.clone(),
            url: url.clone(),
            counts: TopicCounts {
                goals: goals.len(),
                recommendations: recommendations.len(),
                commitments: commitments.len(),
                documents: documents.len(),
            },
        });
        let mut context = page_context(&topic.label, &url, &topic.description);
        context.insert("topic", &topic);
        context.insert("goals", &goals);
        context.insert("goal_counts", &goal_counts);
        context.insert("recommendations", &recommendations);
        context.insert("commitments", &commitments);
        context.insert("documents", &documents);
        context.insert("topics_url", &urls.section(word, None));
        jobs.push(PageJob {
            path: format!("{word}/{}/index.html", topic.slug),
            template: "topic.html",
            context,
        });
    }
    let mut context = page_context(
        theme.string("topics_title"),
        &urls.section(word, None),
        theme.string("topics_description"),
    );
    context.insert("topics", &summaries);
    jobs.push(PageJob {
        path: format!("{word}/index.html"),
        template: "topics.html",
        context,
    });
    jobs
}

/// A document is about a topic when its front matter says so or any of its items is.
fn is_about(document: &Document, slug: &str) -> bool {
    document.meta.topics.iter().any(|t| t == slug)
        || document
            .items
            .iter()
            .any(|i| i.topics.iter().any(|t| t == slug))
}
