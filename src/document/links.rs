//! A document's outgoing links, the syntax of a link target, and the markings a walk had to
//! drop (which a later link to one of their ids is told about).

use serde::Serialize;

use super::ItemKind;

/// A resolved internal link target: a document (by its path under `content/`, without
/// `.md`) and optionally an anchor in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LinkTarget {
    pub doc: String,
    pub anchor: Option<String>,
}

/// Where the text of a `[[target]]` link without text of its own (the target as written)
/// lies in one of its document's texts: the resolve stage writes the target's title there,
/// and only there (the same words elsewhere in the text are the author's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkTextSpan {
    /// The link's index in [`super::Document::titled_links`].
    pub link: usize,
    pub place: TextPlace,
    /// Bytes of that text.
    pub range: std::ops::Range<usize>,
}

/// One of a document's texts that shows a link's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TextPlace {
    /// [`super::Document::plain_text`].
    Plain,
    /// The `text` of the item of this index.
    ItemText(usize),
    /// The `html` of the item of this index (the link's text escaped).
    ItemHtml(usize),
    /// The `text` of the numbered paragraph of this index.
    Paragraph(usize),
}

/// `org/doc.md#anchor`, `org/doc#anchor` or `org/doc` → a [`LinkTarget`]: the link syntax
/// of the model, which the parse stage and the follow-up files both read.
pub fn parse_link_target(text: &str) -> Option<LinkTarget> {
    let text = text.trim().trim_start_matches("@/");
    let (doc, anchor) = match text.split_once('#') {
        Some((doc, anchor)) => (doc, Some(anchor)),
        None => (text, None),
    };
    let doc = doc.strip_suffix(".md").unwrap_or(doc).trim_matches('/');
    if doc.is_empty()
        || doc
            .split('/')
            .any(|s| s.is_empty() || s == "." || s == "..")
    {
        return None;
    }
    Some(LinkTarget {
        doc: doc.to_string(),
        anchor: anchor.filter(|a| !a.is_empty()).map(str::to_string),
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkKind {
    /// A Markdown link in the text.
    Text,
    /// An `implements` attribute of an item or document.
    Implements,
    /// A root-relative or absolute link to the site itself: a document's page, checked like
    /// `@/` links, or another page or file of the site, checked against what the build wrote.
    Site,
}

/// A list or section that its markup meant to mark as items but that was not read (an
/// unclosed or misspelt block): an id it would have made, named in a follow-up file or a
/// link, is explained by it rather than by a guess at another id.
#[derive(Debug, Clone, Serialize)]
pub struct LostMarking {
    /// The line of the markup in the document's file.
    pub line: usize,
    /// The kind of item it would have marked, when that can be told.
    pub kind: Option<ItemKind>,
    /// The section id its items' derived ids would have used.
    pub section_id: String,
    /// Why it was not read: "its heading's attribute block is not closed".
    pub reason: crate::diagnostic::Text,
}

impl LostMarking {
    /// Whether `id` is of the form of the ids it would have made (`mal-medlemsvard-3`).
    pub fn would_make(&self, id: &str) -> bool {
        ItemKind::ALL
            .iter()
            .filter(|kind| self.kind.is_none_or(|k| k == **kind))
            .any(|kind| {
                let rest = id
                    .strip_prefix(kind.id_prefix())
                    .and_then(|rest| rest.strip_prefix('-'));
                let rest = match (rest, self.section_id.is_empty()) {
                    (Some(rest), true) => Some(rest),
                    (Some(rest), false) => rest
                        .strip_prefix(self.section_id.as_str())
                        .and_then(|rest| rest.strip_prefix('-')),
                    (None, _) => None,
                };
                rest.is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
    }

    /// "the list at content/x.md:40 was not read as goals because …"
    pub fn explain(&self, file: &std::path::Path) -> crate::diagnostic::Text {
        let place = format!("{}:{}", file.display(), self.line);
        match self.kind {
            Some(kind) => crate::text!(
                "lost.explain-kind",
                place = place,
                items = kind.plural_text(),
                reason = self.reason.clone()
            ),
            None => crate::text!("lost.explain", place = place, reason = self.reason.clone()),
        }
    }
}

/// An internal link found in a document, checked by the resolve stage.
#[derive(Debug, Clone, Serialize)]
pub struct InternalLink {
    pub target: LinkTarget,
    pub kind: LinkKind,
    /// The item the link is written in, if any.
    pub source_item: Option<String>,
    /// The nearest heading above the link.
    pub source_section: String,
    /// Byte offset in the source file, for the diagnostic.
    #[serde(skip)]
    pub offset: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lost_marking_claims_only_the_ids_it_would_have_made() {
        let lost = LostMarking {
            line: 40,
            kind: Some(ItemKind::Goal),
            section_id: "medlemsvard".into(),
            reason: crate::text!("lost.heading-unclosed"),
        };
        assert!(lost.would_make("mal-medlemsvard-3"));
        for other in [
            "mal-medlemsvard",
            "mal-medlemsvard-3b",
            "akt-medlemsvard-3",
            "mal-medlemsvard-malsattningar-3",
            "mal-fortroendevalda-1",
        ] {
            assert!(!lost.would_make(other), "{other}");
        }
        let any = LostMarking {
            kind: None,
            section_id: String::new(),
            ..lost
        };
        assert!(any.would_make("rek-2") && any.would_make("akt-1") && !any.would_make("rek-x-2"));
    }
}
