//! A list under a heading that names a kind of item but marks none (W009): the heading
//! `#### Målsättningar` copied into a plan without its `{.goals}`. The goals were an
//! ordinary list, missing from the goal index, the topic page and the follow-up, and the
//! build said nothing.

use crate::TestSite;

const PLAN: &str = "content/solna/verksamhetsplan-2023.md";
const ANTIRASISM_GOALS: &str = "#### Målsättningar {.goals}\n\n1. Erbjud alla medlemmar";

fn without_class(site: TestSite, heading: &str) -> TestSite {
    site.replace_once(
        PLAN,
        ANTIRASISM_GOALS,
        &format!("{heading}\n\n1. Erbjud alla medlemmar"),
    )
}

/// The warning names the heading and what to write on it, and the goals are indeed gone:
/// the warning is about a real loss, not a guess about style.
#[test]
fn a_goals_heading_without_its_class_is_a_warning() {
    let site = without_class(TestSite::example(), "#### Målsättningar");
    crate::assert_warnings!(site);
    let build = site.build();
    let goals = TestSite::page(&build, "mal/index.html");
    assert!(!goals.contains("Erbjud alla medlemmar utbildning i antirasism"));
}

/// Headed "Våra mål för 2024" or "Föreningens målsättningar", the same list is the same
/// mistake.
#[test]
fn a_heading_naming_goals_after_an_owner_is_a_warning_too() {
    for heading in ["### Våra mål för 2024", "#### Föreningens målsättningar"] {
        let site = without_class(TestSite::example(), heading);
        let warnings = site.build().warnings;
        assert_eq!(warnings.len(), 1, "{heading}: {warnings:?}");
        assert_eq!(warnings[0].code(), Some("W009"), "{heading}");
    }
}

/// A follow-up file that follows up one of the lost goals is an error, and its help points
/// at the unmarked heading rather than guessing at another goal's id.
#[test]
fn a_followed_up_goal_lost_to_an_unmarked_heading_points_at_it() {
    let site = TestSite::example().replace_once(
        PLAN,
        "#### Målsättningar {.goals}\n\n1. Kontinuerligt",
        "#### Målsättningar\n\n1. Kontinuerligt",
    );
    crate::assert_messages!(site);
}

/// Lists that no heading claims as items: a heading that names a kind only further on, a
/// heading over prose, a list under a marked heading's own subheading, and the bundled
/// example itself. None of them is warned about.
#[test]
fn lists_no_heading_names_as_items_are_not_warned_about() {
    assert!(TestSite::example().build().warnings.is_empty());
    for heading in [
        "#### Uppföljning av målen",
        "#### Intern organisering",
        "#### Delmålens koppling till strategin",
    ] {
        let site = without_class(TestSite::example(), heading);
        let warnings = site.build().warnings;
        assert!(warnings.is_empty(), "{heading}: {warnings:?}");
    }
    let prose = TestSite::example().replace_once(
        PLAN,
        ANTIRASISM_GOALS,
        "#### Mål\n\nVi arbetar vidare med målen från förra året.\n\n#### Målsättningar {.goals}\n\n1. Erbjud alla medlemmar",
    );
    assert!(prose.build().warnings.is_empty());
}

/// "Mål 2025" over a list heads the year's goals: a year is no goal's number, and the
/// advice is `.goals` for the list (W009), not `.goal` on the heading (W010, which made the
/// heading a goal named "Mål 2025" and left the list as it was).
#[test]
fn a_goals_heading_with_a_year_is_the_heading_of_a_list() {
    for heading in ["### Mål 2025", "### Delmål 2025–2026"] {
        let site = without_class(TestSite::example(), heading);
        let warnings = site.build().warnings;
        let codes: Vec<_> = warnings.iter().filter_map(|w| w.code()).collect();
        assert_eq!(codes, ["W009"], "{heading}");
    }
}

/// Huddinge's plan writes each goal as a heading, `### Delmål 5: … {#delmal-5 .goal …}`; a
/// delmål added without `.goal` was a section title, in no index (W010), and the advice is
/// `.goal` on the heading, not `.goals` on a list.
#[test]
fn a_numbered_goal_heading_without_its_class_is_a_warning() {
    let site = TestSite::example().replace_once(
        "content/huddinge/verksamhetsplan-2021-2022.md",
        "### Delmål 5: Meningsfulla medlemsmöten {#delmal-5 .goal topics=\"medlemmar\"}",
        "### Delmål 5: Meningsfulla medlemsmöten",
    );
    crate::assert_warnings!(site);
}
