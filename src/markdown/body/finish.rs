//! The end of the walk: the items' HTML and text, the body cut into segments, and the
//! finished Document.

use std::cell::Cell;

use crate::document::{LinkTextSpan, TextPlace};

use super::*;

impl<'a> Walker<'a, '_> {
    // ---- output ---------------------------------------------------------------------

    pub(super) fn finish(mut self, meta: DocumentMeta) -> (Document, Body, Vec<Diagnostic>) {
        let vocabulary = self.context.vocabulary;
        while !self.sections.is_empty() {
            self.close_section();
        }
        self.resolve_outcomes(&meta);
        let plain = PlainText::of_events(&self.out);
        for entry in &mut self.toc {
            entry.text_at = plain.mark(entry.text_at).map_or(0, |(at, _)| at);
        }
        // The events each numbered paragraph's text was cut from, for its links' spans.
        let mut paragraph_events = vec![None; self.paragraphs.len()];
        for block in &self.closed_blocks {
            let motions = self
                .motion_refs
                .get(block.motions.clone())
                .unwrap_or_default();
            let paragraphs = self
                .paragraphs
                .get_mut(block.paragraphs.clone())
                .unwrap_or_default();
            // A block's references share a passage and come in order: each passage is
            // looked at once per block, not once per reference.
            let mut passages: Vec<usize> = motions.iter().map(|m| m.passage).collect();
            passages.dedup();
            passages.retain(|&p| self.passages.get(p).is_some_and(|p| p.text.is_empty()));
            let needs_text = !passages.is_empty() || paragraphs.iter().any(|p| p.text.is_empty());
            if !needs_text {
                continue;
            }
            let text = plain.of(&self.out, block.events.clone());
            for passage in passages {
                if let Some(passage) = self.passages.get_mut(passage) {
                    passage.text.clone_from(&text);
                }
            }
            // A `{§4}` inside §3's block ends §3's text and starts §4's: each has its own.
            let starts = self
                .paragraph_events
                .get(block.paragraphs.clone())
                .unwrap_or_default();
            for (n, paragraph) in paragraphs.iter_mut().enumerate() {
                if !paragraph.text.is_empty() {
                    continue;
                }
                let cut_from = paragraph_events.get_mut(block.paragraphs.start + n);
                if starts.len() <= 1 {
                    paragraph.text.clone_from(&text);
                    if let Some(cut_from) = cut_from {
                        *cut_from = Some(block.events.clone());
                    }
                    continue;
                }
                let events = &block.events;
                let from = match starts.get(n) {
                    Some(&at) if n > 0 => at.clamp(events.start, events.end),
                    _ => events.start,
                };
                let to = starts
                    .get(n + 1)
                    .map_or(events.end, |&at| at.clamp(from, events.end));
                paragraph.text = plain.of(&self.out, from..to);
                if let Some(cut_from) = cut_from {
                    *cut_from = Some(from..to);
                }
            }
        }
        for (item, range) in self.items.iter_mut().zip(&self.item_ranges) {
            item.text = plain.of(&self.out, range.clone());
            if item.kind == ItemKind::Recommendation && item.addressees.is_empty() {
                let found = vocabulary.actor_matcher.addressees(&item.text);
                item.addressees = found.slugs;
                item.addressed_by = found.source;
            }
        }
        let mut titled_spans = super::link_spans::text_spans(
            &plain,
            &self.titled_link_events,
            &self.item_ranges,
            &paragraph_events,
        );
        let plain = plain.text;
        // The body is rendered once; each item's HTML is the stretch of it its events
        // wrote. Rendered alone, an item would differ only in the line break the writer puts
        // before a block that does not follow one, which the trim removes.
        let written = Cell::new(0);
        let mut starts = Vec::with_capacity(self.out.len() + 1);
        let mut body_html = String::with_capacity(self.source.text.len() * 3 / 2);
        let events = self.out.into_iter().inspect(|_| starts.push(written.get()));
        let _ = pulldown_cmark::html::write_html_fmt(
            CountingWriter {
                html: &mut body_html,
                written: &written,
            },
            events,
        );
        starts.push(body_html.len());
        for (n, (item, range)) in self.items.iter_mut().zip(&self.item_ranges).enumerate() {
            let start = starts.get(range.start).copied().unwrap_or(body_html.len());
            let end = starts.get(range.end).copied().unwrap_or(body_html.len());
            let (html, spans) = super::link_spans::without_link_title_markers(
                body_html.get(start..end).unwrap_or("").trim(),
            );
            item.html = html;
            let place = TextPlace::ItemHtml(n);
            titled_spans.extend(spans.into_iter().map(|(link, range)| LinkTextSpan {
                link,
                place,
                range,
            }));
        }
        titled_spans.sort_by_key(|span| (span.place, span.range.start));
        let body = Body::new(split_segments(&body_html, &self.titled_links));
        for link in &meta.implements {
            match parse_link_target(&link.target) {
                Some(target) => self.links.push(InternalLink {
                    target,
                    kind: LinkKind::Implements,
                    source_item: None,
                    source_section: String::new(),
                    offset: link.offset,
                }),
                None => {
                    let diagnostic = Diagnostic::err(text!("E035", link = &link.target));
                    self.diagnostics.push(
                        self.locator
                            .locate(diagnostic, link.offset..link.offset + 1),
                    );
                }
            }
        }
        // Reserved for every list item and heading, of which a fraction are items: at 10,000
        // documents the slack was 28 MB held through the whole build.
        self.items.shrink_to_fit();
        let items_by_id = crate::document::places_by_id(&self.items, |item| &item.id);
        let toc_by_id = crate::document::places_by_id(&self.toc, |entry| &entry.id);
        let document = Document {
            items_by_id,
            toc_by_id,
            path: self.doc_path,
            source_path: self.source.display_path.clone(),
            file: self.context.config.content_dir.join(&self.source.rel_path),
            meta,
            toc: self.toc,
            items: self.items,
            anchors: self.anchors,
            links: self.links,
            titled_links: self.titled_links,
            titled_link_spans: titled_spans,
            external_links: self.external_links,
            lost_markings: self.lost_markings,
            motion_refs: self.motion_refs,
            passages: self.passages,
            plain_text: plain,
            paragraphs: self.paragraphs,
            followup_date: None,
            outcomes: self.outcomes,
        };
        let diagnostics = self.diagnostics.finish(&self.source.display_path);
        (document, body, diagnostics)
    }
}

/// A `String` that tells how much has been written to it, while the HTML writer holds it.
struct CountingWriter<'w> {
    html: &'w mut String,
    written: &'w Cell<usize>,
}

impl std::fmt::Write for CountingWriter<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.html.push_str(text);
        self.written.set(self.html.len());
        Ok(())
    }
}
