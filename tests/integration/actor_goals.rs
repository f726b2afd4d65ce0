//! Who is responsible: the goals addressed to an actor (`to=` on a goal, its list or a
//! heading above) are on the actor's page under their period, counted on `/mottagare/`, in
//! the goals' export; `to=` on a kind no actor page lists is a warning, not a chip.

use std::collections::BTreeSet;

use planpress::document::ItemKind;

use crate::{TestSite, main_of};

/// The fixture with the 2022 plan's goal list addressed to the board, the 2023 plan's first
/// goal list to the board through its section heading, and the 2022 plan's `.goal` heading
/// to the associations.
fn addressed_fixture() -> TestSite {
    TestSite::fixture()
        .replace_once(
            "content/forening/plan.md",
            "#### Målsättningar {.goals}",
            "#### Målsättningar {.goals to=\"styrelsen\"}",
        )
        .replace_once(
            "content/forening/plan.md",
            "{#delmal-1 .goal topics=\"klimat\"}",
            "{#delmal-1 .goal topics=\"klimat\" to=\"foreningarna\"}",
        )
        .replace_once(
            "content/lokal/verksamhetsplan-2023.md",
            "## Medlemmar {topics=\"medlemmar\"}",
            "## Medlemmar {topics=\"medlemmar\" to=\"DS\"}",
        )
}

/// The item URLs a page lists as index rows.
fn listed(html: &str) -> Vec<String> {
    let marker = "data-url=\"";
    html.match_indices(marker)
        .map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            rest[..rest.find('"').unwrap_or(0)].to_string()
        })
        .collect()
}

#[test]
fn a_goal_addressed_to_an_actor_is_on_its_page_under_its_period() {
    let build = addressed_fixture().build();
    let board = main_of(TestSite::page(&build, "mottagare/styrelsen/index.html"));
    let rows = listed(board);
    for goal in [
        "/planer/forening/plan/#ringa",
        "/planer/forening/plan/#mal-medlemmar-2",
        "/planer/lokal/verksamhetsplan-2023/#moten",
        "/planer/lokal/verksamhetsplan-2023/#mal-medlemmar-2",
    ] {
        assert_eq!(
            rows.iter().filter(|r| *r == goal).count(),
            1,
            "{goal} once on the board's page: {rows:?}"
        );
    }
    for elsewhere in [
        "/planer/forening/plan/#delmal-1",
        "/planer/lokal/verksamhetsplan-2023/#mal-klimatet-1",
    ] {
        assert!(
            !rows.iter().any(|r| r == elsewhere),
            "{elsewhere} is not the board's"
        );
    }
    assert!(
        board.contains("<h2 id=\"mal\">Mål riktade till styrelsen</h2>"),
        "{board}"
    );
    // Newest period first, each a heading with its goals' rows after the recommendations.
    let (recommendations, goals_2023, goals_2022) = (
        board
            .find("id=\"rekommendationer\"")
            .expect("recommendations"),
        board.find("<h3 id=\"mal-2023\">2023</h3>").expect("2023"),
        board.find("<h3 id=\"mal-2022\">2022</h3>").expect("2022"),
    );
    assert!(recommendations < goals_2023 && goals_2023 < goals_2022);
    assert!(
        board.find("#moten").expect("2023 goal") > goals_2023
            && board.find("#ringa").expect("2022 goal") > goals_2022
    );
    assert!(board.contains("chip status status-done"), "status chips");
    assert!(
        board.contains("<a href=\"/planer/mottagare/styrelsen/#mal\"><strong>4</strong> mål</a>")
    );

    let associations = main_of(TestSite::page(&build, "mottagare/foreningarna/index.html"));
    assert!(listed(associations).contains(&"/planer/forening/plan/#delmal-1".to_string()));
    assert!(!associations.contains("#ringa"));

    // The chip on the plan page leads to the page that lists the goal.
    let plan = TestSite::page(&build, "forening/plan/index.html");
    assert!(plan.contains(
        "<a class=\"chip chip-actor\" href=\"/planer/mottagare/styrelsen/\">Styrelsen</a>"
    ));

    let index = main_of(TestSite::page(&build, "mottagare/index.html"));
    for (slug, name, goals) in [
        ("styrelsen", "Styrelsen", 4),
        ("foreningarna", "Föreningarna", 1),
    ] {
        let recommendations = build
            .site
            .items()
            .filter(|(_, i)| {
                i.kind == ItemKind::Recommendation && i.addressees.iter().any(|a| a == slug)
            })
            .count();
        let url = format!("/planer/mottagare/{slug}/");
        assert!(
            index.contains(&format!(
                "<a href=\"{url}\">{name}</a> ({recommendations} rekommendationer · \
                 <a href=\"{url}#mal\">{goals} mål</a>)"
            )),
            "{index}"
        );
    }
}

#[test]
fn the_goals_export_carries_each_goals_addressees() {
    let build = addressed_fixture().build();
    let text = TestSite::page(&build, "data/goals.json");
    let rows: Vec<serde_json::Value> = serde_json::from_str(text).expect("json");
    let mut seen = BTreeSet::new();
    for (document, goal) in build.site.items().filter(|(_, i)| i.kind == ItemKind::Goal) {
        let row = rows
            .iter()
            .find(|r| r["doc"] == document.path.as_str() && r["id"] == goal.id.as_str())
            .expect("a row per goal");
        let exported: Vec<&str> = row["addressees"]
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|v| v.as_str())
            .collect();
        assert_eq!(exported, goal.addressees, "{}#{}", document.path, goal.id);
        seen.extend(exported.into_iter().map(str::to_string));
    }
    assert_eq!(
        seen,
        BTreeSet::from(["foreningarna".to_string(), "styrelsen".to_string()])
    );
}

#[test]
fn an_actor_with_many_goals_has_them_on_numbered_pages_after_its_recommendations() {
    const RECOMMENDATIONS: usize = 70;
    const GOALS_PER_PLAN: usize = 40;
    let site = TestSite::fixture();
    let recommendations: String = (1..=RECOMMENDATIONS)
        .map(|i| format!("- Rekommendation {i}. {{to=\"foreningarna\"}}\n"))
        .collect();
    site.write(
        "content/distrikt/stor-rapport.md",
        format!(
            "+++\ntitle = \"Stor rapport\"\nkind = \"report\"\norganization = \"distrikt\"\n\
             period = \"2024\"\ndate = 2024-05-01\n+++\n\n## Allt\n\n\
             {{.recommendations}}\n\n{recommendations}"
        ),
    );
    for year in [2024, 2025] {
        let goals: String = (1..=GOALS_PER_PLAN)
            .map(|i| format!("{i}. Mål {i} för {year}.\n"))
            .collect();
        site.write(
            &format!("content/lokal/stor-plan-{year}.md"),
            format!(
                "+++\ntitle = \"Plan {year}\"\nkind = \"plan\"\norganization = \"lokal\"\n\
                 period = \"{year}\"\ndate = {year}-01-01\nstatus = \"adopted\"\n+++\n\n\
                 ## Allt {{to=\"foreningarna\"}}\n\n#### Målsättningar {{.goals}}\n\n{goals}"
            ),
        );
    }
    let build = site.build();
    let mut pages = vec![main_of(TestSite::page(
        &build,
        "mottagare/foreningarna/index.html",
    ))];
    let mut number = 2;
    while let Some(file) = build
        .outputs
        .iter()
        .find(|o| o.path == format!("mottagare/foreningarna/sida/{number}/index.html"))
    {
        let html = std::str::from_utf8(&file.bytes).expect("utf-8");
        pages.push(main_of(html));
        number += 1;
    }
    let every: Vec<String> = pages.iter().flat_map(|p| listed(p)).collect();
    let unique: BTreeSet<&String> = every.iter().collect();
    let goals = 2 * GOALS_PER_PLAN;
    // The fixture's own recommendations to the associations, then the report's.
    let recommendations = build
        .site
        .items()
        .filter(|(_, i)| {
            i.kind == ItemKind::Recommendation && i.addressees.iter().any(|a| a == "foreningarna")
        })
        .count();
    assert!(recommendations > RECOMMENDATIONS);
    assert_eq!(every.len(), recommendations + goals, "each row once");
    assert_eq!(unique.len(), every.len());
    assert!(pages.len() >= 3, "{} pages", pages.len());
    // The 2025 goals come before the 2024 ones, and the first page's totals lead to the
    // page the goals begin on.
    let first_2025 = every
        .iter()
        .position(|u| u.contains("stor-plan-2025"))
        .expect("2025");
    let first_2024 = every
        .iter()
        .position(|u| u.contains("stor-plan-2024"))
        .expect("2024");
    assert_eq!(first_2025, recommendations);
    assert_eq!(first_2024, recommendations + GOALS_PER_PLAN);
    let goals_page = pages
        .iter()
        .position(|p| p.contains("stor-plan-2025/#mal-allt-1\""))
        .expect("a page with the first goal")
        + 1;
    assert!(pages[0].contains(&format!(
        "<a href=\"/planer/mottagare/foreningarna/sida/{goals_page}/#mal\"><strong>{goals}</strong> mål</a>"
    )), "{}", pages[0]);
    assert!(pages[goals_page - 1].contains("<h2 id=\"mal\">"));
    // A period cut by a page break keeps its heading on the next page.
    for page in &pages {
        if page.contains("stor-plan-2024/") {
            assert!(page.contains("<h3 id=\"mal-2024\">2024</h3>"));
        }
    }
}

#[test]
fn to_on_a_kind_no_actor_page_lists_is_a_warning_and_no_chip() {
    let site = TestSite::fixture()
        .replace_once(
            "content/forening/plan.md",
            "#### Aktiviteter för att nå målen {.activities}",
            "#### Aktiviteter för att nå målen {.activities to=\"styrelsen\"}",
        )
        .replace_once(
            "content/forening/plan.md",
            "- Cykla till mötena.",
            "- Cykla till mötena. {to=\"foreningarna\"}",
        );
    crate::assert_warnings!(site);
    let build = site.build();
    for (_, item) in build
        .site
        .items()
        .filter(|(_, i)| i.kind == ItemKind::Activity)
    {
        assert!(item.addressees.is_empty(), "{}", item.id);
    }
    let plan = TestSite::page(&build, "forening/plan/index.html");
    assert!(
        !plan.contains("chip-actor"),
        "no addressee chip on an activity"
    );
}

/// A site's copy of `actor.html` from before the goals were listed joins `actor.rows`: it
/// still lists them rather than saying "Inga rekommendationer." on every goal's addressee.
#[test]
fn a_sites_older_actor_template_still_lists_the_goals() {
    let site = addressed_fixture();
    site.write(
        "themes/default/templates/actor.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ actor.title }}</h1>\n\
         {% if actor.rows %}<ul class=\"index-list\">{% for row in actor.rows %}{{ row }}\
         {% endfor %}</ul>{% include \"pagination.html\" %}\n\
         {% else %}<p>{{ t.no_recommendations }}</p>{% endif %}\n{% endblock content %}\n",
    );
    let build = site.build();
    let associations = main_of(TestSite::page(&build, "mottagare/foreningarna/index.html"));
    assert!(listed(associations).contains(&"/planer/forening/plan/#delmal-1".to_string()));
}

/// `check --explain addressees` names a goal addressed with `to=` and where the `to=` is, as
/// it does a recommendation's; a goal without `to=` is not listed.
#[test]
fn check_explain_addressees_lists_the_addressed_goals() {
    let site = addressed_fixture();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
        .args(["check", "--explain", "addressees", "--lang", "en", "--root"])
        .arg(site.root())
        .output()
        .expect("run planpress");
    assert!(output.status.success(), "{output:?}");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .position(|l| l.contains("plan.md:") && l.contains("  ringa  → styrelsen"))
        .unwrap_or_else(|| panic!("the goal is explained: {stdout}"));
    let why = stdout.lines().nth(line + 1).unwrap_or_default();
    assert!(why.contains("heading, line"), "{why}");
    let unaddressed = "  mal-medlemmar-1  ";
    assert!(
        !stdout
            .lines()
            .any(|l| l.contains("verksamhetsplan-2022.md") && l.contains(unaddressed)),
        "{stdout}"
    );
}
