//! The external checkers: whether each is installed (a test without its tool is skipped,
//! or fails under `PLANPRESS_REQUIRE_TOOLS=1`), one run at a time with a time limit and
//! its output captured, and that output reported as the test's failure.

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use super::artifacts_dir;

/// The external checkers use both cores; run them one at a time.
static HEAVY: Mutex<()> = Mutex::new(());

pub(super) fn heavy_lock() -> std::sync::MutexGuard<'static, ()> {
    HEAVY
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn require_tools() -> bool {
    std::env::var("PLANPRESS_REQUIRE_TOOLS").is_ok_and(|v| v.trim() == "1")
}

/// Returns `true` when the test should go on; otherwise reports the skip
/// (or panics under `PLANPRESS_REQUIRE_TOOLS=1`).
pub(super) fn tool_available(tool: &str, present: bool, hint: &str) -> bool {
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

pub(super) fn runs_ok(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// `$CHROMIUM` or `$CHROMIUM_PATH`, else Debian's /usr/bin/chromium, else the PATH.
pub(super) fn chromium_path() -> PathBuf {
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

pub(super) struct Output {
    pub(super) status: Option<i32>,
    pub(super) stdout: String,
    pub(super) stderr: String,
    pub(super) timed_out: bool,
}

/// Runs a command with a time limit, capturing its output.
pub(super) fn run(cmd: &mut Command, limit: Duration) -> Output {
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

/// Prints a checker's whole output and panics with its failure lines.
pub(super) fn report(check: &str, out: &Output, failure_prefixes: &[&str]) {
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
