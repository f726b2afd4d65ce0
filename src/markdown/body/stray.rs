//! Attribute blocks that would not be read: unclosed, followed by text, joined to the
//! paragraph above, or standing where no item takes them. Each is printed as text on the
//! page, so each is an error rather than a silent loss of the items it marks.

use super::*;
use crate::markdown::attributes::{Malformed, find_malformed_block};
use crate::markdown::inline::loose_paragraph_numbers;

impl<'a> Walker<'a, '_> {
    /// Where `piece`, the end of the text event `index`, lies in the source, unless the
    /// author wrote its brace as `\{`: then it is text, and `None`. Searched in the source
    /// rather than counted, since a merged text run has lost its escapes' backslashes.
    pub(super) fn unescaped_span(&self, index: usize, piece: &str) -> Option<Range<usize>> {
        let range = self.events.get(index)?.1.clone();
        let source = self.source.text.get(range.clone())?;
        let at = range.start + source.rfind(piece)?;
        let escaped = at > 0 && self.source.text.as_bytes().get(at - 1) == Some(&b'\\');
        (!escaped).then(|| at..at + piece.len())
    }

    /// Reports a block at the end of a heading's or item's last text that is not closed or
    /// is followed by text; returns the block when it reported one.
    pub(super) fn check_malformed(&mut self, last: Option<usize>) -> Option<String> {
        let index = last?;
        let Event::Text(text) = &self.events[index].0 else {
            return None;
        };
        let Some(malformed) = find_malformed_block(text) else {
            self.check_bracketed_block(index);
            return None;
        };
        let (diagnostic, piece) = match malformed {
            Malformed::Unclosed(start) => {
                let block = text[start..].trim_end().to_string();
                let diagnostic = Diagnostic::err(text!("E044", block = &block))
                    .help(text!("E044.help", block = &block));
                (diagnostic, block)
            }
            Malformed::TextAfter(start, end) => {
                let block = text[start..end].to_string();
                let after = text[end..].trim_end().to_string();
                let diagnostic = Diagnostic::err(text!("E045", block = &block)).help(text!(
                    "E045.help",
                    block = &block,
                    after = after
                ));
                (diagnostic, text[start..].trim_end().to_string())
            }
        };
        let span = self.unescaped_span(index, &piece)?;
        self.push_diagnostic(diagnostic, span);
        Some(piece)
    }

    /// The last text of the list item at `index` before its end or its first nested list.
    /// Looking no further keeps 10,000 nested plain lists linear: scanning each item's
    /// whole subtree, as an item of a marked list needs, made them quadratic.
    pub(super) fn own_last_text(&self, index: usize) -> Option<usize> {
        let mut depth = 0usize;
        let mut last = None;
        for (offset, (event, _)) in self.events.iter().enumerate().skip(index + 1) {
            match event {
                Event::Start(Tag::List(_)) => return last,
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => return last,
                Event::End(_) => depth -= 1,
                Event::Text(_) => last = Some(offset),
                _ => {}
            }
        }
        last
    }

    /// Reports an attribute block ending a paragraph or an item of an unmarked list: it is
    /// printed as text. A block on a line of its own right under the paragraph's text is an
    /// attribute line that lacks its blank line.
    pub(super) fn check_stray_block(&mut self, first: usize, last: Option<usize>, in_item: bool) {
        let _ = self.check_malformed(last);
        let Some(index) = last else { return };
        let Event::Text(text) = &self.events[index].0 else {
            return;
        };
        let Some((start, block)) = find_trailing_block(text) else {
            return;
        };
        let block = block.to_string();
        if !matches!(block.chars().nth(1), Some('#' | '.')) && !block.contains('=')
            || parse_attribute_block(&block).is_err()
        {
            return;
        }
        let on_own_line =
            start == 0 && index > first && matches!(self.events[index - 1].0, Event::SoftBreak);
        if on_own_line {
            let kind = block_kind(&block);
            if kind.is_some() {
                let section = self.id_section().0;
                let reason = text!("lost.line-joined", block = &block);
                let offset = self.events[index].1.start;
                self.lose_marking(offset, kind, section, reason);
            }
        }
        let diagnostic = if on_own_line {
            Diagnostic::err(text!("E046", block = &block)).help(text!("E046.help", block = &block))
        } else if in_item {
            Diagnostic::err(text!("E047", block = &block)).help(text!("E047.help"))
        } else {
            Diagnostic::err(text!("E048", block = &block)).help(text!("E048.help"))
        };
        if let Some(span) = self.unescaped_span(index, &block) {
            self.push_diagnostic(diagnostic, span);
        }
    }

    /// Closes the innermost section. A heading that marks a kind with neither a list nor
    /// an item beneath it lost its list: `1.Text` without its space, a list turned into a
    /// paragraph, reads as text, and the goals would be in no index, without a word. (A
    /// list that is there but not read, its class misspelt, is reported as that.)
    pub(super) fn close_section(&mut self) {
        let Some(section) = self.sections.pop() else {
            return;
        };
        if let (Some(kind), Some((range, items, lists))) = (section.marks, section.marked)
            && self.items.len() == items
            && self.lists_begun == lists
        {
            let diagnostic =
                Diagnostic::err(text!("E135", class = kind.plural())).help(text!("E135.help"));
            self.push_diagnostic(diagnostic, range);
        }
    }
}

impl Walker<'_, '_> {
    /// A line of an item that begins like the next item but for its space (`3.Alla`,
    /// `-Skicka`) is read as more text of this item: the item it was meant to be is lost
    /// from every index, and nothing else would say so.
    pub(super) fn check_glued_items(&mut self, index: usize, end: usize) {
        let item = self.events[index].1.clone();
        // The item's own lines: a sublist's items are items, not lines of this one.
        let own_end = self.events[index + 1..end]
            .iter()
            .find(|(event, _)| matches!(event, Event::Start(Tag::List(_))))
            .map_or(item.end, |(_, range)| range.start);
        let Some(text) = self.source.text.get(item.start..own_end.max(item.start)) else {
            return;
        };
        let mut offset = item.start;
        let mut glued = Vec::new();
        let mut bullets = Vec::new();
        let mut indented = Vec::new();
        let mut hard_spaced = Vec::new();
        // The number the next item of this list would have: a line opening with it is that
        // item, lost; another number (`5. maj beslutade …` wrapped onto its own line) is text.
        let mut next_number = super::lost_items::leading_number(text).map(|n| n + 1);
        for (n, line) in text.split_inclusive('\n').enumerate() {
            let trimmed = line.trim_start();
            if n > 0
                && super::list_markers::starts_like_a_list_item(trimmed)
                && super::lost_items::lost_item(trimmed, next_number)
            {
                // `2. …` cannot break into a paragraph: indented under item 1, it is its text.
                let start = offset + (line.len() - trimmed.len());
                let marker = trimmed.split_whitespace().next().unwrap_or("").to_string();
                indented.push((offset..start + trimmed.trim_end().len(), marker));
                next_number = super::lost_items::leading_number(trimmed)
                    .map(|n| n + 1)
                    .or(next_number);
            } else if let Some(bullet) = word_bullet(trimmed).filter(|_| n > 0) {
                let start = offset + (line.len() - trimmed.len());
                let line = trimmed.trim_end();
                let mut written = line.chars().take(24).collect::<String>();
                if written.len() < line.len() {
                    written.push('…');
                }
                bullets.push((start..start + trimmed.trim_end().len(), written, bullet));
            } else if let Some(marker) =
                super::pasted_lists::hard_spaced_marker(trimmed).filter(|_| n > 0)
            {
                let start = offset + (line.len() - trimmed.len());
                hard_spaced.push((start..start + trimmed.trim_end().len(), marker.to_string()));
            } else if n > 0 && marker_without_space(trimmed) {
                let start = offset + (line.len() - trimmed.len());
                let end = start + trimmed.trim_end().len();
                glued.push((
                    start..end,
                    trimmed.split_whitespace().next().unwrap_or("").to_string(),
                ));
            }
            offset += line.len();
        }
        for (range, written) in glued {
            let diagnostic =
                Diagnostic::err(text!("E136", written = &written)).help(text!("E136.help"));
            self.push_diagnostic(diagnostic, range);
        }
        for (range, marker) in indented {
            let diagnostic = Diagnostic::err(text!("E148", marker = &marker))
                .help(text!("E148.help", marker = &marker));
            self.push_diagnostic(diagnostic, range);
        }
        for (range, marker) in hard_spaced {
            let written = super::pasted_lists::shown_line(&self.source.text[range.clone()]);
            let diagnostic = Diagnostic::err(text!("E161", written = written, marker = &marker))
                .help(text!("E161.help", marker = &marker));
            self.push_diagnostic(diagnostic, range);
        }
        for (range, written, bullet) in bullets {
            let diagnostic = Diagnostic::err(text!("E147", written = written, bullet = bullet))
                .help(text!("E147.help", bullet = bullet));
            self.push_diagnostic(diagnostic, range);
        }
    }
}

impl Walker<'_, '_> {
    /// `{§ 5}`, `{§5a}`, `{§}` or `{ §5}` in a text run is printed as written, and the margin
    /// number the author meant is missing without a word. Read in the source under the run,
    /// where a `\{` the author escaped is still there.
    pub(super) fn check_loose_paragraph_numbers(&mut self, text: &str, range: Range<usize>) {
        if !text.contains('§') {
            return;
        }
        let Some(source) = self.source.text.get(range.clone()) else {
            return;
        };
        for loose in loose_paragraph_numbers(source) {
            let written = &source[loose.range.clone()];
            let diagnostic = Diagnostic::err(text!("E139", written = written));
            let diagnostic = match loose.meant {
                Some(number) => {
                    diagnostic.help(text!("E139.help-meant", meant = format!("{{§{number}}}")))
                }
                None => diagnostic.help(text!("E139.help")),
            };
            let at = range.start + loose.range.start..range.start + loose.range.end;
            self.push_diagnostic(diagnostic, at);
        }
    }
}

impl Walker<'_, '_> {
    /// `(.goals)`, `[.goals]` or `.goals}` ending the line of the text event `index`: a
    /// block in the wrong brackets or without its `{`, printed as text, and the section or
    /// list it marks is read as plain text. Read on the source line, where the brackets of
    /// `[.goals]` are still one piece of text.
    fn check_bracketed_block(&mut self, index: usize) {
        let end = self.events[index].1.end;
        let text = self.source.text.as_str();
        let line_start = text
            .get(..end)
            .and_then(|b| b.rfind('\n'))
            .map_or(0, |n| n + 1);
        let line_end = text
            .get(end..)
            .and_then(|a| a.find('\n'))
            .map_or(text.len(), |n| end + n);
        let Some(line) = text.get(line_start..line_end) else {
            return;
        };
        let Some((offset, inner)) = bracketed_block(line) else {
            return;
        };
        let written = line[offset..].trim_end().to_string();
        let meant = format!("{{{}}}", inner.trim());
        let diagnostic = Diagnostic::err(text!("E146", written = &written))
            .help(text!("E146.help", meant = meant));
        let at = line_start + offset..line_start + offset + written.len();
        self.push_diagnostic(diagnostic, at);
    }
}

/// Where a block of planpress classes in the wrong brackets, or without its `{`, starts at
/// the end of `line`, and what it holds: only classes, ids and keys, one a planpress class.
fn bracketed_block(line: &str) -> Option<(usize, &str)> {
    let trimmed = line.trim_end();
    let (start, inner) = match trimmed.chars().next_back()? {
        close @ (')' | ']') => {
            let open = if close == ')' { '(' } else { '[' };
            let start = trimmed.rfind(open)?;
            let before = trimmed[..start].chars().next_back();
            if !before.is_none_or(char::is_whitespace) {
                return None;
            }
            (start, &trimmed[start + 1..trimmed.len() - 1])
        }
        '}' if !trimmed.contains('{') => {
            let body = &trimmed[..trimmed.len() - 1];
            // Back over the words that read as a block's: `.goals`, `#id`, `key="…"`.
            let mut start = body.len();
            loop {
                let head = body[..start].trim_end();
                let word_start = head
                    .char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())
                    .map_or(0, |(at, c)| at + c.len_utf8());
                let word = &head[word_start..];
                if word.is_empty() || !(word.starts_with(['.', '#']) || word.contains('=')) {
                    break;
                }
                start = word_start;
            }
            (start, &body[start..])
        }
        _ => return None,
    };
    let mut words = inner.split_whitespace().peekable();
    words.peek()?;
    let mut marks = false;
    for word in words {
        if let Some(class) = word.strip_prefix('.') {
            marks |= SECTION_CLASSES.contains(&class)
                || super::placement::meant_class(class, SECTION_CLASSES).is_some();
        } else if !(word.starts_with('#') || word.contains('=')) {
            return None;
        }
    }
    marks.then_some((start, inner))
}

/// The bullet a word processor writes (`•`, `–`, `—`, `·`, `▪`, `◦`, `✓`) opening `line` before a
/// space: pasted from Word, the line looks like an item and is read as more text of the one
/// above.
pub(super) fn word_bullet(line: &str) -> Option<char> {
    let mut chars = line.chars();
    let bullet = chars
        .next()
        .filter(|c| matches!(c, '•' | '–' | '—' | '·' | '▪' | '◦' | '‣' | '●' | '✓' | '✔'))?;
    chars.next().filter(|c| c.is_whitespace()).map(|_| bullet)
}

/// `3.Alla` or `-Skicka`: a list marker with a letter right after it.
fn marker_without_space(line: &str) -> bool {
    super::list_markers::after_list_marker(line)
        .and_then(|rest| rest.chars().next())
        .is_some_and(char::is_alphabetic)
}

/// The item kind the classes of a block, perhaps unclosed or misspelt, name.
pub(super) fn block_kind(block: &str) -> Option<ItemKind> {
    block
        .trim_start_matches('{')
        .trim_end_matches('}')
        .split_whitespace()
        .filter_map(|word| word.strip_prefix('.'))
        .find_map(super::placement::kind_of_class)
}

#[cfg(test)]
mod glued_tests {
    use super::{bracketed_block, marker_without_space, word_bullet};

    #[test]
    fn a_word_processor_bullet_is_told_from_a_dash_in_text() {
        for (line, bullet) in [
            ("• Nya", '•'),
            ("– Alla", '–'),
            ("—\tAlla", '—'),
            ("▪ x", '▪'),
        ] {
            assert_eq!(word_bullet(line), Some(bullet), "{line}");
        }
        for line in ["–Alla", "- Alla", "2015–2016", "•", "text – mer"] {
            assert_eq!(word_bullet(line), None, "{line}");
        }
    }

    #[test]
    fn a_block_in_the_wrong_brackets_is_told_from_text() {
        for (line, inner) in [
            ("#### Målsättningar (.goals)", ".goals"),
            ("#### Målsättningar [.goals]", ".goals"),
            ("#### Målsättningar .goals}", ".goals"),
            ("#### Mål .goals topics=\"a\"}", ".goals topics=\"a\""),
            ("(.recommendations)", ".recommendations"),
            ("## Medel (#medel .aktiviteter)  ", "#medel .aktiviteter"),
        ] {
            let found = bracketed_block(line).map(|(start, inner)| (&line[start..], inner));
            assert_eq!(found.map(|(_, inner)| inner), Some(inner), "{line}");
        }
        for line in [
            "Vi ska öka (från 8,6 %)",
            "Se [länken]",
            "#### Mål {.goals}",
            "text (.stilklass)",
            "Kostnad (ca 10 kr)",
            "x(.goals)",
            "()",
            "}",
        ] {
            assert_eq!(bracketed_block(line), None, "{line}");
        }
    }

    #[test]
    fn a_marker_glued_to_its_word_is_told_from_text() {
        for line in ["3.Alla", "-Skicka", "12)Mål", "*Ett", "1.älg"] {
            assert!(marker_without_space(line), "{line}");
        }
        for line in [
            "3. Alla",
            "- Skicka",
            "2024-2025",
            "-",
            "1.5 miljoner",
            "text",
            "--",
            "1234567890.Ab",
        ] {
            assert!(!marker_without_space(line), "{line}");
        }
    }
}
