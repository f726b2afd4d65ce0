//! Every bundled template a site overrides in its `templates/` is the one used, on every
//! page that shows it: no page kind keeps a layout of its own beside the template (issue #22:
//! five templates had Rust twins used while the site kept the bundled file, and item
//! metadata was written in Rust whatever the theme).

use std::collections::BTreeSet;

use planpress::build::Build;

use crate::{TestSite, repo_root};

/// A bundled template, the piece of it the override marks, and the page groups (the first
/// folder of a page's path, or the file at the root) that show it in the bundled example.
struct Case {
    template: &'static str,
    piece: &'static str,
    shown_on: &'static [&'static str],
}

/// The documents of the example, each in its organisation's folder.
const DOCUMENT_PAGES: &[&str] = &["huddinge", "solna", "storstockholm", "vansterpartiet"];

const CASES: &[Case] = &[
    Case {
        template: "index_item.html",
        piece: "<li class=\"index-item",
        shown_on: &["amnen", "mal", "mottagare", "rekommendationer"],
    },
    Case {
        template: "doc_card.html",
        piece: "<li class=\"doc-card\"",
        shown_on: &["amnen", "index.html", "organisationer"],
    },
    Case {
        template: "macros_doc_list.html",
        piece: "<ul class=\"doc-list\"",
        shown_on: &["amnen", "index.html", "organisationer"],
    },
    Case {
        template: "org_groups.html",
        piece: "<ul class=\"org-list org-groups\"",
        shown_on: &["index.html", "organisationer"],
    },
    Case {
        template: "commitments.html",
        piece: "<li class=\"commitment\"",
        shown_on: &["ataganden"],
    },
    Case {
        template: "filter_count.html",
        piece: "<span class=\"n-all\"",
        shown_on: &["ataganden"],
    },
    Case {
        template: "trace_diagram.html",
        piece: "<div class=\"trace-diagram\"",
        shown_on: &["ataganden"],
    },
    Case {
        template: "trace_recommendation.html",
        piece: "<div class=\"td-box td-recommendation\"",
        shown_on: &["ataganden"],
    },
    Case {
        template: "breakdown_table.html",
        piece: "<table class=\"breakdown cards\"",
        shown_on: &["mal"],
    },
    Case {
        template: "topic.html",
        piece: "<section aria-labelledby=\"mal\"",
        shown_on: &["amnen"],
    },
    Case {
        template: "followup_summary.html",
        piece: "<div class=\"followup\"",
        shown_on: &[
            "amnen",
            "huddinge",
            "mal",
            "organisationer",
            "solna",
            "storstockholm",
        ],
    },
    Case {
        template: "organization.html",
        piece: "<section aria-labelledby=\"docs-heading\"",
        shown_on: &["organisationer"],
    },
    Case {
        template: "item_meta.html",
        piece: "<div class=\"item-meta\"",
        shown_on: DOCUMENT_PAGES,
    },
    Case {
        template: "backlinks.html",
        piece: "<details class=\"backlinks\"",
        shown_on: &["huddinge", "vansterpartiet"],
    },
];

const MARK: &str = " data-site-override=\"yes\"";

fn group(path: &str) -> &str {
    path.split('/').next().unwrap_or(path)
}

/// The page groups whose pages contain `text`.
fn groups_with(build: &Build, text: &str) -> BTreeSet<String> {
    build
        .outputs
        .iter()
        .filter(|file| file.path.ends_with(".html"))
        .filter(|file| String::from_utf8_lossy(&file.bytes).contains(text))
        .map(|file| group(&file.path).to_string())
        .collect()
}

fn expected(groups: &[&str]) -> BTreeSet<String> {
    groups.iter().map(|g| g.to_string()).collect()
}

#[test]
fn each_bundled_template_is_the_sites_own_on_every_page_that_shows_it() {
    let bundled = TestSite::example().build();
    for case in CASES {
        assert_eq!(
            groups_with(&bundled, case.piece),
            expected(case.shown_on),
            "{}: where the bundled template shows",
            case.template
        );
        let source = std::fs::read_to_string(
            repo_root()
                .join("themes/default/templates")
                .join(case.template),
        )
        .expect("the bundled template");
        assert_eq!(source.matches(case.piece).count(), 1, "{}", case.template);
        let marked_piece = format!("{}{MARK}", case.piece);
        let site = TestSite::example();
        site.write(
            &format!("templates/{}", case.template),
            source.replace(case.piece, &marked_piece),
        );
        let build = site.build();
        assert_eq!(
            groups_with(&build, &marked_piece),
            expected(case.shown_on),
            "{}: the site's template on every page kind",
            case.template
        );
        // Every occurrence is the site's, not only some of them (the marked piece begins
        // with the bundled one, so the counts are equal only when none is left unmarked).
        for file in build.outputs.iter().filter(|f| f.path.ends_with(".html")) {
            let page = String::from_utf8_lossy(&file.bytes);
            let marked = page.matches(&marked_piece).count();
            let all = page.matches(case.piece).count();
            assert_eq!(marked, all, "{} on {}", case.template, file.path);
        }
    }
}

/// The document's own "referred to by" in its header goes through `backlinks.html` too.
#[test]
fn the_documents_own_backlinks_use_the_sites_template() {
    let site = TestSite::example();
    let source =
        std::fs::read_to_string(repo_root().join("themes/default/templates/backlinks.html"))
            .expect("the bundled template");
    site.write(
        "templates/backlinks.html",
        source.replace(
            "<details class=\"backlinks\"",
            "<details class=\"backlinks\" data-x",
        ),
    );
    let build = site.build();
    let page = TestSite::page(&build, "vansterpartiet/strategidokumentet-2020/index.html");
    let header = page
        .split("<header class=\"doc-header\">")
        .nth(1)
        .and_then(|rest| rest.split("</header>").next())
        .expect("the document's header");
    assert!(
        header.contains("<details class=\"backlinks\" data-x>"),
        "{header}"
    );
}

/// The year-by-year chart is drawn by `yearly_cycle.html` from its sizes, not handed to it
/// as SVG written in Rust: a site's own template changes the chart's markup too.
#[test]
fn the_yearly_chart_is_drawn_by_the_sites_template() {
    let site = TestSite::fixture();
    let page = "organisationer/lokal/index.html";
    let bundled = site.build();
    let chart = |page: &str| {
        page.split("<figure class=\"year-chart-figure\">")
            .nth(1)
            .and_then(|rest| rest.split("</figure>").next())
            .map(str::to_string)
            .expect("the chart of two plans")
    };
    let drawn = chart(TestSite::page(&bundled, page));
    assert!(drawn.contains("<rect class=\"fu-done\""), "{drawn}");
    let source =
        std::fs::read_to_string(repo_root().join("themes/default/templates/yearly_cycle.html"))
            .expect("the bundled template");
    for piece in ["<svg class=\"year-chart\"", "<rect class=", "<text x="] {
        assert_eq!(
            source.matches(piece).count(),
            1,
            "{piece} in yearly_cycle.html"
        );
    }
    site.write(
        "templates/yearly_cycle.html",
        source
            .replace(
                "<svg class=\"year-chart\"",
                "<svg class=\"year-chart\"{MARK}",
            )
            .replace("<rect class=", "<rect data-site-bar class=")
            .replace("{MARK}", MARK),
    );
    let build = site.build();
    let marked = chart(TestSite::page(&build, page));
    assert!(
        marked.starts_with(&format!("<svg class=\"year-chart\"{MARK}")),
        "{marked}"
    );
    assert_eq!(
        marked.matches("<rect data-site-bar class=").count(),
        drawn.matches("<rect class=").count(),
        "every bar is the site's: {marked}"
    );
}

/// The piece of each bundled partial template (one included in or joined into a page) that
/// the all-at-once override marks, so that every occurrence of it on every page is seen to
/// be the site's.
const PARTIAL_PIECES: &[(&str, &str)] = &[
    ("backlinks.html", "<details class=\"backlinks\""),
    ("breakdown_table.html", "<table class=\"breakdown"),
    ("doc_card.html", "<li class=\"doc-card\""),
    ("filter_count.html", "<span class=\"n-all\""),
    ("followup_summary.html", "<div class=\"followup\""),
    ("index_item.html", "<li class=\"index-item"),
    ("item_meta.html", "<div class=\"item-meta\""),
    ("macros_doc_list.html", "<ul class=\"doc-list\""),
    ("org_groups.html", "<ul class=\"org-list org-groups\""),
    ("pagination.html", "<nav class=\"pagination\""),
    ("trace_diagram.html", "<div class=\"trace-diagram\""),
    ("trace_goal.html", "<div class=\"td-box td-goal\""),
    (
        "trace_recommendation.html",
        "<div class=\"td-box td-recommendation\"",
    ),
    ("yearly_cycle.html", "<section class=\"yearly-cycle\""),
];

/// The fixture site grown until it has every kind of page the bundled theme lays out: long
/// lists on numbered pages (goals and a topic's documents, `item_list.html`), the whole goal
/// table's pages (`goal_breakdown.html`), a diagram's own pages (`commitment_trace.html`)
/// and a motion's own pages.
pub(crate) fn a_site_of_every_page_kind() -> TestSite {
    let site = TestSite::fixture();
    for n in 1..=230 {
        site.write(
            &format!("content/forening/plan-{n}.md"),
            format!(
                "+++\ntitle = \"Plan {n}\"\nkind = \"plan\"\norganization = \"forening\"\nperiod = \"{}\"\ntopics = [\"medlemmar\"]\n+++\n\n#### Mål {{.goals}}\n\n1. Mål {n}.\n",
                1700 + n
            ),
        );
    }
    site.write(
        "content/distrikt/stor-rapport.md",
        crate::page_weight::quoting_report(80),
    );
    site.write(
        "content/partiet/andrad.md",
        crate::page_weight::amended_strategy(&[("E5", 230)]),
    );
    site
}

/// A bundled template with its marks: a comment at the start of each block of a page
/// template, after `<head>` in `base.html`, and at the start of a partial, whose piece also
/// gets an attribute naming it.
fn marked_template(name: &str, source: &str) -> String {
    if source.contains("{% extends") {
        let mut marked = String::new();
        let mut rest = source;
        while let Some(at) = rest.find("{% block ") {
            let end = at + rest[at..].find("%}").expect("a closed block tag") + 2;
            marked.push_str(&rest[..end]);
            marked.push_str(&format!("<!--site:{name}-->"));
            rest = &rest[end..];
        }
        marked.push_str(rest);
        return marked;
    }
    if name == "base.html" {
        return source.replacen("<head>", "<head><!--site:base.html-->", 1);
    }
    if name.ends_with(".xml") {
        // A machine-read file (the feed, the sitemap): after its XML declaration, which
        // must come first.
        assert_eq!(source.matches("?>\n").count(), 1, "{name}");
        return source.replacen("?>\n", &format!("?>\n<!--site:{name}-->"), 1);
    }
    let (_, piece) = PARTIAL_PIECES
        .iter()
        .find(|(partial, _)| *partial == name)
        .unwrap_or_else(|| panic!("{name}: a partial needs its piece in PARTIAL_PIECES"));
    assert_eq!(source.matches(piece).count(), 1, "{name}");
    let marked_piece = format!("{piece} data-site=\"{name}\"");
    format!("<!--site:{name}-->{}", source.replace(piece, &marked_piece))
}

/// Every file of the bundled theme's templates overridden at once (as a site that copied
/// them all to change its look does): every page is the site's `base.html` and one page
/// template of the site's, every template is reached on some page (the feed's and the
/// sitemap's on theirs), and every occurrence of a partial is the site's. A page kind laying
/// itself out without the template (as the pages of a topic's long document list once did,
/// writing the list of `macros_doc_list.html` in `item_list.html`) fails it, and so does a
/// new template no page reaches.
#[test]
fn every_bundled_template_overridden_at_once_is_on_every_page_that_shows_it() {
    let site = a_site_of_every_page_kind();
    let bundled_dir = repo_root().join("themes/default/templates");
    let mut names = BTreeSet::new();
    let mut page_templates = BTreeSet::new();
    for entry in std::fs::read_dir(&bundled_dir).expect("the bundled templates") {
        let name = entry.expect("a template").file_name();
        let name = name.to_string_lossy().into_owned();
        let source = std::fs::read_to_string(bundled_dir.join(&name)).expect("a template");
        if source.contains("{% extends") {
            page_templates.insert(name.clone());
        }
        site.write(
            &format!("templates/{name}"),
            marked_template(&name, &source),
        );
        names.insert(name);
    }
    let build = site.build();
    // A file of the site's that applied nowhere would be W004.
    assert!(
        build.warnings.is_empty(),
        "{}",
        crate::render_diagnostics(&build.warnings)
    );
    let mut reached = BTreeSet::new();
    for file in build.outputs.iter().filter(|f| f.path.ends_with(".html")) {
        let page = String::from_utf8_lossy(&file.bytes);
        assert_eq!(
            page.matches("<!--site:base.html-->").count(),
            1,
            "{}",
            file.path
        );
        let laid_out_by: Vec<&String> = page_templates
            .iter()
            .filter(|name| page.contains(&format!("<!--site:{name}-->")))
            .collect();
        assert_eq!(laid_out_by.len(), 1, "{}: {laid_out_by:?}", file.path);
        reached.extend(
            names
                .iter()
                .filter(|name| page.contains(&format!("<!--site:{name}-->")))
                .cloned(),
        );
        for (name, piece) in PARTIAL_PIECES {
            let marked = format!("{piece} data-site=\"{name}\"");
            assert_eq!(
                page.matches(&marked).count(),
                page.matches(piece).count(),
                "{name} on {}",
                file.path
            );
        }
    }
    for file in build.outputs.iter().filter(|f| f.path.ends_with(".xml")) {
        let text = String::from_utf8_lossy(&file.bytes);
        let drawn_by: Vec<&String> = names
            .iter()
            .filter(|name| text.contains(&format!("<!--site:{name}-->")))
            .collect();
        assert_eq!(drawn_by.len(), 1, "{}: {drawn_by:?}", file.path);
        reached.extend(drawn_by.into_iter().cloned());
    }
    assert_eq!(reached, names, "templates no page of the site reached");
}

/// What an editor keeps beside a template it has open (Vim's swap file, which is not UTF-8,
/// a backup ending in `~`) and the system's hidden files are no templates: the site's own
/// template applies, and the build neither fails nor warns (it once failed with E001 for as
/// long as Vim had a template open, every save in the preview with it).
#[test]
fn editor_files_beside_the_templates_are_not_templates() {
    let site = TestSite::example();
    let source =
        std::fs::read_to_string(repo_root().join("themes/default/templates/doc_card.html"))
            .expect("the bundled template");
    let piece = "<li class=\"doc-card\"";
    site.write(
        "templates/doc_card.html",
        source.replace(piece, &format!("{piece}{MARK}")),
    );
    let swap: &[u8] = b"b0VIM 9.0\x00\x00\xff\xfe\x00";
    site.write("templates/.doc_card.html.swp", swap);
    site.write("themes/default/templates/.base.html.swp", swap);
    site.write("templates/doc_card.html~", "{% if %}");
    site.write("templates/.DS_Store", swap);
    let build = site.build();
    assert!(
        build.warnings.is_empty(),
        "{}",
        crate::render_diagnostics(&build.warnings)
    );
    assert!(TestSite::page(&build, "index.html").contains(&format!("{piece}{MARK}")));
}

/// A template that is a symlink (to a theme shared by a district's sites) is the template:
/// it was passed over as no file, the build said the theme lacked it (W005) and drew the
/// pages with planpress's own.
#[cfg(unix)]
#[test]
fn a_symlinked_template_is_the_template() {
    let site = TestSite::example();
    let source = site.read("themes/default/templates/doc_card.html");
    let piece = "<li class=\"doc-card\"";
    let shared = site.path("shared_doc_card.html");
    std::fs::write(&shared, source.replace(piece, &format!("{piece}{MARK}"))).expect("write");
    let template = site.path("themes/default/templates/doc_card.html");
    std::fs::remove_file(&template).expect("remove");
    std::os::unix::fs::symlink(&shared, &template).expect("symlink");
    let build = site.build();
    assert!(
        build.warnings.is_empty(),
        "{}",
        crate::render_diagnostics(&build.warnings)
    );
    assert!(TestSite::page(&build, "index.html").contains(&format!("{piece}{MARK}")));
}

/// A site's copy of an older theme lacks the UI strings planpress added since: the menu
/// showed `nav_goals` where "Mål" belongs. The bundled theme's words fill in; the site
/// theme's own words still win.
#[test]
fn a_string_the_sites_theme_lacks_is_the_bundled_themes() {
    let site = TestSite::example();
    let strings = site.read("themes/default/i18n/sv.toml");
    let older: String = strings
        .lines()
        .filter(|line| !line.starts_with("nav_goals "))
        .map(|line| format!("{line}\n"))
        .collect::<String>()
        .replace("nav_topics = \"Ämnen\"", "nav_topics = \"Teman\"");
    assert!(older.len() < strings.len() && older.contains("Teman"));
    site.write("themes/default/i18n/sv.toml", older);
    let build = site.build();
    let menu = TestSite::page(&build, "index.html")
        .split("<nav class=\"site-nav\"")
        .nth(1)
        .and_then(|nav| nav.split("</nav>").next())
        .expect("the site's menu");
    assert!(!menu.contains("nav_goals"), "{menu}");
    assert!(menu.contains(">Mål<"), "{menu}");
    assert!(menu.contains(">Teman<"), "{menu}");
}

/// A site's copy of an older theme lacks the templates planpress added since: a page
/// template that includes one failed to render (E091) on every such site after an update.
/// The bundled theme's stands in, with a warning (the copy's older stylesheet may not style
/// it); a site's own copy still wins.
#[test]
fn a_template_the_sites_theme_lacks_is_the_bundled_themes() {
    let site = TestSite::example();
    let partial = "themes/default/templates/filter_count.html";
    let bundled = site.read(partial);
    std::fs::remove_file(site.root().join(partial)).expect("remove the partial");
    let build = site.build();
    let page = TestSite::page(&build, "ataganden/index.html");
    assert!(
        page.contains("<span class=\"n-ja\">"),
        "the bundled partial: {page}"
    );
    let warnings = crate::render_diagnostics(&build.warnings);
    assert!(
        warnings.contains("W005")
            && warnings.contains("`filter_count.html`")
            && warnings.contains("--> themes/default/templates/\n"),
        "{warnings}"
    );
    site.write(
        "templates/filter_count.html",
        bundled.replace(
            "<span class=\"n-all\"",
            &format!("<span class=\"n-all\"{MARK}"),
        ),
    );
    let build = site.build();
    let page = TestSite::page(&build, "ataganden/index.html");
    assert!(page.contains(MARK), "the site's own copy is used");
}

/// A misspelt UI string (`nav_goal` for `nav_goals`) changed no word of any page and said
/// nothing; a string of the site's own that its template reads is not one.
#[test]
fn a_ui_string_nothing_reads_is_a_warning() {
    let site = TestSite::example();
    let strings = site.read("themes/default/i18n/sv.toml");
    site.write(
        "themes/default/i18n/sv.toml",
        format!("{strings}nav_goal = \"Våra mål\"\nmy_word = \"Vårt ord\"\n"),
    );
    let footer = site.read("themes/default/templates/base.html");
    site.write(
        "templates/base.html",
        footer.replacen("</footer>", "{{ t.my_word }}</footer>", 1),
    );
    let build = site.build();
    let warnings = crate::render_diagnostics(&build.warnings);
    assert_eq!(build.warnings.len(), 1, "{warnings}");
    assert!(
        warnings.contains("W006") && warnings.contains("nav_goal"),
        "{warnings}"
    );
    let line = strings.lines().count() + 1;
    assert!(
        warnings.contains(&format!("themes/default/i18n/sv.toml:{line}:1")),
        "{warnings}"
    );
    assert!(warnings.contains("nav_goals"), "did you mean: {warnings}");
    assert!(TestSite::page(&build, "index.html").contains("Vårt ord</footer>"));
}
