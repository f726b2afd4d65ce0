//! The random edits of the site's files other than documents: the vocabularies
//! (topics, actors, organisations), the theme's templates (now and then broken), and the
//! plans' follow-up files.

use super::model::{Model, Rng, doc_path};

const THEME_TEMPLATES: &str = "themes/default/templates/";

pub(super) fn edit_vocabulary(rng: &mut Rng, model: &mut Model) -> String {
    let n = model.fresh_name("");
    match rng.below(5) {
        0 => {
            let text = model.files.entry("content/topics.toml".into()).or_default();
            text.push_str("\n[[topic]]\nslug = \"skola\"\nlabel = \"Skola\"\n");
            "topics.toml: topic skola added (maybe twice)".into()
        }
        1 => {
            let text = model.files.entry("content/topics.toml".into()).or_default();
            *text = text.replace("label = \"Klimat", &format!("label = \"Klimat{n}"));
            "topics.toml: a label changed".into()
        }
        2 => {
            let text = model.files.entry("content/topics.toml".into()).or_default();
            if let Some(at) = text.rfind("[[topic]]") {
                text.truncate(at);
            }
            "topics.toml: the last topic removed".into()
        }
        3 => {
            let text = model.files.entry("content/actors.toml".into()).or_default();
            *text = text.replace("name = \"Styrelsen", &format!("name = \"Styrelsen{n}"));
            "actors.toml: a name changed".into()
        }
        _ => {
            let text = model
                .files
                .entry("content/organizations.toml".into())
                .or_default();
            if text.contains("slug = \"nyforening\"") {
                *text = text.replace("name = \"Föreningen", &format!("name = \"Föreningen{n}"));
                "organizations.toml: a name changed".into()
            } else {
                text.push_str(
                    "\n[[organization]]\nslug = \"nyforening\"\nname = \"Ny förening\"\nlevel = \"local\"\nparent = \"distrikt\"\n",
                );
                "organizations.toml: nyforening added".into()
            }
        }
    }
}

pub(super) fn edit_template(rng: &mut Rng, model: &mut Model) -> String {
    let n = model.fresh_name("");
    let name = if rng.chance(50) {
        "document.html"
    } else {
        "index.html"
    };
    let path = format!("{THEME_TEMPLATES}{name}");
    let Some(text) = model.files.get_mut(&path) else {
        return format!("{path} missing");
    };
    if rng.chance(10) {
        text.push_str("{% if %}");
        return format!("{path}: broken");
    }
    // Inside the last block, so that it shows.
    match text.rfind("{% endblock") {
        Some(at) => text.insert_str(at, &format!("<p>mall{n}</p>")),
        None => text.push_str(&format!("<!-- {n} -->")),
    }
    format!("{path}: a line added")
}

pub(super) fn edit_followup(rng: &mut Rng, model: &mut Model) -> String {
    // Mostly a plan's (the only documents with goals), now and then another's.
    let plans: Vec<String> = model
        .documents()
        .into_iter()
        .filter(|path| rng.chance(5) || model.files[path].contains("kind = \"plan\""))
        .collect();
    let Some(document) = rng.pick(&plans).cloned() else {
        return "no plan to follow up".into();
    };
    let followup = document.replace(".md", ".followup.toml");
    if model.files.contains_key(&followup) && rng.chance(30) {
        model.files.remove(&followup);
        return format!("{followup} removed");
    }
    let goals: Vec<String> = model
        .anchors()
        .into_iter()
        .filter(|(doc, id)| *doc == doc_path(&document) && !id.is_empty())
        .map(|(_, id)| id)
        .collect();
    let goal = match rng.pick(&goals) {
        Some(goal) if rng.chance(92) => goal.clone(),
        _ => "inget-mal".to_string(),
    };
    let status = match rng.below(100) {
        0..5 => "klar",
        n => ["done", "ongoing", "dropped", "not-started"][n % 4],
    };
    let text = if rng.chance(50) {
        format!("[goals]\n{goal} = \"{status}\"\n")
    } else {
        let note = model.fresh_name("Not");
        format!(
            "updated = 2023-12-31\n\n[goals]\n{goal} = {{ status = \"{status}\", note = \"{note}\" }}\n"
        )
    };
    model.files.insert(followup.clone(), text);
    format!("{followup}: {goal} = {status}")
}
