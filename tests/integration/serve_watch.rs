//! The watcher of a running `planpress serve` when the folders it watches are replaced as a
//! whole (`rm -rf content && cp -r …`, a `git checkout`, a rename over) or created after
//! the start: later edits are still seen and served.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use planpress::serve::Server;

use crate::TestSite;
use crate::serve::{get, start_on_free_port};

const DOCUMENT: &str = "content/solna/verksamhetsplan-2023.md";
const PAGE: &str = "/solna/verksamhetsplan-2023/";

/// Waits until `target` is served with `text` in it.
fn wait_for_text(server: &Server, target: &str, text: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let reply = get(server, target);
        if reply.status == 200 && reply.body.contains(text) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{what}: {target} never showed {text:?} (status {})",
            reply.status
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn shell(root: &Path, script: &str) {
    let status = Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(root)
        .status()
        .expect("sh");
    assert!(status.success(), "{script}");
}

fn edit(site: &TestSite, from: &str, to: &str) {
    let text = site.read(DOCUMENT);
    assert!(text.contains(from), "{DOCUMENT} holds {from:?}");
    site.write(DOCUMENT, text.replacen(from, to, 1));
}

#[test]
fn content_deleted_and_recreated_or_renamed_over_is_still_watched() {
    let site = TestSite::example();
    shell(
        site.root(),
        "cp -r content ../content-copy-$$ && mv ../content-copy-$$ copy",
    );
    let server = start_on_free_port(&site);
    wait_for_text(&server, PAGE, "Ett solidariskt och hållbart Solna", "start");

    shell(site.root(), "rm -rf content && cp -r copy content");
    edit(
        &site,
        "Ett solidariskt och hållbart Solna",
        "Ett omskapat Solna",
    );
    wait_for_text(
        &server,
        PAGE,
        "Ett omskapat Solna",
        "an edit after rm -rf and cp -r",
    );
    edit(&site, "Ett omskapat Solna", "Ett omskapat Solna, igen");
    wait_for_text(&server, PAGE, "Ett omskapat Solna, igen", "a second edit");

    // What a checkout of another branch may do: the folder renamed away, another in its place.
    shell(
        site.root(),
        "mv content old-content && cp -r copy new-content && mv new-content content",
    );
    wait_for_text(
        &server,
        PAGE,
        "Ett solidariskt och hållbart Solna",
        "the replaced folder",
    );
    edit(
        &site,
        "Ett solidariskt och hållbart Solna",
        "Ett utbytt Solna",
    );
    wait_for_text(
        &server,
        PAGE,
        "Ett utbytt Solna",
        "an edit after a rename over",
    );
    // The folder renamed away is no longer watched as content/.
    let old = site.path("old-content/solna/verksamhetsplan-2023.md");
    let text = std::fs::read_to_string(&old).expect("old copy");
    std::fs::write(&old, text.replace("Ett omskapat Solna, igen", "Fel mapp")).expect("write");
    std::thread::sleep(Duration::from_millis(500));
    let page = get(&server, PAGE).body;
    assert!(page.contains("Ett utbytt Solna") && !page.contains("Fel mapp"));
    server.shutdown();
}

#[test]
fn a_static_folder_created_after_the_start_is_watched() {
    let site = TestSite::example();
    assert!(!site.path("static").exists(), "the example has no static/");
    let server = start_on_free_port(&site);
    site.write("static/note.txt", "first");
    wait_for_text(&server, "/note.txt", "first", "the first file");
    site.write("static/note.txt", "second");
    wait_for_text(&server, "/note.txt", "second", "the first edit");
    site.write("static/note.txt", "third");
    wait_for_text(&server, "/note.txt", "third", "the second edit");
    site.write("static/other.txt", "another");
    wait_for_text(&server, "/other.txt", "another", "a second file");
    server.shutdown();
}
