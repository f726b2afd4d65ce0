//! The yearly cycle on a document page: the goal an annual report's outcome reports on,
//! and a goal's history through the plans it continues ("2022: Pågår → 2023: Klart").

use std::collections::HashSet;
use std::hash::{Hash, Hasher};

use serde::Serialize;

use crate::document::{Document, GoalStatus, Item, ItemKind};
use crate::resolve::Site;

use super::Theme;
use super::views::Urls;

/// The most plans a history goes back through: a chain of `continues` is short, and a
/// cycle written by mistake must end.
const MAX_HISTORY: usize = 50;

#[derive(Serialize)]
pub(super) struct ReportedGoal<'a> {
    url: String,
    /// The plan's title.
    doc: &'a str,
    id: &'a str,
    /// The goal's first words.
    text: String,
}

#[derive(Serialize)]
pub(super) struct HistoryStep<'a> {
    url: String,
    /// The goal's period, or its plan's.
    period: &'a str,
    status: Option<&'static str>,
    status_label: &'a str,
}

/// The goal an annual report's outcome `item` reports on, in the plan of `reports_on`.
pub(super) fn reported_goal<'p>(
    document: &'p Document,
    item: &'p Item,
    site: &'p Site,
    urls: &Urls<'_>,
) -> Option<ReportedGoal<'p>> {
    if item.kind != ItemKind::Outcome {
        return None;
    }
    let outcome = document.outcomes.iter().find(|o| {
        document
            .items
            .get(o.item)
            .is_some_and(|i| std::ptr::eq(i, item))
    })?;
    let plan = crate::markdown::parse_link_target(&document.meta.reports_on.as_ref()?.target)?;
    let plan_document = site.document(&plan.doc);
    let text = plan_document
        .and_then(|d| d.item(&outcome.goal))
        .map_or_else(String::new, |goal| first_words(&goal.text, 12));
    Some(ReportedGoal {
        url: urls.item(&plan.doc, &outcome.goal),
        doc: plan_document.map_or("", |d| d.meta.title.as_str()),
        id: &outcome.goal,
        text,
    })
}

fn first_words(text: &str, count: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().take(count + 1).collect();
    let shown = words[..words.len().min(count)].join(" ");
    if words.len() > count {
        format!("{shown} …")
    } else {
        shown
    }
}

/// Hashes what a page of `document` shows of other documents through the yearly cycle: the
/// plan and goal each outcome reports on, and each step of its goals' histories, for the
/// page's memo key (see `pages::page_key`).
pub(super) fn hash_shown(document: &Document, site: &Site, hasher: &mut impl Hasher) {
    if let Some(plan) = document
        .meta
        .reports_on
        .as_ref()
        .and_then(|r| crate::markdown::parse_link_target(&r.target))
    {
        let plan = site.document(&plan.doc);
        plan.map(|p| &p.meta.title).hash(hasher);
        for outcome in &document.outcomes {
            plan.and_then(|p| p.item(&outcome.goal))
                .map(|goal| &goal.text)
                .hash(hasher);
        }
    }
    for item in document.items.iter().filter(|i| i.continues.is_some()) {
        for (earlier, goal) in history_chain(document, item, site).into_iter().skip(1) {
            (
                &earlier.path,
                &earlier.meta.period,
                &goal.period,
                goal.status,
            )
                .hash(hasher);
        }
    }
}

/// `item` and the goals it continues, newest first, each with its document.
fn history_chain<'s>(
    document: &'s Document,
    item: &'s Item,
    site: &'s Site,
) -> Vec<(&'s Document, &'s Item)> {
    let mut chain = vec![(document, item)];
    let mut seen = HashSet::from([(document.path.as_str(), item.id.as_str())]);
    let mut next = item.continues.as_ref();
    while let Some(target) = next.filter(|_| chain.len() < MAX_HISTORY) {
        let Some((earlier, goal)) = site.document(&target.doc).and_then(|d| {
            let goal = d.item(target.anchor.as_deref()?)?;
            Some((d, goal))
        }) else {
            break;
        };
        if goal.kind != ItemKind::Goal || !seen.insert((earlier.path.as_str(), goal.id.as_str())) {
            break;
        }
        chain.push((earlier, goal));
        next = goal.continues.as_ref();
    }
    chain
}

/// `item`'s history, oldest first, when it continues a goal of an earlier plan.
pub(super) fn goal_history<'p>(
    document: &'p Document,
    item: &'p Item,
    site: &'p Site,
    urls: &Urls<'_>,
    theme: &'p Theme,
) -> Vec<HistoryStep<'p>> {
    if item.kind != ItemKind::Goal || item.continues.is_none() {
        return Vec::new();
    }
    let step = |document: &'p Document, goal: &'p Item| HistoryStep {
        url: urls.item(&document.path, &goal.id),
        period: [goal.period.as_deref(), Some(document.meta.period.as_str())]
            .into_iter()
            .flatten()
            .find(|p| !p.is_empty())
            .unwrap_or(&document.meta.title),
        status: goal.status.map(GoalStatus::as_str),
        status_label: theme.string(
            goal.status
                .map_or("goal_status_none", GoalStatus::label_key),
        ),
    };
    let mut steps: Vec<HistoryStep<'p>> = history_chain(document, item, site)
        .into_iter()
        .map(|(d, goal)| step(d, goal))
        .collect();
    steps.reverse();
    steps
}
