//! One integration test binary (as mdBook, ripgrep and just do): the harness in this file,
//! the tests in a module per concern. See tests/README.md.

mod actor_goals;
mod addressees;
mod annual_report;
mod author_mistakes;
mod authoring;
mod authors_own_plan;
mod bench_corpus;
mod build;
mod cli;
mod cli_words;
mod diagnostics;
mod faithful;
mod feeds;
mod filter_counts;
mod footnotes;
mod hostile;
mod hostile_input;
mod hostile_review;
mod indexes;
mod judged_mistakes;
mod judged_slips;
mod lineage;
mod link_titles;
mod member_pages;
mod members;
mod module_graph;
mod numbered_paragraphs;
mod open_data;
mod output;
mod page_weight;
mod pasted_lists;
mod polish;
mod robustness;
mod search;
mod search_forms;
mod search_labels;
mod search_passages;
mod serve;
mod serve_browser;
mod serve_http;
mod serve_limits;
mod serve_signals;
mod serve_site_links;
mod serve_watch;
mod site_checks;
mod template_regions;
mod templates;
mod theme_update;
mod trace_diagram;
mod unmarked_lists;
mod yearly_pages;

use std::path::{Path, PathBuf};

use planpress::build::{Build, BuildOptions, Pipeline};
use planpress::error::BuildFailure;

/// The repository root, where the bundled example lives.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A site copied into a temporary folder, so tests can edit it freely.
pub struct TestSite {
    dir: tempfile::TempDir,
}

impl TestSite {
    /// The small fixture site of tests/fixtures/site, with the default theme.
    pub fn fixture() -> TestSite {
        TestSite::copy_of(&repo_root().join("tests/fixtures/site"))
    }

    /// The bundled example: the five seed documents.
    pub fn example() -> TestSite {
        TestSite::copy_of(&repo_root())
    }

    /// A folder with only the default theme, for a test to put a site into.
    pub fn empty() -> TestSite {
        TestSite::copy_of(&repo_root().join("themes"))
    }

    fn copy_of(source: &Path) -> TestSite {
        let dir = tempfile::tempdir().expect("create a temporary folder");
        for part in ["site.toml", "content", "templates", "static"] {
            let from = source.join(part);
            if from.exists() {
                copy_recursively(&from, &dir.path().join(part));
            }
        }
        copy_recursively(
            &repo_root().join("themes/default"),
            &dir.path().join("themes/default"),
        );
        TestSite { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: impl AsRef<[u8]>) -> &Self {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folders");
        std::fs::write(path, text).expect("write a test file");
        self
    }

    /// `from` replaced by `to` in the file `rel`, once; a test whose edit no longer applies
    /// fails here rather than testing the unedited site.
    #[track_caller]
    pub fn replace_once(self, rel: &str, from: &str, to: &str) -> Self {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} no longer holds {from:?}");
        self.write(rel, text.replacen(from, to, 1));
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn options(&self) -> BuildOptions {
        BuildOptions::new(self.root())
    }

    /// Runs the pipeline in memory.
    pub fn run(&self) -> Result<Build, BuildFailure> {
        Pipeline::load(&self.options())?.run()
    }

    /// Runs the pipeline and expects success.
    pub fn build(&self) -> Build {
        match self.run() {
            Ok(build) => build,
            Err(failure) => panic!(
                "build failed:\n{}",
                render_diagnostics(&failure.diagnostics())
            ),
        }
    }

    /// Runs the pipeline, expects failure, and returns the diagnostics as the user sees them,
    /// with the temporary folder's path removed.
    pub fn errors(&self) -> String {
        match self.run() {
            Ok(_) => panic!("the build succeeded, but errors were expected"),
            Err(failure) => render_diagnostics(&failure.diagnostics())
                .replace(&self.root().display().to_string(), "[SITE]"),
        }
    }

    /// [`TestSite::errors`] in `lang`, as the terminal and the overlay show them.
    pub fn errors_in(&self, lang: planpress::diagnostic::Lang) -> String {
        match self.run() {
            Ok(_) => panic!("the build succeeded, but errors were expected"),
            Err(failure) => {
                planpress::diagnostic::render_diagnostics_in(&failure.diagnostics(), lang)
                    .replace(&self.root().display().to_string(), "[SITE]")
            }
        }
    }

    /// Runs the pipeline, expects success, and returns its warnings in `lang` as the user
    /// sees them, with the temporary folder's path removed.
    pub fn warnings_in(&self, lang: planpress::diagnostic::Lang) -> String {
        planpress::diagnostic::render_diagnostics_in(&self.build().warnings, lang)
            .replace(&self.root().display().to_string(), "[SITE]")
    }

    /// The output file at `path`, from a build.
    pub fn page<'a>(build: &'a Build, path: &str) -> &'a str {
        let file = build
            .outputs
            .iter()
            .find(|o| o.path == path)
            .unwrap_or_else(|| panic!("no output {path}"));
        std::str::from_utf8(&file.bytes).expect("pages are UTF-8")
    }
}

pub fn render_diagnostics(diagnostics: &[planpress::diagnostic::Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Snapshots a site's errors in English and, as `…@sv.snap`, in Swedish (issue #18).
#[macro_export]
macro_rules! assert_messages {
    ($site:expr) => {{
        let site = &$site;
        insta::assert_snapshot!(site.errors());
        insta::with_settings!({ snapshot_suffix => "sv" }, {
            insta::assert_snapshot!(site.errors_in(planpress::diagnostic::Lang::Sv));
        });
    }};
}

/// [`assert_messages!`] for a site that builds with warnings: a warning does not fail the
/// build, so there are no errors to snapshot.
#[macro_export]
macro_rules! assert_warnings {
    ($site:expr) => {{
        let site = &$site;
        insta::assert_snapshot!(site.warnings_in(planpress::diagnostic::Lang::En));
        insta::with_settings!({ snapshot_suffix => "sv" }, {
            insta::assert_snapshot!(site.warnings_in(planpress::diagnostic::Lang::Sv));
        });
    }};
}

/// Runs the planpress binary in `site`'s folder with `args`, in English: whether it
/// succeeded, and what it printed on stdout and stderr.
pub fn run_cli(site: &TestSite, args: &[&str]) -> (bool, String, String) {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
        .args(["--lang", "en"])
        .args(args)
        .current_dir(site.root())
        .output()
        .expect("run planpress");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The `<main>` element of a page: what a snapshot compares, so changes to the chrome
/// around it (header, footer) do not churn every snapshot.
pub fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main> element");
    let end = html.find("</main>").expect("a closing </main>") + "</main>".len();
    &html[start..end]
}

pub fn copy_recursively(from: &Path, to: &Path) {
    if from.is_file() {
        std::fs::create_dir_all(to.parent().expect("parent")).expect("create folder");
        std::fs::copy(from, to).expect("copy file");
        return;
    }
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let rel = entry.path().strip_prefix(from).expect("inside");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else if entry.file_type().is_file() {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}
