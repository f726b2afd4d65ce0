//! The real `planpress serve` command and signals: SIGINT, SIGTERM and SIGHUP, during the
//! first build or after it, all stop the server and leave no `planpress-serve-*` folder.

use std::io::BufRead;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use crate::TestSite;

/// Starts `planpress serve --port 0` on `site`, with TMPDIR at `tmp` when given, and waits
/// for the address it prints. The child's stdout lines keep arriving on the receiver.
pub fn spawn_serve(site: &TestSite, tmp: Option<&Path>) -> (Child, String) {
    let (child, lines) = spawn(site, tmp);
    let url = loop {
        let line = lines
            .recv_timeout(Duration::from_secs(120))
            .expect("the server prints its address");
        if let Some(url) = served_url(&line) {
            break url;
        }
    };
    // The child would block on a full pipe otherwise; nobody reads the rest.
    std::thread::spawn(move || for _ in lines {});
    (child, url)
}

fn spawn(site: &TestSite, tmp: Option<&Path>) -> (Child, Receiver<String>) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_planpress"));
    command
        .arg("--root")
        .arg(site.root())
        .args(["serve", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    if let Some(tmp) = tmp {
        command.env("TMPDIR", tmp);
    }
    let mut child = command.spawn().expect("start planpress serve");
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
    (child, lines)
}

/// The address in the line that says where the preview is ("Förhandsvisar på http://…/" by
/// default, "Serving http://…/" with `--lang en`).
pub fn served_url(line: &str) -> Option<String> {
    let url = line
        .split_whitespace()
        .find(|word| word.starts_with("http://"))?;
    Some(url.trim_end_matches('/').to_string())
}

fn serve_folders(tmp: &Path) -> Vec<String> {
    std::fs::read_dir(tmp)
        .expect("list TMPDIR")
        .filter_map(Result::ok)
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("planpress-serve-"))
        .collect()
}

fn signal(child: &Child, name: &str) {
    let sent = Command::new("kill")
        .args([&format!("-{name}"), &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success(), "kill -{name}");
}

fn wait_for_exit(child: &mut Child, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().expect("wait").is_some() {
            return;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{what}: the server did not stop");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Each signal, sent as soon as the temporary folder exists (during the first build, which
/// takes far longer than noticing the folder), and again once the server is serving.
#[cfg(unix)]
#[test]
fn every_stop_signal_removes_the_temporary_folder() {
    let site = TestSite::example();
    for name in ["INT", "TERM", "HUP"] {
        // During the first build.
        let tmp = tempfile::tempdir().expect("tempdir");
        let (mut child, lines) = spawn(&site, Some(tmp.path()));
        let deadline = Instant::now() + Duration::from_secs(60);
        while serve_folders(tmp.path()).is_empty() {
            assert!(Instant::now() < deadline, "SIG{name}: no folder appeared");
            std::thread::sleep(Duration::from_millis(1));
        }
        signal(&child, name);
        let serving_before = lines.try_iter().any(|line| served_url(&line).is_some());
        wait_for_exit(&mut child, &format!("SIG{name} during the first build"));
        assert_eq!(
            serve_folders(tmp.path()),
            Vec::<String>::new(),
            "SIG{name} during the first build (serving already: {serving_before})"
        );

        // After it.
        let tmp = tempfile::tempdir().expect("tempdir");
        let (mut child, _url) = spawn_serve(&site, Some(tmp.path()));
        assert_eq!(
            serve_folders(tmp.path()).len(),
            1,
            "the folder is in TMPDIR"
        );
        signal(&child, name);
        wait_for_exit(&mut child, &format!("SIG{name} while serving"));
        assert_eq!(
            serve_folders(tmp.path()),
            Vec::<String>::new(),
            "SIG{name} while serving"
        );
    }
}
