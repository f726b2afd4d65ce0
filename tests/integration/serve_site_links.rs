//! Links written as the site's own addresses (`/planer/mal/`, `https://…/planer/…`) are
//! checked in the preview's rebuild as `planpress build` checks them (issue #18), and read
//! against site.toml's `base_url`, not the preview's address, so a right one is no error.
//! The overlay's messages are Swedish by default.

use crate::TestSite;
use crate::serve::{edit, start_on_free_port, wait_for_generation};

const DOCUMENT: &str = "content/solna/verksamhetsplan-2023.md";
const AT: &str = "Vår partiförening växer";

#[test]
fn a_rebuild_checks_links_to_the_sites_own_pages_and_files() {
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let start = server.status().generation;

    edit(
        &site,
        DOCUMENT,
        AT,
        &format!("[målen](/planer/maal/). {AT}"),
    );
    let (broken, errors) = wait_for_generation(&server, start);
    let errors = errors.expect("the rebuild reports the broken link");
    assert!(
        errors.contains("`/maal`") && errors.contains("verksamhetsplan-2023.md:"),
        "{errors}"
    );
    // The overlay speaks Swedish, as the terminal does, unless asked otherwise.
    assert!(
        errors.contains("fel[E058]: länk till en sida eller fil som webbplatsen inte har"),
        "{errors}"
    );
    // The page shows the edit, link and all: the overlay must not call it the last good
    // build (it did, over the very page with the broken link).
    assert!(server.status().current, "{:?}", server.status());
    let edited = std::fs::read_to_string(
        server
            .site_dir()
            .join("solna/verksamhetsplan-2023/index.html"),
    )
    .expect("the page is written");
    assert!(edited.contains("href=\"/maal/\""), "the edit is served");

    let right = concat!(
        "[målen](/planer/mal/), [stilen](/css/style.css) och ",
        "[planen](https://storstockholm.vansterpartiet.se/planer/solna/verksamhetsplan-2023/#medlemsvard)."
    );
    edit(&site, DOCUMENT, "[målen](/planer/maal/).", right);
    let (_, errors) = wait_for_generation(&server, broken);
    assert_eq!(
        errors, None,
        "links right on the published site are right in the preview"
    );
    let page = std::fs::read_to_string(
        server
            .site_dir()
            .join("solna/verksamhetsplan-2023/index.html"),
    )
    .expect("the page is written");
    assert!(
        page.contains("href=\"/mal/\"") && page.contains("href=\"/css/style.css\""),
        "written with the preview's base path"
    );
    server.shutdown();
}
