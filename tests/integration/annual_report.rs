//! The annual report (issue #21): outcome items follow a plan's goals up through the same
//! path as `*.followup.toml` files, and every mistake in them is an error at its place.

use crate::{TestSite, main_of};

const REPORT: &str = "content/forening/verksamhetsberattelse-2022.md";

/// The fixture with `from` replaced by `to` in its annual report, once.
fn fixture_with(from: &str, to: &str) -> TestSite {
    let site = TestSite::fixture();
    let text = site.read(REPORT);
    assert!(text.contains(from), "the fixture no longer holds {from:?}");
    site.write(REPORT, text.replacen(from, to, 1));
    site
}

#[test]
fn outcomes_set_the_status_and_note_of_the_goals_they_report_on() {
    let site = TestSite::fixture();
    let build = site.build();
    let plan = main_of(TestSite::page(&build, "forening/plan/index.html"));
    let goal = plan
        .split("id=\"mal-medlemmar-1\"")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .expect("the goal on the plan's page");
    assert!(goal.contains("status-ongoing"), "{goal}");
    assert!(
        goal.contains("<span class=\"status-note\">Tre av fyra medlemsmöten hölls.</span>"),
        "{goal}"
    );
    let report = main_of(TestSite::page(
        &build,
        "forening/verksamhetsberattelse-2022/index.html",
    ));
    assert!(
        report.contains("Följer upp: <a href=\"/planer/forening/plan/#ringa\">"),
        "{report}"
    );
}

#[test]
fn a_goal_followed_up_in_a_file_and_a_report_is_an_error_naming_both() {
    let site = TestSite::fixture();
    site.write(
        "content/forening/plan.followup.toml",
        "[goals]\nringa = \"ongoing\"\n",
    );
    let errors = site.errors();
    assert!(
        errors.contains(
            "goal `ringa` of forening/plan is followed up twice: here and at content/forening/plan.followup.toml:2:1"
        ),
        "{errors}"
    );
    assert!(
        errors.contains("--> content/forening/verksamhetsberattelse-2022.md:19:"),
        "{errors}"
    );
}

#[test]
fn an_outcome_without_a_status_is_not_a_follow_up() {
    // The fixture's second outcome of `delmal-1` has no status: it conflicts with neither
    // the report's first outcome of that goal nor a follow-up file.
    let site = fixture_with(
        "- Arbetet har inte kommit igång. {goal=\"delmal-1\" status=\"not-started\"}\n",
        "",
    );
    site.write(
        "content/forening/plan.followup.toml",
        "[goals]\ndelmal-1 = \"dropped\"\n",
    );
    let build = site.build();
    let plan = main_of(TestSite::page(&build, "forening/plan/index.html"));
    assert!(plan.contains("status-dropped"), "{plan}");
    let site = fixture_with(
        "- Arbetet har inte kommit igång. {goal=\"delmal-1\" status=\"not-started\"}\n",
        "",
    );
    let build = site.build();
    let plan = main_of(TestSite::page(&build, "forening/plan/index.html"));
    let goal = plan
        .split("id=\"delmal-1\"")
        .nth(1)
        .and_then(|rest| rest.split("</h3>").next())
        .expect("the goal heading");
    assert!(!goal.contains("status-"), "{goal}");
}

#[test]
fn an_outcome_of_a_goal_the_plan_lacks_suggests_the_nearest() {
    let site = fixture_with("goal=\"ringa\"", "goal=\"ringaa\"");
    let errors = site.errors();
    assert!(
        errors.contains("follow-up of a goal that does not exist in forening/plan: `ringaa`"),
        "{errors}"
    );
    assert!(
        errors.contains("--> content/forening/verksamhetsberattelse-2022.md:19:"),
        "{errors}"
    );
    assert!(errors.contains("did you mean `ringa`?"), "{errors}");
    // Without a status too: the scaffold's open outcomes are checked as they are written.
    let site = fixture_with("{goal=\"delmal-1\"}", "{goal=\"delmal-2\"}");
    assert!(site.errors().contains("did you mean `delmal-1`?"));
}

#[test]
fn mistakes_in_the_report_markup_are_errors_at_their_place() {
    let cases = [
        (
            "goal=\"@/forening/plan.md#mal-medlemmar-1\"",
            "goal=\"@/partiet/strategi.md#ata-1\"",
            "is not in `forening/plan`, the plan the report reports on",
        ),
        (
            "{goal=\"ringa\" status=\"done\"}",
            "{status=\"done\"}",
            "an outcome names the goal it reports on",
        ),
        (
            "status=\"done\"",
            "status=\"finished\"",
            "unknown goal status `finished`",
        ),
        (
            "reports_on = \"@/forening/plan.md\"\n",
            "",
            "an annual report names the plan it reports on",
        ),
        (
            "reports_on = \"@/forening/plan.md\"",
            "reports_on = \"@/forening/plan-1999.md\"",
            "forening/plan-1999",
        ),
        (
            "kind = \"annual-report\"",
            "kind = \"report\"",
            "`reports_on` is read only in an annual report",
        ),
    ];
    for (from, to, expected) in cases {
        let errors = fixture_with(from, to).errors();
        assert!(errors.contains(expected), "{from} → {to}:\n{errors}");
        assert!(
            errors.contains("--> content/forening/verksamhetsberattelse-2022.md:"),
            "{from} → {to}: no position\n{errors}"
        );
    }
}
