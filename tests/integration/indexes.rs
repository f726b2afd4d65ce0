//! The index pages, traceability, goal follow-up, search and open data, on the bundled
//! example (the five seed documents).

use std::collections::{BTreeMap, BTreeSet};

use planpress::build::Build;
use planpress::document::ItemKind;
use planpress::indexes::{DATASETS, Kind};

use crate::{TestSite, main_of};

const SOLNA: &str = "solna/verksamhetsplan-2023";
const HUDDINGE: &str = "huddinge/verksamhetsplan-2021-2022";
const STORSTOCKHOLM_2015: &str = "storstockholm/verksamhetsplan-2015-2016";
const REPORT: &str = "storstockholm/framtidskommissionen-2020";
const STRATEGY: &str = "vansterpartiet/strategidokumentet-2020";

fn count(build: &Build, doc: &str, kind: ItemKind) -> usize {
    build
        .site
        .document(doc)
        .unwrap_or_else(|| panic!("no document {doc}"))
        .items
        .iter()
        .filter(|i| i.kind == kind)
        .count()
}

fn output<'a>(build: &'a Build, path: &str) -> &'a str {
    TestSite::page(build, path)
}

/// The counts the converters reported for the seeds, checked against the seeds by hand.
#[test]
fn bundled_example_has_the_counts_of_the_seeds() {
    let build = TestSite::example().build();
    let counts: Vec<(&str, ItemKind, usize)> = vec![
        (SOLNA, ItemKind::Goal, 53),
        (SOLNA, ItemKind::Activity, 62),
        (HUDDINGE, ItemKind::Goal, 8),
        (HUDDINGE, ItemKind::Activity, 26),
        (STORSTOCKHOLM_2015, ItemKind::Goal, 27),
        (REPORT, ItemKind::Quote, 33),
        (REPORT, ItemKind::Recommendation, 59),
        (STRATEGY, ItemKind::Commitment, 49),
    ];
    for (doc, kind, expected) in counts {
        assert_eq!(count(&build, doc, kind), expected, "{kind:?} in {doc}");
    }
    let commitments_elsewhere: usize = build
        .site
        .documents
        .iter()
        .filter(|d| d.path != STRATEGY)
        .map(|d| count(&build, &d.path, ItemKind::Commitment))
        .sum();
    assert_eq!(commitments_elsewhere, 0);
    assert_eq!(
        build.site.quote_matches.len(),
        33,
        "every quote matches a commitment"
    );
}

#[test]
fn every_index_page_and_every_chip_target_exists() {
    let build = TestSite::example().build();
    let paths: BTreeSet<&str> = build.outputs.iter().map(|o| o.path.as_str()).collect();
    for page in [
        "mal/index.html",
        "rekommendationer/index.html",
        "ataganden/index.html",
        "amnen/index.html",
        "mottagare/index.html",
        "motioner/index.html",
        "sok/index.html",
        "sok/index.json",
        "data/index.html",
        "data/datapackage.json",
    ] {
        assert!(paths.contains(page), "missing {page}");
    }
    for topic in &build.site.vocabulary.topics {
        assert!(
            paths.contains(format!("amnen/{}/index.html", topic.slug).as_str()),
            "topic page {}",
            topic.slug
        );
    }
    for actor in &build.site.vocabulary.actors {
        assert!(
            paths.contains(format!("mottagare/{}/index.html", actor.slug).as_str()),
            "actor page {}",
            actor.slug
        );
    }
    assert_internal_links_resolve(&build);
}

/// What the numbered pages of a cut list showed, `listed`, is `expected` with each once.
pub(crate) fn assert_each_once<T: Ord + std::fmt::Debug>(
    listed: Vec<T>,
    expected: &BTreeSet<T>,
    what: &str,
) {
    assert_eq!(listed.len(), expected.len(), "each {what} once: {listed:?}");
    assert_eq!(&listed.into_iter().collect::<BTreeSet<_>>(), expected);
}

/// Every internal link of every page leads to a page that was built, and every `id` on a page
/// is unique.
pub(crate) fn assert_internal_links_resolve(build: &Build) {
    let paths: BTreeSet<&str> = build.outputs.iter().map(|o| o.path.as_str()).collect();
    let base = "/planer/";
    for file in build.outputs.iter().filter(|o| o.path.ends_with(".html")) {
        let html = std::str::from_utf8(&file.bytes).expect("UTF-8");
        for href in html
            .split("href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
        {
            let Some(path) = href.strip_prefix(base) else {
                continue;
            };
            let path = path.split('#').next().unwrap_or_default();
            let target = if path.is_empty() || path.ends_with('/') {
                format!("{path}index.html")
            } else {
                path.to_string()
            };
            let is_static = target.starts_with("css/") || target.starts_with("js/");
            assert!(
                is_static || paths.contains(target.as_str()),
                "{} links to missing {href}",
                file.path
            );
        }
        let mut ids = BTreeSet::new();
        for id in html
            .split(" id=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
        {
            assert!(ids.insert(id), "duplicate id {id} in {}", file.path);
        }
    }
}

#[test]
fn goal_index_groups_by_topic_and_counts_follow_up() {
    let build = TestSite::example().build();
    let goals = main_of(output(&build, "mal/index.html"));
    assert!(
        goals.contains("<span class=\"followup-total\">88 mål:</span>"),
        "88 goals in all plans"
    );
    assert!(
        goals.contains("<li class=\"fu-done\">4 klara</li>")
            && goals.contains("<li class=\"fu-none\">82 utan uppföljning</li>"),
        "progress over all plans, and how many goals have no follow-up"
    );
    assert!(goals.contains("id=\"amne-medlemmar\""));
    assert!(
        goals.contains("id=\"utan-amne\"")
            || build
                .site
                .items()
                .all(|(_, i)| i.kind != ItemKind::Goal || !i.topics.is_empty())
    );
    assert!(goals.contains("data-status=\"done\""));
    assert!(goals.contains("<select id=\"filter-org\" name=\"org\">"));
    assert!(
        goals.contains("Två sociala aktiviteter utöver Syninge genomfördes."),
        "follow-up notes are shown"
    );
    let plan = main_of(output(&build, &format!("{SOLNA}/index.html")));
    assert!(
        plan.contains("<span class=\"followup-total\">53 mål:</span>")
            && plan.contains("<li class=\"fu-none\">47 utan uppföljning</li>")
            && plan.contains("(Uppföljning 2023-12-31)"),
        "the plan's page shows its progress, the goals without follow-up and its date"
    );
}

#[test]
fn commitment_index_traces_quotes_recommendations_and_goals() {
    let site = TestSite::example();
    // A goal of Solna's plan that takes up a commitment, as an author would mark it.
    let plan_path = format!("content/{SOLNA}.md");
    let plan = site.read(&plan_path).replacen(
        "kontakta nytillkomna medlemmar via sms eller telefon.",
        "kontakta nytillkomna medlemmar via sms eller telefon. {implements=\"@/vansterpartiet/strategidokumentet-2020.md#ata-prioriterade-omraden\"}",
        1,
    );
    site.write(&plan_path, plan);
    let build = site.build();
    let page = main_of(output(&build, "ataganden/index.html"));
    let entry = page
        .split("<li class=\"commitment\">")
        .find(|c| c.contains("#ata-klimat-och-antikapitalism\""))
        .expect("the commitment");
    assert!(
        entry.contains("#citat-tydlighet-3\""),
        "quoted by the report"
    );
    assert!(
        entry.contains("#rek-strategiska-forslag\""),
        "with the report section's recommendations"
    );
    let entry = page
        .split("<li class=\"commitment\">")
        .find(|c| c.contains("#ata-prioriterade-omraden\""))
        .expect("the commitment");
    assert!(
        entry.contains(&format!("/{SOLNA}/#mal-medlemsvard-1\"")),
        "taken up by the plan's goal"
    );
    let links = output(&build, "data/links.csv");
    assert!(links.contains(&format!(
        "{SOLNA},mal-medlemsvard-1,{STRATEGY},ata-prioriterade-omraden,implements"
    )));
    assert!(links.contains(&format!(
        "{REPORT},citat-tydlighet-3,{STRATEGY},ata-stora-forandringar,quote"
    )));
}

#[test]
fn recommendation_index_and_addressee_pages() {
    let build = TestSite::example().build();
    let page = main_of(output(&build, "rekommendationer/index.html"));
    assert!(page.contains("<strong>59</strong>"));
    assert!(page.contains("id=\"mottagare-distriktsstyrelsen\""));
    let board = main_of(output(&build, "mottagare/distriktsstyrelsen/index.html"));
    let expected = build
        .site
        .items()
        .filter(|(_, i)| i.addressees.iter().any(|a| a == "distriktsstyrelsen"))
        .count();
    assert!(expected > 10);
    assert_eq!(
        board
            .matches("<li class=\"index-item kind-recommendation\"")
            .count(),
        expected
    );
    assert!(board.contains(&format!("/{REPORT}/#rek-aktivistfond\"")));
}

#[test]
fn motions_index_lists_every_reference_under_its_motion() {
    let build = TestSite::example().build();
    let page = main_of(output(&build, "motioner/index.html"));
    let strategy = build.site.document(STRATEGY).expect("strategy");
    assert!(!strategy.motion_refs.is_empty());
    for reference in &strategy.motion_refs {
        assert!(
            page.contains(&format!("id=\"{}\"", reference.motion.to_lowercase())),
            "motion {}",
            reference.motion
        );
        assert!(
            page.contains(&format!("/{STRATEGY}/#{}\"", reference.anchor)),
            "reference {}",
            reference.label
        );
    }
    assert!(
        page.find("id=\"e2\"") < page.find("id=\"e11\""),
        "motions in numeric order"
    );
}

/// References point at their passage: the exports hold each passage once, in passages, and
/// the motions page shows a passage once per motion with all of the motion's references in it.
#[test]
fn a_passage_with_many_references_is_exported_and_listed_once() {
    let site = TestSite::fixture();
    let passage = "Ett långt stycke som ändrades av många motioner. ".repeat(40);
    site.write(
        "content/partiet/motioner.md",
        format!(
            "+++\ntitle = \"Motioner\"\nkind = \"strategy\"\norganization = \"partiet\"\n\
             period = \"2020\"\nstatus = \"adopted\"\n+++\n\n## Del 1\n\n\
             {passage}(E2:1) mer (E2:2) och (E3)\n\nAnnat stycke. (E2:3)\n"
        ),
    );
    let build = site.build();
    let motions: serde_json::Value =
        serde_json::from_str(output(&build, "data/motions.json")).expect("motions.json");
    let passages: serde_json::Value =
        serde_json::from_str(output(&build, "data/passages.json")).expect("passages.json");
    let ids: Vec<&str> = motions
        .as_array()
        .expect("an array")
        .iter()
        .filter(|m| m["doc"] == "partiet/motioner")
        .map(|m| m["passage_id"].as_str().expect("a passage id"))
        .collect();
    assert_eq!(
        ids,
        [
            "partiet/motioner:1",
            "partiet/motioner:1",
            "partiet/motioner:1",
            "partiet/motioner:2"
        ]
    );
    let passages: Vec<&serde_json::Value> = passages
        .as_array()
        .expect("an array")
        .iter()
        .filter(|p| p["doc"] == "partiet/motioner")
        .collect();
    assert_eq!(passages.len(), 2);
    assert_eq!(passages[0]["id"], "partiet/motioner:1");
    assert_eq!(passages[0]["anchor"], "del-1");
    assert!(
        passages[0]["text"].as_str().is_some_and(
            |t| t.starts_with("Ett långt stycke") && t.ends_with("(E2:1) mer (E2:2) och (E3)")
        ),
        "{}",
        passages[0]["text"]
    );
    let exports = [
        "data/motions.json",
        "data/motions.csv",
        "data/passages.json",
        "data/passages.csv",
    ];
    let copies: usize = exports
        .iter()
        .map(|path| output(&build, path).matches("(E2:1) mer (E2:2)").count())
        .sum();
    assert_eq!(
        copies, 2,
        "the passage once in each passages file, never in motions"
    );
    let page = main_of(output(&build, "motioner/index.html"));
    assert_eq!(
        page.matches("<p>Ett långt stycke").count(),
        2,
        "under E2 once with both its references, and under E3"
    );
    assert!(
        page.contains("#motion-e2-1\">E2:1</a>, <a href=\""),
        "{page}"
    );
    assert!(page.contains(">E2:2</a> · <a href="), "{page}");
}

/// Each export matches the schema the /data/ page documents, and has one row per record.
#[test]
fn open_data_matches_its_schema() {
    let build = TestSite::example().build();
    let site = &build.site;
    let items = |kind: ItemKind| site.items().filter(|(_, i)| i.kind == kind).count();
    let links = site.backlinks.values().map(Vec::len).sum::<usize>()
        + site
            .items()
            .filter(|(_, i)| i.kind == ItemKind::Activity)
            .map(|(_, i)| i.serves.len())
            .sum::<usize>();
    let expected: BTreeMap<&str, usize> = BTreeMap::from([
        ("documents", site.documents.len()),
        ("goals", items(ItemKind::Goal)),
        ("activities", items(ItemKind::Activity)),
        ("recommendations", items(ItemKind::Recommendation)),
        ("commitments", items(ItemKind::Commitment)),
        ("quotes", items(ItemKind::Quote)),
        ("outcomes", items(ItemKind::Outcome)),
        (
            "motions",
            site.documents.iter().map(|d| d.motion_refs.len()).sum(),
        ),
        (
            "passages",
            site.documents.iter().map(|d| d.passages.len()).sum(),
        ),
        ("links", links),
    ]);
    assert_eq!(expected["goals"], 88);
    assert_eq!(expected["recommendations"], 59);
    let package: serde_json::Value =
        serde_json::from_str(output(&build, "data/datapackage.json")).expect("datapackage.json");
    assert_eq!(
        package["resources"].as_array().map(Vec::len),
        Some(DATASETS.len())
    );
    let page = main_of(output(&build, "data/index.html"));
    for dataset in DATASETS {
        let dataset_name = dataset.name();
        let columns: Vec<&str> = dataset.columns().iter().map(|c| c.name).collect();
        let rows = expected[dataset_name];
        // CSV: the header is the schema's columns, one row per record, every row complete.
        let csv_text = output(&build, &format!("data/{dataset_name}.csv"));
        let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
        let header: Vec<String> = reader
            .headers()
            .expect("a header")
            .iter()
            .map(str::to_string)
            .collect();
        assert_eq!(header, columns, "{dataset_name}.csv header");
        let records: Vec<csv::StringRecord> = reader
            .records()
            .map(|r| r.expect("a valid CSV row"))
            .collect();
        assert_eq!(records.len(), rows, "{dataset_name}.csv rows");
        // JSON: an array of objects with exactly the schema's fields, of the schema's types.
        let json: serde_json::Value =
            serde_json::from_str(output(&build, &format!("data/{dataset_name}.json")))
                .expect("JSON");
        let array = json.as_array().expect("an array");
        assert_eq!(array.len(), rows, "{dataset_name}.json rows");
        for record in array {
            let object = record.as_object().expect("an object");
            assert_eq!(
                object.keys().map(String::as_str).collect::<BTreeSet<_>>(),
                columns.iter().copied().collect()
            );
            for column in dataset.columns() {
                let value = &object[column.name];
                let ok = match column.kind {
                    Kind::Text => value.as_str().is_some_and(|s| !s.is_empty()),
                    Kind::MaybeEmpty => value.is_string(),
                    Kind::Optional => value.is_string() || value.is_null(),
                    Kind::List => value
                        .as_array()
                        .is_some_and(|a| a.iter().all(serde_json::Value::is_string)),
                    Kind::Integer => value.is_u64(),
                    Kind::OptionalNumber => value.is_number() || value.is_null(),
                };
                assert!(
                    ok,
                    "{dataset_name}.{} = {value} is not {:?}",
                    column.name, column.kind
                );
            }
        }
        // The page documents the file and each of its columns.
        assert!(
            page.contains(&format!("id=\"{dataset_name}\"")),
            "{dataset_name} on the data page"
        );
        for column in &columns {
            assert!(
                page.contains(&format!("<code>{column}</code>")),
                "{dataset_name}.{column} documented"
            );
        }
    }
}

#[test]
fn a_link_to_a_missing_commitment_is_an_error_with_file_and_line() {
    let site = TestSite::example();
    let plan_path = format!("content/{SOLNA}.md");
    let plan = site.read(&plan_path).replacen(
        "kontakta nytillkomna medlemmar via sms eller telefon.",
        "kontakta nytillkomna medlemmar via sms eller telefon. {implements=\"@/vansterpartiet/strategidokumentet-2020.md#ata-finns-inte\"}",
        1,
    );
    site.write(&plan_path, plan);
    let errors = site.errors();
    assert!(errors.contains("ata-finns-inte"), "{errors}");
    assert!(
        errors.contains(&format!("content/{SOLNA}.md:39:")),
        "{errors}"
    );
}

#[test]
fn a_follow_up_of_a_goal_that_does_not_exist_is_an_error_with_file_and_line() {
    let site = TestSite::example();
    site.write(
        &format!("content/{SOLNA}.followup.toml"),
        "[goals]\nmal-medlemsvard-1 = \"done\"\nmal-medlemsvard-9 = \"done\"\n",
    );
    let errors = site.errors();
    assert!(
        errors.contains("follow-up of a goal that does not exist"),
        "{errors}"
    );
    assert!(
        errors.contains(&format!("content/{SOLNA}.followup.toml:3:1")),
        "{errors}"
    );
    assert!(errors.contains("mal-medlemsvard-9"), "{errors}");
}

#[test]
fn an_unknown_goal_status_in_a_follow_up_is_an_error_with_file_and_line() {
    let site = TestSite::example();
    site.write(
        &format!("content/{SOLNA}.followup.toml"),
        "[goals]\nmal-medlemsvard-1 = \"klar\"\n",
    );
    let errors = site.errors();
    assert!(errors.contains("unknown goal status `klar`"), "{errors}");
    assert!(
        errors.contains(&format!("content/{SOLNA}.followup.toml:2:21")),
        "{errors}"
    );
    let site = TestSite::example();
    site.write(
        &format!("content/{HUDDINGE}.followup.toml"),
        "[goals]\nmal-x = { status = \"done\", anteckning = \"x\" }\n",
    );
    let errors = site.errors();
    assert!(errors.contains("anteckning"), "{errors}");
    assert!(
        errors.contains(&format!("content/{HUDDINGE}.followup.toml:2:")),
        "{errors}"
    );
}

#[test]
fn a_follow_up_file_without_a_plan_is_an_error() {
    let site = TestSite::example();
    site.write(
        "content/solna/verksamhetsplan-2024.followup.toml",
        "[goals]\nmal-medlemsvard-1 = \"done\"\n",
    );
    let errors = site.errors();
    assert!(
        errors.contains("follow-up file for a plan that does not exist"),
        "{errors}"
    );
    assert!(
        errors.contains("--> content/solna/verksamhetsplan-2024.followup.toml\n"),
        "{errors}"
    );
}

/// The `data-url` of every index row of a page: which items it lists.
fn listed_items(html: &str) -> Vec<String> {
    html.split("<li class=\"index-item ")
        .skip(1)
        .filter_map(|row| row.split("data-url=\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// The pages of a paginated list starting at `first` (`…/index.html`), following its
/// rel="next" links, checking the nav on each.
pub(crate) fn list_pages<'a>(build: &'a Build, first: &str) -> Vec<&'a str> {
    let mut pages = vec![output(build, first)];
    loop {
        let html = *pages.last().expect("a page");
        let Some(nav) = html
            .split("<nav class=\"pagination\" aria-label=\"Sidor\">")
            .nth(1)
        else {
            assert_eq!(pages.len(), 1, "every page of a split list has the nav");
            return pages;
        };
        let nav = nav.split("</nav>").next().expect("the nav closes");
        assert_eq!(
            nav.matches("aria-current=\"page\"").count(),
            1,
            "the nav marks the current page"
        );
        assert_eq!(
            nav.contains("rel=\"prev\""),
            pages.len() > 1,
            "page {} links back",
            pages.len()
        );
        let Some(next) = nav
            .split("rel=\"next\"")
            .next()
            .filter(|_| nav.contains("rel=\"next\""))
            .and_then(|before| before.rsplit("href=\"").next())
            .and_then(|rest| rest.split('"').next())
        else {
            return pages;
        };
        let path = format!(
            "{}index.html",
            next.strip_prefix("/planer/").expect("an internal link")
        );
        assert!(
            path.contains("/sida/"),
            "numbered pages under sida/: {path}"
        );
        pages.push(output(build, &path));
    }
}

/// Asserts that the pages list exactly `expected`, each item once.
fn assert_listed_once(pages: &[&str], expected: &BTreeSet<String>, what: &str) {
    let listed: Vec<String> = pages
        .iter()
        .flat_map(|html| listed_items(main_of(html)))
        .collect();
    let unique: BTreeSet<String> = listed.iter().cloned().collect();
    assert_eq!(listed.len(), unique.len(), "{what}: an item listed twice");
    assert_eq!(&unique, expected, "{what}: the items listed");
}

/// A site far bigger than the bundled example: lists longer than an index page shows are cut
/// there with a "Visa alla N" link, and their pages are numbered, with every item reachable.
#[test]
fn long_lists_are_cut_and_paginated_with_every_item_reachable() {
    const CLIMATE_GOALS: usize = 450;
    const PLAIN_GOALS: usize = 210;
    const RECOMMENDATIONS: usize = 230;
    let site = TestSite::fixture();
    let goals = |n: usize, what: &str| -> String {
        (1..=n)
            .map(|i| format!("{i}. Mål {i} om {what}.\n"))
            .collect()
    };
    site.write(
        "content/forening/stor-plan.md",
        format!(
            "+++\ntitle = \"Stor plan\"\nkind = \"plan\"\norganization = \"forening\"\n\
             period = \"2024\"\ndate = 2024-01-15\nstatus = \"adopted\"\n+++\n\n\
             ## Klimatet {{topics=\"klimat\"}}\n\n#### Målsättningar {{.goals}}\n\n{}\n\
             ## Övrigt\n\n#### Målsättningar {{.goals}}\n\n{}",
            goals(CLIMATE_GOALS, "klimatet"),
            goals(PLAIN_GOALS, "annat")
        ),
    );
    let recommendations: String = (1..=RECOMMENDATIONS)
        .map(|i| format!("- Rekommendation {i} till styrelsen. {{to=\"styrelsen\"}}\n"))
        .collect();
    site.write(
        "content/distrikt/stor-rapport.md",
        format!(
            "+++\ntitle = \"Stor rapport\"\nkind = \"report\"\norganization = \"distrikt\"\n\
             period = \"2024\"\ndate = 2024-05-01\n+++\n\n\
             ## Klimatet {{topics=\"klimat\"}}\n\n{{.recommendations}}\n\n{recommendations}"
        ),
    );
    let commitments = |n: usize, part: usize| -> String {
        (1..=n)
            .map(|i| format!("- göra sak {i} i del {part}\n"))
            .collect()
    };
    site.write(
        "content/partiet/stor-strategi.md",
        format!(
            "+++\ntitle = \"Stor strategi\"\nkind = \"strategy\"\norganization = \"partiet\"\n\
             period = \"2024\"\nstatus = \"adopted\"\n+++\n\n\
             ## Del 1\n\nPartiet kommer att...\n\n{{.commitments}}\n\n{}\n\
             ## Del 2\n\nPartiet kommer att...\n\n{{.commitments}}\n\n{}",
            commitments(150, 1),
            commitments(120, 2)
        ),
    );
    let build = site.build();
    let urls_where = |keep: &dyn Fn(&planpress::document::Item) -> bool| -> BTreeSet<String> {
        build
            .site
            .items()
            .filter(|(_, item)| keep(item))
            .map(|(document, item)| format!("/planer/{}/#{}", document.path, item.id))
            .collect()
    };
    let climate_goals =
        urls_where(&|i| i.kind == ItemKind::Goal && i.topics.iter().any(|t| t == "klimat"));
    let untopical_goals = urls_where(&|i| i.kind == ItemKind::Goal && i.topics.is_empty());
    let to_the_board = urls_where(&|i| {
        i.kind == ItemKind::Recommendation && i.addressees.iter().any(|a| a == "styrelsen")
    });
    assert!(
        climate_goals.len() >= CLIMATE_GOALS,
        "{}",
        climate_goals.len()
    );
    assert!(
        untopical_goals.len() >= PLAIN_GOALS,
        "{}",
        untopical_goals.len()
    );
    assert!(
        to_the_board.len() >= RECOMMENDATIONS,
        "{}",
        to_the_board.len()
    );

    // The goal index cuts the long groups and links to the pages holding them.
    let index = main_of(output(&build, "mal/index.html"));
    for (url, count) in [
        ("/planer/amnen/klimat/mal/", climate_goals.len()),
        ("/planer/mal/utan-amne/", untopical_goals.len()),
    ] {
        assert!(
            index.contains(&format!("<a href=\"{url}\">Visa alla {count}</a>")),
            "the goal index links to all {count} at {url}"
        );
    }
    assert!(
        listed_items(index).len() < climate_goals.len(),
        "the goal index does not list every goal"
    );
    let recommendations_index = main_of(output(&build, "rekommendationer/index.html"));
    assert!(recommendations_index.contains(&format!(
        "<a href=\"/planer/mottagare/styrelsen/\">Visa alla {}</a>",
        to_the_board.len()
    )));
    let topic = main_of(output(&build, "amnen/klimat/index.html"));
    assert!(topic.contains(&format!(
        "<a href=\"/planer/amnen/klimat/mal/\">Visa alla {}</a>",
        climate_goals.len()
    )));

    // Each long list's pages hold it whole, each item once.
    let pages = list_pages(&build, "amnen/klimat/mal/index.html");
    assert_eq!(pages.len(), climate_goals.len().div_ceil(50));
    assert_listed_once(&pages, &climate_goals, "the climate goals");
    let pages = list_pages(&build, "mal/utan-amne/index.html");
    assert_eq!(pages.len(), untopical_goals.len().div_ceil(50));
    assert_listed_once(&pages, &untopical_goals, "the goals without topic");
    let pages = list_pages(&build, "mottagare/styrelsen/index.html");
    assert_eq!(pages.len(), to_the_board.len().div_ceil(50));
    assert_listed_once(&pages, &to_the_board, "the board's recommendations");
    assert!(
        output(&build, "mottagare/styrelsen/sida/2/index.html")
            .contains("<title>Styrelsen – sida 2 – "),
        "numbered pages say which page they are"
    );

    // The commitment index lists the strategies; each has its pages, a long one numbered.
    let strategy_commitments = urls_where(&|i| i.kind == ItemKind::Commitment);
    let index = main_of(output(&build, "ataganden/index.html"));
    assert!(
        !index.contains("class=\"commitment\""),
        "no commitments on the index"
    );
    assert!(index.contains(
        "<a class=\"for-all\" href=\"/planer/ataganden/partiet-stor-strategi/\">Visa alla 270</a>"
    ));
    let pages = list_pages(&build, "ataganden/partiet-stor-strategi/index.html");
    assert_eq!(pages.len(), 2);
    let listed: Vec<String> = pages
        .iter()
        .flat_map(|html| {
            main_of(html)
                .split("<p class=\"commitment-text\"><a href=\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(listed.len(), 270, "each commitment once");
    let listed: BTreeSet<String> = listed.into_iter().collect();
    assert_eq!(listed.len(), 270);
    assert!(listed.is_subset(&strategy_commitments));

    assert_internal_links_resolve(&build);
}

/// The motions index shows the bundled example's few changed passages open, each motion with
/// its count; on a site with many, every motion is folded behind its count, so the page stays
/// a list of motions on a phone.
#[test]
fn the_motions_index_folds_its_motions_when_they_changed_many_passages() {
    let build = TestSite::example().build();
    let page = main_of(output(&build, "motioner/index.html"));
    assert!(!page.contains("<details class=\"fold\">"), "{page}");
    assert!(page.contains("ändrat stycke)</span></h2>"), "{page}");

    let site = TestSite::fixture();
    let paragraphs: String = (1..=30)
        .map(|n| format!("Stycke nummer {n} som kongressen ändrade (E7:{n}).\n\n"))
        .collect();
    site.write(
        "content/partiet/program.md",
        format!(
            "+++\ntitle = \"Program\"\nkind = \"strategy\"\norganization = \"partiet\"\nperiod = \"2020\"\nstatus = \"adopted\"\n+++\n\n## Ändringar\n\n{paragraphs}"
        ),
    );
    let build = site.build();
    let page = main_of(output(&build, "motioner/index.html"));
    let e7 = page.split("id=\"e7\"").nth(1).expect("motion E7");
    assert!(
        e7.starts_with(">Motion E7 <span class=\"count\">(30 ändrade stycken)</span></h2>"),
        "{e7}"
    );
    assert!(
        e7.contains("<details class=\"fold\"><summary>Visa 30 ändrade stycken</summary>"),
        "{e7}"
    );
}

/// A topic's documents are folded behind their count when there are many, as its item lists
/// are: on a site of 1,000 documents the cards made a topic page over 40,000 px tall.
#[test]
fn a_topics_long_document_list_is_folded() {
    let site = TestSite::fixture();
    let before = site.build();
    let page = main_of(output(&before, "amnen/medlemmar/index.html"));
    let documents = page.split("id=\"dokument\"").nth(1).expect("the documents");
    assert!(!documents.contains("<details"), "{documents}");
    for n in 1..=11 {
        site.write(
            &format!("content/forening/not-{n}.md"),
            format!(
                "+++\ntitle = \"Notis {n}\"\nkind = \"report\"\norganization = \"forening\"\nperiod = \"2022\"\nstatus = \"adopted\"\ntopics = [\"medlemmar\"]\n+++\n\nText.\n"
            ),
        );
    }
    let build = site.build();
    let page = main_of(output(&build, "amnen/medlemmar/index.html"));
    let documents = page.split("id=\"dokument\"").nth(1).expect("the documents");
    assert!(
        documents.contains("<details class=\"fold\"><summary>Visa 1"),
        "{documents}"
    );
    assert!(documents.contains("Notis 11"), "{documents}");
}

/// A topic's document list longer than the index pages' limit is cut on the topic page (its
/// count, its first cards and "Visa alla") and held whole on pages of its own: a topic of a
/// 10,000-document site has about 2,800 documents, whose cards made its page 1 MB.
#[test]
fn a_topics_very_long_document_list_gets_pages_of_its_own() {
    let site = TestSite::fixture();
    for n in 1..=210 {
        site.write(
            &format!("content/forening/not-{n}.md"),
            format!(
                "+++\ntitle = \"Notis {n}\"\nkind = \"report\"\norganization = \"forening\"\nperiod = \"2022\"\nstatus = \"adopted\"\ntopics = [\"medlemmar\"]\n+++\n\nText.\n"
            ),
        );
    }
    let build = site.build();
    let about: BTreeSet<String> = build
        .site
        .documents
        .iter()
        .filter(|d| {
            d.meta.topics.iter().any(|t| t == "medlemmar")
                || d.items
                    .iter()
                    .any(|i| i.topics.iter().any(|t| t == "medlemmar"))
        })
        .map(|d| format!("/planer/{}/", d.path))
        .collect();
    assert!(about.len() > 210, "{}", about.len());
    let count = about.len();

    let page = main_of(output(&build, "amnen/medlemmar/index.html"));
    let documents = page.split("id=\"dokument\"").nth(1).expect("the documents");
    assert!(
        documents.contains(&format!("<summary>Visa 20 av {count} dokument</summary>")),
        "{documents}"
    );
    assert!(
        documents.contains(&format!(
            "<a href=\"/planer/amnen/medlemmar/dokument/\">Visa alla {count}</a>"
        )),
        "{documents}"
    );
    assert_eq!(documents.matches("<li class=\"doc-card\">").count(), 20);

    let pages = list_pages(&build, "amnen/medlemmar/dokument/index.html");
    assert!(pages.len() > 1, "the list is split into numbered pages");
    let listed: Vec<String> = pages
        .iter()
        .flat_map(|html| {
            let list = main_of(html);
            assert!(list.contains("<ul class=\"doc-list\">"), "{list}");
            list.split("<a class=\"doc-title\" href=\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .map(str::to_string)
                .collect::<Vec<_>>()
        })
        .collect();
    assert_each_once(listed, &about, "document");
    assert_internal_links_resolve(&build);
}
