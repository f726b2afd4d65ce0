//! One random edit of the model: which kind of edit a step makes (`edit`), and the edits
//! made inside a document's text; new documents are in `documents`, the other files' edits
//! in `files`.

use super::documents::{edit_lineage, link_text, new_document, organization, topics_line};
use super::files::{edit_followup, edit_template, edit_vocabulary};
use super::model::{Model, Rng};

/// One random edit of the model; returns what it did, for the failure message.
pub(super) fn edit(rng: &mut Rng, model: &mut Model, failed: bool) -> String {
    if failed && rng.chance(60) {
        model.files = model.last_good.clone();
        return "back to the last good files".into();
    }
    let documents = model.documents();
    let document = rng.pick(&documents).cloned();
    match (rng.below(21), document) {
        (0 | 1, _) | (_, None) => {
            let (path, text) = new_document(rng, model);
            model.files.insert(path.clone(), text);
            format!("add {path}")
        }
        (2, Some(path)) => {
            model.files.remove(&path);
            format!("delete {path}")
        }
        (3, Some(path)) => {
            let text = model.files.remove(&path).unwrap_or_default();
            let org = organization(rng, model);
            let name = model.fresh_name("flyttad");
            let to = format!("content/{org}/{name}.md");
            model.files.insert(to.clone(), text);
            format!("rename {path} to {to}")
        }
        (4, Some(path)) => {
            let title = model.fresh_name("Titel");
            replace_line(model, &path, "title = ", &format!("title = \"{title}\""));
            format!("retitle {path}")
        }
        (5, Some(path)) => {
            let line = topics_line(rng);
            replace_line(model, &path, "topics = ", &line);
            format!("{path}: {line}")
        }
        (6 | 7, Some(path)) => {
            let link = link_text(rng, model);
            let text = model.files.get_mut(&path).expect("listed");
            // A link without text shows its target's title in its item's text too, which
            // the index rows and the page of each target of the item's links show. Half of
            // them (by the text's length, not to change the sequence of random numbers) go
            // into the document's first recommendation, beside its earlier ones.
            const ITEM: &str = "- Vi uppmanar styrelsen ";
            if link.contains("]].") && text.contains(ITEM) && text.len().is_multiple_of(2) {
                let link = link.trim_end_matches('.');
                *text = text.replacen(ITEM, &format!("{ITEM}({link}) "), 1);
                return format!("{path}: add `{link}` to a recommendation");
            }
            text.push_str(&format!("\n{link}\n"));
            format!("{path}: add `{link}`")
        }
        (8, Some(path)) => {
            let text = model.files.get_mut(&path).expect("listed");
            let kept: Vec<&str> = text
                .lines()
                .filter(|l| !(l.starts_with("Se ") && (l.contains("](") || l.contains("[["))))
                .collect();
            *text = kept.join("\n") + "\n";
            format!("{path}: links dropped")
        }
        (9, Some(path)) => {
            let suffix = model.fresh_name("");
            let text = model.files.get_mut(&path).expect("listed");
            let Some(at) = text.find("{#") else {
                return format!("{path}: no anchor to rename");
            };
            let end = text[at..].find('}').map_or(text.len(), |e| at + e);
            let id_end = text[at..end].find(' ').map_or(end, |space| at + space);
            text.insert_str(id_end, &suffix);
            format!("{path}: an anchor renamed")
        }
        (10, Some(path)) => {
            let text = model.files.get_mut(&path).expect("listed");
            if text.contains("draft = true") {
                *text = text.replace("draft = true\n", "");
            } else {
                *text = text.replacen("+++\n", "+++\ndraft = true\n", 1);
            }
            format!("{path}: draft toggled")
        }
        (11, _) => edit_vocabulary(rng, model),
        (12, _) => edit_template(rng, model),
        (13 | 14, _) => edit_followup(rng, model),
        (15, _) => {
            let title = model.fresh_name("Förbundet");
            replace_line(
                model,
                "site.toml",
                "title = ",
                &format!("title = \"{title}\""),
            );
            "site.toml: title".into()
        }
        (16, Some(path)) => {
            // A goal's own status: what its plan's fingerprint, the goal index, the
            // organisation page and the commitments' diagrams show.
            let text = model.files.get_mut(&path).expect("listed");
            let statuses = [
                "status=\"done\"",
                "status=\"ongoing\"",
                "status=\"dropped\"",
            ];
            match statuses.iter().position(|s| text.contains(s)) {
                Some(at) => {
                    let to = statuses[(at + 1) % statuses.len()];
                    *text = text.replacen(statuses[at], to, 1);
                    format!("{path}: a goal's {} now {to}", statuses[at])
                }
                None => format!("{path}: no goal status to change"),
            }
        }
        (17 | 18, _) => edit_lineage(rng, model),
        (19, _) => reword_linked_item(rng, model),
        (_, Some(path)) => {
            // Text that breaks nothing but shows on the page.
            let text = model.files.get_mut(&path).expect("listed");
            text.push_str("\nEn mening till.\n");
            format!("{path}: a sentence added")
        }
    }
}

/// The text of a recommendation or commitment, which the pages of the items implementing
/// it show the first words of.
fn reword_linked_item(rng: &mut Rng, model: &mut Model) -> String {
    let targets: Vec<String> = model
        .documents()
        .into_iter()
        .filter(|path| {
            let text = &model.files[path];
            text.contains("{#rek-") || text.contains("{#ata-")
        })
        .collect();
    let Some(path) = rng.pick(&targets).cloned() else {
        return "no recommendation or commitment to reword".into();
    };
    let word = model.fresh_name("ord");
    let text = model.files.get_mut(&path).expect("listed");
    let reworded: Vec<String> = text
        .lines()
        .map(|line| match line.strip_prefix("- ") {
            Some(rest) if line.contains("{#rek-") || line.contains("{#ata-") => {
                format!("- {word} {rest}")
            }
            _ => line.to_string(),
        })
        .collect();
    *text = reworded.join("\n") + "\n";
    format!("{path}: its recommendations or commitments reworded")
}

fn replace_line(model: &mut Model, path: &str, prefix: &str, line: &str) {
    let Some(text) = model.files.get_mut(path) else {
        return;
    };
    let replaced: Vec<String> = text
        .lines()
        .map(|l| {
            if l.starts_with(prefix) {
                line.to_string()
            } else {
                l.to_string()
            }
        })
        .collect();
    *text = replaced.join("\n") + "\n";
}
