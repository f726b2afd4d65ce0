//! The goal index: every goal of every plan, grouped by topic (goals without a topic in a
//! group of their own), with organisation, document, period and follow-up status, a
//! breakdown per organisation, and the values the filter script offers.

use std::collections::BTreeSet;

use serde::Serialize;
use tera::Value;

use crate::document::{GoalStatus, ItemKind};
use crate::render::views::{Link, Urls};
use crate::render::{Emit, PageJob, Produced, Theme, page_context};
use crate::resolve::Site;

use super::SlugPositions;
use super::goal_breakdown::{cut_long_table, organization_breakdown};
use super::listing::{LIST_LIMIT, ListOf, ListSpec, PREVIEW_ROWS, is_long, list_pages_into};
use super::rows::Rows;
use crate::render::views::{StatusCounts, goal_status_key};

#[derive(Serialize)]
struct GoalGroup {
    /// The group's anchor on the page: `amne-<slug>`, or `utan-amne`.
    id: String,
    title: String,
    topic_url: Option<String>,
    counts: StatusCounts,
    /// The group's rows, or its first [`PREVIEW_ROWS`] when it is long.
    rows: Vec<Value>,
    /// The page holding the whole group, when it is longer than that: the topic's goal list,
    /// or `/mal/utan-amne/`.
    all_url: Option<String>,
}

#[derive(Serialize)]
pub(super) struct FilterOption {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct Filters {
    organizations: Vec<FilterOption>,
    periods: Vec<FilterOption>,
    statuses: Vec<FilterOption>,
}

/// The goal index, and the pages of the goals without a topic when they are too many for it
/// (a topic's goals have their pages under the topic, see [`super::topics`]).
pub(super) fn page_jobs(
    site: &Site,
    rows: &Rows<'_>,
    theme: &Theme,
    urls: &Urls<'_>,
    memo: &super::IndexMemo,
    emit: &Emit<'_>,
) {
    let word = &urls.config.paths.goals;
    let url = urls.section(word, None);
    let mut total = StatusCounts::default();
    let mut groups: Vec<GoalGroup> = site
        .vocabulary
        .topics
        .iter()
        .map(|topic| GoalGroup {
            id: format!("amne-{}", topic.slug),
            title: topic.label.clone(),
            topic_url: Some(urls.topic(&topic.slug)),
            counts: StatusCounts::default(),
            rows: Vec::new(),
            all_url: None,
        })
        .collect();
    let mut without_topic = GoalGroup {
        id: "utan-amne".into(),
        title: theme.string("without_topic").to_string(),
        topic_url: None,
        counts: StatusCounts::default(),
        rows: Vec::new(),
        all_url: None,
    };
    let mut periods = BTreeSet::new();
    let topic_positions =
        SlugPositions::new(site.vocabulary.topics.iter().map(|t| t.slug.as_str()));
    for (document, goal, row) in rows.plain_of_kind(ItemKind::Goal) {
        total.add(goal.status);
        let period = goal.period.as_ref().unwrap_or(&document.meta.period);
        // Most goals share a handful of periods: no copy of one already there.
        if !periods.contains(period) {
            periods.insert(period.clone());
        }
        let mut placed = false;
        for n in topic_positions.of(&goal.topics) {
            let Some(group) = groups.get_mut(n) else {
                continue;
            };
            group.counts.add(goal.status);
            // A topic's group shows its first rows only (its whole list is on the topic's
            // pages): past that, only its count is needed.
            if group.rows.len() <= LIST_LIMIT {
                group.rows.push(row.clone());
            }
            placed = true;
        }
        if !placed {
            without_topic.counts.add(goal.status);
            without_topic.rows.push(row.clone());
        }
    }
    let jobs = |job: PageJob| emit(Produced::Page(job));
    for (topic, group) in site.vocabulary.topics.iter().zip(groups.iter_mut()) {
        if is_long(group.counts.total) {
            group.all_url = Some(super::topics::list_url(urls, &topic.slug, word));
        }
    }
    if is_long(without_topic.rows.len()) {
        let spec = ListSpec {
            dir: format!("{word}/{}", without_topic.id),
            url: urls.section(word, Some(&without_topic.id)),
            title: format!("{}: {}", theme.string("goals_title"), without_topic.title),
            noun: theme.string("goals").to_lowercase(),
            back: Link {
                url: url.clone(),
                title: theme.string("goals_title").to_string(),
            },
            of: ListOf::Items,
        };
        let rows: Vec<&Value> = without_topic.rows.iter().collect();
        list_pages_into(&spec, &rows, theme, memo, emit);
        without_topic.all_url = Some(spec.url);
    }
    groups.retain(|g| g.counts.total > 0);
    if !without_topic.rows.is_empty() {
        groups.push(without_topic);
    }
    for group in groups.iter_mut().filter(|g| g.all_url.is_some()) {
        group.rows.truncate(PREVIEW_ROWS);
    }
    let mut organizations = organization_breakdown(site, rows, urls);
    let filters = Filters {
        organizations: organizations
            .iter()
            .map(|o| FilterOption {
                value: o.slug.clone(),
                label: o.name.clone(),
            })
            .collect(),
        // A goal without a period is shown under "all" only: an option without a label is
        // invalid HTML, and its empty value is that of "all".
        periods: periods
            .into_iter()
            .rev()
            .filter(|p| !p.is_empty())
            .map(|p| FilterOption {
                value: p.clone(),
                label: p,
            })
            .collect(),
        statuses: status_options(theme),
    };
    let whole_table = cut_long_table(&mut organizations, (theme, urls), emit);
    let mut context = page_context(
        theme.string("goals_title"),
        &url,
        theme.string("goals_description"),
    );
    context.insert("total", &total);
    context.insert("groups", &groups);
    context.insert("organizations", &organizations);
    context.insert("whole_table", &whole_table);
    context.insert("filters", &filters);
    jobs(PageJob {
        path: format!("{word}/index.html"),
        template: "goals.html",
        context,
    });
}

/// The goal statuses as the filter offers them and the breakdown table's columns are
/// ordered: not started, ongoing, done, dropped, none.
pub(super) fn status_options(theme: &Theme) -> Vec<FilterOption> {
    GoalStatus::ALL
        .iter()
        .map(|&(name, status)| (name, Some(status)))
        .chain([("none", None)])
        .map(|(name, status)| FilterOption {
            value: name.to_string(),
            label: theme.string(goal_status_key(status)).to_string(),
        })
        .collect()
}
