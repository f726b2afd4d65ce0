//! Words a member types in another form than the text has them: a verb's past form
//! ("läckte" for "läcker"), a compound the text writes with a dangling joint
//! ("organisations- och projektledningsverktyg"), a compound written apart in one text and
//! whole in another ("ordförande träffarna").

use crate::TestSite;
use crate::search::{assert_first_results, built_index, node_available, node_json, run_queries};

/// search_lib.js's stems of a past form: the build terms its present forms would have.
#[test]
fn a_past_form_has_the_stems_of_its_present_forms() {
    if !node_available() {
        return;
    }
    let js = crate::repo_root().join("themes/default/static/js/search_lib.js");
    let script = format!(
        "const l = require({js:?});\n\
         console.log(JSON.stringify(['läckte', 'drabbades', 'organiserat', 'växte', 'bra']\n\
           .map(w => l.pastStems(l.base(w)))));",
        js = js.display().to_string(),
    );
    let stems: Vec<Vec<String>> = node_json(&script);
    assert_eq!(
        stems,
        [
            vec!["lack"],
            vec!["drabba", "drabb"],
            vec!["organisera", "organiser"],
            vec!["vax"],
            vec![],
        ]
    );
}

/// A weak verb's past form the site does not have finds the forms it has, as the same word:
/// "läckte" found nothing (the report says "läcker"), "drabbade" nothing ("drabbas").
#[test]
fn a_past_form_finds_the_present_forms_of_its_verb() {
    if !node_available() {
        return;
    }
    let site = TestSite::example();
    let dir = built_index(&site);
    assert_first_results(
        &dir,
        &[
            ("informationen läckte ut", "#inflytande-stockholm "),
            ("känslig information läckte", "#inflytande-stockholm "),
            (
                "klimatförändringar drabbade",
                "huddinge/verksamhetsplan-2021-2022/#inledning ",
            ),
        ],
    );
}

/// A word left dangling before a compound ("organisations- och projektledningsverktyg",
/// "ledarskaps-, aktivist-organisatörs- och chefsutbildningarna") is the compound it stands
/// for: typed whole it found the strategy's section and the commitment after other texts,
/// or not at all.
#[test]
fn a_compound_written_with_a_dangling_joint_is_found_whole() {
    if !node_available() {
        return;
    }
    let site = TestSite::example();
    let dir = built_index(&site);
    assert_first_results(
        &dir,
        &[
            (
                "organisationsverktyg",
                "strategidokumentet-2020/#digitalisera-viktiga-ledningsfunktioner ",
            ),
            (
                "ledarskapsutbildningarna",
                "#citat-stod-till-medlemmar-och-fortroendevalda-4 ",
            ),
        ],
    );
}

/// A word typed alone that few items have whole also lists, after them, the items with its
/// two parts: the report writes "gruppledar- och ordförande träffarna" in one place and
/// "ordförande- och gruppledarträffar" in another, and "ordförandeträffar" found only the
/// second once the dangling joint was read as the compound. Among more words, the items
/// with fewer of them follow instead, and a part marks nothing.
#[test]
fn a_rare_word_typed_alone_lists_its_parts_written_apart_after_it() {
    if !node_available() {
        return;
    }
    let site = TestSite::example();
    let dir = built_index(&site);
    let results = run_queries(
        &dir,
        &[
            ("ordförandeträffar", serde_json::json!({})),
            ("ordförandeträffar strategisk", serde_json::json!({})),
        ],
        10,
    );
    let alone = &results[0].1;
    let whole = alone
        .iter()
        .position(|r| r.contains("#rek-strategisk-planering "));
    let apart = alone.iter().position(|r| r.contains("#rek-bra-moten "));
    assert!(
        whole.is_some_and(|w| apart.is_some_and(|a| w < a)),
        "{alone:?}"
    );
    assert!(
        !results[1].1.iter().any(|r| r.contains("#rek-bra-moten ")),
        "{:?}",
        results[1].1
    );
}
