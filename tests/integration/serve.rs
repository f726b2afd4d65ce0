//! `planpress serve` over real HTTP: a reload round-trip (edit, new generation, new text),
//! which pages are told to reload after an edit and when, the error state of a failed
//! rebuild and its end, and requests that try to leave the site. The browser side of live
//! reload is tested in Chromium by serve_browser.rs.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use planpress::serve::{ServeOptions, Server, start};

use crate::TestSite;

const DOCUMENT: &str = "content/solna/verksamhetsplan-2023.md";
const PAGE: &str = "/solna/verksamhetsplan-2023/";

pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }
}

/// One HTTP/1.1 request, the target sent exactly as given (no client normalises `..`).
pub fn request(server: &Server, method: &str, target: &str) -> Reply {
    let address = server.url().trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect to the preview server");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    write!(
        stream,
        "{method} {target} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read the reply");
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

pub fn get(server: &Server, target: &str) -> Reply {
    request(server, "GET", target)
}

/// Long-polls the reload endpoint until a complete generation (all phases of a content
/// rebuild written, or a failure) passes `since`.
pub fn wait_for_generation(server: &Server, since: u64) -> (u64, Option<String>) {
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut at = since;
    while Instant::now() < deadline {
        let status = poll(server, at, None);
        let generation = status["generation"].as_u64().expect("generation");
        if generation > since && status["complete"] == true {
            return (generation, status["errors"].as_str().map(str::to_string));
        }
        at = generation;
    }
    panic!("no new complete build generation after {since} within two minutes");
}

/// One long-poll as a browser on `page` sends it (as any page's script would without).
pub fn poll(server: &Server, since: u64, page: Option<&str>) -> serde_json::Value {
    let page = page.map_or_else(String::new, |page| format!("&page={page}"));
    let reply = get(server, &format!("/__planpress/reload?since={since}{page}"));
    assert_eq!(reply.status, 200, "{}", reply.body);
    serde_json::from_str(&reply.body).expect("JSON status")
}

pub fn start_on_free_port(site: &TestSite) -> Server {
    start(&ServeOptions {
        port: 0,
        ..ServeOptions::new(site.root())
    })
    .expect("start the preview server")
}

pub fn edit(site: &TestSite, rel: &str, from: &str, to: &str) {
    let text = site.read(rel);
    assert!(text.contains(from), "{rel} holds {from:?}");
    site.write(rel, text.replacen(from, to, 1));
}

#[test]
fn edit_reload_break_and_fix_round_trip() {
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let page = get(&server, PAGE);
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("/__planpress/reload"),
        "the reload script is injected"
    );
    let built = std::fs::read_to_string(
        server
            .site_dir()
            .join("solna/verksamhetsplan-2023/index.html"),
    )
    .expect("built page");
    assert!(
        !built.contains("__planpress"),
        "the built page itself has no reload script"
    );
    let start_generation = server.status().generation;

    edit(
        &site,
        DOCUMENT,
        "Ett solidariskt och hållbart Solna",
        "Ett nytt och levande Solna",
    );
    let (generation, errors) = wait_for_generation(&server, start_generation);
    assert_eq!(errors, None);
    assert!(
        get(&server, PAGE)
            .body
            .contains("Ett nytt och levande Solna")
    );

    edit(&site, DOCUMENT, "kind = \"plan\"", "kind = plan");
    let (broken, errors) = wait_for_generation(&server, generation);
    let errors = errors.expect("the failed rebuild reports its errors");
    assert!(
        errors.contains("verksamhetsplan-2023.md:4:"),
        "file and line in {errors}"
    );
    let page = get(&server, PAGE);
    assert_eq!(page.status, 200, "the last good site is still served");
    assert!(page.body.contains("Ett nytt och levande Solna"));
    assert!(
        page.body.contains("<div id=\"__planpress-overlay\""),
        "the overlay is shown"
    );
    assert!(page.body.contains("verksamhetsplan-2023.md:4:"));

    edit(&site, DOCUMENT, "kind = plan", "kind = \"plan\"");
    // A loaded machine may see the broken save as two events, and its second failed rebuild
    // publishes a generation of its own: the errors go with the first good one.
    let mut since = broken;
    let errors = loop {
        let (next, errors) = wait_for_generation(&server, since);
        let still_broken = errors
            .as_deref()
            .is_some_and(|e| e.contains("verksamhetsplan-2023.md:4:"));
        if !still_broken || next > broken + 5 {
            break errors;
        }
        since = next;
    };
    assert_eq!(errors, None, "a good build clears the errors");
    assert!(
        !get(&server, PAGE)
            .body
            .contains("<div id=\"__planpress-overlay\"")
    );
    let site_dir = server.site_dir().to_path_buf();
    server.shutdown();
    assert!(!site_dir.exists(), "shutdown removes the temporary folder");
}

/// A preview started on a broken site has no last good build to show: every address says
/// so in the messages' language, under the overlay, and the page becomes the site once a
/// save fixes it.
#[test]
fn a_first_build_that_fails_says_there_is_no_site_yet_and_the_fix_builds_it() {
    let site = TestSite::example();
    edit(&site, DOCUMENT, "kind = \"plan\"", "kind = plan");
    let server = start_on_free_port(&site);
    let page = get(&server, "/");
    assert_eq!(page.status, 404);
    assert!(page.body.contains("<html lang=\"sv\">"), "{}", page.body);
    assert!(
        page.body.contains("<h1>Ingen webbplats än</h1>"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains("<strong>planpress: bygget misslyckades</strong>"),
        "the overlay does not claim a last good build: {}",
        page.body
    );
    assert!(!page.body.contains("senaste fungerande"), "{}", page.body);
    assert!(page.body.contains("verksamhetsplan-2023.md:4:"));
    assert!(
        page.body.contains("/__planpress/reload"),
        "it reloads when fixed"
    );

    let since = server.status().generation;
    edit(&site, DOCUMENT, "kind = plan", "kind = \"plan\"");
    let (_, errors) = wait_for_generation(&server, since);
    assert_eq!(errors, None);
    assert_eq!(get(&server, PAGE).status, 200);
    server.shutdown();
}

/// An edit publishes the edited document's page first and the index pages after: a tab on
/// the document is told to reload by the first generation, a tab on an index listing the
/// edited goal by the second, and a tab on an unrelated document is not told at all.
#[test]
fn an_edit_reloads_the_pages_it_changed_and_no_other() {
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let since = server.status().generation;
    let waiting = |page: &'static str| {
        let (sender, answer) = std::sync::mpsc::channel();
        let url = server.url().to_string();
        std::thread::spawn(move || {
            let address = url.trim_start_matches("http://").to_string();
            let mut stream = TcpStream::connect(&address).expect("connect");
            write!(
                stream,
                "GET /__planpress/reload?since={since}&page={page} HTTP/1.1\r\nHost: {address}\r\n\r\n"
            )
            .expect("send");
            let mut raw = String::new();
            let _ = stream.read_to_string(&mut raw);
            let body = raw.split_once("\r\n\r\n").map(|(_, b)| b.to_string());
            let _ =
                sender.send(body.and_then(|b| serde_json::from_str::<serde_json::Value>(&b).ok()));
        });
        answer
    };
    let edited = waiting("%2Fsolna%2Fverksamhetsplan-2023%2F");
    let index = waiting("/mal/");
    let unrelated = waiting("/huddinge/verksamhetsplan-2021-2022/");
    // The polls are held before the save, as a browser's are.
    std::thread::sleep(Duration::from_millis(300));

    edit(
        &site,
        DOCUMENT,
        "kontakta nytillkomna medlemmar via sms eller telefon",
        "kontakta nytillkomna medlemmar via sms, brev eller telefon",
    );
    let within = Duration::from_secs(60);
    let edited = edited
        .recv_timeout(within)
        .expect("the edited page's answer");
    let edited = edited.expect("a JSON answer");
    assert_eq!(edited["reload"], true, "{edited}");
    assert_eq!(edited["errors"], serde_json::Value::Null);
    assert!(
        get(&server, PAGE)
            .body
            .contains("via sms, brev eller telefon")
    );

    let index = index.recv_timeout(within).expect("the index page's answer");
    let index = index.expect("a JSON answer");
    assert_eq!(index["reload"], true, "{index}");
    assert_eq!(
        index["complete"], false,
        "the index is written in the second phase, before the search index, exports and feeds: {index}"
    );
    assert!(
        index["generation"].as_u64() > edited["generation"].as_u64() || edited["complete"] == true,
        "the document page comes first: {edited} {index}"
    );
    assert!(
        get(&server, "/mal/")
            .body
            .contains("via sms, brev eller telefon")
    );

    let (generation, errors) = wait_for_generation(&server, since);
    assert_eq!(errors, None);
    assert!(
        unrelated.recv_timeout(Duration::from_millis(500)).is_err(),
        "a tab on an unrelated document is not told to reload"
    );
    assert!(generation > since);
    let far_behind = poll(&server, 1_000_000, Some("/mal/"));
    assert_eq!(far_behind["reload"], true, "an unknown generation reloads");
    server.shutdown();
}

/// A tab on a page that does not exist yet (it shows the 404 page) reloads when the page
/// appears.
#[test]
fn a_tab_on_a_missing_page_reloads_when_it_appears() {
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let since = server.status().generation;
    assert_eq!(get(&server, "/solna/ny-plan/").status, 404);
    let (sender, answer) = std::sync::mpsc::channel();
    let address = server.url().trim_start_matches("http://").to_string();
    std::thread::spawn(move || {
        // A long poll held past its 25 s (a rebuild on a loaded machine) is answered without
        // `reload`; the page's script then polls again from the same generation, as here.
        let started = std::time::Instant::now();
        loop {
            let mut stream = TcpStream::connect(&address).expect("connect");
            write!(
                stream,
                "GET /__planpress/reload?since={since}&page=%2Fsolna%2Fny-plan%2F HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
            )
            .expect("send");
            let mut raw = String::new();
            let _ = stream.read_to_string(&mut raw);
            if raw.contains("\"reload\":true") || started.elapsed() > Duration::from_secs(100) {
                let _ = sender.send(raw);
                return;
            }
        }
    });
    std::thread::sleep(Duration::from_millis(200));
    planpress::scaffold::new_document(site.root(), "plan", std::path::Path::new("solna/ny-plan"))
        .expect("a new document");
    let raw = answer
        .recv_timeout(Duration::from_secs(120))
        .expect("the missing page's poll is answered");
    assert!(raw.contains("\"reload\":true"), "{raw}");
    assert_eq!(get(&server, "/solna/ny-plan/").status, 200);
    server.shutdown();
}

#[test]
fn http_basics_types_redirects_404_and_head() {
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let css = get(&server, "/css/style.css");
    assert_eq!(
        (css.status, css.header("Content-Type")),
        (200, Some("text/css; charset=utf-8"))
    );
    assert_eq!(css.header("Cache-Control"), Some("no-store"));
    let feed = get(&server, "/atom.xml");
    assert_eq!(
        feed.header("Content-Type"),
        Some("application/xml; charset=utf-8")
    );

    let redirect = get(&server, "/solna/verksamhetsplan-2023");
    assert_eq!(
        (redirect.status, redirect.header("Location")),
        (301, Some(PAGE))
    );

    let missing = get(&server, "/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("/__planpress/reload"),
        "the site's 404 page, served live"
    );

    let head = request(&server, "HEAD", PAGE);
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(request(&server, "POST", PAGE).status, 405);
    server.shutdown();
}

#[test]
fn requests_never_reach_files_outside_the_site() {
    let site = TestSite::example();
    let secret = "TOP SECRET: must never be served";
    site.write("secret.txt", secret);
    let server = start_on_free_port(&site);
    let site_name = site
        .root()
        .canonicalize()
        .expect("canonical")
        .file_name()
        .expect("name")
        .to_string_lossy()
        .into_owned();
    let serve_parent = server.site_dir().parent().expect("parent").to_path_buf();
    let site_root = site.root().canonicalize().expect("canonical");
    assert_eq!(
        site_root.parent(),
        Some(serve_parent.as_path()),
        "both temp folders share a parent, so `..` would reach it"
    );
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        site_root.join("secret.txt"),
        server.site_dir().join("leak.txt"),
    )
    .expect("symlink");
    let absolute = site_root.join("secret.txt").display().to_string();
    let targets = [
        format!("/../{site_name}/secret.txt"),
        format!("/css/../../{site_name}/secret.txt"),
        format!("/%2e%2e/{site_name}/secret.txt"),
        format!("/%2E%2E%2f{site_name}%2fsecret.txt"),
        format!("/..%2f{site_name}%2fsecret.txt"),
        format!("/..\\{site_name}\\secret.txt"),
        format!("/..%5c{site_name}%5csecret.txt"),
        format!("/{site_name}/secret.txt%00.html"),
        absolute.clone(),
        format!("/{absolute}"),
        "/leak.txt".to_string(),
        "/../../../../../../etc/passwd".to_string(),
    ];
    for target in &targets {
        let reply = get(&server, target);
        assert!(
            matches!(reply.status, 400 | 404),
            "{target}: status {}",
            reply.status
        );
        assert!(!reply.body.contains(secret), "{target} leaked the file");
        assert!(
            !reply.body.contains("root:x:0"),
            "{target} leaked /etc/passwd"
        );
    }
    server.shutdown();
}

/// The real command: `planpress serve --port 0` prints its address, serves, and on Ctrl-C
/// (SIGINT) stops with success and removes its temporary folder.
#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_command_and_removes_its_folder() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};

    let site = TestSite::example();
    let temp = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_planpress"))
        .arg("--root")
        .arg(site.root())
        .args(["serve", "--port", "0"])
        .env("TMPDIR", temp.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start planpress serve");
    let stdout = child.stdout.take().expect("stdout");
    let (lines, received) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = lines.send(line);
        }
    });
    let url = loop {
        let line = received
            .recv_timeout(Duration::from_secs(120))
            .expect("the server prints its address");
        if let Some(url) = crate::serve_signals::served_url(&line) {
            break url;
        }
    };
    let address = url.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "GET / HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut reply = String::new();
    stream.read_to_string(&mut reply).expect("read");
    assert!(reply.starts_with("HTTP/1.1 200"), "{reply}");
    assert_eq!(
        std::fs::read_dir(temp.path()).expect("list").count(),
        1,
        "the site folder is in TMPDIR"
    );

    let signalled = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(signalled.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop on SIGINT"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status}");
    assert_eq!(
        std::fs::read_dir(temp.path()).expect("list").count(),
        0,
        "the temporary folder is removed"
    );
}

/// Clients that stall (half a request, or a large reply never read) hold only their own
/// threads: the next request is still answered at once.
#[test]
fn stalled_clients_do_not_stall_the_server() {
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let address = server.url().trim_start_matches("http://").to_string();
    let mut stalled = Vec::new();
    for _ in 0..8 {
        let mut half = TcpStream::connect(&address).expect("connect");
        write!(half, "GET / HTTP/1.1\r\nHost: x\r\n").expect("send half a request");
        stalled.push(half);
        let mut unread = TcpStream::connect(&address).expect("connect");
        write!(unread, "GET /sok/index.json HTTP/1.1\r\nHost: x\r\n\r\n").expect("send");
        stalled.push(unread);
    }
    let started = Instant::now();
    let reply = get(&server, PAGE);
    assert_eq!(reply.status, 200);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "answered while others stall"
    );
    drop(stalled);
    server.shutdown();
}

/// A template change reloads the theme; a `site.toml` change starts from a fresh pipeline;
/// an editor's swap file changes nothing.
/// A content edit may be swapped into the open page; a stylesheet keeps its URL when it
/// changes, so a stylesheet edit must ask every page for a full reload.
#[test]
fn a_stylesheet_edit_asks_for_a_full_reload_and_a_content_edit_does_not() {
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let since = server.status().generation;
    edit(
        &site,
        DOCUMENT,
        "kontakta nytillkomna medlemmar via sms eller telefon",
        "kontakta nytillkomna medlemmar via sms, mejl eller telefon",
    );
    let (generation, errors) = wait_for_generation(&server, since);
    assert_eq!(errors, None);
    let content = poll(&server, since, Some(PAGE));
    assert_eq!(content["reload"], true, "{content}");
    assert_eq!(
        content["full"], false,
        "a content edit can be swapped in: {content}"
    );

    let stylesheet = "themes/default/static/css/style.css";
    let css = site.read(stylesheet) + "\n.preview-test { color: #000; }\n";
    site.write(stylesheet, css);
    let (_, errors) = wait_for_generation(&server, generation);
    assert_eq!(errors, None);
    let styled = poll(&server, generation, Some(PAGE));
    assert_eq!(styled["reload"], true, "{styled}");
    assert_eq!(
        styled["full"], true,
        "a changed stylesheet needs a new navigation: {styled}"
    );
    server.shutdown();
}

#[test]
fn templates_and_site_toml_are_watched_too() {
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let generation = server.status().generation;

    edit(
        &site,
        "themes/default/templates/base.html",
        "<footer class=\"site-footer\">",
        "<footer class=\"site-footer\"><p>Förhandsvisning</p>",
    );
    let (generation, errors) = wait_for_generation(&server, generation);
    assert_eq!(errors, None);
    assert!(get(&server, PAGE).body.contains("<p>Förhandsvisning</p>"));

    edit(
        &site,
        "site.toml",
        "title = \"Vänsterpartiet Storstockholm",
        "title = \"Vänstern Storstockholm",
    );
    let (generation, errors) = wait_for_generation(&server, generation);
    assert_eq!(errors, None);
    let home = get(&server, "/").body;
    assert!(home.contains("Vänstern Storstockholm"), "the new title");
    let canonical = format!("<link rel=\"canonical\" href=\"{}/\">", server.url());
    assert!(
        home.contains(&canonical),
        "base_url is the preview's address, whatever site.toml says"
    );

    site.write("content/solna/.verksamhetsplan-2023.md.swp", "binary junk");
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        server.status().generation,
        generation,
        "a swap file is no change"
    );
    server.shutdown();
}
