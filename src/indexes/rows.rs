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
use crate::render::views::{Chip, Urls};
use crate::render::{Theme, error_chain};
use crate::resolve::Site;

use super::recommendations::recommendation_view;
use super::{Reference, goal_status_key, item_view, push_taken_up_by, reference_view};
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

/// An item the index pages list, with its document, that document's place in the site
/// (where [`StockRow`] keeps what its rows show of it) and its fingerprint (the memo key).
#[derive(Clone, Copy)]
struct Listing<'s> {
    document: &'s Document,
    position: usize,
    fingerprint: u64,
    item: &'s Item,
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
        let listed: Vec<Listing<'s>> = site
            .documents
            .iter()
            .zip(&site.fingerprints)
            .enumerate()
            .flat_map(|(position, (document, &fingerprint))| {
                document
                    .items
                    .iter()
                    .filter(|item| {
                        matches!(
                            item.kind,
                            ItemKind::Goal | ItemKind::Recommendation | ItemKind::Commitment
                        )
                    })
                    .map(move |item| Listing {
                        document,
                        position,
                        fingerprint,
                        item,
                    })
            })
            .collect();
        let mut memo = std::mem::take(
            &mut *site
                .memo
                .rows
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        );
        let stock = StockRow::of(site, theme, urls);
        let stock = stock.as_ref();
        let (plain, memo_plain) = rows_of(
            listed.par_iter().enumerate(),
            &memo.plain,
            site.memo.one_shot,
            |listing| site.memo.hasher(listing.fingerprint).finish(),
            |_, listing| match stock {
                Some(stock) => Ok(stock.row(listing, &[])),
                None => render_row(
                    theme,
                    &item_view(listing.document, listing.item, theme, urls),
                ),
            },
        )?;
        // A traced row differs from the plain row only in what takes the recommendation up,
        // and most recommendations are taken up by nothing: their traced row is the plain
        // one, shared rather than written again.
        let (traced, memo_traced) = rows_of(
            listed
                .par_iter()
                .enumerate()
                .filter(|(_, listing)| listing.item.kind == ItemKind::Recommendation),
            &memo.traced,
            site.memo.one_shot,
            |listing| traced_key(site, listing.document, listing.fingerprint, listing.item),
            |n, listing| match stock {
                Some(stock) => {
                    let backlinks = site.backlinks_to(&listing.document.path, &listing.item.id);
                    if backlinks.is_empty() {
                        return Ok(plain[n].clone());
                    }
                    let taken_up_by: Vec<Reference> = backlinks
                        .iter()
                        .map(|b| reference_view(site, b, theme, urls))
                        .collect();
                    Ok(stock.row(listing, &taken_up_by))
                }
                None => render_row(
                    theme,
                    &recommendation_view(site, listing.document, listing.item, theme, urls),
                ),
            },
        )?;
        let traced_items: Vec<(&Document, &Item)> = listed
            .iter()
            .filter(|listing| listing.item.kind == ItemKind::Recommendation)
            .map(|listing| (listing.document, listing.item))
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
                    .map(|listing| (listing.document, listing.item))
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

/// The rows of `items` (each with its place in the listing), each taken from `memo` when its
/// key (`key_of`: a hash of everything its view shows) is the one it was rendered under, else
/// rendered by `render`; with the memo of this run's rows, which replaces the last run's
/// (empty when `one_shot`: no run follows).
fn rows_of<'l, 's: 'l>(
    items: impl ParallelIterator<Item = (usize, &'l Listing<'s>)>,
    memo: &HashMap<String, (u64, Value)>,
    one_shot: bool,
    key_of: impl Fn(&Listing<'s>) -> u64 + Sync + Send,
    render: impl Fn(usize, &Listing<'s>) -> Result<Value, Diagnostic> + Sync + Send,
) -> Result<Rendered, Diagnostic> {
    if one_shot {
        // Nothing is rebuilt after this run: no keys to work out, no memo to fill.
        let rows = items
            .map(|(n, listing)| render(n, listing))
            .collect::<Result<_, Diagnostic>>()?;
        return Ok((rows, HashMap::new()));
    }
    let made: Vec<(String, u64, Value)> = items
        .map(|(n, listing)| {
            let hash = key_of(listing);
            let id = format!("{}#{}", listing.document.path, listing.item.id);
            let row = match memo.get(&id) {
                Some((stored, row)) if *stored == hash => row.clone(),
                _ => render(n, listing)?,
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
/// context of each row's view cost more than all the rest of the index pages. What a row
/// shows of its document and its chips is the same for many rows, so it is escaped once
/// (here), not once per row. The unit tests hold it to what Tera renders from the template.
struct StockRow<'a> {
    theme: &'a Theme,
    /// `t.taken_up_by`, escaped.
    taken_up_by: String,
    /// Each vocabulary topic's and actor's chip as a row shows it, by slug.
    topic_chips: HashMap<&'a str, String>,
    actor_chips: HashMap<&'a str, String>,
    /// What the rows of a document's items show of it, by the document's place in the site.
    documents: Vec<DocumentParts>,
}

/// What every row of a document's items shows of the document, escaped.
struct DocumentParts {
    url: String,
    title: String,
    organization: String,
    org_slug: String,
    period: String,
}

impl DocumentParts {
    fn of(document: &Document, urls: &Urls<'_>) -> DocumentParts {
        let mut url = String::with_capacity(document.path.len() + 16);
        urls.escape_doc_into(&mut url, &document.path);
        let organization = urls
            .organization_of(&document.meta.organization)
            .map_or(&document.meta.organization, |o| &o.name);
        DocumentParts {
            url,
            title: escape(&document.meta.title),
            organization: escape(organization),
            org_slug: escape(&document.meta.organization),
            period: escape(&document.meta.period),
        }
    }

    /// The URL of `anchor` in the document ([`Urls::in_page`]), escaped onto `html`.
    fn push_url(&self, html: &mut String, anchor: &str) {
        html.push_str(&self.url);
        if !anchor.is_empty() {
            html.push('#');
            escape_into(html, anchor);
        }
    }
}

impl<'a> StockRow<'a> {
    /// `None` when the site has a row template of its own, or lacks the string the stock
    /// one shows (Tera then reports it).
    fn of(site: &Site, theme: &'a Theme, urls: &Urls<'a>) -> Option<StockRow<'a>> {
        if !theme.uses_bundled(ROW_TEMPLATE) {
            return None;
        }
        let taken_up_by = theme.escaped_string("taken_up_by")?;
        let chips = |chips: &mut dyn Iterator<Item = (&'a str, &Chip)>| {
            chips.map(|(slug, chip)| (slug, chip.html())).collect()
        };
        Some(StockRow {
            theme,
            taken_up_by,
            topic_chips: chips(&mut urls.topic_chips_by_slug()),
            actor_chips: chips(&mut urls.actor_chips_by_slug()),
            documents: site
                .documents
                .par_iter()
                .map(|document| DocumentParts::of(document, urls))
                .collect(),
        })
    }

    /// What `index_item.html` renders for the item of `listing` and, on a traced row, what
    /// takes it up.
    fn row(&self, listing: &Listing<'_>, taken_up_by: &[Reference]) -> Value {
        let document = &self.documents[listing.position];
        let item = listing.item;
        let mut html = String::with_capacity(1024);
        let goal = item.kind == ItemKind::Goal;
        // The kind and the status are plain words: nothing to escape.
        let status = item.status.map_or("none", |s| s.as_str());
        let own_period = item.period.as_deref().map(escape);
        let period = own_period.as_deref().unwrap_or(&document.period);
        html.push_str("<li class=\"index-item kind-");
        html.push_str(item.kind.as_str());
        html.push_str("\" data-org=\"");
        html.push_str(&document.org_slug);
        html.push_str("\" data-period=\"");
        html.push_str(period);
        html.push_str("\" data-status=\"");
        html.push_str(status);
        html.push_str("\" data-url=\"");
        document.push_url(&mut html, &item.id);
        html.push_str("\">\n  <a class=\"item-text\" href=\"");
        document.push_url(&mut html, &item.id);
        html.push_str("\">");
        escape_into(&mut html, item.text.trim());
        html.push_str("</a>\n  <p class=\"item-source\">");
        html.push_str(&document.organization);
        html.push_str(" · <a href=\"");
        html.push_str(&document.url);
        html.push_str("\">");
        html.push_str(&document.title);
        html.push_str("</a> · <a href=\"");
        document.push_url(&mut html, &item.section_id);
        html.push_str("\">");
        escape_into(&mut html, &item.section_title);
        html.push_str("</a>");
        if goal {
            html.push_str(" · ");
            html.push_str(period);
        }
        html.push_str("</p>\n  <p class=\"chips\">");
        if goal {
            html.push_str("<span class=\"chip status status-");
            html.push_str(status);
            html.push_str("\">");
            escape_into(&mut html, self.theme.string(goal_status_key(item.status)));
            html.push_str("</span>");
            if let Some(note) = item.status_note.as_deref().filter(|n| !n.is_empty()) {
                html.push_str(" <span class=\"status-note\">");
                escape_into(&mut html, note);
                html.push_str("</span>");
            }
        }
        for (slugs, chips) in [
            (&item.topics, &self.topic_chips),
            (&item.addressees, &self.actor_chips),
        ] {
            for chip in slugs.iter().filter_map(|slug| chips.get(slug.as_str())) {
                html.push_str(chip);
            }
        }
        html.push_str("</p>\n  ");
        push_taken_up_by(&mut html, &self.taken_up_by, taken_up_by);
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
    use super::super::recommendations::{RecommendationView, recommendation_view};
    use super::{DocumentParts, Listing, Reference, StockRow, Value, item_view, render_row};
    use crate::document::{Document, GoalStatus, ItemKind};
    use crate::indexes::test_site::{TRICKY, example};
    use crate::render::views::Urls;

    fn text(row: &Value) -> &str {
        row.as_str().expect("a row is a string")
    }

    #[test]
    fn stock_rows_are_what_tera_renders_from_the_template() {
        let (build, config, theme) = example();
        let site = &build.site;
        let urls = Urls::new(&config, &site.vocabulary);
        let stock = StockRow::of(site, &theme, &urls).expect("the theme's own row template");
        for (position, document) in site.documents.iter().enumerate() {
            for item in &document.items {
                let listing = Listing {
                    document,
                    position,
                    fingerprint: 0,
                    item,
                };
                let view = item_view(document, item, &theme, &urls);
                let tera = render_row(&theme, &view).expect("the row renders");
                let id = format!("{}#{}", document.path, item.id);
                assert_eq!(text(&stock.row(&listing, &[])), text(&tera), "{id}");
                if item.kind == ItemKind::Recommendation {
                    let traced = recommendation_view(site, document, item, &theme, &urls);
                    let tera = render_row(&theme, &traced).expect("the traced row renders");
                    let row = stock.row(&listing, &traced.taken_up_by);
                    assert_eq!(text(&row), text(&tera), "{id} traced");
                }
            }
        }
    }

    fn reference(organization: &str, text: &str) -> Reference {
        Reference {
            kind: "link",
            kind_label: TRICKY.into(),
            url: "/src/#rek-2'\"".into(),
            doc: TRICKY.into(),
            organization: organization.into(),
            text: text.into(),
        }
    }

    #[test]
    fn stock_rows_escape_what_authors_write_as_tera_does() {
        let (build, config, theme) = example();
        let site = &build.site;
        let urls = Urls::new(&config, &site.vocabulary);
        let stock = StockRow::of(site, &theme, &urls).expect("the theme's own row template");
        let topic = site.vocabulary.topics[0].slug.clone();
        let actor = site.vocabulary.actors[0].slug.clone();
        let mut document: Document = (*site.documents[0]).clone();
        document.path = format!("a&b/{TRICKY}");
        document.meta.title = TRICKY.into();
        document.meta.organization = TRICKY.into();
        document.meta.period = TRICKY.into();
        let kinds = [
            ItemKind::Goal,
            ItemKind::Recommendation,
            ItemKind::Commitment,
        ];
        let notes = [None, Some(""), Some(" "), Some(TRICKY)];
        let periods = [None, Some(TRICKY)];
        let template = document.items[0].clone();
        document.items = Vec::new();
        for kind in kinds {
            for note in notes {
                for period in periods {
                    let mut item = template.clone();
                    item.kind = kind;
                    item.id = format!("{TRICKY}-{}", document.items.len());
                    item.text = format!("  {TRICKY}\n");
                    item.section_id = if period.is_some() {
                        TRICKY.into()
                    } else {
                        String::new()
                    };
                    item.section_title = TRICKY.into();
                    item.status = note.map(|_| GoalStatus::Ongoing);
                    item.status_note = note.map(str::to_string);
                    item.period = period.map(str::to_string);
                    item.topics = vec![topic.clone(), TRICKY.into(), topic.clone()];
                    item.addressees = vec![TRICKY.into(), actor.clone()];
                    document.items.push(item);
                }
            }
        }
        let stock = StockRow {
            documents: vec![DocumentParts::of(&document, &urls)],
            ..stock
        };
        for item in &document.items {
            let listing = Listing {
                document: &document,
                position: 0,
                fingerprint: 0,
                item,
            };
            for references in [
                vec![],
                vec![reference("", "")],
                vec![
                    reference(TRICKY, TRICKY),
                    reference("Org", ""),
                    reference("", "t"),
                ],
            ] {
                let view = RecommendationView {
                    item: item_view(&document, item, &theme, &urls),
                    taken_up_by: references,
                };
                let tera = render_row(&theme, &view).expect("the row renders");
                let row = stock.row(&listing, &view.taken_up_by);
                assert_eq!(text(&row), text(&tera), "{}", item.id);
            }
        }
    }
}
