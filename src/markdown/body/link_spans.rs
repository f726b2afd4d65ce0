//! Where each `[[target]]` link written without text wrote its text (the target as
//! written) in the document's texts: the resolve stage writes the target's title there and
//! nowhere else. Replacing the target wherever a text held it also rewrote the author's own
//! words (`[[budget]]` in a text saying "budgeten"), the start of a longer target
//! (`[[a/plan]]` before `[[a/plan#mal-1]]`), and went over the whole text once per link.

use std::ops::Range;

use super::SENTINEL;
use super::plain::PlainText;
use crate::document::{LinkTextSpan, TextPlace};

/// The links' spans in the running text and in the texts of the items and numbered
/// paragraphs, each given by the stretch of the walk's events that wrote it (`links` in
/// order, as the walk met them; a paragraph without one was not cut from the running text).
pub(super) fn text_spans(
    plain: &PlainText,
    links: &[Range<usize>],
    items: &[Range<usize>],
    paragraphs: &[Option<Range<usize>>],
) -> Vec<LinkTextSpan> {
    let mut spans = Vec::new();
    let mut spans_in = |place: TextPlace, outer: &Range<usize>| {
        let first = links.partition_point(|link| link.start < outer.start);
        for (n, link) in links.iter().enumerate().skip(first) {
            if link.start >= outer.end {
                break;
            }
            if let Some(range) = span_in(plain, outer, link) {
                spans.push(LinkTextSpan {
                    link: n,
                    place,
                    range,
                });
            }
        }
    };
    spans_in(TextPlace::Plain, &(0..plain.events()));
    for (n, item) in items.iter().enumerate() {
        spans_in(TextPlace::ItemText(n), item);
    }
    for (n, paragraph) in paragraphs.iter().enumerate() {
        if let Some(paragraph) = paragraph {
            spans_in(TextPlace::Paragraph(n), paragraph);
        }
    }
    spans
}

/// Where, in the text [`PlainText::of`] gives for `outer`, the text `inner` wrote lies (less
/// the space before it): none when that text is not cut from the whole (a stretch starting
/// in a deletion) or `inner` wrote nothing.
fn span_in(plain: &PlainText, outer: &Range<usize>, inner: &Range<usize>) -> Option<Range<usize>> {
    let (outer_start, in_deletion) = plain.mark(outer.start)?;
    let (outer_end, _) = plain.mark(outer.end)?;
    if in_deletion {
        return None;
    }
    let leading_space = |from: usize, to: usize| {
        let text = plain.text.get(from..to)?;
        Some(from + usize::from(text.starts_with(' ')))
    };
    let base = leading_space(outer_start, outer_end)?;
    let (start, _) = plain.mark(inner.start)?;
    let (end, _) = plain.mark(inner.end)?;
    let start = leading_space(start, end)?;
    (base <= start && start < end && end <= outer_end).then(|| start - base..end - base)
}

/// `html` (an item's) without the markers around the text of links that show their
/// target's title, and where each such link's text is in it, by the link's index: the
/// target as written stays until the resolve stage writes the title there.
pub(super) fn without_link_title_markers(html: &str) -> (String, Vec<(usize, Range<usize>)>) {
    let mut spans = Vec::new();
    if !html.contains(SENTINEL) {
        return (html.to_string(), spans);
    }
    let mut out = String::with_capacity(html.len());
    let mut open = None;
    let mut rest = html;
    while let Some(start) = rest.find(SENTINEL) {
        let after = &rest[start + 1..];
        let Some(end) = after.find(SENTINEL) else {
            break;
        };
        out.push_str(&rest[..start]);
        let marker = &after[..end];
        if let Some(link) = marker.strip_prefix('L') {
            open = link.parse::<usize>().ok().map(|link| (link, out.len()));
        } else if marker == "/" {
            if let Some((link, from)) = open.take() {
                spans.push((link, from..out.len()));
            }
        } else {
            out.push(SENTINEL);
            out.push_str(marker);
            out.push(SENTINEL);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    (out, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_items_html_loses_the_markers_and_keeps_where_the_links_text_is() {
        let html = "<li>Se <a href=\"/a/\">\u{0}L3\u{0}a/plan\u{0}/\u{0}</a> \u{0}7\u{0}</li>";
        let (out, spans) = without_link_title_markers(html);
        assert_eq!(out, "<li>Se <a href=\"/a/\">a/plan</a> \u{0}7\u{0}</li>");
        let at = out.find("a/plan").unwrap_or_default();
        assert_eq!(spans, vec![(3, at..at + "a/plan".len())]);
        assert_eq!(
            without_link_title_markers("x \u{0}L1"),
            ("x \u{0}L1".into(), vec![])
        );
    }
}
