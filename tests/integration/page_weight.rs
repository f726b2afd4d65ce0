//! No page grows without bound with the site: what a large site repeats per item (a
//! commitment's traceability diagram, …) gets pages of its own, cut like the long lists
//! (docs/INDEXES.md, *Long lists*), and every box or row stays reachable exactly once.

use std::collections::BTreeSet;

use crate::indexes::{assert_internal_links_resolve, list_pages};
use crate::{TestSite, main_of};

/// A report of `sections` sections, each quoting the fixture's commitment
/// `ata-strategiska-planer` and holding two recommendations.
fn quoting_report(sections: usize) -> String {
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
    assert_eq!(sections.len(), expected_sections.len(), "each section once");
    assert_eq!(
        sections.into_iter().collect::<BTreeSet<_>>(),
        expected_sections
    );
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

/// The pages of a large diagram are laid out by the site's own `commitment_trace.html`.
#[test]
fn a_diagrams_page_is_the_sites_template() {
    let site = TestSite::fixture();
    site.write("content/distrikt/stor-rapport.md", quoting_report(80));
    let source = std::fs::read_to_string(
        crate::repo_root().join("themes/default/templates/commitment_trace.html"),
    )
    .expect("the bundled template");
    let piece = "<p class=\"breadcrumb\">";
    assert_eq!(source.matches(piece).count(), 1);
    site.write(
        "templates/commitment_trace.html",
        source.replace(piece, "<p class=\"breadcrumb\" data-site-override=\"yes\">"),
    );
    let build = site.build();
    let pages = list_pages(
        &build,
        "ataganden/partiet-strategi/ata-strategiska-planer/index.html",
    );
    assert!(pages.len() > 1);
    for page in pages {
        assert!(page.contains("<p class=\"breadcrumb\" data-site-override=\"yes\">"));
    }
}

/// A strategy with `counts[i].1` paragraphs amended by motion `counts[i].0`.
fn amended_strategy(counts: &[(&str, usize)]) -> String {
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
    assert_eq!(listed.len(), expected.len(), "each passage once");
    assert_eq!(listed.into_iter().collect::<BTreeSet<_>>(), expected);
    assert_internal_links_resolve(&build);
}
