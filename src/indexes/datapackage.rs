//! `/data/datapackage.json`: the exports described in the open-data convention, a
//! Frictionless Tabular Data Package (<https://specs.frictionlessdata.io/tabular-data-package/>)
//! with a resource and a Table Schema per CSV, made from [`super::schema`]; the descriptions
//! are the theme's, the same the `/data/` page shows. CI checks it with `frictionless validate`.

use serde_json::{Value, json};

use crate::render::Theme;

use super::schema::{Column, DATASETS, Dataset, Kind};

/// The data package, pretty-printed.
pub fn datapackage_json(theme: &Theme) -> Result<Vec<u8>, serde_json::Error> {
    let resources: Vec<Value> = DATASETS
        .iter()
        .map(|&dataset| resource(theme, dataset))
        .collect();
    let package = json!({
        "profile": "tabular-data-package",
        "name": "planpress-open-data",
        "title": theme.string("data_title"),
        // Text cells a spreadsheet would run as formulas start with `'` (`csv_field`); the
        // note is the theme's, in the site's language like the rest of the package.
        "description": with_note(
            theme.string("data_description").to_string(),
            theme,
            "data_csv_note"
        ),
        "resources": resources,
    });
    serde_json::to_vec_pretty(&package)
}

fn resource(theme: &Theme, dataset: Dataset) -> Value {
    let name = dataset.name();
    let fields: Vec<Value> = dataset
        .columns()
        .iter()
        .map(|column| field(theme, dataset, column))
        .collect();
    let mut schema = json!({
        "fields": fields,
        "missingValues": [""],
    });
    if !dataset.primary_key().is_empty() {
        schema["primaryKey"] = json!(dataset.primary_key());
    }
    let foreign_keys: Vec<Value> = dataset
        .foreign_keys()
        .iter()
        .map(|key| {
            json!({
                "fields": key.field,
                "reference": { "resource": key.dataset.name(), "fields": key.reference },
            })
        })
        .collect();
    if !foreign_keys.is_empty() {
        schema["foreignKeys"] = Value::Array(foreign_keys);
    }
    json!({
        "profile": "tabular-data-resource",
        "name": name,
        "path": format!("{name}.csv"),
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": dataset_description(theme, dataset),
        "schema": schema,
    })
}

fn field(theme: &Theme, dataset: Dataset, column: &Column) -> Value {
    let mut description = column_description(theme, dataset, column.name);
    if column.kind == Kind::List {
        // Table Schema has no list type: the description says how the cell holds one.
        description.push('.');
        description = with_note(description, theme, "data_list_note");
    }
    let mut field = json!({
        "name": column.name,
        "type": column.kind.table_type(),
        "description": description,
    });
    if column.kind.required() {
        field["constraints"] = json!({ "required": true });
    }
    if column.kind == Kind::Integer {
        field["constraints"]["minimum"] = json!(0);
    }
    field
}

/// `text` and the theme's note `key` after it. A site's own copy of an older theme lacks the
/// note: its package then goes without, rather than showing the key as a description would.
fn with_note(mut text: String, theme: &Theme, key: &str) -> String {
    if let Some(note) = theme.strings.get(key) {
        text.push(' ');
        text.push_str(note);
    }
    text
}

/// The theme's `data_file_<dataset>`.
pub(super) fn dataset_description(theme: &Theme, dataset: Dataset) -> String {
    theme
        .string(&format!("data_file_{}", dataset.name()))
        .to_string()
}

/// `data_field_<dataset>_<column>` if the theme has it, else the shared `data_field_<column>`.
pub(super) fn column_description(theme: &Theme, dataset: Dataset, column: &str) -> String {
    let specific = format!("data_field_{}_{column}", dataset.name());
    if theme.strings.contains_key(&specific) {
        return theme.string(&specific).to_string();
    }
    theme.string(&format!("data_field_{column}")).to_string()
}
