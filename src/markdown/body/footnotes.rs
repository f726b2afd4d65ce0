//! Footnotes (`text[^1]` and, on a line of its own, `[^1]: The note.`) are Markdown's, and
//! pulldown-cmark makes a reference with its definition a link to the note. A reference
//! whose definition is missing is left as text: the page shows `[^1]` as written, so it is
//! reported. The note's id is `fn-` and its label: pulldown-cmark's own HTML gives it the bare
//! label (`id="1"`), which a heading or a permalink of the page may have as well.

use super::*;

/// How long a footnote's label may be: a `[^` further from its `]` is text, not a slip.
const LABEL_REACH: usize = 60;

impl Walker<'_, '_> {
    /// Each `[^label]` in the text run at `range` of the source: a reference the parser
    /// would have made a footnote had its definition been written. An escaped `\[^` is text.
    pub(super) fn check_undefined_footnotes(&mut self, range: &Range<usize>) {
        let Some(source) = self.source.text.get(range.clone()) else {
            return;
        };
        let mut found: Vec<(Range<usize>, String)> = Vec::new();
        for (at, _) in source.match_indices("[^") {
            let escaped = at > 0 && source.as_bytes()[at - 1] == b'\\';
            let rest = &source[at + 2..];
            // Looked for within a label's reach: a run of `[^` without `]` costs its length.
            let reach = &rest.as_bytes()[..rest.len().min(LABEL_REACH + 1)];
            let Some(end) = memchr::memchr(b']', reach) else {
                continue;
            };
            let label = &rest[..end];
            let word = !label.is_empty()
                && !label.contains(|c: char| c.is_whitespace() || c == '[' || c == '^');
            if !escaped && word {
                found.push((at..at + 3 + end, label.to_string()));
            }
        }
        for (span, label) in found {
            let written = format!("[^{label}]");
            let diagnostic = Diagnostic::err(text!("E154", written = &written))
                .help(text!("E154.help", written = &written));
            self.push_diagnostic(diagnostic, range.start + span.start..range.start + span.end);
        }
    }
}

impl Walker<'_, '_> {
    /// The number of the footnote `label`: notes are numbered in the order their labels first
    /// appear, reference or note, as pulldown-cmark numbers them.
    fn footnote_number(&mut self, label: &str) -> usize {
        match self.footnotes.iter().position(|known| known == label) {
            Some(at) => at + 1,
            None => {
                self.footnotes.push(label.to_string());
                self.footnotes.len()
            }
        }
    }

    pub(super) fn footnote_reference(&mut self, label: &str) {
        let number = self.footnote_number(label);
        self.out.push(html(format!(
            "<sup class=\"footnote-reference\"><a href=\"#fn-{}\">{number}</a></sup>",
            crate::html::escape(label)
        )));
    }

    /// Opens the note; the parser's end of the definition closes its `div`.
    pub(super) fn footnote_definition(&mut self, label: &str) {
        let number = self.footnote_number(label);
        self.out.push(html(format!(
            "<div class=\"footnote-definition\" id=\"fn-{}\"><sup class=\"footnote-definition-label\">{number}</sup>\n",
            crate::html::escape(label)
        )));
    }
}
