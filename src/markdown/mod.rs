//! The parse stage: a [`SourceFile`] becomes a [`Document`]: front matter checked against the
//! vocabularies, Markdown turned into HTML, and every item, heading, link and motion
//! reference recorded with its position. Parsing needs nothing from other documents, so
//! documents parse in parallel and the preview server can keep unchanged ones.

mod attributes;
mod body;
mod highlight;
mod inline;
mod links;
pub mod site_links;

use pulldown_cmark::{CowStr, Event, Options, Parser};

use crate::config::Config;
use crate::content::{
    SourceFile, Vocabulary, fallback_meta, parse_front_matter, split_front_matter,
};
use crate::diagnostic::Diagnostic;
use crate::document::{Body, Document};

pub use crate::document::parse_link_target;
pub use attributes::{Attributes, parse_attribute_block};
pub use inline::motion_anchor;
pub use links::doc_url;

/// Words the parse stage writes into the body itself (accessible names of permalinks and
/// paragraph numbers), taken from the theme's UI strings so the page stays in one language.
#[derive(Debug, Clone, Hash)]
pub struct MarkupLabels {
    pub permalink: String,
    pub paragraph: String,
    pub motion: String,
    /// What a screen reader says before a footnote's number ("Fotnot 1").
    pub footnote: String,
    /// The name of a note's link back to the text that refers to it.
    pub footnote_back: String,
}

impl Default for MarkupLabels {
    fn default() -> Self {
        MarkupLabels {
            permalink: "Permalänk till".into(),
            paragraph: "Stycke".into(),
            motion: "Motion".into(),
            footnote: "Fotnot".into(),
            footnote_back: "Tillbaka till hänvisning".into(),
        }
    }
}

pub struct ParseContext<'a> {
    pub config: &'a Config,
    pub vocabulary: &'a Vocabulary,
    pub labels: &'a MarkupLabels,
}

/// A document, when its front matter could be read, and every problem found in it. A
/// document with errors in its body is still returned, so that links into it can be checked.
#[derive(Debug)]
pub struct ParseOutcome {
    pub document: Option<Document>,
    /// The document's body, for its page alone (empty without a document).
    pub body: Body,
    pub diagnostics: Vec<Diagnostic>,
}

pub fn parse_document(source: &SourceFile, context: &ParseContext<'_>) -> ParseOutcome {
    let path = &source.display_path;
    let split = match split_front_matter(&source.text, path) {
        Ok(split) => split,
        Err(diagnostic) => {
            return ParseOutcome {
                document: None,
                body: Body::default(),
                diagnostics: vec![diagnostic],
            };
        }
    };
    // A front matter that fails still lets the body be checked, with defaults for what
    // could not be read: one build lists the errors of both.
    let (meta, mut front_errors) = match parse_front_matter(
        &split,
        &source.text,
        path,
        &context.config.kinds,
        context.vocabulary,
    ) {
        Ok(meta) => (meta, Vec::new()),
        Err(diagnostics) => (
            fallback_meta(&source.rel_path, &context.config.kinds),
            diagnostics,
        ),
    };
    let events = collect_events(split.body, split.body_offset);
    let doc_path = source
        .rel_path
        .strip_suffix(".md")
        .unwrap_or(&source.rel_path)
        .to_string();
    let (document, body, diagnostics) = body::walk_body(events, source, doc_path, meta, context);
    front_errors.extend(diagnostics);
    ParseOutcome {
        document: Some(document),
        body,
        diagnostics: front_errors,
    }
}

fn markdown_options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_WIKILINKS
        | Options::ENABLE_FOOTNOTES
}

/// Collects the events with file offsets, merging adjacent text runs, which pulldown-cmark
/// splits at characters that might have started markup; the inline syntax (`{++`, `(E2:1)`)
/// must see whole runs.
fn collect_events(body: &str, body_offset: usize) -> Vec<(Event<'_>, std::ops::Range<usize>)> {
    // About one event per this many bytes of Markdown; a guess that spares most of the
    // vector's regrowth and copying.
    const BYTES_PER_EVENT: usize = 24;
    let mut events: Vec<(Event<'_>, std::ops::Range<usize>)> =
        Vec::with_capacity(body.len() / BYTES_PER_EVENT + 16);
    // Whether the last event is text that is exactly the source under its range: two such
    // runs side by side merge into one borrowed slice of the source, without copying.
    let mut last_is_source = false;
    // The last event's text while runs are appended to it by copying: grown in place and put
    // into the event when a run of another kind comes. Made anew at every run, a line of a
    // million backslashes (each escape its own run) copied its text a million times.
    let mut merged: Option<String> = None;
    for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
        // Told by where the text lies rather than by comparing its bytes with the source's,
        // which was one more pass over nearly all of the text: a run borrowed at its own
        // range is the source there. Any other run, even one equal to its source, is merged
        // by copying, to the same text.
        let is_source = matches!(
            &event,
            Event::Text(CowStr::Borrowed(text))
                if body.get(range.clone()).is_some_and(|source| {
                    std::ptr::eq(source.as_ptr(), text.as_ptr()) && source.len() == text.len()
                })
        );
        let range = range.start + body_offset..range.end + body_offset;
        if let (Event::Text(text), Some((Event::Text(previous), previous_range))) =
            (&event, events.last_mut())
        {
            let source_start = previous_range.start - body_offset;
            let contiguous = last_is_source && is_source && previous_range.end == range.start;
            match body.get(source_start..range.end - body_offset) {
                Some(joined) if contiguous => *previous = CowStr::Borrowed(joined),
                _ => {
                    merged
                        .get_or_insert_with(|| {
                            let mut first = String::with_capacity(previous.len() + text.len());
                            first.push_str(previous);
                            first
                        })
                        .push_str(text);
                    last_is_source = false;
                }
            }
            previous_range.end = range.end;
            continue;
        }
        put_merged(&mut events, &mut merged);
        last_is_source = is_source;
        events.push((event, range));
    }
    put_merged(&mut events, &mut merged);
    events
}

/// Puts the text merged so far into the last event, which it belongs to.
fn put_merged(events: &mut [(Event<'_>, std::ops::Range<usize>)], merged: &mut Option<String>) {
    if let (Some(text), Some((Event::Text(previous), _))) = (merged.take(), events.last_mut()) {
        *previous = text.into();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The merge as it was: every adjacent pair of text runs copied into one string.
    fn collect_by_copying(
        body: &str,
        body_offset: usize,
    ) -> Vec<(Event<'_>, std::ops::Range<usize>)> {
        let mut events: Vec<(Event<'_>, std::ops::Range<usize>)> = Vec::new();
        for (event, range) in Parser::new_ext(body, markdown_options()).into_offset_iter() {
            let range = range.start + body_offset..range.end + body_offset;
            if let (Event::Text(text), Some((Event::Text(previous), previous_range))) =
                (&event, events.last_mut())
            {
                *previous = format!("{previous}{text}").into();
                previous_range.end = range.end;
                continue;
            }
            events.push((event, range));
        }
        events
    }

    #[test]
    fn runs_split_where_markup_might_start_merge_without_copying() {
        let body = "ett_två*tre [fyra";
        let events = collect_events(body, 0);
        let texts: Vec<&CowStr<'_>> = events
            .iter()
            .filter_map(|(event, _)| match event {
                Event::Text(text) => Some(text),
                _ => None,
            })
            .collect();
        assert_eq!(texts.len(), 1);
        assert!(
            matches!(texts[0], CowStr::Borrowed(text) if std::ptr::eq(text.as_ptr(), body.as_ptr())),
            "{:?}",
            texts[0]
        );
        assert_eq!(&**texts[0], body);
    }

    #[test]
    fn merging_borrowed_runs_equals_merging_by_copying() {
        let body = "# Rubrik {#r}\n\nText med `kod`, \\*flykt\\*, &amp; och &#228; [länk](x) \
                    {++insatt++} (E2:1) {--strukit--} a_b*c* [[wiki]] ~~s~~\n\
                    rad två\\\nrad tre  \nrad fyra <span>html</span> & < > \"\n\n\
                    - punkt {#p .goals topics=\"a b\"}\n  - inre [x][y]\n\n\
                    | a | b |\n|---|---|\n| c\\|d | e |\n\n    indraget\n\n\
                    ```rust\nfn main() {}\n```\n\n[y]: http://example.org\n\
                    Åäö\u{a0}é \u{0}nul &nbsp;slut\n\n\\\\\\\\\\\\ sex \\\\\\\\\\\\";
        for offset in [0, 7] {
            let fast = collect_events(body, offset);
            let slow = collect_by_copying(body, offset);
            assert_eq!(fast.len(), slow.len());
            for ((a, ra), (b, rb)) in fast.iter().zip(&slow) {
                assert_eq!(a, b);
                assert_eq!(ra, rb);
            }
        }
    }
}
