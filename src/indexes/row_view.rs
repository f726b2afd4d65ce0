//! The template value of an index row (`item` in `index_item.html`), built straight from
//! parts shared by many rows rather than serialized from an [`super::ItemView`]: a large site
//! has a couple of hundred thousand rows, and making each row's value field by field through
//! serde (every chip and every link of its document copied again) cost as much as rendering
//! the row. What a document's rows show of it, each chip and each status label is made once
//! here; a map or list value is reference-counted, so a row takes it for the cost of a count.
//! The row value has the fields and the order of [`super::ItemView`], which a site's own row
//! template may use; a unit test holds the two to the same value.

use std::collections::HashMap;

use rayon::prelude::*;
use tera::Value;

use crate::document::{GoalStatus, Item};
use crate::render::Theme;
use serde::Serialize;

use crate::render::views::{Chip, Link, Urls, map_value};
use crate::resolve::Site;

use super::{doc_link, organization_link};
use crate::render::views::goal_status_key;

/// What every row of a document's items shows of the document.
struct DocumentParts {
    url: String,
    doc: Value,
    organization: Value,
    org_slug: Value,
    period: Value,
}

pub(super) struct RowParts<'a> {
    /// By document place in the site.
    documents: Vec<DocumentParts>,
    topic_chips: HashMap<&'a str, Value>,
    actor_chips: HashMap<&'a str, Value>,
    /// The status labels by [`GoalStatus::ALL`]'s order, then the label of no status.
    status_labels: Vec<Value>,
}

fn value_of(link: &Link) -> Value {
    map_value([
        ("url", Value::from(link.url.as_str())),
        ("title", Value::from(link.title.as_str())),
    ])
}

impl<'a> RowParts<'a> {
    pub(super) fn new(site: &Site, theme: &Theme, urls: &Urls<'a>) -> Self {
        let chip = |(slug, chip): (&'a str, &Chip)| (slug, Value::from_serializable(chip));
        let documents = site
            .documents
            .par_iter()
            .map(|document| {
                let doc = doc_link(document, urls);
                DocumentParts {
                    url: doc.url.clone(),
                    doc: value_of(&doc),
                    organization: value_of(&organization_link(document, urls)),
                    org_slug: Value::from(document.meta.organization.as_str()),
                    period: Value::from(document.meta.period.as_str()),
                }
            })
            .collect();
        let status_labels = GoalStatus::ALL
            .iter()
            .map(|&(_, status)| Some(status))
            .chain([None])
            .map(|status| Value::from(theme.string(goal_status_key(status))))
            .collect();
        RowParts {
            documents,
            topic_chips: urls.topic_chips_by_slug().map(chip).collect(),
            actor_chips: urls.actor_chips_by_slug().map(chip).collect(),
            status_labels,
        }
    }

    /// The row value of `item` of the document at `position` in the site.
    pub(super) fn row(&self, position: usize, item: &Item) -> Value {
        match self.documents.get(position) {
            Some(parts) => Value::from_serializable(&self.view(parts, item)),
            None => Value::none(),
        }
    }

    fn view<'v>(&'v self, parts: &'v DocumentParts, item: &'v Item) -> RowValue<'v> {
        let chips = |slugs: &[String], chips: &'v HashMap<&str, Value>| {
            slugs
                .iter()
                .filter_map(|slug| chips.get(slug.as_str()))
                .collect()
        };
        let label = match item.status {
            Some(status) => GoalStatus::ALL.iter().position(|&(_, s)| s == status),
            None => Some(GoalStatus::ALL.len()),
        };
        RowValue {
            id: &item.id,
            kind: item.kind.as_str(),
            url: Urls::in_page(&parts.url, &item.id),
            text: item.text.trim(),
            ordinal: item.ordinal,
            doc: &parts.doc,
            organization: &parts.organization,
            org_slug: &parts.org_slug,
            period: item
                .period
                .as_deref()
                .map_or(Period::Shared(&parts.period), Period::Own),
            section: SectionValue {
                url: Urls::in_page(&parts.url, &item.section_id),
                title: &item.section_title,
            },
            status: item.status.map_or("none", |s| s.as_str()),
            status_label: label.and_then(|at| self.status_labels.get(at)),
            status_note: item.status_note.as_deref(),
            topics: chips(&item.topics, &self.topic_chips),
            addressees: chips(&item.addressees, &self.actor_chips),
        }
    }
}

/// The row value's fields, serialized once into a map: the parts shared by many rows are
/// template values already, which serde hands over as they are (reference-counted).
#[derive(Serialize)]
struct RowValue<'v> {
    id: &'v str,
    kind: &'static str,
    url: String,
    text: &'v str,
    ordinal: usize,
    doc: &'v Value,
    organization: &'v Value,
    org_slug: &'v Value,
    period: Period<'v>,
    section: SectionValue<'v>,
    status: &'static str,
    status_label: Option<&'v Value>,
    status_note: Option<&'v str>,
    topics: Vec<&'v Value>,
    addressees: Vec<&'v Value>,
}

#[derive(Serialize)]
#[serde(untagged)]
enum Period<'v> {
    Own(&'v str),
    Shared(&'v Value),
}

#[derive(Serialize)]
struct SectionValue<'v> {
    url: String,
    title: &'v str,
}

/// Where a list cut at its first entries is whole, and how long it is ("Visa alla 74").
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub(crate) struct ShowAll {
    pub count: usize,
    pub url: String,
}

/// `row` with what takes the recommendation up, as a traced row shows it, and where the
/// whole list is when `taken_up_by` is its first entries.
pub(super) fn with_taken_up_by(
    row: Value,
    taken_up_by: &impl serde::Serialize,
    all: Option<&ShowAll>,
) -> Value {
    let Some(fields) = row.into_map() else {
        return Value::none();
    };
    let mut fields = fields;
    fields.insert("taken_up_by".into(), Value::from_serializable(taken_up_by));
    if let Some(all) = all {
        fields.insert("taken_up_all".into(), Value::from_serializable(all));
    }
    Value::from(fields)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::indexes::item_view;
    use crate::indexes::recommendations::recommendation_view;
    use crate::indexes::test_site::{TRICKY, example};

    /// Equal values, with their fields in the same order (as a template looping over a map
    /// sees them).
    fn same(value: &Value, expected: &Value) {
        assert_eq!(value, expected);
        let keys = |value: &Value| -> Vec<String> {
            let map = value.as_map().expect("a map");
            map.keys().map(|key| format!("{}", key)).collect()
        };
        assert_eq!(keys(value), keys(expected));
    }

    /// The row value is the one serde makes of the item's view, field for field and in the
    /// same order: on every listed item of the example, and on one full of markup with a
    /// period, a note and chips that do and do not exist.
    #[test]
    fn row_values_are_the_serialized_item_views() {
        let (build, config, theme) = example();
        let site = &build.site;
        let urls = Urls::new(&config, &site.vocabulary);
        let parts = RowParts::new(site, &theme, &urls);
        let mut checked = 0;
        let mut traced_checked = 0;
        for (position, document) in site.documents.iter().enumerate() {
            for item in &document.items {
                let expected = Value::from_serializable(&item_view(document, item, &theme, &urls));
                same(&parts.row(position, item), &expected);
                checked += 1;
                let traced = recommendation_view(site, document, item, &theme, &urls);
                if !traced.taken_up_by.is_empty() {
                    let row = with_taken_up_by(
                        parts.row(position, item),
                        &traced.taken_up_by,
                        traced.taken_up_all.as_ref(),
                    );
                    let expected = Value::from_serializable(&traced);
                    same(&row, &expected);
                    traced_checked += 1;
                }
            }
        }
        assert!(traced_checked > 0);
        assert!(checked > 100);
        let mut document: Document = (*site.documents[0]).clone();
        let mut item = document.items[0].clone();
        item.text = format!("  {TRICKY}\n");
        item.period = Some(TRICKY.into());
        item.status = Some(GoalStatus::Dropped);
        item.status_note = Some(String::new());
        item.topics = vec![site.vocabulary.topics[0].slug.clone(), TRICKY.into()];
        item.addressees = vec![TRICKY.into(), site.vocabulary.actors[0].slug.clone()];
        document.items = vec![item.clone()];
        document.items_by_id = crate::document::places_by_id(&document.items, |item| &item.id);
        let expected = Value::from_serializable(&item_view(&document, &item, &theme, &urls));
        same(&parts.row(0, &item), &expected);
    }
}
