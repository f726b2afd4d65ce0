//! The metadata under each item in a document page: permalink, status, topic and addressee
//! chips, the goals an activity serves, the commitment a quote quotes, and what refers to the
//! item; laid out by the theme's `item_meta.html` (and its `backlinks.html`, which the
//! document's own "referred to by" uses too), which a site's `templates/` may override.
//!
//! A large site has hundreds of thousands of items, so what an item's view shares with
//! others is made once: each topic's and actor's chip and each label per build
//! ([`MetaParts`], as template values whose maps are reference-counted), what a page looks up
//! per item once per page ([`PageLinks`]), and each document as the source of a backlink once.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Serialize;
use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Item, ItemKind};
use crate::resolve::{Backlink, BacklinkKind, Site};

use super::lineage::{HistoryStep, ReportedGoal, goal_history, reported_goal};
pub use super::page_links::PageLinks;
use super::text::shorten;
use super::trace_link::{BACKLINKS_SHOWN, has_many_backlinks, trace_url};
use super::views::Urls;
use super::{Theme, error_chain};

const META_TEMPLATE: &str = "item_meta.html";
const BACKLINKS_TEMPLATE: &str = "backlinks.html";

/// What every page's item metadata shares.
pub struct MetaParts<'a> {
    /// Each topic's and actor's chip, by slug.
    topic_chips: HashMap<&'a str, Value>,
    actor_chips: HashMap<&'a str, Value>,
    /// By document index in the site, that document as the source of a backlink; made when
    /// first needed, since a preview rebuild renders few pages.
    sources: Vec<OnceLock<SourceLink<'a>>>,
    /// By document index, its items' texts and headings' titles by anchor, for the first
    /// words of what a quote or `implements=` names; made when first needed. Looked up by
    /// walking the items, a report quoting 5,000 commitments was 25 million comparisons.
    titles: Vec<OnceLock<HashMap<&'a str, &'a str>>>,
}

/// How a backlink shows the document it comes from: its URL without the anchor, its
/// organisation's name and its title; and the titles of its anchors.
struct SourceLink<'a> {
    url: String,
    organization: String,
    title: &'a str,
    /// What [`Document::anchor_title`] looks through, in its order (items, then headings),
    /// side by side: looking it up there read every item's id from memory it had long left
    /// the cache, once per backlink, while here the lengths compared first are together.
    titles: Vec<(&'a str, &'a str)>,
}

impl<'a> SourceLink<'a> {
    fn new(document: &'a Document, urls: &Urls<'_>) -> Self {
        let items = document
            .items
            .iter()
            .map(|i| (i.id.as_str(), i.text.as_str()));
        let headings = document
            .toc
            .iter()
            .map(|t| (t.id.as_str(), t.title.as_str()));
        SourceLink {
            url: urls.doc(&document.path),
            organization: urls
                .organization_of(&document.meta.organization)
                .map_or_else(String::new, |o| o.name.clone()),
            title: &document.meta.title,
            titles: items.chain(headings).collect(),
        }
    }

    /// [`Document::anchor_title`] of the source document.
    fn title(&self, anchor: &str) -> Option<&'a str> {
        self.titles
            .iter()
            .find(|(id, _)| *id == anchor)
            .map(|(_, title)| *title)
    }
}

impl<'a> MetaParts<'a> {
    pub fn new(site: &'a Site, urls: &Urls<'a>) -> Self {
        let chip = |(slug, chip)| (slug, Value::from_serializable(chip));
        MetaParts {
            topic_chips: urls.topic_chips_by_slug().map(chip).collect(),
            actor_chips: urls.actor_chips_by_slug().map(chip).collect(),
            sources: site.documents.iter().map(|_| OnceLock::new()).collect(),
            titles: site.documents.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The first words of the item, or the title of the section, that `anchor` names in
    /// `doc`; "" when there is none. The first of an id wins, as in [`Document::anchor_title`].
    fn first_words(&self, site: &'a Site, doc: &str, anchor: &str) -> String {
        let Some(index) = site.document_index(doc).filter(|_| !anchor.is_empty()) else {
            return String::new();
        };
        let titles = self.titles[index].get_or_init(|| {
            let document = &site.documents[index];
            let items = document
                .items
                .iter()
                .map(|i| (i.id.as_str(), i.text.as_str()));
            let headings = document
                .toc
                .iter()
                .map(|t| (t.id.as_str(), t.title.as_str()));
            let mut titles = HashMap::new();
            for (id, title) in items.chain(headings) {
                titles.entry(id).or_insert(title);
            }
            titles
        });
        titles
            .get(anchor)
            .map_or_else(String::new, |text| shorten(text.trim(), FIRST_WORDS))
    }
}

/// What writing one page's item metadata needs.
pub struct MetaContext<'p, 's> {
    pub site: &'s Site,
    pub theme: &'p Theme,
    pub urls: &'p Urls<'p>,
    pub parts: &'p MetaParts<'s>,
    pub links: &'p PageLinks<'s>,
}

/// An item as `item_meta.html` shows it; the chips are template values made once, which
/// serde hands over as they are (reference-counted).
#[derive(Serialize)]
struct ItemMetaView<'a> {
    id: &'a str,
    kind: &'static str,
    /// Its kind, its number among the items of its kind in its section, and the section's
    /// title: what people read ("Mål 3 · Medlemsvård") where the id is only in the address.
    /// One string rather than three fields: each field of the view is a map entry made for
    /// every item of the site.
    label: String,
    /// `not-started`, `ongoing`, `done` or `dropped`; none when not followed up.
    status: Option<&'static str>,
    status_label: Option<&'a str>,
    /// None when empty.
    status_note: Option<&'a str>,
    topics: Vec<&'a Value>,
    addressees: Vec<&'a Value>,
    /// The goals an activity serves, in the document.
    serves: Vec<GoalRef<'a>>,
    /// The commitments a quote quotes.
    quotes: Vec<QuotedCommitment<'a>>,
    /// What the item's `implements=` names: the other side of the target's "implemented in".
    implements: Vec<QuotedCommitment<'a>>,
    /// For an outcome of an annual report: the goal of the plan it reports on.
    reports_on: Option<ReportedGoal<'a>>,
    /// For a goal that continues earlier ones: each plan's period and the goal's status
    /// there, oldest first, ending with this goal; empty otherwise.
    history: Vec<HistoryStep<'a>>,
}

#[derive(Serialize)]
struct GoalRef<'a> {
    id: &'a str,
    /// None when the document has no such goal.
    ordinal: Option<usize>,
}

#[derive(Serialize)]
struct QuotedCommitment<'a> {
    url: String,
    /// The quoted document's title.
    doc: &'a str,
    id: &'a str,
    /// The first words of the item or the title of the section it names; "" when there is none.
    text: String,
}

/// How much of a quoted or implemented item its link shows.
const FIRST_WORDS: usize = 60;

/// One thing that refers to an item or a document, as `backlinks.html` shows it.
#[derive(Serialize)]
struct BacklinkView<'a> {
    /// `link`, `implements` or `quote`.
    kind: &'static str,
    kind_label: &'a str,
    url: String,
    /// The source's organisation, or "".
    organization: &'a str,
    /// The source document's title (its path when it is not in the site).
    doc: &'a str,
    /// The source item's text or section's title, shortened; "" when none.
    text: String,
}

/// Renders the metadata of `item` of `document` onto `html`.
pub fn write_item_meta<'p>(
    html: &mut Vec<u8>,
    document: &'p Document,
    item: &'p Item,
    cx: &'p MetaContext<'p, '_>,
) -> Result<(), Diagnostic> {
    let theme = cx.theme;
    let chips = |slugs: &[String], chips: &'p HashMap<&str, Value>| -> Vec<&'p Value> {
        slugs
            .iter()
            .filter_map(|slug| chips.get(slug.as_str()))
            .collect()
    };
    let serves: Vec<GoalRef<'_>> =
        if item.kind == ItemKind::Activity && !cx.links.serves_every_goal_of_its_section(item) {
            item.serves
                .iter()
                .map(|goal| GoalRef {
                    id: goal,
                    ordinal: document.item(goal).map(|goal| goal.ordinal),
                })
                .collect()
        } else {
            Vec::new()
        };
    let quotes: Vec<QuotedCommitment<'_>> = match cx.links.quote(&item.id) {
        Some(matched) if item.kind == ItemKind::Quote => {
            let doc = cx
                .site
                .document(&matched.doc)
                .map_or(matched.doc.as_str(), |d| d.meta.title.as_str());
            matched
                .commitments
                .iter()
                .map(|commitment| QuotedCommitment {
                    url: cx.urls.item(&matched.doc, commitment),
                    doc,
                    id: commitment,
                    text: cx.parts.first_words(cx.site, &matched.doc, commitment),
                })
                .collect()
        }
        _ => Vec::new(),
    };
    let implements = item
        .implements
        .iter()
        .map(|target| {
            let anchor = target.anchor.as_deref().unwrap_or_default();
            QuotedCommitment {
                url: cx.urls.item(&target.doc, anchor),
                doc: cx
                    .site
                    .document(&target.doc)
                    .map_or(target.doc.as_str(), |d| d.meta.title.as_str()),
                id: anchor,
                text: cx.parts.first_words(cx.site, &target.doc, anchor),
            }
        })
        .collect();
    let reports_on = reported_goal(document, item, cx.site, cx.urls);
    let history = goal_history(document, item, cx.site, cx.urls, theme);
    let view = ItemMetaView {
        id: &item.id,
        kind: item.kind.as_str(),
        label: item_label(theme.string(item.kind.label_key()), item),
        status: item.status.map(|status| status.as_str()),
        status_label: item.status.map(|status| theme.string(status.label_key())),
        status_note: item.status_note.as_deref().filter(|note| !note.is_empty()),
        // The topics of its sections are shown once, at their headings.
        topics: chips(
            item.topics.get(item.inherited_topics..).unwrap_or_default(),
            &cx.parts.topic_chips,
        ),
        addressees: chips(&item.addressees, &cx.parts.actor_chips),
        serves,
        quotes,
        implements,
        reports_on,
        history,
    };
    let mut backlinks = cx.links.backlinks(&item.id);
    let mut context = Context::new();
    if has_many_backlinks(item, backlinks.len()) {
        // The diagram's page draws them all (`trace_link`).
        let more = serde_json::json!({
            "count": backlinks.len(),
            "url": trace_url(cx.urls, document, item),
        });
        context.insert_value("more", Value::from_serializable(&more));
        backlinks = &backlinks[..BACKLINKS_SHOWN];
    }
    context.insert_value("item", Value::from_serializable(&view));
    context.insert_value("backlinks", list_value(&backlink_views(backlinks, cx)));
    render_into(theme, META_TEMPLATE, &context, html)
}

/// "Mål 3 · Medlemsvård": the kind's label capitalised, the item's number and its section.
fn item_label(kind_label: &str, item: &Item) -> String {
    let mut label = String::with_capacity(kind_label.len() + item.section_title.len() + 16);
    let mut chars = kind_label.chars();
    if let Some(first) = chars.next() {
        label.extend(first.to_uppercase());
        label.push_str(chars.as_str());
    }
    label.push(' ');
    label.push_str(itoa::Buffer::new().format(item.ordinal));
    if !item.section_title.is_empty() {
        label.push_str(" · ");
        label.push_str(&item.section_title);
    }
    label
}

/// Renders what refers to the document itself (`backlinks.html`; nothing when nothing does).
pub fn render_backlinks(
    backlinks: &[Backlink],
    cx: &MetaContext<'_, '_>,
) -> Result<String, Diagnostic> {
    let mut context = Context::new();
    context.insert_value("backlinks", list_value(&backlink_views(backlinks, cx)));
    let mut html = Vec::new();
    render_into(cx.theme, BACKLINKS_TEMPLATE, &context, &mut html)?;
    String::from_utf8(html)
        .map_err(|_| Diagnostic::err(crate::text!("E092", template = BACKLINKS_TEMPLATE)))
}

fn render_into(
    theme: &Theme,
    template: &str,
    context: &Context,
    html: &mut Vec<u8>,
) -> Result<(), Diagnostic> {
    theme
        .tera
        .render_to(template, context, html)
        .map_err(|error| {
            Diagnostic::err(crate::text!(
                "E091",
                template = template,
                error = error_chain(&error)
            ))
        })
}

/// A list for a template: most items' lists are empty, and an empty one needs no serde.
fn list_value<T: Serialize>(list: &[T]) -> Value {
    if list.is_empty() {
        Value::from(Vec::<Value>::new())
    } else {
        Value::from_serializable(list)
    }
}

fn backlink_views<'x, 's: 'x>(
    backlinks: &'x [Backlink],
    cx: &'x MetaContext<'_, 's>,
) -> Vec<BacklinkView<'x>> {
    backlinks
        .iter()
        .map(|backlink| {
            let (kind, key) = match backlink.kind {
                BacklinkKind::Link => ("link", "backlink_link"),
                BacklinkKind::Implements => ("implements", "backlink_implements"),
                BacklinkKind::Quote => ("quote", "backlink_quote"),
            };
            let anchor = backlink.from_anchor.as_str();
            let source = cx
                .site
                .document_index(&backlink.from_doc)
                .and_then(|index| {
                    let document = cx.site.documents.get(index)?;
                    let link = cx.parts.sources.get(index)?;
                    Some(link.get_or_init(|| SourceLink::new(document, cx.urls)))
                });
            let (url, organization, doc, text) = match source {
                Some(link) => (
                    Urls::in_page(&link.url, anchor),
                    link.organization.as_str(),
                    link.title,
                    link.title(anchor)
                        .map_or_else(String::new, |text| shorten(text, 120)),
                ),
                None => (
                    cx.urls.item(&backlink.from_doc, anchor),
                    "",
                    backlink.from_doc.as_str(),
                    String::new(),
                ),
            };
            BacklinkView {
                kind,
                kind_label: cx.theme.string(key),
                url,
                organization,
                doc,
                text,
            }
        })
        .collect()
}
