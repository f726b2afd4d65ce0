//! The machine-read files: the Atom feed and the sitemap, drawn by the theme's `atom.xml` and
//! `sitemap.xml`, which a site's own `templates/` overrides as it does a page's template.

use crate::{TestSite, render_diagnostics};

/// The feed and the sitemap as the fixture site has them: its documents newest first, one
/// without a date dated by the newest; the sitemap with the menus' index pages and each
/// organisation's, topic's and addressee's page.
/// (The feed's snapshot was taken of the file written in Rust before the templates drew it.)
#[test]
fn the_feed_and_the_sitemap_of_the_fixture() {
    let build = TestSite::fixture().build();
    insta::assert_snapshot!("atom", TestSite::page(&build, "atom.xml"));
    insta::assert_snapshot!("sitemap", TestSite::page(&build, "sitemap.xml"));
}

/// Every address in the sitemap is a page the build wrote, and the index pages a member
/// browses by (`/mal/`, `/mottagare/`, an addressee's page) are among them: the sitemap
/// listed only the documents, organisations and topics.
#[test]
fn the_sitemap_lists_the_index_pages_and_only_pages_the_build_wrote() {
    let build = TestSite::example().build();
    let sitemap = TestSite::page(&build, "sitemap.xml");
    let origin = "https://storstockholm.vansterpartiet.se/planer/";
    let pages: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|rest| rest.split("</loc>").next().unwrap_or_default())
        .collect();
    for index in [
        "mal/",
        "rekommendationer/",
        "ataganden/",
        "amnen/",
        "mottagare/",
        "organisationer/",
        "motioner/",
        "data/",
        "mottagare/distriktsstyrelsen/",
    ] {
        assert!(
            pages.contains(&format!("{origin}{index}").as_str()),
            "{index} missing:\n{sitemap}"
        );
    }
    for page in &pages {
        let path = page
            .strip_prefix(origin)
            .unwrap_or_else(|| panic!("{page} is not the site's"));
        let file = format!("{path}index.html");
        assert!(
            build.outputs.iter().any(|o| o.path == file),
            "{page}: no {file} was written"
        );
    }
}

/// XML's special characters in what authors write (a document's title, an organisation's
/// name, the site's title) are escaped wherever the feed shows them, as they are on the
/// pages: a `&` left bare makes the whole feed unreadable to a feed reader.
#[test]
fn special_characters_in_titles_are_escaped_in_the_feed() {
    let site = TestSite::fixture()
        .replace_once(
            "site.toml",
            "title = \"Testförbundet\"",
            "title = \"Test & \\\"förbund\\\" <x>\"",
        )
        .replace_once(
            "content/partiet/strategi.md",
            "title = \"Strategi\"",
            "title = \"Vård & omsorg: \\\"trygghet\\\" <för alla> i 'Solna'\"",
        )
        .replace_once(
            "content/organizations.toml",
            "name = \"Partiet\"",
            "name = \"Partiet <&> 'oss'\"",
        );
    let build = site.build();
    let feed = TestSite::page(&build, "atom.xml");
    for escaped in [
        "  <title>Test &amp; &quot;förbund&quot; &lt;x&gt;</title>\n",
        "    <title>Vård &amp; omsorg: &quot;trygghet&quot; &lt;för alla&gt; i &#39;Solna&#39;</title>\n",
        "    <author><name>Partiet &lt;&amp;&gt; &#39;oss&#39;</name></author>\n",
        "    <summary>Partiet &lt;&amp;&gt; &#39;oss&#39; – Strategidokument 2020</summary>\n",
    ] {
        assert!(feed.contains(escaped), "{escaped} in:\n{feed}");
    }
    assert!(
        !feed.contains("<för alla>") && !feed.contains("<&>"),
        "{feed}"
    );
}

/// A site's own `templates/atom.xml` draws the feed, and its `sitemap.xml` the sitemap,
/// without a warning that nothing uses them (W004).
#[test]
fn the_sites_own_templates_draw_the_feed_and_the_sitemap() {
    let site = TestSite::fixture();
    let bundled = |name: &str| site.read(&format!("themes/default/templates/{name}"));
    let feed = bundled("atom.xml");
    let entry = "  <entry>\n";
    assert_eq!(feed.matches(entry).count(), 1, "{feed}");
    site.write(
        "templates/atom.xml",
        feed.replace(entry, "  <entry>\n    <category term=\"planer\"/>\n"),
    );
    let sitemap = bundled("sitemap.xml");
    assert!(sitemap.contains("<url><loc>"), "{sitemap}");
    site.write(
        "templates/sitemap.xml",
        sitemap.replace("<url><loc>", "<url><changefreq>monthly</changefreq><loc>"),
    );
    let build = site.build();
    assert!(
        build.warnings.is_empty(),
        "{}",
        render_diagnostics(&build.warnings)
    );
    let feed = TestSite::page(&build, "atom.xml");
    assert_eq!(
        feed.matches("<category term=\"planer\"/>").count(),
        build.site.documents.len(),
        "{feed}"
    );
    let sitemap = TestSite::page(&build, "sitemap.xml");
    assert_eq!(
        sitemap
            .matches("<url><changefreq>monthly</changefreq><loc>")
            .count(),
        sitemap.matches("<url>").count(),
        "{sitemap}"
    );
}

/// A site's copy of a theme from before the feed and the sitemap were templates lacks both:
/// the bundled ones draw them, the same files as the site's own copy would, and no warning
/// (W005) asks for a copy, which would change nothing the site's stylesheet styles.
#[test]
fn a_theme_copy_without_the_feed_templates_gets_the_bundled_ones() {
    let site = TestSite::fixture();
    let current = site.build();
    for name in ["atom.xml", "sitemap.xml"] {
        std::fs::remove_file(site.path(&format!("themes/default/templates/{name}")))
            .expect("remove the template");
    }
    let older = site.build();
    assert!(
        older.warnings.is_empty(),
        "{}",
        render_diagnostics(&older.warnings)
    );
    for name in ["atom.xml", "sitemap.xml"] {
        assert_eq!(
            TestSite::page(&older, name),
            TestSite::page(&current, name),
            "{name}"
        );
    }
}

/// A mistake in a site's feed template is reported with the template's name, as a page
/// template's is (E091), and fails the build rather than writing a broken feed.
#[test]
fn a_broken_feed_template_names_itself() {
    let site = TestSite::fixture();
    site.write(
        "templates/atom.xml",
        "<feed>{% for entry in feed.entries %}{{ entry.no_such_field }}{% endfor %}</feed>\n",
    );
    let errors = site.errors();
    assert!(
        errors.contains("E091") && errors.contains("atom.xml"),
        "{errors}"
    );
}

/// A feed template saved under a page's extension changes nothing: W004 says so, and names
/// the theme's template it most likely meant.
#[test]
fn a_feed_template_misnamed_is_pointed_at_the_right_name() {
    let site = TestSite::fixture();
    let feed = site.read("themes/default/templates/atom.xml");
    site.write("templates/atom.html", feed);
    let warnings = render_diagnostics(&site.build().warnings);
    assert!(
        warnings.contains("W004")
            && warnings.contains("templates/atom.html")
            && warnings.contains("`atom.xml`"),
        "{warnings}"
    );
}
