//! The command line's own words (`--help`, a mistyped command or flag) in the language of
//! the messages: Swedish by default, English with `--lang en` wherever it stands or with
//! `messages = "en"` in the site's site.toml.

use std::process::{Command, Output};

use crate::TestSite;

/// `planpress args…` run in `dir`, its exit code and what it printed (stdout then stderr).
fn run_in(dir: &std::path::Path, args: &[&str]) -> (Option<i32>, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = Command::new(env!("CARGO_BIN_EXE_planpress"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run planpress");
    let printed = format!(
        "{}{}",
        String::from_utf8_lossy(&stdout),
        String::from_utf8_lossy(&stderr)
    );
    (status.code(), printed)
}

/// Run outside any site, so that no site.toml picks the language.
fn run(args: &[&str]) -> (Option<i32>, String) {
    let empty = tempfile::tempdir().expect("a temporary folder");
    run_in(empty.path(), args)
}

#[test]
fn the_help_is_swedish_by_default_and_english_when_asked() {
    let (code, help) = run(&["--help"]);
    assert_eq!(code, Some(0));
    insta::assert_snapshot!("help_sv", help);
    let (_, help) = run(&["--help", "--lang", "en"]);
    insta::assert_snapshot!("help_en", help);
    let (code, build_help) = run(&["build", "--help"]);
    assert_eq!(code, Some(0));
    insta::assert_snapshot!("build_help_sv", build_help);
    // `--lang` after the subcommand and after `--help` still decides the help's language.
    let (_, build_help) = run(&["build", "--help", "--lang=en"]);
    insta::assert_snapshot!("build_help_en", build_help);
}

#[test]
fn a_misspelt_command_is_said_in_the_authors_language_with_the_nearest_one() {
    let (code, message) = run(&["buidl"]);
    assert_eq!(code, Some(2), "a usage error exits 2, as clap's own did");
    insta::assert_snapshot!("misspelt_command_sv", message);
    let (code, message) = run(&["buidl", "--lang", "en"]);
    assert_eq!(code, Some(2));
    insta::assert_snapshot!("misspelt_command_en", message);
}

#[test]
fn a_misspelt_flag_and_a_missing_argument_are_said_in_swedish() {
    let (code, message) = run(&["build", "--outptu", "x"]);
    assert_eq!(code, Some(2));
    assert!(
        message.starts_with("fel: oväntat argument `--outptu`\n")
            && message.contains("hjälp: menade du `--output`?")
            && message.contains("Användning: planpress build [FLAGGOR]")
            && message.contains("Mer information: planpress build --help"),
        "{message}"
    );
    let (code, message) = run(&["new", "plan"]);
    assert_eq!(code, Some(2));
    assert!(
        message.starts_with("fel: det här saknas: `<FIL>`"),
        "{message}"
    );
    let (code, message) = run(&["check", "--lang", "fi"]);
    assert_eq!(code, Some(2));
    assert!(
        message.contains("ogiltigt värde `fi` för `--lang <SPRÅK>`")
            && message.contains("giltiga värden: `sv`, `en`"),
        "{message}"
    );
}

/// A site whose messages are English gets the command line in English too, found by
/// `--root` or by the folder planpress runs in; `--lang` still wins.
#[test]
fn the_sites_messages_setting_decides_the_command_lines_language() {
    let site = TestSite::fixture();
    let config = site.read("site.toml");
    site.write("site.toml", format!("messages = \"en\"\n{config}"));
    let (_, message) = run_in(site.root(), &["buidl"]);
    assert!(
        message.starts_with("error: unknown command `buidl`"),
        "{message}"
    );
    let root = site.root().display().to_string();
    let (_, help) = run(&["--root", &root, "check", "--help"]);
    assert!(help.contains("Usage: planpress check [OPTIONS]"), "{help}");
    let (_, help) = run_in(site.root(), &["check", "--help", "--lang", "sv"]);
    assert!(
        help.contains("Användning: planpress check [FLAGGOR]"),
        "{help}"
    );
}
