//! The markers the walk leaves in the body's HTML, and the cut at them into [`BodySegment`]s:
//! the render stage fills in each item's metadata and each titled link's text there.

use crate::document::{BodySegment, LinkTarget};

use super::html_out::push_decimal;

/// Starts and ends a marker; no Markdown text can contain it (pulldown-cmark replaces NUL
/// by U+FFFD).
pub(super) const SENTINEL: char = '\u{0}';

pub(super) fn sentinel(index: usize) -> String {
    let mut sentinel = String::with_capacity(8);
    sentinel.push(SENTINEL);
    push_decimal(&mut sentinel, index);
    sentinel.push(SENTINEL);
    sentinel
}

/// Where the text of the `index`th link of [`super::Walker::titled_links`] starts in the body's
/// HTML; [`LINK_TITLE_END`] closes it.
pub(super) fn link_title_start(index: usize) -> String {
    let mut marker = String::with_capacity(9);
    marker.push(SENTINEL);
    marker.push('L');
    push_decimal(&mut marker, index);
    marker.push(SENTINEL);
    marker
}

pub(super) const LINK_TITLE_END: &str = "\u{0}/\u{0}";

/// The body's HTML cut at its markers: each item's metadata, and the text of each link in
/// `titled_links`, which the render stage writes.
pub(super) fn split_segments(html: &str, titled_links: &[LinkTarget]) -> Vec<BodySegment> {
    let mut segments = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(SENTINEL) {
        let after = &rest[start + 1..];
        let Some(end) = after.find(SENTINEL) else {
            break;
        };
        if start > 0 {
            segments.push(BodySegment::Html(rest[..start].to_string()));
        }
        let marker = &after[..end];
        rest = &after[end + 1..];
        if let Some(link) = marker.strip_prefix('L') {
            let (fallback, after_text) = rest.split_once(LINK_TITLE_END).unwrap_or((rest, ""));
            if let Some(target) = link.parse().ok().and_then(|n: usize| titled_links.get(n)) {
                segments.push(BodySegment::LinkTitle {
                    target: target.clone(),
                    fallback: fallback.to_string(),
                });
            } else {
                segments.push(BodySegment::Html(fallback.to_string()));
            }
            rest = after_text;
        } else if let Ok(index) = marker.parse() {
            segments.push(BodySegment::ItemMeta(index));
        }
    }
    if !rest.is_empty() {
        segments.push(BodySegment::Html(rest.to_string()));
    }
    segments
}
