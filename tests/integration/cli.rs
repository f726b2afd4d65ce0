//! The binary as users run it.

use std::process::Command;

use crate::TestSite;

/// The binary, speaking English: these tests read its messages (the Swedish default is
/// tested by `messages_are_swedish_unless_asked_otherwise`).
fn planpress() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_planpress"));
    command.args(["--lang", "en"]);
    command
}

#[test]
fn build_prints_a_one_line_summary_and_writes_public() {
    let site = TestSite::fixture();
    let output = planpress()
        .args(["build"])
        .current_dir(site.root())
        .output()
        .expect("run planpress");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(stdout.starts_with("Built 6 documents, "), "{stdout}");
    assert!(site.path("public/forening/plan/index.html").exists());
}

#[test]
fn build_with_output_and_base_url() {
    let site = TestSite::fixture();
    let out = site.path("ut");
    let output = planpress()
        .args([
            "--root",
            &site.root().display().to_string(),
            "build",
            "--output",
            &out.display().to_string(),
            "--base-url",
            "http://localhost:8000/",
        ])
        .output()
        .expect("run planpress");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let plan =
        std::fs::read_to_string(out.join("forening/plan/index.html")).expect("the plan page");
    assert!(
        plan.contains("href=\"/css/style.css\""),
        "base path is empty for a root base_url"
    );
}

/// An address typed without its scheme on the command line is reported as the flag's, not
/// at the first line of site.toml, where nothing is wrong.
#[test]
fn a_base_url_flag_without_its_scheme_is_the_flags_error() {
    let site = TestSite::fixture();
    let output = planpress()
        .args(["--root", &site.root().display().to_string()])
        .args(["build", "--base-url", "127.0.0.1:8000"])
        .output()
        .expect("run planpress");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("base_url `127.0.0.1:8000` must start with http:// or https://"),
        "{stderr}"
    );
    assert!(stderr.contains("came from `--base-url`"), "{stderr}");
    assert!(!stderr.contains("-->"), "no place in a file: {stderr}");
}

#[test]
fn check_exits_1_and_lists_every_error() {
    let site = TestSite::fixture();
    site.write(
        "content/forening/plan.md",
        "+++\ntitle = \"P\"\nkind = \"plan\"\norganization = \"x\"\ntopics = [\"y\"]\n+++\n",
    );
    let output = planpress()
        .arg("check")
        .current_dir(site.root())
        .output()
        .expect("run planpress");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("unknown organization `x`"), "{stderr}");
    assert!(stderr.contains("unknown topic `y`"), "{stderr}");
    assert!(!site.path("public").exists(), "check writes nothing");
}

#[test]
fn init_creates_a_site_that_builds_and_new_adds_a_document() {
    let parent = tempfile::tempdir().expect("tempdir");
    let dir = parent.path().join("ny");
    let output = planpress()
        .args(["init", &dir.display().to_string()])
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let output = planpress()
        .args(["new", "report", "forening/rapport-2024"])
        .current_dir(&dir)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.join("content/forening/rapport-2024.md").exists());
    let output = planpress()
        .args(["build", "--drafts"])
        .current_dir(&dir)
        .output()
        .expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(dir.join("public/forening/rapport-2024/index.html").exists());
    let again = planpress()
        .args(["init", &dir.display().to_string()])
        .output()
        .expect("run");
    assert_eq!(
        again.status.code(),
        Some(1),
        "init refuses to overwrite a site"
    );
}

/// Messages are Swedish by default (issue #18), English with `--lang en` or `messages = "en"`
/// in site.toml, and `--lang` wins over site.toml. The codes are the same in both.
#[test]
fn messages_are_swedish_unless_asked_otherwise() {
    let site = TestSite::fixture();
    site.write(
        "content/forening/plan.md",
        "+++\ntitle = \"P\"\nkind = \"plan\"\norganization = \"x\"\n+++\n",
    );
    let check = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_planpress"))
            .args(args)
            .arg("check")
            .current_dir(site.root())
            .output()
            .expect("run planpress");
        assert_eq!(output.status.code(), Some(1));
        String::from_utf8_lossy(&output.stderr).into_owned()
    };
    let swedish = check(&[]);
    assert!(
        swedish.contains("fel[E013]: okänd organisation `x`"),
        "{swedish}"
    );
    assert!(
        swedish.contains("fel: bygget misslyckades med 1 fel; inget skrevs"),
        "{swedish}"
    );
    let english = check(&["--lang", "en"]);
    assert!(
        english.contains("error[E013]: unknown organization `x`"),
        "{english}"
    );
    let config = site.read("site.toml");
    site.write("site.toml", format!("messages = \"en\"\n{config}"));
    assert!(check(&[]).contains("error[E013]: unknown organization"));
    assert!(check(&["--lang", "sv"]).contains("fel[E013]: okänd organisation"));
    let new = Command::new(env!("CARGO_BIN_EXE_planpress"))
        .args(["--lang", "sv", "new", "plan", "forenin/plan-2024"])
        .current_dir(site.root())
        .output()
        .expect("run planpress");
    let stderr = String::from_utf8_lossy(&new.stderr);
    assert!(
        stderr.contains("fel[E106]: okänd organisation `forenin`")
            && stderr.contains("menade du `forening`?"),
        "{stderr}"
    );
    site.write("site.toml", format!("messages = \"fi\"\n{config}"));
    let wrong = check(&["--lang", "en"]);
    assert!(
        wrong.contains("error[E076]: `messages` must be `sv` or `en`, not `fi`"),
        "{wrong}"
    );
}

/// `planpress new plan content/forening/plan.md`, the path as a shell completes it from the
/// site's folder, was refused as an unknown organisation `content` (E106); the file now goes
/// where the author pointed, written with `./`, `content/` or as the whole path.
#[test]
fn new_takes_a_path_written_from_the_sites_folder() {
    let site = TestSite::fixture();
    let whole = site
        .path("content/forening/plan-c.md")
        .display()
        .to_string();
    for (written, made) in [
        ("content/forening/plan-a.md", "content/forening/plan-a.md"),
        ("./content/forening/plan-b", "content/forening/plan-b.md"),
        (whole.as_str(), "content/forening/plan-c.md"),
    ] {
        let output = planpress()
            .args(["new", "plan", written])
            .current_dir(site.root())
            .output()
            .expect("run planpress");
        assert!(
            output.status.success(),
            "{written}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(site.path(made).is_file(), "{written} made {made}");
        assert!(site.read(made).contains("organization = \"forening\""));
    }
}

/// `planpress new plan plan.md`, with no organisation's folder, was put under the default
/// organisation `forening` (or refused as the unknown organisation `forening` on a site
/// without one, a name the author never wrote): it is E159, naming the site's organisations
/// and writing nothing.
#[test]
fn new_without_an_organisations_folder_names_the_organisations() {
    let site = TestSite::fixture();
    let existing = site.read("content/forening/plan.md");
    for written in ["plan.md", "content/plan.md"] {
        let output = planpress()
            .args(["new", "plan", written])
            .current_dir(site.root())
            .output()
            .expect("run planpress");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{written}: {stderr}");
        assert!(
            stderr.contains("error[E159]: `plan.md` is in no organisation's folder")
                && stderr.contains("partiet, distrikt, forening, lokal"),
            "{written}: {stderr}"
        );
        assert!(!site.path("content/plan.md").exists());
        assert_eq!(site.read("content/forening/plan.md"), existing);
    }
}
