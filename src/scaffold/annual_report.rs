//! `planpress new annual-report PATH --plan org/slug`: a verksamhetsberättelse with one
//! outcome per goal of the plan, linked to the goal, its status left open, so it builds as
//! it is; `--from-followup` fills statuses and notes in from the plan's follow-up file.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::content::{ANNUAL_REPORT_KIND, FOLLOWUP_SUFFIX, GoalFollowUp, parse_followup};
use crate::diagnostic::Text;
use crate::document::{Document, ItemKind};
use crate::text;

/// How many words of a goal the outcome to fill in quotes.
const GOAL_WORDS: usize = 12;

/// Writes the report at `content/PATH` for `plan` (`org/slug`, as `planpress ids` and
/// follow-up files name plans; `@/…`, `content/…` and `.md` are accepted too).
pub fn new_annual_report(
    root: &Path,
    path: &Path,
    plan: &str,
    from_followup: bool,
) -> Result<PathBuf, Text> {
    let target = super::new_target(root, path)?;
    let plan = plan_path(plan);
    let plan_file = root.join("content").join(format!("{plan}.md"));
    if !plan_file.is_file() {
        return Err(text!("E114", file = plan_file.display()));
    }
    let outcome = crate::ids::parse_alone(root, &plan_file)?;
    let Some(document) = outcome.document.filter(|_| outcome.diagnostics.is_empty()) else {
        return Err(text!("E115", file = format!("content/{plan}.md")));
    };
    if !document.items.iter().any(|i| i.kind == ItemKind::Goal) {
        return Err(text!("E116", file = format!("content/{plan}.md")));
    }
    let followed = if from_followup {
        read_followup(root, &plan)?
    } else {
        HashMap::new()
    };
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            text!(
                "E121",
                file = parent.display(),
                error = crate::diagnostic::os_error(&e)
            )
        })?;
    }
    std::fs::write(&target, report_text(&document, &plan, &followed)).map_err(|e| {
        text!(
            "E121",
            file = target.display(),
            error = crate::diagnostic::os_error(&e)
        )
    })?;
    Ok(target)
}

/// The follow-up file of `plan` (as `--plan` takes it), which `--from-followup` reads and
/// the author then removes: a goal followed up in both places is an error.
pub fn followup_file_of(plan: &str) -> PathBuf {
    Path::new("content").join(format!("{}{FOLLOWUP_SUFFIX}", plan_path(plan)))
}

fn plan_path(written: &str) -> String {
    let plan = written.trim();
    let plan = plan.strip_prefix("@/").unwrap_or(plan);
    let plan = plan.strip_prefix("content/").unwrap_or(plan);
    plan.strip_suffix(".md").unwrap_or(plan).to_string()
}

/// The plan's follow-up file by goal id; an error when there is none or it has errors.
fn read_followup(root: &Path, plan: &str) -> Result<HashMap<String, GoalFollowUp>, Text> {
    let display = Path::new("content").join(format!("{plan}{FOLLOWUP_SUFFIX}"));
    let text = std::fs::read_to_string(root.join(&display)).map_err(|e| {
        text!(
            "E117",
            file = display.display(),
            error = crate::diagnostic::os_error(&e)
        )
    })?;
    let mut diagnostics = Vec::new();
    let followup = parse_followup(
        plan.to_string(),
        display.clone(),
        text.into(),
        &mut diagnostics,
    );
    match followup {
        Some(followup) if diagnostics.is_empty() => Ok(followup
            .goals
            .into_iter()
            .map(|goal| (goal.goal.clone(), goal))
            .collect()),
        _ => Err(text!("E118", file = display.display())),
    }
}

fn report_text(
    document: &Document,
    plan: &str,
    followed: &HashMap<String, GoalFollowUp>,
) -> String {
    let meta = &document.meta;
    let period = &meta.period;
    let title = if period.is_empty() {
        "Verksamhetsberättelse".to_string()
    } else {
        format!("Verksamhetsberättelse {period}")
    };
    let mut text = format!(
        "+++\ntitle = {}\nkind = \"{ANNUAL_REPORT_KIND}\"\norganization = {}\nperiod = {}\nstatus = \"draft\"\nreports_on = \"@/{plan}.md\"\n+++\n\n",
        toml_string(&title),
        toml_string(&meta.organization),
        toml_string(period),
    );
    text.push_str(&format!(
        "Styrelsen lämnar härmed sin berättelse om verksamheten under {}. Skriv här om året som gått.\n",
        if period.is_empty() { "året" } else { period }
    ));
    let mut section = None;
    for goal in document.items.iter().filter(|i| i.kind == ItemKind::Goal) {
        if section != Some(&goal.section_id) {
            section = Some(&goal.section_id);
            let heading = if goal.section_title.is_empty() {
                "Mål"
            } else {
                &goal.section_title
            };
            text.push_str(&format!(
                "\n## {}\n\nSkriv här om arbetet.\n\n{{.outcomes}}\n\n",
                escape(heading)
            ));
        }
        text.push_str(&outcome_line(
            &goal.id,
            &goal.text,
            plan,
            followed.get(&goal.id),
        ));
    }
    text
}

/// One outcome: the follow-up's note and status, or a line to fill in with the status open.
fn outcome_line(id: &str, goal_text: &str, plan: &str, followed: Option<&GoalFollowUp>) -> String {
    let status = followed.and_then(|f| f.status).map_or("", |s| s.as_str());
    let note = followed
        .and_then(|f| f.note.as_deref())
        .map(|note| note.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|note| !note.is_empty());
    let words: Vec<&str> = goal_text.split_whitespace().collect();
    let quoted = words[..words.len().min(GOAL_WORDS)].join(" ");
    let more = if words.len() > GOAL_WORDS { " …" } else { "" };
    let text = match note {
        Some(note) => escape(&note),
        // An outcome's text is the goal's note: none here, as in the follow-up file (the
        // page names the goal beside the status).
        None if !status.is_empty() => String::new(),
        None => format!(
            "Vad blev av målet ”{}{more}”? Skriv här, och sätt status.",
            escape(&quoted)
        ),
    };
    let space = if text.is_empty() { "" } else { " " };
    format!("- {text}{space}{{goal=\"@/{plan}.md#{id}\" status=\"{status}\"}}\n")
}

fn toml_string(value: &str) -> String {
    toml::Value::String(value.to_string()).to_string()
}

/// Text that Markdown and planpress's attribute blocks print as written.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '{' | '}' | '<' | '>' | '#' | '|' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
