//! The recommendation index (every recommendation by addressee and by topic, with its source
//! document and section) and the addressee pages (`/mottagare/<slug>/`).

use serde::Serialize;

use crate::document::ItemKind;
use crate::render::views::Urls;
use crate::render::{PageJob, Theme, page_context};
use crate::resolve::Site;

use super::{ItemView, Reference, item_view, items_of_kind, reference_view};

/// A recommendation with what takes it up (plan goals that implement it, links to it).
#[derive(Serialize, Clone)]
pub(super) struct RecommendationView {
    #[serde(flatten)]
    item: ItemView,
    taken_up_by: Vec<Reference>,
}

#[derive(Serialize)]
struct Group {
    id: String,
    title: String,
    url: Option<String>,
    recommendations: Vec<RecommendationView>,
}

pub(super) fn recommendation_view(
    site: &Site,
    document: &crate::document::Document,
    item: &crate::document::Item,
    theme: &Theme,
    urls: &Urls<'_>,
) -> RecommendationView {
    RecommendationView {
        item: item_view(site, document, item, theme, urls),
        taken_up_by: site
            .backlinks_to(&document.path, &item.id)
            .iter()
            .map(|b| reference_view(site, b, theme, urls))
            .collect(),
    }
}

pub(super) fn page_jobs(site: &Site, theme: &Theme, urls: &Urls<'_>) -> Vec<PageJob> {
    let all: Vec<(Vec<String>, Vec<String>, RecommendationView)> =
        items_of_kind(site, ItemKind::Recommendation)
            .map(|(document, item)| {
                (
                    item.addressees.clone(),
                    item.topics.clone(),
                    recommendation_view(site, document, item, theme, urls),
                )
            })
            .collect();
    let mut by_actor: Vec<Group> = Vec::new();
    for actor in &site.vocabulary.actors {
        let recommendations: Vec<RecommendationView> = all
            .iter()
            .filter(|(to, _, _)| to.contains(&actor.slug))
            .map(|(_, _, r)| r.clone())
            .collect();
        by_actor.push(Group {
            id: format!("mottagare-{}", actor.slug),
            title: actor.name.clone(),
            url: Some(urls.actor(&actor.slug)),
            recommendations,
        });
    }
    let actor_pages: Vec<PageJob> = by_actor
        .iter()
        .map(|group| actor_job(group, urls))
        .collect();
    let actor_index = actor_index_job(&by_actor, theme, urls);
    let unaddressed: Vec<RecommendationView> = all
        .iter()
        .filter(|(to, _, _)| to.is_empty())
        .map(|(_, _, r)| r.clone())
        .collect();
    by_actor.retain(|g| !g.recommendations.is_empty());
    if !unaddressed.is_empty() {
        by_actor.push(Group {
            id: "utan-mottagare".into(),
            title: theme.string("without_addressee").to_string(),
            url: None,
            recommendations: unaddressed,
        });
    }
    let mut by_topic: Vec<Group> = site
        .vocabulary
        .topics
        .iter()
        .map(|topic| Group {
            id: format!("amne-{}", topic.slug),
            title: topic.label.clone(),
            url: Some(urls.topic(&topic.slug)),
            recommendations: all
                .iter()
                .filter(|(_, t, _)| t.contains(&topic.slug))
                .map(|(_, _, r)| r.clone())
                .collect(),
        })
        .filter(|g| !g.recommendations.is_empty())
        .collect();
    let without_topic: Vec<RecommendationView> = all
        .iter()
        .filter(|(_, t, _)| t.is_empty())
        .map(|(_, _, r)| r.clone())
        .collect();
    if !without_topic.is_empty() {
        by_topic.push(Group {
            id: "utan-amne".into(),
            title: theme.string("without_topic").to_string(),
            url: None,
            recommendations: without_topic,
        });
    }
    let word = &urls.config.paths.recommendations;
    let url = urls.section(word, None);
    let mut context = page_context(
        theme.string("recommendations_title"),
        &url,
        theme.string("recommendations_description"),
    );
    context.insert("total", &all.len());
    context.insert("by_actor", &by_actor);
    context.insert("by_topic", &by_topic);
    let mut jobs = vec![PageJob {
        path: format!("{word}/index.html"),
        template: "recommendations.html",
        context,
    }];
    jobs.push(actor_index);
    jobs.extend(actor_pages);
    jobs
}

fn actor_job(group: &Group, urls: &Urls<'_>) -> PageJob {
    let url = group.url.clone().unwrap_or_default();
    let mut context = page_context(&group.title, &url, "");
    context.insert("actor", &group);
    context.insert("actors_url", &urls.section(&urls.config.paths.actors, None));
    let slug = group.id.strip_prefix("mottagare-").unwrap_or(&group.id);
    PageJob {
        path: format!("{}/{slug}/index.html", urls.config.paths.actors),
        template: "actor.html",
        context,
    }
}

#[derive(Serialize)]
struct ActorSummary<'a> {
    title: &'a str,
    url: Option<&'a str>,
    count: usize,
}

fn actor_index_job(groups: &[Group], theme: &Theme, urls: &Urls<'_>) -> PageJob {
    let word = &urls.config.paths.actors;
    let url = urls.section(word, None);
    let actors: Vec<ActorSummary<'_>> = groups
        .iter()
        .map(|g| ActorSummary {
            title: &g.title,
            url: g.url.as_deref(),
            count: g.recommendations.len(),
        })
        .collect();
    let mut context = page_context(theme.string("actors_title"), &url, "");
    context.insert("actors", &actors);
    context.insert(
        "recommendations_url",
        &urls.section(&urls.config.paths.recommendations, None),
    );
    PageJob {
        path: format!("{word}/index.html"),
        template: "actors.html",
        context,
    }
}
