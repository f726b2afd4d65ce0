//! The end of the walk: the items' HTML and text, the body cut into segments, and the
//! finished Document.

use super::*;

impl<'a> Walker<'a, '_> {
    // ---- output ---------------------------------------------------------------------

    pub(super) fn finish(mut self, meta: DocumentMeta) -> (Document, Vec<Diagnostic>) {
        let vocabulary = self.context.vocabulary;
        for (index, range) in self.item_ranges.iter().enumerate() {
            let events = &self.out[range.clone()];
            let item = &mut self.items[index];
            let mut item_html = String::new();
            pulldown_cmark::html::push_html(&mut item_html, events.iter().cloned());
            item.html = item_html.trim().to_string();
            item.text = plain_text(events);
            if item.kind == ItemKind::Recommendation && item.addressees.is_empty() {
                item.addressees = vocabulary.actor_matcher.find(&item.text);
            }
        }
        let mut body_html = String::new();
        let plain = plain_text(&self.out);
        pulldown_cmark::html::push_html(&mut body_html, self.out.into_iter());
        let body = split_segments(&body_html);
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
                    let diagnostic = Diagnostic::error(format!(
                        "`{}` in `implements` does not name a document",
                        link.target
                    ));
                    self.diagnostics.push(diagnostic.at(
                        &self.source.display_path,
                        &self.source.text,
                        link.offset..link.offset + 1,
                    ));
                }
            }
        }
        let document = Document {
            path: self.doc_path,
            source_path: self.source.display_path.clone(),
            file: self.context.config.content_dir.join(&self.source.rel_path),
            meta,
            toc: self.toc,
            items: self.items,
            anchors: self.anchors,
            links: self.links,
            motion_refs: self.motion_refs,
            body,
            plain_text: plain,
            paragraphs: self.paragraphs,
        };
        (document, self.diagnostics)
    }
}
