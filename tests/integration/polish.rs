//! Six small things members and authors saw (the lead's notes of 7 December): a malformed
//! margin number printed as text, a document or item listed as referring to itself, a
//! recommendation's uncut "taken up in", the preview server's English, and a missing themes/
//! folder reported twice. The sixth, a heading's `#` permalink alone on a line at 390 px, is
//! a layout check in the browser (`tests/site_checks/layout-checks.js`).

use crate::TestSite;

const PLAN: &str = "content/forening/plan.md";
const STOCKHOLM_PLAN: &str = "content/storstockholm/verksamhetsplan-2015-2016.md";

/// The fixture site with `from` replaced by `to` in `file`, once.
fn fixture_with(file: &str, from: &str, to: &str) -> TestSite {
    TestSite::fixture().replace_once(file, from, to)
}

/// The example with `from` replaced by `to` in `file`, once.
fn example_with(file: &str, from: &str, to: &str) -> TestSite {
    TestSite::example().replace_once(file, from, to)
}

/// Code and escaped braces that hold `{§…}` as text: none of it is a margin number.
const BRACES_AS_TEXT: &str = "\n\nI koden `{§§}` och `{§ 5}`, och skrivet som text: \\{§ 6}.\n\n\
                              ```\n{§§} {§ 7}\n```\n\n    {§ 8}\n";

/// `{§ 4}` (with a space), `{§4a}`, `{§}` and `{ §5}`, in prose, an item and a heading, were
/// printed as written and the margin number was missing without a word; each is E139, with
/// `{§4}` when the digits are clear. The same in code, or escaped, is text.
#[test]
fn a_margin_number_written_with_a_space_or_a_letter_is_an_error_that_says_how() {
    let site = example_with(STOCKHOLM_PLAN, "{§4} Hanna", "{§ 4} Hanna");
    let plan = site.read(STOCKHOLM_PLAN)
        + "\n## Bilaga {§}\n\nSe {§4a} och\n\n- en punkt { §5}\n"
        + BRACES_AS_TEXT;
    site.write(STOCKHOLM_PLAN, plan);
    crate::assert_messages!(site);
}

#[test]
fn a_margin_number_in_code_or_escaped_is_text() {
    let site = TestSite::example();
    site.write(STOCKHOLM_PLAN, site.read(STOCKHOLM_PLAN) + BRACES_AS_TEXT);
    let build = site.build();
    let page = TestSite::page(&build, "storstockholm/verksamhetsplan-2015-2016/index.html");
    assert!(
        page.contains("skrivet som text: {§ 6}."),
        "the escaped brace is text"
    );
    assert!(
        page.contains("<code>{§ 5}</code>"),
        "the code span is as written"
    );
}

/// A goal linking to its own document and to itself listed the document under its own
/// "referred to by", and the goal under its own; a link to another goal of the document is
/// a reference and stays.
#[test]
fn a_document_or_item_linking_to_itself_is_not_its_own_backlink() {
    let site = fixture_with(
        PLAN,
        "1. Ringa alla nya medlemmar.",
        "1. Ringa alla nya medlemmar (se [planen](@/forening/plan.md), [målet](#ringa) och \
         [delmålet](#delmal-1)).",
    );
    let build = site.build();
    let from_plan = |anchor: &str| -> Vec<String> {
        build
            .site
            .backlinks_to("forening/plan", anchor)
            .iter()
            .filter(|b| b.from_doc == "forening/plan")
            .map(|b| b.from_anchor.clone())
            .collect()
    };
    assert_eq!(from_plan(""), Vec::<String>::new(), "the document itself");
    assert_eq!(from_plan("ringa"), Vec::<String>::new(), "the goal itself");
    assert_eq!(from_plan("delmal-1"), vec!["ringa".to_string()]);
    let page = crate::main_of(TestSite::page(&build, "forening/plan/index.html"));
    let header = &page[..page.find("</header>").expect("the document's header")];
    assert!(
        !header.contains("class=\"backlinks\""),
        "the plan's header lists no backlink: {header}"
    );
}

/// A site copied without its themes/ folder got two errors for one missing folder: E093 for
/// the theme and E082 for site.toml's `theme = "default"`, which was right. Now it gets one,
/// which says how to get the theme.
#[test]
fn a_site_without_its_themes_folder_gets_one_message_that_says_how_to_get_it() {
    let site = TestSite::fixture();
    std::fs::remove_dir_all(site.path("themes")).expect("remove themes/");
    crate::assert_messages!(site);
}

/// With themes/ there but the theme site.toml names missing, and the default it falls back
/// on missing too, site.toml's E082 (naming the themes there are) is the one message, and it
/// does not say the rest of the site was checked with the defaults: without a theme it was
/// not.
#[test]
fn a_missing_default_theme_beside_another_is_reported_once_at_site_toml() {
    let site = TestSite::fixture();
    std::fs::rename(site.path("themes/default"), site.path("themes/eget"))
        .expect("rename the theme");
    let errors = site.errors();
    assert_eq!(errors.matches("error[").count(), 1, "{errors}");
    assert!(errors.contains("error[E082]"), "{errors}");
    assert!(
        errors.contains("eget"),
        "names the theme there is: {errors}"
    );
    assert!(!errors.contains("checked with the default"), "{errors}");
}

/// `planpress serve` said "Serving …" and "Stopping the preview server" in English, and a
/// port in use was "cannot listen on …" inside the Swedish E110, while the build and the
/// rest of serve's lines speak the site's language (Swedish by default).
#[cfg(unix)]
#[test]
fn serve_speaks_the_sites_language_from_start_to_stop() {
    use std::io::BufRead;
    use std::process::{Command, Stdio};
    use std::time::Duration;

    let site = TestSite::fixture();
    let mut child = Command::new(env!("CARGO_BIN_EXE_planpress"))
        .arg("--root")
        .arg(site.root())
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start planpress serve");
    let stdout = child.stdout.take().expect("stdout");
    let (sender, lines) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            let _ = sender.send(line);
        }
    });
    let mut said = Vec::new();
    while !said.iter().any(|line: &String| line.contains("http://")) {
        let line = lines
            .recv_timeout(Duration::from_secs(120))
            .expect("the server says where it serves");
        said.push(line);
    }
    let url = said
        .last()
        .and_then(|line| crate::serve_signals::served_url(line));
    let url = url.expect("an address");

    // The same port again: the second server cannot listen, and says so in Swedish.
    let busy = Command::new(env!("CARGO_BIN_EXE_planpress"))
        .arg("--root")
        .arg(site.root())
        .args(["serve", "--port", url.rsplit(':').next().expect("a port")])
        .output()
        .expect("run a second planpress serve");
    let sent = Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    let status = child.wait().expect("the server stops");
    said.extend(lines.iter());
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
        .expect("read stderr");

    assert!(status.success(), "{status}");
    let starts: Vec<Vec<&str>> = said
        .iter()
        .map(|line| line.split_whitespace().take(2).collect())
        .collect();
    assert_eq!(
        starts,
        [
            ["Byggde", "webbplatsen"],
            ["Förhandsvisar", "på"],
            ["Stänger", "förhandsvisningen"]
        ],
        "{said:#?}"
    );
    assert_eq!(
        said[1],
        format!("Förhandsvisar på {url}/ (Ctrl-C avslutar)")
    );
    assert_eq!(
        stderr, "",
        "a good site and a loopback address: nothing on stderr"
    );
    let busy_stderr = String::from_utf8_lossy(&busy.stderr);
    assert!(!busy.status.success());
    let port_line = format!(
        "fel[E110]: förhandsvisningen kunde inte starta: kan inte lyssna på {}: ",
        url.trim_start_matches("http://")
    );
    assert!(busy_stderr.starts_with(&port_line), "{busy_stderr}");
}

/// What takes a recommendation up ("Tas upp i") was listed whole in its row on every index
/// page that shows it, 74 entries for one recommendation at 10,000 documents. It lists the
/// first 20, as a commitment's "referred to by" does, and "Visa alla N" links to the
/// recommendation on its document page, whose "referred to by" lists them all.
#[test]
fn a_recommendation_taken_up_by_many_lists_the_first_20_and_links_to_all() {
    let site = TestSite::fixture();
    let sections: String = (1..=25)
        .map(|n| format!("\n## Del {n}\n\nSe [fonden](@/distrikt/rapport.md#rek-fonden).\n"))
        .collect();
    site.write(
        "content/forening/hanvisningar.md",
        format!(
            "+++\ntitle = \"Hänvisningar\"\nkind = \"report\"\norganization = \"forening\"\n\
             period = \"2023\"\n+++\n{sections}"
        ),
    );
    let build = site.build();
    let count = build
        .site
        .backlinks_to("distrikt/rapport", "rek-fonden")
        .len();
    assert!(count > 25, "{count}");
    let show_all = format!(
        "<p class=\"show-all\"><a href=\"/planer/distrikt/rapport/#rek-fonden\">Visa alla \
         {count}</a></p>"
    );
    let mut rows = 0;
    for page in [
        "rekommendationer/index.html",
        "mottagare/styrelsen/index.html",
    ] {
        let html = crate::main_of(TestSite::page(&build, page));
        for row in html.split("<li class=\"index-item").skip(1) {
            let row = &row[..row.find("\n</li>").expect("the row's end")];
            if !row.contains("data-url=\"/planer/distrikt/rapport/#rek-fonden\"") {
                continue;
            }
            let taken_up = &row[row.find("class=\"taken-up-by\"").expect("taken up")..];
            assert_eq!(taken_up.matches("<li>").count(), 20, "{page}: {taken_up}");
            assert!(taken_up.contains(&show_all), "{page}: {taken_up}");
            rows += 1;
        }
    }
    assert!(rows >= 2, "the recommendation's row is on both pages");
    let document = crate::main_of(TestSite::page(&build, "distrikt/rapport/index.html"));
    let meta = document
        .split("<a class=\"permalink\" href=\"#rek-fonden\">")
        .nth(1)
        .and_then(|rest| rest.split("</details>").next())
        .expect("the recommendation's metadata");
    for n in 1..=25 {
        let href = format!("href=\"/planer/forening/hanvisningar/#del-{n}\"");
        assert!(meta.contains(&href), "{href} on the document page: {meta}");
    }
    assert_eq!(meta.matches("<li>").count(), count, "{meta}");
}
