//! Applying follow-ups to their plans: the `*.followup.toml` files and the outcome items of
//! annual reports (`kind = "annual-report"`), which [`report_followups`] turns into the
//! same [`FollowUp`]s, so both are checked and applied by one path.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use super::ANNUAL_REPORT_KIND;
use super::followup::{FollowUp, GoalFollowUp};
use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::document::{Document, ItemKind};

/// Each annual report's outcomes as a follow-up of the plan it reports on: an outcome's
/// status is the goal's status, its text the goal's note.
pub fn report_followups<'d>(documents: impl IntoIterator<Item = &'d Document>) -> Vec<FollowUp> {
    let mut followups = Vec::new();
    for document in documents {
        if document.meta.kind != ANNUAL_REPORT_KIND || document.outcomes.is_empty() {
            continue;
        }
        let Some(plan) = document
            .meta
            .reports_on
            .as_ref()
            .and_then(|r| crate::document::parse_link_target(&r.target))
        else {
            continue;
        };
        let goals = document
            .outcomes
            .iter()
            .filter_map(|outcome| {
                let item = document.items.get(outcome.item)?;
                let note = item.text.trim();
                Some(GoalFollowUp {
                    goal: outcome.goal.clone(),
                    span: outcome.span.clone(),
                    status: item.status,
                    note: (item.status.is_some() && !note.is_empty()).then(|| note.to_string()),
                })
            })
            .collect();
        followups.push(FollowUp {
            doc_path: plan.doc,
            display_path: document.source_path.clone(),
            text: Arc::from(""),
            file: Some(document.file.clone()),
            updated: document.meta.date.clone(),
            goals,
        });
    }
    followups
}

impl FollowUp {
    /// `diagnostic` at `span` of the follow-up's file (read again for an annual report).
    fn locate(&self, diagnostic: Diagnostic, span: std::ops::Range<usize>) -> Diagnostic {
        match &self.file {
            Some(file) if self.text.is_empty() => match std::fs::read_to_string(file) {
                Ok(text) => diagnostic.at(&self.display_path, &text, span),
                Err(_) => diagnostic.in_file(&self.display_path),
            },
            _ => diagnostic.at(&self.display_path, &self.text, span),
        }
    }
}

/// Sets each followed-up goal's status and note. A follow-up of a goal that does not exist
/// in the plan is an error at the follow-up's line, and so is a second follow-up of a goal
/// (a follow-up file and an annual report, or two reports), naming the first.
pub fn apply_followups(documents: &mut [Document], followups: &[FollowUp]) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    // (plan, goal) → the follow-up and entry that first followed it up.
    let mut seen: HashMap<(&str, &str), (&FollowUp, &GoalFollowUp)> = HashMap::new();
    // By path: with an annual report for each of 2,000 plans, finding each plan by a scan
    // was millions of comparisons.
    let by_path: HashMap<String, usize> = documents
        .iter()
        .enumerate()
        .map(|(index, d)| (d.path.clone(), index))
        .collect();
    for followup in followups {
        // The plan's file exists (checked when loading, or as the report's link); when it
        // could not be parsed, its own errors say why, and when it is a draft left out of the
        // build, there is nothing to do.
        let Some(document) = by_path
            .get(&followup.doc_path)
            .and_then(|&index| documents.get_mut(index))
        else {
            continue;
        };
        if followup.updated > document.followup_date {
            document.followup_date.clone_from(&followup.updated);
        }
        for entry in &followup.goals {
            match document.items.iter().position(|i| i.id == entry.goal) {
                Some(index) if document.items[index].kind == ItemKind::Goal => {
                    let Some(status) = entry.status else {
                        continue;
                    };
                    let key = (followup.doc_path.as_str(), entry.goal.as_str());
                    if let Some((first, first_entry)) = seen.get(&key) {
                        let there = first.locate(Diagnostic::error(""), first_entry.span.clone());
                        let message = crate::text!(
                            "E124",
                            goal = &entry.goal,
                            plan = &followup.doc_path,
                            first = location_text(&there, &first.display_path)
                        );
                        diagnostics.push(
                            followup
                                .locate(Diagnostic::err(message), entry.span.clone())
                                .help(crate::text!("E124.help")),
                        );
                        continue;
                    }
                    seen.insert(key, (followup, entry));
                    let item = &mut document.items[index];
                    item.status = Some(status);
                    item.status_note = entry.note.clone();
                }
                found => diagnostics.push(unknown_goal(document, followup, entry, found)),
            }
        }
    }
    diagnostics
}

fn location_text(diagnostic: &Diagnostic, path: &Path) -> String {
    match &diagnostic.location {
        Some(location) => location.to_string(),
        None => path.display().to_string(),
    }
}

/// A follow-up of something that is not a goal of the plan: "did you mean …".
fn unknown_goal(
    document: &Document,
    followup: &FollowUp,
    entry: &GoalFollowUp,
    found: Option<usize>,
) -> Diagnostic {
    let found = found.map(|index| &document.items[index]);
    let goal_ids = document
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Goal)
        .map(|i| i.id.as_str());
    let message = match found {
        Some(item) => crate::text!(
            "E074",
            id = &entry.goal,
            kind = item.kind.a_kind(),
            plan = &followup.doc_path
        ),
        None => crate::text!("E075", plan = &followup.doc_path, goal = &entry.goal),
    };
    let mut diagnostic = followup.locate(Diagnostic::err(message), entry.span.clone());
    let lost = document
        .lost_markings
        .iter()
        .find(|lost| found.is_none() && lost.would_make(&entry.goal));
    if let Some(lost) = lost {
        // The goal is there, unread: a guess at another id would mislead.
        diagnostic = diagnostic.help(lost.explain(&document.source_path));
    } else if let Some(nearest) = did_you_mean(&entry.goal, goal_ids) {
        diagnostic = diagnostic.help(crate::text!("help.did-you-mean", nearest = nearest));
    }
    diagnostic
}
