//! No page grows without bound with the site: what a large site repeats per item (a
//! commitment's traceability diagram, …) gets pages of its own, cut like the long lists
//! (docs/INDEXES.md, *Long lists*), and every box or row stays reachable exactly once.

use std::collections::BTreeSet;

use crate::indexes::{assert_each_once, assert_internal_links_resolve, list_pages};
use crate::{TestSite, main_of};

/// A report of `sections` sections, each quoting the fixture's commitment
/// `ata-strategiska-planer` and holding two recommendations.
pub(crate) fn quoting_report(sections: usize) -> String {
    let mut text = String::from(
        "+++\ntitle = \"Stor rapport\"\nkind = \"report\"\norganization = \"distrikt\"\nperiod = \"2023\"\n+++\n",
    );
    for n in 1..=sections {
        text.push_str(&format!(
            "\n## Avsnitt {n}\n\n{{.quotes}}\n\n- *Arbeta med strategiska planer på alla nivåer.*\n\nVi har läst [strategin](@/partiet/strategi.md#ata-strategiska-planer).\n\n{{.recommendations}}\n\n- Vi uppmanar styrelsen att göra sak {n} a. {{#rek-{n}-a}}\n- Vi uppmanar styrelsen att göra sak {n} b. {{#rek-{n}-b}}\n"
        ));
    }
    text
}

/// The hrefs after each `marker` in `html`.
fn hrefs_after(html: &str, marker: &str) -> Vec<String> {
    html.split(marker)
        .skip(1)
        .filter_map(|rest| rest.split("href=\"").nth(1))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_string)
        .collect()
}

/// A commitment quoted in 80 report sections with 160 recommendations keeps its counts and
/// a link on the commitment index; its diagram is on numbered pages of its own, each
/// section and recommendation on exactly one of them. A small diagram stays folded inline.
#[test]
fn a_large_trace_gets_pages_of_its_own_with_every_box_once() {
    let site = TestSite::fixture();
    site.write("content/distrikt/stor-rapport.md", quoting_report(80));
    let build = site.build();
    let index = main_of(TestSite::page(&build, "ataganden/index.html"));
    let large = index
        .split("<li class=\"commitment\"")
        .find(|c| c.contains("/partiet/strategi/#ata-strategiska-planer\""))
        .expect("the large commitment");
    let page_url = "/planer/ataganden/partiet-strategi/ata-strategiska-planer/";
    assert!(
        large.contains(&format!("<a href=\"{page_url}\">")),
        "{large}"
    );
    assert!(large.contains("citerat i 81 avsnitt"), "{large}");
    assert!(large.contains("163 rekommendationer"), "{large}");
    assert!(!large.contains("trace-diagram"), "{large}");
    let small = index
        .split("<li class=\"commitment\"")
        .find(|c| c.contains("/partiet/strategi/#ata-goda-exempel\""))
        .expect("the small commitment");
    assert!(small.contains("<div class=\"trace-diagram\">"), "{small}");

    let pages = list_pages(
        &build,
        "ataganden/partiet-strategi/ata-strategiska-planer/index.html",
    );
    assert!(pages.len() > 1, "the diagram is cut into numbered pages");
    let mut sections = Vec::new();
    let mut recommendations = Vec::new();
    let mut direct = 0;
    for html in &pages {
        let page = main_of(html);
        assert!(page.contains("<p class=\"breadcrumb\"><a href=\"/planer/ataganden/\">"));
        assert_eq!(
            page.matches("<div class=\"td-box td-commitment\">").count(),
            1
        );
        // The quote box names the report, then the section.
        sections.extend(
            page.split("<div class=\"td-box td-quote\">")
                .skip(1)
                .filter_map(|quote| quote.split("href=\"").nth(2))
                .filter_map(|rest| rest.split('"').next())
                .map(str::to_string),
        );
        recommendations.extend(hrefs_after(page, "<div class=\"td-box td-recommendation\""));
        direct += page.matches("<div class=\"td-box td-direct\">").count();
    }
    let expected_sections: BTreeSet<String> = (1..=80)
        .map(|n| format!("/planer/distrikt/stor-rapport/#avsnitt-{n}"))
        .chain(["/planer/distrikt/rapport/#strategi-och-organisering".to_string()])
        .collect();
    assert_each_once(sections, &expected_sections, "section");
    let expected: BTreeSet<String> = (1..=80)
        .flat_map(|n| ["a", "b"].map(|x| format!("/planer/distrikt/stor-rapport/#rek-{n}-{x}")))
        .collect();
    let found: BTreeSet<String> = recommendations.iter().cloned().collect();
    assert_eq!(
        recommendations.len(),
        found.len(),
        "each recommendation once"
    );
    assert!(found.is_superset(&expected), "{found:?}");
    assert_eq!(direct, 1, "what links to it itself once");
    assert_internal_links_resolve(&build);
}

/// The pages a cut list gets (a commitment's diagram, the whole goal table) are laid out by
/// the site's own templates, each of their pages.
#[test]
fn the_pages_of_cut_lists_are_the_sites_templates() {
    let site = TestSite::fixture();
    site.write("content/distrikt/stor-rapport.md", quoting_report(80));
    for n in 1..=230 {
        site.write(
            &format!("content/forening/plan-{n}.md"),
            format!(
                "+++\ntitle = \"Plan {n}\"\nkind = \"plan\"\norganization = \"forening\"\nperiod = \"{}\"\n+++\n\n#### Mål {{.goals}}\n\n1. Mål {n}.\n",
                1700 + n
            ),
        );
    }
    let piece = "<p class=\"breadcrumb\">";
    let marked = "<p class=\"breadcrumb\" data-site-override=\"yes\">";
    let cases = [
        (
            "commitment_trace.html",
            "ataganden/partiet-strategi/ata-strategiska-planer/index.html",
        ),
        ("goal_breakdown.html", "mal/organisationer/index.html"),
    ];
    for (template, _) in cases {
        let source = std::fs::read_to_string(
            crate::repo_root()
                .join("themes/default/templates")
                .join(template),
        )
        .expect("the bundled template");
        assert_eq!(source.matches(piece).count(), 1, "{template}");
        site.write(
            &format!("templates/{template}"),
            source.replace(piece, marked),
        );
    }
    let build = site.build();
    for (template, first) in cases {
        let pages = list_pages(&build, first);
        assert!(pages.len() > 1, "{template}");
        for page in pages {
            assert!(page.contains(marked), "{template}: {page}");
        }
    }
}

/// A strategy with `counts[i].1` paragraphs amended by motion `counts[i].0`.
pub(crate) fn amended_strategy(counts: &[(&str, usize)]) -> String {
    let mut text = String::from(
        "+++\ntitle = \"Ändrad strategi\"\nkind = \"strategy\"\norganization = \"partiet\"\nperiod = \"2024\"\n+++\n\n## Stycken\n",
    );
    for (motion, count) in counts {
        for n in 1..=*count {
            text.push_str(&format!(
                "\nStycke {motion}-{n} om hur vi arbetar. ({motion}:{n})\n"
            ));
        }
    }
    text
}

/// Motions that changed more passages than a list holds are cut on the motions index (the
/// count, the first three passages and "Visa alla") and listed whole on numbered pages of
/// their own, each passage once; a motion of few passages stays whole on the index.
#[test]
fn a_motion_of_many_passages_gets_pages_of_its_own() {
    let site = TestSite::fixture();
    site.write(
        "content/partiet/andrad.md",
        amended_strategy(&[("E5", 230), ("E9", 2)]),
    );
    let build = site.build();
    let index = main_of(TestSite::page(&build, "motioner/index.html"));
    let motion = |id: &str| {
        index
            .split(&format!("<h2 id=\"{id}\">"))
            .nth(1)
            .and_then(|rest| rest.split("</section>").next())
            .unwrap_or_else(|| panic!("motion {id}: {index}"))
    };
    let e5 = motion("e5");
    assert!(e5.contains("(230 ändrade stycken)"), "{e5}");
    assert!(
        e5.contains("<summary>Visa 3 av 230 ändrade stycken</summary>"),
        "{e5}"
    );
    assert!(
        e5.contains("<a href=\"/planer/motioner/e5/\">Visa alla 230</a>"),
        "{e5}"
    );
    assert_eq!(e5.matches("<blockquote class=\"passage\">").count(), 3);
    let e9 = motion("e9");
    assert_eq!(e9.matches("<blockquote class=\"passage\">").count(), 2);
    assert!(!e9.contains("Visa alla"), "{e9}");

    let pages = list_pages(&build, "motioner/e5/index.html");
    assert!(pages.len() > 1, "the motion's passages on numbered pages");
    let mut listed = Vec::new();
    for html in &pages {
        let page = main_of(html);
        assert!(
            page.contains(
                "<p class=\"breadcrumb\"><a href=\"/planer/motioner/#e5\">Motioner</a></p>"
            ),
            "{page}"
        );
        assert!(!page.contains("<details"), "open on its own pages: {page}");
        listed.extend(
            page.split("<blockquote class=\"passage\"><p>Stycke ")
                .skip(1)
                .filter_map(|rest| rest.split(' ').next())
                .map(str::to_string),
        );
    }
    let expected: BTreeSet<String> = (1..=230).map(|n| format!("E5-{n}")).collect();
    assert_each_once(listed, &expected, "passage");
    assert_internal_links_resolve(&build);
}

/// A table "Mål per organisation" of more rows than a list holds (an organisation with
/// plans of 230 periods) is cut on the goal index: its first rows, "Visa alla", and the
/// counts of the whole table for the filter (`data-all`); the whole table is on numbered
/// pages, each organisation and period once, and the counts add up to every goal.
#[test]
fn a_long_goal_table_is_cut_with_its_counts_for_the_filter() {
    let site = TestSite::fixture();
    for n in 1..=230 {
        site.write(
            &format!("content/forening/plan-{n}.md"),
            format!(
                "+++\ntitle = \"Plan {n}\"\nkind = \"plan\"\norganization = \"forening\"\nperiod = \"{}\"\n+++\n\n#### Mål {{.goals}}\n\n1. Mål {n}.\n",
                1700 + n
            ),
        );
    }
    let build = site.build();
    let index = main_of(TestSite::page(&build, "mal/index.html"));
    let table = index
        .split("<table class=\"breakdown cards\"")
        .nth(1)
        .and_then(|rest| rest.split("</table>").next())
        .expect("the table");
    assert!(
        table.starts_with(" data-all=\"/planer/mal/organisationer.json\""),
        "{table}"
    );
    assert_eq!(table.matches("<tr data-org=").count(), 20);
    let data: serde_json::Value = serde_json::from_slice(
        &build
            .outputs
            .iter()
            .find(|o| o.path == "mal/organisationer.json")
            .expect("the table's counts")
            .bytes,
    )
    .expect("JSON");
    let rows: BTreeSet<(String, String)> = data["organizations"]
        .as_array()
        .expect("organisations")
        .iter()
        .flat_map(|o| {
            let org = o[0].as_str().unwrap_or_default().to_string();
            let periods = o[3].as_array().cloned().unwrap_or_default();
            periods
                .into_iter()
                .map(move |p| (org.clone(), p[0].as_str().unwrap_or_default().to_string()))
        })
        .collect();
    let goals: u64 = data["organizations"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|o| o[3].as_array().cloned().unwrap_or_default())
        .map(|p| p[2][0].as_u64().unwrap_or(0))
        .sum();
    let all_goals = build
        .site
        .documents
        .iter()
        .flat_map(|d| &d.items)
        .filter(|i| i.kind == planpress::document::ItemKind::Goal)
        .count();
    assert_eq!(goals as usize, all_goals, "the counts hold every goal");
    assert!(rows.len() > 230, "{}", rows.len());
    assert!(
        index.contains(&format!(
            "<a href=\"/planer/mal/organisationer/\">Visa alla {}</a>",
            rows.len()
        )),
        "{index}"
    );

    // Without JavaScript an organisation the first rows leave out is found through the
    // organisations' index.
    assert!(
        index.contains("<p class=\"nojs-hint\"><a href=\"/planer/organisationer/\">"),
        "{index}"
    );
    let pages = list_pages(&build, "mal/organisationer/index.html");
    assert!(pages.len() > 1);
    let mut listed = Vec::new();
    for html in &pages {
        let page = main_of(html);
        assert!(!page.contains("data-all"), "{page}");
        listed.extend(page.split("<tr data-org=\"").skip(1).filter_map(|rest| {
            let (org, rest) = rest.split_once('"')?;
            let period = rest.split("data-period=\"").nth(1)?.split('"').next()?;
            Some((org.to_string(), period.to_string()))
        }));
    }
    assert_each_once(listed, &rows, "row");
    assert_internal_links_resolve(&build);
}

/// A commitment's "referred to by" on its document page lists its first 20 and links to
/// its diagram's page, which draws every one of them, even when the diagram is small
/// enough to fold: at 10,000 documents a strategy's page was 668 kB of these lists.
#[test]
fn a_commitment_referred_to_by_many_links_to_its_diagram_for_them_all() {
    let site = TestSite::fixture();
    let sections: String = (1..=25)
        .map(|n| {
            format!("\n## Del {n}\n\nSe [exemplen](@/partiet/strategi.md#ata-goda-exempel).\n")
        })
        .collect();
    site.write(
        "content/forening/hanvisningar.md",
        format!("+++\ntitle = \"Hänvisningar\"\nkind = \"report\"\norganization = \"forening\"\nperiod = \"2023\"\n+++\n{sections}"),
    );
    let build = site.build();
    let count = build
        .site
        .backlinks_to("partiet/strategi", "ata-goda-exempel")
        .len();
    assert!(count > 25, "{count}");
    let page = main_of(TestSite::page(&build, "partiet/strategi/index.html"));
    let meta = page
        .split("<a class=\"permalink\" href=\"#ata-goda-exempel\">")
        .nth(1)
        .and_then(|rest| rest.split("</details>").next())
        .expect("the commitment's metadata");
    let url = "/planer/ataganden/partiet-strategi/ata-goda-exempel/";
    assert!(
        meta.contains(&format!("Hänvisas till av ({count})")),
        "{meta}"
    );
    assert_eq!(meta.matches("<li>").count(), 20, "{meta}");
    assert!(
        meta.contains(&format!("<a href=\"{url}\">Visa alla {count}</a>")),
        "{meta}"
    );
    let index = main_of(TestSite::page(&build, "ataganden/index.html"));
    assert!(index.contains(&format!("<a href=\"{url}\">")), "{index}");
    let diagram = list_pages(
        &build,
        "ataganden/partiet-strategi/ata-goda-exempel/index.html",
    );
    let drawn: Vec<String> = diagram
        .iter()
        .flat_map(|html| hrefs_after(main_of(html), "<span class=\"backlink-kind\">"))
        .filter(|href| href.contains("/hanvisningar/"))
        .collect();
    let expected: BTreeSet<String> = (1..=25)
        .map(|n| format!("/planer/forening/hanvisningar/#del-{n}"))
        .collect();
    assert_eq!(expected.len(), 25);
    assert_each_once(drawn, &expected, "reference");
    assert_internal_links_resolve(&build);
}
