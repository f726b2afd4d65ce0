//! The recommendation index (every recommendation by addressee and by topic, with its source
//! document and section), which hands each addressee's recommendations to its pages
//! (`super::actors`).

use serde::Serialize;
use tera::Value;

use crate::render::views::{Link, Urls};
use crate::render::{Emit, PageJob, Produced, Theme, page_context};
use crate::resolve::Site;

use super::SlugPositions;
use super::listing::{LIST_LIMIT, ListOf, ListSpec, RowList, is_long, list_pages_into};
use super::rows::Rows;
#[cfg(test)]
use super::{ItemView, Reference, item_view, reference_view};

/// A recommendation with what takes it up (plan goals that implement it, links to it): the
/// value `row_view::with_taken_up_by` makes, as serde would.
#[cfg(test)]
#[derive(Serialize, Clone)]
pub(super) struct RecommendationView {
    #[serde(flatten)]
    pub(super) item: ItemView,
    pub(super) taken_up_by: Vec<Reference>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) taken_up_all: Option<super::row_view::ShowAll>,
}

/// A group of the recommendation index: its count, its first rows, and the page holding all
/// of it when it is long (the addressee's page, the topic's recommendation list, or a page of
/// its own for the recommendations without addressee or without topic).
#[derive(Serialize)]
struct Group {
    id: String,
    title: String,
    url: Option<String>,
    #[serde(flatten)]
    list: RowList,
}

#[cfg(test)]
pub(super) fn recommendation_view(
    site: &Site,
    document: &crate::document::Document,
    item: &crate::document::Item,
    theme: &Theme,
    urls: &Urls<'_>,
) -> RecommendationView {
    let backlinks = site.backlinks_to(&document.path, &item.id);
    let (shown, all) = super::rows::taken_up_shown(document, item, backlinks, urls);
    RecommendationView {
        item: item_view(document, item, theme, urls),
        taken_up_by: shown
            .iter()
            .map(|b| reference_view(site, b, theme, urls))
            .collect(),
        taken_up_all: all,
    }
}

/// The recommendation index, the addressee index and pages, and the pages of the groups
/// without addressee or topic when they are too long for the index.
pub(super) fn page_jobs(
    site: &Site,
    rows: &Rows<'_>,
    theme: &Theme,
    urls: &Urls<'_>,
    memo: &super::IndexMemo,
    emit: &Emit<'_>,
) {
    let actors = &site.vocabulary.actors;
    let topics = &site.vocabulary.topics;
    // One pass over the recommendations sorts each into its addressees' and topics' lists (a
    // pass per addressee and per topic was most of this page's time on a large site). A
    // topic's list only shows its first rows, so only those are kept, with its count.
    let mut of_actor: Vec<Vec<Value>> = vec![Vec::new(); actors.len()];
    let mut of_topic: Vec<(usize, Vec<Value>)> = vec![(0, Vec::new()); topics.len()];
    let mut unaddressed = Vec::new();
    let mut without_topic = Vec::new();
    let mut total = 0;
    let actor_positions = SlugPositions::new(actors.iter().map(|a| a.slug.as_str()));
    let topic_positions = SlugPositions::new(topics.iter().map(|t| t.slug.as_str()));
    for (_, item, row) in rows.all_traced() {
        total += 1;
        if item.addressees.is_empty() {
            unaddressed.push(row.clone());
        }
        if item.topics.is_empty() {
            without_topic.push(row.clone());
        }
        for n in actor_positions.of(&item.addressees) {
            if let Some(list) = of_actor.get_mut(n) {
                list.push(row.clone());
            }
        }
        for n in topic_positions.of(&item.topics) {
            let Some((count, list)) = of_topic.get_mut(n) else {
                continue;
            };
            *count += 1;
            if list.len() <= LIST_LIMIT {
                list.push(row.clone());
            }
        }
    }
    let word = &urls.config.paths.recommendations;
    let url = urls.section(word, None);
    let back = Link {
        url: url.clone(),
        title: theme.string("recommendations_title").to_string(),
    };
    let noun = theme.string("recommendations_total");
    let jobs = |job: PageJob| emit(Produced::Page(job));
    // A group without a page elsewhere gets its own under the index: `/rekommendationer/<id>/`.
    let own_pages = |id: &str, title: &str, rows: &[Value]| -> String {
        let spec = ListSpec {
            dir: format!("{word}/{id}"),
            url: urls.section(word, Some(id)),
            title: format!("{}: {title}", theme.string("recommendations_title")),
            noun: noun.to_string(),
            back: back.clone(),
            of: ListOf::Items,
        };
        let rows: Vec<&Value> = rows.iter().collect();
        list_pages_into(&spec, &rows, theme, memo, emit);
        spec.url
    };
    let goals = super::actors::goals_by_actor(site, rows);
    super::actors::pages_into(site, &of_actor, &goals, theme, urls, memo, emit);
    let mut by_actor: Vec<Group> = actors
        .iter()
        .zip(of_actor)
        .map(|(actor, recommendations)| {
            let actor_url = urls.actor(&actor.slug);
            Group {
                id: format!("mottagare-{}", actor.slug),
                title: actor.name.clone(),
                url: Some(actor_url.clone()),
                list: RowList::shown(recommendations, || actor_url),
            }
        })
        .collect();
    by_actor.retain(|g| g.list.count > 0);
    if !unaddressed.is_empty() {
        let id = "utan-mottagare";
        let title = theme.string("without_addressee");
        let all_url = is_long(unaddressed.len()).then(|| own_pages(id, title, &unaddressed));
        by_actor.push(Group {
            id: id.into(),
            title: title.to_string(),
            url: None,
            list: RowList::shown(unaddressed, || all_url.unwrap_or_default()),
        });
    }
    let mut by_topic: Vec<Group> = topics
        .iter()
        .zip(of_topic)
        .filter(|(_, (count, _))| *count > 0)
        .map(|(topic, (count, rows))| Group {
            id: format!("amne-{}", topic.slug),
            title: topic.label.clone(),
            url: Some(urls.topic(&topic.slug)),
            // A topic's long list has its pages under the topic (see `super::topics`).
            list: RowList::first_of(count, rows, || {
                super::topics::list_url(urls, &topic.slug, word)
            }),
        })
        .collect();
    if !without_topic.is_empty() {
        let id = "utan-amne";
        let title = theme.string("without_topic");
        let all_url = is_long(without_topic.len()).then(|| own_pages(id, title, &without_topic));
        by_topic.push(Group {
            id: id.into(),
            title: title.to_string(),
            url: None,
            list: RowList::shown(without_topic, || all_url.unwrap_or_default()),
        });
    }
    let mut context = page_context(
        theme.string("recommendations_title"),
        &url,
        theme.string("recommendations_description"),
    );
    context.insert("total", &total);
    context.insert("by_actor", &by_actor);
    context.insert("by_topic", &by_topic);
    jobs(PageJob {
        path: format!("{word}/index.html"),
        template: "recommendations.html",
        context,
    });
}
