//! The commitment index's traceability diagram (issue #21): each commitment, the report
//! quotes and recommendations that take it up, and the plan goals that implement it,
//! directly or through a recommendation, with each goal's status in words.

use crate::{TestSite, main_of};

/// The diagram of the commitment `anchor` on the commitment index.
fn diagram<'a>(page: &'a str, anchor: &str) -> &'a str {
    page.split("<li class=\"commitment\"")
        .find(|c| c.contains(&format!("/partiet/strategi/#{anchor}\"")))
        .and_then(|c| c.split("<div class=\"trace-diagram\">").nth(1))
        .and_then(|rest| rest.split("</details>").next())
        .unwrap_or_else(|| panic!("the diagram of {anchor}: {page}"))
}

/// The box of the recommendation `url` with what hangs below it, up to the next box of the
/// same level or the end of its list.
fn recommendation_branch<'a>(diagram: &'a str, url: &str) -> &'a str {
    let start = diagram
        .find(&format!(
            "<div class=\"td-box td-recommendation\" data-url=\"{url}\">"
        ))
        .unwrap_or_else(|| panic!("the recommendation {url}: {diagram}"));
    let rest = &diagram[start..];
    let end = rest
        .find("</ul></li>\n<li class=\"td-node\">")
        .or_else(|| rest.find("</ul></li>"))
        .unwrap_or(rest.len());
    &rest[..end]
}

fn goal_box(url: &str, text: &str, status: &str, label: &str) -> (String, String) {
    (
        format!(
            "<div class=\"td-box td-goal\"><span class=\"td-kind\">Mål</span> <a href=\"{url}\">{text}</a>"
        ),
        format!("<span class=\"chip status status-{status}\">{label}</span>"),
    )
}

fn assert_goal(branch: &str, (goal, chip): &(String, String)) {
    let at = branch
        .find(goal.as_str())
        .unwrap_or_else(|| panic!("{goal} in {branch}"));
    let own = &branch[at..];
    let own = &own[..own.find("</div>").unwrap_or(own.len())];
    assert!(own.contains(chip.as_str()), "{chip} in {own}");
}

#[test]
fn a_commitment_leads_through_quote_and_recommendation_to_the_goal_and_its_status() {
    let build = TestSite::fixture().build();
    let page = main_of(TestSite::page(&build, "ataganden/index.html"));
    let diagram = diagram(page, "ata-strategiska-planer");
    // Top to bottom: the commitment, the quote in the report, the report's recommendation,
    // the association's goal that implements it, with its status in words.
    let commitment = diagram
        .find("<div class=\"td-box td-commitment\"><span class=\"td-kind\">Åtagande</span> <a href=\"/planer/partiet/strategi/#ata-strategiska-planer\">")
        .expect("the commitment's box");
    let quote = diagram
        .find("<div class=\"td-box td-quote\"><span class=\"td-kind\">Citeras i</span> <a href=\"/planer/distrikt/rapport/\">Rapport om framtiden</a>")
        .expect("the quote's box");
    let recommendation = diagram
        .find("data-url=\"/planer/distrikt/rapport/#rek-fonden\"")
        .expect("the recommendation's box");
    assert!(commitment < quote && quote < recommendation, "{diagram}");
    let branch = recommendation_branch(diagram, "/planer/distrikt/rapport/#rek-fonden");
    assert_goal(
        branch,
        &goal_box(
            "/planer/forening/plan/#mal-medlemmar-2",
            "Hålla fyra medlemsmöten.",
            "ongoing",
            "Pågår",
        ),
    );
    assert!(
        branch.contains("<span class=\"td-source\">Föreningen · <a href=\"/planer/forening/plan/\">Verksamhetsplan 2022</a> · 2022</span>"),
        "{branch}"
    );
    // A recommendation no goal implements says so.
    let alone = recommendation_branch(
        diagram,
        "/planer/distrikt/rapport/#rek-strategi-och-organisering-2",
    );
    assert!(
        alone.contains("(inget mål genomför den ännu)") && !alone.contains("td-goal"),
        "{alone}"
    );
    // What the diagram reaches, in words, above it.
    assert!(
        diagram
            .starts_with("\n<div class=\"td-summary\"><span class=\"label\">Genomförs av</span>"),
        "{diagram}"
    );
    assert!(
        diagram.contains("<span class=\"followup-total\">1 mål:</span> <ul class=\"followup-parts\"><li class=\"fu-ongoing\">1 pågår</li></ul>"),
        "{diagram}"
    );
}

#[test]
fn goals_implementing_a_recommendation_that_links_to_the_commitment_belong_to_it() {
    let site = TestSite::fixture();
    // A recommendation outside the quoting section takes up the other commitment itself;
    // the 2023 goal implements the recommendation, the 2022 goal both it and the commitment.
    let report = site.read("content/distrikt/rapport.md")
        + "\n## Möten\n\n{.recommendations}\n\n- Vi uppmanar föreningarna att berätta om sina möten. {#rek-beratta implements=\"@/partiet/strategi.md#ata-goda-exempel\"}\n";
    site.write("content/distrikt/rapport.md", report);
    let plan_2022 = site.read("content/lokal/verksamhetsplan-2022.md").replace(
        "implements=\"@/partiet/strategi.md#ata-goda-exempel\"",
        "implements=\"@/partiet/strategi.md#ata-goda-exempel @/distrikt/rapport.md#rek-beratta\"",
    );
    site.write("content/lokal/verksamhetsplan-2022.md", plan_2022);
    let plan_2023 = site.read("content/lokal/verksamhetsplan-2023.md").replace(
        "{#moten continues=",
        "{#moten implements=\"@/distrikt/rapport.md#rek-beratta\" continues=",
    );
    site.write("content/lokal/verksamhetsplan-2023.md", plan_2023);
    let build = site.build();
    let page = main_of(TestSite::page(&build, "ataganden/index.html"));
    let diagram = diagram(page, "ata-goda-exempel");
    let direct = diagram
        .split("<div class=\"td-box td-direct\"><span class=\"td-kind\">Tas upp direkt i</span>")
        .nth(1)
        .expect("what takes it up directly");
    let branch = recommendation_branch(direct, "/planer/distrikt/rapport/#rek-beratta");
    let goal_2022 = goal_box(
        "/planer/lokal/verksamhetsplan-2022/#mal-medlemmar-2",
        "Hålla fyra medlemsmöten.",
        "ongoing",
        "Pågår",
    );
    assert_goal(branch, &goal_2022);
    assert_goal(
        branch,
        &goal_box(
            "/planer/lokal/verksamhetsplan-2023/#moten",
            "Hålla fyra medlemsmöten, det sista i december.",
            "done",
            "Klart",
        ),
    );
    // The 2022 goal again under the commitment itself, after the recommendation's branch.
    let after = &direct[direct.find(branch).map_or(0, |at| at + branch.len())..];
    assert_goal(after, &goal_2022);
    // Reached twice, counted once.
    assert!(
        diagram.contains("<span class=\"followup-total\">2 mål:</span> <ul class=\"followup-parts\"><li class=\"fu-done\">1 klart</li><li class=\"fu-ongoing\">1 pågår</li></ul>"),
        "{diagram}"
    );
    assert!(
        page.contains(
            "<p class=\"trace-counts\"><span>1 mål</span><span>2 hänvisningar</span></p>"
        ),
        "the counts above the fold: {page}"
    );
}

#[test]
fn diagram_snapshot() {
    let build = TestSite::fixture().build();
    let page = main_of(TestSite::page(&build, "ataganden/index.html"));
    insta::assert_snapshot!(diagram(page, "ata-strategiska-planer"));
}

/// Thousands of goals implementing one recommendation: each found once, not by walking
/// their plan's items for every one. The diagram is too large to fold on the index, so it
/// is on the commitment's own page.
#[test]
fn a_recommendation_implemented_by_thousands_of_goals_is_drawn_whole() {
    let site = TestSite::fixture();
    let goals: String = (1..=3000)
        .map(|n| {
            format!("{n}. Mål nummer {n}. {{implements=\"@/distrikt/rapport.md#rek-fonden\"}}\n")
        })
        .collect();
    site.write(
        "content/forening/stor.md",
        format!("+++\ntitle = \"Stor plan\"\nkind = \"plan\"\norganization = \"forening\"\nperiod = \"2024\"\n+++\n\n## Mål\n\n#### Målsättningar {{.goals}}\n\n{goals}"),
    );
    let started = std::time::Instant::now();
    let build = site.build();
    let index = main_of(TestSite::page(&build, "ataganden/index.html"));
    let page_url = "/planer/ataganden/partiet-strategi/ata-strategiska-planer/";
    assert!(
        index.contains(&format!("<a href=\"{page_url}\">")),
        "{index}"
    );
    let page = main_of(TestSite::page(
        &build,
        "ataganden/partiet-strategi/ata-strategiska-planer/index.html",
    ));
    let diagram = page
        .split("<div class=\"trace-diagram\">")
        .nth(1)
        .expect("the diagram on its page");
    assert_eq!(
        diagram.matches("<div class=\"td-box td-goal\">").count(),
        3001
    );
    assert!(
        diagram.contains("<span class=\"followup-total\">3001 mål:</span>"),
        "{}",
        &diagram[..2000.min(diagram.len())]
    );
    assert!(started.elapsed().as_secs() < 60, "{:?}", started.elapsed());
}

/// A site's own goal box is the one drawn, under a recommendation and under the commitment
/// itself; a branch template that cannot be rendered is the build's error, named.
#[test]
fn the_diagrams_partials_are_the_sites_own() {
    let site = TestSite::fixture();
    let theme = crate::repo_root().join("themes/default/templates");
    let goal = std::fs::read_to_string(theme.join("trace_goal.html")).expect("the template");
    site.write(
        "templates/trace_goal.html",
        goal.replace(
            "<div class=\"td-box td-goal\">",
            "<div class=\"td-box td-goal own\">",
        ),
    );
    let build = site.build();
    let page = main_of(TestSite::page(&build, "ataganden/index.html"));
    assert!(diagram(page, "ata-strategiska-planer").contains("<div class=\"td-box td-goal own\">"));
    assert!(diagram(page, "ata-goda-exempel").contains("<div class=\"td-box td-goal own\">"));
    assert!(!page.contains("<div class=\"td-box td-goal\">"), "{page}");
    site.write(
        "templates/trace_recommendation.html",
        "{{ r.no_such_field.deeper }}",
    );
    let errors = site.errors();
    assert!(errors.contains("trace_recommendation.html"), "{errors}");
}

/// The preview keeps each report's branches between saves: a goal's new status, saved in
/// its own plan, still reaches the branch of the recommendation it implements.
#[test]
fn a_rebuild_shows_the_new_status_of_a_goal_in_the_branches_it_hangs_in() {
    let site = TestSite::fixture();
    let mut pipeline = planpress::build::Pipeline::load(&site.options()).expect("load");
    let run = |pipeline: &mut planpress::build::Pipeline| {
        let build = pipeline.run().expect("the fixture builds");
        let page = main_of(TestSite::page(&build, "ataganden/index.html")).to_string();
        let diagram = diagram(&page, "ata-strategiska-planer").to_string();
        recommendation_branch(&diagram, "/planer/distrikt/rapport/#rek-fonden").to_string()
    };
    let goal = |status: &str, label: &str| {
        goal_box(
            "/planer/forening/plan/#mal-medlemmar-2",
            "Hålla fyra medlemsmöten.",
            status,
            label,
        )
    };
    assert_goal(&run(&mut pipeline), &goal("ongoing", "Pågår"));
    let plan = site.read("content/forening/plan.md").replace(
        "Hålla fyra medlemsmöten. {status=\"ongoing\"",
        "Hålla fyra medlemsmöten. {status=\"done\"",
    );
    site.write("content/forening/plan.md", plan);
    assert_goal(&run(&mut pipeline), &goal("done", "Klart"));
}
