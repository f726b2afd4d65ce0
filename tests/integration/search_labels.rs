//! An item found by the label its page shows it with ("Mål 3 · Medlemsvård"): the build posts
//! the kind's word and the number as one word (`mål3`), and `search.js` joins a kind's word
//! typed before a number into it (`withLabels`), from the entry file's `labels`.

use crate::TestSite;
use crate::search::{assert_first_results, built_index, node_available, node_json, run_queries};

/// What search.js's `queryWords` reads each query as, with the kind words `labels`.
fn query_words(cases: &[(&str, &[&str])]) -> Vec<Vec<String>> {
    let js = crate::repo_root().join("themes/default/static/js/search.js");
    let cases = serde_json::to_string(cases).expect("the cases as JSON");
    let script = format!(
        "const s = require({js:?});\n\
         console.log(JSON.stringify({cases}.map(([q, labels]) => s.queryWords(q, [], labels))));",
        js = js.display().to_string(),
    );
    node_json(&script)
}

/// A kind's word followed by a number is one word, spelt as the label (the query's own
/// diacritics, or none, or "aa" for å), wherever it stands in the query; a label of two words
/// is joined whole; a kind's word without a number, or an index without labels, is as before.
#[test]
fn a_kind_word_and_a_number_are_read_as_the_labels_word() {
    if !node_available() {
        return;
    }
    let sv: &[&str] = &["mål", "aktivitet", "rekommendation", "åtagande"];
    let words = query_words(&[
        ("Mål 3 · Medlemsvård", sv),
        ("mal 3 medlemsvard", sv),
        ("medlemsvård mål 3", sv),
        ("maal 12", sv),
        ("Atagande 4, internfeminism", sv),
        ("mål medlemsvård", sv),
        ("key goal 4 members", &["keygoal"]),
        ("mål 3", &[]),
    ]);
    let expected: [&[&str]; 8] = [
        &["mål3", "medlemsvård"],
        &["mål3", "medlemsvard"],
        &["medlemsvård", "mål3"],
        &["mål12"],
        &["åtagande4", "internfeminism"],
        &["mål", "medlemsvård"],
        &["keygoal4", "members"],
        &["mål"],
    ];
    for (got, want) in words.iter().zip(expected) {
        assert_eq!(got, want);
    }
}

/// Every label query of the relevance fixture (its seventh round, each expected item chosen
/// from the pages' labels) lists its item first, not only among the first ten: before, eleven
/// of the sixteen were not among the first ten, and one was first.
#[test]
fn an_items_label_typed_lists_the_item_first() {
    if !node_available() {
        return;
    }
    let fixture = include_str!("search_relevance.txt");
    let (_, round) = fixture
        .split_once("# Seventh round")
        .expect("the fixture's label round");
    let cases: Vec<(&str, &str)> = round
        .lines()
        .filter(|line| !line.starts_with('#'))
        .filter_map(|line| line.split_once(" | "))
        .collect();
    assert!(cases.len() >= 8, "{} label queries", cases.len());
    let site = TestSite::example();
    let dir = built_index(&site);
    assert_first_results(&dir, &cases);
}

/// A label's number is matched whole: "rekommendation 1" lists the thirteen recommendations
/// the pages number 1 (and their report), not numbers 10 to 12, which `rekommendation1`
/// begins (a prefix, as a word being typed is matched).
#[test]
fn a_labels_number_is_matched_whole() {
    if !node_available() {
        return;
    }
    let site = TestSite::example();
    let dir = built_index(&site);
    let results = run_queries(&dir, &[("rekommendation 1", serde_json::json!({}))], 100);
    let (count, shown) = &results[0];
    let report = "/planer/storstockholm/framtidskommissionen-2020/";
    let mut anchors: Vec<&str> = shown
        .iter()
        .filter_map(|r| r.split_once(' ').map(|(url, _)| url))
        .map(|url| url.strip_prefix(report).unwrap_or(url))
        .collect();
    anchors.sort_unstable();
    let mut expected = vec![
        "",
        "#rek-aktivitetskalendarium",
        "#rek-arbetaryrken",
        "#rek-avstamningsmoten",
        "#rek-digitala-kurser",
        "#rek-erbjud-moteslokaler",
        "#rek-litet-representantskap",
        "#rek-lokala-foretradare",
        "#rek-lyfta-lokala-foretradare",
        "#rek-mangfald-anstallda",
        "#rek-sociala-medier",
        "#rek-strategisk-planering",
        "#rek-strategiska-forslag",
        "#rek-ung-vanster",
    ];
    expected.sort_unstable();
    assert_eq!(anchors, expected, "{count} results");
}

/// A label written before its number ("Delmål 6:"), which the query reads as one word
/// (`delmål6`), is marked in a snippet with its number, not another number it begins
/// ("delmål 60"); the heading's snippet marked nothing.
#[test]
fn a_label_written_before_its_number_is_marked_with_it() {
    if !node_available() {
        return;
    }
    let marks = crate::search::snippet_marks(&[
        ("Delmål 6: Skapande av lokalgrupper", &["delmål6"]),
        ("(Se även delmål 6) och delmål 60, delmål", &["delmål6"]),
    ]);
    assert_eq!(marks[0], ["Delmål 6"]);
    assert_eq!(marks[1], ["delmål 6"]);
}

/// A result found by its page's label ("mål 3" of "Mål 3 · Medlemsvård") shows the label,
/// which its text does not say, as the page writes it: only an item of that kind, and only
/// for a label typed with a number.
#[test]
fn a_label_typed_is_shown_for_its_kinds_items() {
    if !node_available() {
        return;
    }
    let js = crate::repo_root().join("themes/default/static/js/search.js");
    let script = format!(
        "const s = require({js:?});\n\
         console.log(JSON.stringify([\n\
           s.labelShown('mål', ['mål3', 'medlemsvård']),\n\
           s.labelShown('aktivitet', [{{ w: 'aktivitet12' }}]),\n\
           s.labelShown('aktivitet', ['mål3']),\n\
           s.labelShown('mål', ['mål', 'medlemsvård']),\n\
           s.labelShown('mål', ['delmål6'])]));",
        js = js.display().to_string(),
    );
    let shown: Vec<Option<String>> = node_json(&script);
    let expected = [Some("Mål 3"), Some("Aktivitet 12"), None, None, None];
    assert_eq!(shown, expected.map(|s| s.map(str::to_owned)));
}
