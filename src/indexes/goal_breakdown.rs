//! The table "Mål per organisation" of the goal index: a row per organisation and period
//! with its goals counted by status, which the goal filter counts from. At 10,000 documents
//! it was 4,354 rows (310 organisations, 14 periods), 1.25 MB of the index's 1.6 MB. A table
//! of more than `LIST_LIMIT` rows is cut on the index like a long list: its first
//! `PREVIEW_ROWS` rows and "Visa alla N", the whole table on numbered pages
//! (`/mal/organisationer/`), and its counts for the filter in `/mal/organisationer.json`.

use std::collections::HashMap;

use serde::Serialize;

use crate::document::ItemKind;
use crate::render::views::{Link, StatusCounts, Urls, period_anchor};
use crate::render::{Emit, OutputFile, PageJob, Produced, Theme, page_context};
use crate::resolve::Site;

use super::listing::{PREVIEW_ROWS, RowSize, is_long, numbered_title, paginate};
use super::rows::Rows;

#[derive(Serialize)]
pub(super) struct OrganizationBreakdown {
    pub(super) name: String,
    url: String,
    pub(super) slug: String,
    counts: StatusCounts,
    periods: Vec<PeriodBreakdown>,
}

#[derive(Serialize, Clone)]
struct PeriodBreakdown {
    period: String,
    /// The period's heading on the organisation page, where its goals are all listed.
    anchor: String,
    counts: StatusCounts,
}

/// A cut table: how many rows it has, the pages holding them all and the filter's counts.
#[derive(Serialize)]
pub(super) struct WholeTable {
    count: usize,
    url: String,
    data_url: String,
    /// The organisations' index, for the reader without JavaScript looking for one of
    /// them the index's rows leave out.
    organizations_url: String,
}

/// Each organisation's goals counted per period, in the order of organizations.toml.
pub(super) fn organization_breakdown(
    site: &Site,
    rows: &Rows<'_>,
    urls: &Urls<'_>,
) -> Vec<OrganizationBreakdown> {
    // One pass over the goals, grouped by organisation: a pass per organisation was most of
    // the goal index's time on a large site.
    let mut by_organization: HashMap<&str, (StatusCounts, Vec<PeriodBreakdown>)> = HashMap::new();
    for (document, goal, _) in rows.plain_of_kind(ItemKind::Goal) {
        let (counts, periods) = by_organization
            .entry(document.meta.organization.as_str())
            .or_default();
        counts.add(goal.status);
        let period = goal.period.as_ref().unwrap_or(&document.meta.period);
        match periods.iter_mut().find(|p| &p.period == period) {
            Some(entry) => entry.counts.add(goal.status),
            None => {
                let mut entry = PeriodBreakdown {
                    period: period.clone(),
                    anchor: period_anchor(period),
                    counts: StatusCounts::default(),
                };
                entry.counts.add(goal.status);
                periods.push(entry);
            }
        }
    }
    site.vocabulary
        .organizations
        .iter()
        .filter_map(|organization| {
            let (counts, periods) = by_organization.get(organization.slug.as_str())?;
            let mut periods = periods.clone();
            periods.sort_by(|a, b| b.period.cmp(&a.period));
            (counts.total > 0).then(|| OrganizationBreakdown {
                name: organization.name.clone(),
                url: urls.organization(&organization.slug),
                slug: organization.slug.clone(),
                counts: *counts,
                periods,
            })
        })
        .collect()
}

/// A row of the table: the organisation's place and the period's place in it.
struct Row(usize, usize);

impl RowSize for Row {
    fn size(&self) -> usize {
        // About 300 bytes of HTML, but a card of eight lines on a phone (about 260 px), as
        // tall as a kilobyte of list rows: 40 rows a page, about 10,000 px.
        1_000
    }
}

/// The organisations of `rows` with only the periods of those rows (rows of one
/// organisation are together).
fn organizations_of(all: &[OrganizationBreakdown], rows: &[Row]) -> Vec<OrganizationBreakdown> {
    let mut shown: Vec<OrganizationBreakdown> = Vec::new();
    let mut last = None;
    for &Row(org, period) in rows {
        let (Some(organization), Some(row)) = (
            all.get(org),
            all.get(org).and_then(|o| o.periods.get(period)),
        ) else {
            continue;
        };
        if last != Some(org) {
            shown.push(OrganizationBreakdown {
                name: organization.name.clone(),
                url: organization.url.clone(),
                slug: organization.slug.clone(),
                counts: organization.counts,
                periods: Vec::new(),
            });
            last = Some(org);
        }
        if let Some(current) = shown.last_mut() {
            current.periods.push(row.clone());
        }
    }
    shown
}

/// When the table is long: its numbered pages and the filter's counts, handed to `emit`;
/// the table cut to its first rows for the index, and where the whole is. `None` (the table
/// left whole) when it fits.
pub(super) fn cut_long_table(
    organizations: &mut Vec<OrganizationBreakdown>,
    (theme, urls): (&Theme, &Urls<'_>),
    emit: &Emit<'_>,
) -> Option<WholeTable> {
    let rows: Vec<Row> = (organizations.iter().enumerate())
        .flat_map(|(n, o)| (0..o.periods.len()).map(move |p| Row(n, p)))
        .collect();
    if !is_long(rows.len()) {
        return None;
    }
    let word = &urls.config.paths.goals;
    let slug = &urls.config.paths.organizations;
    let url = urls.section(word, Some(slug));
    let back = Link {
        url: urls.section(word, None),
        title: theme.string("goals_title").to_string(),
    };
    let title = format!(
        "{}: {}",
        theme.string("goals_title"),
        theme.string("goals_by_organization")
    );
    for page in paginate(&format!("{word}/{slug}"), &url, &rows) {
        let mut context = page_context(
            &numbered_title(&title, page.number, theme),
            &page.url,
            theme.string("goals_description"),
        );
        context.insert("organizations", &organizations_of(organizations, page.rows));
        context.insert(
            "filters",
            &serde_json::json!({ "statuses": super::goals::status_options(theme) }),
        );
        context.insert("back", &back);
        context.insert("pagination", &page.pagination());
        emit(Produced::Page(PageJob {
            path: page.path.clone(),
            template: "goal_breakdown.html",
            context,
        }));
    }
    let data_path = format!("{word}/{slug}.json");
    match serde_json::to_vec(&FilterData::of(organizations)) {
        Ok(bytes) => emit(Produced::File(OutputFile::new(data_path, bytes))),
        // An empty file would leave the filter without counts: the build fails instead.
        Err(error) => emit(Produced::Failed(crate::diagnostic::Diagnostic::error(
            format!("{data_path} could not be written: {error}"),
        ))),
    }
    let shown = organizations_of(organizations, &rows[..PREVIEW_ROWS.min(rows.len())]);
    *organizations = shown;
    Some(WholeTable {
        count: rows.len(),
        data_url: format!("{}/{word}/{slug}.json", urls.config.base_path),
        organizations_url: urls.section(slug, None),
        url,
    })
}

/// The table's counts for the goal filter (`filter.js`), which reads them instead of the
/// table's rows when the index shows only the first: per organisation its slug, name, page
/// and per period `[period, anchor, total, not started, ongoing, done, dropped, none]`.
#[derive(Serialize)]
struct FilterData<'a> {
    organizations: Vec<(&'a str, &'a str, &'a str, Vec<PeriodCounts<'a>>)>,
}

type PeriodCounts<'a> = (&'a str, &'a str, [usize; 6]);

impl<'a> FilterData<'a> {
    fn of(organizations: &'a [OrganizationBreakdown]) -> Self {
        let periods = |o: &'a OrganizationBreakdown| -> Vec<PeriodCounts<'a>> {
            (o.periods.iter())
                .map(|p| {
                    let c = &p.counts;
                    let counts = [c.total, c.not_started, c.ongoing, c.done, c.dropped, c.none];
                    (p.period.as_str(), p.anchor.as_str(), counts)
                })
                .collect()
        };
        FilterData {
            organizations: (organizations.iter())
                .map(|o| (o.slug.as_str(), o.name.as_str(), o.url.as_str(), periods(o)))
                .collect(),
        }
    }
}
