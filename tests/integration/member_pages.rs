//! A member's look at a large site on a phone (the 10,000-document bench corpus at 390 px):
//! the lists that grow with the number of organisations and strategies are grouped and
//! folded, and the commitment index's filter works where it lists strategies only.

use planpress::build::Build;
use regex::Regex;

use crate::{TestSite, main_of};

/// The fixture's vocabulary with a district of `big` local parties, one of three and one of
/// none (a district that is nobody's parent).
fn site_with_many_organisations(big: usize) -> TestSite {
    let site = TestSite::fixture();
    let mut vocabulary = site.read("content/organizations.toml");
    let mut add = |slug: &str, name: &str, level: &str, parent: &str| {
        vocabulary.push_str(&format!(
            "\n[[organization]]\nslug = \"{slug}\"\nname = \"{name}\"\nlevel = \"{level}\"\nparent = \"{parent}\"\n"
        ));
    };
    add("stor", "Stordistriktet", "district", "partiet");
    for n in 1..=big {
        add(
            &format!("stor-{n}"),
            &format!("Förening {n}"),
            "local",
            "stor",
        );
    }
    add("liten", "Lilldistriktet", "district", "partiet");
    for n in 1..=3 {
        add(
            &format!("liten-{n}"),
            &format!("Lillförening {n}"),
            "local",
            "liten",
        );
    }
    add("ensam", "Ensamdistriktet", "district", "partiet");
    site.write("content/organizations.toml", vocabulary);
    site
}

/// The organisation pages a list links to, in order.
fn organisations_linked(list: &str) -> Vec<String> {
    let link = Regex::new(r#"<a href="/planer/organisationer/([^/"]+)/">"#).expect("regex");
    link.captures_iter(list).map(|c| c[1].to_string()).collect()
}

/// The home page and the organisation index list each organisation once, a district's
/// local parties under it and folded behind their count when more than five, or whatever
/// their number on a site of more than 30 organisations (twenty districts of five local
/// parties were 9,000 px on a phone); a district without local parties is a group of its
/// own like the others, not one of the party's members. At 10,000 documents both pages
/// listed 311 organisations in one list, ~24,500 px on a phone (3,500 px now).
#[test]
fn organisations_are_listed_under_their_district_and_folded_when_many() {
    let groups = Regex::new(r#"(?s)<ul class="org-list org-groups">.*?\n</ul>"#).expect("regex");
    let folded = Regex::new(r#"(?s)^[^\n]*\n\s*<details class="fold"><summary>Visa (\d+) partiföreningar och underorganisationer</summary>\s*<ul class="org-list org-members">(.*?)</ul></details>"#)
        .expect("regex");
    for big in [12, 30] {
        let build = site_with_many_organisations(big).build();
        let stor: Vec<String> = (1..=big).map(|n| format!("stor-{n}")).collect();
        for page in ["index.html", "organisationer/index.html"] {
            let html = main_of(TestSite::page(&build, page));
            let list = groups.find(html).expect("the grouped list").as_str();
            let mut linked = organisations_linked(list);
            let listed = linked.len();
            linked.sort();
            linked.dedup();
            assert_eq!(linked.len(), listed, "{page}: each organisation once");
            assert_eq!(
                listed,
                4 + 1 + big + 1 + 3 + 1,
                "{page}: every organisation"
            );
            // A group is a line of the list's own (its members' lines are indented).
            let group = |slug: &str| {
                let head = format!("<a href=\"/planer/organisationer/{slug}/\">");
                list.split("\n<li>")
                    .find(|g| g.starts_with(&head))
                    .unwrap_or_else(|| panic!("{page}: {slug} is a group of its own"))
            };
            let members = folded.captures(group("stor")).expect("folded");
            assert_eq!(members[1].parse::<usize>().ok(), Some(big), "{page}");
            assert_eq!(organisations_linked(&members[2]), stor, "{page}");
            let small = group("liten");
            let three = ["liten-1", "liten-2", "liten-3"];
            match folded.captures(small) {
                Some(members) if big > 12 => {
                    assert_eq!(organisations_linked(&members[2]), three, "{page}")
                }
                Some(_) => panic!("{page}: three stay open on a small site"),
                None if big > 12 => panic!("{page}: every group folds on a large site"),
                None => assert_eq!(organisations_linked(small)[1..], three, "{page}"),
            }
            assert_eq!(organisations_linked(group("partiet")), ["partiet"]);
            assert_eq!(organisations_linked(group("ensam")), ["ensam"]);
        }
    }
}

/// The fixture with enough strategies (four of the district's with 50 commitments each, one
/// of the local association's with 20) for the long commitment index, by organisation.
pub(crate) fn long_commitment_index() -> TestSite {
    let site = TestSite::fixture();
    for n in 1..=4 {
        site.write(
            &format!("content/distrikt/strategi-{n}.md"),
            strategy("distrikt", n, 50),
        );
    }
    site.write("content/lokal/strategi-5.md", strategy("lokal", 5, 20));
    site
}

/// A strategy of `count` commitments of an organisation, none of them taken up.
fn strategy(org: &str, n: usize, count: usize) -> String {
    let mut text = format!(
        "+++\ntitle = \"Strategi {n}\"\nkind = \"strategy\"\norganization = \"{org}\"\nperiod = \"{}\"\n+++\n\n## Del {n}\n\n{{.commitments}}\n\n",
        1900 + n
    );
    for k in 1..=count {
        text.push_str(&format!(
            "- åtagande {k} av strategi {n} {{#ata-s{n}-{k}}}\n"
        ));
    }
    text
}

/// The long commitment index's strategies: each one's counts agree, its links carry the
/// filter's choice to its own page, and it is marked to be hidden under a choice it has none
/// of. How many there are, and how many commitments they take up.
fn strategy_rows(build: &Build, html: &str) -> (usize, usize) {
    let row = Regex::new(r#"<li class="strategy-row([^"]*)"><a href="[^"]+">([^<]+)</a>\s*<a class="for-all" href="([^"]+)">Visa alla (\d+)</a><a class="for-ja" href="([^"]+)">Visa (\d+) tagna upp</a><a class="for-nej" href="([^"]+)">Visa (\d+) ännu inte tagna upp</a></li>"#)
        .expect("regex");
    let mut taken_up = 0;
    let mut rows = 0;
    for c in row.captures_iter(html) {
        rows += 1;
        let n = |i: usize| c[i].parse::<usize>().expect("a count");
        assert_eq!(n(4), n(6) + n(8), "{}", &c[2]);
        assert_eq!(
            &c[5],
            format!("{}#tagna-upp", &c[3]),
            "the choice goes along"
        );
        assert_eq!(&c[7], format!("{}#ej-tagna-upp", &c[3]));
        assert_eq!(c[1].contains("none-ja"), n(6) == 0, "{}", &c[2]);
        assert_eq!(c[1].contains("none-nej"), n(8) == 0, "{}", &c[2]);
        let page = c[3].trim_start_matches("/planer/").to_string() + "index.html";
        let own = TestSite::page(build, &page);
        assert!(own.contains(r#"<span id="tagna-upp" class="filter-target">"#));
        taken_up += n(6);
    }
    (rows, taken_up)
}

/// The commitment index of a site of more than 200 commitments lists the strategies only,
/// each on a page of its own. Its filter "tagna upp / ännu inte tagna upp" hid commitments,
/// of which that index had none, so choosing one changed nothing (220 strategies, 33,000 px
/// on a phone at 10,000 documents): the strategies are now by organisation, folded, each
/// with its counts for each choice and a link to its own page filtered the same way, and a
/// strategy or organisation with none for the choice is hidden under it.
#[test]
fn the_long_commitment_index_filters_its_strategies() {
    let build = long_commitment_index().build();
    let html = main_of(TestSite::page(&build, "ataganden/index.html"));
    let orgs = Regex::new(r#"<section class="strategy-org([^"]*)" aria-labelledby="org-\d+">\s*<h2 id="org-\d+">([^<]+) <span class="count">\(<span class="n-all">(\d+) åtaganden?</span><span class="n-ja">(\d+) (?:av \d+ )?åtaganden?</span><span class="n-nej">(\d+) (?:av \d+ )?åtaganden?</span>"#)
        .expect("regex");
    let found: Vec<(String, String, [usize; 3])> = orgs
        .captures_iter(html)
        .map(|c| {
            let n = |i: usize| c[i].parse::<usize>().expect("a count");
            (
                c[2].to_string(),
                c[1].trim().to_string(),
                [n(3), n(4), n(5)],
            )
        })
        .collect();
    let distrikt = found
        .iter()
        .find(|(name, ..)| name == "Distriktet")
        .expect("the district's strategies");
    assert_eq!(distrikt.2, [200, 0, 200], "{found:?}");
    assert_eq!(distrikt.1, "none-ja", "hidden under 'tagna upp'");
    let partiet = found
        .iter()
        .find(|(name, ..)| name == "Partiet")
        .expect("the party's strategy");
    assert!(partiet.2[1] > 0 && partiet.2[0] == partiet.2[1] + partiet.2[2]);
    assert_eq!(found.len(), 3, "{found:?}");

    let (rows, taken_up) = strategy_rows(&build, html);
    assert_eq!(rows, 6, "every strategy once");
    assert!(
        html.contains(&format!(
            r##"<a href="#tagna-upp">tagna upp ({taken_up})</a>"##
        )),
        "the strategies' counts add up to the filter's"
    );
    let css =
        std::fs::read_to_string(crate::repo_root().join("themes/default/static/css/style.css"))
            .expect("the style sheet");
    for rule in [
        "main:has(#tagna-upp:target) .none-ja,",
        "main:has(#ej-tagna-upp:target) .none-nej {",
        "main:has(#tagna-upp:target) .strategy-list .for-ja,",
    ] {
        assert!(
            css.contains(rule),
            "the style sheet hides and shows by the choice: {rule}"
        );
    }
}

/// An organisation page shows its ten newest documents and folds the older ones behind
/// their count, each document once: a district's 83 documents were 13,000 px of cards on a
/// phone before its goals. Its plans year by year fold past five years too (its 36 years
/// were 10,000 px more).
#[test]
fn an_organisation_page_folds_its_older_documents_and_years() {
    let site = TestSite::fixture();
    for n in 1..=14 {
        site.write(
            &format!("content/lokal/plan-{n}.md"),
            format!(
                "+++\ntitle = \"Plan {n}\"\nkind = \"plan\"\norganization = \"lokal\"\nperiod = \"{}\"\n+++\n\n#### Mål {{.goals}}\n\n1. Mål {n}.\n",
                1980 + n
            ),
        );
    }
    let build = site.build();
    let html = main_of(TestSite::page(&build, "organisationer/lokal/index.html"));
    let docs = html
        .split(r#"<h2 id="docs-heading">"#)
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("the documents' section");
    let card =
        Regex::new(r#"<a class="doc-title" href="/planer/lokal/([^/"]+)/">"#).expect("regex");
    let (shown, folded) = docs
        .split_once(r#"<details class="fold"><summary>Visa "#)
        .expect("the older documents folded");
    let shown: Vec<String> = card
        .captures_iter(shown)
        .map(|c| c[1].to_string())
        .collect();
    let folded_docs: Vec<String> = card
        .captures_iter(folded)
        .map(|c| c[1].to_string())
        .collect();
    let total = build
        .site
        .documents
        .iter()
        .filter(|d| d.meta.organization == "lokal")
        .count();
    assert_eq!(shown.len(), 10, "{shown:?}");
    assert_eq!(shown.len() + folded_docs.len(), total);
    assert!(folded.starts_with(&format!("{} äldre dokument</summary>", total - 10)));
    assert!(
        shown.contains(&"plan-14".to_string()) && folded_docs.contains(&"plan-1".to_string()),
        "the newest shown, the oldest folded: {shown:?}"
    );
    assert!(folded_docs.iter().all(|d| !shown.contains(d)), "each once");
    let years = html.matches(r#"<li class="yearly-year">"#).count();
    let fold = format!(r#"<details class="fold"><summary>Visa {years} år</summary>"#);
    let (_, folded_years) = html.split_once(&fold).expect("the years folded");
    assert!(years > 5);
    assert_eq!(
        folded_years.matches(r#"<li class="yearly-year">"#).count(),
        years
    );
}

/// Under a choice of the commitment filter each count has its word: a section of five with
/// one not yet taken up read "(1 åtaganden)"; it reads "(1 av 5 åtaganden)", and a section
/// of one "(1 åtagande)".
#[test]
fn each_count_under_the_commitment_filter_has_its_own_word() {
    let build = TestSite::fixture()
        .replace_once(
            "content/partiet/strategi.md",
            "- lyfta goda exempel på möten {#ata-goda-exempel}",
            "- lyfta goda exempel på möten {#ata-goda-exempel}\n- pröva nya vägar {#ata-nya-vagar}",
        )
        .build();
    let html = main_of(TestSite::page(&build, "ataganden/index.html"));
    // "1 av 4 åtaganden": the word agrees with the whole count when the choice's is less.
    let count = Regex::new(r#"<span class="n-(all|ja|nej)">(\d+) (?:av (\d+) )?([^<]+)</span>"#)
        .expect("regex");
    let mut ones = 0;
    for c in count.captures_iter(html) {
        let whole = c.get(3).map_or(&c[2], |of| of.as_str());
        let word = if whole == "1" {
            "åtagande"
        } else {
            "åtaganden"
        };
        assert_eq!(&c[4], word, "{}", &c[0]);
        ones += usize::from(&c[2] == "1" && &c[1] != "all");
    }
    assert!(ones > 0, "a count of one under a choice: {html}");
}

/// The home page's entry points and every page's menus lead to every index the site has:
/// the motions and the open data were only in the footer's small print, under 24,000 px
/// of organisations on a phone at 10,000 documents, and the addressees' index (/mottagare/)
/// was in no menu at all, found only by typing its address.
#[test]
fn the_home_page_and_the_menus_lead_to_every_index() {
    let build = TestSite::fixture().build();
    // Every folder of its own at the top with a page: the documents' folders have none.
    let indexes: Vec<&str> = build
        .outputs
        .iter()
        .filter_map(|f| f.path.strip_suffix("/index.html"))
        .filter(|folder| !folder.contains('/'))
        .collect();
    assert!(indexes.len() >= 9, "{indexes:?}");
    assert!(indexes.contains(&"mottagare"), "{indexes:?}");
    let home = main_of(TestSite::page(&build, "index.html"));
    let entries = home
        .split(r#"<ul class="entry-points">"#)
        .nth(1)
        .and_then(|rest| rest.split("</ul>").next())
        .expect("the entry points");
    for index in &indexes {
        let link = format!(r#"<a href="/planer/{index}/""#);
        assert!(entries.contains(&link), "{index}: {entries}");
        // The header's menu or the footer of every index page, its own too.
        for page in &indexes {
            let html = TestSite::page(&build, &format!("{page}/index.html"));
            let menus = html.split("<main").next().unwrap_or_default().to_string()
                + html.split("</main>").nth(1).unwrap_or_default();
            assert!(menus.contains(&link), "{index} from {page}: {menus}");
        }
    }
    let actors = TestSite::page(&build, "mottagare/index.html");
    assert!(
        actors.contains(r#"<a href="/planer/mottagare/" aria-current="page">Mottagare</a>"#),
        "{actors}"
    );
}

/// A plan without a period (as `planpress init` scaffolds one) is listed, but the goal
/// index's period filter offered an option without a label (invalid HTML, and its empty
/// value was that of "all") and the organisation page headed its goals with nothing.
#[test]
fn goals_without_a_period_get_no_empty_filter_option_or_heading() {
    let build = TestSite::fixture()
        .replace_once(
            "content/lokal/verksamhetsplan-2022.md",
            "period = \"2022\"",
            "period = \"\"",
        )
        .build();
    let goals = main_of(TestSite::page(&build, "mal/index.html"));
    let periods = goals
        .split("id=\"filter-period\"")
        .nth(1)
        .and_then(|rest| rest.split("</select>").next())
        .expect("the period filter");
    assert!(!periods.contains("\"></option>"), "{periods}");
    assert_eq!(
        periods.matches("<option value=\"\">").count(),
        1,
        "{periods}"
    );
    let organisation = main_of(TestSite::page(&build, "organisationer/lokal/index.html"));
    assert!(organisation.contains(">Utan period</h3>"), "{organisation}");
    assert!(!organisation.contains("\"></h3>"), "{organisation}");
}
