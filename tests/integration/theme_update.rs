//! A site made by an older `planpress init` keeps the theme it was given: its search.js read
//! an index format the new build no longer writes, and every search on the published site
//! failed in the members' browsers, with nothing said at the build. W011 names the files of
//! an older planpress, W012 a search.js of another format, and `planpress update-theme`
//! brings the theme up to date without touching what the site changed.

use crate::TestSite;

const SEARCH_JS: &str = "themes/default/static/js/search.js";

/// A search.js the site changed, reading format 3: the build warns that search will not
/// work (W012, at the declaration); `update-theme` keeps the site's file and says so, and
/// adds a template the theme lacks.
#[test]
fn a_search_script_of_another_format_is_a_warning_and_a_changed_file_is_kept() {
    let site = TestSite::example();
    let script = site.read(SEARCH_JS);
    let current = format!(
        "var FORMAT_VERSION = {};",
        planpress::indexes::search::FORMAT_VERSION
    );
    assert!(script.contains(&current), "search.js declares {current}");
    let older = script.replacen(&current, "var FORMAT_VERSION = 3;", 1);
    site.write(SEARCH_JS, &older);
    std::fs::remove_file(site.path("themes/default/templates/pagination.html")).expect("remove");

    let warnings = site.build().warnings;
    let codes: Vec<_> = warnings.iter().filter_map(|w| w.code()).collect();
    assert!(codes.contains(&"W012"), "{codes:?}");
    // A file the site changed is no older planpress's: W011 does not name it.
    assert!(!codes.contains(&"W011"), "{codes:?}");
    let (_, _, stderr) = crate::run_cli(&site, &["check"]);
    assert!(
        stderr.contains("search index format 3, and this planpress writes format"),
        "{stderr}"
    );
    assert!(
        stderr.contains("themes/default/static/js/search.js:"),
        "{stderr}"
    );

    let (ok, stdout, stderr) = crate::run_cli(&site, &["update-theme"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("added:       themes/default/templates/pagination.html"),
        "{stdout}"
    );
    assert!(
        stdout.contains("kept:        themes/default/static/js/search.js"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Theme: replaced 0, added 1, kept 1"),
        "{stdout}"
    );
    assert_eq!(
        site.read(SEARCH_JS),
        older,
        "the site's own change is left alone"
    );
    assert!(
        site.path("themes/default/templates/pagination.html")
            .is_file()
    );
}

/// A search.js of another format in the site's own static/ goes before the theme's, and
/// `update-theme` leaves it alone: W012's help said to run it, and the warning stayed.
#[test]
fn a_search_script_in_the_sites_own_static_is_not_sent_to_update_theme() {
    let site = TestSite::example();
    let current = format!(
        "var FORMAT_VERSION = {};",
        planpress::indexes::search::FORMAT_VERSION
    );
    let older = site
        .read(SEARCH_JS)
        .replacen(&current, "var FORMAT_VERSION = 3;", 1);
    site.write("static/js/search.js", &older);
    let (_, _, stderr) = crate::run_cli(&site, &["check"]);
    assert!(stderr.contains("W012"), "{stderr}");
    assert!(stderr.contains("static/js/search.js:"), "{stderr}");
    assert!(
        stderr.contains("help: the site's own `static/js/search.js` goes before the theme's"),
        "{stderr}"
    );
}

/// A template the site's theme lacks (W005) is what `update-theme` adds: the warning's help
/// names the command (it said to copy the file from a new site by hand), and after it the
/// build has nothing to warn of.
#[test]
fn the_help_of_a_missing_template_is_update_theme_and_it_works() {
    let site = TestSite::example();
    std::fs::remove_file(site.path("themes/default/templates/filter_count.html")).expect("remove");
    let (_, _, stderr) = crate::run_cli(&site, &["check"]);
    assert!(stderr.contains("W005"), "{stderr}");
    assert!(
        stderr.contains("help: run `planpress update-theme`"),
        "{stderr}"
    );
    let (ok, stdout, stderr) = crate::run_cli(&site, &["update-theme"]);
    assert!(ok, "{stderr}");
    assert!(
        stdout.contains("Theme: replaced 0, added 1, kept 0"),
        "{stdout}"
    );
    let warnings = site.build().warnings;
    assert!(warnings.is_empty(), "{warnings:?}");
}

/// A file it cannot write (templates/ is a file) stops `update-theme` with E162 naming it,
/// and the files it wrote before are listed: it printed only the error, and the editor did
/// not know the stylesheet had been added.
#[test]
fn a_file_it_cannot_write_is_named_and_what_it_wrote_is_listed() {
    let site = TestSite::example();
    std::fs::remove_file(site.path("themes/default/static/css/print.css")).expect("remove");
    std::fs::remove_dir_all(site.path("themes/default/templates")).expect("remove");
    site.write("themes/default/templates", "");
    let (ok, stdout, stderr) = crate::run_cli(&site, &["update-theme"]);
    assert!(!ok);
    assert!(
        stdout.contains("added:       themes/default/static/css/print.css"),
        "{stdout}"
    );
    assert!(
        stderr.contains("error[E162]: cannot write ./themes/default/templates/"),
        "{stderr}"
    );
}

/// The bundled example's theme is this planpress's: nothing to warn of, nothing to update.
#[test]
fn the_bundled_theme_is_up_to_date() {
    let site = TestSite::example();
    let warnings = site.build().warnings;
    assert!(warnings.is_empty(), "{warnings:?}");
    let (ok, stdout, _) = crate::run_cli(&site, &["update-theme"]);
    assert!(ok);
    assert!(
        stdout.contains("Theme: replaced 0, added 0, kept 0"),
        "{stdout}"
    );
}
