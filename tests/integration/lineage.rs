//! Goal lineage (issue #21): a goal that `continues` a goal of an earlier plan shows its
//! history through the plans, and a wrong `continues` is an error at its place.

use crate::{TestSite, main_of};

const PLAN_2023: &str = "content/lokal/verksamhetsplan-2023.md";

#[test]
fn a_continued_goal_shows_its_history_oldest_first() {
    let build = TestSite::fixture().build();
    let plan = main_of(TestSite::page(
        &build,
        "lokal/verksamhetsplan-2023/index.html",
    ));
    // 2022's status comes from the annual report, 2023's from the follow-up file.
    assert!(
        plan.contains(
            "Historik: <a href=\"/planer/lokal/verksamhetsplan-2022/#mal-medlemmar-2\">2022</a>: Pågår → <a href=\"/planer/lokal/verksamhetsplan-2023/#moten\">2023</a>: Klart</span>"
        ),
        "{plan}"
    );
    // The earlier goal names the goal that carries it on.
    let earlier = main_of(TestSite::page(
        &build,
        "lokal/verksamhetsplan-2022/index.html",
    ));
    assert!(
        earlier.contains(
            "<a href=\"/planer/lokal/verksamhetsplan-2023/#moten\">Lokalföreningen Verksamhetsplan 2023</a>"
        ),
        "{earlier}"
    );
}

#[test]
fn a_history_through_a_cycle_ends() {
    let site = TestSite::fixture();
    let plan = site.read("content/lokal/verksamhetsplan-2022.md");
    site.write(
        "content/lokal/verksamhetsplan-2022.md",
        plan.replace(
            "2. Hålla fyra medlemsmöten. {",
            "2. Hålla fyra medlemsmöten. {continues=\"@/lokal/verksamhetsplan-2023.md#moten\" ",
        ),
    );
    let build = site.build();
    let page = main_of(TestSite::page(
        &build,
        "lokal/verksamhetsplan-2023/index.html",
    ));
    assert_eq!(
        page.matches("/planer/lokal/verksamhetsplan-2023/#moten\">2023</a>")
            .count(),
        1,
        "{page}"
    );
}

#[test]
fn a_wrong_continues_is_an_error_at_its_place() {
    let cases = [
        (
            "#moten continues=\"@/lokal/verksamhetsplan-2022.md#mal-medlemmar-2\"",
            "#moten continues=\"@/lokal/verksamhetsplan-2022.md#mal-medlemmar-9\"",
            "mal-medlemmar-9",
        ),
        (
            "#moten continues=\"@/lokal/verksamhetsplan-2022.md#mal-medlemmar-2\"",
            "#moten continues=\"mal-medlemmar-2\"",
            "does not name a goal of another plan",
        ),
        (
            "2. Värva tio nya medlemmar.",
            "2. Värva tio nya medlemmar.\n\n{.activities}\n\n- Ringa. {continues=\"@/lokal/verksamhetsplan-2022.md#ringa\"}",
            "`continues=` belongs on a goal, not on an activity",
        ),
    ];
    for (from, to, expected) in cases {
        let site = TestSite::fixture();
        let text = site.read(PLAN_2023);
        assert!(text.contains(from), "{from}");
        site.write(PLAN_2023, text.replacen(from, to, 1));
        let errors = site.errors();
        assert!(errors.contains(expected), "{to}:\n{errors}");
        assert!(
            errors.contains("--> content/lokal/verksamhetsplan-2023.md:"),
            "{to}:\n{errors}"
        );
    }
}
