//! The new documents a random edit adds (a plan, report or strategy in some organisation;
//! an annual report on a plan or a plan continuing its goals), and the links, topics and
//! organisations they carry, now and then ones that do not resolve, so the errors are
//! compared too.

use super::model::{Model, Rng, doc_path};

const ORGS: [&str; 4] = ["partiet", "distrikt", "forening", "nyforening"];
const TOPICS: [&str; 4] = ["medlemmar", "klimat", "skola", "okand"];

pub(super) fn link_text(rng: &mut Rng, model: &Model) -> String {
    let anchors = model.anchors();
    let Some((doc, anchor)) = rng.pick(&anchors).cloned() else {
        return String::new();
    };
    // Now and then a link that does not resolve.
    let anchor = if rng.chance(8) {
        format!("{anchor}x")
    } else {
        anchor
    };
    let doc = if rng.chance(5) {
        format!("{doc}-borta")
    } else {
        doc
    };
    let hash = if anchor.is_empty() {
        String::new()
    } else {
        format!("#{anchor}")
    };
    if rng.chance(50) {
        format!("Se [detta](@/{doc}.md{hash}).")
    } else if rng.chance(50) {
        // Without text the link shows its target's title, which an edit of the target
        // changes on this page.
        format!("Se även [[{doc}{hash}]].")
    } else {
        format!("Se även [[{doc}{hash}|det här]].")
    }
}

pub(super) fn topics_line(rng: &mut Rng) -> String {
    let count = rng.below(3);
    let mut topics: Vec<&str> = Vec::new();
    for _ in 0..count {
        // Mostly topics that exist; `skola` exists once topics.toml gets it.
        let topic = match rng.below(100) {
            0..3 => TOPICS[3],
            3..13 => TOPICS[2],
            _ => TOPICS[rng.below(2)],
        };
        if !topics.contains(&topic) {
            topics.push(topic);
        }
    }
    let quoted: Vec<String> = topics.iter().map(|t| format!("{t:?}")).collect();
    format!("topics = [{}]", quoted.join(", "))
}

/// An organisation folder: `nyforening` mostly once organizations.toml has it.
pub(super) fn organization(rng: &mut Rng, model: &Model) -> &'static str {
    let known = model
        .files
        .get("content/organizations.toml")
        .is_some_and(|text| text.contains("\"nyforening\""));
    if known || rng.chance(10) {
        ORGS[rng.below(ORGS.len())]
    } else {
        ORGS[rng.below(ORGS.len() - 1)]
    }
}

pub(super) fn new_document(rng: &mut Rng, model: &mut Model) -> (String, String) {
    let org = organization(rng, model);
    let name = model.fresh_name("dok");
    let kind = ["plan", "report", "strategy"][rng.below(3)];
    let link = link_text(rng, model);
    let n = model.counter;
    let implementable: Vec<(String, String)> = model
        .anchors()
        .into_iter()
        .filter(|(_, id)| id.starts_with("rek-") || id.starts_with("ata-"))
        .collect();
    let implements = match rng.pick(&implementable) {
        Some((doc, id)) => format!(" implements=\"@/{doc}.md#{id}\""),
        None => String::new(),
    };
    let body = match kind {
        "plan" => format!(
            "#### Mål {{.goals}}\n\n1. Mål ett {n}. {{#mal-{n}}}\n2. Mål två. {{status=\"ongoing\"{implements}}}\n"
        ),
        "strategy" => format!(
            "Partiet kommer att...\n\n{{.commitments}}\n\n- arbeta med sak {n} {{#ata-{n}}}\n- lyfta goda exempel på möten {{#ata-ex-{n}}}\n"
        ),
        // Now and then a report quoting in many sections, whose quotes make the diagrams of
        // the commitments it quotes too large to fold, and their backlinks too many for
        // their document page: the diagrams get pages of their own, which come and go with
        // the report, and the document page links to them.
        _ if rng.chance(50) => (1..=22)
            .map(|s| {
                format!(
                    "### Del {s}\n\n{{.quotes}}\n\n- *Lyfta goda exempel på möten.*\n\n{{.recommendations}}\n\n- Vi uppmanar styrelsen att göra {n} del {s}. {{#rek-{n}-{s}}}\n- Vi uppmanar föreningarna att göra {n} del {s}.\n\n"
                )
            })
            .collect(),
        _ => format!(
            "{{.quotes}}\n\n- *Lyfta goda exempel på möten.*\n\n{{.recommendations}}\n\n- Vi uppmanar styrelsen att göra {n}. {{#rek-{n}}}\n"
        ),
    };
    let text = format!(
        "+++\ntitle = \"Dokument {n}\"\nkind = \"{kind}\"\norganization = \"{org}\"\nperiod = \"2023\"\n{}\n+++\n\n## Avsnitt {n}\n\n{link}\n\n{body}",
        topics_line(rng)
    );
    (format!("content/{org}/{name}.md"), text)
}

/// What an organisation's page shows of other documents: an annual report on one of its
/// plans, or a goal of a later plan that continues one of its goals, each from any
/// organisation. Retitling such a report later changes the plan's organisation page too.
pub(super) fn edit_lineage(rng: &mut Rng, model: &mut Model) -> String {
    let plans: Vec<String> = model
        .documents()
        .into_iter()
        .filter(|path| model.files[path].contains("kind = \"plan\""))
        .collect();
    let Some(plan) = rng.pick(&plans).cloned() else {
        return "no plan to report on or continue".into();
    };
    let org = organization(rng, model);
    let name = model.fresh_name("linje");
    let n = model.counter;
    let text = if rng.chance(50) {
        format!(
            "+++\ntitle = \"Berättelse {n}\"\nkind = \"annual-report\"\norganization = \"{org}\"\nperiod = \"2023\"\nreports_on = \"@/{}.md\"\n+++\n\nStyrelsen berättar.\n",
            doc_path(&plan)
        )
    } else {
        let goals: Vec<(String, String)> = model
            .anchors()
            .into_iter()
            .filter(|(doc, id)| *doc == doc_path(&plan) && !id.is_empty())
            .collect();
        let Some((doc, goal)) = rng.pick(&goals).cloned() else {
            return format!("{plan}: no goal to continue");
        };
        format!(
            "+++\ntitle = \"Plan {n}\"\nkind = \"plan\"\norganization = \"{org}\"\nperiod = \"2024\"\n+++\n\n#### Mål {{.goals}}\n\n1. Fortsätta {n}. {{#mal-{n} continues=\"@/{doc}.md#{goal}\"}}\n"
        )
    };
    let path = format!("content/{org}/{name}.md");
    model.files.insert(path.clone(), text);
    format!("add {path}, on {plan}")
}
