//! The judge's round's list and footnote slips, second look (7 December): a wrapped line
//! taken for a lost item, and items or a footnote lost without a word.

use crate::TestSite;
use crate::judged_mistakes::{INTRODUCTION, huddinge_with};

/// A goal's text wrapped where a date opens the line (`5. maj beslutade …`) is its text, as
/// its author meant, at any indentation: E148 took it for an item indented out of its list.
/// A number out of the list's order is text too; the next number is the lost item (above).
#[test]
fn a_wrapped_line_opening_with_a_date_or_another_number_is_the_items_text() {
    const FIRST: &str = "telefon.\n2. Nya medlemmar";
    for (indent, wrapped) in [
        ("   ", "5. maj beslutade styrelsen om kontakten"),
        ("\t", "2. maj beslutade styrelsen om kontakten"),
        ("    ", "3. gången ringer vi igen"),
    ] {
        let site = TestSite::example().replace_once(
            "content/solna/verksamhetsplan-2023.md",
            FIRST,
            &format!("telefon, och den\n{indent}{wrapped}.\n2. Nya medlemmar"),
        );
        let build = site.build();
        let plan = build
            .site
            .document("solna/verksamhetsplan-2023")
            .expect("plan");
        let first = plan.item("mal-medlemsvard-1").expect("goal 1");
        assert!(
            first.text.ends_with(&format!("den {wrapped}.")),
            "{}",
            first.text
        );
        let second = plan.item("mal-medlemsvard-2").expect("goal 2");
        assert!(second.text.starts_with("Nya medlemmar"), "{}", second.text);
    }
}

/// `[^1]` without its `[^1]: …` was printed as written in the plan; with its definition it
/// is a footnote, and `\[^1]` is text.
#[test]
fn a_footnote_without_its_definition_is_an_error() {
    let site = huddinge_with(
        INTRODUCTION,
        "## Inledning\n\nStyrelsen beslutade så[^1] och[^beslut] i maj.\n",
    );
    crate::assert_messages!(site);
    let build = huddinge_with(
        INTRODUCTION,
        "## Inledning\n\nStyrelsen beslutade så[^1] i maj, \\[^2] kvar.\n\n[^1]: Protokoll 5.\n",
    )
    .build();
    let page = crate::TestSite::page(&build, "huddinge/verksamhetsplan-2021-2022/index.html");
    assert!(
        page.contains(
            r##"så<sup class="footnote-reference" id="fnref-1"><a href="#fn-1"><span class="visually-hidden">Fotnot </span>1</a></sup> i maj, [^2] kvar."##
        ),
        "{page}"
    );
    assert!(page.contains("<p>Protokoll 5.</p>"), "{page}");
}

/// A note's id is its label behind `fn-`: the parser's bare label (`id="1"`, `id="mal"`)
/// may be a heading's or an item's id on the same page, and a page with two of an id is
/// invalid and its links go to the first. Notes are numbered in the order they appear.
#[test]
fn a_footnotes_id_is_its_own() {
    let build = huddinge_with(
        INTRODUCTION,
        "## Inledning\n\nStyrelsen[^b] beslutade så[^a] och så[^b].\n\n[^a]: Protokoll 5.\n[^b]: Protokoll 6.\n",
    )
    .build();
    let page = crate::TestSite::page(&build, "huddinge/verksamhetsplan-2021-2022/index.html");
    for expected in [
        r##"Styrelsen<sup class="footnote-reference" id="fnref-b"><a href="#fn-b"><span class="visually-hidden">Fotnot </span>1</a></sup>"##,
        r##"så<sup class="footnote-reference" id="fnref-a"><a href="#fn-a"><span class="visually-hidden">Fotnot </span>2</a></sup>"##,
        r##"<div class="footnote-definition" id="fn-a"><sup class="footnote-definition-label">2</sup>"##,
        r##"<div class="footnote-definition" id="fn-b"><sup class="footnote-definition-label">1</sup>"##,
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
    assert!(
        !page.contains(r#"id="a""#) && !page.contains(r#"id="b""#),
        "{page}"
    );
}

/// `2 . Nya` (a space before the dot) was more text of goal 1, after it or after the last
/// line of a sublist under it, and goal 2 was lost without a word. In a paragraph, outside
/// a list, a line opening so is prose.
#[test]
fn a_list_marker_with_a_space_before_its_dot_is_an_error() {
    const SECOND: &str = "\n2. Nya medlemmar";
    let site = TestSite::example().replace_once(
        "content/solna/verksamhetsplan-2023.md",
        SECOND,
        "\n   - ringa inom en vecka\n2 . Nya medlemmar",
    );
    crate::assert_messages!(site);
    let site = TestSite::example().replace_once(
        "content/solna/verksamhetsplan-2023.md",
        SECOND,
        "\n2 . Nya medlemmar",
    );
    let errors = site.errors_in(planpress::diagnostic::Lang::Sv);
    assert!(errors.contains("fel[E155]: raden `2 . Nya`"), "{errors}");
    assert!(errors.contains("verksamhetsplan-2023.md:40:1"), "{errors}");
    huddinge_with(
        INTRODUCTION,
        "## Inledning\n\nVi räknade till\n2 . Det var allt.\n",
    )
    .build();
}

/// A sublist indented less than its goal's text was a list of its own: its line became
/// goal 3 and every goal after it was numbered on, without a word. At the text's
/// indentation (three spaces under `2. `) it is goal 2's sublist, and nothing is said.
#[test]
fn a_sublist_indented_less_than_its_goal_is_an_error() {
    const AFTER_SECOND: &str = "bli aktiva.\n";
    let site = TestSite::example().replace_once(
        "content/solna/verksamhetsplan-2023.md",
        AFTER_SECOND,
        "bli aktiva.\n  - ringa inom en vecka\n",
    );
    crate::assert_messages!(site);
    let build = TestSite::example()
        .replace_once(
            "content/solna/verksamhetsplan-2023.md",
            AFTER_SECOND,
            "bli aktiva.\n   - ringa inom en vecka\n",
        )
        .build();
    let plan = build
        .site
        .document("solna/verksamhetsplan-2023")
        .expect("plan");
    let third = plan.item("mal-medlemsvard-3").expect("goal 3");
    assert!(
        third.text.starts_with("Medlemmar ska ges"),
        "{}",
        third.text
    );
}
