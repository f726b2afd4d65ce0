//! What a board member who did not write planpress gets wrong while editing the bundled
//! example (the QA round of 7 December): each mistake is reported where it was made, or
//! does what the author meant, and never moves or drops anything without a word.

use crate::TestSite;

const PLAN: &str = "content/solna/verksamhetsplan-2023.md";
const FOLLOWUP: &str = "content/solna/verksamhetsplan-2023.followup.toml";

/// The example with `from` replaced by `to` in `file`, once.
fn example_with(file: &str, from: &str, to: &str) -> TestSite {
    TestSite::example().replace_once(file, from, to)
}

const FIRST_GOAL: &str = "kontakta nytillkomna medlemmar via sms eller telefon.";

/// Giving goal 1 an id of its own renumbered goals 2 to 6 (`mal-medlemsvard-2` became
/// `-1`), so the follow-up file's statuses and every link moved to the goal after the one
/// they named, without an error.
#[test]
fn an_explicit_id_on_one_goal_leaves_the_others_ids_alone() {
    let site = example_with(PLAN, FIRST_GOAL, &format!("{FIRST_GOAL} {{#kontakt}}"));
    let followup = site
        .read(FOLLOWUP)
        .replacen("mal-medlemsvard-1 =", "kontakt =", 1);
    site.write(FOLLOWUP, followup);
    let build = site.build();
    let plan = build
        .site
        .document("solna/verksamhetsplan-2023")
        .expect("the plan");
    let ids: Vec<&str> = plan
        .items
        .iter()
        .filter(|i| i.section_id == "medlemsvard" && i.kind == planpress::document::ItemKind::Goal)
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "kontakt",
            "mal-medlemsvard-2",
            "mal-medlemsvard-3",
            "mal-medlemsvard-4",
            "mal-medlemsvard-5",
            "mal-medlemsvard-6"
        ]
    );
    let second = plan.item("mal-medlemsvard-2").expect("goal 2");
    assert!(second.text.starts_with("Nya medlemmar"), "{}", second.text);
    assert_eq!(
        second.status,
        Some(planpress::document::GoalStatus::Ongoing),
        "the follow-up's status of goal 2 stays on goal 2"
    );
}

/// The follow-up file still naming goal 1 by its old derived id is an error, not a status
/// given to goal 2.
#[test]
fn a_follow_up_of_a_goal_that_took_an_id_of_its_own_is_an_error() {
    let site = example_with(PLAN, FIRST_GOAL, &format!("{FIRST_GOAL} {{#kontakt}}"));
    let errors = site.errors();
    assert!(errors.contains("E075"), "{errors}");
    assert!(errors.contains("mal-medlemsvard-1"), "{errors}");
}

const ACTIVITIES: &str =
    "#### Aktiviteter för att nå målen {.activities}\n\n- Anställa en ombudsman";

/// Activities indented by a tab were a code block: printed as code, in no index, and the
/// build said nothing.
#[test]
fn a_list_indented_by_a_tab_is_an_error_at_its_first_line() {
    let site = example_with(
        PLAN,
        ACTIVITIES,
        "#### Aktiviteter för att nå målen {.activities}\n\n\t- Anställa en ombudsman",
    );
    let errors = site.errors();
    assert!(errors.contains("E133"), "{errors}");
    let line = site
        .read(PLAN)
        .lines()
        .position(|l| l.starts_with("\t- Anställa"))
        .expect("the indented line")
        + 1;
    assert!(
        errors.contains(&format!("{PLAN}:{line}:1")),
        "at the indented line {line}: {errors}"
    );
}

/// Four spaces do the same, and a numbered list too; code that is not a list is still code.
#[test]
fn an_indented_list_is_told_from_indented_code() {
    let site = example_with(
        PLAN,
        ACTIVITIES,
        "#### Aktiviteter för att nå målen {.activities}\n\n    1. Anställa en ombudsman",
    );
    assert!(site.errors().contains("E133"));
    let site = example_with(
        PLAN,
        ACTIVITIES,
        "Ett exempel:\n\n    let x = 1;\n\n#### Aktiviteter för att nå målen {.activities}\n\n- Anställa en ombudsman",
    );
    let build = site.build();
    let page = TestSite::page(&build, "solna/verksamhetsplan-2023/index.html");
    assert!(page.contains("<pre class=\"code\"><code>let x = 1;"));
}

/// A period written without quotes was "invalid date, expected `-` (MM-DD)" or "string
/// values must be quoted, expected literal string": the parser's English, about TOML.
#[test]
fn a_period_without_quotes_is_named_in_swedish_with_the_line_to_write() {
    for written in ["2024–2025", "2024-2025"] {
        let site = example_with(PLAN, "period = \"2023\"", &format!("period = {written}"));
        let errors = site.errors_in(planpress::diagnostic::Lang::Sv);
        assert!(
            errors.contains("fel[E134]: `period` ska vara text inom raka citattecken"),
            "{errors}"
        );
        assert!(errors.contains(&format!("{PLAN}:6:10")), "{errors}");
        assert!(
            errors.contains(&format!("hjälp: skriv `period = \"{written}\"`")),
            "{errors}"
        );
        assert!(!errors.contains("expected"), "no parser English: {errors}");
    }
}

/// Latin-1 for UTF-8 is told where the first such byte is, in Swedish, as for a document;
/// a follow-up file or `topics.toml` said only "stream did not contain valid UTF-8".
#[test]
fn a_toml_file_saved_as_latin_1_is_named_at_its_first_byte() {
    let site = TestSite::example();
    let latin_1 = |text: String| -> Vec<u8> {
        text.chars()
            .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
            .collect()
    };
    let followup = site.read(FOLLOWUP);
    site.write(FOLLOWUP, latin_1(followup.clone()));
    site.write(
        "content/topics.toml",
        latin_1(site.read("content/topics.toml")),
    );
    let errors = site.errors_in(planpress::diagnostic::Lang::Sv);
    assert!(!errors.contains("stream did not contain"), "{errors}");
    let first = followup
        .lines()
        .position(|l| !l.is_ascii())
        .expect("a line with å, ä or ö")
        + 1;
    let column = followup
        .lines()
        .nth(first - 1)
        .map_or(0, |l| l.chars().take_while(char::is_ascii).count() + 1);
    assert!(
        errors.contains(&format!("{FOLLOWUP}:{first}:{column}")),
        "{errors}"
    );
    assert!(
        errors.contains("content/topics.toml är inte UTF-8-text"),
        "{errors}"
    );
}

const TRUSTEES_GOALS: &str = "#### Målsättningar {.goals}\n\n1. Alla förtroendevalda ska utvecklas";

/// `1.Alla` without its space made the seven goals under it one paragraph: the build
/// succeeded with 310 items instead of 317 and no word of the goals lost.
#[test]
fn a_goals_heading_whose_list_became_a_paragraph_is_an_error_at_the_heading() {
    let site = example_with(
        PLAN,
        TRUSTEES_GOALS,
        "#### Målsättningar {.goals}\n\n1.Alla förtroendevalda ska utvecklas",
    );
    let errors = site.errors();
    assert!(
        errors.contains("error[E135]: `.goals` on the heading marks nothing"),
        "{errors}"
    );
    let line = site
        .read(PLAN)
        .lines()
        .position(|l| l.starts_with("1.Alla"))
        .expect("the goal line")
        - 1;
    assert!(errors.contains(&format!("{PLAN}:{line}:20")), "{errors}");
    assert_eq!(errors.matches("error[").count(), 1, "{errors}");
}

/// A marking heading whose items stand in its subsections marks them: no error.
#[test]
fn a_marking_heading_with_its_items_in_a_subsection_is_not_an_error() {
    let site = example_with(
        PLAN,
        TRUSTEES_GOALS,
        "#### Målsättningar {.goals}\n\n##### Under året\n\n1. Alla förtroendevalda ska utvecklas",
    );
    let build = site.build();
    let plan = build
        .site
        .document("solna/verksamhetsplan-2023")
        .expect("the plan");
    assert!(
        plan.items
            .iter()
            .any(|i| i.text.starts_with("Alla förtroendevalda ska utvecklas"))
    );
}

/// `3.Alla` in the middle of a goal list, or `-Genom` in an activity list, went on the
/// item above as more of its text: one goal and one activity fewer, and no error.
#[test]
fn an_item_glued_to_its_marker_is_an_error_at_its_line() {
    let site = example_with(
        PLAN,
        "\n3. Alla förtroendevalda ska känna till",
        "\n3.Alla förtroendevalda ska känna till",
    );
    let text = site
        .read(PLAN)
        .replacen("\n- Genom nyhetsbrev", "\n-Genom nyhetsbrev", 1);
    site.write(PLAN, &text);
    let errors = site.errors();
    for written in ["3.Alla", "-Genom"] {
        let line = text
            .lines()
            .position(|l| l.starts_with(written))
            .expect("the glued line")
            + 1;
        assert!(
            errors.contains(&format!(
                "error[E136]: the line `{written}` continues the item above"
            )),
            "{errors}"
        );
        assert!(errors.contains(&format!("{PLAN}:{line}:1")), "{errors}");
    }
}

/// Storstockholm put under Solna, which is under Storstockholm, built without a word: the
/// organisations had no top.
#[test]
fn organisations_under_each_other_are_one_error_naming_the_ring() {
    let site = example_with(
        "content/organizations.toml",
        "level = \"district\"\nparent = \"vansterpartiet\"",
        "level = \"district\"\nparent = \"solna\"",
    );
    let errors = site.errors_in(planpress::diagnostic::Lang::Sv);
    assert!(
        errors.contains(
            "fel[E137]: organisationen `solna` ligger under sig själv: solna → storstockholm → solna"
        ),
        "{errors}"
    );
    assert_eq!(errors.matches("fel[").count(), 1, "{errors}");
}

/// serde's English about organizations.toml ("unknown variant `lokal`, expected one of …").
#[test]
fn an_unknown_level_is_named_in_swedish() {
    let site = example_with(
        "content/organizations.toml",
        "level = \"local\"",
        "level = \"lokal\"",
    );
    let errors = site.errors_in(planpress::diagnostic::Lang::Sv);
    assert!(
        errors.contains("okänt värde `lokal`; möjliga värden: `party`, `district`, `local`"),
        "{errors}"
    );
}

/// An eight-column table in a plan pushed the whole page sideways on a 390 px phone (the
/// page was 630 px wide): it now scrolls in a box of its own that the keyboard can reach.
#[test]
fn an_authors_table_scrolls_in_its_own_box() {
    let table = "| Mål | Ansvarig | Q1 | Q2 | Q3 | Q4 | Budget | Kommentar |\n|---|---|---|---|---|---|---|---|\n| Medlemsvård | Styrelsen | 10 | 20 | 30 | 40 | 12 000 kr | Ringa alla nya medlemmar |\n";
    let site = example_with(PLAN, "## Struktur\n", &format!("## Struktur\n\n{table}\n"));
    let build = site.build();
    let page = TestSite::page(&build, "solna/verksamhetsplan-2023/index.html");
    let open = "<div class=\"table-scroll\" tabindex=\"0\">\n<table>";
    let at = page
        .find(open)
        .unwrap_or_else(|| panic!("the table in its box: {page}"));
    let close = page[at..]
        .find("</table>")
        .map(|end| at + end)
        .expect("the table's end");
    assert!(
        page[close..].starts_with("</table>\n</div>"),
        "{}",
        &page[close..close + 40]
    );
    let css =
        std::fs::read_to_string(crate::repo_root().join("themes/default/static/css/style.css"))
            .expect("the style sheet");
    assert!(css.contains(".table-scroll {\n  overflow-x: auto;"));
}

/// `[[ ]]` was an error, but `[[]]` and `[[|text]]` were printed as written: each names no
/// document. Escaped or in code they stay text.
#[test]
fn an_empty_wiki_link_is_an_error_unless_escaped_or_code() {
    let line = "2. Nya medlemmar ska lätt kunna komma in i föreningen och bli aktiva.";
    let site = example_with(
        PLAN,
        line,
        "2. Nya medlemmar ska lätt kunna komma in i föreningen och bli aktiva, se [[]] och [[|här]].",
    );
    let errors = site.errors();
    let number = site
        .read(PLAN)
        .lines()
        .position(|l| l.contains("se [[]]"))
        .expect("the line")
        + 1;
    assert!(errors.contains("error[E040]: `[[]]`"), "{errors}");
    assert!(errors.contains("error[E040]: `[[|här]]`"), "{errors}");
    assert!(errors.contains(&format!("{PLAN}:{number}:74")), "{errors}");
    let site = example_with(
        PLAN,
        line,
        "2. Nya medlemmar ska lätt kunna komma in i föreningen och bli aktiva, som \\[[]] och `[[]]`.",
    );
    site.build();
}

/// Huddinge's plan saved as `.MD` or `.md.txt` (Notepad's), or Solna's follow-up file named
/// `.uppfoljning.toml`, was left out: one document fewer, or no statuses, without a word.
#[test]
fn a_document_or_follow_up_file_under_another_name_is_an_error_naming_it() {
    let site = TestSite::example();
    let plan = "content/huddinge/verksamhetsplan-2021-2022";
    std::fs::rename(
        site.path(&format!("{plan}.md")),
        site.path(&format!("{plan}.md.txt")),
    )
    .expect("rename the plan");
    let renamed = "content/solna/verksamhetsplan-2023.uppfoljning.toml";
    std::fs::rename(site.path(FOLLOWUP), site.path(renamed)).expect("rename the follow-up");
    let errors = site.errors_in(planpress::diagnostic::Lang::Sv);
    assert!(
        errors.contains(&format!("fel[E138]: `{plan}.md.txt` läses inte")),
        "{errors}"
    );
    assert!(
        errors.contains("hjälp: byt namn till `verksamhetsplan-2021-2022.md`"),
        "{errors}"
    );
    assert!(
        errors.contains(&format!("fel[E138]: `{renamed}` läses inte")),
        "{errors}"
    );
    assert!(
        errors.contains("`verksamhetsplan-2023.followup.toml`"),
        "{errors}"
    );
}
