//! The bundled example built by the `planpress` binary for a free loopback port, with the
//! real site's base path (so links that forget it are caught), and served there by
//! `serve.py` for the checkers that follow links or open a browser.

use std::io::{BufRead, BufReader, Read};
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::Duration;

use super::tools::run;
use super::{repo, scripts};

const PLANPRESS: &str = env!("CARGO_BIN_EXE_planpress");

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
pub(super) struct BuiltSite {
    _dir: tempfile::TempDir,
    pub(super) public: PathBuf,
    port: u16,
    prefix: String,
}

impl BuiltSite {
    pub(super) fn url(&self) -> String {
        format!("http://127.0.0.1:{}{}", self.port, self.prefix)
    }
}

pub(super) fn build_site() -> BuiltSite {
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
pub(super) struct Server {
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
pub(super) fn build_and_serve() -> (BuiltSite, Server) {
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
