//! Live reload in a real browser: headless Chromium, driven over the DevTools protocol by
//! tests/serve_e2e/e2e.mjs, against a preview server started here. It needs chromium, node
//! and `npm ci` in tests/serve_e2e (see ci-setup.sh there); without them the test says
//! SKIPPED and passes, unless PLANPRESS_REQUIRE_TOOLS=1 makes a missing tool a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::serve::start_on_free_port;
use crate::{TestSite, repo_root};

fn find_program(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
}

/// The tools the browser test needs, or what is missing.
fn tools(e2e_dir: &Path) -> Result<(PathBuf, PathBuf), String> {
    let chromium = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .filter(|path| path.is_file())
        .or_else(|| find_program("chromium"))
        .or_else(|| find_program("chromium-browser"))
        .ok_or("chromium is not installed (apt-get install chromium)")?;
    let node = find_program("node").ok_or("node is not installed")?;
    if !e2e_dir
        .join("node_modules/chrome-remote-interface")
        .is_dir()
    {
        return Err(format!("run `npm ci` in {}", e2e_dir.display()));
    }
    Ok((chromium, node))
}

#[test]
fn live_reload_in_headless_chromium() {
    let e2e_dir = repo_root().join("tests/serve_e2e");
    let (chromium, node) = match tools(&e2e_dir) {
        Ok(tools) => tools,
        Err(missing) if std::env::var("PLANPRESS_REQUIRE_TOOLS").as_deref() == Ok("1") => {
            panic!("PLANPRESS_REQUIRE_TOOLS=1 but {missing}")
        }
        Err(missing) => {
            eprintln!("SKIPPED: live_reload_in_headless_chromium: {missing}");
            return;
        }
    };
    let site = TestSite::example();
    let server = start_on_free_port(&site);
    let output = Command::new(node)
        .current_dir(&e2e_dir)
        .arg("e2e.mjs")
        .args(["--url", server.url()])
        .arg("--site")
        .arg(site.root())
        .arg("--chromium")
        .arg(&chromium)
        .output()
        .expect("run node");
    server.shutdown();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "the browser test failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("e2e: all checks passed"), "{stdout}");
    eprintln!("{stdout}");
}
