//! The document model the parse stage produces and every later stage reads: a [`Document`]
//! with its [`Item`]s (goals, activities, recommendations, commitments, quotes), its
//! headings, its outgoing links and motion references, and its body as rendered HTML with
//! slots where the render stage places each item's chips and backlinks.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Goal,
    Activity,
    Recommendation,
    Commitment,
    Quote,
    /// What became of one goal of the plan an annual report reports on.
    Outcome,
}

impl ItemKind {
    /// "a goal", "ett mål": the kind in a message's words.
    pub fn a_kind(self) -> crate::diagnostic::Text {
        match self {
            ItemKind::Goal => crate::text!("kind.a-goal"),
            ItemKind::Activity => crate::text!("kind.an-activity"),
            ItemKind::Recommendation => crate::text!("kind.a-recommendation"),
            ItemKind::Commitment => crate::text!("kind.a-commitment"),
            ItemKind::Quote => crate::text!("kind.a-quote"),
            ItemKind::Outcome => crate::text!("kind.an-outcome"),
        }
    }

    /// The class that marks a list or section of this kind in the Markdown.
    pub fn from_list_class(class: &str) -> Option<ItemKind> {
        Some(match class {
            "goals" => ItemKind::Goal,
            "activities" => ItemKind::Activity,
            "recommendations" => ItemKind::Recommendation,
            "commitments" => ItemKind::Commitment,
            "quotes" => ItemKind::Quote,
            "outcomes" => ItemKind::Outcome,
            _ => return None,
        })
    }

    /// The prefix of derived ids, Swedish like the documents.
    pub fn id_prefix(self) -> &'static str {
        match self {
            ItemKind::Goal => "mal",
            ItemKind::Activity => "akt",
            ItemKind::Recommendation => "rek",
            ItemKind::Commitment => "ata",
            ItemKind::Quote => "citat",
            ItemKind::Outcome => "utfall",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Goal => "goal",
            ItemKind::Activity => "activity",
            ItemKind::Recommendation => "recommendation",
            ItemKind::Commitment => "commitment",
            ItemKind::Quote => "quote",
            ItemKind::Outcome => "outcome",
        }
    }

    /// The list class that marks this kind, which is also its plural in messages.
    /// "goals", "mål": the kind's plural in a message's words.
    pub fn plural_text(self) -> crate::diagnostic::Text {
        match self {
            ItemKind::Goal => crate::text!("kind.goals"),
            ItemKind::Activity => crate::text!("kind.activities"),
            ItemKind::Recommendation => crate::text!("kind.recommendations"),
            ItemKind::Commitment => crate::text!("kind.commitments"),
            ItemKind::Quote => crate::text!("kind.quotes"),
            ItemKind::Outcome => crate::text!("kind.outcomes"),
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            ItemKind::Goal => "goals",
            ItemKind::Activity => "activities",
            ItemKind::Recommendation => "recommendations",
            ItemKind::Commitment => "commitments",
            ItemKind::Quote => "quotes",
            ItemKind::Outcome => "outcomes",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum GoalStatus {
    NotStarted,
    Ongoing,
    Done,
    Dropped,
}

impl GoalStatus {
    pub const ALL: [(&'static str, GoalStatus); 4] = [
        ("not-started", GoalStatus::NotStarted),
        ("ongoing", GoalStatus::Ongoing),
        ("done", GoalStatus::Done),
        ("dropped", GoalStatus::Dropped),
    ];

    pub fn parse(value: &str) -> Option<GoalStatus> {
        GoalStatus::ALL
            .iter()
            .find(|(name, _)| *name == value)
            .map(|(_, s)| *s)
    }

    /// The theme's UI string naming the status, `goal_status_NAME`.
    pub fn label_key(self) -> &'static str {
        match self {
            GoalStatus::NotStarted => "goal_status_not-started",
            GoalStatus::Ongoing => "goal_status_ongoing",
            GoalStatus::Done => "goal_status_done",
            GoalStatus::Dropped => "goal_status_dropped",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            GoalStatus::NotStarted => "not-started",
            GoalStatus::Ongoing => "ongoing",
            GoalStatus::Done => "done",
            GoalStatus::Dropped => "dropped",
        }
    }
}

/// A document's front matter, as the load stage read and checked it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocStatus {
    Draft,
    Proposal,
    Adopted,
}

impl DocStatus {
    pub const ALL: [(&'static str, DocStatus); 3] = [
        ("draft", DocStatus::Draft),
        ("proposal", DocStatus::Proposal),
        ("adopted", DocStatus::Adopted),
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocStatus::Draft => "draft",
            DocStatus::Proposal => "proposal",
            DocStatus::Adopted => "adopted",
        }
    }
}

/// A document this one declares it implements (`implements = ["…"]`), with its position for
/// the diagnostic if it does not exist.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImplementsRef {
    pub target: String,
    #[serde(skip)]
    pub offset: usize,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct DocumentMeta {
    pub title: String,
    pub subtitle: Option<String>,
    pub kind: String,
    pub organization: String,
    pub period: String,
    /// ISO date, `YYYY-MM-DD`.
    pub date: Option<String>,
    pub status: DocStatus,
    pub topics: Vec<String>,
    pub implements: Vec<ImplementsRef>,
    pub draft: bool,
    /// An annual report's plan, as written (`@/solna/verksamhetsplan-2023.md`).
    pub reports_on: Option<ImplementsRef>,
}

/// How a recommendation's addressees were decided, which `check --explain addressees` shows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase", tag = "by")]
pub enum AddresseeSource {
    /// `to=` on the recommendation itself.
    Item,
    /// `to=` on the attribute line of its list, at this line.
    List { line: usize },
    /// `to=` on the heading of its section, at this line.
    Section { line: usize },
    /// These words, before a sentence's `att`/`bör`/… ("Vi uppmanar distriktsstyrelsen att").
    Lead { words: Vec<String> },
    /// No sentence names an addressee before its verb: these words, anywhere in the text.
    Text { words: Vec<String> },
    /// Nothing named an addressee.
    #[default]
    Nothing,
}

/// One goal, activity, recommendation, commitment or quote, with its stable id.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub id: String,
    pub kind: ItemKind,
    /// 1-based position among the items of its kind in its section, as the printed lists number them.
    pub ordinal: usize,
    /// The item's content as HTML (no wrapping element) and as plain text.
    pub html: String,
    pub text: String,
    pub section_id: String,
    pub section_title: String,
    pub topics: Vec<String>,
    /// How many of `topics`, at their start, come from the item's sections, which show them
    /// at their headings: the item's own metadata leaves those out.
    #[serde(skip)]
    pub inherited_topics: usize,
    pub status: Option<GoalStatus>,
    /// A note on the goal's follow-up, from the plan's follow-up file.
    pub status_note: Option<String>,
    pub period: Option<String>,
    /// Actor slugs, for recommendations.
    pub addressees: Vec<String>,
    /// How `addressees` was decided, for `check --explain addressees`.
    #[serde(skip)]
    pub addressed_by: AddresseeSource,
    /// Goal ids, for activities.
    pub serves: Vec<String>,
    /// Links (as written) to what this item takes up, for goals and recommendations.
    pub implements: Vec<LinkTarget>,
    /// For a goal: the goal of an earlier plan it carries on (`continues="@/…#id"`).
    pub continues: Option<LinkTarget>,
    /// Line in the source file, for diagnostics and the open-data export.
    pub line: usize,
}

/// A resolved internal link target: a document (by its path under `content/`, without
/// `.md`) and optionally an anchor in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct LinkTarget {
    pub doc: String,
    pub anchor: Option<String>,
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
        let kinds = [
            ItemKind::Goal,
            ItemKind::Activity,
            ItemKind::Recommendation,
            ItemKind::Commitment,
            ItemKind::Quote,
            ItemKind::Outcome,
        ];
        kinds
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

/// A motion reference such as `(E2:1)` or `(PS svar till E31)` found in the text.
#[derive(Debug, Clone, Serialize)]
pub struct MotionRef {
    /// The motion, `E2`.
    pub motion: String,
    /// The reference as printed, `E2:1` or `PS svar till E31`.
    pub label: String,
    /// The anchor of the reference itself in the document page.
    pub anchor: String,
    /// The amended passage: its index in [`Document::passages`]. References point at their
    /// passage rather than copy it: 4,000 references in one 39 KB paragraph were 160 MB of
    /// copies, and as much again in each export.
    pub passage: usize,
}

/// A passage that motion references amended: the paragraph, item or heading they are
/// written in, once however many references it holds.
#[derive(Debug, Clone, Serialize)]
pub struct Passage {
    /// The item or section the passage belongs to.
    pub anchor: String,
    /// The passage's text, for the motions index and the data export; empty if the
    /// references stand where no block closes (a table cell).
    pub text: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// The body, cut where the render stage inserts each item's metadata (chips, permalink,
/// backlinks), which are only known once every document is resolved.
#[derive(Debug, Clone)]
pub enum BodySegment {
    Html(String),
    ItemMeta(usize),
}

/// A document's body as its page shows it. It is not part of the [`Document`]: the pipeline
/// hands it to the document's page alone, and a one-shot build drops it once the page is
/// written. At 10,000 documents the bodies are ~115 MB, which the build otherwise held
/// through the exports and the search index, its peak of memory, long after the document
/// pages were done.
pub type Body = std::sync::Arc<Vec<BodySegment>>;

#[derive(Debug, Clone)]
pub struct Document {
    /// Path under `content/` without `.md`: `solna/verksamhetsplan-2023`.
    pub path: String,
    pub source_path: std::path::PathBuf,
    /// The file itself, read again for the source line of an error found after parsing.
    pub file: std::path::PathBuf,
    pub meta: DocumentMeta,
    pub toc: Vec<TocEntry>,
    pub items: Vec<Item>,
    /// Every id in the page (headings, items, numbered paragraphs, motion references).
    pub anchors: std::collections::BTreeSet<String>,
    pub links: Vec<InternalLink>,
    /// Links to other hosts (`http:`, `https:`, `//`): the byte offset in the file and the
    /// URL, for `planpress check --list-external`.
    pub external_links: Vec<(usize, String)>,
    /// Markup meant to mark items that was not read, for the messages of ids it would have made.
    pub lost_markings: Vec<LostMarking>,
    pub motion_refs: Vec<MotionRef>,
    /// The passages the motion references amended, each once.
    pub passages: Vec<Passage>,
    /// The body's text without markup, for search.
    pub plain_text: String,
    /// Numbered paragraphs (`§N`): number, anchor and text, for search and the data export.
    pub paragraphs: Vec<NumberedParagraph>,
    /// When the plan's goals were last followed up (the follow-up file's `updated`).
    pub followup_date: Option<String>,
    /// An annual report's outcome items: the goal of the reported plan each names.
    pub outcomes: Vec<Outcome>,
}

/// An outcome item's `goal=`: which goal of the plan in `reports_on` it reports on. Its
/// status is the item's own, its text the goal's follow-up note.
#[derive(Debug, Clone, Serialize)]
pub struct Outcome {
    /// The outcome item's index in [`Document::items`].
    pub item: usize,
    /// The goal's id in the plan.
    pub goal: String,
    /// Byte range of `goal="…"`'s value in the file, for diagnostics.
    pub span: std::ops::Range<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NumberedParagraph {
    pub number: u32,
    pub anchor: String,
    pub text: String,
}

impl Document {
    /// The passage `reference` amended.
    pub fn passage_of(&self, reference: &MotionRef) -> Option<&Passage> {
        self.passages.get(reference.passage)
    }

    /// The site-wide id of passage `index` in the exports: `partiet/strategi:3`, the
    /// document's path and the passage's number in it.
    pub fn passage_id(&self, index: usize) -> String {
        format!("{}:{}", self.path, index + 1)
    }

    /// The anchor of the item or section `reference` amended ("" if unknown).
    pub fn passage_anchor(&self, reference: &MotionRef) -> &str {
        self.passage_of(reference).map_or("", |p| p.anchor.as_str())
    }

    /// The motion references by the anchor of the passage they amended, in the order of
    /// the text: made once for the items of a document, each of which would otherwise walk
    /// every reference (20,000 commitments with a reference each were 400 million steps).
    pub fn motion_refs_by_anchor(&self) -> std::collections::HashMap<&str, Vec<&MotionRef>> {
        let mut by_anchor: std::collections::HashMap<&str, Vec<&MotionRef>> =
            std::collections::HashMap::new();
        for reference in &self.motion_refs {
            by_anchor
                .entry(self.passage_anchor(reference))
                .or_default()
                .push(reference);
        }
        by_anchor
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|item| item.id == id)
    }

    /// The text of the item, or else the title of the section, that `anchor` names.
    pub fn anchor_title(&self, anchor: &str) -> Option<&str> {
        if let Some(item) = self.item(anchor) {
            return Some(&item.text);
        }
        self.toc
            .iter()
            .find(|t| t.id == anchor)
            .map(|t| t.title.as_str())
    }
}

/// Turns a heading or title into a URL-safe slug: lowercase ASCII, Swedish letters folded
/// (å, ä → a; ö → o), everything else a hyphen.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let mapped = match c {
            'å' | 'ä' | 'á' | 'à' | 'â' => 'a',
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' => 'u',
            'í' | 'ï' => 'i',
            c if c.is_ascii_alphanumeric() => c,
            _ => '-',
        };
        if mapped == '-' {
            if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
        } else {
            slug.push(mapped);
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_folds_swedish_letters() {
        assert_eq!(slugify("Medlemsvård"), "medlemsvard");
        assert_eq!(
            slugify("MÅLSÄTTNING FÖR VERKSAMHETSPERIODEN:"),
            "malsattning-for-verksamhetsperioden"
        );
        assert_eq!(
            slugify("1. För ett rättvist och solidariskt samhälle"),
            "1-for-ett-rattvist-och-solidariskt-samhalle"
        );
        assert_eq!(slugify("  "), "");
    }

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
