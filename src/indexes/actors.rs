//! The addressee index (`/mottagare/`) and each addressee's pages (`/mottagare/<slug>/`): who
//! is responsible for what. An addressee's page lists the recommendations to it, then the
//! goals addressed to it (`to=` on the goal, its list or a heading above) by period, newest
//! first, as an organisation's page groups its goals.

use std::hash::Hash;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::document::ItemKind;
use crate::render::views::{Urls, period_anchor};
use crate::render::{Emit, PageJob, Produced, Theme, page_context};
use crate::resolve::Site;

use super::SlugPositions;
use super::listing::{numbered_title, paginate};
use super::rows::Rows;

/// The anchors of an addressee page's two lists, which its totals and the index link to.
const RECOMMENDATIONS_ANCHOR: &str = "rekommendationer";
const GOALS_ANCHOR: &str = "mal";

/// The goals addressed to each actor of the vocabulary, in its order, newest period first
/// (a plan's goals in their order within it): each with its period and its index row.
pub(super) fn goals_by_actor<'r>(site: &Site, rows: &'r Rows<'_>) -> Vec<Vec<(&'r str, Value)>> {
    let actors = &site.vocabulary.actors;
    let mut of_actor: Vec<Vec<(&str, Value)>> = vec![Vec::new(); actors.len()];
    let positions = SlugPositions::new(actors.iter().map(|a| a.slug.as_str()));
    for (document, goal, row) in rows.plain_of_kind(ItemKind::Goal) {
        if goal.addressees.is_empty() {
            continue;
        }
        let period = goal.period.as_deref().unwrap_or(&document.meta.period);
        for n in positions.of(&goal.addressees) {
            if let Some(list) = of_actor.get_mut(n) {
                list.push((period, row.clone()));
            }
        }
    }
    for list in &mut of_actor {
        // Stable: within a period the goals keep their plans' and their own order.
        list.sort_by(|a, b| b.0.cmp(a.0));
    }
    of_actor
}

/// The addressee index and every addressee's pages, from the recommendations and goals
/// addressed to each actor (both in the vocabulary's order).
pub(super) fn pages_into(
    site: &Site,
    recommendations: &[Vec<Value>],
    goals: &[Vec<(&str, Value)>],
    theme: &Theme,
    urls: &Urls<'_>,
    memo: &super::IndexMemo,
    emit: &Emit<'_>,
) {
    let mut summaries = Vec::new();
    for ((actor, recommendations), goals) in site
        .vocabulary
        .actors
        .iter()
        .zip(recommendations)
        .zip(goals)
    {
        let url = urls.actor(&actor.slug);
        let lists = ActorLists {
            recommendations,
            goals,
        };
        let first_urls =
            actor_pages_into((&actor.slug, &actor.name), &lists, theme, urls, memo, emit);
        summaries.push(ActorSummary {
            title: actor.name.clone(),
            url: Some(url),
            count: recommendations.len(),
            goals: goals.len(),
            goals_url: first_urls.goals,
        });
    }
    emit(Produced::Page(actor_index_job(&summaries, theme, urls)));
}

/// What is addressed to one actor.
struct ActorLists<'l, 'p> {
    recommendations: &'l [Value],
    goals: &'l [(&'p str, Value)],
}

/// Where each of an addressee's lists begins: the page and anchor its first row is at.
struct FirstUrls {
    recommendations: Option<String>,
    goals: Option<String>,
}

/// What an addressee's page shows of the addressee: its name, its counts and where each
/// list begins.
#[derive(Serialize)]
struct ActorView<'a> {
    title: &'a str,
    /// The number of recommendations (`count`, as before the goals were listed too).
    count: usize,
    goals: usize,
    recommendations_url: Option<&'a str>,
    goals_url: Option<&'a str>,
    /// The page's rows in one list: what a site's copy of `actor.html` from before `parts`
    /// joins, so that it still lists the goals rather than saying there is nothing.
    rows: &'a [&'a Value],
}

/// A run of one page's rows under one heading: the recommendations, or one period's goals.
#[derive(Serialize)]
struct PagePart<'a> {
    /// `recommendation` or `goal`.
    kind: &'static str,
    /// Whether the part opens its kind's list on this page, where the list's heading goes.
    opens_list: bool,
    /// The goals' period and its heading's anchor.
    period: Option<&'a str>,
    anchor: Option<String>,
    rows: &'a [&'a Value],
}

/// An addressee's pages: its recommendations, then its goals by period, on numbered pages
/// when they are many (each from the memo unless its rows or its words changed,
/// `row_pages`). Returns where each list begins.
fn actor_pages_into(
    (slug, name): (&str, &str),
    lists: &ActorLists<'_, '_>,
    theme: &Theme,
    urls: &Urls<'_>,
    memo: &super::IndexMemo,
    emit: &Emit<'_>,
) -> FirstUrls {
    let word = &urls.config.paths.actors;
    let actors_url = urls.section(word, None);
    let rows: Vec<&Value> = lists
        .recommendations
        .iter()
        .chain(lists.goals.iter().map(|(_, row)| row))
        .collect();
    let pages = paginate(&format!("{word}/{slug}"), &urls.actor(slug), &rows);
    // The offset of each page's first row, to tell recommendations from goals and periods.
    let mut starts = Vec::with_capacity(pages.len());
    let mut start = 0;
    for page in &pages {
        starts.push(start);
        start += page.rows.len();
    }
    let split = lists.recommendations.len();
    let url_of = |offset: usize, anchor: &str| {
        let at = starts.iter().rposition(|&s| s <= offset).unwrap_or(0);
        pages.get(at).map(|p| format!("{}#{anchor}", p.url))
    };
    let first = FirstUrls {
        recommendations: (split > 0)
            .then(|| url_of(0, RECOMMENDATIONS_ANCHOR))
            .flatten(),
        goals: (!lists.goals.is_empty())
            .then(|| url_of(split, GOALS_ANCHOR))
            .flatten(),
    };
    pages.into_par_iter().zip(starts).for_each(|(page, start)| {
        let parts = page_parts(page.rows, start, split, lists.goals);
        let title = numbered_title(name, page.number, theme);
        let view = ActorView {
            title: name,
            count: split,
            goals: lists.goals.len(),
            recommendations_url: first.recommendations.as_deref(),
            goals_url: first.goals.as_deref(),
            rows: page.rows,
        };
        let frame = |hasher: &mut std::collections::hash_map::DefaultHasher| {
            "actor.html".hash(hasher);
            (&title, &page.url, page.number, rows.len(), &actors_url).hash(hasher);
            (
                view.title,
                view.count,
                view.goals,
                view.recommendations_url,
                view.goals_url,
            )
                .hash(hasher);
            for part in &parts {
                (part.kind, part.opens_list, part.period).hash(hasher);
            }
        };
        let job = || {
            let mut context = page_context(&title, &page.url, "");
            context.insert("actor", &view);
            context.insert("parts", &parts);
            context.insert("actors_url", &actors_url);
            context.insert("pagination", &page.pagination());
            PageJob {
                path: page.path.clone(),
                template: "actor.html",
                context,
            }
        };
        let path = page.path.clone();
        super::row_pages::row_page_into(memo, theme, path, page.rows, frame, job, emit);
    });
    first
}

/// A page's rows cut where the recommendations end and each period's goals begin; `start`
/// is the offset of the page's first row in the whole list, `split` that of the first goal.
fn page_parts<'a>(
    page: &'a [&'a Value],
    start: usize,
    split: usize,
    goals: &'a [(&'a str, Value)],
) -> Vec<PagePart<'a>> {
    let mut parts: Vec<PagePart<'a>> = Vec::new();
    let mut from = 0;
    while from < page.len() {
        let offset = start + from;
        let (part, len) = if offset < split {
            let len = (split - offset).min(page.len() - from);
            let part = PagePart {
                kind: ItemKind::Recommendation.as_str(),
                opens_list: true,
                period: None,
                anchor: None,
                rows: &[],
            };
            (part, len)
        } else {
            let period = goals.get(offset - split).map_or("", |(p, _)| *p);
            let len = goals
                .get(offset - split..)
                .unwrap_or_default()
                .iter()
                .take(page.len() - from)
                .take_while(|(p, _)| *p == period)
                .count()
                .max(1);
            let part = PagePart {
                kind: ItemKind::Goal.as_str(),
                opens_list: !parts.iter().any(|p| p.kind == ItemKind::Goal.as_str()),
                period: Some(period),
                anchor: Some(period_anchor(period)),
                rows: &[],
            };
            (part, len)
        };
        parts.push(PagePart {
            rows: &page[from..from + len],
            ..part
        });
        from += len;
    }
    parts
}

#[derive(Serialize)]
struct ActorSummary {
    title: String,
    url: Option<String>,
    /// Its recommendations.
    count: usize,
    goals: usize,
    /// Where its goals begin on its pages.
    goals_url: Option<String>,
}

fn actor_index_job(actors: &[ActorSummary], theme: &Theme, urls: &Urls<'_>) -> PageJob {
    let word = &urls.config.paths.actors;
    let url = urls.section(word, None);
    let mut context = page_context(theme.string("actors_title"), &url, "");
    context.insert("actors", &actors);
    context.insert(
        "recommendations_url",
        &urls.section(&urls.config.paths.recommendations, None),
    );
    context.insert("goals_url", &urls.section(&urls.config.paths.goals, None));
    PageJob {
        path: format!("{word}/index.html"),
        template: "actors.html",
        context,
    }
}
