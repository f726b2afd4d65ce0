//! The follow-ups applied to their plans, kept across runs: applying them clones each
//! followed-up plan out of its share, and with an annual report for every fifth document a
//! save at 10,000 documents cloned some 1,700 plans (about 100 ms of every save) to apply
//! statuses that had not changed. A plan is applied again only when it or a follow-up of it
//! changed; a one-shot build keeps nothing.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use crate::content::{FollowUp, apply_followups};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::resolve::SiteDocument;

/// What applying its follow-ups made of a plan: from the very document the parse stage made
/// (held, so no other document can be at its address) and the follow-ups under `key`.
struct Applied {
    parsed: Arc<Document>,
    key: u64,
    document: Arc<Document>,
    fingerprint: u64,
    diagnostics: Vec<Diagnostic>,
}

/// Each followed-up plan's applied document, by path.
#[derive(Default)]
pub(super) struct AppliedFollowUps {
    by_path: HashMap<String, Applied>,
}

impl AppliedFollowUps {
    /// Applies `followups` to the documents they follow up (each cloned out of its share
    /// first, unless the last run applied the same follow-ups to the same document), folding
    /// the applied statuses into those documents' fingerprints. `keep` is false for a build no
    /// rebuild follows.
    pub(super) fn apply(
        &mut self,
        documents: &mut [SiteDocument],
        followups: &[FollowUp],
        keep: bool,
    ) -> Vec<Diagnostic> {
        let mut by_plan: HashMap<&str, Vec<&FollowUp>> = HashMap::new();
        for followup in followups {
            by_plan
                .entry(followup.doc_path.as_str())
                .or_default()
                .push(followup);
        }
        let mut kept = HashMap::with_capacity(if keep { by_plan.len() } else { 0 });
        let mut diagnostics = Vec::new();
        for target in documents.iter_mut() {
            let Some(plan_followups) = by_plan.get(target.document.path.as_str()) else {
                continue;
            };
            let key = applied_key(target.fingerprint, plan_followups);
            let applied = match self.by_path.remove(&target.document.path) {
                // The same parse (a theme change parses again, with new labels) and the same
                // follow-ups.
                Some(applied)
                    if Arc::ptr_eq(&applied.parsed, &target.document) && applied.key == key =>
                {
                    applied
                }
                _ => apply_to(target, plan_followups, key),
            };
            target.document = applied.document.clone();
            target.fingerprint = applied.fingerprint;
            diagnostics.extend(applied.diagnostics.iter().cloned());
            // A plan whose follow-ups have errors is applied again: its messages quote the
            // follow-up's line as it is now.
            if keep && applied.diagnostics.is_empty() {
                kept.insert(target.document.path.clone(), applied);
            }
        }
        // Plans no longer followed up, or gone, drop out with the last run's map.
        self.by_path = kept;
        diagnostics
    }
}

fn apply_to(target: &SiteDocument, followups: &[&FollowUp], key: u64) -> Applied {
    let mut document = (*target.document).clone();
    let owned: Vec<FollowUp> = followups.iter().map(|f| (*f).clone()).collect();
    let diagnostics = apply_followups(std::slice::from_mut(&mut document), &owned);
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    target.fingerprint.hash(&mut hasher);
    for item in &document.items {
        item.status.map(|s| s.as_str()).hash(&mut hasher);
        item.status_note.hash(&mut hasher);
    }
    document.followup_date.hash(&mut hasher);
    Applied {
        parsed: target.document.clone(),
        key,
        fingerprint: hasher.finish(),
        document: Arc::new(document),
        diagnostics,
    }
}

/// Everything applying `followups` to a document of `fingerprint` reads: the follow-ups'
/// files, dates and entries, and the positions its diagnostics would point at.
fn applied_key(fingerprint: u64, followups: &[&FollowUp]) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    fingerprint.hash(&mut hasher);
    for followup in followups {
        followup.display_path.hash(&mut hasher);
        followup.text.hash(&mut hasher);
        followup.file.hash(&mut hasher);
        followup.updated.hash(&mut hasher);
        for entry in &followup.goals {
            entry.goal.hash(&mut hasher);
            entry.span.hash(&mut hasher);
            entry.status.map(|s| s.as_str()).hash(&mut hasher);
            entry.note.hash(&mut hasher);
        }
    }
    hasher.finish()
}
