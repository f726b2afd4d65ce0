//! The `/data/` page: each dataset with its files, its number of records and its columns.

use serde::Serialize;

use crate::document::ItemKind;
use crate::indexes::datapackage::{column_description, dataset_description};
use crate::indexes::schema::{DATASETS, Dataset, Kind};
use crate::render::views::Urls;
use crate::render::{PageJob, Theme, page_context};
use crate::resolve::Site;

/// The number of records of every dataset, for the `/data/` page: counted in one pass over
/// the items (a pass per dataset walked the 200,000 items of a large site seven times).
#[derive(Default)]
struct RowCounts {
    documents: usize,
    goals: usize,
    activities: usize,
    recommendations: usize,
    commitments: usize,
    quotes: usize,
    outcomes: usize,
    motions: usize,
    passages: usize,
    links: usize,
}

impl RowCounts {
    fn of(site: &Site) -> RowCounts {
        let mut counts = RowCounts {
            documents: site.documents.len(),
            // Every backlink is a link record; so is each goal an activity serves.
            links: site.backlinks.values().map(Vec::len).sum(),
            ..RowCounts::default()
        };
        for document in &site.documents {
            counts.motions += document.motion_refs.len();
            counts.passages += document.passages.len();
            for item in &document.items {
                match item.kind {
                    ItemKind::Goal => counts.goals += 1,
                    ItemKind::Activity => {
                        counts.activities += 1;
                        counts.links += item.serves.len();
                    }
                    ItemKind::Recommendation => counts.recommendations += 1,
                    ItemKind::Commitment => counts.commitments += 1,
                    ItemKind::Quote => counts.quotes += 1,
                    ItemKind::Outcome => counts.outcomes += 1,
                }
            }
        }
        counts
    }

    fn of_dataset(&self, dataset: Dataset) -> usize {
        match dataset {
            Dataset::Documents => self.documents,
            Dataset::Goals => self.goals,
            Dataset::Activities => self.activities,
            Dataset::Recommendations => self.recommendations,
            Dataset::Commitments => self.commitments,
            Dataset::Quotes => self.quotes,
            Dataset::Outcomes => self.outcomes,
            Dataset::Motions => self.motions,
            Dataset::Passages => self.passages,
            Dataset::Links => self.links,
        }
    }
}

#[derive(Serialize)]
struct DatasetView {
    name: &'static str,
    description: String,
    json_url: String,
    csv_url: String,
    rows: usize,
    columns: Vec<ColumnView>,
}

#[derive(Serialize)]
struct ColumnView {
    name: &'static str,
    /// The Table Schema type.
    kind: &'static str,
    required: bool,
    list: bool,
    description: String,
}

pub(in crate::indexes) fn data_page_job(site: &Site, theme: &Theme, urls: &Urls<'_>) -> PageJob {
    let word = &urls.config.paths.data;
    let url = urls.section(word, None);
    let counts = RowCounts::of(site);
    let datasets: Vec<DatasetView> = DATASETS
        .iter()
        .map(|&dataset| DatasetView {
            name: dataset.name(),
            description: dataset_description(theme, dataset),
            json_url: format!("{url}{}.json", dataset.name()),
            csv_url: format!("{url}{}.csv", dataset.name()),
            rows: counts.of_dataset(dataset),
            columns: dataset
                .columns()
                .iter()
                .map(|c| ColumnView {
                    name: c.name,
                    kind: c.kind.table_type(),
                    required: c.kind.required(),
                    list: c.kind == Kind::List,
                    description: column_description(theme, dataset, c.name),
                })
                .collect(),
        })
        .collect();
    let mut context = page_context(
        theme.string("data_title"),
        &url,
        theme.string("data_description"),
    );
    context.insert("datasets", &datasets);
    context.insert("datapackage_url", &format!("{url}datapackage.json"));
    PageJob {
        path: format!("{word}/index.html"),
        template: "data.html",
        context,
    }
}
