//! Each numbered paragraph (`§N`) has its own text, which search and the exports show: the
//! number in a heading, in a marked item, or `{§4}` inside §3's paragraph.

use crate::TestSite;

const DOCUMENT: &str = "+++
title = \"Numrerad plan\"
kind = \"plan\"
organization = \"forening\"
period = \"2022\"
date = 2022-02-01
status = \"adopted\"
+++

§3 Rättvisa är när både Hanin från Södertälje och {§4} Hanna från Södermalm kan känna hopp.

### §30 FACKLIG-POLITISK ORGANISERING {#facklig}

Våra medlemmar finns inom alla yrkesområden.

#### Målsättningar {.goals}

- §31 Anordna en facklig-politisk konferens.
";

/// The paragraphs of the document above, number and text.
fn paragraphs() -> Vec<(u32, String)> {
    let site = TestSite::fixture();
    site.write("content/forening/numrerad.md", DOCUMENT);
    let build = site.build();
    let document = build
        .site
        .document("forening/numrerad")
        .expect("the document");
    document
        .paragraphs
        .iter()
        .map(|p| (p.number, p.text.trim().to_string()))
        .collect()
}

#[test]
fn a_number_inside_a_paragraph_splits_its_text() {
    let found = paragraphs();
    let text = |n: u32| {
        found
            .iter()
            .find(|(number, _)| *number == n)
            .map(|(_, text)| text.as_str())
            .unwrap_or_else(|| panic!("no §{n} in {found:?}"))
    };
    assert_eq!(
        text(3),
        "Rättvisa är när både Hanin från Södertälje och",
        "§3 ends where §4 starts"
    );
    assert_eq!(text(4), "Hanna från Södermalm kan känna hopp.");
}

#[test]
fn a_number_in_a_heading_or_an_item_has_its_text() {
    let found = paragraphs();
    let text = |n: u32| {
        found
            .iter()
            .find(|(number, _)| *number == n)
            .map(|(_, text)| text.clone())
            .unwrap_or_else(|| panic!("no §{n} in {found:?}"))
    };
    assert_eq!(text(30), "FACKLIG-POLITISK ORGANISERING");
    assert_eq!(text(31), "Anordna en facklig-politisk konferens.");
}

/// A number opening a marked item: the item is found by its words, the paragraph by its
/// number with the item's text, and neither twice.
#[test]
fn an_items_number_finds_its_paragraph_and_its_words_the_item() {
    if !crate::search::node_available() {
        return;
    }
    let site = TestSite::fixture();
    site.write("content/forening/numrerad.md", DOCUMENT);
    let dir = crate::search::built_index(&site);
    let queries = [
        ("konferens", serde_json::json!({})),
        ("§31", serde_json::json!({})),
    ];
    let results = crate::search::run_queries(&dir, &queries, 10);
    let urls = |n: usize| -> Vec<&str> {
        results[n]
            .1
            .iter()
            .filter_map(|r| r.split(' ').next())
            .filter(|url| url.contains("/numrerad/#"))
            .collect()
    };
    assert_eq!(urls(0), ["/planer/forening/numrerad/#mal-facklig-1"]);
    let paragraph = results[1]
        .1
        .iter()
        .find(|r| r.contains("#p31"))
        .expect("§31 finds its paragraph");
    assert!(
        paragraph.contains("Anordna en facklig-politisk konferens"),
        "{paragraph}"
    );
}
