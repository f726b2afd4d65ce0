//! The commitment index with traceability: every commitment of the strategy documents, the
//! report quotes that quote it with the recommendations of the same report section (and what
//! takes those up), and the plan goals and recommendations that link to it themselves.

use serde::Serialize;

use crate::document::{Document, ItemKind};
use crate::render::views::{Link, Urls};
use crate::render::{PageJob, Theme, page_context, shorten};
use crate::resolve::{BacklinkKind, Site};

use super::recommendations::{RecommendationView, recommendation_view};
use super::{ItemView, Reference, doc_link, item_view, reference_view};

#[derive(Serialize)]
struct CommitmentView {
    #[serde(flatten)]
    item: ItemView,
    quoted_in: Vec<QuoteTrace>,
    taken_up_by: Vec<Reference>,
    motions: Vec<Link>,
}

/// One report quote of the commitment, and the report section's recommendations.
#[derive(Serialize)]
struct QuoteTrace {
    quote: Link,
    report: Link,
    section: Link,
    recommendations: Vec<RecommendationView>,
}

#[derive(Serialize)]
struct SectionGroup {
    #[serde(skip)]
    section_id: String,
    id: String,
    title: String,
    url: String,
    commitments: Vec<CommitmentView>,
}

#[derive(Serialize)]
struct StrategyGroup {
    doc: Link,
    organization: Link,
    sections: Vec<SectionGroup>,
    count: usize,
}

#[derive(Serialize, Default)]
struct Totals {
    commitments: usize,
    quoted: usize,
    taken_up: usize,
}

pub(super) fn commitment_index_job(site: &Site, theme: &Theme, urls: &Urls<'_>) -> PageJob {
    let mut totals = Totals::default();
    let mut strategies = Vec::new();
    for document in &site.documents {
        let mut sections: Vec<SectionGroup> = Vec::new();
        for item in document
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Commitment)
        {
            let view = commitment_view(site, document, item, theme, urls);
            totals.commitments += 1;
            totals.quoted += usize::from(!view.quoted_in.is_empty());
            totals.taken_up += usize::from(
                !view.taken_up_by.is_empty()
                    || view.quoted_in.iter().any(|q| !q.recommendations.is_empty()),
            );
            // A section's commitment lists may be split by subsections; keep them together.
            match sections
                .iter_mut()
                .find(|s| s.section_id == item.section_id)
            {
                Some(section) => section.commitments.push(view),
                None => sections.push(SectionGroup {
                    section_id: item.section_id.clone(),
                    id: format!(
                        "{}-{}",
                        crate::document::slugify(&document.path),
                        item.section_id
                    ),
                    title: item.section_title.clone(),
                    url: urls.item(&document.path, &item.section_id),
                    commitments: vec![view],
                }),
            }
        }
        if sections.is_empty() {
            continue;
        }
        strategies.push(StrategyGroup {
            doc: doc_link(document, urls),
            organization: super::organization_link(site, document, urls),
            count: sections.iter().map(|s| s.commitments.len()).sum(),
            sections,
        });
    }
    let word = &urls.config.paths.commitments;
    let url = urls.section(word, None);
    let mut context = page_context(
        theme.string("commitments_title"),
        &url,
        theme.string("commitments_description"),
    );
    context.insert("strategies", &strategies);
    context.insert("totals", &totals);
    PageJob {
        path: format!("{word}/index.html"),
        template: "commitments.html",
        context,
    }
}

fn commitment_view(
    site: &Site,
    document: &Document,
    item: &crate::document::Item,
    theme: &Theme,
    urls: &Urls<'_>,
) -> CommitmentView {
    let backlinks = site.backlinks_to(&document.path, &item.id);
    let quoted_in = backlinks
        .iter()
        .filter(|b| b.kind == BacklinkKind::Quote)
        .filter_map(|b| {
            let report = site.document(&b.from_doc)?;
            let quote = report.item(&b.from_anchor)?;
            let recommendations = report
                .items
                .iter()
                .filter(|r| r.kind == ItemKind::Recommendation && r.section_id == quote.section_id)
                .map(|r| recommendation_view(site, report, r, theme, urls))
                .collect();
            Some(QuoteTrace {
                quote: Link {
                    url: urls.item(&report.path, &quote.id),
                    title: shorten(quote.text.trim(), 200),
                },
                report: doc_link(report, urls),
                section: Link {
                    url: urls.item(&report.path, &quote.section_id),
                    title: quote.section_title.clone(),
                },
                recommendations,
            })
        })
        .collect();
    let taken_up_by = backlinks
        .iter()
        .filter(|b| b.kind != BacklinkKind::Quote)
        .map(|b| reference_view(site, b, theme, urls))
        .collect();
    let motions = document
        .motion_refs
        .iter()
        .filter(|m| m.passage_anchor == item.id)
        .map(|m| Link {
            url: format!(
                "{}#{}",
                urls.section(&urls.config.paths.motions, None),
                m.motion.to_lowercase()
            ),
            title: m.label.clone(),
        })
        .collect();
    CommitmentView {
        item: item_view(site, document, item, theme, urls),
        quoted_in,
        taken_up_by,
        motions,
    }
}
