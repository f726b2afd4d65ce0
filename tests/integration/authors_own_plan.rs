//! What an author writing a plan of their own meets (the round of 8 December): links and
//! images that would be broken on the published site are errors where they are written.

use crate::TestSite;
use crate::judged_mistakes::{INTRODUCTION, huddinge_with};

const PAGE: &str = "huddinge/verksamhetsplan-2021-2022/index.html";

/// `[hemsidan](www.vansterpartiet.se)` is a link to a file of the page's folder, dead on
/// the published site, and was written without a word.
#[test]
fn a_web_address_without_https_is_an_error() {
    let site = huddinge_with(
        INTRODUCTION,
        "## Inledning\n\nLäs mer på [hemsidan](www.vansterpartiet.se/om#styrelsen).\n",
    );
    crate::assert_messages!(site);
}

/// An image of the site's own (`/bilder/logga.png`, or `karta.png` beside the page) was
/// neither checked nor given the base path: missing, or on a site under `/planer/`, it was a
/// broken image without a word. So was a relative link to a file (`bilaga.pdf`).
#[test]
fn an_image_or_file_of_the_site_is_checked_and_written_with_the_base_path() {
    let site = huddinge_with(
        INTRODUCTION,
        "## Inledning\n\n![Logga](/bilder/logga.png) ![Karta](karta.png) [Bilaga](bilaga.pdf)\n",
    );
    crate::assert_messages!(site);
    site.write("static/bilder/logga.png", "png");
    site.write("static/huddinge/verksamhetsplan-2021-2022/karta.png", "png");
    site.write(
        "static/huddinge/verksamhetsplan-2021-2022/bilaga.pdf",
        "pdf",
    );
    let build = site.build();
    let page = TestSite::page(&build, PAGE);
    for written in [
        r#"src="/planer/bilder/logga.png""#,
        r#"src="/planer/huddinge/verksamhetsplan-2021-2022/karta.png""#,
        r#"href="/planer/huddinge/verksamhetsplan-2021-2022/bilaga.pdf""#,
    ] {
        assert!(page.contains(written), "{written}\n{page}");
    }
}

/// `{serves="…"}` on an activity, far from every key, was "unknown attribute" and nothing
/// more: the author was left to guess `goals=`.
#[test]
fn an_unknown_key_far_from_every_key_lists_them() {
    let site = huddinge_with(
        "- Verksamhetsbesök\n",
        "- Verksamhetsbesök {serves=\"mal-1\"}\n",
    );
    crate::assert_messages!(site);
}

/// `[[Framtidskommissionens slutrapport]]`, the title the author sees on the page rather
/// than the file's path, was "a document that does not exist" with no way on: the path is
/// named, found by the title or subtitle in any case and with `-` for `–`.
#[test]
fn a_link_by_a_documents_title_names_its_path() {
    let site = huddinge_with(
        INTRODUCTION,
        "## Inledning\n\nSe [[Framtidskommissionens slutrapport]], [[verksamhetsplan 2015-2016]] och [[Tillsammans för jämlikhet]].\n",
    );
    crate::assert_messages!(site);
}
