//! Search on the bundled example, through the real query code: `search.js` runs in node on
//! the index files the build wrote. Skips (loudly) without node, unless
//! `PLANPRESS_REQUIRE_TOOLS=1`.

use std::path::{Path, PathBuf};

use planpress::build::Build;

use crate::TestSite;

pub(crate) fn node_available() -> bool {
    let present = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|out| out.status.success());
    if !present {
        if std::env::var("PLANPRESS_REQUIRE_TOOLS").is_ok_and(|v| v.trim() == "1") {
            panic!("node not installed, and PLANPRESS_REQUIRE_TOOLS=1 requires it");
        }
        eprintln!("SKIPPED: node not installed");
    }
    present
}

/// What the node script `script` prints, as JSON; the test fails with node's errors when it
/// does not run.
pub(crate) fn node_json<T: serde::de::DeserializeOwned>(script: &str) -> T {
    let out = std::process::Command::new("node")
        .arg("-e")
        .arg(script)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("node printed JSON")
}

/// Builds `site` and writes its search index's files under its `search-index` folder, which
/// it returns.
pub(crate) fn built_index(site: &TestSite) -> PathBuf {
    let dir = site.path("search-index");
    write_index_of(&site.build(), &dir);
    dir
}

/// Writes the search index's files of `build` under `dir`.
pub(crate) fn write_index_of(build: &Build, dir: &Path) {
    for file in &build.outputs {
        if let Some(rest) = file.path.strip_prefix("sok/")
            && rest.ends_with(".json")
        {
            let path = dir.join(rest);
            std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
            std::fs::write(&path, &*file.bytes).expect("write");
        }
    }
}

/// Runs each query of `cases` without filters and asserts that its first result (URL and
/// text, as `run_queries` gives them) holds the expected part.
pub(crate) fn assert_first_results(dir: &Path, cases: &[(&str, &str)]) {
    let queries: Vec<(&str, serde_json::Value)> = cases
        .iter()
        .map(|(q, _)| (*q, serde_json::json!({})))
        .collect();
    for ((query, expected), (_, shown)) in cases.iter().zip(run_queries(dir, &queries, 1)) {
        let first = shown.first().map(String::as_str).unwrap_or("");
        assert!(first.contains(expected), "{query}: {first}");
    }
}

/// Runs `queries` (with optional filters) through search.js; per query, the result count
/// and the first `top` results as `url text`.
pub(crate) fn run_queries(
    dir: &Path,
    queries: &[(&str, serde_json::Value)],
    top: usize,
) -> Vec<(usize, Vec<String>)> {
    run_search(dir, queries, top, "x.url + ' ' + x.text")
}

/// Runs `queries` (with optional filters) through search.js; per query, the result count
/// and each of the first `top` results' fragment `x` as the JavaScript expression `shown`
/// makes it.
fn run_search<T: serde::de::DeserializeOwned>(
    dir: &Path,
    queries: &[(&str, serde_json::Value)],
    top: usize,
    shown: &str,
) -> Vec<(usize, Vec<T>)> {
    let js = crate::repo_root().join("themes/default/static/js/search.js");
    let script = format!(
        "const s = require({js:?}); const fs = require('fs');\n\
         const searcher = s.createSearcher({dir:?}, p => Promise.resolve(JSON.parse(fs.readFileSync(p.split('?')[0], 'utf8'))));\n\
         (async () => {{ const out = [];\n\
           for (const [q, f] of {queries}) {{ const r = await searcher.search(q, f);\n\
             const shown = await Promise.all(r.slice(0, {top}).map(searcher.fragment));\n\
             out.push([r.length, shown.map(x => {shown})]); }}\n\
           console.log(JSON.stringify(out)); }})();",
        js = js.display().to_string(),
        dir = format!("{}/", dir.display()),
        queries = serde_json::to_string(queries).expect("json"),
    );
    node_json(&script)
}

/// Every query of the relevance fixture has its expected result in the top ten.
#[test]
fn relevance_fixture_finds_every_expected_result_in_the_top_ten() {
    if !node_available() {
        return;
    }
    let site = TestSite::example();
    let dir = built_index(&site);
    let fixture = include_str!("search_relevance.txt");
    let cases: Vec<(&str, &str)> = fixture
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| line.split_once(" | "))
        .collect();
    assert!(cases.len() >= 40, "{} queries", cases.len());
    let queries: Vec<(&str, serde_json::Value)> = cases
        .iter()
        .map(|(q, _)| (*q, serde_json::json!({})))
        .collect();
    let results = run_queries(&dir, &queries, 10);
    let misses: Vec<String> = cases
        .iter()
        .zip(&results)
        .filter(|((_, expected), (_, shown))| {
            let expected = expected.to_lowercase();
            !shown.iter().any(|r| r.to_lowercase().contains(&expected))
        })
        .map(|((q, expected), (n, shown))| format!("{q} → {expected}: {n} results {shown:#?}"))
        .collect();
    assert!(
        misses.is_empty(),
        "{} misses:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

/// Filters narrow a query; nonsense finds nothing; an exact spelling ranks before the same
/// word without its diacritics matched by a typo.
#[test]
fn filters_narrow_and_nonsense_finds_nothing() {
    if !node_available() {
        return;
    }
    let site = TestSite::example();
    let dir = built_index(&site);
    let queries = [
        ("medlemmar", serde_json::json!({})),
        ("medlemmar", serde_json::json!({"org": "solna"})),
        (
            "medlemmar",
            serde_json::json!({"org": "solna", "item": "g"}),
        ),
        ("xyzzy", serde_json::json!({})),
    ];
    let results = run_queries(&dir, &queries, 1000);
    let (all, solna, solna_goals) = (&results[0], &results[1], &results[2]);
    assert!(solna.0 > 0 && solna.0 < all.0, "{} of {}", solna.0, all.0);
    assert!(solna.1.iter().all(|r| r.starts_with("/planer/solna/")));
    assert!(solna_goals.0 > 0 && solna_goals.0 < solna.0);
    assert!(
        solna_goals.1.iter().all(|r| r.contains("#mal-")),
        "{:?}",
        solna_goals.1
    );
    assert_eq!(results[3].0, 0);
}

/// What a reader expects first comes first: a document for its own title (its subtitle
/// "Tillsammans för jämlikhet"; the title's words were weighed down by the document's length
/// and its body's mentions elsewhere ranked above it), and the word typed ("stormote" →
/// "stormöten", not "stora", the query less four letters), and a goal for its heading.
#[test]
fn a_title_and_the_word_typed_come_first() {
    if !node_available() {
        return;
    }
    let site = TestSite::example();
    let dir = built_index(&site);
    let cases = [
        (
            "Tillsammans för jämlikhet",
            "/planer/vansterpartiet/strategidokumentet-2020/ ",
        ),
        (
            "verksamhetsplan 2023",
            "/planer/solna/verksamhetsplan-2023/ ",
        ),
        ("stormote", "stormöten"),
        // A goal written as a heading is found by the words of its paragraphs too, which
        // count as its section's heading does: first for its own title still, above its
        // activities, which have the title as their section's.
        ("lokalgrupper", "#delmal-6 "),
        ("informationsspridning", "#delmal-8 "),
        ("mail", "#delmal-8 "),
    ];
    assert_first_results(&dir, &cases);
}

/// Old: a word written only in the paragraphs under a heading found the whole document;
/// the heading's section has it now (`section_bodies.rs`), as a goal's heading has its
/// paragraphs', while a word of several sections (or of an item) stays where it was.
#[test]
fn a_word_only_under_a_heading_finds_its_section() {
    if !node_available() {
        return;
    }
    let site = TestSite::example();
    let dir = built_index(&site);
    let cases = [
        (
            "mötesordförande",
            "strategidokumentet-2020/#varje-mote-ett-genomtankt-mote ",
        ),
        (
            "SD",
            "strategidokumentet-2020/#en-strategi-for-landsbygdsvanstern ",
        ),
        (
            "crowdfunding",
            "strategidokumentet-2020/#digitalisera-viktiga-ledningsfunktioner ",
        ),
        ("sammankallande", "framtidskommissionen-2020/#inledning "),
        // "Fler aktiva medlemmar" also stands in a list above its heading.
        (
            "digifysiska",
            "framtidskommissionen-2020/#fler-aktiva-medlemmar ",
        ),
        // A word of the document's title stays the document's.
        ("tillsammans jämlikhet", "strategidokumentet-2020/ "),
    ];
    assert_first_results(&dir, &cases);
}

/// A heading's last word and the next paragraph's first stay apart in the text that
/// snippets and the index are made from ("InledningVänsterpartiet" before).
#[test]
fn heading_and_following_text_keep_their_space() {
    let build = TestSite::example().build();
    let document = build
        .site
        .document("huddinge/verksamhetsplan-2021-2022")
        .expect("the Huddinge plan");
    assert!(
        !document.plain_text.contains("InledningVänsterpartiet"),
        "heading run into the text"
    );
    assert!(document.plain_text.contains("Inledning Vänsterpartiet"));
}

/// The entry file names the build of the other files, and an edit changes it, so a browser
/// that asks for shards with it never mixes a cached shard of an earlier build in.
#[test]
fn the_entry_file_names_its_build() {
    let site = TestSite::example();
    let build_id = |build: &Build| -> String {
        let manifest: serde_json::Value =
            serde_json::from_str(TestSite::page(build, "sok/index.json")).expect("JSON");
        manifest["build"].as_str().expect("a build id").to_string()
    };
    let first = build_id(&site.build());
    assert_eq!(first, build_id(&site.build()), "the same site, the same id");
    let path = "content/solna/verksamhetsplan-2023.md";
    let text = std::fs::read_to_string(site.path(path)).expect("read");
    site.write(path, format!("{text}\n\nEtt helt nytt ord: zyxplonk.\n"));
    assert_ne!(first, build_id(&site.build()));
}

/// A document is found by the words of its items even when no one item has them all: the
/// build posts a document's own entry only for its title and the words none of its parts
/// has, and search.js finds a document through its parts.
#[test]
fn a_document_is_found_by_words_of_different_items() {
    if !node_available() {
        return;
    }
    let site = TestSite::example();
    site.write(
        "content/solna/plan-zorblat.md",
        "+++\ntitle = \"Plan för Solna\"\nkind = \"plan\"\norganization = \"solna\"\n\
         period = \"2030\"\n+++\n\nInledning.\n\n## Mål\n\n#### Målsättningar {.goals}\n\n\
         - Vi ska ordna ett zorblatmöte.\n- Vi ska skriva om quixmelfrågan.\n",
    );
    let dir = built_index(&site);
    let queries = [
        ("zorblatmöte", serde_json::json!({})),
        ("zorblatmöte quixmelfrågan", serde_json::json!({})),
    ];
    let results = run_queries(&dir, &queries, 10);
    let url = "/planer/solna/plan-zorblat/";
    // One word: its item first, then the document through it.
    let one = &results[0].1;
    assert!(
        one.first()
            .is_some_and(|r| r.starts_with(&format!("{url}#"))),
        "{one:?}"
    );
    assert!(
        one.iter().any(|r| r.starts_with(&format!("{url} "))),
        "{one:?}"
    );
    // Both words, each in its own item: only the document has both, and comes first; below
    // ten results the items with one of the words follow it.
    let both = &results[1].1;
    assert!(both[0].starts_with(&format!("{url} ")), "{both:?}");
    assert_eq!(results[1].0, 3, "{both:?}");
    assert!(
        both[1..]
            .iter()
            .all(|r| r.starts_with(&format!("{url}#mal-"))),
        "{both:?}"
    );
}

/// The words search.js's snippet marks in each text for its query words.
pub(crate) fn snippet_marks(cases: &[(&str, &[&str])]) -> Vec<Vec<String>> {
    let js = crate::repo_root().join("themes/default/static/js/search.js");
    let cases = serde_json::to_string(cases).expect("the cases as JSON");
    let script = format!(
        "const s = require({js:?});\n\
         console.log(JSON.stringify({cases}.map(([text, words]) =>\n\
           s.snippet(text, words).filter(p => p[1]).map(p => p[0]))));",
        js = js.display().to_string(),
    );
    node_json(&script)
}

/// A word of one or two letters marks only itself in a snippet, as it only matches itself:
/// "LO" marked "lokalt", "AU" "automatiskt". Longer words mark the words they begin.
#[test]
fn short_words_mark_only_themselves() {
    if !node_available() {
        return;
    }
    let marks = snippet_marks(&[
        ("lokalt inom LO-kollektivet", &["lo"]),
        ("automatiskt, tex AU", &["au"]),
        ("studiecirklar och studier", &["stud"]),
    ]);
    assert_eq!(marks[0], ["LO"]);
    assert_eq!(marks[1], ["AU"]);
    assert_eq!(marks[2], ["studiecirklar", "studier"]);
}

/// A stem of four letters marks only its own forms, as it only matches them ("kommer"
/// marked "kommunikationsplan"); a motion reference and a decimal number are marked whole,
/// as the query reads them (a heading found by "e23:3" showed its section unmarked).
#[test]
fn short_stems_references_and_numbers_mark_what_they_match() {
    if !node_available() {
        return;
    }
    let marks = snippet_marks(&[
        (
            "Ta fram en kommunikationsplan. Den kommer, de komma.",
            &["kommer"],
        ),
        (
            "nya riktningar. (E23:3) Alla, oavsett funktionsförmåga",
            &["e23:3"],
        ),
        ("lyfte från 8,6 % till 9,5 %", &["8,6", "9,5"]),
    ]);
    assert_eq!(marks[0], ["kommer", "komma"]);
    assert_eq!(marks[1], ["E23:3"]);
    assert_eq!(marks[2], ["8,6", "9,5"]);
}

/// A typo marks the word meant in its other forms: "flygbladsutdelnigar" is one letter from
/// "flygbladsutdelningar", and Huddinge's activity says "Flygbladsutdelning", which was
/// found (the two share a term) but shown unmarked.
#[test]
fn a_typo_marks_the_other_forms_of_the_word_meant() {
    if !node_available() {
        return;
    }
    let site = TestSite::example();
    let dir = built_index(&site);
    let js = crate::repo_root().join("themes/default/static/js/search.js");
    let script = format!(
        "const s = require({js:?}); const fs = require('fs');\n\
         const searcher = s.createSearcher({dir:?}, p => Promise.resolve(JSON.parse(fs.readFileSync(p.split('?')[0], 'utf8'))));\n\
         searcher.search('flygbladsutdelnigar', {{}}).then(r => console.log(JSON.stringify(\n\
           s.snippet('Flygbladsutdelning', r.words).filter(p => p[1]).map(p => p[0]))));",
        js = js.display().to_string(),
        dir = format!("{}/", dir.display()),
    );
    let marks: Vec<String> = node_json(&script);
    assert_eq!(marks, ["Flygbladsutdelning"]);
}

/// A snippet marks only forms of the query's words, and shows a place where they stand
/// together: for "kvinnor i styrelsen" the build's stem of "styrelsen" is "styr", Snowball's
/// of "styras" too, and "styras" and "styrka" were marked while "kvinnor" and "styrelsen"
/// further on were not.
#[test]
fn a_snippet_marks_forms_of_the_query_words_where_they_stand_together() {
    if !node_available() {
        return;
    }
    let site = TestSite::example();
    let dir = built_index(&site);
    let js = crate::repo_root().join("themes/default/static/js/search.js");
    let filler = "Vi vill bygga en stark organisation i hela länet. ".repeat(8);
    let text = format!(
        "Kommunen ska styras av en styrka som vi bygger. {filler}Minst hälften av \
         styrelsens ledamöter och styrelsen i varje förening ska vara kvinnor."
    );
    let script = format!(
        "const s = require({js:?}); const fs = require('fs');\n\
         const searcher = s.createSearcher({dir:?}, p => Promise.resolve(JSON.parse(fs.readFileSync(p.split('?')[0], 'utf8'))));\n\
         searcher.search('kvinnor i styrelsen', {{}}).then(r => console.log(JSON.stringify(\n\
           s.snippet({text:?}, r.words).filter(p => p[1]).map(p => p[0]))));",
        js = js.display().to_string(),
        dir = format!("{}/", dir.display()),
    );
    let marks: Vec<String> = node_json(&script);
    assert_eq!(marks, ["styrelsens", "styrelsen", "kvinnor"]);
}

/// Per query (with its filters), the result count and the first `top` results as `[url,
/// kind code, kind label]`.
fn run_kinds(
    dir: &Path,
    queries: &[(&str, serde_json::Value)],
    top: usize,
) -> Vec<(usize, Vec<[String; 3]>)> {
    run_search(dir, queries, top, "[x.url, x.kind, x.kindLabel]")
}

/// A section is found by its title (issue #19: "headings as results of their own"): the
/// heading first, linked to its anchor, its kind "rubrik"; a document's title still ranks
/// its document above the heading that repeats it. The motions index is found by its
/// title and description, a motion by its number, linked to its place on the page. The
/// item-kind filter knows both kinds.
#[test]
fn headings_and_the_motions_page_are_results_of_their_own() {
    if !node_available() {
        return;
    }
    let site = TestSite::example();
    let dir = built_index(&site);
    let queries = [
        ("att höras i opposition", serde_json::json!({})),
        ("Framtidskommissionens slutrapport", serde_json::json!({})),
        ("motioner", serde_json::json!({})),
        ("E31", serde_json::json!({})),
        ("strategiska planer", serde_json::json!({})),
        ("strategiska planer", serde_json::json!({"item": "h"})),
        ("motion", serde_json::json!({"item": "m"})),
        // A goal's heading is the goal's result, not a heading's.
        (
            "Information och opinion om vår politik",
            serde_json::json!({}),
        ),
    ];
    let results = run_kinds(&dir, &queries, 100);
    let first = |n: usize| results[n].1.first().cloned().unwrap_or_default();
    let plan = "/planer/huddinge/verksamhetsplan-2021-2022/";
    assert_eq!(
        first(0),
        [
            format!("{plan}#att-horas-i-opposition"),
            "h".into(),
            "rubrik".into()
        ]
    );
    let report = "/planer/storstockholm/framtidskommissionen-2020/";
    assert_eq!(results[1].1[0][0], report, "{:?}", results[1].1);
    assert_eq!(
        results[1].1[1][0],
        format!("{report}#storstockholms-framtidskommissionens-slutrapport")
    );
    assert_eq!(first(2)[..2], ["/planer/motioner/".to_string(), "d".into()]);
    assert_eq!(
        first(3),
        [
            "/planer/motioner/#e31".to_string(),
            "m".into(),
            "motion".into()
        ]
    );
    let (all, headings) = (&results[4], &results[5]);
    assert!(
        headings.0 > 0 && headings.0 < all.0,
        "{} of {}",
        headings.0,
        all.0
    );
    assert!(headings.1.iter().all(|r| r[1] == "h"), "{:?}", headings.1);
    assert_eq!(
        headings.1[0][0],
        "/planer/vansterpartiet/strategidokumentet-2020/#strategiska-planer"
    );
    let motions = &results[6];
    assert_eq!(motions.0, 9, "the example's nine motions: {:?}", motions.1);
    assert!(
        motions
            .1
            .iter()
            .all(|r| r[0].starts_with("/planer/motioner/#"))
    );
    let goal = &results[7].1;
    assert_eq!(
        goal[0][..2],
        [format!("{plan}#delmal-1"), "g".into()],
        "{goal:?}"
    );
    assert!(
        goal.iter()
            .all(|r| r[1] != "h" || !r[0].ends_with("#delmal-1"))
    );
}

/// Old: the count of `kvinnliga forelasare` was ~105, the three results with both words and
/// every result with one of them; `search.js` now says how many have every word (`all`),
/// which the page counts apart (`search_page.js`, checked in Chromium by
/// `search-checks.js`).
#[test]
fn results_with_every_word_are_counted_apart() {
    if !node_available() {
        return;
    }
    let site = TestSite::example();
    let dir = built_index(&site);
    let counted: Vec<(usize, Option<usize>)> = run_search_all(
        &dir,
        &[
            "kvinnliga forelasare",
            "medlemsvård",
            "kvinnliga föreläsare solna",
            "xyzzy",
        ],
    );
    let (length, all) = counted[0];
    let all = all.expect("`all` of a query");
    assert!((1..10).contains(&all) && length > 50, "{counted:?}");
    // One word: every result has it.
    assert_eq!(counted[1].1, Some(counted[1].0), "{counted:?}");
    assert!(
        counted[2].1.is_some_and(|all| all < counted[2].0),
        "{counted:?}"
    );
    assert_eq!(counted[3], (0, Some(0)));
}

/// Per query, its results' count and their `all` (those with every word).
fn run_search_all(dir: &Path, queries: &[&str]) -> Vec<(usize, Option<usize>)> {
    let js = crate::repo_root().join("themes/default/static/js/search.js");
    let script = format!(
        "const s = require({js:?}); const fs = require('fs');\n\
         const searcher = s.createSearcher({dir:?}, p => Promise.resolve(JSON.parse(fs.readFileSync(p.split('?')[0], 'utf8'))));\n\
         (async () => {{ const out = [];\n\
           for (const q of {queries}) {{ const r = await searcher.search(q, {{}}); out.push([r.length, r.all === undefined ? null : r.all]); }}\n\
           console.log(JSON.stringify(out)); }})();",
        js = js.display().to_string(),
        dir = format!("{}/", dir.display()),
        queries = serde_json::to_string(queries).expect("json"),
    );
    node_json(&script)
}
