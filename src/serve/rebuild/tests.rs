//! The rebuild's phases, the kept sources and an unchanged rebuild, against `planpress build`.

use std::path::Path;

use super::*;
use crate::content::{load_followups, load_sources};

/// Every file under `dir`, by its path relative to `dir`.
pub(super) fn folder(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    use crate::output::MANIFEST;
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        // The manifest is `build`'s record of what it wrote, not part of the site.
        .filter(|entry| entry.file_type().is_file() && entry.file_name() != MANIFEST)
        .map(|entry| {
            let rel = entry.path().strip_prefix(dir).expect("under dir");
            let bytes = std::fs::read(entry.path()).expect("read");
            (rel.to_string_lossy().replace('\\', "/"), bytes)
        })
        .collect()
}

pub(super) struct Fixture {
    _dir: tempfile::TempDir,
    pub(super) root: PathBuf,
    pub(super) out: PathBuf,
    pub(super) options: BuildOptions,
}

pub(super) fn fixture() -> Fixture {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("site");
    crate::scaffold::init_site(&root).expect("init");
    let out = dir.path().join("served");
    std::fs::create_dir_all(&out).expect("mkdir");
    let options = BuildOptions {
        base_url: Some("http://127.0.0.1:1111".into()),
        ..BuildOptions::new(&root)
    };
    Fixture {
        _dir: dir,
        root,
        out,
        options,
    }
}

impl Fixture {
    /// What `planpress build` writes for the site as it is now.
    fn full_build(&self) -> std::collections::BTreeMap<String, Vec<u8>> {
        let fresh = self._dir.path().join("fresh");
        let options = BuildOptions {
            output: Some(fresh.clone()),
            ..self.options.clone()
        };
        crate::build::build_site(&options).expect("full build");
        folder(&fresh)
    }
}

pub(super) fn no_early_phase(_: &Phase) {
    panic!("a rebuild in one phase reports no early phase");
}

#[test]
fn a_content_change_writes_document_pages_first_and_ends_as_a_full_build() {
    let site = fixture();
    let mut rebuilder = Rebuilder::new(site.options.clone(), site.out.clone());
    let first = rebuilder
        .rebuild(&[ChangeKind::Config], &mut no_early_phase)
        .expect("first build");
    assert!(first.early_phases.is_empty());
    assert_eq!(folder(&site.out), site.full_build());

    let added = crate::scaffold::new_document(&site.root, "plan", Path::new("forening/andra"))
        .expect("new document");
    let page = "forening/andra/index.html";
    let mut phases = Vec::new();
    let rebuilt = rebuilder
        .rebuild(&[ChangeKind::Content(vec![added.clone()])], &mut |phase| {
            assert!(site.out.join(page).is_file(), "the page is written");
            phases.push(phase.clone());
        })
        .expect("rebuild");
    let parts: Vec<Part> = phases.iter().map(|phase| phase.part).collect();
    assert_eq!(
        parts,
        [Part::EditedPages, Part::DocumentPages, Part::IndexPages]
    );
    let Touched::Files(edited) = &phases[0].touched else {
        panic!("a listed first phase: {:?}", phases[0].touched);
    };
    assert_eq!(
        edited.iter().collect::<Vec<_>>(),
        [page],
        "the edited document's page comes first, alone"
    );
    let Touched::Files(early) = &phases[1].touched else {
        panic!("a listed second phase: {:?}", phases[1].touched);
    };
    assert!(
        !early.contains(page),
        "the edited page is not written twice: {early:?}"
    );
    assert!(
        !early.contains("index.html") && !early.iter().any(|f| !f.ends_with("/index.html")),
        "only document pages come next: {early:?}"
    );
    let Touched::Files(indexes) = &phases[2].touched else {
        panic!("a listed third phase: {:?}", phases[2].touched);
    };
    assert!(
        !indexes.contains(page) && indexes.contains("index.html"),
        "the index phase touches the home page listing the document, not the page: {indexes:?}"
    );
    assert!(
        indexes.iter().all(|f| f.ends_with(".html")),
        "the index phase writes pages only: {indexes:?}"
    );
    // The edited page is rendered again with the other document pages: counted once, as
    // the terminal's "… 50 sidor" said 52 after a save of two documents.
    let whole = crate::build::build_site(&BuildOptions {
        output: Some(site._dir.path().join("counted")),
        ..site.options.clone()
    })
    .expect("full build");
    assert_eq!(
        (rebuilt.summary.pages, rebuilt.summary.files),
        (whole.summary.pages, whole.summary.files),
        "the rebuild's summary counts the site's pages and files"
    );
    let Touched::Files(rest) = &rebuilt.touched else {
        panic!("a listed third phase: {:?}", rebuilt.touched);
    };
    assert!(
        !rest.is_empty() && rest.iter().all(|f| !f.ends_with(".html")),
        "the last phase writes the data files and feeds, no page: {rest:?}"
    );
    assert_eq!(folder(&site.out), site.full_build());

    std::fs::remove_file(&added).expect("remove");
    let rebuilt = rebuilder
        .rebuild(&[ChangeKind::Content(vec![added])], &mut |_| {
            assert!(
                site.out.join(page).is_file(),
                "deletion waits for the whole set of files"
            );
        })
        .expect("rebuild");
    assert!(!site.out.join(page).exists());
    assert!(
        rebuilt.touched.contains(page),
        "the deleted page is touched"
    );
    assert!(
        !site.out.join("forening/andra").exists(),
        "emptied folders are removed"
    );
    assert_eq!(folder(&site.out), site.full_build());
    let leftovers = folder(&site.out)
        .into_keys()
        .filter(|path| path.contains("planpress-tmp"))
        .count();
    assert_eq!(leftovers, 0);
}

fn same_sources(a: &[SourceFile], b: &[SourceFile]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(a, b)| {
            (&a.rel_path, &a.display_path, &a.text) == (&b.rel_path, &b.display_path, &b.text)
        })
}

/// A save shows the saved document's page first; the pages that show something of it (here
/// the page it links to, which names it as a source) follow in the document pages' phase.
#[test]
fn the_saved_document_comes_first_and_the_pages_it_changes_next() {
    let site = fixture();
    let linked = site.root.join("content/forening/verksamhetsplan.md");
    let linking =
        crate::scaffold::new_document(&site.root, "report", Path::new("forening/rapport"))
            .expect("new document");
    let text = std::fs::read_to_string(&linking).expect("read");
    let with_link = format!("{text}\nSe [planen](@/forening/verksamhetsplan.md).\n");
    std::fs::write(&linking, &with_link).expect("write");
    let mut rebuilder = Rebuilder::new(site.options.clone(), site.out.clone());
    rebuilder
        .rebuild(&[ChangeKind::Config], &mut no_early_phase)
        .expect("first build");
    assert!(linked.is_file());

    std::fs::write(
        &linking,
        with_link.replace("title = \"Rapport\"", "title = \"Ny rubrik\""),
    )
    .expect("write");
    let mut phases = Vec::new();
    rebuilder
        .rebuild(&[ChangeKind::Content(vec![linking])], &mut |phase| {
            phases.push(phase.clone());
        })
        .expect("rebuild");
    let touched = |n: usize| match &phases[n].touched {
        Touched::Files(files) => files.clone(),
        Touched::All => panic!("a listed phase {n}"),
    };
    assert_eq!(phases[0].part, Part::EditedPages);
    assert_eq!(
        touched(0).into_iter().collect::<Vec<_>>(),
        ["forening/rapport/index.html"]
    );
    assert_eq!(phases[1].part, Part::DocumentPages);
    assert_eq!(
        touched(1).into_iter().collect::<Vec<_>>(),
        ["forening/verksamhetsplan/index.html"],
        "the linked page names the new title among what refers to it"
    );
    assert!(
        std::fs::read_to_string(site.out.join("forening/verksamhetsplan/index.html"))
            .expect("read")
            .contains("Ny rubrik")
    );
    assert_eq!(folder(&site.out), site.full_build());
}

#[test]
fn a_save_rereads_only_its_folder_and_the_sources_stay_those_of_a_full_read() {
    let site = fixture();
    let content = site.root.join("content");
    for (rel, text) in [
        ("a-b/x.md", "+++\n"),
        ("a/z.md", "+++\n"),
        ("a/sub/y.md", "+++\n"),
        ("forening/bilaga.md", "+++\n"),
        ("a/z.followup.toml", "[goals]\n"),
        ("a-b/x.followup.toml", "[goals\n"),
        ("forening/bilaga.followup.toml", "[goals]\n"),
    ] {
        let path = content.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    let mut rebuilder = Rebuilder::new(site.options.clone(), site.out.clone());
    let full = |rebuilder: &Rebuilder| {
        let (sources, diagnostics) = load_sources(&content);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let kept = rebuilder.sources.as_ref().expect("sources kept");
        assert!(same_sources(kept, &sources), "{kept:#?}\n{sources:#?}");
        let (followups, mut problems) = load_followups(&content);
        let read = |followups: &[crate::content::FollowUp]| {
            let mut read: Vec<(String, String)> = followups
                .iter()
                .map(|f| (f.doc_path.clone(), f.text.to_string()))
                .collect();
            read.sort();
            read
        };
        let (mut kept_read, mut kept_problems) = (Vec::new(), Vec::new());
        for (followups, problems) in rebuilder.followups.values() {
            kept_read.extend(read(followups));
            kept_problems.extend(problems.iter().cloned());
        }
        kept_read.sort();
        crate::diagnostic::sort_diagnostics(&mut problems);
        crate::diagnostic::sort_diagnostics(&mut kept_problems);
        assert_eq!(kept_read, read(&followups), "the follow-up files kept");
        assert_eq!(kept_problems, problems, "their problems");
    };
    assert!(
        rebuilder
            .read_sources(&content, &[ChangeKind::Config])
            .is_some()
    );
    full(&rebuilder);

    let changed = content.join("a/z.md");
    std::fs::write(&changed, "+++\ntitle = \"ny\"\n").expect("write");
    std::fs::write(content.join("a/new.md"), "+++\n").expect("write");
    std::fs::write(content.join("forening/bilaga.md"), "+++\nosynlig\n").expect("write");
    std::fs::write(
        content.join("a/new.followup.toml"),
        "[goals]\nx = \"done\"\n",
    )
    .expect("write");
    std::fs::remove_file(content.join("a/z.followup.toml")).expect("remove");
    let change = [ChangeKind::Content(vec![changed, content.join("a/new.md")])];
    let (sources, _) = rebuilder.read_sources(&content, &change).expect("sources");
    let bilaga = sources
        .iter()
        .find(|s| s.rel_path == "forening/bilaga.md")
        .expect("kept");
    assert_eq!(
        &*bilaga.text, "+++\n",
        "a folder no change names is not read again"
    );
    std::fs::write(content.join("forening/bilaga.md"), "+++\n").expect("write");
    full(&rebuilder);

    std::fs::remove_file(content.join("a/sub/y.md")).expect("remove");
    let change = [ChangeKind::Content(vec![content.join("a/sub/y.md")])];
    rebuilder.read_sources(&content, &change).expect("sources");
    full(&rebuilder);

    std::fs::remove_dir_all(content.join("a-b")).expect("remove");
    let change = [ChangeKind::Content(vec![content.join("a-b/x.md")])];
    rebuilder.read_sources(&content, &change).expect("sources");
    full(&rebuilder);

    std::fs::write(content.join("a/tom.md"), "").expect("write");
    let change = [ChangeKind::Content(vec![content.join("a/tom.md")])];
    assert!(
        rebuilder.read_sources(&content, &change).is_none(),
        "an empty document: the pipeline reads and reports it"
    );
    assert!(rebuilder.sources.is_none());
    std::fs::remove_file(content.join("a/tom.md")).expect("remove");

    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(content.join("a"), content.join("alias")).expect("link");
        rebuilder
            .read_sources(&content, &[ChangeKind::Config])
            .expect("sources");
        assert!(
            rebuilder.sources.is_none(),
            "with links in content/, every save reads everything"
        );
    }
}

#[test]
fn an_unchanged_rebuild_writes_nothing_and_a_template_change_is_one_phase() {
    let site = fixture();
    let mut rebuilder = Rebuilder::new(site.options.clone(), site.out.clone());
    rebuilder
        .rebuild(&[ChangeKind::Config], &mut no_early_phase)
        .expect("first build");
    let plan = site.root.join("content/forening/verksamhetsplan.md");
    let again = rebuilder
        .rebuild(&[ChangeKind::Content(vec![plan])], &mut |phase| {
            assert_eq!(phase.changed, 0);
        })
        .expect("rebuild");
    assert_eq!((again.changed, again.touched.is_empty()), (0, true));
    // What the server keeps of a document page is the memo's buffer, not a copy of it:
    // a large site's pages are held once, and an unchanged one compares by address.
    let page = rebuilder
        .written
        .get("forening/verksamhetsplan/index.html")
        .expect("the plan's page is written");
    assert_eq!(
        Arc::strong_count(page),
        2,
        "shared by the memo and the server"
    );

    let base = site.root.join("themes/default/templates/base.html");
    let template = std::fs::read_to_string(&base).expect("read");
    std::fs::write(&base, template.replacen("</body>", "<p>ny</p></body>", 1)).expect("write");
    let rebuilt = rebuilder
        .rebuild(&[ChangeKind::Templates], &mut no_early_phase)
        .expect("rebuild");
    assert!(rebuilt.changed > 0);
    assert!(rebuilt.touched.contains("index.html"));
    assert_eq!(folder(&site.out), site.full_build());
}

/// A plan of `goals` goals without a topic, titled `title`, goal `edited` reworded: the
/// goal index lists them on numbered pages of their own (`/mal/utan-amne/sida/N/`).
fn long_plan(title: &str, goals: usize, edited: usize) -> String {
    let mut text = format!(
        "+++\ntitle = \"{title}\"\nkind = \"plan\"\norganization = \"forening\"\nperiod = \"2024\"\n+++\n\n## Mål\n\n#### Målsättningar {{.goals}}\n\n"
    );
    for n in 1..=goals {
        let words = if n == edited { "ändrat" } else { "mål" };
        text.push_str(&format!("{n}. Ett {words} nummer {n}.\n"));
    }
    text
}

#[test]
fn the_pages_of_a_long_list_follow_each_save_of_its_rows() {
    let site = fixture();
    let plan = site.root.join("content/forening/lang.md");
    std::fs::write(&plan, long_plan("Lång plan", 260, 0)).expect("write");
    let mut rebuilder = Rebuilder::new(site.options.clone(), site.out.clone());
    rebuilder
        .rebuild(&[ChangeKind::Config], &mut no_early_phase)
        .expect("first build");
    let fourth = "mal/utan-amne/sida/4/index.html";
    assert!(
        site.out.join(fourth).is_file(),
        "the list has numbered pages"
    );
    for (text, what) in [
        (
            long_plan("Lång plan", 260, 180),
            "a goal on the fourth page reworded",
        ),
        (
            long_plan("Omdöpt plan", 260, 180),
            "every row's document retitled",
        ),
        (
            long_plan("Omdöpt plan", 210, 0),
            "the list shortened by a page",
        ),
    ] {
        std::fs::write(&plan, text).expect("write");
        rebuilder
            .rebuild(&[ChangeKind::Content(vec![plan.clone()])], &mut |_| {})
            .expect("rebuild");
        assert_same_folder(&site, what);
    }
    assert!(!site.out.join("mal/utan-amne/sida/6/index.html").exists());
}

/// A page whose `[[target]]` links have no text shows the targets' titles, so a save that
/// retitles the target renders the linking page again (its page key has the titles).
#[test]
fn a_link_without_text_follows_its_targets_title() {
    let site = fixture();
    let plan = site.root.join("content/forening/mal.md");
    let links = site.root.join("content/forening/lankar.md");
    let write_plan = |title: &str, goal: &str| {
        let text = format!(
            "+++\ntitle = \"{title}\"\nkind = \"plan\"\norganization = \"forening\"\nperiod = \"2024\"\n+++\n\n## Mål\n\n#### Målsättningar {{.goals}}\n\n1. {goal} {{#malet}}\n"
        );
        std::fs::write(&plan, text).expect("write");
    };
    write_plan("Planen", "Ett första mål.");
    std::fs::write(
        &links,
        "+++\ntitle = \"Länkar\"\nkind = \"report\"\norganization = \"forening\"\nperiod = \"2024\"\n+++\n\nSe [[forening/mal#malet]] i [[forening/mal]].\n",
    )
    .expect("write");
    let mut rebuilder = Rebuilder::new(site.options.clone(), site.out.clone());
    rebuilder
        .rebuild(&[ChangeKind::Config], &mut no_early_phase)
        .expect("first build");
    let page =
        || std::fs::read_to_string(site.out.join("forening/lankar/index.html")).expect("page");
    assert!(page().contains(">Ett första mål.</a> i <a"), "{}", page());
    write_plan("Den nya planen", "Ett omskrivet mål.");
    rebuilder
        .rebuild(&[ChangeKind::Content(vec![plan.clone()])], &mut |_| {})
        .expect("rebuild");
    assert!(
        page().contains(">Ett omskrivet mål.</a> i <a href=\"/forening/mal/\">Den nya planen</a>"),
        "{}",
        page()
    );
    assert_same_folder(&site, "the target retitled");
}

/// A strategy of 205 commitments (a long commitment index: a page per strategy), a report
/// quoting the third with a recommendation beside the quote, and a plan whose goal takes the
/// recommendation up, with `status` and titled `plan_title`.
fn long_commitments(site: &Fixture, status: &str, plan_title: &str, recommendation: &str) {
    let content = site.root.join("content/forening");
    let mut strategy = String::from(
        "+++\ntitle = \"Strategi\"\nkind = \"strategy\"\norganization = \"forening\"\nperiod = \"2024\"\n+++\n\n## Del\n\nPartiet kommer att...\n\n{.commitments}\n\n",
    );
    for n in 1..=205 {
        strategy.push_str(&format!(
            "- driva fråga nummer {n} i hela landet {{#ata-{n}}}\n"
        ));
    }
    let report = format!(
        "+++\ntitle = \"Rapport\"\nkind = \"report\"\norganization = \"forening\"\nperiod = \"2024\"\n+++\n\n## Avsnitt\n\n{{.quotes}}\n\n- *Driva fråga nummer 3 i hela landet.*\n\n{{.recommendations}}\n\n- {recommendation} {{#rek-1}}\n"
    );
    let plan = format!(
        "+++\ntitle = \"{plan_title}\"\nkind = \"plan\"\norganization = \"forening\"\nperiod = \"2024\"\n+++\n\n## Mål\n\n#### Målsättningar {{.goals}}\n\n1. Ta upp rekommendationen. {{#mal-1 status=\"{status}\" implements=\"@/forening/rapport.md#rek-1\"}}\n"
    );
    let direct = "+++\ntitle = \"Direkt\"\nkind = \"plan\"\norganization = \"forening\"\nperiod = \"2024\"\n+++\n\n## Mål\n\n#### Målsättningar {.goals}\n\n1. Ta upp åtagandet. {implements=\"@/forening/strategi.md#ata-7\"}\n".to_string();
    for (name, text) in [
        ("strategi.md", strategy),
        ("rapport.md", report),
        ("plan-lang.md", plan),
        ("plan-direkt.md", direct),
    ] {
        std::fs::write(content.join(name), text).expect("write");
    }
}

#[test]
fn a_long_commitment_index_follows_what_its_diagrams_show() {
    let site = fixture();
    let recommendation = "Vi uppmanar styrelsen att göra något.";
    long_commitments(&site, "ongoing", "Plan", recommendation);
    let mut rebuilder = Rebuilder::new(site.options.clone(), site.out.clone());
    rebuilder
        .rebuild(&[ChangeKind::Config], &mut no_early_phase)
        .expect("first build");
    let page = site.out.join("ataganden/forening-strategi/index.html");
    let shown = std::fs::read_to_string(&page).expect("a page per strategy");
    assert!(
        shown.contains("Ta upp rekommendationen"),
        "the diagram reaches the goal"
    );
    let changes = [ChangeKind::Content(vec![
        site.root.join("content/forening"),
    ])];
    for (status, title, recommendation, what) in [
        ("done", "Plan", recommendation, "the goal's status"),
        (
            "done",
            "Omdöpt plan",
            recommendation,
            "the goal's plan retitled",
        ),
        (
            "done",
            "Omdöpt plan",
            "Vi uppmanar styrelsen att göra mer.",
            "the recommendation",
        ),
    ] {
        long_commitments(&site, status, title, recommendation);
        rebuilder.rebuild(&changes, &mut |_| {}).expect("rebuild");
        assert_same_folder(&site, what);
    }
}

/// The served folder is what `planpress build` writes; else the paths that differ.
pub(super) fn assert_same_folder(site: &Fixture, what: &str) {
    let (got, want) = (folder(&site.out), site.full_build());
    let differ: Vec<&String> = want
        .keys()
        .chain(got.keys())
        .filter(|path| got.get(*path) != want.get(*path))
        .collect();
    assert!(differ.is_empty(), "{what}: {differ:?} differ");
}
