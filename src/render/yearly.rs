//! The yearly cycle on an organisation page: its plans year by year, each with its annual
//! reports and what became of its goals (finished, carried over to a later plan, dropped),
//! as a table, a stacked bar per plan and a year-by-year chart (inline SVG). Each picture
//! has its words beside it, so it is hidden from screen readers; nothing needs JavaScript.
//! The chart's sizes are worked out here and drawn by the theme's `yearly_cycle.html`, so
//! that a site's own template can change its markup like any other.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use serde::Serialize;

use crate::content::ANNUAL_REPORT_KIND;
use crate::document::ItemKind;
use crate::resolve::Site;

use super::views::{Link, StatusCounts, Urls, period_anchor};

/// One plan of an organisation's year.
#[derive(Serialize)]
pub struct PlanYear {
    pub period: String,
    pub plan: Link,
    pub reports: Vec<Link>,
    pub counts: StatusCounts,
    /// Goals a goal of a later plan continues.
    pub carried_over: usize,
    /// The anchor of its period's goals and their follow-up under "Mål per period", which
    /// the year links to rather than telling the follow-up a second time; `None` when no
    /// goal of the page has the plan's period.
    pub goals_anchor: Option<String>,
}

/// The organisation's plans oldest first, and all their goals together.
#[derive(Serialize, Default)]
pub struct YearlyCycle {
    pub years: Vec<PlanYear>,
    /// Kept for a site's own older `yearly_cycle.html`, which showed it; the bundled
    /// template leaves the follow-up to "Mål per period".
    pub counts: StatusCounts,
    /// The year-by-year chart, when there are two plans or more.
    pub chart: Option<Chart>,
}

/// A column chart of the plans' goals by status, in SVG user units: `yearly_cycle.html`
/// draws each column's bars (`rect`, classed by status) and its period under it (`text`).
#[derive(Serialize)]
pub struct Chart {
    pub width: usize,
    pub height: usize,
    pub bar_width: usize,
    /// The baseline of the periods under the columns.
    pub label_y: usize,
    pub columns: Vec<ChartColumn>,
}

/// One plan's column: its left edge, its middle (where its period is centred) and its bars
/// from the bottom up.
#[derive(Serialize)]
pub struct ChartColumn {
    pub x: usize,
    pub middle: usize,
    pub period: String,
    pub bars: Vec<ChartBar>,
}

#[derive(Serialize)]
pub struct ChartBar {
    /// `fu-done`, `fu-ongoing`, `fu-not_started`, `fu-dropped` or `fu-none`: the style
    /// sheet colours it.
    pub class: &'static str,
    pub y: usize,
    pub height: usize,
}

/// What every organisation's cycle needs from the whole site, found in one pass.
pub struct CycleIndex<'s> {
    /// Annual reports by the plan they report on.
    reports: HashMap<String, Vec<usize>>,
    /// By plan, the goals of it that a goal continues (sorted, for [`CycleIndex::hash_lineage`]).
    continued: HashMap<&'s str, BTreeSet<&'s str>>,
}

impl<'s> CycleIndex<'s> {
    pub fn new(site: &'s Site) -> Self {
        let mut reports: HashMap<String, Vec<usize>> = HashMap::new();
        let mut continued: HashMap<&str, BTreeSet<&str>> = HashMap::new();
        for (index, document) in site.documents.iter().enumerate() {
            if document.meta.kind == ANNUAL_REPORT_KIND
                && let Some(plan) = document
                    .meta
                    .reports_on
                    .as_ref()
                    .and_then(|r| crate::markdown::parse_link_target(&r.target))
            {
                reports.entry(plan.doc).or_default().push(index);
            }
            for item in &document.items {
                if let Some(target) = &item.continues
                    && let Some(anchor) = &target.anchor
                {
                    continued
                        .entry(target.doc.as_str())
                        .or_default()
                        .insert(anchor.as_str());
                }
            }
        }
        CycleIndex { reports, continued }
    }

    /// Feeds `hasher` with what the cycle of the organisation of the plan at `path` shows of
    /// other documents: the annual reports on it (title and path) and which of its goals
    /// later goals continue.
    pub fn hash_lineage(&self, site: &Site, path: &str, hasher: &mut impl Hasher) {
        for &report in self.reports.get(path).into_iter().flatten() {
            if let Some(report) = site.documents.get(report) {
                (&report.path, &report.meta.title).hash(hasher);
            }
        }
        0xff_u8.hash(hasher);
        self.continued.get(path).hash(hasher);
    }

    /// The cycle of the organisation whose documents are `documents` (site indexes).
    pub fn cycle(&self, site: &Site, urls: &Urls<'_>, documents: &[usize]) -> YearlyCycle {
        let mut years: Vec<PlanYear> = documents
            .iter()
            .map(|&index| &site.documents[index])
            .filter(|d| d.meta.kind == "plan" && d.items.iter().any(|i| i.kind == ItemKind::Goal))
            .map(|plan| {
                let goals = plan.items.iter().filter(|i| i.kind == ItemKind::Goal);
                PlanYear {
                    period: plan.meta.period.clone(),
                    plan: Link {
                        title: plan.meta.title.clone(),
                        url: urls.doc(&plan.path),
                    },
                    reports: self
                        .reports
                        .get(&plan.path)
                        .into_iter()
                        .flatten()
                        .map(|&r| Link {
                            title: site.documents[r].meta.title.clone(),
                            url: urls.doc(&site.documents[r].path),
                        })
                        .collect(),
                    counts: StatusCounts::of(goals.clone()),
                    carried_over: goals
                        .filter(|g| {
                            self.continued
                                .get(plan.path.as_str())
                                .is_some_and(|goals| goals.contains(g.id.as_str()))
                        })
                        .count(),
                    goals_anchor: Some(period_anchor(&plan.meta.period)),
                }
            })
            .collect();
        years.sort_by(|a, b| (&a.period, &a.plan.title).cmp(&(&b.period, &b.plan.title)));
        let mut counts = StatusCounts::default();
        for year in &years {
            counts.total += year.counts.total;
            counts.done += year.counts.done;
            counts.ongoing += year.counts.ongoing;
            counts.not_started += year.counts.not_started;
            counts.dropped += year.counts.dropped;
            counts.none += year.counts.none;
        }
        let chart = (years.len() > 1).then(|| chart(&years));
        YearlyCycle {
            years,
            counts,
            chart,
        }
    }
}

const BAR_WIDTH: usize = 40;
const GAP: usize = 16;
const HEIGHT: usize = 120;
const LABEL: usize = 18;

/// Stacked columns, one per plan, as tall as its goals are many; the table beside it says
/// the same in words. Classes, not colours, so the stylesheet (and print) colours it.
fn chart(years: &[PlanYear]) -> Chart {
    let most = years
        .iter()
        .map(|y| y.counts.total)
        .max()
        .unwrap_or(1)
        .max(1);
    let columns = years
        .iter()
        .enumerate()
        .map(|(n, year)| {
            let x = GAP + n * (BAR_WIDTH + GAP);
            let mut bottom = HEIGHT;
            let c = year.counts;
            let mut bars = Vec::new();
            for (class, count) in [
                ("fu-done", c.done),
                ("fu-ongoing", c.ongoing),
                ("fu-not_started", c.not_started),
                ("fu-dropped", c.dropped),
                ("fu-none", c.none),
            ] {
                if count == 0 {
                    continue;
                }
                let height = (count * HEIGHT).div_ceil(most).min(bottom);
                bottom -= height;
                bars.push(ChartBar {
                    class,
                    y: bottom,
                    height,
                });
            }
            ChartColumn {
                x,
                middle: x + BAR_WIDTH / 2,
                period: year.period.clone(),
                bars,
            }
        })
        .collect();
    Chart {
        width: years.len() * (BAR_WIDTH + GAP) + GAP,
        height: HEIGHT + LABEL + 4,
        bar_width: BAR_WIDTH,
        label_y: HEIGHT + LABEL,
        columns,
    }
}
