//! Every kind of bad input named in the design: each gets a clear error naming file, line and
//! column, all errors of a build are reported together, and public/ is left as it was.

use crate::TestSite;

const PLAN: &str = "content/forening/plan.md";

fn with_front_matter(front_matter: &str) -> String {
    format!("+++\n{front_matter}\n+++\n\nText.\n")
}

#[test]
fn malformed_toml() {
    let site = TestSite::fixture();
    site.write(PLAN, with_front_matter("title = \"Plan\nkind = \"plan\""));
    crate::assert_messages!(site);
}

#[test]
fn unknown_front_matter_key() {
    let site = TestSite::fixture();
    site.write(
        PLAN,
        with_front_matter(
            "title = \"Plan\"\nkind = \"plan\"\norganization = \"forening\"\nperiode = \"2022\"",
        ),
    );
    crate::assert_messages!(site);
}

#[test]
fn wrong_type() {
    let site = TestSite::fixture();
    site.write(
        PLAN,
        with_front_matter("title = 2022\nkind = \"plan\"\norganization = \"forening\""),
    );
    crate::assert_messages!(site);
}

#[test]
fn unknown_slugs_suggest_the_nearest() {
    let site = TestSite::fixture();
    site.write(
        PLAN,
        with_front_matter("title = \"Plan\"\nkind = \"plna\"\norganization = \"foreningen\"\nstatus = \"adoptd\"\ntopics = [\"medlemar\"]"),
    );
    crate::assert_messages!(site);
}

#[test]
fn unknown_topic_actor_and_status_in_the_body() {
    let site = TestSite::fixture();
    site.write(
        PLAN,
        "+++\ntitle = \"Plan\"\nkind = \"plan\"\norganization = \"forening\"\n+++\n\n## Mål {.goals topics=\"klimt\"}\n\n- Ett mål. {status=\"klar\"}\n\n{.recommendations to=\"styrelse\"}\n\n- Vi uppmanar styrelsen.\n",
    );
    crate::assert_messages!(site);
}

#[test]
fn duplicate_ids() {
    let site = TestSite::fixture();
    site.write(
        PLAN,
        "+++\ntitle = \"Plan\"\nkind = \"plan\"\norganization = \"forening\"\n+++\n\n## Mål {.goals}\n\n- Ett. {#samma}\n- Två. {#samma}\n",
    );
    crate::assert_messages!(site);
}

#[test]
fn broken_links_and_anchors() {
    let site = TestSite::fixture();
    site.write(
        PLAN,
        "+++\ntitle = \"Plan\"\nkind = \"plan\"\norganization = \"forening\"\n+++\n\nSe [rapporten](@/distrikt/raport.md) och\n[fonden](@/distrikt/rapport.md#rek-fond) och [[partiet/strategi#ata-finns-inte]].\n",
    );
    crate::assert_messages!(site);
}

#[test]
fn unclosed_amendment_and_stray_attribute_line() {
    let site = TestSite::fixture();
    site.write(
        PLAN,
        "+++\ntitle = \"Plan\"\nkind = \"plan\"\norganization = \"forening\"\n+++\n\nVi {++lägger till\n\nnågot.\n\n{.goals}\n\nInte en lista.\n",
    );
    crate::assert_messages!(site);
}

#[test]
fn not_utf8() {
    let site = TestSite::fixture();
    site.write(
        PLAN,
        b"+++\ntitle = \"Verksamhetsplan f\xf6r 2022\"\n+++\n".as_slice(),
    );
    crate::assert_messages!(site);
}

#[test]
fn empty_file() {
    let site = TestSite::fixture();
    site.write(PLAN, "");
    crate::assert_messages!(site);
}

#[test]
fn missing_front_matter() {
    let site = TestSite::fixture();
    site.write(PLAN, "# Verksamhetsplan\n\nText.\n");
    crate::assert_messages!(site);
}

#[test]
fn enormous_file() {
    let site = TestSite::fixture();
    let big = with_front_matter("title = \"Stor\"\nkind = \"plan\"\norganization = \"forening\"")
        + &"Lång text. ".repeat(500_000);
    site.write("content/forening/stor.md", big);
    let errors = site.errors();
    assert!(
        errors.contains("content/forening/stor.md is 6000070 bytes"),
        "{errors}"
    );
    assert!(
        errors.contains("more than the 4194304 bytes a document may have"),
        "{errors}"
    );
}

#[cfg(unix)]
#[test]
fn symlink_out_of_the_content_folder() {
    let site = TestSite::fixture();
    let outside = tempfile::tempdir().expect("tempdir");
    std::fs::write(
        outside.path().join("hemlig.md"),
        with_front_matter("title = \"x\""),
    )
    .expect("write");
    std::os::unix::fs::symlink(
        outside.path().join("hemlig.md"),
        site.path("content/forening/hemlig.md"),
    )
    .expect("symlink");
    let errors = site.errors();
    assert!(
        errors.contains("content/forening/hemlig.md is a link to"),
        "{errors}"
    );
    assert!(errors.contains("outside the content folder"), "{errors}");
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    let site = TestSite::fixture();
    std::os::unix::fs::symlink(site.path("content"), site.path("content/forening/loop"))
        .expect("symlink");
    let errors = site.errors();
    assert!(
        errors.contains("symlink loop: content/forening/loop points back to its ancestor"),
        "{errors}"
    );
}

#[test]
fn all_errors_of_all_files_are_reported_together() {
    let site = TestSite::fixture();
    site.write(
        PLAN,
        with_front_matter("title = \"Plan\"\nkind = \"plan\"\norganization = \"okand\""),
    );
    site.write(
        "content/distrikt/rapport.md",
        with_front_matter("title = \"R\"\nkind = \"rapport\"\norganization = \"distrikt\""),
    );
    site.write("content/partiet/tom.md", "  \n");
    let errors = site.errors();
    assert_eq!(errors.matches("error[").count(), 3, "{errors}");
    assert!(
        errors.contains("content/distrikt/rapport.md:3:8"),
        "{errors}"
    );
    assert!(errors.contains("content/forening/plan.md:4:16"), "{errors}");
    assert!(
        errors.contains("content/partiet/tom.md is empty"),
        "{errors}"
    );
}

#[test]
fn a_failed_build_leaves_public_exactly_as_it_was() {
    let site = TestSite::fixture();
    let options = site.options();
    planpress::build::build_site(&options).expect("the first build succeeds");
    let before = snapshot_folder(&options.output_dir());
    site.write(
        PLAN,
        with_front_matter("title = \"Plan\"\nkind = \"plan\"\norganization = \"okand\""),
    );
    assert!(planpress::build::build_site(&options).is_err());
    assert_eq!(before, snapshot_folder(&options.output_dir()));
    let leftovers: Vec<String> = std::fs::read_dir(site.root())
        .expect("read")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("public"))
        .collect();
    assert_eq!(
        leftovers,
        vec!["public"],
        "no half-written folders beside public/"
    );
}

fn snapshot_folder(dir: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().display().to_string(),
                std::fs::read(e.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn bad_site_toml_points_at_its_line() {
    let site = TestSite::fixture();
    site.write("site.toml", "title = \"x\"\nbase_url = \"example.org\"\n");
    crate::assert_messages!(site);
    site.write("site.toml", "title = \"x\"\nlanguge = \"sv\"\n");
    insta::assert_snapshot!("unknown_config_key", site.errors());
}

/// A site template the theme has no template of, and that no template includes, changes no
/// page: the build says so, with the theme's template it was likely meant to replace.
#[test]
fn a_site_template_no_page_uses() {
    let site = TestSite::fixture();
    site.write("templates/doc-card.html", "<li>{{ doc.title }}</li>");
    site.write("templates/default/base.html", "<html></html>");
    site.write("templates/sidfot.html", "<footer></footer>");
    // A template of the site's own that an override includes is used.
    site.write("templates/parts/chips.html", "<p>chips</p>");
    let bundled = site.read("themes/default/templates/doc_card.html");
    site.write(
        "templates/doc_card.html",
        format!("{{% include \"parts/chips.html\" %}}{bundled}"),
    );
    // A site whose copy of the theme is older than a template keeps it in `templates/`: it
    // is used, by the name planpress renders.
    let data_page = site.read("themes/default/templates/data.html");
    std::fs::remove_file(site.root().join("themes/default/templates/data.html"))
        .expect("the theme's data.html");
    site.write("templates/data.html", data_page);
    crate::assert_warnings!(site);
}

/// A key of one kind of item on another changes nothing, and is reported where it stands:
/// on an item, on a heading that is one goal, and once on a list line rather than at each of
/// its items.
#[test]
fn a_key_of_another_kind_of_item() {
    let site = TestSite::fixture();
    site.write(
        PLAN,
        "+++\ntitle = \"Plan\"\nkind = \"plan\"\norganization = \"forening\"\n+++\n\n## Mål {.goals}\n\n1. Ett mål. {#ett goals=\"ett\" period=\"2025\"}\n\n{.activities period=\"2025\"}\n\n- En aktivitet.\n- En till. {period=\"2026\" goals=\"ett\"}\n\n### Delmål {.goal goals=\"ett\"}\n",
    );
    crate::assert_messages!(site);
}

/// An activity serving a goal its document does not have is shown at the id it wrote, with
/// the goal likely meant; one whose goals a heading gave, at its own line.
#[test]
fn an_activity_serving_no_goal_of_its_document() {
    let site = TestSite::fixture();
    site.write(
        PLAN,
        "+++\ntitle = \"Plan\"\nkind = \"plan\"\norganization = \"forening\"\n+++\n\n## Medlemmar\n\n#### Mål {.goals}\n\n1. Ring nya medlemmar. {#ringa}\n\n#### Medel {.activities}\n\n- Telefonkvällar. {goals=\"ringa rnga\"}\n\n#### Medel {.activities goals=\"mal-medlemmar-9\"}\n\n- Ett medlemsbrev.\n",
    );
    crate::assert_messages!(site);
}

/// A broken link in an item's `implements=` or `continues=` is shown at the link, not at the
/// `{` of its block, which may hold several.
#[test]
fn a_broken_link_in_an_items_block_is_shown_where_it_stands() {
    let site = TestSite::fixture();
    site.write(
        PLAN,
        "+++\ntitle = \"Plan\"\nkind = \"plan\"\norganization = \"forening\"\n+++\n\n## Mål {.goals}\n\n1. Ett mål. {#ett implements=\"@/distrikt/rapport.md#rek-fonden @/distrikt/rapport.md#rek-fondn\" continues=\"@/lokal/verksamhetsplan-2022.md#mal-medlemar-2\"}\n",
    );
    crate::assert_messages!(site);
}

/// A vocabulary file that is missing has no file to open: the error points at the folder it
/// goes in, `content/`.
#[test]
fn a_missing_vocabulary_file() {
    let site = TestSite::fixture();
    std::fs::remove_file(site.root().join("content/organizations.toml"))
        .expect("the fixture's organizations.toml");
    let errors = site.errors();
    assert!(
        errors.contains("content/organizations.toml") && errors.contains("  --> content/\n"),
        "{errors}"
    );
    // In the message's language, not the operating system's "No such file or directory".
    let swedish = site.errors_in(planpress::diagnostic::Lang::Sv);
    assert!(
        swedish.contains("kan inte läsa content/organizations.toml: filen eller mappen finns inte"),
        "{errors}"
    );
}

/// A template the site's copy of the theme lacks has no file to open: the warning points at
/// the folder it would go in (it pointed at `…/filter_count.html:1:1`, which did not exist).
#[test]
fn a_template_the_sites_theme_lacks() {
    let site = TestSite::fixture();
    std::fs::remove_file(
        site.root()
            .join("themes/default/templates/filter_count.html"),
    )
    .expect("the theme's filter_count.html");
    crate::assert_warnings!(site);
}
