//! Look-ahead over the events of a block: where it ends, its first and last text, and the
//! `§N` prefix and attribute block those hold.

use super::*;

impl<'a> Walker<'a, '_> {
    // ---- pre-scans ------------------------------------------------------------------

    /// The index of the `End` event that closes the `Start` at `index`.
    pub(super) fn matching_end(&self, index: usize) -> usize {
        let mut depth = 0usize;
        for (offset, (event, _)) in self.events[index..].iter().enumerate() {
            match event {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth -= 1;
                    if depth == 0 {
                        return index + offset;
                    }
                }
                _ => {}
            }
        }
        self.events.len().saturating_sub(1)
    }

    /// The first and last text events of a block's own content, outside nested lists.
    pub(super) fn text_bounds(&self, from: usize, to: usize) -> (Option<usize>, Option<usize>) {
        let mut nested = 0usize;
        let mut first = None;
        let mut last = None;
        for index in from..to {
            match &self.events[index].0 {
                Event::Start(Tag::List(_)) => nested += 1,
                Event::End(TagEnd::List(_)) => nested = nested.saturating_sub(1),
                Event::Text(_) if nested == 0 => {
                    first.get_or_insert(index);
                    last = Some(index);
                }
                _ => {}
            }
        }
        // The prefix only counts when the block opens with text.
        let opens_with_text = (from..to)
            .find(|&i| !matches!(self.events[i].0, Event::Start(Tag::Paragraph)))
            .is_some_and(|i| Some(i) == first);
        (first.filter(|_| opens_with_text), last)
    }

    /// The attribute block that ends a heading's or item's text, and where it stands.
    pub(super) fn trailing_attributes(
        &mut self,
        last: Option<usize>,
    ) -> Option<(Attributes, Range<usize>)> {
        let index = last?;
        let (Event::Text(text), _) = &self.events[index] else {
            return None;
        };
        let (start, block) = find_trailing_block(text)?;
        let block = block.to_string();
        let keep_end = text[..start].trim_end().len();
        // `\{#id}` is text; and the source, not the merged text, says where the block is.
        let at = self.unescaped_span(index, &block)?;
        match parse_attribute_block(&block) {
            Ok(attributes) => {
                self.edits.entry(index).or_default().keep_end = Some(keep_end);
                self.check_second_block(index, keep_end, &block);
                Some((attributes, at))
            }
            Err(message) => {
                self.error_at(at, message);
                self.edits.entry(index).or_default().keep_end = Some(keep_end);
                None
            }
        }
    }

    /// `{topics="x"} {.goals}`: only the last block is read, the one before it is printed
    /// as the heading's or item's text, and what it sets (the topics, the id) is lost.
    fn check_second_block(&mut self, index: usize, keep_end: usize, last: &str) {
        let Event::Text(text) = &self.events[index].0 else {
            return;
        };
        let Some((_, block)) = find_trailing_block(&text[..keep_end]) else {
            return;
        };
        if parse_attribute_block(block).is_err() {
            return;
        }
        let (block, last) = (block.to_string(), last.to_string());
        let Some(span) = self.unescaped_span(index, &block) else {
            return;
        };
        let inner = |b: &str| {
            b.trim_start_matches('{')
                .trim_end_matches('}')
                .trim()
                .to_string()
        };
        let meant = format!("{{{} {}}}", inner(&block), inner(&last));
        let diagnostic =
            Diagnostic::err(text!("E152", block = &block)).help(text!("E152.help", meant = meant));
        self.push_diagnostic(diagnostic, span);
    }

    pub(super) fn number_prefix(&mut self, first: Option<usize>) -> Option<u32> {
        let index = first?;
        let (Event::Text(text), _) = &self.events[index] else {
            self.check_emphasised_number(index);
            return None;
        };
        let Some((number, length)) = paragraph_number_prefix(text) else {
            self.check_loose_prefix(index);
            return None;
        };
        self.edits.entry(index).or_default().skip_start = length;
        Some(number)
    }

    /// `**§12** Text`, the number in bold as a printed plan may show it: the paragraph has
    /// no number in the margin, without a word, as with a space after the `§`.
    fn check_emphasised_number(&mut self, index: usize) {
        let (Event::Start(Tag::Strong | Tag::Emphasis), range) = &self.events[index] else {
            return;
        };
        let Some((Event::Text(inner), _)) = self.events.get(index + 1) else {
            return;
        };
        let whole = paragraph_number_prefix(inner.trim_end())
            .filter(|(_, length)| *length == inner.trim_end().len());
        let Some((number, _)) = whole else {
            return;
        };
        let range = range.clone();
        let written = self
            .source
            .text
            .get(range.clone())
            .unwrap_or("")
            .to_string();
        let diagnostic = Diagnostic::err(text!("E145", written = written))
            .help(text!("E145.help", meant = format!("§{number} …")));
        self.push_diagnostic(diagnostic, range);
    }

    /// `§ 12 Text` or `§12. Text` opening a block is printed as written, and the numbered
    /// paragraph the author meant is missing from the margin and the anchors, without a word.
    fn check_loose_prefix(&mut self, index: usize) {
        let (Event::Text(text), range) = &self.events[index] else {
            return;
        };
        let Some((number, length)) = super::super::inline::loose_paragraph_prefix(text) else {
            return;
        };
        let written = text[..length].to_string();
        let at = match self.source.text.get(range.clone()) {
            Some(source) if source.starts_with(&written) => range.start..range.start + length,
            _ => range.clone(),
        };
        let diagnostic = Diagnostic::err(text!("E145", written = &written))
            .help(text!("E145.help", meant = format!("§{number} …")));
        self.push_diagnostic(diagnostic, at);
    }

    pub(super) fn plain_text_between(&self, from: usize, to: usize) -> String {
        let mut text = String::new();
        for index in from..to {
            if let (Event::Text(t) | Event::Code(t), _) = &self.events[index] {
                let edit = self.edits.get(&index).copied().unwrap_or_default();
                let end = edit.keep_end.unwrap_or(t.len()).min(t.len());
                text.push_str(&t[edit.skip_start.min(end)..end]);
            }
        }
        plain_inline(&text)
    }

    pub(super) fn plain_text_out(&self, range: Range<usize>) -> String {
        plain_text(&self.out[range])
    }
}
