//! A page lists what refers to it with the text of each referring item, and that text shows
//! its `[[target]]` links by their targets' titles: a save retitling such a target changes
//! the page of what the item refers to, though the referring document itself is unchanged.

use super::tests::{assert_same_folder, fixture, no_early_phase};
use super::*;

#[test]
fn a_referring_items_link_title_follows_its_target() {
    let site = fixture();
    let content = site.root.join("content/forening");
    let front = |title: &str, kind: &str| {
        format!(
            "+++\ntitle = \"{title}\"\nkind = \"{kind}\"\norganization = \"forening\"\nperiod = \"2024\"\n+++\n\n"
        )
    };
    let target = content.join("mal.md");
    std::fs::write(&target, front("Planen", "plan") + "## Mål\n\nText.\n").expect("write");
    let report = front("Rapport", "report")
        + "## Avsnitt\n\n{.recommendations}\n\n- Vi uppmanar styrelsen att göra något. {#rek-1}\n";
    std::fs::write(content.join("rapport.md"), report).expect("write");
    let plan = front("Plan", "plan")
        + "## Mål\n\n#### Målsättningar {.goals}\n\n1. Göra som [[forening/mal]] säger. {#mal-1 implements=\"@/forening/rapport.md#rek-1\"}\n";
    std::fs::write(content.join("plan.md"), plan).expect("write");
    let mut rebuilder = Rebuilder::new(site.options.clone(), site.out.clone());
    rebuilder
        .rebuild(&[ChangeKind::Config], &mut no_early_phase)
        .expect("first build");
    let page =
        || std::fs::read_to_string(site.out.join("forening/rapport/index.html")).expect("page");
    assert!(page().contains("Göra som Planen säger."), "{}", page());
    std::fs::write(
        &target,
        front("Den nya planen", "plan") + "## Mål\n\nText.\n",
    )
    .expect("write");
    rebuilder
        .rebuild(&[ChangeKind::Content(vec![target.clone()])], &mut |_| {})
        .expect("rebuild");
    assert!(
        page().contains("Göra som Den nya planen säger."),
        "{}",
        page()
    );
    assert_same_folder(&site, "the target of a referring item's link retitled");
}
