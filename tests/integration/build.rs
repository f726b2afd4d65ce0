//! Building real sites: the fixture site and the bundled example.

use crate::{TestSite, main_of, render_diagnostics};

#[test]
fn fixture_site_builds_every_page_kind() {
    let site = TestSite::fixture();
    let build = site.build();
    let paths: Vec<&str> = build.outputs.iter().map(|o| o.path.as_str()).collect();
    for expected in [
        "index.html",
        "404.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "forening/plan/index.html",
        "distrikt/rapport/index.html",
        "partiet/strategi/index.html",
        "organisationer/index.html",
        "organisationer/forening/index.html",
    ] {
        assert!(paths.contains(&expected), "missing {expected} in {paths:?}");
    }
    // Three documents, and the yearly cycle's plan, annual report and next plan (lokal/).
    assert_eq!(build.summary.documents, 6);
}

#[test]
fn plan_page_snapshot() {
    let build = TestSite::fixture().build();
    insta::assert_snapshot!(main_of(TestSite::page(&build, "forening/plan/index.html")));
}

#[test]
fn report_page_snapshot() {
    let build = TestSite::fixture().build();
    insta::assert_snapshot!(main_of(TestSite::page(
        &build,
        "distrikt/rapport/index.html"
    )));
}

#[test]
fn strategy_page_snapshot() {
    let build = TestSite::fixture().build();
    insta::assert_snapshot!(main_of(TestSite::page(
        &build,
        "partiet/strategi/index.html"
    )));
}

#[test]
fn items_of_the_fixture_snapshot() {
    let build = TestSite::fixture().build();
    let items: Vec<_> = build
        .site
        .items()
        .map(|(doc, item)| {
            format!(
                "{}#{} {:?} topics={:?} to={:?} serves={:?} status={:?}",
                doc.path,
                item.id,
                item.kind,
                item.topics,
                item.addressees,
                item.serves,
                item.status
            )
        })
        .collect();
    insta::assert_snapshot!(items.join("\n"));
}

#[test]
fn quotes_link_to_the_commitment_they_quote_and_back() {
    let build = TestSite::fixture().build();
    let matched = build
        .site
        .quote_matches
        .get(&(
            "distrikt/rapport".to_string(),
            "citat-strategi-och-organisering-1".to_string(),
        ))
        .expect("the quote is matched");
    assert_eq!(
        (matched.doc.as_str(), matched.commitments.as_slice()),
        (
            "partiet/strategi",
            ["ata-strategiska-planer".to_string()].as_slice()
        )
    );
    let strategy = TestSite::page(&build, "partiet/strategi/index.html");
    assert!(
        strategy.contains("href=\"/planer/distrikt/rapport/#citat-strategi-och-organisering-1\"")
    );
}

#[test]
fn rebuilding_gives_identical_output() {
    let site = TestSite::example();
    let first = site.build();
    let second = site.build();
    assert_eq!(
        first.outputs, second.outputs,
        "two builds of the same content differ"
    );
}

/// `planpress build` keeps nothing for a rebuild and streams its files to disk (the exports
/// one dataset at a time); the preview server keeps every part and collects its files in
/// memory. Both must make the same site.
#[test]
fn the_one_shot_build_writes_what_the_preview_pipeline_makes() {
    let site = TestSite::example();
    let in_memory = site.build();
    let mut options = site.options();
    options.output = Some(site.path("public-one-shot"));
    planpress::build::build_site(&options).expect("the bundled example builds");
    let written = site.path("public-one-shot");
    for file in &in_memory.outputs {
        let on_disk = std::fs::read(written.join(&file.path))
            .unwrap_or_else(|e| panic!("{} not written by the one-shot build: {e}", file.path));
        assert!(
            on_disk == *file.bytes,
            "{} differs between the one-shot build and the preview pipeline",
            file.path
        );
    }
    let written_files: std::collections::BTreeSet<String> = walkdir::WalkDir::new(&written)
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry.path().strip_prefix(&written).expect("inside");
            rel.to_string_lossy().replace('\\', "/")
        })
        .filter(|rel| rel != planpress::output::MANIFEST)
        .collect();
    let made: std::collections::BTreeSet<String> = in_memory
        .outputs
        .iter()
        .map(|file| file.path.clone())
        .chain(in_memory.static_files.iter().map(|(_, rel)| rel.clone()))
        .collect();
    assert_eq!(
        written_files, made,
        "the one-shot build wrote other files than the preview pipeline makes"
    );
    assert_eq!(
        planpress::output::read_manifest(&written),
        Some(made),
        "the manifest lists every file the build wrote"
    );
}

#[test]
fn ids_of_the_bundled_example_are_stable() {
    let build = TestSite::example().build();
    let ids: Vec<String> = build
        .site
        .items()
        .map(|(doc, item)| format!("{}#{}", doc.path, item.id))
        .collect();
    insta::assert_snapshot!(ids.join("\n"));
}

#[test]
fn ids_do_not_change_when_text_elsewhere_changes() {
    let site = TestSite::example();
    let before: Vec<String> = site
        .build()
        .site
        .items()
        .map(|(d, i)| format!("{}#{}", d.path, i.id))
        .collect();
    let path = "content/solna/verksamhetsplan-2023.md";
    // After the heading's attribute block: put between the two, the block would end the
    // paragraph, which is an error (issue #18).
    let text = site.read(path).replacen(
        "### Medlemsvård {topics=\"medlemmar\"}",
        "### Medlemsvård {topics=\"medlemmar\"}\n\nEtt nytt stycke som inte fanns förut.",
        1,
    );
    site.write(path, text);
    let after: Vec<String> = site
        .build()
        .site
        .items()
        .map(|(d, i)| format!("{}#{}", d.path, i.id))
        .collect();
    assert_eq!(before, after);
}

#[test]
fn bundled_example_has_a_page_per_document_and_organisation() {
    let build = TestSite::example().build();
    for page in [
        "storstockholm/verksamhetsplan-2015-2016/index.html",
        "solna/verksamhetsplan-2023/index.html",
        "huddinge/verksamhetsplan-2021-2022/index.html",
        "storstockholm/framtidskommissionen-2020/index.html",
        "vansterpartiet/strategidokumentet-2020/index.html",
        "organisationer/vansterpartiet/index.html",
        "organisationer/storstockholm/index.html",
        "organisationer/solna/index.html",
        "organisationer/huddinge/index.html",
    ] {
        let html = TestSite::page(&build, page);
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"sv\">"),
            "{page}"
        );
    }
}

#[test]
fn the_2015_plan_has_paragraphs_1_to_35() {
    let build = TestSite::example().build();
    let plan = build
        .site
        .document("storstockholm/verksamhetsplan-2015-2016")
        .expect("the 2015 plan");
    let numbers: Vec<u32> = plan.paragraphs.iter().map(|p| p.number).collect();
    assert_eq!(numbers, (1..=35).collect::<Vec<_>>());
    let html = TestSite::page(&build, "storstockholm/verksamhetsplan-2015-2016/index.html");
    for n in 1..=35 {
        assert!(html.contains(&format!("id=\"p{n}\"")), "anchor p{n}");
    }
}

#[test]
fn amendments_render_as_ins_and_del_with_motion_links() {
    let build = TestSite::fixture().build();
    let html = TestSite::page(&build, "partiet/strategi/index.html");
    assert!(html.contains("<ins class=\"amendment\"> och starkare</ins>"));
    assert!(html.contains("<del class=\"amendment\"> och trötta</del>"));
    assert!(html.contains("href=\"/planer/motioner/#e2\""));
    assert!(html.contains("id=\"motion-ps-e3\""));
}

#[test]
fn raw_html_is_escaped_unless_the_site_allows_it() {
    let site = TestSite::fixture();
    let plan = site.read("content/forening/plan.md") + "\n<script>alert(1)</script>\n";
    site.write("content/forening/plan.md", &plan);
    let build = site.build();
    let html = TestSite::page(&build, "forening/plan/index.html");
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));

    let config = site.read("site.toml") + "allow_raw_html = true\n";
    site.write("site.toml", config);
    let build = site.build();
    assert!(
        TestSite::page(&build, "forening/plan/index.html").contains("<script>alert(1)</script>")
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = TestSite::fixture();
    let plan = site.read("content/forening/plan.md").replacen(
        "status = \"adopted\"",
        "status = \"adopted\"\ndraft = true",
        1,
    );
    site.write("content/forening/plan.md", plan);
    assert_eq!(site.build().summary.documents, 5);
    let mut options = site.options();
    options.drafts = planpress::config::DraftMode::Include;
    let build = planpress::build::Pipeline::load(&options)
        .and_then(|mut p| p.run())
        .expect("build");
    assert_eq!(build.summary.documents, 6);
}

#[test]
fn site_templates_override_the_theme() {
    let site = TestSite::fixture();
    site.write(
        "templates/404.html",
        "{% extends \"base.html\" %}{% block content %}<p>Egen 404</p>{% endblock content %}",
    );
    let build = site.build();
    assert!(TestSite::page(&build, "404.html").contains("<p>Egen 404</p>"));
}

/// A rebuild through one pipeline, as `planpress serve` runs it.
fn rebuild(pipeline: &mut planpress::build::Pipeline) -> planpress::build::Build {
    pipeline.run().unwrap_or_else(|failure| {
        panic!(
            "rebuild failed:\n{}",
            render_diagnostics(&failure.diagnostics())
        )
    })
}

/// A one-shot build hands each document's body to its page alone (the pipeline's own test,
/// `a_one_shot_build_keeps_no_body_once_the_pages_are_written`, checks that nothing else
/// holds it). A pipeline that rebuilds keeps them, so a page rendered again, because a link
/// to it was added elsewhere, still has its text.
#[test]
fn a_one_shot_build_writes_each_body_and_a_rebuild_keeps_them() {
    let site = TestSite::fixture();
    let mut options = site.options();
    options.output = Some(site.path("public-one-shot"));
    let built = planpress::build::build_site(&options).expect("the fixture builds");
    assert!(!built.site.documents.is_empty());
    let strategy_page = site.read("public-one-shot/partiet/strategi/index.html");
    assert!(strategy_page.contains("Det gamla"), "the page has its body");

    let mut pipeline = planpress::build::Pipeline::load(&site.options()).expect("load");
    rebuild(&mut pipeline);
    let plan =
        site.read("content/forening/plan.md") + "\nSe även [strategin](@/partiet/strategi.md).\n";
    site.write("content/forening/plan.md", plan);
    let after = rebuild(&mut pipeline);
    assert!(
        pipeline.pages_rendered() > 0,
        "the rebuild rendered the pages the new link touches"
    );
    let page = TestSite::page(&after, "partiet/strategi/index.html");
    assert!(
        page.contains("Det gamla"),
        "the page rendered again has its body"
    );
}

#[test]
fn a_link_added_to_one_document_shows_as_a_backlink_on_the_page_it_points_to() {
    let site = TestSite::fixture();
    let mut pipeline = planpress::build::Pipeline::load(&site.options()).expect("load");
    // Links to the plan on the strategy's page: its backlinks.
    let links_to_plan = |build: &planpress::build::Build| {
        TestSite::page(build, "partiet/strategi/index.html")
            .matches("href=\"/planer/forening/plan/")
            .count()
    };
    let before = rebuild(&mut pipeline);
    let plan =
        site.read("content/forening/plan.md") + "\nSe även [strategin](@/partiet/strategi.md).\n";
    site.write("content/forening/plan.md", plan);
    let after = rebuild(&mut pipeline);
    assert_eq!(
        links_to_plan(&after),
        links_to_plan(&before) + 1,
        "the strategy's page lists the plan's new link"
    );
    assert_eq!(
        pipeline.pages_rendered(),
        2,
        "the plan and the strategy are rendered again, the report is not"
    );
}

#[test]
fn a_vocabulary_edit_between_rebuilds_shows_on_every_page() {
    let site = TestSite::fixture();
    let mut pipeline = planpress::build::Pipeline::load(&site.options()).expect("load");
    let before = rebuild(&mut pipeline);
    let topics = site.read("content/topics.toml");
    let label = topics
        .lines()
        .find_map(|line| line.strip_prefix("label = \""))
        .and_then(|rest| rest.strip_suffix('"'))
        .expect("a topic label")
        .to_string();
    let renamed = format!("{label} (omdöpt)");
    site.write("content/topics.toml", topics.replacen(&label, &renamed, 1));
    let after = rebuild(&mut pipeline);
    let shows = |build: &planpress::build::Build, text: &str| {
        build
            .outputs
            .iter()
            .filter(|file| file.path.ends_with(".html"))
            .any(|file| String::from_utf8_lossy(&file.bytes).contains(text))
    };
    assert!(!shows(&before, &renamed));
    assert!(
        shows(&after, &renamed),
        "the renamed topic shows after the rebuild"
    );
    assert_eq!(
        pipeline.pages_rendered(),
        6,
        "a vocabulary change renders every document page again"
    );
}

#[test]
fn an_unchanged_document_page_is_not_rendered_again() {
    let site = TestSite::fixture();
    let mut pipeline = planpress::build::Pipeline::load(&site.options()).expect("load");
    let first = rebuild(&mut pipeline);
    assert_eq!(
        pipeline.pages_rendered(),
        6,
        "a cold build renders every page"
    );
    let second = rebuild(&mut pipeline);
    assert_eq!(pipeline.pages_rendered(), 0, "nothing changed");
    assert_eq!(first.outputs, second.outputs);
    // The report shows the plan's goal that implements it, not this paragraph.
    let plan = site.read("content/forening/plan.md").replace(
        "Medlemmarna är föreningens kraft.",
        "Medlemmarna är föreningens största kraft.",
    );
    site.write("content/forening/plan.md", plan);
    let third = rebuild(&mut pipeline);
    assert_eq!(pipeline.pages_rendered(), 1, "only the edited plan");
    assert!(TestSite::page(&third, "forening/plan/index.html").contains("största kraft"));
    // A fresh pipeline renders the very same bytes.
    assert_eq!(third.outputs, site.build().outputs);
}

/// A `[[target]]` link written without text names what it points at, as a wiki does: the
/// first words of the item or the heading's title, else the document's title. It printed
/// the target as written ("partiet/strategi#ata-goda-exempel"), which reads as a broken page
/// to a member. A link with its own text keeps it.
#[test]
fn a_wiki_link_without_text_shows_its_targets_title() {
    let site = TestSite::fixture();
    site.write(
        "content/forening/lankar.md",
        "+++\ntitle = \"Länkar\"\nkind = \"report\"\norganization = \"forening\"\n\
         period = \"2024\"\nstatus = \"adopted\"\n+++\n\n\
         Se [[partiet/strategi#ata-goda-exempel]], [[partiet/strategi]] och \
         [[partiet/strategi#ata-goda-exempel|egen text]].\n\n\
         ## Mål {.goals}\n\n- Ett mål som pekar på [[partiet/strategi#ata-goda-exempel]].\n",
    );
    let build = site.build();
    let page = main_of(TestSite::page(&build, "forening/lankar/index.html"));
    let links = |text: &str| page.matches(&format!(">{text}</a>")).count();
    assert_eq!(links("lyfta goda exempel på möten"), 2, "{page}");
    assert_eq!(links("Strategi"), 1, "{page}");
    assert_eq!(links("egen text"), 1, "{page}");
    assert!(!page.contains(">partiet/strategi"), "{page}");
    assert!(!page.contains('\u{0}'), "no marker left in the page");
    let document = build
        .site
        .document("forening/lankar")
        .expect("the document");
    // The text that search and the open data show reads as the page does.
    assert!(
        !document.plain_text.contains("partiet/strategi")
            && document
                .plain_text
                .contains("Se lyfta goda exempel på möten, Strategi och"),
        "the plain text shows the titles: {}",
        document.plain_text
    );
    assert_eq!(
        document.items[0].text,
        "Ett mål som pekar på lyfta goda exempel på möten."
    );
}
