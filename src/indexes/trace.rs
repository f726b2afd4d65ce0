//! The traceability diagram of a strategy commitment (issue #21): the commitment, the
//! report quotes and recommendations that take it up, and the plan goals that implement it,
//! directly or through a recommendation, each with its follow-up status. The theme's
//! `trace_diagram.html` draws it as nested boxes; the boxes are the text, so the diagram
//! needs no text beside it.
//!
//! A report section's recommendations are drawn under every commitment it quotes: at
//! 10,000 documents, 74,000 times for 6,000 commitments. Each recommendation's branch (its
//! box and its goals') is rendered once through `trace_recommendation.html`, as the index
//! rows are, and the diagrams join the rendered branches.

use std::collections::HashSet;

// FxHash: the keys are ids and paths, looked up for every backlink of every commitment.
use rustc_hash::FxHashMap;

use serde::Serialize;
use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Item, ItemKind};
use crate::render::views::{Link, Urls};
use crate::render::{Theme, error_chain};
use crate::resolve::{Backlink, BacklinkKind, Site};

use super::{Reference, doc_link, organization_link};
use crate::render::views::{StatusCounts, goal_status_key};

/// A goal at the end of a chain, with its status in words.
#[derive(Serialize)]
struct GoalNode {
    url: String,
    text: String,
    doc: Link,
    organization: String,
    period: String,
    /// `not-started`, `ongoing`, `done`, `dropped`, or `none` when not followed up.
    status: &'static str,
    status_label: String,
    status_note: Option<String>,
}

/// A recommendation that takes a commitment up, with the goals that implement it and what
/// else refers to it.
#[derive(Serialize)]
struct RecommendationNode {
    url: String,
    text: String,
    doc: Link,
    organization: String,
    /// Under a quote of its own report, which names the report already.
    quoted: bool,
    goals: Vec<GoalNode>,
    others: Vec<Reference>,
}

/// The template of a recommendation's branch; a site may override it like any other.
const RECOMMENDATION_TEMPLATE: &str = "trace_recommendation.html";

/// Chains ready for a template, with the goals they reach (for the counts of the goals of
/// a commitment's diagram, each once).
#[derive(Default)]
pub(super) struct Chains<'s> {
    /// Each recommendation's branch, rendered: a report section's are shared by every
    /// commitment it quotes.
    pub(super) recommendations: Vec<Value>,
    pub(super) goals: Vec<&'s Item>,
}

/// What links to a commitment, other than quotes, sorted for the diagram.
pub(super) struct Direct<'s> {
    pub(super) recommendations: Chains<'s>,
    /// [`GoalNode`]s of the goals that link to the commitment themselves.
    pub(super) goals: Vec<Value>,
    pub(super) others: Vec<Reference>,
}

/// The reports that quote commitments, with their sections' recommendations: a report's
/// section is quoted by several commitments, and gathering the section's recommendations by
/// walking the report's items at every quote was most of the commitment index's own work.
pub(super) struct Reports<'s> {
    pub(super) by_path: FxHashMap<&'s str, Report<'s>>,
}

pub(super) struct Report<'s> {
    pub(super) document: &'s Document,
    /// Each section's recommendations with their goals, in document order.
    pub(super) recommendations: FxHashMap<&'s str, Chains<'s>>,
    /// The report's items by id: a report quoting thousands of commitments made finding
    /// each quote by walking its items quadratic.
    pub(super) items: FxHashMap<&'s str, &'s Item>,
}

impl<'s> Reports<'s> {
    /// Every document a quote comes from, indexed before any commitment is listed, so that
    /// the commitments' traces can share the chains.
    pub(super) fn of(
        site: &'s Site,
        tracer: &mut Tracer<'s, '_, '_>,
        memo: &super::IndexMemo,
    ) -> Reports<'s> {
        let mut by_path = FxHashMap::default();
        let quotes = site.backlinks.values().flatten();
        for backlink in quotes.filter(|b| b.kind == BacklinkKind::Quote) {
            let path = backlink.from_doc.as_str();
            if by_path.contains_key(path) {
                continue;
            }
            let Some(document) = site.document(path) else {
                continue;
            };
            let branches = report_branches(site, tracer, memo, document);
            let mut branches = branches.iter();
            let mut recommendations: FxHashMap<&str, Chains<'s>> = FxHashMap::default();
            let mut items = FxHashMap::default();
            for item in &document.items {
                // The first item of an id, as `Document::item` finds it.
                items.entry(item.id.as_str()).or_insert(item);
                if item.kind == ItemKind::Recommendation {
                    let chains = recommendations.entry(item.section_id.as_str()).or_default();
                    tracer.chain_goals(chains, (document, item));
                    if let Some(branch) = branches.next() {
                        chains.recommendations.push(branch.clone());
                    }
                }
            }
            by_path.insert(
                path,
                Report {
                    document,
                    recommendations,
                    items,
                },
            );
        }
        Reports { by_path }
    }
}

/// The branch of each recommendation of a quoting report, in document order, from the memo
/// unless the report or what links to its recommendations changed: a save at 10,000
/// documents otherwise rendered every branch of every report again (~0.25 s of CPU). A branch
/// shows the report's recommendation (the report's fingerprint) and each goal or other place
/// that links to it (each backlink and its source's fingerprint, which covers the goal's
/// text and follow-up status). Empty when a branch fails to render; the tracer keeps why.
fn report_branches<'s>(
    site: &'s Site,
    tracer: &mut Tracer<'s, '_, '_>,
    memo: &super::IndexMemo,
    document: &'s Document,
) -> std::sync::Arc<Vec<Value>> {
    let recommendations = || {
        document
            .items
            .iter()
            .filter(|item| item.kind == ItemKind::Recommendation)
    };
    let key = || {
        use std::hash::{Hash, Hasher};
        let mut hasher = memo
            .keys
            .hasher(site.fingerprint(&document.path).unwrap_or(0));
        for item in recommendations() {
            for backlink in site.backlinks_to(&document.path, &item.id) {
                backlink.hash(&mut hasher);
                site.fingerprint(&backlink.from_doc).hash(&mut hasher);
            }
        }
        hasher.finish()
    };
    let made = memo.trace_branches.get_or_make(&document.path, key, || {
        recommendations()
            .map(|item| tracer.branch((document, item), true))
            .collect::<Result<Vec<Value>, Diagnostic>>()
    });
    match made {
        Ok(branches) => branches,
        Err(failure) => {
            tracer.failed.get_or_insert(failure);
            std::sync::Arc::default()
        }
    }
}

/// Makes the diagram's nodes, finding the items behind backlinks.
pub(super) struct Tracer<'s, 'c, 'u> {
    site: &'s Site,
    theme: &'c Theme,
    urls: &'c Urls<'u>,
    /// Each source document's items by id, made when first asked: `Document::item` walks
    /// the items, and a plan of thousands of goals linking to one recommendation made
    /// finding them quadratic.
    items: FxHashMap<&'s str, FxHashMap<&'s str, &'s Item>>,
    /// The first branch that failed to render: the build's error.
    failed: Option<Diagnostic>,
}

impl<'s, 'c, 'u> Tracer<'s, 'c, 'u> {
    pub(super) fn new(site: &'s Site, theme: &'c Theme, urls: &'c Urls<'u>) -> Self {
        Tracer {
            site,
            theme,
            urls,
            items: FxHashMap::default(),
            failed: None,
        }
    }

    /// Why a branch could not be rendered, if one could not.
    pub(super) fn failure(&mut self) -> Option<Diagnostic> {
        self.failed.take()
    }

    pub(super) fn site(&self) -> &'s Site {
        self.site
    }

    pub(super) fn theme(&self) -> &'c Theme {
        self.theme
    }

    /// The item a backlink comes from (the first of its id, as `Document::item` finds it).
    fn source(&mut self, backlink: &Backlink) -> Option<(&'s Document, &'s Item)> {
        let document = self.site.document(&backlink.from_doc)?;
        let items = self.items.entry(document.path.as_str()).or_insert_with(|| {
            let mut items = FxHashMap::default();
            for item in &document.items {
                items.entry(item.id.as_str()).or_insert(item);
            }
            items
        });
        items
            .get(backlink.from_anchor.as_str())
            .map(|&item| (document, item))
    }

    fn goal(&self, document: &Document, item: &Item) -> GoalNode {
        let doc = doc_link(document, self.urls);
        GoalNode {
            url: Urls::in_page(&doc.url, &item.id),
            text: item.text.trim().to_string(),
            organization: organization_link(document, self.urls).title,
            doc,
            period: item
                .period
                .clone()
                .unwrap_or_else(|| document.meta.period.clone()),
            status: item.status.map_or("none", |s| s.as_str()),
            status_label: self.theme.string(goal_status_key(item.status)).to_string(),
            status_note: item.status_note.clone(),
        }
    }

    /// The recommendation's branch, with the goals that link to it, added to `chains`;
    /// `quoted` when it hangs under a quote of its own report.
    pub(super) fn add_recommendation(
        &mut self,
        chains: &mut Chains<'s>,
        recommendation: (&'s Document, &'s Item),
        quoted: bool,
    ) {
        self.chain_goals(chains, recommendation);
        match self.branch(recommendation, quoted) {
            Ok(branch) => chains.recommendations.push(branch),
            Err(failure) => {
                self.failed.get_or_insert(failure);
            }
        }
    }

    /// The goals that link to the recommendation, added to the chain's goals.
    fn chain_goals(&mut self, chains: &mut Chains<'s>, (document, item): (&'s Document, &'s Item)) {
        let backlinks = self.site.backlinks_to(&document.path, &item.id);
        for backlink in backlinks.iter().filter(|b| b.kind != BacklinkKind::Quote) {
            if let Some((_, goal)) = self.source(backlink)
                && goal.kind == ItemKind::Goal
            {
                chains.goals.push(goal);
            }
        }
    }

    /// The recommendation's branch, rendered: the recommendation and what links to it.
    fn branch(
        &mut self,
        (document, item): (&'s Document, &'s Item),
        quoted: bool,
    ) -> Result<Value, Diagnostic> {
        let mut goals = Vec::new();
        let mut others = Vec::new();
        let backlinks = self.site.backlinks_to(&document.path, &item.id);
        for backlink in backlinks.iter().filter(|b| b.kind != BacklinkKind::Quote) {
            match self.source(backlink) {
                Some((from, goal)) if goal.kind == ItemKind::Goal => {
                    goals.push(self.goal(from, goal));
                }
                _ => others.push(self.reference(backlink)),
            }
        }
        let doc = doc_link(document, self.urls);
        let node = RecommendationNode {
            url: Urls::in_page(&doc.url, &item.id),
            text: item.text.trim().to_string(),
            organization: organization_link(document, self.urls).title,
            doc,
            quoted,
            goals,
            others,
        };
        let mut context = Context::new();
        context.insert("r", &node);
        self.theme
            .tera
            .render(RECOMMENDATION_TEMPLATE, &context)
            .map(|html| Value::safe_string(&html))
            .map_err(|error| {
                Diagnostic::err(crate::text!(
                    "E091",
                    template = RECOMMENDATION_TEMPLATE,
                    error = error_chain(&error)
                ))
            })
    }

    /// The recommendations, goals and other places that link to a commitment themselves.
    pub(super) fn direct(&mut self, backlinks: &'s [Backlink]) -> Direct<'s> {
        let mut direct = Direct {
            recommendations: Chains::default(),
            goals: Vec::new(),
            others: Vec::new(),
        };
        for backlink in backlinks.iter().filter(|b| b.kind != BacklinkKind::Quote) {
            match self.source(backlink) {
                Some((from, item)) if item.kind == ItemKind::Goal => {
                    direct
                        .goals
                        .push(Value::from_serializable(&self.goal(from, item)));
                    direct.recommendations.goals.push(item);
                }
                Some((from, item)) if item.kind == ItemKind::Recommendation => {
                    self.add_recommendation(&mut direct.recommendations, (from, item), false);
                }
                _ => direct.others.push(self.reference(backlink)),
            }
        }
        direct
    }

    fn reference(&self, backlink: &Backlink) -> Reference {
        super::reference_view(self.site, backlink, self.theme, self.urls)
    }
}

/// The statuses of the goals a diagram reaches, each goal once however many chains reach it.
pub(super) fn goal_counts<'s>(chains: impl IntoIterator<Item = &'s Item>) -> StatusCounts {
    let mut seen = HashSet::new();
    let mut counts = StatusCounts::default();
    for goal in chains {
        if seen.insert(std::ptr::from_ref(goal)) {
            counts.add(goal.status);
        }
    }
    counts
}
