//! A `[[target]]` link written without text shows its target's title on the page; the
//! index rows, the search's snippets and the open data showed the target as written
//! (`vansterpartiet/strategidokumentet-2020`), which no member reads anywhere else (#19).

use crate::search::{node_available, run_queries};
use crate::{TestSite, main_of};

/// The bundled example with a goal linking to a document, an activity linking to a
/// recommendation and a numbered paragraph linking to a heading, each by `[[target]]` alone.
fn site_with_bare_links() -> TestSite {
    let site = TestSite::example();
    let plan = "content/solna/verksamhetsplan-2023.md";
    let text = site
        .read(plan)
        .replace(
            "4. Ta fram en kommunikationsplan.",
            "4. Ta fram en kommunikationsplan enligt [[vansterpartiet/strategidokumentet-2020]].",
        )
        .replace(
            "- Ta fram ett aktivitetskalendarium.",
            "- Ta fram ett aktivitetskalendarium, se \
             [[storstockholm/framtidskommissionen-2020#rek-aktivitetskalendarium]].",
        );
    site.write(plan, text);
    let report = "content/storstockholm/verksamhetsplan-2015-2016.md";
    let text = site.read(report).replace(
        "§12 De partiföreningar som hellre vill fokusera på en annan lokal fråga",
        "§12 De partiföreningar som (se [[storstockholm/verksamhetsplan-2015-2016#klimatperspektiv]]) \
         hellre vill fokusera på en annan lokal fråga",
    );
    site.write(report, text);
    let huddinge = "content/huddinge/verksamhetsplan-2021-2022.md";
    let text = site.read(huddinge).replace(
        "Utkast 20210305",
        "Utkast 20210305, se [[vansterpartiet/strategidokumentet-2020]].",
    );
    site.write(huddinge, text);
    site
}

const WRITTEN: [&str; 4] = [
    "se vansterpartiet/strategidokumentet-2020",
    "enligt vansterpartiet/strategidokumentet-2020",
    "se storstockholm/framtidskommissionen-2020#rek-aktivitetskalendarium",
    "se storstockholm/verksamhetsplan-2015-2016#klimatperspektiv",
];

#[test]
fn index_rows_and_open_data_show_what_the_page_shows() {
    let site = site_with_bare_links();
    let build = site.build();
    let goals = main_of(TestSite::page(&build, "mal/index.html"));
    assert!(
        goals.contains("kommunikationsplan enligt Strategidokumentet."),
        "{goals}"
    );
    let recommendations = main_of(TestSite::page(&build, "rekommendationer/index.html"));
    assert!(
        recommendations.contains("aktivitetskalendarium, se Vi vill uppmana distriktsstyrelsen"),
        "the activity under the recommendation it links to"
    );
    let pages = [
        "mal/index.html",
        "rekommendationer/index.html",
        "data/goals.csv",
    ];
    let pages = pages
        .iter()
        .chain(&["data/activities.json", "data/activities.csv"]);
    for path in pages {
        let Some(file) = build.outputs.iter().find(|o| o.path == *path) else {
            continue;
        };
        let text = String::from_utf8_lossy(&file.bytes);
        for written in WRITTEN {
            assert!(!text.contains(written), "{path} shows {written}");
        }
    }
}

#[test]
fn search_snippets_and_words_are_the_titles() {
    if !node_available() {
        return;
    }
    let site = site_with_bare_links();
    let dir = crate::search::built_index(&site);
    let queries = [
        (
            "kommunikationsplan strategidokumentet",
            serde_json::json!({}),
        ),
        (
            "aktivitetskalendarium distriktsstyrelsen",
            serde_json::json!({}),
        ),
        ("§12", serde_json::json!({})),
        // A document's lead, the start of its running text.
        ("verksamhetsplan 2021/22 utkast", serde_json::json!({})),
    ];
    let results = run_queries(&dir, &queries, 3);
    let shown: Vec<&String> = results.iter().flat_map(|(_, top)| top).collect();
    assert!(
        results[0].1[0].contains("#mal-intern-kommunikation-4")
            && results[0].1[0].contains("enligt Strategidokumentet."),
        "{results:#?}"
    );
    assert!(
        results[1]
            .1
            .iter()
            .any(|r| r.contains("#akt-utatriktade-aktiviteter-2")),
        "{results:#?}"
    );
    assert!(
        results[2].1[0]
            .to_lowercase()
            .contains("(se klimatperspektiv)"),
        "{results:#?}"
    );
    assert!(
        results[3].1[0].contains("Utkast 20210305, se Strategidokumentet."),
        "{results:#?}"
    );
    for written in WRITTEN {
        assert!(shown.iter().all(|r| !r.contains(written)), "{results:#?}");
    }
}

/// Old: the resolve stage replaced the target as written wherever an item's text held it:
/// a link to a document rewrote the start of a link to its heading ("Strategidokumentet#klass")
/// and the author's own mention of the target (here in code) became the title too.
#[test]
fn only_the_links_own_text_becomes_the_title() {
    let site = TestSite::example();
    let plan = "content/solna/verksamhetsplan-2023.md";
    let text = site.read(plan).replace(
        "4. Ta fram en kommunikationsplan.",
        "4. Ta fram en kommunikationsplan enligt [[vansterpartiet/strategidokumentet-2020]] och \
         dess [[vansterpartiet/strategidokumentet-2020#klass]] (filen \
         `vansterpartiet/strategidokumentet-2020`).",
    );
    site.write(plan, text);
    let build = site.build();
    let shown = "kommunikationsplan enligt Strategidokumentet och dess Klass (filen";
    let goals = main_of(TestSite::page(&build, "mal/index.html"));
    assert!(goals.contains(shown), "{goals}");
    assert!(!goals.contains("Strategidokumentet#klass"), "{goals}");
    assert!(!goals.contains("(filen Strategidokumentet)"), "{goals}");
    let csv = TestSite::page(&build, "data/goals.csv");
    assert!(
        csv.contains(&format!("{shown} vansterpartiet/strategidokumentet-2020).")),
        "{csv}"
    );
}

/// The bundled example with Solna's activity linking to a recommendation whose own text is
/// a `[[target]]` link (`to`).
fn site_with_chained_link(to: &str) -> TestSite {
    let site = site_with_bare_links();
    let report = "content/storstockholm/framtidskommissionen-2020.md";
    let text = site.read(report).replace(
        "Vi vill uppmana distriktsstyrelsen att överväga ett gemensamt aktivitetskalendarium för \
         föreningarna (eventuellt via Zetkin).",
        &format!("Vi vill uppmana distriktsstyrelsen att följa [[{to}]]."),
    );
    site.write(report, text);
    site
}

/// Old: a link to an item whose text is itself a `[[target]]` link showed, in the index rows,
/// the open data and the search, that inner target as written, while the page showed its title.
#[test]
fn a_link_to_an_item_that_is_a_link_shows_the_title_at_the_end_of_the_chain() {
    let site = site_with_chained_link("vansterpartiet/strategidokumentet-2020");
    let build = site.build();
    let shown = "Vi vill uppmana distriktsstyrelsen att följa Strategidokumentet.";
    let page = main_of(TestSite::page(
        &build,
        "solna/verksamhetsplan-2023/index.html",
    ));
    assert!(page.contains(shown), "{page}");
    for path in [
        "rekommendationer/index.html",
        "data/activities.csv",
        "data/activities.json",
    ] {
        let text = TestSite::page(&build, path);
        assert!(text.contains(shown), "{path}: {text}");
        assert!(!text.contains("följa vansterpartiet/"), "{path}");
    }
    if node_available() {
        let dir = site.path("search-index");
        crate::search::write_index_of(&build, &dir);
        let results = run_queries(
            &dir,
            &[("aktivitetskalendarium", serde_json::json!({}))],
            10,
        );
        let shown_in_search = results[0]
            .1
            .iter()
            .find(|r| r.contains("#akt-utatriktade-aktiviteter-2"));
        assert!(
            shown_in_search.is_some_and(|r| r.contains("följa Strategidokumentet.")),
            "{results:#?}"
        );
    }
}

/// A link round a cycle (the activity links to the recommendation, which links back to the
/// activity) builds, and shows a finite title.
#[test]
fn a_cycle_of_links_builds() {
    let site = site_with_chained_link("solna/verksamhetsplan-2023#akt-utatriktade-aktiviteter-2");
    let build = site.build();
    let page = main_of(TestSite::page(
        &build,
        "solna/verksamhetsplan-2023/index.html",
    ));
    // The activity shows the recommendation, which shows the activity, cut as a title is.
    let shown = "att följa Ta fram ett aktivitetskalendarium,…";
    assert!(page.contains(shown), "{page}");
    let csv = TestSite::page(&build, "data/activities.csv");
    assert!(csv.contains(shown), "{csv}");
}
