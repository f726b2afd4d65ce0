//! The machine-read files: the Atom feed and the sitemap, drawn by the theme's `atom.xml` and
//! `sitemap.xml`, which a site's own `templates/` overrides as it does a page's template.

use crate::TestSite;

/// The feed and the sitemap as the fixture site has them: its documents newest first, one
/// without a date dated by the newest, each organisation's and topic's page in the sitemap.
/// (The snapshots were taken of the files written in Rust before the templates drew them.)
#[test]
fn the_feed_and_the_sitemap_of_the_fixture() {
    let build = TestSite::fixture().build();
    insta::assert_snapshot!("atom", TestSite::page(&build, "atom.xml"));
    insta::assert_snapshot!("sitemap", TestSite::page(&build, "sitemap.xml"));
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
    assert!(!feed.contains("<för alla>") && !feed.contains("<&>"), "{feed}");
}
