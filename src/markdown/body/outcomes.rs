//! The yearly cycle's markup. An annual report's outcome items: each names with `goal=` the
//! goal it reports on in the plan of the report's `reports_on`, by its id or by an `@/`
//! link into that plan; the build turns them into that plan's follow-up (see
//! `crate::content::report_followups`). And a goal's `continues=`, its earlier goal.

use super::*;
use crate::content::ANNUAL_REPORT_KIND;

impl Walker<'_, '_> {
    /// Keeps an outcome's `goal=` for [`Walker::resolve_outcomes`]; `goal` anywhere else is
    /// an error, as is an outcome without one.
    pub(super) fn note_outcome_goal(
        &mut self,
        kind: ItemKind,
        attributes: &Attributes,
        range: Range<usize>,
    ) {
        let goal = attributes.get("goal").map(str::trim);
        match (kind, goal) {
            (ItemKind::Outcome, Some(goal)) if !goal.is_empty() => {
                self.outcomes.push(Outcome {
                    item: self.items.len(),
                    goal: goal.to_string(),
                    span: range,
                });
            }
            (ItemKind::Outcome, _) => {
                let diagnostic = Diagnostic::err(text!("E125")).help(text!("E125.help"));
                self.push_diagnostic(diagnostic, range);
            }
            (_, Some(_)) => {
                let diagnostic =
                    Diagnostic::err(text!("E126", kind = kind.a_kind())).help(text!("E126.help"));
                self.push_diagnostic(diagnostic, range);
            }
            (_, None) => {}
        }
    }

    /// A goal's `continues=`: the goal of an earlier plan it carries on, as a checked link
    /// (the earlier goal lists it among what refers to it).
    pub(super) fn continued_goal(
        &mut self,
        kind: ItemKind,
        attributes: &Attributes,
        id: &str,
        section_id: &str,
        range: Range<usize>,
    ) -> Option<LinkTarget> {
        let written = attributes.get("continues")?.trim();
        if kind != ItemKind::Goal {
            let diagnostic = Diagnostic::err(text!("E127", kind = kind.a_kind()));
            self.push_diagnostic(diagnostic, range);
            return None;
        }
        match parse_link_target(written) {
            Some(target) if target.anchor.is_some() && target.doc != self.doc_path => {
                self.links.push(InternalLink {
                    target: target.clone(),
                    kind: LinkKind::Text,
                    source_item: Some(id.to_string()),
                    source_section: section_id.to_string(),
                    offset: self.written_in(&range, written).start,
                });
                Some(target)
            }
            _ => {
                let diagnostic =
                    Diagnostic::err(text!("E128", written = written)).help(text!("E128.help"));
                self.push_diagnostic(diagnostic, range);
                None
            }
        }
    }

    /// Makes each outcome's `goal=` the id of a goal in the reported plan, and the report's
    /// `reports_on` a checked link to it. Whether the plan has the goal is checked with the
    /// follow-up files, after every document is parsed.
    pub(super) fn resolve_outcomes(&mut self, meta: &DocumentMeta) {
        let plan = match &meta.reports_on {
            Some(reports_on) => match parse_link_target(&reports_on.target) {
                Some(target) if target.anchor.is_none() => {
                    self.links.push(InternalLink {
                        target: target.clone(),
                        kind: LinkKind::Text,
                        source_item: None,
                        source_section: String::new(),
                        offset: reports_on.offset,
                    });
                    Some(target.doc)
                }
                _ => {
                    let diagnostic = Diagnostic::err(text!("E129", target = &reports_on.target))
                        .help(text!("E129.help"));
                    let at = reports_on.offset..reports_on.offset + 1;
                    self.diagnostics.push(self.locator.locate(diagnostic, at));
                    None
                }
            },
            None => None,
        };
        if meta.kind != ANNUAL_REPORT_KIND {
            if let Some(first) = self.outcomes.first() {
                let diagnostic = Diagnostic::err(text!("E130"))
                    .help(text!("E130.help", annual_report = ANNUAL_REPORT_KIND));
                let span = first.span.clone();
                self.push_diagnostic(diagnostic, span);
            }
            self.outcomes.clear();
            return;
        }
        let Some(plan) = plan else {
            self.outcomes.clear();
            return;
        };
        let mut outcomes = std::mem::take(&mut self.outcomes);
        outcomes.retain_mut(|outcome| match goal_in(&outcome.goal, &plan) {
            Ok(goal) => {
                outcome.goal = goal;
                true
            }
            Err(diagnostic) => {
                self.push_diagnostic(diagnostic, outcome.span.clone());
                false
            }
        });
        self.outcomes = outcomes;
    }
}

/// The goal id `written` names in `plan`: a bare id, or a link into the plan.
fn goal_in(written: &str, plan: &str) -> Result<String, Diagnostic> {
    if !written.starts_with("@/") && !written.contains(['#', '/']) {
        return Ok(written.to_string());
    }
    match parse_link_target(written) {
        Some(LinkTarget {
            doc,
            anchor: Some(anchor),
        }) if doc == plan => Ok(anchor),
        Some(LinkTarget { doc, .. }) if doc != plan => {
            Err(
                Diagnostic::err(text!("E131", written = written, plan = plan))
                    .help(text!("E131.help")),
            )
        }
        _ => Err(Diagnostic::err(text!("E132", written = written)).help(text!("E125.help"))),
    }
}
