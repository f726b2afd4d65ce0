//! The goal index: every goal of every plan, grouped by topic (goals without a topic in a
//! group of their own), with organisation, document, period and follow-up status, a
//! breakdown per organisation, and the values the filter script offers.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::document::{GoalStatus, ItemKind};
use crate::render::views::Urls;
use crate::render::{PageJob, Theme, page_context};
use crate::resolve::Site;

use super::{ItemView, StatusCounts, item_view, items_of_kind};

#[derive(Serialize)]
struct GoalGroup {
    /// The group's anchor on the page: `amne-<slug>`, or `utan-amne`.
    id: String,
    title: String,
    topic_url: Option<String>,
    counts: StatusCounts,
    goals: Vec<ItemView>,
}

#[derive(Serialize)]
struct OrganizationBreakdown {
    name: String,
    url: String,
    slug: String,
    counts: StatusCounts,
    periods: Vec<PeriodBreakdown>,
}

#[derive(Serialize)]
struct PeriodBreakdown {
    period: String,
    counts: StatusCounts,
}

#[derive(Serialize)]
struct FilterOption {
    value: String,
    label: String,
}

#[derive(Serialize)]
struct Filters {
    organizations: Vec<FilterOption>,
    periods: Vec<FilterOption>,
    statuses: Vec<FilterOption>,
}

pub(super) fn goal_index_job(site: &Site, theme: &Theme, urls: &Urls<'_>) -> PageJob {
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
            goals: Vec::new(),
        })
        .collect();
    let mut without_topic = GoalGroup {
        id: "utan-amne".into(),
        title: theme.string("without_topic").to_string(),
        topic_url: None,
        counts: StatusCounts::default(),
        goals: Vec::new(),
    };
    let mut periods = BTreeSet::new();
    for (document, goal) in items_of_kind(site, ItemKind::Goal) {
        total.add(goal);
        let view = item_view(site, document, goal, theme, urls);
        periods.insert(view.period.clone());
        let mut placed = false;
        for (topic, group) in site.vocabulary.topics.iter().zip(groups.iter_mut()) {
            if goal.topics.contains(&topic.slug) {
                group.counts.add(goal);
                group.goals.push(view.clone());
                placed = true;
            }
        }
        if !placed {
            without_topic.counts.add(goal);
            without_topic.goals.push(view);
        }
    }
    groups.retain(|g| !g.goals.is_empty());
    if !without_topic.goals.is_empty() {
        groups.push(without_topic);
    }
    let organizations = organization_breakdown(site, urls);
    let filters = Filters {
        organizations: organizations
            .iter()
            .map(|o| FilterOption {
                value: o.slug.clone(),
                label: o.name.clone(),
            })
            .collect(),
        periods: periods
            .into_iter()
            .rev()
            .map(|p| FilterOption {
                value: p.clone(),
                label: p,
            })
            .collect(),
        statuses: GoalStatus::ALL
            .iter()
            .map(|(name, _)| *name)
            .chain(["none"])
            .map(|name| FilterOption {
                value: name.to_string(),
                label: theme.string(&format!("goal_status_{name}")).to_string(),
            })
            .collect(),
    };
    let mut context = page_context(
        theme.string("goals_title"),
        &url,
        theme.string("goals_description"),
    );
    context.insert("total", &total);
    context.insert("groups", &groups);
    context.insert("organizations", &organizations);
    context.insert("filters", &filters);
    PageJob {
        path: format!("{word}/index.html"),
        template: "goals.html",
        context,
    }
}

fn organization_breakdown(site: &Site, urls: &Urls<'_>) -> Vec<OrganizationBreakdown> {
    site.vocabulary
        .organizations
        .iter()
        .filter_map(|organization| {
            let mut counts = StatusCounts::default();
            let mut periods: Vec<PeriodBreakdown> = Vec::new();
            for (document, goal) in items_of_kind(site, ItemKind::Goal) {
                if document.meta.organization != organization.slug {
                    continue;
                }
                counts.add(goal);
                let period = goal
                    .period
                    .clone()
                    .unwrap_or_else(|| document.meta.period.clone());
                match periods.iter_mut().find(|p| p.period == period) {
                    Some(entry) => entry.counts.add(goal),
                    None => {
                        let mut entry = PeriodBreakdown {
                            period,
                            counts: StatusCounts::default(),
                        };
                        entry.counts.add(goal);
                        periods.push(entry);
                    }
                }
            }
            periods.sort_by(|a, b| b.period.cmp(&a.period));
            (counts.total > 0).then(|| OrganizationBreakdown {
                name: organization.name.clone(),
                url: urls.organization(&organization.slug),
                slug: organization.slug.clone(),
                counts,
                periods,
            })
        })
        .collect()
}
