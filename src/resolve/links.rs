//! Checking one document's links and anchors against the site: what they point at, and the
//! ones that point at nothing.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::BacklinkKind;
use crate::diagnostic::{Collector, Diagnostic, Locator, did_you_mean};
use crate::document::{Document, ItemKind, LinkKind};

/// A target (document, anchor or "" for the document) and one thing that points at it, the
/// documents by their index in the site. The documents are sorted by path, so the indexes
/// sort as the paths do, and the fields in this order sort as the backlinks map does; the
/// strings are borrowed until the map is built. Sorting a large site's pointers by their
/// path strings, and cloning those for each, was most of a preview rebuild's resolve stage.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Pointer<'a> {
    pub target_doc: usize,
    pub target_anchor: &'a str,
    pub from_doc: usize,
    pub from_anchor: &'a str,
    pub kind: BacklinkKind,
    /// [`super::Backlink::shown`], worked out here, where documents are checked in parallel.
    pub shown: u64,
}

/// What checking one document's links found: what they point at, and the broken ones.
pub(super) struct CheckedLinks<'a> {
    pub pointers: Vec<Pointer<'a>>,
    pub diagnostics: Vec<Diagnostic>,
}

pub(super) fn check_links<'a>(
    from_doc: usize,
    document: &'a Document,
    documents: &[Arc<Document>],
    by_path: &HashMap<String, usize>,
) -> CheckedLinks<'a> {
    let mut pointers = Vec::with_capacity(document.links.len());
    let mut diagnostics = Collector::default();
    // The file, read for the first broken link; and the suggestion for each missing
    // document, made once: a link broken the same way 20,000 times was 20,000 reads of the
    // file and searches of the site.
    let file = std::cell::OnceCell::new();
    let mut nearest_docs: HashMap<&str, Option<Nearest>> = HashMap::new();
    for link in &document.links {
        let Some(&target_index) = by_path.get(&link.target.doc) else {
            if link.kind == LinkKind::Site {
                // Another page or file of the site: checked once the build has written them.
                continue;
            }
            let mut diagnostic = Diagnostic::err(crate::text!("E055", doc = &link.target.doc));
            let nearest = match nearest_docs.get(link.target.doc.as_str()) {
                Some(&nearest) => nearest,
                None if diagnostics.wants_suggestions() => {
                    let nearest = match titled_path(&link.target.doc, document, documents) {
                        Some(path) => Some(Nearest::Titled(path)),
                        None => did_you_mean(
                            &link.target.doc,
                            documents.iter().map(|d| d.path.as_str()),
                        )
                        .map(Nearest::Path),
                    };
                    nearest_docs.insert(link.target.doc.as_str(), nearest);
                    nearest
                }
                None => None,
            };
            match nearest {
                Some(Nearest::Titled(path)) => {
                    diagnostic = diagnostic.help(crate::text!("E055.help-title", path = path));
                }
                Some(Nearest::Path(nearest)) => {
                    diagnostic =
                        diagnostic.help(crate::text!("help.did-you-mean", nearest = nearest));
                }
                None => {}
            }
            diagnostics.push(locate(
                diagnostic,
                document,
                &file,
                link.offset..link.offset + 1,
            ));
            continue;
        };
        let target = &documents[target_index];
        let anchor: &'a str = link.target.anchor.as_deref().unwrap_or_default();
        if !anchor.is_empty() && !target.anchors.contains(anchor) {
            let mut diagnostic = Diagnostic::err(crate::text!(
                "E056",
                link = format!("{}#{anchor}", target.path)
            ));
            // Suggested only for as many as a file shows: 2,000 broken links into a page of
            // 2,000 headings were 4 million comparisons of strings.
            let lost = target.lost_markings.iter().find(|m| m.would_make(anchor));
            let nearest = diagnostics
                .wants_suggestions()
                .then(|| did_you_mean(anchor, target.anchors.iter().map(String::as_str)))
                .flatten();
            if let Some(lost) = lost {
                diagnostic = diagnostic.help(lost.explain(&target.source_path));
            } else if let Some(nearest) = nearest {
                diagnostic =
                    diagnostic.help(crate::text!("help.did-you-mean-anchor", nearest = nearest));
            }
            diagnostics.push(locate(
                diagnostic,
                document,
                &file,
                link.offset..link.offset + 1,
            ));
            continue;
        }
        if target.path == document.path
            && link.kind != LinkKind::Implements
            && link.source_item.is_none()
        {
            // Links within a page ("se även delmål 6") are navigation, not references.
            continue;
        }
        let from_anchor = link.source_item.as_deref().unwrap_or(&link.source_section);
        if target.path == document.path && (anchor.is_empty() || anchor == from_anchor) {
            // A document or an item pointing at itself is not referred to by anything: it
            // listed itself under "referred to by". An item pointing at another item of its
            // document still is a reference.
            continue;
        }
        let kind = match link.kind {
            LinkKind::Text | LinkKind::Site => BacklinkKind::Link,
            LinkKind::Implements => BacklinkKind::Implements,
        };
        pointers.push(Pointer {
            target_doc: target_index,
            target_anchor: anchor,
            from_doc,
            from_anchor,
            kind,
            shown: shown(document, from_anchor),
        });
    }
    check_activity_goals(document, &file, &mut diagnostics);
    CheckedLinks {
        pointers,
        diagnostics: diagnostics.finish(&document.source_path),
    }
}

/// What a page shows of a backlink's source (see [`super::Backlink::shown`]).
pub(super) fn shown(source: &Document, anchor: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (&source.path, anchor).hash(&mut hasher);
    (&source.meta.title, &source.meta.organization).hash(&mut hasher);
    source.anchor_title(anchor).hash(&mut hasher);
    hasher.finish()
}

/// An activity's `goals=` naming no goal of its document: shown at the id where the
/// activity's line writes it (a line and column 1 without the line, before), with the goal
/// likely meant.
fn check_activity_goals(
    document: &Document,
    file: &std::cell::OnceCell<Option<Locator<'static>>>,
    diagnostics: &mut Collector,
) {
    let goal_ids = || {
        (document.items.iter())
            .filter(|g| g.kind == ItemKind::Goal)
            .map(|g| g.id.as_str())
    };
    for item in document
        .items
        .iter()
        .filter(|i| i.kind == ItemKind::Activity)
    {
        for goal in &item.serves {
            let is_goal = document
                .item(goal)
                .is_some_and(|g| g.kind == ItemKind::Goal);
            if !is_goal {
                let mut diagnostic =
                    Diagnostic::err(crate::text!("E057", activity = &item.id, goal = goal));
                if let Some(nearest) = did_you_mean(goal, goal_ids()) {
                    diagnostic =
                        diagnostic.help(crate::text!("help.did-you-mean", nearest = nearest));
                }
                let at = written_on_line(document, file, item.line, goal);
                diagnostics.push(locate(diagnostic, document, file, at));
            }
        }
    }
}

/// The byte span of `word` in the `goals=` of line `line` (1-based) of the document's file,
/// or of the line's start when the line does not write it (a heading above gave it).
fn written_on_line(
    document: &Document,
    file: &std::cell::OnceCell<Option<Locator<'static>>>,
    line: usize,
    word: &str,
) -> std::ops::Range<usize> {
    let Some(text) = read(document, file).as_ref().map(Locator::text) else {
        return 0..0;
    };
    let start: usize = (text.split_inclusive('\n').take(line.saturating_sub(1)))
        .map(str::len)
        .sum();
    let line_text = text.get(start..).unwrap_or_default();
    let line_text = &line_text[..line_text.find('\n').unwrap_or(line_text.len())];
    let key = line_text.rfind("goals=");
    match key.and_then(|key| Some(key + line_text.get(key..)?.find(word)?)) {
        Some(at) => start + at..start + at + word.len(),
        None => start..start + 1,
    }
}

/// Points `diagnostic` at `span` (bytes) of the document's file. The text is read again
/// (once per document, into `file`) rather than kept with every document (a tenth of a
/// large build's memory) since errors are rare; should the file have changed since it was
/// loaded, the save that changed it starts another build, which reports against the new text.
fn locate(
    diagnostic: Diagnostic,
    document: &Document,
    file: &std::cell::OnceCell<Option<Locator<'static>>>,
    span: std::ops::Range<usize>,
) -> Diagnostic {
    match read(document, file) {
        Some(locator) if span.start < locator.text().len() => locator.locate(diagnostic, span),
        _ => diagnostic.in_file(&document.source_path),
    }
}

/// The document's file, read once for its first error.
fn read<'f>(
    document: &Document,
    file: &'f std::cell::OnceCell<Option<Locator<'static>>>,
) -> &'f Option<Locator<'static>> {
    file.get_or_init(|| {
        std::fs::read_to_string(&document.file)
            .ok()
            .map(|text| Locator::new(&document.source_path, text))
    })
}

/// The document a link to a missing one was meant for.
#[derive(Clone, Copy)]
enum Nearest<'d> {
    /// The link names its title, not its path.
    Titled(&'d str),
    /// The link's path, misspelt.
    Path(&'d str),
}

/// The path of the document whose title or subtitle `written` is (`[[Framtidskommissionens
/// slutrapport]]`): an author who links by the title on the page, not the file's path. Of
/// documents sharing a title (every organisation's "Verksamhetsplan 2023") the linking
/// document's organisation's own.
fn titled_path<'d>(
    written: &str,
    from: &Document,
    documents: &'d [Arc<Document>],
) -> Option<&'d str> {
    let written = comparable_title(written);
    let mut titled = documents.iter().filter(|d| {
        comparable_title(&d.meta.title) == written
            || d.meta.subtitle.as_deref().map(comparable_title).as_ref() == Some(&written)
    });
    let first = titled.next()?;
    let own = std::iter::once(first)
        .chain(titled)
        .find(|d| d.meta.organization == from.meta.organization);
    Some(own.unwrap_or(first).path.as_str())
}

/// A title as an author retypes it: in any case, with `-` for `–` and single spaces.
fn comparable_title(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace(['–', '—'], "-")
}
