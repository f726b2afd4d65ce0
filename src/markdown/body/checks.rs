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
            let free = self.free_anchor_like(id);
            let help = match written_id_line(&self.source.text, range.start, id) {
                Some(line) => text!("E031.help-line", id = id, line = line, free = free),
                None => text!("E031.help", free = free),
            };
            self.push_diagnostic(Diagnostic::err(text!("E031", id = id)).help(help), range);
        }
    }

    /// The first of `id-2`, `id-3`, … that no heading or item has taken so far: an id to
    /// offer an author whose `{#id}` is taken, not claimed until they write it.
    fn free_anchor_like(&self, id: &str) -> String {
        (2..)
            .map(|n| format!("{id}-{n}"))
            .find(|candidate| !self.anchors.contains(candidate))
            .unwrap_or_else(|| id.to_string())
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

/// The line where `{#id}` is first written before `before`, when the id taken is one the
/// author wrote (a derived id is written nowhere). Only on the error's path.
fn written_id_line(text: &str, before: usize, id: &str) -> Option<usize> {
    let head = text.get(..before)?;
    let needle = format!("#{id}");
    head.match_indices(&needle)
        .find(|&(at, _)| {
            let after = head[at + needle.len()..].chars().next();
            after.is_none_or(|c| c == '}' || c == '.' || c.is_whitespace())
        })
        .map(|(at, _)| line_column(text, at).0)
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

#[cfg(test)]
mod tests {
    use super::written_id_line;

    #[test]
    fn the_line_of_an_id_written_earlier_is_found_and_a_longer_id_is_not_it() {
        let text = "# A\n\n- Ett. {#samma}\n- Två. {#samma}\n";
        let second = text.rfind("{#samma}").unwrap_or_default();
        assert_eq!(written_id_line(text, second, "samma"), Some(3));
        let longer = "- Ett. {#sammanfattning}\n- Två. {#samma}\n";
        let at = longer.rfind("{#samma}").unwrap_or_default();
        assert_eq!(written_id_line(longer, at, "samma"), None);
        assert_eq!(
            written_id_line("[se](#samma)\n- {#samma}", 13, "samma"),
            None
        );
    }
}
