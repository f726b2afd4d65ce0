//! A member's questions on the index pages (#20): the goal filter right at any size, counts
//! that agree with each other and with the open-data exports, follow-up told in words.

use std::collections::BTreeMap;

use planpress::build::Build;
use planpress::document::{GoalStatus, ItemKind};
use regex::Regex;

use crate::TestSite;

/// Goals per (organisation, period, status) as the site's documents hold them: what the
/// goal export lists.
type Tally = BTreeMap<(String, String, String), usize>;

fn goals_in_documents(build: &Build) -> Tally {
    let mut tally = Tally::new();
    for document in &build.site.documents {
        for goal in document.items.iter().filter(|i| i.kind == ItemKind::Goal) {
            let period = goal.period.as_ref().unwrap_or(&document.meta.period);
            let status = goal.status.map_or("none", GoalStatus::as_str);
            let key = (
                document.meta.organization.clone(),
                period.clone(),
                status.to_string(),
            );
            *tally.entry(key).or_default() += 1;
        }
    }
    tally
}

/// The goal index's table "Mål per organisation": per row its organisation, period, the
/// organisation page's URL, and the count in each status column.
fn goals_in_breakdown(html: &str) -> (Tally, BTreeMap<String, String>) {
    let head = Regex::new(r#"<th scope="col" data-n="([a-z-]+)">"#).expect("regex");
    // The count columns, after the organisation's and the period's.
    let columns: Vec<String> = head.captures_iter(html).map(|c| c[1].to_string()).collect();
    assert_eq!(columns.first().map(String::as_str), Some("total"));
    let row = Regex::new(r##"<tr data-org="([^"]+)" data-period="([^"]+)"><th scope="row"><a href="([^"#]+)#mal">.*?</th><td>.*?</td>(.*?)</tr>"##)
        .expect("regex");
    let cell = Regex::new(r"<td>(\d+)</td>").expect("regex");
    let mut tally = Tally::new();
    let mut pages = BTreeMap::new();
    for row in row.captures_iter(html) {
        pages.insert(row[1].to_string(), row[3].to_string());
        for (column, cell) in columns.iter().zip(cell.captures_iter(&row[4])) {
            let n: usize = cell[1].parse().expect("a count");
            if column != "total" && n > 0 {
                let key = (row[1].to_string(), row[2].to_string(), column.clone());
                *tally.entry(key).or_default() += n;
            }
        }
    }
    (tally, pages)
}

/// The goals an organisation page lists, by the period and status it marks them with.
fn goals_on_organization_page(html: &str, tally: &mut Tally) {
    let list = Regex::new(r#"<div data-goal-rows="([^"]+)">"#).expect("regex");
    let org = list.captures(html).expect("the page's goal list")[1].to_string();
    let period =
        Regex::new(r#"<section class="period-goals" data-period="([^"]+)">"#).expect("regex");
    let goal = Regex::new(r#"<li data-status="([a-z-]+)">"#).expect("regex");
    let starts: Vec<(usize, String)> = period
        .captures_iter(html)
        .filter_map(|c| Some((c.get(0)?.start(), c[1].to_string())))
        .collect();
    for goal in goal.captures_iter(html) {
        let at = goal.get(0).map_or(0, |m| m.start());
        let Some((_, period)) = starts.iter().rev().find(|(start, _)| *start < at) else {
            panic!("a goal outside a period's list");
        };
        let key = (org.clone(), period.clone(), goal[1].to_string());
        *tally.entry(key).or_default() += 1;
    }
}

/// A plan with more goals than the goal index shows of one topic (it shows a preview), in an
/// organisation that is not alphabetically first, and a follow-up of a few of them.
fn site_with_a_large_plan() -> TestSite {
    let site = TestSite::fixture();
    let goals: String = (1..=260)
        .map(|i| format!("{i}. Mål {i} om klimatet. {{#stor-{i}}}\n"))
        .collect();
    site.write(
        "content/partiet/stor-plan.md",
        format!(
            "+++\ntitle = \"Stor plan\"\nkind = \"plan\"\norganization = \"partiet\"\n\
             period = \"2025\"\ndate = 2025-01-15\nstatus = \"adopted\"\n+++\n\n\
             ## Klimatet {{topics=\"klimat\"}}\n\n#### Målsättningar {{.goals}}\n\n{goals}"
        ),
    );
    site.write(
        "content/partiet/stor-plan.followup.toml",
        "updated = 2025-06-30\n[goals]\nstor-3 = \"done\"\nstor-250 = \"dropped\"\nstor-7 = \"ongoing\"\n",
    );
    site
}

#[test]
fn goal_filter_counts_agree_with_the_organisation_pages_and_the_documents() {
    let site = site_with_a_large_plan();
    let build = site.build();
    let expected = goals_in_documents(&build);
    let goal_total: usize = expected.values().sum();
    assert!(goal_total > 260, "the large plan is in the build");

    let index = TestSite::page(&build, "mal/index.html");
    let (breakdown, pages) = goals_in_breakdown(index);
    assert!(pages.len() >= 2, "goals of several organisations");
    assert_eq!(breakdown, expected, "the table the filter counts from");

    // What the filter loads for an organisation is its page: every goal of it is there,
    // marked with the period and status the table counts it under.
    let mut listed = Tally::new();
    for slug in pages.keys() {
        let path = format!("organisationer/{slug}/index.html");
        goals_on_organization_page(TestSite::page(&build, &path), &mut listed);
    }
    assert_eq!(listed, expected, "the organisation pages");
}

#[test]
fn follow_up_is_told_in_words_with_its_date_and_a_bar() {
    let site = site_with_a_large_plan();
    let build = site.build();
    let page = TestSite::page(&build, "organisationer/partiet/index.html");
    let words = Regex::new(r"<[^>]+>").expect("regex");
    let text = words.replace_all(page, " ");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        text.contains(
            "260 mål: 1 klart 1 pågår 1 avslutat utan genomförande 257 utan uppföljning \
             (Uppföljning 2025-06-30)"
        ),
        "the organisation page tells the plan's follow-up: {}",
        &text[..text.len().min(600)]
    );
    assert!(page.contains(r#"<div class="followup-bar" aria-hidden="true">"#));
    let index = TestSite::page(&build, "mal/index.html");
    assert!(
        index.contains(r#"<li class="fu-none">257 utan uppföljning</li>"#)
            || index.contains("utan uppföljning</li>"),
        "the goal index says how many goals have no follow-up"
    );
}

#[test]
fn an_item_lists_each_topic_once() {
    let build = TestSite::example().build();
    for document in &build.site.documents {
        for item in &document.items {
            let mut seen = item.topics.clone();
            seen.sort();
            seen.dedup();
            assert_eq!(
                seen.len(),
                item.topics.len(),
                "{}#{} has a topic twice: {:?}",
                document.path,
                item.id,
                item.topics
            );
        }
    }
    let goals = TestSite::page(&build, "data/goals.csv");
    assert!(
        !goals.contains("valfard|bostad|valfard"),
        "the export lists each topic once"
    );
    assert!(goals.contains("valfard|bostad"));
}

#[test]
fn items_are_labelled_for_people_with_ids_only_in_addresses() {
    let build = TestSite::example().build();
    let solna = TestSite::page(&build, "solna/verksamhetsplan-2023/index.html");
    assert!(
        solna.contains(
            "<a class=\"permalink\" href=\"#mal-medlemsvard-3\"><span class=\"visually-hidden\">\
             Länk till </span>Mål 3 · Medlemsvård</a>"
        ),
        "the item's link reads as its kind, number and section"
    );
    assert!(
        !solna.contains(">#mal-medlemsvard-3<"),
        "the id is not the visible text"
    );
    // Solna's activities serve every goal of their section.
    assert!(!solna.contains("class=\"serves\""), "no \"Tjänar:\" there");
    let report = TestSite::page(&build, "storstockholm/framtidskommissionen-2020/index.html");
    assert!(
        report.contains("Strategidokumentet: ”utveckla samordningen av det kommunalpolitiska"),
        "a quote names the commitment by its first words"
    );
    assert!(!report.contains("Strategidokumentet – ata-"));
    // Huddinge's activities stand under the goal they serve, a heading ("Delmål 1: …"):
    // `activities_under_a_goal_heading_do_not_repeat_it` pins both cases.
    let huddinge = TestSite::page(&build, "huddinge/verksamhetsplan-2021-2022/index.html");
    assert!(huddinge.contains("Aktivitet 1 · Delmål 1"));
    assert!(
        !huddinge.contains("class=\"serves\""),
        "no \"Tjänar:\" there"
    );
}

#[test]
fn the_build_summary_counts_in_the_right_number() {
    let site = TestSite::empty();
    for part in [
        "site.toml",
        "content/organizations.toml",
        "content/topics.toml",
        "content/actors.toml",
    ] {
        let from = crate::repo_root().join("tests/fixtures/site").join(part);
        site.write(part, std::fs::read(from).expect("a fixture file"));
    }
    site.write(
        "content/forening/plan.md",
        "+++\ntitle = \"Plan\"\nkind = \"plan\"\norganization = \"forening\"\n\
         period = \"2024\"\n+++\n\n## Mål {.goals}\n\n1. Ett mål.\n",
    );
    let build = site.build();
    let summary = build.summary.to_string();
    assert!(summary.starts_with("1 document, 1 item, "), "{summary}");
    assert!(!summary.contains("1 documents"), "{summary}");
    // The command line speaks Swedish by default, from the message catalogue.
    let swedish = build.summary.in_lang(planpress::diagnostic::Lang::Sv);
    assert!(swedish.starts_with("1 dokument, 1 punkt, "), "{swedish}");
    assert!(!swedish.contains("1 punkter"), "{swedish}");
}

#[test]
fn newest_documents_fall_back_to_the_end_of_their_period() {
    let build = TestSite::example().build();
    let home = TestSite::page(&build, "index.html");
    let at = |path: &str| {
        home.find(&format!("href=\"/planer/{path}/\""))
            .unwrap_or_else(|| panic!("{path} on the home page"))
    };
    // Solna's 2023 plan has no date; the 2015–2016 plan is dated 2015-05-30.
    assert!(at("solna/verksamhetsplan-2023") < at("storstockholm/verksamhetsplan-2015-2016"));
    assert!(at("solna/verksamhetsplan-2023") < at("huddinge/verksamhetsplan-2021-2022"));
}

#[test]
fn a_missing_value_prints_nothing_and_counts_are_in_the_right_number() {
    let site = TestSite::fixture();
    site.write(
        "content/distrikt/liten-rapport.md",
        "+++\ntitle = \"Liten rapport\"\nkind = \"report\"\norganization = \"distrikt\"\n\
         period = \"\"\n+++\n\n## Förslag {.recommendations}\n\n- Göra en sak. {to=\"styrelsen\"}\n",
    );
    let build = site.build();
    let home = TestSite::page(&build, "index.html");
    let card = home
        .split("<li class=\"doc-card\">")
        .find(|card| card.contains("Liten rapport"))
        .expect("the report's card");
    assert!(!card.contains("·  ·"), "no empty period: {card}");
    assert!(card.contains("<span>1 rekommendation</span>"), "{card}");
}

#[test]
fn a_headings_name_is_its_text_alone() {
    let build = TestSite::example().build();
    let solna = TestSite::page(&build, "solna/verksamhetsplan-2023/index.html");
    assert!(
        solna.contains(
            "<div class=\"heading-wrap\"><h2 id=\"struktur\">Struktur</h2><a class=\"heading-anchor\" \
             href=\"#struktur\" aria-label=\"Permalänk till Struktur\">#</a></div>"
        ),
        "the permalink beside the heading, not in it"
    );
    assert!(!solna.contains("#</a></h2>"));
}

#[test]
fn a_sections_topics_are_shown_once_at_its_heading() {
    let build = TestSite::example().build();
    let plan = TestSite::page(&build, "storstockholm/verksamhetsplan-2015-2016/index.html");
    assert!(
        plan.contains(
            "<p class=\"chips section-topics\"><a class=\"chip chip-topic\" \
             href=\"/planer/amnen/bostad/\">Bostad</a>"
        ),
        "the section's topics under its heading"
    );
    let item = plan
        .split("<li id=\"mal-fokusfragor-1\"")
        .nth(1)
        .and_then(|rest| rest.split("</li>").next())
        .expect("the goal");
    assert!(
        !item.contains("chip-topic"),
        "the goal does not repeat its section's topics: {item}"
    );
}

#[test]
fn the_commitment_index_lists_each_recommendation_once_per_commitment() {
    let build = TestSite::example().build();
    let page = TestSite::page(&build, "ataganden/index.html");
    let commitments: Vec<&str> = page
        .split("<li class=\"commitment\"")
        .skip(1)
        .map(|rest| rest.split("\n      </li>").next().unwrap_or(rest))
        .collect();
    assert!(commitments.len() > 40, "every commitment is listed");
    let row =
        Regex::new(r#"<div class="td-box td-recommendation" data-url="([^"]+)""#).expect("regex");
    let mut taken_up = 0;
    for commitment in &commitments {
        let urls: Vec<&str> = row
            .captures_iter(commitment)
            .filter_map(|c| c.get(1).map(|m| m.as_str()))
            .collect();
        let mut distinct = urls.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(
            distinct.len(),
            urls.len(),
            "a recommendation twice: {commitment}"
        );
        if !urls.is_empty() {
            assert!(
                commitment.contains(&format!(
                    "<span>{} rekommendation{}</span>",
                    urls.len(),
                    if urls.len() == 1 { "" } else { "er" }
                )),
                "its count in words: {commitment}"
            );
            assert!(commitment.contains("<details class=\"fold trace-fold\">"));
        }
        taken_up += usize::from(commitment.starts_with(" data-taken-up=\"ja\""));
    }
    let not_yet = commitments.len() - taken_up;
    assert!(
        page.contains(&format!(
            "<a href=\"#tagna-upp\">tagna upp ({taken_up})</a>"
        )) && page.contains(&format!(
            "<a href=\"#ej-tagna-upp\">ännu inte tagna upp ({not_yet})</a>"
        )),
        "the filter's counts agree with the commitments marked"
    );
}

/// An organisation page answers "how many goals, how many done?" for all its periods at
/// once, and folds a period's long list behind its count, as the goal index folds its groups
/// (an organisation of a 1,000-document site was 17,000 px tall on a phone).
#[test]
fn an_organisation_page_counts_all_its_goals_and_folds_long_periods() {
    let build = site_with_a_large_plan().build();
    let total = Regex::new(r#"<h2 id="mal">[^<]*</h2>\s*<div class="followup">\s*<div class="followup-words"><span class="followup-total">(\d+) mål:</span>"#)
        .expect("regex");
    let period =
        Regex::new(r#"(?s)<section class="period-goals" data-period="[^"]+">.*?</section>"#)
            .expect("regex");
    let folded = Regex::new(r#"(?s)<details class="fold"><summary>Visa (\d+) mål</summary>\s*<ul class="goal-list">(.*?)</ul>\s*</details>"#)
        .expect("regex");
    let mut periods_seen = 0;
    for slug in ["lokal", "partiet"] {
        let html = TestSite::page(&build, &format!("organisationer/{slug}/index.html"));
        let goals = html.matches("<li data-status=").count();
        let periods: Vec<&str> = period.find_iter(html).map(|m| m.as_str()).collect();
        periods_seen += periods.len();
        if periods.len() > 1 {
            let said = total.captures(html).map(|c| c[1].to_string());
            assert_eq!(
                said,
                Some(goals.to_string()),
                "{slug}: all periods' goals in words"
            );
        }
        for section in periods {
            let listed = section.matches("<li data-status=").count();
            if listed > 5 {
                let fold = folded
                    .captures(section)
                    .expect("a long period's list is folded");
                assert_eq!(
                    fold[1].parse::<usize>().ok(),
                    Some(listed),
                    "{slug}: the fold's count"
                );
                assert_eq!(fold[2].matches("<li data-status=").count(), listed);
            } else {
                assert!(
                    !section.contains("<details"),
                    "{slug}: a short list stays open"
                );
            }
        }
    }
    assert!(
        periods_seen >= 3,
        "several periods, one of them of 260 goals"
    );
}

/// The goal filter (filter.js) tells the follow-up of the goals it shows in the theme's
/// words, which the goal index keeps on the follow-up's box: one word for one goal, another
/// for several, for each status.
#[test]
fn the_goal_index_keeps_the_follow_up_words_the_filter_tells() {
    let build = TestSite::example().build();
    let index = TestSite::page(&build, "mal/index.html");
    let open =
        Regex::new(r#"<div id="goal-followup"([^>]*)>\s*<div class="followup">"#).expect("regex");
    let box_attributes = &open
        .captures(index)
        .expect("the follow-up above the filter, in its box")[1];
    for (key, one, other) in [
        ("goal", "mål", "mål"),
        ("done", "klart", "klara"),
        ("not-started", "ej påbörjat", "ej påbörjade"),
        (
            "dropped",
            "avslutat utan genomförande",
            "avslutade utan genomförande",
        ),
        ("ongoing", "pågår", "pågår"),
        ("none", "utan uppföljning", "utan uppföljning"),
    ] {
        assert!(
            box_attributes.contains(&format!(r#" data-{key}-one="{one}""#))
                && box_attributes.contains(&format!(r#" data-{key}-other="{other}""#)),
            "{key}: {box_attributes}"
        );
    }
}

/// Activities under a goal that is a heading serve that goal: "Tjänar: mål 1" under each of
/// them said what the heading above says (a 1,000-document site's plans have such sub-goals
/// on every page). An activity serving some goals of a list still says which.
#[test]
fn activities_under_a_goal_heading_do_not_repeat_it() {
    let site = TestSite::fixture();
    site.write(
        "content/forening/delmal.md",
        "+++\ntitle = \"Delmål\"\nkind = \"plan\"\norganization = \"forening\"\n\
         period = \"2024\"\n+++\n\n## Medlemmar\n\n\
         #### Delmål 1: Fler medlemmar {#delmal-1 .goal}\n\nMedel:\n\n{.activities}\n\n\
         - Värva på torget.\n- Ringa gamla medlemmar.\n\n\
         ## Studier\n\n{.goals}\n\n1. Fler cirklar. {#cirklar}\n2. Fler ledare. {#ledare}\n\n\
         {.activities}\n\n- Utbilda cirkelledare. {goals=\"ledare\"}\n",
    );
    let build = site.build();
    let page = TestSite::page(&build, "forening/delmal/index.html");
    let serves: Vec<&str> = page
        .split("<span class=\"serves\">")
        .skip(1)
        .filter_map(|rest| rest.split("</span>").next())
        .collect();
    assert_eq!(
        serves.len(),
        1,
        "only the activity serving one goal of two: {serves:?}"
    );
    assert!(serves[0].contains("href=\"#ledare\""), "{}", serves[0]);
}
