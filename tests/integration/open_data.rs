//! The open-data exports as a Frictionless Data Package: `data/datapackage.json` on the
//! bundled example passes `frictionless validate` (types, required fields, primary and
//! foreign keys, checked by the reference implementation), and, with no tool needed, each
//! foreign key it states resolves and each primary key is unique.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use planpress::build::Build;

use crate::TestSite;

/// Each CSV of `build` as its rows, each row a map from column to cell.
type Table = Vec<BTreeMap<String, String>>;

fn table(build: &Build, resource: &serde_json::Value) -> Table {
    let path = resource["path"].as_str().expect("a resource path");
    let text = TestSite::page(build, &format!("data/{path}"));
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let header = reader.headers().expect("a header").clone();
    reader
        .records()
        .map(|record| {
            let record = record.expect("a CSV record");
            header
                .iter()
                .zip(record.iter())
                .map(|(column, cell)| (column.to_string(), cell.to_string()))
                .collect()
        })
        .collect()
}

fn package(build: &Build) -> serde_json::Value {
    serde_json::from_str(TestSite::page(build, "data/datapackage.json")).expect("JSON")
}

/// The values of `fields` (one name or a list of names) in `row`; `None` when any is empty,
/// which Table Schema reads as missing (a missing value references nothing).
fn key_of(row: &BTreeMap<String, String>, fields: &serde_json::Value) -> Option<Vec<String>> {
    let names: Vec<&str> = match fields {
        serde_json::Value::String(name) => vec![name.as_str()],
        serde_json::Value::Array(names) => names.iter().filter_map(|n| n.as_str()).collect(),
        other => panic!("fields must be a name or a list: {other}"),
    };
    let values: Vec<String> = names
        .iter()
        .map(|name| {
            row.get(*name)
                .unwrap_or_else(|| panic!("no column {name}"))
                .clone()
        })
        .collect();
    values.iter().all(|v| !v.is_empty()).then_some(values)
}

#[test]
fn every_foreign_key_of_the_data_package_resolves_on_the_bundled_example() {
    let build = TestSite::example().build();
    let package = package(&build);
    let resources = package["resources"].as_array().expect("resources");
    let tables: BTreeMap<&str, Table> = resources
        .iter()
        .map(|r| (r["name"].as_str().expect("a name"), table(&build, r)))
        .collect();
    let mut checked = 0;
    for resource in resources {
        let name = resource["name"].as_str().expect("a name");
        let schema = &resource["schema"];
        if let Some(primary) = schema.get("primaryKey") {
            let keys: Vec<_> = tables[name]
                .iter()
                .filter_map(|row| key_of(row, primary))
                .collect();
            let unique: BTreeSet<_> = keys.iter().collect();
            assert_eq!(
                unique.len(),
                keys.len(),
                "{name}: primary key {primary} repeats"
            );
            assert_eq!(
                keys.len(),
                tables[name].len(),
                "{name}: primary key {primary} missing"
            );
        }
        for key in schema["foreignKeys"].as_array().into_iter().flatten() {
            let target = key["reference"]["resource"].as_str().expect("a resource");
            let referenced: BTreeSet<Vec<String>> = tables[target]
                .iter()
                .filter_map(|row| key_of(row, &key["reference"]["fields"]))
                .collect();
            for row in &tables[name] {
                if let Some(value) = key_of(row, &key["fields"]) {
                    assert!(
                        referenced.contains(&value),
                        "{name}.{} = {value:?} is not in {target}",
                        key["fields"]
                    );
                    checked += 1;
                }
            }
        }
    }
    // The example has documents, items, motions, passages and links: every key was used.
    assert!(checked > 500, "only {checked} references checked");
}

#[test]
fn the_data_package_describes_every_column_with_a_table_schema_type() {
    let build = TestSite::example().build();
    let package = package(&build);
    assert_eq!(package["profile"], "tabular-data-package");
    for resource in package["resources"].as_array().expect("resources") {
        let name = resource["name"].as_str().expect("a name");
        let fields = resource["schema"]["fields"].as_array().expect("fields");
        let csv = TestSite::page(&build, &format!("data/{name}.csv"));
        let columns: Vec<&str> = fields.iter().filter_map(|f| f["name"].as_str()).collect();
        assert_eq!(
            csv.lines().next().map(|h| h.split(',').collect::<Vec<_>>()),
            Some(columns),
            "{name}"
        );
        for field in fields {
            let kind = field["type"].as_str().unwrap_or_default();
            assert!(["string", "integer", "number"].contains(&kind), "{field}");
            let description = field["description"].as_str().unwrap_or_default();
            assert!(!description.is_empty(), "{name}.{}", field["name"]);
            // A column without its `data_field_*` string is described by the key itself.
            assert!(
                !description.starts_with("data_field_"),
                "{name}.{}: no description in themes/default/i18n/sv.toml ({description})",
                field["name"]
            );
        }
    }
}

/// frictionless run as `python3 -m frictionless`: pip installs the module where ci-setup.sh's
/// python finds it, but its `frictionless` script is not always on PATH (pyenv's shims need a
/// rehash to show a newly installed script).
fn frictionless() -> Command {
    let mut command = Command::new("python3");
    command.args(["-m", "frictionless"]);
    command
}

/// `frictionless validate` over the bundled example's package, written to a folder.
#[test]
fn the_data_package_passes_frictionless_validate() {
    let version = frictionless().arg("--version").output();
    let Some(version) = version.ok().filter(|v| v.status.success()) else {
        if std::env::var("PLANPRESS_REQUIRE_TOOLS").as_deref() == Ok("1") {
            panic!("PLANPRESS_REQUIRE_TOOLS=1 but frictionless is not installed");
        }
        eprintln!("SKIPPED: frictionless not installed (pip install frictionless)");
        return;
    };
    eprintln!(
        "frictionless {}",
        String::from_utf8_lossy(&version.stdout).trim()
    );
    let build = TestSite::example().build();
    let dir = tempfile::tempdir().expect("a temporary folder");
    for output in build.outputs.iter().filter(|o| o.path.starts_with("data/")) {
        let path = dir.path().join(&output.path);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("folders");
        std::fs::write(path, output.bytes.as_slice()).expect("write an export");
    }
    let result = frictionless()
        .arg("validate")
        .arg(dir.path().join("data/datapackage.json"))
        .output()
        .expect("run frictionless");
    assert!(
        result.status.success(),
        "frictionless validate failed:\n{}\n{}",
        String::from_utf8_lossy(&result.stdout),
        String::from_utf8_lossy(&result.stderr)
    );
}

/// Each document's row counts its items of each kind as the resolved site has them: an
/// annual report's outcomes too, the column a reader compares with the plan's goals.
#[test]
fn each_documents_row_counts_its_items_by_kind() {
    use planpress::document::ItemKind;
    let build = TestSite::fixture().build();
    let rows: Vec<serde_json::Value> =
        serde_json::from_str(TestSite::page(&build, "data/documents.json")).expect("JSON");
    assert_eq!(rows.len(), build.site.documents.len());
    let mut outcomes_seen = 0;
    for row in &rows {
        let path = row["path"].as_str().expect("a path");
        let document = build
            .site
            .documents
            .iter()
            .find(|d| d.path == path)
            .unwrap_or_else(|| panic!("{path}: a document of the site"));
        let count = |kind: ItemKind| document.items.iter().filter(|i| i.kind == kind).count();
        for (column, kind) in [
            ("goals", ItemKind::Goal),
            ("activities", ItemKind::Activity),
            ("recommendations", ItemKind::Recommendation),
            ("commitments", ItemKind::Commitment),
            ("quotes", ItemKind::Quote),
            ("outcomes", ItemKind::Outcome),
        ] {
            assert_eq!(row[column], count(kind), "{path}: {column}");
        }
        outcomes_seen += count(ItemKind::Outcome);
    }
    assert!(
        outcomes_seen > 0,
        "the fixture's annual report has outcomes"
    );
}

/// Every word the data package says is the theme's, in the site's language: with each UI
/// string replaced by a mark naming its key, no description keeps a word of its own (the
/// notes on lists and on CSV cells were once English written in Rust).
#[test]
fn the_data_package_says_only_the_themes_words() {
    let site = TestSite::example();
    let strings = site.read("themes/default/i18n/sv.toml");
    let strings: BTreeMap<String, String> = toml::from_str(&strings).expect("the UI strings");
    let marked: BTreeMap<&String, String> = strings
        .keys()
        .map(|key| (key, format!("[[{key}]]")))
        .collect();
    site.write(
        "themes/default/i18n/sv.toml",
        toml::to_string(&marked).expect("TOML"),
    );
    let package = package(&site.build());
    let mut descriptions = vec![&package["description"]];
    for resource in package["resources"].as_array().expect("resources") {
        descriptions.push(&resource["description"]);
        for field in resource["schema"]["fields"].as_array().expect("fields") {
            descriptions.push(&field["description"]);
        }
    }
    for description in descriptions {
        let text = description.as_str().expect("a description");
        let unmarked: String = text
            .split("[[")
            .map(|piece| piece.split_once("]]").map_or(piece, |(_, rest)| rest))
            .collect();
        assert!(
            !unmarked.chars().any(char::is_alphabetic),
            "words not from the theme: {text}"
        );
    }
}

/// A site's own copy of a theme older than the notes on lists and CSV cells gets the notes
/// in the bundled theme's words, not their keys.
#[test]
fn a_theme_without_the_notes_says_the_bundled_themes() {
    let site = TestSite::example();
    let strings = site.read("themes/default/i18n/sv.toml");
    let older: String = strings
        .lines()
        .filter(|line| !line.starts_with("data_list_note") && !line.starts_with("data_csv_note"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert!(older.len() < strings.len(), "the theme has both notes");
    site.write("themes/default/i18n/sv.toml", older);
    let text = serde_json::to_string(&package(&site.build())).expect("JSON");
    for key in ["data_list_note", "data_csv_note"] {
        assert!(!text.contains(key), "{key}: {text}");
    }
    assert!(text.contains("En lista: värdena med | emellan"), "{text}");
}
