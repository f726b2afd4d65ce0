//! A goal written as a heading ("### Delmål 8: Informationsspridning {.goal}") has the
//! paragraphs under its heading as its text on the page: a member typing a word of them
//! ("mail") wants the goal, not the whole plan. Its body runs from its heading to its first
//! activity (the next item), the next heading of the table of contents, or
//! [`GOAL_BODY_BYTES`], whichever comes first.

use std::ops::Range;

use super::entries::find_from;

/// Per item, for a goal written as a heading, the title of the heading after it in the
/// table of contents ("" for none), which ends its body; `None` for other items.
pub(super) fn goal_bodies(document: &crate::document::Document) -> Vec<Option<&str>> {
    let mut headings: Vec<(&str, usize)> = (document.toc.iter().enumerate())
        .map(|(n, h)| (h.id.as_str(), n))
        .collect();
    headings.sort_unstable();
    let next_title = |n: usize| document.toc.get(n + 1).map_or("", |h| h.title.as_str());
    (document.items.iter())
        .map(|item| {
            let found = headings.binary_search_by(|&(id, _)| id.cmp(item.id.as_str()));
            match (item.kind, found) {
                (crate::document::ItemKind::Goal, Ok(at)) => {
                    headings.get(at).map(|&(_, n)| next_title(n))
                }
                _ => None,
            }
        })
        .collect()
}

/// The most of a text a goal's body takes: the paragraphs under a goal's heading, not a
/// whole chapter when the plan has no heading or item after it.
const GOAL_BODY_BYTES: usize = 4 * 1024;

/// Where the body of the goal whose heading ends at `from` in `text` ends: at the next of
/// the `later` items' places in the text, the heading titled `stop`, or [`GOAL_BODY_BYTES`].
pub(super) fn body_end(
    text: &str,
    from: usize,
    later: Option<&[Option<Range<usize>>]>,
    stop: &str,
) -> usize {
    let next = (later.unwrap_or_default().iter().flatten())
        .map(|r| r.start)
        .find(|&start| start >= from);
    let heading = (!stop.is_empty())
        .then(|| find_from(text, stop, from))
        .flatten();
    [next, heading, Some(from + GOAL_BODY_BYTES)]
        .into_iter()
        .flatten()
        .fold(text.len(), usize::min)
}
