//! What a hostile tester found (issue #17): link targets that run script, CSV cells that a
//! spreadsheet runs, configuration errors without a position or hiding the documents'
//! errors, and `[paths]` words that write outside the output folder.

use crate::TestSite;

const PLAN: &str = "content/forening/plan.md";

fn plan_with_body(body: &str) -> String {
    format!("+++\ntitle = \"Plan\"\nkind = \"plan\"\norganization = \"forening\"\n+++\n\n{body}\n")
}

/// Every way the tester published a script target, one per line, and two more schemes.
const DANGEROUS_LINKS: &str = "\
[a](javascript:alert(1))
[b](JaVaScRiPt:alert(1))
[c](java&#x09;script:alert(1))
[d](  javascript:alert(1))
<javascript:alert(1)>
![e](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
[f](vbscript:msgbox(1))
[g][r]
[h](&#106;avascript:alert(1))
[i](java&#10;script:alert(1))
[j](<java\tscript:alert(1)>)
![k](javascript:alert(1))
[l](ftp://example.org/fil.pdf)

[r]: javascript:alert(1)";

#[test]
fn dangerous_link_targets_are_errors() {
    let site = TestSite::fixture();
    site.write(PLAN, plan_with_body(DANGEROUS_LINKS));
    let errors = site.errors();
    // One error per link but the reference definition, which is reported where it is used.
    assert_eq!(errors.matches("error[").count(), 13, "{errors}");
    insta::assert_snapshot!(errors);
}

#[test]
fn a_site_may_allow_another_scheme() {
    let site = TestSite::fixture();
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        format!("{config}allowed_link_schemes = [\"FTP\"]\n"),
    );
    site.write(
        PLAN,
        plan_with_body(
            "[a](ftp://example.org/fil.pdf) [b](https://example.net) [c](mailto:a@example.org) \
             [d](tel:+46812345) [e](bilaga.pdf) [g](@/distrikt/rapport.md) <https://example.net/x>",
        ),
    );
    // A relative link is a file of the site, checked and written with the base path.
    site.write("static/forening/plan/bilaga.pdf", "pdf");
    let build = site.build();
    let page = TestSite::page(&build, "forening/plan/index.html");
    for href in [
        "href=\"ftp://example.org/fil.pdf\"",
        "href=\"https://example.net\"",
        "href=\"mailto:a@example.org\"",
        "href=\"tel:+46812345\"",
        "href=\"/planer/forening/plan/bilaga.pdf\"",
        "href=\"/planer/distrikt/rapport/\"",
    ] {
        assert!(page.contains(href), "{href} in {page}");
    }
}

#[test]
fn allowed_link_schemes_are_checked() {
    let site = TestSite::fixture();
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        format!("{config}allowed_link_schemes = [\"ftp\", \"JavaScript\", \"data\", \"ftp:\"]\n"),
    );
    insta::assert_snapshot!(site.errors());
}

#[test]
fn raw_html_and_attributes_cannot_carry_script() {
    let site = TestSite::fixture();
    site.write(
        PLAN,
        plan_with_body(
            "<a href=\"javascript:alert(1)\">x</a>\n\n[t](https://example.net/\"onmouseover=\"alert(1) \"a \\\"title\\\" <b>\")",
        ),
    );
    let build = site.build();
    let page = crate::main_of(TestSite::page(&build, "forening/plan/index.html"));
    assert!(
        page.contains("&lt;a href=\"javascript:alert(1)\"&gt;x&lt;/a&gt;")
            || page.contains("&lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;"),
        "raw HTML is shown as text: {page}"
    );
    assert!(!page.contains("<a href=\"javascript"), "{page}");
    assert!(
        page.contains("href=\"https://example.net/%22onmouseover=%22alert(1)\" title=\"a &quot;title&quot; &lt;b&gt;\""),
        "attributes are escaped: {page}"
    );
}

#[test]
fn csv_cells_a_spreadsheet_would_run_start_with_a_quote() {
    let site = TestSite::fixture();
    site.write(
        PLAN,
        "+++\ntitle = '=HYPERLINK(\"http://x\",\"y\")'\nsubtitle = \"@SUM(1)\"\nkind = \"plan\"\norganization = \"forening\"\nperiod = \"-2\"\n+++\n\n## Mål {.goals}\n\n- +1 medlem\n- @alla\n",
    );
    let build = site.build();
    let csv_rows = |name: &str| -> Vec<Vec<String>> {
        let text = TestSite::page(&build, &format!("data/{name}.csv"));
        csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| {
                r.expect("a CSV record")
                    .iter()
                    .map(str::to_string)
                    .collect()
            })
            .filter(|r: &Vec<String>| r[0].contains("forening/plan"))
            .collect()
    };
    let documents = csv_rows("documents");
    let goals = csv_rows("goals");
    // title (string), subtitle (string?), period (string); goal text (string).
    let cells = format!(
        "documents: title {:?}, subtitle {:?}, period {:?}\ngoals: text {:?}, {:?}; period {:?}",
        documents[0][2], documents[0][3], documents[0][6], goals[0][4], goals[1][4], goals[0][7]
    );
    insta::assert_snapshot!(cells);
    let json: serde_json::Value =
        serde_json::from_str(TestSite::page(&build, "data/documents.json")).expect("JSON");
    let plan = json
        .as_array()
        .and_then(|docs| docs.iter().find(|d| d["path"] == "forening/plan"))
        .expect("the plan's record");
    assert_eq!(plan["title"], "=HYPERLINK(\"http://x\",\"y\")");
    assert_eq!(plan["subtitle"], "@SUM(1)");
    assert_eq!(plan["period"], "-2");
    // The open-data documentation says so, in datapackage.json and on the /data/ page.
    let package: serde_json::Value =
        serde_json::from_str(TestSite::page(&build, "data/datapackage.json")).expect("JSON");
    let description = package["description"].as_str().unwrap_or_default();
    assert!(description.contains("får ett ' först"), "{description}");
    let page = TestSite::page(&build, "data/index.html");
    assert!(page.contains("får ett &#39; först"), "{page}");
}

#[test]
fn site_toml_that_is_not_utf8() {
    let site = TestSite::fixture();
    site.write(
        "site.toml",
        b"title = \"F\xf6rbundet\"\ntheme = \"default\"\n",
    );
    insta::assert_snapshot!(site.errors());
}

#[test]
fn unknown_theme_and_language_point_at_their_lines_and_the_documents_are_still_checked() {
    let site = TestSite::fixture();
    let config = site
        .read("site.toml")
        .replace("\"default\"", "\"defualt\"")
        .replace("\"sv\"", "\"../../x\"");
    site.write("site.toml", config);
    site.write(
        PLAN,
        plan_with_body("Se [rapporten](@/distrikt/raport.md)."),
    );
    insta::assert_snapshot!(site.errors());
    let config = site.read("site.toml").replace("\"../../x\"", "\"en\"");
    site.write("site.toml", config.replace("\"defualt\"", "\"default\""));
    insta::assert_snapshot!("no_strings_for_the_language", site.errors());
}

#[test]
fn vocabulary_errors_do_not_hide_document_errors() {
    let site = TestSite::fixture();
    // A syntax error in one vocabulary, a bad slug in another.
    site.write(
        "content/organizations.toml",
        site.read("content/organizations.toml")
            .replacen("name", "nam e", 1),
    );
    site.write(
        "content/topics.toml",
        site.read("content/topics.toml")
            .replacen("\"klimat\"", "\"Klimat!\"", 1),
    );
    // Errors of the documents' own, neither caused by the vocabularies: a link in one, a
    // kind in another. The unknown organisation and topic are not reported a second time.
    site.write(
        PLAN,
        "+++\ntitle = \"Plan\"\nkind = \"plan\"\norganization = \"forening\"\ntopics = [\"klimat\"]\n+++\n\n[x](javascript:alert(1))\n",
    );
    site.write(
        "content/distrikt/rapport.md",
        "+++\ntitle = \"R\"\nkind = \"rapport\"\norganization = \"distrikt\"\n+++\n\nText.\n",
    );
    insta::assert_snapshot!(site.errors());
}

#[test]
fn bad_paths_words() {
    let site = TestSite::fixture();
    let config = site.read("site.toml");
    site.write(
        "site.toml",
        format!(
            "{config}\n[paths]\ngoals = \"/abs\"\ntopics = \"../x\"\nactors = \"a/b\"\nsearch = \"\"\ndata = \"mål\"\nmotions = \"sok\"\n"
        ),
    );
    insta::assert_snapshot!(site.errors());
}

#[test]
fn raw_html_links_are_checked_when_raw_html_is_allowed() {
    let site = TestSite::fixture();
    let config = site.read("site.toml");
    site.write("site.toml", format!("{config}allow_raw_html = true\n"));
    site.write(
        PLAN,
        plan_with_body(
            "Se <a href=\"https://example.org\">här</a> och <a href=\"java&#x09;script:alert(1)\">där</a>.\n\n<div>\n<img src=JaVaScRiPt:alert(1)>\n</div>",
        ),
    );
    insta::assert_snapshot!(site.errors());
}

#[test]
fn a_broken_vocabulary_is_reported_on_every_run_until_fixed() {
    let site = TestSite::fixture();
    let topics = site.read("content/topics.toml");
    site.write("content/topics.toml", topics.replacen("slug", "slag", 1));
    let mut pipeline = planpress::build::Pipeline::load(&site.options()).expect("load");
    for _ in 0..2 {
        let errors = match pipeline.run() {
            Ok(_) => panic!("the broken topics.toml must fail the run"),
            Err(failure) => crate::render_diagnostics(&failure.diagnostics()),
        };
        assert!(errors.contains("content/topics.toml:2:1"), "{errors}");
    }
    site.write("content/topics.toml", topics);
    assert!(pipeline.run().is_ok(), "the fixed vocabulary builds");
}
