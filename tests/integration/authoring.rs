//! The mistakes a new author makes in attribute blocks (issue #18), each made in a copy of
//! the bundled example: every one is an error at its file, line and column with a fix,
//! never a page that prints the block as text and loses the items it marked.

use crate::TestSite;

const PLAN: &str = "content/solna/verksamhetsplan-2023.md";

/// The example with `from` replaced by `to` in Solna's plan, once.
fn example_with(from: &str, to: &str) -> TestSite {
    let site = TestSite::example();
    let text = site.read(PLAN);
    assert!(text.contains(from), "the example no longer holds {from:?}");
    site.write(PLAN, text.replacen(from, to, 1));
    site
}

const GOALS_HEADING: &str = "#### Målsättningar {.goals}\n\n1. Kontinuerligt";

#[test]
fn unclosed_heading_block() {
    let site = example_with(
        GOALS_HEADING,
        "#### Målsättningar {.goals\n\n1. Kontinuerligt",
    );
    crate::assert_messages!(site);
}

#[test]
fn unclosed_item_block() {
    let site = example_with(
        "samarbete med exempelvis ABF, distriktet och andra partiföreningar.",
        "samarbete med exempelvis ABF, distriktet och andra partiföreningar. {#studiecirkel",
    );
    crate::assert_messages!(site);
}

#[test]
fn misspelt_heading_class() {
    let site = example_with(
        GOALS_HEADING,
        "#### Målsättningar {.gaols}\n\n1. Kontinuerligt",
    );
    crate::assert_messages!(site);
}

#[test]
fn class_on_an_item() {
    let site = example_with(
        "2. Nya medlemmar ska lätt kunna komma in i föreningen och bli aktiva.",
        "2. Nya medlemmar ska lätt kunna komma in i föreningen och bli aktiva. {.goal}",
    );
    crate::assert_messages!(site);
}

#[test]
fn attribute_line_glued_to_the_paragraph_above() {
    let site = example_with(
        GOALS_HEADING,
        "Målsättningar:\n{.goals}\n\n1. Kontinuerligt",
    );
    crate::assert_messages!(site);
}

#[test]
fn text_after_an_item_block() {
    let site = example_with(
        "2. Nya medlemmar ska lätt kunna komma in i föreningen och bli aktiva.",
        "2. Nya medlemmar ska lätt kunna komma in i föreningen och bli aktiva. {#nya-aktiva}.",
    );
    crate::assert_messages!(site);
}

#[test]
fn block_on_an_item_of_an_unmarked_list() {
    let site = example_with(
        "#### Aktiviteter för att nå målen {.activities}",
        "#### Aktiviteter för att nå målen",
    );
    let text = site.read(PLAN).replacen(
        "- Alla nya medlemmar ska kontaktas via telefon.",
        "- Alla nya medlemmar ska kontaktas via telefon. {#telefon}",
        1,
    );
    site.write(PLAN, text);
    crate::assert_messages!(site);
}

#[test]
fn item_keys_on_a_heading_that_does_not_mark_their_items() {
    let site = example_with(
        "### Medlemsvård {topics=\"medlemmar\"}",
        "### Medlemsvård {topics=\"medlemmar\" status=\"done\" implements=\"@/vansterpartiet/strategidokumentet-2020.md\"}",
    );
    crate::assert_messages!(site);
}

#[test]
fn status_on_a_goals_heading_applies_to_every_goal_beneath() {
    let site = example_with(
        GOALS_HEADING,
        "#### Målsättningar {.goals status=\"dropped\"}\n\n1. Kontinuerligt",
    );
    let build = site.build();
    let goals: Vec<_> = build
        .site
        .documents
        .iter()
        .find(|d| d.path == "solna/verksamhetsplan-2023")
        .map(|d| {
            d.items
                .iter()
                .filter(|i| i.id.starts_with("mal-medlemsvard-"))
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(goals.len(), 6);
    // The follow-up file still wins for the goals it names (1, 2, 4, 5).
    let dropped: Vec<_> = goals
        .iter()
        .filter(|g| g.status.map(|s| s.as_str()) == Some("dropped"))
        .map(|g| g.id.as_str())
        .collect();
    assert_eq!(dropped, ["mal-medlemsvard-3", "mal-medlemsvard-6"]);
}

#[test]
fn a_wrong_status_on_a_goals_heading_is_reported() {
    let site = example_with(
        GOALS_HEADING,
        "#### Målsättningar {.goals status=\"klar\"}\n\n1. Kontinuerligt",
    );
    assert!(site.errors().contains("unknown goal status `klar`"));
}

#[test]
fn escaped_braces_are_text() {
    let site = example_with(
        "2. Nya medlemmar ska lätt kunna komma in i föreningen och bli aktiva.",
        "2. Nya medlemmar ska lätt kunna komma in i föreningen och bli aktiva. \\{#inte-ett-id}",
    );
    let text = site.read(PLAN).replacen(
        "Vår partiförening växer",
        "Skriv \\{.goals} och \\{#id så. Vår partiförening växer",
        1,
    );
    site.write(PLAN, text);
    let build = site.build();
    let page = TestSite::page(&build, "solna/verksamhetsplan-2023/index.html");
    assert!(
        page.contains("bli aktiva. {#inte-ett-id}"),
        "{}",
        crate::main_of(page)
    );
    assert!(page.contains("Skriv {.goals} och {#id så."));
}

// ---- links written as addresses of the site (issue #18) -------------------------------

const LINK_AT: &str = "Vår partiförening växer";

fn example_with_link(link: &str) -> TestSite {
    example_with(LINK_AT, &format!("{link} Vår partiförening växer"))
}

#[test]
fn root_relative_link_with_a_wrong_anchor() {
    let site =
        example_with_link("[strategin](/vansterpartiet/strategidokumentet-2020/#ata-finns-inte).");
    crate::assert_messages!(site);
}

#[test]
fn link_copied_from_the_preview() {
    let site = example_with_link(
        "[strategin](http://127.0.0.1:1111/planer/vansterpartiet/strategidokumentet-2020/#ata-1).",
    );
    crate::assert_messages!(site);
}

#[test]
fn link_to_a_page_the_site_does_not_have() {
    let site = example_with_link("[målen](/planer/maal/) och [stilen](/css/stil.css).");
    crate::assert_messages!(site);
}

#[test]
fn links_to_the_site_are_written_with_its_base_path() {
    let build = example_with_link(concat!(
        "[a](/vansterpartiet/strategidokumentet-2020/) ",
        "[b](/planer/vansterpartiet/strategidokumentet-2020/#ata-fran-ung-vanster-till-v) ",
        "[c](https://storstockholm.vansterpartiet.se/planer/solna/verksamhetsplan-2023/#medlemsvard) ",
        "[d](/mal/) [e](/css/style.css) [f](/planer/) [g](https://vansterpartiet.se/)",
    ))
    .build();
    let page = TestSite::page(&build, "solna/verksamhetsplan-2023/index.html");
    for href in [
        "href=\"/planer/vansterpartiet/strategidokumentet-2020/\"",
        "href=\"/planer/vansterpartiet/strategidokumentet-2020/#ata-fran-ung-vanster-till-v\"",
        "href=\"#medlemsvard\"",
        "href=\"/planer/mal/\"",
        "href=\"/planer/css/style.css\"",
        "href=\"/planer/\"",
        "href=\"https://vansterpartiet.se/\"",
    ] {
        assert!(
            page.contains(href),
            "{href} not in {}",
            crate::main_of(page)
        );
    }
}

#[test]
fn check_lists_links_to_other_hosts() {
    let site = example_with_link(
        "[ABF](https://www.abf.se/) och [sidan](/mal/) och [[vansterpartiet/strategidokumentet-2020]]\n\nMer: <http://example.net/a>.\n\n",
    );
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
        .args(["check", "--list-external"])
        .current_dir(site.root())
        .output()
        .expect("run planpress");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let listed: Vec<&str> = stdout
        .lines()
        .filter(|l| l.starts_with("content/"))
        .collect();
    assert_eq!(
        listed,
        [
            "content/solna/verksamhetsplan-2023.md:33: https://www.abf.se/",
            "content/solna/verksamhetsplan-2023.md:35: http://example.net/a",
        ]
    );
}

// ---- one build lists every error (issue #18) ------------------------------------------

#[test]
fn a_front_matter_error_does_not_hide_the_body_or_other_files() {
    let site = example_with(
        "organization = \"solna\"",
        "organization = \"solan\"\nperiode = \"2023\"",
    );
    let text = site.read(PLAN).replacen(
        GOALS_HEADING,
        "#### Målsättningar {.gaols}\n\n1. Kontinuerligt",
        1,
    );
    site.write(PLAN, text);
    let other = "content/huddinge/verksamhetsplan-2021-2022.md";
    let text = site.read(other) + "\nSe [strategin](@/vansterpartiet/strategi.md).\n";
    site.write(other, text);
    crate::assert_messages!(site);
}

#[test]
fn a_document_with_unreadable_toml_is_still_checked() {
    let site = example_with("title = \"", "title = \"\"\"");
    let text = site.read(PLAN).replacen(
        GOALS_HEADING,
        "#### Målsättningar {.goals\n\n1. Kontinuerligt",
        1,
    );
    site.write(PLAN, text);
    crate::assert_messages!(site);
}

/// A TOML syntax error on one line of the front matter: the fields on the other lines are
/// still checked (an unknown organisation, a misspelt topic, a status of the wrong type), and
/// so is the body, in one run.
#[test]
fn a_front_matter_syntax_error_hides_no_other_field() {
    let site = example_with("period = \"2023\"", "period = \"2023");
    let text = site
        .read(PLAN)
        .replacen("organization = \"solna\"", "organization = \"solan\"", 1)
        .replacen(
            "\"medlemmar\", \"fortroendevalda\"",
            "\"medlemar\", \"fortroendevalda\"",
            1,
        )
        .replacen("status = \"adopted\"", "status = 2023", 1)
        .replacen(
            GOALS_HEADING,
            "#### Målsättningar {.gaols}\n\n1. Kontinuerligt",
            1,
        );
    site.write(PLAN, text);
    crate::assert_messages!(site);
}

// ---- warnings (issue #18) ---------------------------------------------------------------

#[test]
fn warnings_are_counted_and_fail_with_deny_warnings() {
    let site = example_with(
        GOALS_HEADING,
        "#### Målsättningar {.goals .viktig}\n\n1. Kontinuerligt",
    );
    let (ok, stdout, stderr) = crate::run_cli(&site, &["check"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("warning[W002]: `.viktig` is not a planpress class"),
        "{stderr}"
    );
    assert!(stderr.contains("verksamhetsplan-2023.md:37:20"), "{stderr}");
    assert!(stdout.contains(": no errors, 1 warning\n"), "{stdout}");
    let (ok, stdout, _) = crate::run_cli(&site, &["build"]);
    assert!(ok && stdout.contains(", 1 warning\n"), "{stdout}");
    std::fs::remove_dir_all(site.path("public")).expect("remove public/");

    let (ok, _, stderr) = crate::run_cli(&site, &["check", "--deny-warnings"]);
    assert!(!ok);
    assert!(
        stderr.contains("failed with 1 warning and --deny-warnings"),
        "{stderr}"
    );
    let (ok, _, _) = crate::run_cli(&site, &["build", "--deny-warnings"]);
    assert!(!ok);
    assert!(
        !site.path("public").exists(),
        "a denied build wrote the site"
    );
}

// ---- a lost item explains itself (issue #18) ---------------------------------------------

#[test]
fn a_followed_up_goal_lost_to_a_misspelt_list_class_points_at_it() {
    let site = example_with(
        GOALS_HEADING,
        "#### Målsättningar {.goals}\n\n{.gaols}\n\n1. Kontinuerligt",
    );
    crate::assert_messages!(site);
}

#[test]
fn a_link_to_a_goal_lost_to_an_unclosed_heading_points_at_it() {
    let site = example_with(
        GOALS_HEADING,
        "#### Målsättningar {.goals\n\n1. Kontinuerligt",
    );
    site.write(
        "content/solna/verksamhetsplan-2023.followup.toml",
        "[goals]\nmal-fortroendevalda-1 = \"done\"\n",
    );
    let other = "content/huddinge/verksamhetsplan-2021-2022.md";
    let text = site.read(other)
        + "\nSe [Solnas mål](@/solna/verksamhetsplan-2023.md#mal-medlemsvard-3).\n";
    site.write(other, text);
    crate::assert_messages!(site);
}

// ---- planpress ids (issue #18) --------------------------------------------------------

#[test]
fn ids_lists_a_documents_items_even_while_it_has_errors() {
    let site = example_with(
        "3. Medlemmar ska ges möjlighet",
        "3. Medlemmar ska ges möjlighet {#valkomna} att",
    );
    let text = site.read(PLAN) + "\nSe [x](@/finns/inte.md).\n";
    site.write(PLAN, text);
    let (ok, stdout, stderr) =
        crate::run_cli(&site, &["ids", "content/solna/verksamhetsplan-2023.md"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr.contains("text after the attribute block `{#valkomna}`"),
        "{stderr}"
    );
    let lines: Vec<&str> = stdout.lines().take(3).collect();
    assert_eq!(
        lines,
        [
            "mal-medlemsvard-1              goal            Kontinuerligt under året kontakta nytillkomna medlemmar via sms …",
            "mal-medlemsvard-2              goal            Nya medlemmar ska lätt kunna komma in i …",
            "mal-medlemsvard-3              goal            Medlemmar ska ges möjlighet {#valkomna} att att lära …",
        ]
    );
    assert!(
        stdout.contains("\nakt-medlemsvard-1 "),
        "activities are listed too:\n{stdout}"
    );
    let (ok, _, stderr) = crate::run_cli(&site, &["ids", "content/solna/finns-inte.md"]);
    assert!(!ok && stderr.contains("cannot read"), "{stderr}");
}

#[test]
fn new_refuses_an_unknown_organization_or_creates_it() {
    let site = TestSite::example();
    let (ok, _, stderr) = crate::run_cli(&site, &["new", "plan", "solan/plan-2024"]);
    assert!(!ok);
    assert!(stderr.contains("unknown organization `solan`"), "{stderr}");
    assert!(stderr.contains("did you mean `solna`?"), "{stderr}");
    assert!(!site.path("content/solan").exists());

    let (ok, _, stderr) = crate::run_cli(
        &site,
        &[
            "new",
            "plan",
            "nyforening/plan-2024",
            "--create-org",
            "Vänsterpartiet \"Ny\" förening",
        ],
    );
    assert!(ok, "{stderr}");
    assert!(site.path("content/nyforening/plan-2024.md").is_file());
    assert!(
        site.read("content/organizations.toml")
            .contains("slug = \"nyforening\"")
    );
    let build = site.build();
    assert!(build.site.document("nyforening/plan-2024").is_some());
}

#[test]
fn a_goal_shows_what_it_implements_and_the_commitment_shows_the_goal() {
    let build = example_with(
        "2. Nya medlemmar ska lätt kunna komma in i föreningen och bli aktiva.",
        "2. Nya medlemmar ska lätt kunna komma in i föreningen och bli aktiva. {implements=\"@/vansterpartiet/strategidokumentet-2020.md#ata-fran-ung-vanster-till-v\"}",
    )
    .build();
    let goal_page = TestSite::page(&build, "solna/verksamhetsplan-2023/index.html");
    let goal = goal_page
        .split("id=\"mal-medlemsvard-2\"")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .unwrap_or_default();
    assert!(
        goal.contains("<span class=\"implements\">Genomför: <a href=\"/planer/vansterpartiet/strategidokumentet-2020/#ata-fran-ung-vanster-till-v\">"),
        "{goal}"
    );
    let commitment_page =
        TestSite::page(&build, "vansterpartiet/strategidokumentet-2020/index.html");
    let commitment = commitment_page
        .split("id=\"ata-fran-ung-vanster-till-v\"")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .unwrap_or_default();
    assert!(commitment.contains("Genomförs i"), "{commitment}");
    assert!(
        commitment.contains("/planer/solna/verksamhetsplan-2023/#mal-medlemsvard-2"),
        "{commitment}"
    );
}
