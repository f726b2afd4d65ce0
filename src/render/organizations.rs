//! The organisation pages: each organisation's documents, newest first, and every goal of its
//! plans by period with its follow-up. The goal index's filter leads here (and its script
//! reads the goals of an organisation from here), so this page lists every goal of the
//! organisation, each marked with its period and status.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::views::StatusCounts;
use crate::document::{GoalStatus, ItemKind};
use crate::resolve::Site;

use super::doc_cards::DocCards;
use super::pages::{by_organization, newest_first, page_context};
use super::views::{Link, Urls, level_label, period_anchor};
use super::{PageJob, Theme};

#[derive(Serialize)]
pub(super) struct OrganizationView {
    slug: String,
    name: String,
    url: String,
    level: String,
    parent: Option<Link>,
    description: String,
    document_count: usize,
}

pub(super) fn organization_views(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
) -> Vec<OrganizationView> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for document in &site.documents {
        *counts
            .entry(document.meta.organization.as_str())
            .or_default() += 1;
    }
    site.vocabulary
        .organizations
        .iter()
        .map(|o| OrganizationView {
            slug: o.slug.clone(),
            name: o.name.clone(),
            url: urls.organization(&o.slug),
            level: level_label(o.level, theme),
            parent: o
                .parent
                .as_ref()
                .and_then(|p| urls.organization_of(p))
                .map(|p| Link {
                    url: urls.organization(&p.slug),
                    title: p.name.clone(),
                }),
            description: o.description.clone(),
            document_count: counts.get(o.slug.as_str()).copied().unwrap_or(0),
        })
        .collect()
}

#[derive(Serialize)]
struct GoalView {
    url: String,
    text: String,
    /// The status's name, `none` for a goal without follow-up: what the goal index's filter
    /// matches on (`data-status`).
    status: &'static str,
    status_label: String,
}

#[derive(Serialize)]
struct PeriodGoals {
    period: String,
    /// The period's heading's anchor, which the goal index's breakdown links to.
    anchor: String,
    goals: Vec<GoalView>,
    counts: StatusCounts,
    /// The newest follow-up date of the period's plans, when one says it.
    followup_date: Option<String>,
}

pub(super) fn organization_jobs(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    cards: &DocCards,
) -> Vec<PageJob> {
    let organizations = organization_views(site, theme, urls);
    let word = &urls.config.paths.organizations;
    let mut jobs = Vec::new();
    let mut index = page_context(
        theme.string("organizations_title"),
        &urls.section(word, None),
        "",
    );
    index.insert("organizations", &organizations);
    jobs.push(PageJob {
        path: format!("{word}/index.html"),
        template: "organizations.html",
        context: index,
    });
    // Each page's context serializes its goals: made side by side.
    let pages: Vec<PageJob> = organization_pages(site, theme, urls, &organizations)
        .into_par_iter()
        .map(|page| PageJob {
            path: format!("{word}/{}/index.html", page.organization.slug),
            template: "organization.html",
            context: page.context(cards),
        })
        .collect();
    jobs.extend(pages);
    jobs
}

/// Each organisation's page: its documents newest first, its goals by period, newest first,
/// and its member organisations.
fn organization_pages<'a>(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    organizations: &'a [OrganizationView],
) -> Vec<OrganizationPage<'a>> {
    let mut pages = Vec::with_capacity(organizations.len());
    // Grouped once: with a hundred organisations, filtering every document for each was
    // most of the build's organisation pages.
    let newest = by_organization(site, newest_first(site));
    let in_site_order = by_organization(site, 0..site.documents.len());
    let cycles = super::yearly::CycleIndex::new(site);
    let none = Vec::new();
    for organization in organizations {
        let slug = organization.slug.as_str();
        let documents = newest.get(slug).unwrap_or(&none).clone();
        let goals_by_period = goals_by_period(site, theme, urls, in_site_order.get(slug));
        let children: Vec<&OrganizationView> = organizations
            .iter()
            .filter(|o| o.parent.as_ref().is_some_and(|p| p.url == organization.url))
            .collect();
        let yearly = cycles.cycle(site, urls, in_site_order.get(slug).unwrap_or(&none));
        pages.push(OrganizationPage {
            organization,
            documents,
            goals_by_period,
            children,
            yearly,
        });
    }
    pages
}

/// The goals of the documents at `indexes` by period, newest period first.
fn goals_by_period(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    indexes: Option<&Vec<usize>>,
) -> Vec<PeriodGoals> {
    let mut by_period: BTreeMap<&str, PeriodGoals> = BTreeMap::new();
    for &index in indexes.into_iter().flatten() {
        let document = &site.documents[index];
        for goal in document.items.iter().filter(|i| i.kind == ItemKind::Goal) {
            let period = goal.period.as_deref().unwrap_or(&document.meta.period);
            let entry = by_period.entry(period).or_insert_with(|| PeriodGoals {
                period: period.to_string(),
                anchor: period_anchor(period),
                goals: Vec::new(),
                counts: StatusCounts::default(),
                followup_date: None,
            });
            entry.counts.add(goal.status);
            if goal.status.is_some() && document.followup_date > entry.followup_date {
                entry.followup_date.clone_from(&document.followup_date);
            }
            entry.goals.push(GoalView {
                url: urls.item(&document.path, &goal.id),
                text: goal.text.clone(),
                status: goal.status.map_or("none", GoalStatus::as_str),
                status_label: theme
                    .string(super::views::goal_status_key(goal.status))
                    .to_string(),
            });
        }
    }
    by_period.into_values().rev().collect()
}

/// What an organisation page shows.
struct OrganizationPage<'a> {
    organization: &'a OrganizationView,
    /// Its documents' places in the site, newest first.
    documents: Vec<usize>,
    goals_by_period: Vec<PeriodGoals>,
    children: Vec<&'a OrganizationView>,
    /// Its plans year by year, with their annual reports (`yearly_cycle.html`).
    yearly: super::yearly::YearlyCycle,
}

impl OrganizationPage<'_> {
    fn context(&self, cards: &DocCards) -> Context {
        let organization = self.organization;
        let mut context = page_context(
            &organization.name,
            &organization.url,
            &organization.description,
        );
        context.insert("organization", organization);
        context.insert("children", &self.children);
        context.insert_value("cards", cards.list(self.documents.iter().copied()));
        context.insert("goals_by_period", &self.goals_by_period);
        // All periods' goals in one summary: "how many goals does it have, how many are
        // done?" is a member's first question, and each period tells only its own.
        let mut goal_counts = StatusCounts::default();
        for period in &self.goals_by_period {
            goal_counts.merge(&period.counts);
        }
        context.insert("goal_counts", &goal_counts);
        context.insert("yearly", &self.yearly);
        context
    }
}
