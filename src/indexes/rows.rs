//! Index rows: the `index_item.html` row of every goal, recommendation and commitment,
//! rendered once per build and shared by every index page that lists the item.
//!
//! A goal appears on the goal index and its topic page, a recommendation on the
//! recommendation index twice (by addressee, by topic), on each addressee's page, on its topic
//! pages and in the commitment traces. Rendering the row template at each appearance made the
//! index pages most of the build's work; here each row is rendered once (in parallel, still
//! through Tera, so a site's own `index_item.html` overrides the theme's), and the pages get
//! the rows as safe strings to concatenate. A [`Value`] string is reference-counted, so a row
//! shared by ten pages is stored once.
//!
//! Rows are also kept across runs in the memo ([`crate::resolve::Memo::rows`]), each under
//! a key of what its view shows, like a document page's (`render::pages::page_key`): a plain
//! row shows only its own document (its fingerprint) and the config, vocabulary and theme
//! (the memo's context; a theme change empties the memo); a traced row also what takes the
//! recommendation up ([`traced_key`]). So a save re-renders the rows of the saved document
//! and of the recommendations whose "taken up by" it changed.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::hashing::IntegerMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Item, ItemKind};
use crate::render::views::Urls;
use crate::render::{Theme, error_chain};
use crate::resolve::Site;

use super::recommendations::recommendation_view;
use super::{ItemView, Reference, item_view};
use crate::html::{escape, escape_into};

/// The row template; a site may override it like any other.
const ROW_TEMPLATE: &str = "index_item.html";

/// An item by its address, which is its own while the site is borrowed (`'s`): the index
/// pages look rows up a million times on a large site, and hashing the (document path, id)
/// strings was a good part of their time.
type ItemKey = usize;

/// Where a recommendation's traced row is in [`Rows::traced`].
type RowIndex = IntegerMap<ItemKey, usize>;

/// Rows in the site's order (documents by path, items in document order), with the items
/// they are of: the index pages walk them in that order, without looking each item's row up.
struct Listed<'s> {
    items: Vec<(&'s Document, &'s Item)>,
    rows: Vec<Value>,
}

impl<'s> Listed<'s> {
    fn iter(&self) -> impl Iterator<Item = (&'s Document, &'s Item, &Value)> + '_ {
        self.items
            .iter()
            .zip(&self.rows)
            .map(|(&(document, item), row)| (document, item, row))
    }
}

pub(crate) struct Rows<'s> {
    /// The item with its source and chips: what the goal index and the topic pages show.
    plain: Listed<'s>,
    /// A recommendation with what takes it up: what the recommendation index, the addressee
    /// pages and the commitment traces show.
    traced: Listed<'s>,
    /// The commitment traces look recommendations up one by one.
    traced_index: RowIndex,
}

impl<'s> Rows<'s> {
    /// Renders the rows of every item the index pages list.
    pub(crate) fn render(
        site: &'s Site,
        theme: &Theme,
        urls: &Urls<'_>,
    ) -> Result<Rows<'s>, Diagnostic> {
        let listed: Vec<(&'s Document, u64, &'s Item)> = site
            .documents
            .iter()
            .zip(&site.fingerprints)
            .flat_map(|(document, &fingerprint)| {
                document
                    .items
                    .iter()
                    .filter(|item| {
                        matches!(
                            item.kind,
                            ItemKind::Goal | ItemKind::Recommendation | ItemKind::Commitment
                        )
                    })
                    .map(move |item| (&**document, fingerprint, item))
            })
            .collect();
        let mut memo = std::mem::take(
            &mut *site
                .memo
                .rows
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let stock = StockRow::of(theme);
        let stock = stock.as_ref();
        let (plain, traced) = rayon::join(
            || {
                rows_of(
                    listed.par_iter().copied(),
                    &memo.plain,
                    site.memo.one_shot,
                    |_, fingerprint, _| site.memo.hasher(fingerprint).finish(),
                    |document, item| {
                        let view = item_view(document, item, theme, urls);
                        match stock {
                            Some(stock) => Ok(stock.row(&view, &[])),
                            None => render_row(theme, &view),
                        }
                    },
                )
            },
            || {
                rows_of(
                    listed
                        .par_iter()
                        .copied()
                        .filter(|(_, _, item)| item.kind == ItemKind::Recommendation),
                    &memo.traced,
                    site.memo.one_shot,
                    |document, fingerprint, item| traced_key(site, document, fingerprint, item),
                    |document, item| {
                        let view = recommendation_view(site, document, item, theme, urls);
                        match stock {
                            Some(stock) => Ok(stock.row(&view.item, &view.taken_up_by)),
                            None => render_row(theme, &view),
                        }
                    },
                )
            },
        );
        let (plain, memo_plain) = plain?;
        let (traced, memo_traced) = traced?;
        let traced_items: Vec<(&Document, &Item)> = listed
            .iter()
            .filter(|(_, _, item)| item.kind == ItemKind::Recommendation)
            .map(|&(document, _, item)| (document, item))
            .collect();
        let mut traced_index =
            RowIndex::with_capacity_and_hasher(traced_items.len(), Default::default());
        for (n, (_, item)) in traced_items.iter().enumerate() {
            traced_index.insert(key(item), n);
        }
        let rows = Rows {
            plain: Listed {
                items: listed
                    .iter()
                    .map(|&(document, _, item)| (document, item))
                    .collect(),
                rows: plain,
            },
            traced: Listed {
                items: traced_items,
                rows: traced,
            },
            traced_index,
        };
        if site.memo.one_shot {
            return Ok(rows);
        }
        memo.plain = memo_plain;
        memo.traced = memo_traced;
        *site
            .memo
            .rows
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = memo;
        Ok(rows)
    }

    /// A recommendation's row with what takes it up.
    pub(crate) fn traced(&self, document: &Document, item: &Item) -> Value {
        self.traced_index
            .get(&key(item))
            .and_then(|&n| self.traced.rows.get(n))
            .cloned()
            // Every recommendation was rendered above; an empty row would only hide a bug in
            // a list, so it is checked in debug builds.
            .unwrap_or_else(|| {
                debug_assert!(false, "no index row for {}#{}", document.path, item.id);
                Value::safe_string("")
            })
    }

    /// The plain row of every listed item, in the site's order.
    pub(crate) fn all_plain(&self) -> impl Iterator<Item = (&'s Document, &'s Item, &Value)> + '_ {
        self.plain.iter()
    }

    /// The plain rows of every item of `kind`, in the site's order.
    pub(crate) fn plain_of_kind(
        &self,
        kind: ItemKind,
    ) -> impl Iterator<Item = (&'s Document, &'s Item, &Value)> + '_ {
        self.plain
            .iter()
            .filter(move |(_, item, _)| item.kind == kind)
    }

    /// The traced row of every recommendation, in the site's order.
    pub(crate) fn all_traced(&self) -> impl Iterator<Item = (&'s Document, &'s Item, &Value)> + '_ {
        self.traced.iter()
    }
}

type Rendered = (Vec<Value>, HashMap<String, (u64, tera::Value)>);

/// The rows of `items`, each taken from `memo` when its key (`key_of`: a hash of everything
/// its view shows) is the one it was rendered under, else rendered by `render`; with the
/// memo of this run's rows, which replaces the last run's (empty when `one_shot`: no run follows).
fn rows_of<'s>(
    items: impl ParallelIterator<Item = (&'s Document, u64, &'s Item)>,
    memo: &HashMap<String, (u64, Value)>,
    one_shot: bool,
    key_of: impl Fn(&Document, u64, &Item) -> u64 + Sync + Send,
    render: impl Fn(&Document, &Item) -> Result<Value, Diagnostic> + Sync + Send,
) -> Result<Rendered, Diagnostic> {
    if one_shot {
        // Nothing is rebuilt after this run: no keys to work out, no memo to fill.
        let rows = items
            .map(|(document, _, item)| render(document, item))
            .collect::<Result<_, Diagnostic>>()?;
        return Ok((rows, HashMap::new()));
    }
    let made: Vec<(String, u64, Value)> = items
        .map(|(document, fingerprint, item)| {
            let hash = key_of(document, fingerprint, item);
            let id = format!("{}#{}", document.path, item.id);
            let row = match memo.get(&id) {
                Some((stored, row)) if *stored == hash => row.clone(),
                _ => render(document, item)?,
            };
            Ok((id, hash, row))
        })
        .collect::<Result<_, Diagnostic>>()?;
    let mut rows = Vec::with_capacity(made.len());
    let mut next = HashMap::with_capacity(made.len());
    for (id, hash, row) in made {
        rows.push(row.clone());
        next.insert(id, (hash, row));
    }
    Ok((rows, next))
}

/// The memo key of a recommendation's traced row: besides the memo's context (config,
/// vocabulary; the theme empties the memo) and its document's fingerprint, which are all a
/// plain row shows, what takes it up: each backlink with its source's title and
/// organisation and the title of the item or section it comes from (see `reference_view`).
fn traced_key(site: &Site, document: &Document, fingerprint: u64, item: &Item) -> u64 {
    let mut hasher = site.memo.hasher(fingerprint);
    for backlink in site.backlinks_to(&document.path, &item.id) {
        backlink.hash(&mut hasher);
        site.document(&backlink.from_doc)
            .map(|d| (&d.meta.title, &d.meta.organization))
            .hash(&mut hasher);
        site.anchor_title(&backlink.from_doc, &backlink.from_anchor)
            .hash(&mut hasher);
    }
    hasher.finish()
}

fn key(item: &Item) -> ItemKey {
    std::ptr::from_ref(item) as usize
}

/// The theme's own row template, written here rather than by Tera when the site does not
/// override it: a large site has a couple of hundred thousand rows, and making a template
/// context of each row's view cost more than all the rest of the index pages. The unit
/// tests hold it to what Tera renders from the template.
struct StockRow {
    /// `t.taken_up_by`, escaped.
    taken_up_by: String,
}

const STOCK_ROW_TEMPLATE: &str = include_str!("../../themes/default/templates/index_item.html");

impl StockRow {
    /// `None` when the site has a row template of its own, or lacks the string the stock
    /// one shows (Tera then reports it).
    fn of(theme: &Theme) -> Option<StockRow> {
        if theme.template_source(ROW_TEMPLATE) != Some(STOCK_ROW_TEMPLATE) {
            return None;
        }
        let taken_up_by = theme.strings.get("taken_up_by")?;
        Some(StockRow {
            taken_up_by: escape(taken_up_by),
        })
    }

    /// What `index_item.html` renders for `item` and, on a traced row, what takes it up.
    fn row(&self, item: &ItemView, taken_up_by: &[Reference]) -> Value {
        let mut html = String::with_capacity(1024);
        let goal = item.kind == ItemKind::Goal.as_str();
        html.push_str("<li class=\"index-item kind-");
        escape_into(&mut html, item.kind);
        html.push_str("\" data-org=\"");
        escape_into(&mut html, &item.org_slug);
        html.push_str("\" data-period=\"");
        escape_into(&mut html, &item.period);
        html.push_str("\" data-status=\"");
        escape_into(&mut html, item.status);
        html.push_str("\" data-url=\"");
        escape_into(&mut html, &item.url);
        html.push_str("\">\n  <a class=\"item-text\" href=\"");
        escape_into(&mut html, &item.url);
        html.push_str("\">");
        escape_into(&mut html, &item.text);
        html.push_str("</a>\n  <p class=\"item-source\">");
        escape_into(&mut html, &item.organization.title);
        html.push_str(" · <a href=\"");
        escape_into(&mut html, &item.doc.url);
        html.push_str("\">");
        escape_into(&mut html, &item.doc.title);
        html.push_str("</a> · <a href=\"");
        escape_into(&mut html, &item.section.url);
        html.push_str("\">");
        escape_into(&mut html, &item.section.title);
        html.push_str("</a>");
        if goal {
            html.push_str(" · ");
            escape_into(&mut html, &item.period);
        }
        html.push_str("</p>\n  <p class=\"chips\">");
        if goal {
            html.push_str("<span class=\"chip status status-");
            escape_into(&mut html, item.status);
            html.push_str("\">");
            escape_into(&mut html, &item.status_label);
            html.push_str("</span>");
            if let Some(note) = item.status_note.as_deref().filter(|n| !n.is_empty()) {
                html.push_str(" <span class=\"status-note\">");
                escape_into(&mut html, note);
                html.push_str("</span>");
            }
        }
        for (chips, class) in [(&item.topics, "topic"), (&item.addressees, "actor")] {
            for chip in chips {
                html.push_str(" <a class=\"chip chip-");
                html.push_str(class);
                html.push_str("\" href=\"");
                escape_into(&mut html, &chip.url);
                html.push_str("\">");
                escape_into(&mut html, &chip.label);
                html.push_str("</a>");
            }
        }
        html.push_str("</p>\n  ");
        if !taken_up_by.is_empty() {
            html.push_str("<div class=\"taken-up-by\"><span class=\"label\">");
            html.push_str(&self.taken_up_by);
            html.push_str(":</span> <ul>");
            for reference in taken_up_by {
                html.push_str("<li><span class=\"backlink-kind\">");
                escape_into(&mut html, &reference.kind_label);
                html.push_str("</span> <a href=\"");
                escape_into(&mut html, &reference.url);
                html.push_str("\">");
                if !reference.organization.is_empty() {
                    escape_into(&mut html, &reference.organization);
                    html.push(' ');
                }
                escape_into(&mut html, &reference.doc);
                html.push_str("</a>");
                if !reference.text.is_empty() {
                    html.push_str(": ");
                    escape_into(&mut html, &reference.text);
                }
                html.push_str("</li>");
            }
            html.push_str("</ul></div>");
        }
        html.push_str("\n</li>\n");
        Value::safe_string(&html)
    }
}

fn render_row(theme: &Theme, view: &impl Serialize) -> Result<Value, Diagnostic> {
    let mut context = Context::new();
    context.insert("item", view);
    theme
        .tera
        .render(ROW_TEMPLATE, &context)
        .map(|html| Value::safe_string(&html))
        .map_err(|error| {
            Diagnostic::error(format!(
                "template `{ROW_TEMPLATE}`: {}",
                error_chain(&error)
            ))
        })
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use std::collections::BTreeMap;
    use tera::{Context, Tera};

    use super::super::recommendations::RecommendationView;
    use super::{ItemView, ROW_TEMPLATE, Reference, STOCK_ROW_TEMPLATE, StockRow};
    use crate::render::views::{Chip, Link};

    const TRICKY: &str = "<b>\"Å & ö\"</b> it's";

    fn tera_row(view: &impl Serialize) -> String {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.add_raw_template(ROW_TEMPLATE, STOCK_ROW_TEMPLATE)
            .expect("the stock row template parses");
        let strings = BTreeMap::from([("taken_up_by", TRICKY)]);
        tera.global_context().insert("t", &strings);
        let mut context = Context::new();
        context.insert("item", view);
        tera.render(ROW_TEMPLATE, &context)
            .expect("the stock row template renders")
    }

    fn link(n: &str) -> Link {
        Link {
            url: format!("/a/{n}/#x'\""),
            title: format!("{n} {TRICKY}"),
        }
    }

    fn chip(kind: &'static str, n: &str) -> Chip {
        Chip {
            kind,
            slug: n.to_string(),
            label: format!("{n} <{kind}>"),
            url: format!("/{kind}/{n}/"),
        }
    }

    fn item(kind: &'static str, status_note: Option<&str>, chips: usize) -> ItemView {
        ItemView {
            id: "mal-1".into(),
            kind,
            url: "/doc/#mal-1".into(),
            text: TRICKY.into(),
            ordinal: 3,
            doc: link("doc"),
            organization: link("org"),
            org_slug: "org&slug".into(),
            period: "2023–2026".into(),
            section: link("section"),
            status: if kind == "goal" { "done" } else { "none" },
            status_label: "Klar \"!\"".into(),
            status_note: status_note.map(str::to_string),
            topics: (0..chips).map(|n| chip("topic", &n.to_string())).collect(),
            addressees: (0..chips).map(|n| chip("actor", &n.to_string())).collect(),
        }
    }

    fn reference(organization: &str, text: &str) -> Reference {
        Reference {
            kind: "link",
            kind_label: "Länk <i>".into(),
            url: "/src/#rek-2".into(),
            doc: TRICKY.into(),
            organization: organization.into(),
            text: text.into(),
        }
    }

    #[test]
    fn stock_rows_are_what_tera_renders_from_the_template() {
        let stock = StockRow {
            taken_up_by: crate::html::escape(TRICKY),
        };
        for kind in ["goal", "recommendation", "commitment"] {
            for note in [None, Some(""), Some(" "), Some(TRICKY)] {
                for chips in [0, 1, 3] {
                    let view = item(kind, note, chips);
                    let row = stock.row(&view, &[]);
                    assert_eq!(row.as_str(), Some(tera_row(&view).as_str()));
                    for references in [
                        vec![],
                        vec![reference("", "")],
                        vec![
                            reference(TRICKY, TRICKY),
                            reference("Org", ""),
                            reference("", "t"),
                        ],
                    ] {
                        let traced = RecommendationView {
                            item: view.clone(),
                            taken_up_by: references,
                        };
                        let row = stock.row(&traced.item, &traced.taken_up_by);
                        assert_eq!(row.as_str(), Some(tera_row(&traced).as_str()));
                    }
                }
            }
        }
    }
}
