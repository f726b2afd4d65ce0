//! A list pasted from Word into the Storstockholm plan of 2015 (the round of 8 December):
//! Word's bullets, letters and the non-breaking space Word puts after a list's marker are
//! no list to Markdown. The items were one paragraph on the page and no goals in the goal
//! index; under a marked heading the one word was that no list stood under it.

use crate::TestSite;

const PLAN: &str = "content/storstockholm/verksamhetsplan-2015-2016.md";
const FIRST_GOAL: &str = "- Förankra och utveckla former";
const SECOND_GOAL: &str = "- Skapa engagemang och delaktighet";

fn plan_with(from: &str, to: &str) -> TestSite {
    TestSite::example().replace_once(PLAN, from, to)
}

/// `•` and a tab, as Word pastes its bullets: the line names the bullet and what to write.
#[test]
fn a_list_pasted_with_word_bullets_is_an_error_naming_the_bullet() {
    let site = plan_with(FIRST_GOAL, "•\tFörankra och utveckla former").replace_once(
        PLAN,
        SECOND_GOAL,
        "•\tSkapa engagemang och delaktighet",
    );
    crate::assert_messages!(site);
}

/// Lettered items (`a.`, `b.`) under a heading with no class: nothing else would say that
/// the list is a paragraph.
#[test]
fn a_list_lettered_a_b_is_an_error() {
    let site = plan_with(
        "### LOKALA FRÅGOR\n",
        "### LOKALA FRÅGOR\n\na. Föreningarna väljer en fråga.\nb. Distriktet stöder dem.\n",
    );
    crate::assert_messages!(site);
}

/// `-` followed by a non-breaking space, opening the list or a line of an item (where it
/// continued the item above): the space, which looks like any other, is named.
#[test]
fn a_hard_space_after_a_list_marker_is_an_error() {
    let site = plan_with(FIRST_GOAL, "-\u{a0}Förankra och utveckla former");
    crate::assert_messages!(site);
    let glued = plan_with(SECOND_GOAL, "-\u{a0}Skapa engagemang och delaktighet");
    crate::assert_messages!(glued);
}

/// A dash opening one line of prose, a quote's speaker or a sentence wrapped at a dash, is
/// text; so are a letter and a full stop that begin no lettered list.
#[test]
fn a_dash_or_letter_opening_a_line_of_prose_is_no_list() {
    let site = plan_with(
        "### LOKALA FRÅGOR\n",
        "### LOKALA FRÅGOR\n\n> Vi höjer våra röster!\n>\n> – Distriktsstyrelsen\n\nDet tredje är att\n– om tillfälle uppstår – berätta.\n\nE. Andersson skrev.\nC. Berg svarade.\n",
    );
    site.build();
}

/// `✓`, the report's own bullet for its recommendations in the PDF, retyped: the
/// recommendation was text of a paragraph, no addressee's page listed it.
#[test]
fn a_recommendation_pasted_with_its_check_mark_is_an_error() {
    let site = TestSite::example().replace_once(
        "content/storstockholm/framtidskommissionen-2020.md",
        "- Vi rekommenderar distriktsstyrelsen att, tillsammans",
        "✓ Vi rekommenderar distriktsstyrelsen att, tillsammans",
    );
    crate::assert_messages!(site);
}

/// The attribute line above a pasted list is that list's: no E020 ("must stand right before
/// the list it marks") beside E160, whether the whole list was pasted or only its first
/// line, and the lines after a pasted first one stay the marked list they are (no E047 per
/// item, whose help would say to mark a list that is marked).
#[test]
fn the_attribute_line_of_a_pasted_list_is_not_reported_again() {
    let whole = plan_with(
        "### LOKALA FRÅGOR\n",
        "### LOKALA FRÅGOR\n\n{.goals}\n\n•\tFöreningarna väljer en fråga.\n•\tDistriktet stöder dem.\n\nMer text.\n",
    );
    let first_only = plan_with(
        "### LOKALA FRÅGOR\n",
        "### LOKALA FRÅGOR\n\n{.goals}\n\n•\tFöreningarna väljer en fråga. {#fragan}\n- Distriktet stöder dem. {#stodet}\n- Alla hjälps åt. {#hjalp}\n",
    );
    for site in [whole, first_only] {
        let errors = site.errors();
        assert!(errors.contains("E160"), "{errors}");
        for cascade in ["E020", "E047", "E048"] {
            assert!(!errors.contains(cascade), "{cascade} in {errors}");
        }
    }
}
