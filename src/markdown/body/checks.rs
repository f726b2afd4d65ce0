//! Validation of ids, attribute keys, topics and actors, and the diagnostics they produce.

use super::*;

impl<'a> Walker<'a, '_> {
    // ---- checks ---------------------------------------------------------------------

    pub(super) fn check_pending_list(&mut self) {
        if let Some((_, range)) = self.pending_list.take() {
            self.error_at(range, text!("E020"))
        }
    }

    pub(super) fn check_pending_list_at(&mut self, _offset: usize) {
        if self.pending_list.is_some() {
            self.check_pending_list();
        }
    }

    pub(super) fn claim_anchor(&mut self, id: &str, range: Range<usize>) {
        if !crate::content::is_valid_anchor(id) {
            self.error_at(range.clone(), text!("E030", id = id));
        }
        if !self.anchors.insert(id.to_string()) {
            self.error_at(range, text!("E031", id = id));
        }
    }

    /// Claims `base` or, if it is taken, the first of `base-2`, `base-3`, … that is free.
    /// Where each base's search stopped is remembered (anchors are never given back): the
    /// 20,000th heading "Rubrik" or reference `(E2:1)` tried every one taken before it.
    pub(super) fn claim_free_anchor(&mut self, base: String) -> String {
        if !self.anchors.contains(&base) {
            self.anchors.insert(base.clone());
            return base;
        }
        let mut n = self.anchor_suffixes.get(&base).copied().unwrap_or(2);
        let mut candidate = String::with_capacity(base.len() + 4);
        loop {
            candidate.clear();
            candidate.push_str(&base);
            candidate.push('-');
            candidate.push_str(itoa::Buffer::new().format(n));
            n += 1;
            if !self.anchors.contains(&candidate) {
                break;
            }
        }
        self.anchor_suffixes.insert(base, n);
        self.anchors.insert(candidate.clone());
        candidate
    }

    pub(super) fn check_keys(&mut self, attributes: &Attributes, range: Range<usize>) {
        for (key, _) in &attributes.pairs {
            if !ITEM_KEYS.contains(&key.as_str()) {
                // A key far from every known one (`serves=` for `goals=`) gets the list, as
                // an unknown field of the front matter does: without it the author is left
                // to guess.
                let help = match did_you_mean(key, ITEM_KEYS) {
                    Some(nearest) => text!("help.did-you-mean", nearest = nearest),
                    None => text!("E021.help", keys = ITEM_KEYS.join(", ")),
                };
                let diagnostic = Diagnostic::err(text!("E021", key = key)).help(help);
                self.push_diagnostic(diagnostic, range.clone());
            }
        }
    }

    pub(super) fn checked_topics(
        &mut self,
        attributes: &Attributes,
        range: Range<usize>,
    ) -> Vec<String> {
        let vocabulary = self.context.vocabulary;
        let mut topics = Vec::new();
        for topic in attributes.words("topics") {
            if vocabulary.topic(&topic).is_some() {
                topics.push(topic);
            } else if !vocabulary.incomplete.topics {
                let slugs = vocabulary.topics.iter().map(|t| t.slug.as_str());
                let diagnostic = self.unknown_value(text!("E015", value = &topic), &topic, slugs);
                self.push_diagnostic(diagnostic, range.clone());
            }
        }
        topics
    }

    pub(super) fn checked_actors(
        &mut self,
        attributes: &Attributes,
        range: Range<usize>,
    ) -> Vec<String> {
        let vocabulary = self.context.vocabulary;
        let mut actors = Vec::new();
        for actor in attributes.words("to") {
            if vocabulary.actor(&actor).is_some() {
                actors.push(actor);
            } else if let Some(called) = vocabulary.actor_called(&actor) {
                actors.push(called.slug.clone());
            } else if !vocabulary.incomplete.actors {
                let slugs = vocabulary.actors.iter().map(|a| a.slug.as_str());
                let diagnostic = self.unknown_value(text!("E024", value = &actor), &actor, slugs);
                self.push_diagnostic(diagnostic, range.clone());
            }
        }
        actors
    }

    /// "unknown topic `x`", with a suggestion for as many as a file shows: past those, a
    /// suggestion is never seen, and each searched the whole vocabulary.
    fn unknown_value<'v>(
        &self,
        message: Text,
        value: &str,
        candidates: impl IntoIterator<Item = &'v str> + Clone,
    ) -> Diagnostic {
        if self.diagnostics.wants_suggestions() {
            crate::content::unknown_value(message, value, candidates)
        } else {
            Diagnostic::err(message)
        }
    }

    /// Where `written` stands in the attribute block at `range`, or the block when it is not
    /// there (a list line or a heading above gave it).
    pub(super) fn written_in(&self, range: &Range<usize>, written: &str) -> Range<usize> {
        let block = self.source.text.get(range.clone()).unwrap_or_default();
        match block.find(written) {
            Some(at) => range.start + at..range.start + at + written.len(),
            None => range.clone(),
        }
    }

    pub(super) fn error_at(&mut self, range: Range<usize>, message: Text) {
        self.push_diagnostic(Diagnostic::err(message), range);
    }

    pub(super) fn push_diagnostic(&mut self, diagnostic: Diagnostic, range: Range<usize>) {
        self.diagnostics
            .push(self.locator.locate(diagnostic, range));
    }
}

impl Walker<'_, '_> {
    /// A table row with more cells than the table has columns (its first row's): Markdown
    /// drops the cells beyond, and their text is on no page, without a word. A row with
    /// fewer cells is shown with empty ones, as the author sees it.
    pub(super) fn check_table_rows(&mut self, index: usize, columns: usize) {
        let end = self.matching_end(index);
        let rows: Vec<Range<usize>> = self.events[index..end]
            .iter()
            .filter(|(event, _)| matches!(event, Event::Start(Tag::TableRow)))
            .map(|(_, range)| range.clone())
            .collect();
        for row in rows {
            let Some(line) = self.source.text.get(row.clone()) else {
                continue;
            };
            let cells = cells_in_row(line);
            if cells > columns {
                let line = line.trim_end();
                let diagnostic = Diagnostic::err(text!("E149", cells = cells, columns = columns))
                    .help(text!("E149.help"));
                self.push_diagnostic(diagnostic, row.start..row.start + line.len());
            }
        }
    }
}

/// The cells of a table row as GitHub's Markdown splits it: at each `|` not escaped as
/// `\|` (in code too), the outer pipes of the line not counted.
fn cells_in_row(line: &str) -> usize {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let mut pipes = 0usize;
    let mut escaped = false;
    let mut last_pipe = false;
    for c in line.chars() {
        last_pipe = c == '|' && !escaped;
        if last_pipe {
            pipes += 1;
        }
        escaped = c == '\\' && !escaped;
    }
    if last_pipe { pipes } else { pipes + 1 }
}

#[cfg(test)]
mod table_tests {
    use super::cells_in_row;

    #[test]
    fn cells_are_counted_as_markdown_splits_a_row() {
        for (line, cells) in [
            ("| 1 | 2 | 3 |", 3),
            ("1 | 2 | 3", 3),
            ("| a \\| b | c |", 2),
            ("| a |", 1),
            ("| `x|y` | z |", 3),
            ("|  |  |\n", 2),
        ] {
            assert_eq!(cells_in_row(line), cells, "{line}");
        }
    }
}
