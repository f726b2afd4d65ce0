//! Paragraphs, the attribute lines that mark lists, numbered paragraphs and code blocks.

use super::*;

impl<'a> Walker<'a, '_> {
    // ---- paragraphs and attribute lines ---------------------------------------------

    /// A paragraph holding only `{…}` marks the next list; it is not output.
    pub(super) fn attribute_line(&mut self, index: usize) -> Option<usize> {
        if !self.item_stack.is_empty() {
            return None;
        }
        let end = self.matching_end(index);
        if end != index + 2 {
            return None;
        }
        let (Event::Text(text), _) = &self.events[index + 1] else {
            return None;
        };
        if !is_attribute_line(text) {
            return None;
        }
        let block = text.trim().to_string();
        let range = self.unescaped_span(index + 1, &block)?;
        self.check_pending_list();
        match parse_attribute_block(&block) {
            Ok(attributes) => self.pending_list = Some((attributes, range)),
            Err(message) => self.error_at(range, message),
        }
        Some(end + 1)
    }

    pub(super) fn paragraph_start(&mut self, index: usize) {
        if self.item_stack.is_empty() {
            // An item's paragraphs are checked with the item.
            let end = self.matching_end(index);
            let (_, last) = self.text_bounds(index + 1, end);
            if self.check_pasted_list(index) {
                // The paragraph is the pasted list, or its first lines, and E160 says so:
                // the list's attribute line above it and its first item's `{#id}` are that
                // list's, not a line without a list (E020) and a block printed as text
                // (E048). The attribute line marks the list that follows, when one does.
                self.held_for_list = self.pending_list.take();
                let _ = self.check_malformed(last);
            } else {
                self.check_stray_block(index + 1, last, false);
            }
            self.check_heading_without_space(index);
        }
        self.check_pending_list();
        self.block_start = self.out.len();
        self.block_motions = self.motion_refs.len();
        self.open_passage = None;
        self.block_paragraphs = self.paragraphs.len();
        let first = index + 1;
        let number = if self.edits.contains_key(&first) {
            None
        } else {
            self.number_prefix(Some(first))
        };
        match number {
            Some(number) => {
                let mut anchor = String::with_capacity(8);
                anchor.push('p');
                push_decimal(&mut anchor, number as usize);
                self.claim_anchor(&anchor, self.events[index].1.clone());
                let mut open = String::with_capacity(anchor.len() + 32);
                push_all(&mut open, &["<p id=\"", &anchor, "\" class=\"numbered\">"]);
                self.out.push(html(open));
                self.push_paragraph_number(number, true, self.events[index].1.clone());
                self.paragraph_anchor = Some(anchor);
            }
            None => self.out.push(Event::Start(Tag::Paragraph)),
        }
    }

    pub(super) fn push_paragraph_number(
        &mut self,
        number: u32,
        anchor_claimed: bool,
        range: Range<usize>,
    ) {
        let mut digits = String::with_capacity(8);
        push_decimal(&mut digits, number as usize);
        let mut anchor = String::with_capacity(digits.len() + 1);
        push_all(&mut anchor, &["p", &digits]);
        if !anchor_claimed {
            self.claim_anchor(&anchor, range);
        }
        let label = &self.context.labels.paragraph;
        let mut link = String::with_capacity(80 + label.len());
        link.push_str("<a class=\"para-num\"");
        if !anchor_claimed {
            push_all(&mut link, &[" id=\"", &anchor, "\""]);
        }
        push_all(&mut link, &[" href=\"#", &anchor, "\" aria-label=\""]);
        crate::html::escape_into(&mut link, label);
        push_all(&mut link, &[" ", &digits, "\">", &digits, "</a> "]);
        self.paragraph_events.push(self.out.len());
        self.out.push(html(link));
        self.paragraphs.push(NumberedParagraph {
            number,
            anchor,
            text: String::new(),
            in_item: false,
        });
    }

    /// Closes a block (paragraph, heading, item): amendments may not run across blocks, and
    /// the motion references and numbered paragraphs in it will learn their passage's text.
    pub(super) fn close_block(&mut self, end_offset: usize) {
        if let Some(offset) = self.insert_open.take() {
            self.error_at(offset..offset + 3, text!("E050"));
            self.out.push(html("</ins>".into()));
        }
        if let Some(offset) = self.delete_open.take() {
            self.error_at(offset..offset + 3, text!("E051"));
            self.out.push(html("</del>".into()));
        }
        let _ = end_offset;
        self.open_passage = None;
        // Their text is taken from the whole body's plain text when the walk is done,
        // rather than by a pass over each block now.
        let motions = self.block_motions..self.motion_refs.len();
        let paragraphs = self.block_paragraphs..self.paragraphs.len();
        if !motions.is_empty() || !paragraphs.is_empty() {
            self.closed_blocks.push(ClosedBlock {
                motions,
                paragraphs,
                events: self.block_start..self.out.len(),
            });
        }
    }
}
