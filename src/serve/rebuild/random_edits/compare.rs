//! One sequence of the random-edit test: the fixture site copied, then after each edit the
//! model synced to disk, the change rebuilt by one [`Rebuilder`] and compared with a fresh
//! `planpress build` of the same files: the served folder byte for byte, the pages already
//! when the index pages' phase is reported, or the errors when the step breaks the site.

use std::path::Path;

use super::edits::edit;
use super::model::{Model, Rng, sync};
use crate::build::{BuildOptions, Part};
use crate::error::BuildFailure;
use crate::serve::rebuild::Rebuilder;
use crate::serve::rebuild::tests::folder;
use crate::serve::watch::{ChangeKind, classify_changes};

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let target = to.join(entry.path().strip_prefix(from).expect("under"));
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

pub(super) fn run_sequence(seed: u64, steps: usize) {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = copy_fixture(dir.path());
    let served = dir.path().join("served");
    std::fs::create_dir_all(&served).expect("mkdir");
    let options = BuildOptions {
        base_url: Some("http://127.0.0.1:1111".into()),
        ..BuildOptions::new(&root)
    };
    let mut model = Model::load(&root);
    let mut on_disk = model.files.clone();
    let mut rebuilder = Rebuilder::new(options.clone(), served.clone());
    let mut rng = Rng(seed);
    let mut changes = vec![ChangeKind::Config];
    let mut what = "the first build".to_string();
    let mut failed = false;
    let mut log = Vec::new();
    for step in 0..=steps {
        if step > 0 {
            what = edit(&mut rng, &mut model, failed);
            let touched = sync(&root, &model, &mut on_disk);
            changes = classify_changes(&root, &touched);
        }
        log.push(format!("{step}: {what}"));
        let context = || format!("seed {seed}, step {step}: {what}\n{}", log.join("\n"));
        let fresh = dir.path().join("fresh");
        let _ = std::fs::remove_dir_all(&fresh);
        let built = crate::build::build_site(&BuildOptions {
            output: Some(fresh.clone()),
            ..options.clone()
        });
        let mut pages_checked = false;
        let rebuilt = rebuilder.rebuild(&changes, &mut |phase| {
            if phase.part == Part::IndexPages {
                // The index pages are all there before the data files are: every page is
                // the build's, though a page no longer made may still be there.
                assert_same_pages(&served, &fresh, &context);
                pages_checked = true;
            }
        });
        // Pages written and then links found broken: a failure, as `planpress build`'s.
        let rebuilt = rebuilt.and_then(|rebuilt| match rebuilt.errors.is_empty() {
            true => Ok(rebuilt),
            false => Err(BuildFailure::Content(rebuilt.errors)),
        });
        if step > 0
            && !failed
            && rebuilt.is_ok()
            && !changes.is_empty()
            && changes.iter().all(|c| matches!(c, ChangeKind::Content(_)))
        {
            assert!(
                pages_checked,
                "{}\na content rebuild reports its index pages: {changes:?}",
                context()
            );
        }
        let outcome = compare(rebuilt, built, &served, &fresh, &context);
        failed = outcome.is_some();
        match outcome {
            None => model.last_good = model.files.clone(),
            Some(first) => log.push(format!("   failed: {first:?}")),
        }
    }
}

/// The fixture site and the default theme copied under `dir`, with a site's own
/// organisation template that shows the member organisations' counts of documents (which
/// the default theme leaves out: a site's template may show whatever the context holds).
/// Returns the site's root.
fn copy_fixture(dir: &Path) -> std::path::PathBuf {
    let root = dir.join("site");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("tests/fixtures/site"), &root);
    copy_dir(&repo.join("themes/default"), &root.join("themes/default"));
    let organization_page = root.join("themes/default/templates/organization.html");
    let template = std::fs::read_to_string(&organization_page).expect("read");
    let counted = template.replace(
        "{{ child.name }}</a>",
        "{{ child.name }}</a> ({{ child.document_count }})",
    );
    assert_ne!(
        template, counted,
        "the template lists the member organisations"
    );
    std::fs::write(&organization_page, counted).expect("write");
    root
}

/// Holds a step's rebuild to the fresh build: the same served folder when both succeed,
/// the same errors when both fail. Returns the first error's message when they failed.
fn compare<T, U>(
    rebuilt: Result<T, BuildFailure>,
    built: Result<U, BuildFailure>,
    served: &Path,
    fresh: &Path,
    context: &dyn Fn() -> String,
) -> Option<Option<String>> {
    match (rebuilt, built) {
        (Ok(_), Ok(_)) => {
            let (got, want) = (folder(served), folder(fresh));
            if got != want {
                let differ: std::collections::BTreeSet<&String> = want
                    .keys()
                    .chain(got.keys())
                    .filter(|p| got.get(*p) != want.get(*p))
                    .collect();
                panic!("{}\nthe served folder differs in {differ:?}", context());
            }
            None
        }
        (Err(got), Err(want)) => {
            assert_eq!(
                got.diagnostics(),
                want.diagnostics(),
                "{}\nthe errors differ",
                context()
            );
            Some(got.diagnostics().into_iter().next().map(|d| d.message))
        }
        (got, want) => panic!(
            "{}\nthe rebuild {} but the build {}",
            context(),
            describe(&got.map(|_| ())),
            describe(&want.map(|_| ()))
        ),
    }
}

/// Every page (`.html`) of `fresh` is in `served` with the same bytes.
fn assert_same_pages(served: &Path, fresh: &Path, context: &dyn Fn() -> String) {
    let (got, want) = (folder(served), folder(fresh));
    let stale: Vec<&String> = want
        .iter()
        .filter(|(path, bytes)| path.ends_with(".html") && got.get(*path) != Some(*bytes))
        .map(|(path, _)| path)
        .collect();
    assert!(
        stale.is_empty(),
        "{}\nafter the index pages phase, pages differ from the build's: {stale:?}",
        context()
    );
}

fn describe(result: &Result<(), BuildFailure>) -> String {
    match result {
        Ok(()) => "succeeded".into(),
        Err(failure) => format!("failed: {:?}", failure.diagnostics()),
    }
}
