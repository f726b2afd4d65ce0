//! A commitment's diagram on a page of its own when it is too large to fold under the
//! commitment. At 10,000 documents each of a strategy's 23 commitments carried, folded, a
//! diagram of some 300 boxes ("citerat i 62 avsnitt, 200 rekommendationer, 2 mål, 46
//! hänvisningar"), and the strategy's page was 3.4 MB. Now the strategy keeps the
//! commitment, its counts and a link; the diagram's page is cut into numbered pages by the
//! diagram's top level (each quoting section with its recommendations, then what links to
//! the commitment itself) as a long list is (`listing.rs`), so it stays near `PAGE_BYTES`.

use crate::render::views::Link;
use crate::render::{PageJob, Theme, page_context, shorten};

use super::super::listing::{RowSize, numbered_title, paginate};
use super::{CommitmentView, SectionGroup, SectionTrace};

/// The largest diagram still folded under its commitment, in bytes of its boxes' HTML (as
/// [`RowSize`] estimates it). The bundled example's largest diagram is 3.8 kB (8 boxes),
/// so its pages stay as they were; a diagram past this is tens of boxes, too long to scroll
/// through inside a list of commitments on a phone.
pub(super) const INLINE_TRACE_BYTES: usize = 12_000;

/// What a box of the diagram weighs beyond its texts (its markup and kind label), and a
/// goal's box, whose texts are not rendered yet when the diagram is measured.
const BOX_BYTES: usize = 200;
const GOAL_BYTES: usize = 600;

/// A commitment whose diagram has a page of its own.
pub(super) struct TracePage<'r> {
    /// The output folder, `ataganden/<strategy>/<commitment>`.
    dir: String,
    url: String,
    view: CommitmentView<'r>,
}

impl RowSize for SectionTrace<'_> {
    fn size(&self) -> usize {
        let quotes: usize = self
            .quotes
            .iter()
            .map(|quote| BOX_BYTES + quote.title.len() + quote.url.len())
            .sum();
        let recommendations: usize = self.recommendations.iter().map(RowSize::size).sum();
        BOX_BYTES + self.section.title.len() + self.report.title.len() + quotes + recommendations
    }
}

/// One node of the diagram's top level, as the diagram's pages are cut.
struct Part {
    /// The section's place in `quoted_in`, or `None` for what links to the commitment itself.
    section: Option<usize>,
    size: usize,
}

impl RowSize for Part {
    fn size(&self) -> usize {
        self.size
    }
}

/// The diagram's top level: the quoting sections, then (when anything links to the
/// commitment itself) the box of those links with their branches.
fn parts(view: &CommitmentView<'_>) -> Vec<Part> {
    let mut parts: Vec<Part> = (view.quoted_in.iter().enumerate())
        .map(|(n, trace)| Part {
            section: Some(n),
            size: trace.size(),
        })
        .collect();
    if !(view.recommendations.is_empty() && view.goals.is_empty() && view.others.is_empty()) {
        let others: usize = (view.others.iter())
            .map(|r| BOX_BYTES + r.doc.len() + r.text.len())
            .sum();
        parts.push(Part {
            section: None,
            size: BOX_BYTES
                + others
                + view
                    .recommendations
                    .iter()
                    .map(RowSize::size)
                    .sum::<usize>()
                + GOAL_BYTES * view.goals.len(),
        });
    }
    parts
}

/// Takes the diagrams larger than [`INLINE_TRACE_BYTES`], and those of commitments whose
/// document page links here for their many backlinks, out of `sections`' commitments,
/// leaving each its counts and the URL of its page under the strategy's folder `dir` (URL
/// `url`): `…/<commitment id>/` (`render::trace_link`).
pub(super) fn take_large<'r>(
    sections: &mut [SectionGroup<'r>],
    (dir, url): (&str, &str),
) -> Vec<TracePage<'r>> {
    let mut pages = Vec::new();
    for view in sections.iter_mut().flat_map(|s| s.commitments.iter_mut()) {
        let size: usize = parts(view).iter().map(RowSize::size).sum();
        if size <= INLINE_TRACE_BYTES && !view.many_backlinks {
            continue;
        }
        let segment = view.trace_segment.clone();
        let page_url = format!("{url}{segment}/");
        let light = CommitmentView {
            item: view.item.clone(),
            quoted_in: Vec::new(),
            recommendations: Vec::new(),
            goals: Vec::new(),
            others: Vec::new(),
            goal_counts: view.goal_counts,
            motions: view.motions.clone(),
            taken_up: view.taken_up,
            counts: view.counts,
            trace_url: Some(page_url.clone()),
            trace_segment: segment.clone(),
            many_backlinks: view.many_backlinks,
        };
        pages.push(TracePage {
            dir: format!("{dir}/{segment}"),
            url: page_url,
            view: std::mem::replace(view, light),
        });
    }
    pages
}

/// The pages of a commitment's diagram (`commitment_trace.html`), `back` being the page
/// that lists the commitment: each holds part of the diagram's top level under the
/// commitment's box, each part once.
pub(super) fn trace_jobs(page: &TracePage<'_>, back: &Link, theme: &Theme) -> Vec<PageJob> {
    let view = &page.view;
    let parts = parts(view);
    let title = format!(
        "{}: {}",
        theme.string("trace_page_title"),
        shorten(view.item.text.trim(), 80)
    );
    paginate(&page.dir, &page.url, &parts)
        .into_iter()
        .map(|list_page| {
            let on_page = part_view(view, list_page.rows);
            let mut context = page_context(
                &numbered_title(&title, list_page.number, theme),
                &list_page.url,
                theme.string("trace_page_description"),
            );
            context.insert("c", &on_page);
            context.insert("back", back);
            context.insert("pagination", &list_page.pagination());
            PageJob {
                path: list_page.path,
                template: "commitment_trace.html",
                context,
            }
        })
        .collect()
}

/// The commitment with only the diagram's `parts`.
fn part_view<'r>(view: &CommitmentView<'r>, parts: &[Part]) -> CommitmentView<'r> {
    let direct = parts.iter().any(|part| part.section.is_none());
    let quoted_in = (parts.iter())
        .filter_map(|part| view.quoted_in.get(part.section?).cloned())
        .collect();
    let when_direct = |list: &Vec<_>| if direct { list.clone() } else { Vec::new() };
    CommitmentView {
        item: view.item.clone(),
        quoted_in,
        recommendations: when_direct(&view.recommendations),
        goals: when_direct(&view.goals),
        others: if direct {
            view.others.clone()
        } else {
            Vec::new()
        },
        goal_counts: view.goal_counts,
        motions: view.motions.clone(),
        taken_up: view.taken_up,
        counts: view.counts,
        trace_url: None,
        trace_segment: String::new(),
        many_backlinks: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sections_size_counts_its_boxes_and_recommendations() {
        let recommendations = [tera::Value::safe_string(&"x".repeat(1_000))];
        let link = |title: &str| Link {
            url: "/u/".into(),
            title: title.into(),
        };
        let trace = SectionTrace {
            quotes: vec![link("citat")],
            report: link("rapport"),
            section: link("avsnitt"),
            recommendations: &recommendations,
        };
        assert_eq!(trace.size(), BOX_BYTES + 7 + 7 + BOX_BYTES + 5 + 3 + 1_000);
    }
}
