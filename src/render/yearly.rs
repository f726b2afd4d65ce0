//! The yearly cycle on an organisation page: its plans year by year, each with its annual
//! reports and what became of its goals (finished, carried over to a later plan, dropped),
//! as a table, a stacked bar per plan and a year-by-year chart (inline SVG). Each picture
//! has its words beside it, so it is hidden from screen readers; nothing needs JavaScript.

use std::collections::{BTreeSet, HashMap};
use std::hash::{Hash, Hasher};

use serde::Serialize;

use crate::content::ANNUAL_REPORT_KIND;
use crate::document::ItemKind;
use crate::resolve::Site;

use super::views::{Link, StatusCounts, Urls};

/// One plan of an organisation's year.
#[derive(Serialize)]
pub struct PlanYear {
    pub period: String,
    pub plan: Link,
    pub reports: Vec<Link>,
    pub counts: StatusCounts,
    /// Goals a goal of a later plan continues.
    pub carried_over: usize,
}

/// The organisation's plans oldest first, and all their goals together.
#[derive(Serialize, Default)]
pub struct YearlyCycle {
    pub years: Vec<PlanYear>,
    pub counts: StatusCounts,
    /// The year-by-year chart, an SVG drawn from `years`.
    pub chart: String,
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
        let chart = if years.len() > 1 {
            chart(&years)
        } else {
            String::new()
        };
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
fn chart(years: &[PlanYear]) -> String {
    let most = years
        .iter()
        .map(|y| y.counts.total)
        .max()
        .unwrap_or(1)
        .max(1);
    let width = years.len() * (BAR_WIDTH + GAP) + GAP;
    let mut svg = format!(
        "<svg class=\"year-chart\" viewBox=\"0 0 {width} {}\" width=\"{width}\" height=\"{}\" aria-hidden=\"true\" focusable=\"false\">",
        HEIGHT + LABEL + 4,
        HEIGHT + LABEL + 4
    );
    for (n, year) in years.iter().enumerate() {
        let x = GAP + n * (BAR_WIDTH + GAP);
        let mut bottom = HEIGHT;
        let c = year.counts;
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
            svg.push_str(&format!(
                "<rect class=\"{class}\" x=\"{x}\" y=\"{bottom}\" width=\"{BAR_WIDTH}\" height=\"{height}\"/>"
            ));
        }
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
            x + BAR_WIDTH / 2,
            HEIGHT + LABEL,
            crate::html::escape(&year.period)
        ));
    }
    svg.push_str("</svg>");
    svg
}
