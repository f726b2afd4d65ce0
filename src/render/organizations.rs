//! The organisation pages: each organisation's documents, newest first, and every goal of its
//! plans by period with its follow-up. The goal index's filter leads here (and its script
//! reads the goals of an organisation from here), so this page lists every goal of the
//! organisation, each marked with its period and status.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use super::views::StatusCounts;
use crate::document::{GoalStatus, ItemKind};
use crate::memo::MemoKeys;
use crate::resolve::Site;

use super::doc_cards::DocCards;
use super::pages::{by_organization, page_context, recency};
use super::views::{Link, Urls, level_label, period_anchor};
use super::yearly::CycleIndex;
use super::{
    Emit, INDEX_PAGE_BUFFER, OutputFile, PageJob, Produced, RenderMemo, Theme, render_bytes_sized,
};

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

/// An organisation with its member organisations that have none of their own, as the home
/// page and the organisation index list them: 300 organisations in one list made each of
/// those pages ~24,000 px tall on a phone, and a member looked for theirs among them all;
/// under their district, folded when many (`org_groups.html`), it is found by its district.
#[derive(Serialize)]
pub(super) struct OrganizationGroup<'a> {
    organization: &'a OrganizationView,
    members: Vec<&'a OrganizationView>,
}

/// The organisations in the vocabulary's order, the members of a parent under it when none
/// of them has members of its own (a district's local parties; the districts, some without
/// local parties, stay each a group of its own). Each organisation is listed once.
pub(super) fn organization_groups(views: &[OrganizationView]) -> Vec<OrganizationGroup<'_>> {
    let heads: HashSet<&str> = views
        .iter()
        .filter_map(|o| o.parent.as_ref())
        .map(|parent| parent.url.as_str())
        .collect();
    // Parents with a member that has members: their members are listed as groups.
    let mixed: HashSet<&str> = views
        .iter()
        .filter(|o| heads.contains(o.url.as_str()))
        .filter_map(|o| o.parent.as_ref())
        .map(|parent| parent.url.as_str())
        .collect();
    fn parent_of<'v>(o: &'v OrganizationView, mixed: &HashSet<&str>) -> Option<&'v str> {
        let parent = o.parent.as_ref()?.url.as_str();
        (!mixed.contains(parent)).then_some(parent)
    }
    let mut groups: Vec<OrganizationGroup<'_>> = Vec::new();
    let mut place: HashMap<&str, usize> = HashMap::new();
    for organization in views.iter().filter(|o| parent_of(o, &mixed).is_none()) {
        place.insert(organization.url.as_str(), groups.len());
        groups.push(OrganizationGroup {
            organization,
            members: Vec::new(),
        });
    }
    for member in views {
        // Its parent is listed above: none of the parent's members has members, and
        // the parent has.
        if let Some(&at) = parent_of(member, &mixed).and_then(|parent| place.get(parent)) {
            groups[at].members.push(member);
        }
    }
    groups
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

/// The organisations' index page (`organizations.html`), which lists them all.
pub(super) fn organizations_index_job(
    theme: &Theme,
    urls: &Urls<'_>,
    organizations: &[OrganizationView],
) -> PageJob {
    let word = &urls.config.paths.organizations;
    let mut index = page_context(
        theme.string("organizations_title"),
        &urls.section(word, None),
        "",
    );
    index.insert("organizations", &organizations);
    index.insert("organization_groups", &organization_groups(organizations));
    PageJob {
        path: format!("{word}/index.html"),
        template: "organizations.html",
        context: index,
    }
}

/// Each organisation's page, handed to `emit`: from the memo unless something it shows
/// changed ([`page_key`]). At 10,000 documents and 300 organisations, making every page's
/// context and rendering it to compare with the last run's was ~0.2 s of every save.
pub(super) fn organization_pages_into(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    cards: &DocCards,
    memo: &RenderMemo,
    emit: &Emit<'_>,
) {
    let organizations = organization_views(site, theme, urls);
    let word = &urls.config.paths.organizations;
    // Grouped once: with a hundred organisations, filtering every document for each was
    // most of the build's organisation pages.
    let in_site_order = by_organization(site, 0..site.documents.len());
    let mut children: HashMap<&str, Vec<&OrganizationView>> = HashMap::new();
    for organization in &organizations {
        if let Some(parent) = &organization.parent {
            children
                .entry(parent.url.as_str())
                .or_default()
                .push(organization);
        }
    }
    let cycles = CycleIndex::new(site);
    organizations.par_iter().for_each(|organization| {
        let shown = Shown {
            organization,
            documents: in_site_order
                .get(organization.slug.as_str())
                .map_or(&[], Vec::as_slice),
            children: children
                .get(organization.url.as_str())
                .map_or(&[], Vec::as_slice),
        };
        let path = format!("{word}/{}/index.html", organization.slug);
        let key = || page_key(site, &memo.keys, &shown, &cycles);
        let render = || {
            let page = organization_page(site, theme, urls, &shown, &cycles);
            let job = PageJob {
                path: path.clone(),
                template: "organization.html",
                context: page.context(cards),
            };
            render_bytes_sized(theme, &job, INDEX_PAGE_BUFFER)
        };
        emit(
            match memo.organization_pages.get_or_make(&path, key, render) {
                Ok(bytes) => Produced::File(OutputFile::shared(path, bytes)),
                Err(diagnostic) => Produced::Failed(diagnostic),
            },
        );
    });
}

/// What an organisation's page is made from.
struct Shown<'a> {
    organization: &'a OrganizationView,
    /// Its documents' places in the site, in the site's order.
    documents: &'a [usize],
    children: &'a [&'a OrganizationView],
}

/// Everything an organisation's page shows beyond the memo's context (config, vocabulary;
/// the theme empties the memo): each of its documents (its path and fingerprint, which
/// covers its goals' statuses and follow-up date as the follow-ups set them), what the
/// yearly cycle shows of other documents (the annual reports on its plans, by title and
/// path, and which of its plans' goals a later goal continues), and its member
/// organisations with their counts of documents. The order of its documents follows from
/// them (by date or period, then path).
fn page_key(site: &Site, keys: &MemoKeys, shown: &Shown<'_>, cycles: &CycleIndex<'_>) -> u64 {
    let mut hasher = keys.hasher(0);
    shown.organization.slug.hash(&mut hasher);
    shown.documents.len().hash(&mut hasher);
    for &index in shown.documents {
        let document = &site.documents[index];
        document.path.hash(&mut hasher);
        site.fingerprints.get(index).hash(&mut hasher);
        cycles.hash_lineage(site, &document.path, &mut hasher);
    }
    shown.children.len().hash(&mut hasher);
    for child in shown.children {
        (&child.slug, child.document_count).hash(&mut hasher);
    }
    hasher.finish()
}

/// An organisation's page: its documents newest first, its goals by period, newest first,
/// and its member organisations.
fn organization_page<'a>(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    shown: &Shown<'a>,
    cycles: &CycleIndex<'_>,
) -> OrganizationPage<'a> {
    let mut documents = shown.documents.to_vec();
    // The order of `newest_first`, which sorts the whole site the same way.
    let recency: HashMap<usize, String> = documents
        .iter()
        .map(|&index| (index, recency(&site.documents[index])))
        .collect();
    documents.sort_by(|a, b| {
        recency[b]
            .cmp(&recency[a])
            .then(site.documents[*a].path.cmp(&site.documents[*b].path))
    });
    let goals_by_period = goals_by_period(site, theme, urls, shown.documents);
    let mut yearly = cycles.cycle(site, urls, shown.documents);
    // A plan whose goals all name another period has no group of its own to link to.
    for year in &mut yearly.years {
        if !goals_by_period
            .iter()
            .any(|group| Some(&group.anchor) == year.goals_anchor.as_ref())
        {
            year.goals_anchor = None;
        }
    }
    OrganizationPage {
        organization: shown.organization,
        goals_by_period,
        children: shown.children.to_vec(),
        yearly,
        documents,
    }
}

/// The goals of the documents at `indexes` by period, newest period first.
fn goals_by_period(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    indexes: &[usize],
) -> Vec<PeriodGoals> {
    let mut by_period: BTreeMap<&str, PeriodGoals> = BTreeMap::new();
    for &index in indexes {
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
