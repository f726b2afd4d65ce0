//! Footnotes (`text[^1]` and, on a line of its own, `[^1]: The note.`) are Markdown's, and
//! pulldown-cmark makes a reference with its definition a link to the note. A reference
//! whose definition is missing is left as text: the page shows `[^1]` as written, so it is
//! reported. The note's id is `fn-` and its label in lower case: pulldown-cmark's own HTML
//! gives it the bare label (`id="1"`), which a heading or a permalink of the page may have as
//! well. A note nothing refers to is a warning (W007).

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
            let defined = &self.footnotes_counted().definitions;
            // `[^kalla]` beside a note `[^källa]`: the label is misspelt, not the note missing.
            let help = match did_you_mean(&label_key(&label), defined.iter().map(String::as_str)) {
                Some(nearest) => text!("help.did-you-mean", nearest = format!("[^{nearest}]")),
                None => text!("E154.help", written = &written),
            };
            let diagnostic = Diagnostic::err(text!("E154", written = &written)).help(help);
            self.push_diagnostic(diagnostic, range.start + span.start..range.start + span.end);
        }
    }
}

/// The footnotes of a document as the walk meets them.
#[derive(Default)]
pub(super) struct Footnotes {
    /// Each note's label and the references to it seen so far, in the order the labels
    /// first appear (reference or note), which numbers them as pulldown-cmark does.
    notes: Vec<(String, usize)>,
    /// The label of the note being written, whose end gets the links back, and where its
    /// `[^label]:` stands.
    open: Option<(String, Range<usize>)>,
    /// The whole document's references and notes, counted when first asked for: a note is
    /// usually written after its references, but may stand before.
    counted: Option<Counted>,
}

struct Counted {
    /// How many references each label has.
    references: HashMap<String, usize>,
    /// The labels of the notes written.
    definitions: Vec<String>,
}

impl Walker<'_, '_> {
    fn footnotes_counted(&mut self) -> &Counted {
        let events = &self.events;
        self.footnotes.counted.get_or_insert_with(|| {
            let mut counted = Counted {
                references: HashMap::new(),
                definitions: Vec::new(),
            };
            for (event, _) in events {
                match event {
                    Event::FootnoteReference(label) => {
                        *counted.references.entry(label_key(label)).or_insert(0) += 1;
                    }
                    Event::Start(Tag::FootnoteDefinition(label)) => {
                        counted.definitions.push(label_key(label));
                    }
                    _ => {}
                }
            }
            counted
        })
    }
}

impl Walker<'_, '_> {
    /// The number of the footnote `label` and its entry.
    fn footnote_entry(&mut self, label: &str) -> (usize, &mut (String, usize)) {
        let notes = &mut self.footnotes.notes;
        let at = match notes.iter().position(|(known, _)| known == label) {
            Some(at) => at,
            None => {
                notes.push((label.to_string(), 0));
                notes.len() - 1
            }
        };
        (at + 1, &mut notes[at])
    }

    /// A raised number linking to the note, named "Fotnot 1" to a screen reader (a bare
    /// "1" says nothing), with an id of its own for the note's way back: `fnref-` and the
    /// label, then `-2`, `-3` for further references to the same note.
    pub(super) fn footnote_reference(&mut self, label: &str) {
        let key = label_key(label);
        let (number, (_, seen)) = self.footnote_entry(&key);
        *seen += 1;
        let id = reference_id(&key, *seen);
        let name = escape(&self.context.labels.footnote);
        self.out.push(html(format!(
            "<sup class=\"footnote-reference\" id=\"{id}\"><a href=\"#fn-{}\"><span class=\"visually-hidden\">{name} </span>{number}</a></sup>",
            escape(&key)
        )));
    }

    /// Opens the note written at `range`; [`Walker::footnote_definition_end`] closes it.
    pub(super) fn footnote_definition(&mut self, label: &str, range: Range<usize>) {
        let key = label_key(label);
        let (number, _) = self.footnote_entry(&key);
        let written = range.start..(range.start + label.len() + 3).min(range.end);
        self.footnotes.open = Some((label.to_string(), written));
        self.out.push(html(format!(
            "<div class=\"footnote-definition\" id=\"fn-{}\"><sup class=\"footnote-definition-label\">{number}</sup>\n",
            escape(&key)
        )));
    }

    /// The way back from the note to each reference to it ("↩", then "↩²" …), as a member
    /// who followed the number on a phone expects, before the parser's `</div>`. A note
    /// nothing refers to has none: its link would lead nowhere, and it is a warning (W007),
    /// since the note's place in the text was lost or its label misspelt there.
    pub(super) fn footnote_definition_end(&mut self) {
        let Some((label, written)) = self.footnotes.open.take() else {
            return;
        };
        let key = label_key(&label);
        let count = self
            .footnotes_counted()
            .references
            .get(&key)
            .copied()
            .unwrap_or(0);
        if count == 0 {
            let written_label = format!("[^{label}]");
            let diagnostic = Diagnostic::warn(text!("W007", written = &written_label))
                .help(text!("W007.help", written = &written_label));
            self.push_diagnostic(diagnostic, written);
        }
        let back = escape(&self.context.labels.footnote_back);
        let mut links = String::new();
        for nth in 1..=count {
            // One reference is "↩", "Tillbaka till hänvisning"; several are numbered.
            let (mark, spoken) = match count {
                1 => (String::new(), String::new()),
                _ => (format!("<sup>{nth}</sup>"), format!(" {nth}")),
            };
            links.push_str(&format!(
                " <a class=\"footnote-backref\" href=\"#{}\"><span aria-hidden=\"true\">↩{mark}</span><span class=\"visually-hidden\">{back}{spoken}</span></a>",
                reference_id(&key, nth)
            ));
        }
        if !links.is_empty() {
            self.out.push(html(links));
        }
    }
}

/// A label as the parser matches a reference with its note, regardless of case (`[^Not]`
/// is the note `[^not]`): numbering and ids by the label as written gave the two different
/// numbers, and the reference a link to an id the page did not have.
fn label_key(label: &str) -> String {
    label.to_lowercase()
}

/// The id of the `nth` reference to the note `label`, escaped for an attribute.
fn reference_id(label: &str, nth: usize) -> String {
    match nth {
        1 => format!("fnref-{}", escape(label)),
        _ => format!("fnref-{}-{nth}", escape(label)),
    }
}
