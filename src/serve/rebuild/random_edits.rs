//! A seeded random-edit test of the preview's rebuild: sequences of edits to the fixture
//! site (documents added, deleted, renamed; front matter, links, anchors, vocabularies,
//! templates, follow-up files, goals' own statuses, `site.toml` changed) go through one
//! [`Rebuilder`], and after each step the served folder must equal, byte for byte, what
//! `planpress build` writes for the same files, or, when the step breaks the site, the
//! errors must equal the build's.
//!
//! `PLANPRESS_EDIT_SEED=N PLANPRESS_EDIT_STEPS=M cargo test random_edits` runs one sequence
//! of M steps from seed N instead of the default ones.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::*;
use crate::serve::watch::classify_changes;

/// splitmix64: small, seedable, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len())])
        }
    }
}

use super::tests::folder;

/// The site's editable files as text, by path under the site root; the disk follows it.
struct Model {
    files: BTreeMap<String, String>,
    /// The files of the last step that built, to go back to after a breaking edit.
    last_good: BTreeMap<String, String>,
    counter: usize,
}

const THEME_TEMPLATES: &str = "themes/default/templates/";

impl Model {
    fn load(root: &Path) -> Model {
        let files: BTreeMap<String, String> = folder(root)
            .into_iter()
            .filter(|(path, _)| {
                path == "site.toml"
                    || path.starts_with("content/")
                    || path == "themes/default/templates/document.html"
                    || path == "themes/default/templates/index.html"
            })
            .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("utf-8")))
            .collect();
        Model {
            last_good: files.clone(),
            files,
            counter: 0,
        }
    }

    fn documents(&self) -> Vec<String> {
        self.files
            .keys()
            .filter(|p| p.starts_with("content/") && p.ends_with(".md"))
            .cloned()
            .collect()
    }

    /// `(document path without content/ and .md, anchor)` of every `{#id}` in the site.
    fn anchors(&self) -> Vec<(String, String)> {
        let mut anchors = Vec::new();
        for path in self.documents() {
            let doc = doc_path(&path);
            anchors.push((doc.clone(), String::new()));
            let text = &self.files[&path];
            for piece in text.split("{#").skip(1) {
                let id: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if !id.is_empty() {
                    anchors.push((doc.clone(), id));
                }
            }
        }
        anchors
    }

    fn fresh_name(&mut self, stem: &str) -> String {
        self.counter += 1;
        format!("{stem}-{}", self.counter)
    }
}

fn doc_path(file: &str) -> String {
    file.trim_start_matches("content/")
        .trim_end_matches(".md")
        .to_string()
}

const ORGS: [&str; 4] = ["partiet", "distrikt", "forening", "nyforening"];
const TOPICS: [&str; 4] = ["medlemmar", "klimat", "skola", "okand"];

fn link_text(rng: &mut Rng, model: &Model) -> String {
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
    } else {
        format!("Se även [[{doc}{hash}|det här]].")
    }
}

fn topics_line(rng: &mut Rng) -> String {
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
fn organization(rng: &mut Rng, model: &Model) -> &'static str {
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

fn new_document(rng: &mut Rng, model: &mut Model) -> (String, String) {
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

/// One random edit of the model; returns what it did, for the failure message.
fn edit(rng: &mut Rng, model: &mut Model, failed: bool) -> String {
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

/// What an organisation's page shows of other documents: an annual report on one of its
/// plans, or a goal of a later plan that continues one of its goals, each from any
/// organisation. Retitling such a report later changes the plan's organisation page too.
fn edit_lineage(rng: &mut Rng, model: &mut Model) -> String {
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

fn edit_vocabulary(rng: &mut Rng, model: &mut Model) -> String {
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

fn edit_template(rng: &mut Rng, model: &mut Model) -> String {
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

fn edit_followup(rng: &mut Rng, model: &mut Model) -> String {
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

/// Writes the model's files that differ from the disk and deletes those it no longer has;
/// returns the paths touched, as a watcher reports them.
fn sync(root: &Path, model: &Model, on_disk: &mut BTreeMap<String, String>) -> Vec<PathBuf> {
    let mut touched = Vec::new();
    for (path, text) in &model.files {
        if on_disk.get(path) != Some(text) {
            let full = root.join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(&full, text).expect("write");
            touched.push(full);
        }
    }
    for path in on_disk.keys() {
        if !model.files.contains_key(path) {
            let full = root.join(path);
            std::fs::remove_file(&full).expect("remove");
            touched.push(full);
        }
    }
    *on_disk = model.files.clone();
    touched
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let target = to.join(entry.path().strip_prefix(from).expect("under"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

fn run_sequence(seed: u64, steps: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("tests/fixtures/site"), &root);
    copy_dir(&repo.join("themes/default"), &root.join("themes/default"));
    // A site's own template may show whatever the context holds: here, the member
    // organisations' counts of documents, which the default theme leaves out.
    let organization_page = root.join("themes/default/templates/organization.html");
    let template = std::fs::read_to_string(&organization_page).expect("read");
    let counted = template.replace(
        "{{ child.name }}</a>",
        "{{ child.name }}</a> ({{ child.document_count }})",
    );
    assert_ne!(
        template, counted,
        "the template lists the member organisations"
    );
    std::fs::write(&organization_page, counted).expect("write");
    let served = dir.path().join("served");
    std::fs::create_dir_all(&served).expect("mkdir");
    let options = BuildOptions {
        base_url: Some("http://127.0.0.1:1111".into()),
        ..BuildOptions::new(&root)
    };
    let mut model = Model::load(&root);
    let mut on_disk = model.files.clone();
    let mut rebuilder = Rebuilder::new(options.clone(), served.clone());
    let mut rng = Rng(seed);
    let mut changes = vec![ChangeKind::Config];
    let mut what = "the first build".to_string();
    let mut failed = false;
    let mut log = Vec::new();
    for step in 0..=steps {
        if step > 0 {
            what = edit(&mut rng, &mut model, failed);
            let touched = sync(&root, &model, &mut on_disk);
            changes = classify_changes(&root, &touched);
        }
        log.push(format!("{step}: {what}"));
        let context = || format!("seed {seed}, step {step}: {what}\n{}", log.join("\n"));
        let fresh = dir.path().join("fresh");
        let _ = std::fs::remove_dir_all(&fresh);
        let built = crate::build::build_site(&BuildOptions {
            output: Some(fresh.clone()),
            ..options.clone()
        });
        let mut pages_checked = false;
        let rebuilt = rebuilder.rebuild(&changes, &mut |phase| {
            if phase.part == Part::IndexPages {
                // The index pages are all there before the data files are: every page is
                // the build's, though a page no longer made may still be there.
                assert_same_pages(&served, &fresh, &context);
                pages_checked = true;
            }
        });
        if step > 0
            && !failed
            && rebuilt.is_ok()
            && !changes.is_empty()
            && changes.iter().all(|c| matches!(c, ChangeKind::Content(_)))
        {
            assert!(
                pages_checked,
                "{}\na content rebuild reports its index pages: {changes:?}",
                context()
            );
        }
        match (rebuilt, built) {
            (Ok(_), Ok(_)) => {
                let (got, want) = (folder(&served), folder(&fresh));
                if got != want {
                    let differ: std::collections::BTreeSet<&String> = want
                        .keys()
                        .chain(got.keys())
                        .filter(|p| got.get(*p) != want.get(*p))
                        .collect();
                    panic!("{}\nthe served folder differs in {differ:?}", context());
                }
                model.last_good = model.files.clone();
                failed = false;
            }
            (Err(got), Err(want)) => {
                assert_eq!(
                    got.diagnostics(),
                    want.diagnostics(),
                    "{}\nthe errors differ",
                    context()
                );
                failed = true;
                let first = got.diagnostics().into_iter().next();
                log.push(format!("   failed: {:?}", first.map(|d| d.message)));
            }
            (got, want) => panic!(
                "{}\nthe rebuild {} but the build {}",
                context(),
                describe(&got.map(|_| ())),
                describe(&want.map(|_| ()))
            ),
        }
    }
}

/// Every page (`.html`) of `fresh` is in `served` with the same bytes.
fn assert_same_pages(served: &Path, fresh: &Path, context: &dyn Fn() -> String) {
    let (got, want) = (folder(served), folder(fresh));
    let stale: Vec<&String> = want
        .iter()
        .filter(|(path, bytes)| path.ends_with(".html") && got.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        stale.is_empty(),
        "{}\nafter the index pages phase, pages differ from the build's: {stale:?}",
        context()
    );
}

fn describe(result: &Result<(), BuildFailure>) -> String {
    match result {
        Ok(()) => "succeeded".into(),
        Err(failure) => format!("failed: {:?}", failure.diagnostics()),
    }
}

fn from_env(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.parse().ok()
}

/// Four sequences of 55 steps each by default, run as separate tests so they run in
/// parallel; with `PLANPRESS_EDIT_SEED` / `PLANPRESS_EDIT_STEPS`, the one sequence asked for.
fn sequences(part: u64) {
    match (
        from_env("PLANPRESS_EDIT_SEED"),
        from_env("PLANPRESS_EDIT_STEPS"),
    ) {
        (None, None) => run_sequence(part * 7919 + 1, 55),
        (seed, steps) if part == 0 => {
            run_sequence(seed.unwrap_or(1), steps.map_or(55, |s| s as usize))
        }
        _ => {}
    }
}

#[test]
fn random_edits_build_what_a_full_build_builds_0() {
    sequences(0);
}

#[test]
fn random_edits_build_what_a_full_build_builds_1() {
    sequences(1);
}

#[test]
fn random_edits_build_what_a_full_build_builds_2() {
    sequences(2);
}

#[test]
fn random_edits_build_what_a_full_build_builds_3() {
    sequences(3);
}
