//! Goal follow-up files: `content/<org>/<plan>.followup.toml` beside a plan records what
//! became of its goals, so a board can follow a plan up without editing the adopted text.
//!
//! ```toml
//! updated = 2023-12-31                # optional: when the follow-up was made
//!
//! [goals]
//! mal-medlemsvard-1 = "done"
//! mal-medlemsvard-4 = { status = "ongoing", note = "En av två aktiviteter genomförd." }
//! ```
//!
//! Loading checks the file's own form (TOML, keys, status values); `apply_followups` (in
//! `apply_followup.rs`, with an annual report's outcomes) then checks each goal id against
//! its plan, after parsing and before the resolve stage.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;
use walkdir::WalkDir;

use crate::diagnostic::Diagnostic;
use crate::document::GoalStatus;
use crate::text;

pub const FOLLOWUP_SUFFIX: &str = ".followup.toml";

/// One plan's follow-up, read and checked on its own.
#[derive(Debug, Clone)]
pub struct FollowUp {
    /// The plan's path under `content/` without `.md`: `solna/verksamhetsplan-2023`.
    pub doc_path: String,
    pub display_path: PathBuf,
    /// The file's text, for diagnostics; empty for an annual report, whose text the parse
    /// stage did not keep: it is read again from `file` when a diagnostic needs it.
    pub text: Arc<str>,
    pub file: Option<PathBuf>,
    pub updated: Option<String>,
    pub goals: Vec<GoalFollowUp>,
}

#[derive(Debug, Clone)]
pub struct GoalFollowUp {
    pub goal: String,
    /// Byte range of the goal id in the file, for diagnostics.
    pub span: std::ops::Range<usize>,
    /// None for an annual report's outcome whose status is still open: the goal is
    /// checked, but not followed up.
    pub status: Option<GoalStatus>,
    pub note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFollowUp {
    updated: Option<toml::value::Datetime>,
    #[serde(default)]
    goals: toml::Table,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGoalEntry {
    status: String,
    note: Option<String>,
}

/// Reads every `*.followup.toml` under `content_dir`, in a stable order.
pub fn load_followups(content_dir: &Path) -> (Vec<FollowUp>, Vec<Diagnostic>) {
    load_followups_under(content_dir, content_dir)
}

/// [`load_followups`] for the files under `dir`, a folder in `content_dir` (the preview
/// server reads again only the folders a save touched: walking 10,000 documents' folders
/// for the few follow-up files was ~8 ms a save).
pub fn load_followups_under(content_dir: &Path, dir: &Path) -> (Vec<FollowUp>, Vec<Diagnostic>) {
    let mut followups = Vec::new();
    let mut diagnostics = Vec::new();
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker.flatten() {
        let name = entry.file_name().to_string_lossy();
        if !entry.file_type().is_file() || !name.ends_with(FOLLOWUP_SUFFIX) {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(content_dir)
            .unwrap_or(entry.path());
        let rel_path = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let doc_path = rel_path
            .strip_suffix(FOLLOWUP_SUFFIX)
            .unwrap_or(&rel_path)
            .to_string();
        let display_path = Path::new("content").join(rel);
        if !content_dir.join(format!("{doc_path}.md")).is_file() {
            diagnostics.push(
                Diagnostic::err(text!("E070", plan = format!("{doc_path}.md")))
                    .in_file(&display_path)
                    .help(text!("E070.help")),
            );
            continue;
        }
        match super::source::read_utf8_file(entry.path(), &display_path) {
            Ok(Ok(text)) => {
                if let Some(followup) =
                    parse_followup(doc_path, display_path, text.into(), &mut diagnostics)
                {
                    followups.push(followup);
                }
            }
            Ok(Err(not_utf8)) => diagnostics.push(not_utf8),
            Err(error) => diagnostics.push(
                Diagnostic::err(text!(
                    "E001",
                    file = display_path.display(),
                    error = crate::diagnostic::os_error(&error)
                ))
                .in_file(&display_path),
            ),
        }
    }
    (followups, diagnostics)
}

/// Parses one follow-up file: a status is a string or a table `{ status, note }`.
pub fn parse_followup(
    doc_path: String,
    display_path: PathBuf,
    text: Arc<str>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<FollowUp> {
    let raw: RawFollowUp = match toml::from_str(&text) {
        Ok(raw) => raw,
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            diagnostics.push(
                Diagnostic::err(text!(
                    "E071",
                    error =
                        super::front_matter_words::syntax_words(&text, span.start, error.message())
                ))
                .at(&display_path, &text, span),
            );
            return None;
        }
    };
    // Spans of keys and values come from a second, spanned parse of the `[goals]` table.
    let spans = goal_spans(&text);
    let mut goals = Vec::new();
    for (goal, value) in raw.goals {
        let span = spans
            .iter()
            .find(|(key, _, _)| *key == goal)
            .map_or(0..0, |(_, k, _)| k.clone());
        let value_span = spans
            .iter()
            .find(|(key, _, _)| *key == goal)
            .map_or(span.clone(), |(_, _, v)| v.clone());
        let (status_text, status_span, note) = match value {
            toml::Value::String(status) => (status, value_span, None),
            toml::Value::Table(table) => match table.try_into::<RawGoalEntry>() {
                Ok(entry) => {
                    let quoted = format!("{:?}", entry.status);
                    let status_span = find_in(&text, &value_span, &quoted).unwrap_or(value_span);
                    (entry.status, status_span, entry.note)
                }
                Err(error) => {
                    diagnostics.push(
                        Diagnostic::err(text!(
                            "E072",
                            goal = &goal,
                            error = error.message().trim()
                        ))
                        .at(&display_path, &text, value_span)
                        .help(text!("E072.help")),
                    );
                    continue;
                }
            },
            _ => {
                diagnostics.push(
                    Diagnostic::err(text!("E073", goal = &goal))
                        .at(&display_path, &text, value_span)
                        .help(text!("E073.help")),
                );
                continue;
            }
        };
        let Some(status) = GoalStatus::parse(&status_text) else {
            let names = GoalStatus::ALL.iter().map(|(name, _)| *name);
            let message = text!("E033", value = &status_text);
            let diagnostic = super::front_matter::unknown_status(message, &status_text, names).at(
                &display_path,
                &text,
                status_span,
            );
            diagnostics.push(diagnostic);
            continue;
        };
        goals.push(GoalFollowUp {
            goal,
            span,
            status: Some(status),
            note,
        });
    }
    let updated = raw.updated.map(|d| d.to_string());
    Some(FollowUp {
        doc_path,
        display_path,
        text,
        file: None,
        updated,
        goals,
    })
}

/// (goal id, key span, value span) of each entry of the `[goals]` table, found through
/// toml's spanned document API so diagnostics point at the line the author wrote.
fn goal_spans(text: &str) -> Vec<(String, std::ops::Range<usize>, std::ops::Range<usize>)> {
    let Ok(document) = toml::de::DeTable::parse(text) else {
        return Vec::new();
    };
    let Some(goals) = document.get_ref().get("goals") else {
        return Vec::new();
    };
    let toml::de::DeValue::Table(table) = goals.get_ref() else {
        return Vec::new();
    };
    table
        .iter()
        .map(|(key, value)| (key.get_ref().to_string(), key.span(), value.span()))
        .collect()
}

fn find_in(
    text: &str,
    within: &std::ops::Range<usize>,
    needle: &str,
) -> Option<std::ops::Range<usize>> {
    let haystack = text.get(within.clone())?;
    let start = within.start + haystack.find(needle)?;
    Some(start..start + needle.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Option<FollowUp>, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let followup = parse_followup(
            "a/plan".into(),
            PathBuf::from("content/a/plan.followup.toml"),
            text.into(),
            &mut diagnostics,
        );
        (followup, diagnostics)
    }

    #[test]
    fn statuses_are_strings_or_tables_with_a_note() {
        let (followup, diagnostics) = parse(
            "updated = 2023-12-31\n[goals]\nmal-a-1 = \"done\"\nmal-a-2 = { status = \"ongoing\", note = \"Halvvägs.\" }\n",
        );
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let followup = followup.expect("parsed");
        assert_eq!(followup.updated.as_deref(), Some("2023-12-31"));
        let goals: Vec<(&str, Option<GoalStatus>, Option<&str>)> = followup
            .goals
            .iter()
            .map(|g| (g.goal.as_str(), g.status, g.note.as_deref()))
            .collect();
        assert_eq!(
            goals,
            vec![
                ("mal-a-1", Some(GoalStatus::Done), None),
                ("mal-a-2", Some(GoalStatus::Ongoing), Some("Halvvägs."))
            ]
        );
    }

    #[test]
    fn an_unknown_status_points_at_its_line_and_column() {
        let (_, diagnostics) = parse("[goals]\nmal-a-1 = \"done\"\nmal-a-2 = \"finished\"\n");
        assert_eq!(diagnostics.len(), 1);
        let location = diagnostics[0].location.clone().expect("location");
        assert_eq!(location.position, Some((3, 11)));
        assert!(
            diagnostics[0].message.contains("finished"),
            "{}",
            diagnostics[0].message
        );
        let (_, diagnostics) = parse("[goals]\nmal-a-1 = { status = \"don\" }\n");
        let location = diagnostics[0].location.clone().expect("location");
        assert_eq!(location.position, Some((2, 22)));
        assert_eq!(diagnostics[0].help.as_deref(), Some("did you mean `done`?"));
    }

    #[test]
    fn unknown_keys_are_errors() {
        let (_, diagnostics) = parse("[goal]\nmal-a-1 = \"done\"\n");
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(
            diagnostics[0].location.as_ref().and_then(|l| l.line()),
            Some(1)
        );
    }
}
