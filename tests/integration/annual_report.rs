//! The annual report (issue #21): outcome items follow a plan's goals up through the same
//! path as `*.followup.toml` files, and every mistake in them is an error at its place.

use crate::{TestSite, main_of};

const REPORT: &str = "content/lokal/verksamhetsberattelse-2022.md";

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
    let plan = main_of(TestSite::page(
        &build,
        "lokal/verksamhetsplan-2022/index.html",
    ));
    let goal = plan
        .split("id=\"mal-medlemmar-2\"")
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
        "lokal/verksamhetsberattelse-2022/index.html",
    ));
    assert!(
        report.contains(
            "<p class=\"reports-on\">Verksamhetsberättelse för: <a href=\"/planer/lokal/verksamhetsplan-2022/\">Verksamhetsplan 2022</a></p>"
        ),
        "{report}"
    );
    assert!(
        report.contains(
            "Följer upp: <a href=\"/planer/lokal/verksamhetsplan-2022/#ringa\">Verksamhetsplan 2022: Ringa alla nya medlemmar.</a>"
        ),
        "{report}"
    );
}

#[test]
fn a_goal_followed_up_in_a_file_and_a_report_is_an_error_naming_both() {
    let site = TestSite::fixture();
    site.write(
        "content/lokal/verksamhetsplan-2022.followup.toml",
        "[goals]\nringa = \"ongoing\"\n",
    );
    // One error, at one of the two places, naming the other (file:line:col).
    let errors = site.errors();
    assert_eq!(errors.matches("error").count(), 1, "{errors}");
    assert!(errors.contains("error[E124]"), "{errors}");
    let swedish = site.errors_in(planpress::diagnostic::Lang::Sv);
    assert!(
        swedish.contains("målet `ringa` i lokal/verksamhetsplan-2022 följs upp två gånger"),
        "{swedish}"
    );
    assert!(
        errors.contains(
            "goal `ringa` of lokal/verksamhetsplan-2022 is followed up twice: here and at content/lokal/verksamhetsberattelse-2022.md:19:45"
        ),
        "{errors}"
    );
    assert!(
        errors.contains("--> content/lokal/verksamhetsplan-2022.followup.toml:2:1"),
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
        "content/lokal/verksamhetsplan-2022.followup.toml",
        "[goals]\ndelmal-1 = \"dropped\"\n",
    );
    let build = site.build();
    let plan = main_of(TestSite::page(
        &build,
        "lokal/verksamhetsplan-2022/index.html",
    ));
    assert!(plan.contains("status-dropped"), "{plan}");
    let site = fixture_with(
        "- Arbetet har inte kommit igång. {goal=\"delmal-1\" status=\"not-started\"}\n",
        "",
    );
    let build = site.build();
    let plan = main_of(TestSite::page(
        &build,
        "lokal/verksamhetsplan-2022/index.html",
    ));
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
        errors.contains(
            "follow-up of a goal that does not exist in lokal/verksamhetsplan-2022: `ringaa`"
        ),
        "{errors}"
    );
    assert!(
        errors.contains("--> content/lokal/verksamhetsberattelse-2022.md:19:"),
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
            "goal=\"@/lokal/verksamhetsplan-2022.md#mal-medlemmar-2\"",
            "goal=\"@/partiet/strategi.md#ata-1\"",
            "is not in `lokal/verksamhetsplan-2022`, the plan the report reports on",
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
            "reports_on = \"@/lokal/verksamhetsplan-2022.md\"\n",
            "",
            "an annual report names the plan it reports on",
        ),
        (
            "reports_on = \"@/lokal/verksamhetsplan-2022.md\"",
            "reports_on = \"@/lokal/plan-1999.md\"",
            "lokal/plan-1999",
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
            errors.contains("--> content/lokal/verksamhetsberattelse-2022.md:"),
            "{from} → {to}: no position\n{errors}"
        );
    }
}

fn new_annual_report(site: &TestSite, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
        .arg("--root")
        .arg(site.root())
        .args(["new", "annual-report"])
        .args(args)
        .output()
        .expect("run planpress new")
}

/// The goals' statuses and notes on the plan's page, as (goal id, status class, note).
fn goal_statuses(build: &planpress::build::Build) -> Vec<(String, String, String)> {
    let plan = main_of(TestSite::page(
        build,
        "lokal/verksamhetsplan-2022/index.html",
    ));
    ["ringa", "mal-medlemmar-2", "delmal-1"]
        .iter()
        .map(|id| {
            let item = plan
                .split(&format!("id=\"{id}\""))
                .nth(1)
                .and_then(|rest| rest.split("</div>").next())
                .unwrap_or_default();
            let between = |from: &str, to: char| {
                item.split(from)
                    .nth(1)
                    .and_then(|rest| rest.split(to).next())
                    .unwrap_or_default()
                    .to_string()
            };
            (
                id.to_string(),
                between("status status-", '"'),
                between("<span class=\"status-note\">", '<'),
            )
        })
        .collect()
}

#[test]
fn new_annual_report_lists_every_goal_open_and_builds() {
    let site = TestSite::fixture();
    std::fs::remove_file(site.path(REPORT)).expect("remove the fixture's report");
    let output = new_annual_report(
        &site,
        &[
            "lokal/verksamhetsberattelse-2022",
            "--plan",
            "lokal/verksamhetsplan-2022",
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let report = site.read(REPORT);
    for goal in ["ringa", "mal-medlemmar-2", "delmal-1"] {
        assert!(
            report.contains(&format!(
                "{{goal=\"@/lokal/verksamhetsplan-2022.md#{goal}\" status=\"\"}}"
            )),
            "{report}"
        );
    }
    assert!(
        report.contains("reports_on = \"@/lokal/verksamhetsplan-2022.md\""),
        "{report}"
    );
    // It builds as it is, and its open outcomes follow nothing up: the statuses are the
    // plan's own, without notes.
    let build = site.build();
    let own = [
        ("ringa", "done"),
        ("mal-medlemmar-2", "ongoing"),
        ("delmal-1", ""),
    ]
    .map(|(id, status)| (id.to_string(), status.to_string(), String::new()));
    assert_eq!(goal_statuses(&build), own);
    // A plan that is not there is refused, and an existing file is never overwritten.
    let output = new_annual_report(&site, &["lokal/x", "--plan", "lokal/plan-1999"]);
    assert!(!output.status.success());
    let output = new_annual_report(
        &site,
        &[
            "lokal/verksamhetsberattelse-2022",
            "--plan",
            "lokal/verksamhetsplan-2022",
        ],
    );
    assert!(!output.status.success());
    assert_eq!(site.read(REPORT), report);
}

#[test]
fn new_annual_report_from_followup_carries_statuses_and_notes() {
    let site = TestSite::fixture();
    std::fs::remove_file(site.path(REPORT)).expect("remove the fixture's report");
    let followup = "content/lokal/verksamhetsplan-2022.followup.toml";
    site.write(
        followup,
        "[goals]\nringa = \"dropped\"\nmal-medlemmar-2 = { status = \"ongoing\", note = \"Tre av fyra {möten} hölls.\" }\n",
    );
    let before = goal_statuses(&site.build());
    assert_eq!(before[1].2, "Tre av fyra {möten} hölls.");
    let output = new_annual_report(
        &site,
        &[
            "lokal/verksamhetsberattelse-2022",
            "--plan",
            "lokal/verksamhetsplan-2022",
            "--from-followup",
        ],
    );
    assert!(output.status.success(), "{output:?}");
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains(&format!(
            "ta bort {followup}, annars följs målen upp på två ställen"
        )),
        "{said}"
    );
    // Both follow the same goals up: an error until the follow-up file goes.
    assert!(site.errors().contains("is followed up twice"));
    std::fs::remove_file(site.path(followup)).expect("remove the follow-up file");
    assert_eq!(goal_statuses(&site.build()), before);
}

#[test]
fn outcomes_and_lineage_are_in_the_open_data() {
    let build = TestSite::fixture().build();
    let csv = |name: &str| -> Vec<std::collections::BTreeMap<String, String>> {
        let text = TestSite::page(&build, &format!("data/{name}.csv"));
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let header = reader.headers().expect("header").clone();
        reader
            .records()
            .map(|r| {
                let r = r.expect("record");
                header
                    .iter()
                    .zip(r.iter())
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect()
            })
            .collect()
    };
    let outcomes = csv("outcomes");
    let summary: Vec<(&str, &str, &str, &str)> = outcomes
        .iter()
        .map(|o| {
            (
                o["doc"].as_str(),
                o["plan"].as_str(),
                o["goal"].as_str(),
                o["status"].as_str(),
            )
        })
        .collect();
    let report = "lokal/verksamhetsberattelse-2022";
    let plan = "lokal/verksamhetsplan-2022";
    assert_eq!(
        summary,
        [
            (report, plan, "ringa", "done"),
            (report, plan, "mal-medlemmar-2", "ongoing"),
            (report, plan, "delmal-1", "not-started"),
            (report, plan, "delmal-1", ""),
            (report, plan, "mal-medlemmar-3", "dropped"),
        ]
    );
    let json: serde_json::Value =
        serde_json::from_str(TestSite::page(&build, "data/outcomes.json")).expect("JSON");
    assert_eq!(json[3]["status"], serde_json::Value::Null);
    assert_eq!(json[0]["text"], "Alla nya medlemmar ringdes inom en vecka.");
    let goals = csv("goals");
    let moten = goals
        .iter()
        .find(|g| g["doc"] == "lokal/verksamhetsplan-2023" && g["id"] == "moten")
        .expect("the continued goal");
    assert_eq!(moten["continues_doc"], plan);
    assert_eq!(moten["continues_id"], "mal-medlemmar-2");
    assert_eq!(moten["status"], "done");
    let earlier = goals
        .iter()
        .find(|g| g["doc"] == plan && g["id"] == "mal-medlemmar-2")
        .expect("the earlier goal");
    assert_eq!(earlier["status_note"], "Tre av fyra medlemsmöten hölls.");
    assert_eq!(earlier["continues_doc"], "");
    let package: serde_json::Value =
        serde_json::from_str(TestSite::page(&build, "data/datapackage.json")).expect("JSON");
    let resource = package["resources"]
        .as_array()
        .and_then(|r| r.iter().find(|r| r["name"] == "outcomes"))
        .expect("the outcomes resource");
    assert_eq!(
        resource["schema"]["foreignKeys"].as_array().map(Vec::len),
        Some(2)
    );
}
