//! Builds killed at any moment: the output is always a complete site, the old or the new
//! one, and the next build leaves nothing behind. The site is bench/gen_corpus.py's
//! (200 documents, about 300 files), so that a build lasts long enough to be killed in
//! each of its phases; without Python 3.11+ these tests say SKIPPED and pass.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::{assert_no_leftovers, planpress};
use crate::{copy_recursively, repo_root};

/// A generated site, in a folder that lives as long as the value.
pub struct GeneratedSite {
    dir: tempfile::TempDir,
}

impl GeneratedSite {
    /// The 200-document corpus, or None (after saying SKIPPED) without Python.
    pub fn new() -> Option<GeneratedSite> {
        let python = Command::new("python3")
            .args(["-c", "import tomllib"])
            .status()
            .is_ok_and(|s| s.success());
        if !python {
            if std::env::var("PLANPRESS_REQUIRE_TOOLS").as_deref() == Ok("1") {
                panic!("PLANPRESS_REQUIRE_TOOLS=1 but python3 (3.11+) is missing");
            }
            eprintln!("SKIPPED: python3 3.11+ not found; the kill tests need its corpus");
            return None;
        }
        let dir = tempfile::tempdir().expect("tempdir");
        let status = Command::new("python3")
            .arg(repo_root().join("bench/gen_corpus.py"))
            .args(["--docs", "200", "--seed", "17", "--out"])
            .arg(dir.path())
            .stdout(std::process::Stdio::null())
            .status()
            .expect("run bench/gen_corpus.py");
        assert!(status.success(), "gen_corpus.py failed");
        copy_recursively(
            &repo_root().join("themes/default"),
            &dir.path().join("themes/default"),
        );
        Some(GeneratedSite { dir })
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// `planpress build` of this site with `base_url` into `output`, not yet waited for.
    pub fn spawn_build(&self, base_url: &str, output: &Path) -> std::process::Child {
        planpress()
            .arg("--root")
            .arg(self.root())
            .args(["build", "--base-url", base_url, "--output"])
            .arg(output)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("run planpress")
    }

    pub fn build(&self, base_url: &str, output: &Path) {
        let result = self.spawn_build(base_url, output).wait_with_output();
        let result = result.expect("wait for planpress");
        assert!(
            result.status.success(),
            "{}",
            String::from_utf8_lossy(&result.stderr)
        );
    }
}

/// Every file under `dir` with its bytes.
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|entry| entry.file_type().is_file())
        .map(|entry| {
            let rel = entry.path().strip_prefix(dir).expect("inside");
            let bytes = std::fs::read(entry.path()).expect("read");
            (rel.to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

/// Moments spread over a build's length, the same on every run.
fn moments(build: Duration, count: usize) -> Vec<Duration> {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    (0..count)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let fraction = (state >> 33) as f64 / (1u64 << 31) as f64;
            build.mul_f64(0.05 + 1.1 * fraction)
        })
        .collect()
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_old_site_or_the_new_one() {
    let Some(site) = GeneratedSite::new() else {
        return;
    };
    let urls = ["https://a.example.org/", "https://b.example.org/"];
    let started = Instant::now();
    site.build(urls[0], &site.path("ref-a"));
    let build_time = started.elapsed();
    site.build(urls[1], &site.path("ref-b"));
    let references = [tree(&site.path("ref-a")), tree(&site.path("ref-b"))];
    assert_ne!(references[0], references[1]);
    let public = site.path("public");
    site.build(urls[0], &public);
    let mut current = 0;
    let mut swapped = 0;
    for moment in moments(build_time, 6) {
        let next = 1 - current;
        let mut child = site.spawn_build(urls[next], &public);
        std::thread::sleep(moment);
        let _ = child.kill();
        let _ = child.wait();
        let now = tree(&public);
        let which = references.iter().position(|r| *r == now);
        let Some(which) = which else {
            panic!("killed after {moment:?}: the output is neither the old nor the new site");
        };
        swapped += usize::from(which != current);
        current = which;
    }
    eprintln!("builds killed at 6 moments; {swapped} had swapped the new site in");
    site.build(urls[0], &public);
    assert_eq!(tree(&public), references[0]);
    assert_no_leftovers(&public);
}

#[cfg(unix)]
#[test]
fn a_terminated_or_interrupted_build_removes_its_staging_folder() {
    let Some(site) = GeneratedSite::new() else {
        return;
    };
    let public = site.path("public");
    site.build("https://a.example.org/", &public);
    let old = tree(&public);
    for signal in ["TERM", "INT", "HUP"] {
        let child = site.spawn_build("https://b.example.org/", &public);
        let staging_seen = wait_for_staging(&public, Duration::from_secs(20));
        assert!(staging_seen, "the build made no staging folder");
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status()
            .expect("run kill");
        assert!(status.success());
        let result = child.wait_with_output().expect("wait");
        assert_eq!(
            result.status.code(),
            Some(130),
            "SIG{signal}: {}",
            String::from_utf8_lossy(&result.stderr)
        );
        assert_no_leftovers(&public);
        assert_eq!(tree(&public), old, "SIG{signal}: the old site stays");
    }
}

fn wait_for_staging(output: &Path, limit: Duration) -> bool {
    let parent = output.parent().expect("parent");
    let started = Instant::now();
    while started.elapsed() < limit {
        let found = std::fs::read_dir(parent)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(".public.new-"));
        if found {
            return true;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    false
}
