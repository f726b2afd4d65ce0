//! `build --output`: what a build may replace, and that the site is never lost (#17).
//! The kill, signal, full-disk and mount-point tests are in `output/`.

mod kill;
mod mounts;

use std::path::Path;
use std::process::{Command, Output};

use planpress::output::MANIFEST;

use crate::TestSite;

/// The binary, speaking English: these tests read its messages (the Swedish default is
/// tested by `messages_are_swedish_unless_asked_otherwise`).
fn planpress() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_planpress"));
    command.args(["--lang", "en"]);
    command
}

/// `planpress build ARGS` run in the site's folder.
fn build(site: &TestSite, args: &[&str]) -> Output {
    planpress()
        .arg("build")
        .args(args)
        .current_dir(site.root())
        .output()
        .expect("run planpress")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[track_caller]
fn assert_built(output: &Output) {
    assert!(output.status.success(), "{}", stderr(output));
}

/// The build failed with one refusal naming `path`, and wrote nothing.
#[track_caller]
fn assert_refused(output: &Output, path: &Path, why: &str) {
    assert_eq!(output.status.code(), Some(1), "{}", stderr(output));
    let text = stderr(output);
    let path = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let expected = format!("refusing to write the site to {}: {why}", path.display());
    assert!(
        text.contains(&expected),
        "expected `{expected}` in:\n{text}"
    );
    assert!(text.contains("failed with 1 error;"), "{text}");
}

/// No staging or old-site folder of a build beside `output`.
#[track_caller]
pub fn assert_no_leftovers(output: &Path) {
    let name = output.file_name().expect("a name").to_string_lossy();
    let parent = output.parent().expect("a parent");
    let leftovers: Vec<String> = std::fs::read_dir(parent)
        .expect("read the output's folder")
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&format!(".{name}.")))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn a_folder_with_a_users_file_is_refused_and_the_file_kept() {
    let site = TestSite::fixture();
    site.write("docs/notes.txt", "my notes");
    let output = build(&site, &["--output", "docs"]);
    assert_refused(&output, &site.path("docs"), "it is not empty and planpress");
    assert!(
        stderr(&output).contains("(notes.txt)"),
        "{}",
        stderr(&output)
    );
    assert_eq!(site.read("docs/notes.txt"), "my notes");
    assert_no_leftovers(&site.path("docs"));
}

/// A district's staff read the refusal in Swedish by default: every reason is in the
/// catalogue, none is English inside a Swedish message.
#[test]
fn refusals_are_in_swedish_by_default() {
    let site = TestSite::fixture();
    site.write("docs/a.txt", "a");
    site.write("docs/b.txt", "b");
    site.write("docs/c.txt", "c");
    site.write("docs/d.txt", "d");
    site.write("afile", "a file");
    let swedish = |args: &[&str]| {
        let output = Command::new(env!("CARGO_BIN_EXE_planpress"))
            .arg("build")
            .args(args)
            .current_dir(site.root())
            .output()
            .expect("run planpress");
        assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
        stderr(&output)
    };
    let cases = [
        (
            swedish(&["--output", "docs"]),
            "den är inte tom och planpress skrev den inte",
        ),
        (
            swedish(&["--output", "docs"]),
            "(a.txt, b.txt, c.txt och 1 till)",
        ),
        (swedish(&["--output", "."]), "den är webbplatsens mapp"),
        // The words an author reads, not the English's order: "a folder such as", "from
        // before … existed".
        (swedish(&["--output", "."]), "välj en annan mapp, t.ex. "),
        (
            swedish(&["--output", "docs"]),
            "Är det utdata från en äldre planpress, från innan .planpress-manifest fanns, så \
             bygg en gång med --force",
        ),
        (
            swedish(&["--output", "content/x"]),
            "den ligger i webbplatsens mapp",
        ),
        (
            swedish(&["--output", ".."]),
            "den innehåller webbplatsens mapp",
        ),
        (
            swedish(&["--output", "afile"]),
            "den är en fil, inte en mapp",
        ),
    ];
    for (text, expected) in cases {
        assert!(text.contains("vägrar skriva webbplatsen till"), "{text}");
        assert!(text.contains(expected), "expected `{expected}` in:\n{text}");
        for english in ["it is", "it holds", "a build would", "and 1 more", "choose"] {
            assert!(!text.contains(english), "English `{english}` in:\n{text}");
        }
    }
}

#[test]
fn the_sites_own_folders_are_refused_even_with_force() {
    let site = TestSite::fixture();
    let parent = site.root().parent().expect("a parent").to_path_buf();
    let cases = [
        ("content", site.path("content"), "it is the site's folder"),
        ("content/new", site.path("content/new"), "it is inside"),
        (".", site.root().to_path_buf(), "it is the site's folder"),
        ("..", parent.clone(), "it holds the site's folder"),
    ];
    for (arg, path, why) in cases {
        for force in [&[][..], &["--force"][..]] {
            let output = build(&site, &[&["--output", arg][..], force].concat());
            assert_refused(&output, &path, why);
        }
    }
    assert!(site.path("site.toml").is_file());
    assert!(site.path("content/forening/plan.md").is_file());
    assert!(!site.path("content/new").exists());
}

#[test]
fn a_file_is_refused_and_replaced_only_with_force() {
    let site = TestSite::fixture();
    site.write("out", "a file");
    let output = build(&site, &["--output", "out"]);
    assert_refused(&output, &site.path("out"), "it is a file, not a folder");
    assert_eq!(site.read("out"), "a file");
    assert_built(&build(&site, &["--output", "out", "--force"]));
    assert!(site.path("out/index.html").is_file());
    assert_no_leftovers(&site.path("out"));
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_is_refused_and_its_target_kept() {
    let site = TestSite::fixture();
    site.write("elsewhere/keep.txt", "kept");
    std::os::unix::fs::symlink(site.path("elsewhere"), site.path("out")).expect("symlink");
    let output = build(&site, &["--output", "out"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stderr(&output);
    assert!(text.contains("it is a symbolic link"), "{text}");
    assert_eq!(site.read("elsewhere/keep.txt"), "kept");
    assert!(site.path("out").is_symlink());
    assert_built(&build(&site, &["--output", "out", "--force"]));
    assert!(!site.path("out").is_symlink(), "--force replaced the link");
    assert_eq!(site.read("elsewhere/keep.txt"), "kept", "not its target");
}

#[test]
fn an_empty_folder_is_written_and_planpress_output_replaced() {
    let site = TestSite::fixture();
    std::fs::create_dir(site.path("out")).expect("mkdir");
    assert_built(&build(&site, &["--output", "out"]));
    assert!(site.path("out").join(MANIFEST).is_file());
    assert!(site.path("out/forening/plan/index.html").is_file());
    // A document added, then removed: the next build replaces the whole folder, and the
    // removed document's page goes with it.
    site.write(
        "content/forening/extra.md",
        "+++\ntitle = \"Extra\"\nkind = \"plan\"\norganization = \"forening\"\n\
         topics = [\"klimat\"]\n+++\n\nText.\n",
    );
    assert_built(&build(&site, &["--output", "out"]));
    assert!(site.path("out/forening/extra/index.html").is_file());
    std::fs::remove_file(site.path("content/forening/extra.md")).expect("remove");
    assert_built(&build(&site, &["--output", "out"]));
    assert!(!site.path("out/forening/extra/index.html").exists());
    assert!(site.path("out/forening/plan/index.html").is_file());
    assert_no_leftovers(&site.path("out"));
}

#[test]
fn a_file_added_to_planpress_output_is_refused_until_forced() {
    let site = TestSite::fixture();
    assert_built(&build(&site, &[]));
    site.write("public/CNAME", "plans.example.org");
    let output = build(&site, &[]);
    assert_refused(
        &output,
        &site.path("public"),
        "it holds files planpress did not write",
    );
    assert!(stderr(&output).contains("(CNAME)"), "{}", stderr(&output));
    assert!(stderr(&output).contains("static/"), "{}", stderr(&output));
    assert_eq!(site.read("public/CNAME"), "plans.example.org");
    assert_built(&build(&site, &["--force"]));
    assert!(!site.path("public/CNAME").exists());
    assert_built(&build(&site, &[]));
}

#[test]
fn force_replaces_a_users_folder() {
    let site = TestSite::fixture();
    site.write("docs/notes.txt", "my notes");
    assert_built(&build(&site, &["--output", "docs", "--force"]));
    assert!(!site.path("docs/notes.txt").exists());
    assert!(site.path("docs/index.html").is_file());
    assert_no_leftovers(&site.path("docs"));
}

/// A process id that is not running: a child that has exited and been reaped.
fn finished_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("spawn true");
    let pid = child.id();
    child.wait().expect("wait");
    pid
}

#[test]
fn leftovers_of_killed_builds_go_and_a_running_builds_stay() {
    let site = TestSite::fixture();
    assert_built(&build(&site, &[]));
    let dead = finished_pid();
    let mut alive = Command::new("sleep")
        .arg("60")
        .spawn()
        .expect("spawn sleep");
    let killed_staging = format!(".public.new-{dead}-aB12cD");
    let killed_old = format!(".public.old-{dead}");
    let running_staging = format!(".public.new-{}-xY34zW", alive.id());
    let not_ours = format!(".public.old-{}", dead.wrapping_add(1_000_000));
    site.write(&format!("{killed_staging}/.planpress-staging"), "");
    site.write(&format!("{killed_staging}/index.html"), "half");
    site.write(
        &format!("{killed_old}/{MANIFEST}"),
        r#"{"generator":"planpress","files":[]}"#,
    );
    site.write(&format!("{running_staging}/.planpress-staging"), "");
    site.write(&format!("{not_ours}/notes.txt"), "someone's");
    assert_built(&build(&site, &[]));
    assert!(!site.path(&killed_staging).exists());
    assert!(!site.path(&killed_old).exists());
    assert!(
        site.path(&running_staging).exists(),
        "a running build's folder stays"
    );
    assert!(
        site.path(&not_ours).join("notes.txt").exists(),
        "unmarked: not ours"
    );
    let _ = alive.kill();
    let _ = alive.wait();
}

#[test]
fn a_site_left_aside_by_a_killed_build_is_put_back() {
    let site = TestSite::fixture();
    assert_built(&build(&site, &[]));
    let old = site.path(&format!(".public.old-{}", finished_pid()));
    std::fs::rename(site.path("public"), &old).expect("move the site aside");
    // This build fails on the content, after the site was put back.
    site.write("content/forening/broken.md", "+++\ntitle = \n+++\n");
    let output = build(&site, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(site.path("public/forening/plan/index.html").is_file());
    assert!(!old.exists());
}
