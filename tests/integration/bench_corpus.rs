//! The benchmark's corpus generator (bench/gen_corpus.py): the numbers in the README are
//! only worth something if the corpus is valid input for every tool it is written for.
//! planpress must build it without a warning; the Hugo and Zola forms must link only to
//! pages and anchors that exist there (Zola fails its build otherwise; Hugo and Zola
//! themselves are not installed for the tests). Needs Python 3.11+; without it the tests
//! say SKIPPED and pass, unless PLANPRESS_REQUIRE_TOOLS=1.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use regex::Regex;

use crate::{TestSite, copy_recursively, repo_root};

const DOCS: usize = 60;

fn python_available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import tomllib"])
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return true;
    }
    if std::env::var("PLANPRESS_REQUIRE_TOOLS").as_deref() == Ok("1") {
        panic!("PLANPRESS_REQUIRE_TOOLS=1 but python3 (3.11+, with tomllib) is missing");
    }
    eprintln!("\n=====================================================================");
    eprintln!("SKIPPED: python3 3.11+ not found; bench/gen_corpus.py is not tested");
    eprintln!("=====================================================================");
    false
}

/// Runs the generator into `out` and returns `out`.
fn generate(format: &str, seed: &str, out: &Path) -> PathBuf {
    let status = Command::new("python3")
        .arg(repo_root().join("bench/gen_corpus.py"))
        .args([
            "--docs",
            &DOCS.to_string(),
            "--seed",
            seed,
            "--format",
            format,
        ])
        .arg("--out")
        .arg(out)
        .status()
        .expect("run bench/gen_corpus.py");
    assert!(status.success(), "gen_corpus.py --format {format} failed");
    out.to_path_buf()
}

/// The corpus in `format` with seed 1, in a folder that lives as long as the returned
/// guard; `None` (after saying so) when Python is missing.
fn generated(format: &str) -> Option<(tempfile::TempDir, PathBuf)> {
    if !python_available() {
        return None;
    }
    let scratch = tempfile::tempdir().expect("temporary folder");
    let site = generate(format, "1", &scratch.path().join(format));
    Some((scratch, site))
}

/// Every file under `root`, by path relative to it.
fn tree(root: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(root)
                .expect("inside")
                .to_string_lossy();
            (rel.into_owned(), std::fs::read(e.path()).expect("read"))
        })
        .collect()
}

/// The Markdown documents of a generated site, by path under `content/` without `.md`.
fn documents(site: &Path) -> BTreeMap<String, String> {
    tree(&site.join("content"))
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".md") && !rel.ends_with("_index.md"))
        .map(|(rel, bytes)| {
            let text = String::from_utf8(bytes).expect("UTF-8");
            (rel.trim_end_matches(".md").to_string(), text)
        })
        .collect()
}

#[test]
fn planpress_builds_the_generated_corpus_without_a_warning() {
    let Some((_scratch, generated)) = generated("planpress") else {
        return;
    };
    let site = TestSite::empty();
    for part in ["site.toml", "content"] {
        copy_recursively(&generated.join(part), &site.path(part));
    }
    let build = site.build();
    // Among the DOCS documents, annual reports for some plans (issue #21), with goals of
    // later plans continuing goals of earlier ones.
    let documents = &build.site.documents;
    let reports = documents
        .iter()
        .filter(|d| d.meta.kind == "annual-report")
        .count();
    assert!(reports > 0, "no annual reports");
    assert_eq!(build.summary.documents, DOCS, "N counts the annual reports");
    let outcomes: usize = documents.iter().map(|d| d.outcomes.len()).sum();
    assert!(outcomes >= reports, "only {outcomes} outcomes");
    let continued = documents
        .iter()
        .flat_map(|d| &d.items)
        .filter(|i| i.continues.is_some())
        .count();
    assert!(continued > 0, "no goal continues another");
    assert!(
        build.warnings.is_empty(),
        "warnings on the generated corpus:\n{}",
        crate::render_diagnostics(&build.warnings)
    );
    // The corpus is only realistic if it has what the benchmark claims it has.
    let links: usize = build.site.documents.iter().map(|d| d.links.len()).sum();
    assert!(links >= 3 * DOCS, "only {links} cross-document links");
    assert!(
        build.summary.items >= 10 * DOCS,
        "only {} items",
        build.summary.items
    );
}

#[test]
fn the_same_seed_writes_the_same_bytes() {
    if !python_available() {
        return;
    }
    let scratch = tempfile::tempdir().expect("temporary folder");
    for format in ["planpress", "zola"] {
        let a = generate(format, "7", &scratch.path().join(format!("{format}-a")));
        let b = generate(format, "7", &scratch.path().join(format!("{format}-b")));
        assert!(
            tree(&a) == tree(&b),
            "{format}: two runs with seed 7 differ"
        );
    }
    let other = generate("planpress", "8", &scratch.path().join("planpress-c"));
    assert!(tree(&other) != tree(&scratch.path().join("planpress-a")));
}

/// Every link `pattern` finds in the documents' bodies: (from, to page, anchor), after
/// checking that it reaches a page that exists, and that there are as many as the
/// benchmark says.
fn links_to_existing_pages(
    docs: &BTreeMap<String, String>,
    pattern: &Regex,
) -> Vec<(String, String, Option<String>)> {
    let mut links = Vec::new();
    for (path, text) in docs {
        let body = text.splitn(3, "+++").nth(2).expect("front matter");
        for found in pattern.captures_iter(body) {
            let to = found[1].to_string();
            assert!(docs.contains_key(&to), "{path}: link to missing page {to}");
            links.push((
                path.clone(),
                to,
                found.get(2).map(|a| a.as_str().to_string()),
            ));
        }
    }
    assert!(links.len() >= 3 * DOCS, "only {} links", links.len());
    links
}

#[test]
fn every_zola_link_goes_to_a_page_and_anchor_that_exist() {
    let Some((_scratch, site)) = generated("zola") else {
        return;
    };
    let docs = documents(&site);
    let reports = docs
        .values()
        .filter(|text| text.contains("kind = \"annual-report\""))
        .count();
    assert_eq!(docs.len(), DOCS, "N counts the annual reports");
    assert!(reports > 0, "no annual reports");
    let planpress_only = Regex::new(r"\{[.][a-z]|\{§|\[\[").expect("regex");
    for (path, text) in &docs {
        let body = text.splitn(3, "+++").nth(2).expect("front matter");
        assert!(
            !planpress_only.is_match(body),
            "{path}: planpress-only markup left in a Zola document"
        );
    }
    let link = Regex::new(r"\]\(@/([^)#]+)\.md(?:#([^)]+))?\)").expect("regex");
    for (from, to, anchor) in links_to_existing_pages(&docs, &link) {
        let Some(anchor) = anchor else { continue };
        let target = &docs[&to];
        assert!(
            target.contains(&format!("{{#{anchor}}}"))
                || target.contains(&format!("id=\"{anchor}\"")),
            "{from}: link to {to}#{anchor}, which has no such anchor"
        );
    }
}

#[test]
fn zola_front_matter_has_only_keys_zola_takes() {
    let Some((_scratch, site)) = generated("zola") else {
        return;
    };
    for (path, text) in documents(&site) {
        let front = text.split("+++").nth(1).expect("front matter");
        let table: toml::Table = front.parse().unwrap_or_else(|e| panic!("{path}: {e}"));
        for key in table.keys() {
            assert!(
                ["title", "date", "taxonomies", "extra"].contains(&key.as_str()),
                "{path}: Zola rejects the front matter key `{key}`"
            );
        }
    }
}

#[test]
fn every_hugo_relref_goes_to_a_page_that_exists() {
    let Some((_scratch, site)) = generated("hugo") else {
        return;
    };
    let relref = Regex::new(r##"relref "/([^"#]+)\.md"##).expect("regex");
    links_to_existing_pages(&documents(&site), &relref);
}
