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

use std::collections::HashMap;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::document::{Document, Item, ItemKind};
use crate::render::views::Urls;
use crate::render::{Theme, error_chain};
use crate::resolve::Site;

use super::item_view;
use super::recommendations::recommendation_view;

/// The row template; a site may override it like any other.
const ROW_TEMPLATE: &str = "index_item.html";

/// An item's place in the site: its document's path and its id.
type ItemKey<'s> = (&'s str, &'s str);

pub(crate) struct Rows<'s> {
    /// The item with its source and chips: what the goal index and the topic pages show.
    plain: HashMap<ItemKey<'s>, Value>,
    /// A recommendation with what takes it up: what the recommendation index, the addressee
    /// pages and the commitment traces show.
    traced: HashMap<ItemKey<'s>, Value>,
}

impl<'s> Rows<'s> {
    /// Renders the rows of every item the index pages list.
    pub(crate) fn render(
        site: &'s Site,
        theme: &Theme,
        urls: &Urls<'_>,
    ) -> Result<Rows<'s>, Diagnostic> {
        let listed: Vec<(&'s Document, &'s Item)> = site
            .items()
            .filter(|(_, item)| {
                matches!(
                    item.kind,
                    ItemKind::Goal | ItemKind::Recommendation | ItemKind::Commitment
                )
            })
            .collect();
        let (plain, traced) = rayon::join(
            || {
                listed
                    .par_iter()
                    .map(|&(document, item)| {
                        let view = item_view(site, document, item, theme, urls);
                        Ok((key(document, item), render_row(theme, &view)?))
                    })
                    .collect::<Result<HashMap<_, _>, Diagnostic>>()
            },
            || {
                listed
                    .par_iter()
                    .filter(|(_, item)| item.kind == ItemKind::Recommendation)
                    .map(|&(document, item)| {
                        let view = recommendation_view(site, document, item, theme, urls);
                        Ok((key(document, item), render_row(theme, &view)?))
                    })
                    .collect::<Result<HashMap<_, _>, Diagnostic>>()
            },
        );
        Ok(Rows {
            plain: plain?,
            traced: traced?,
        })
    }

    /// The item's row as the goal index and the topic pages show it.
    pub(crate) fn plain(&self, document: &Document, item: &Item) -> Value {
        lookup(&self.plain, document, item)
    }

    /// A recommendation's row with what takes it up.
    pub(crate) fn traced(&self, document: &Document, item: &Item) -> Value {
        lookup(&self.traced, document, item)
    }
}

fn key<'s>(document: &'s Document, item: &'s Item) -> ItemKey<'s> {
    (document.path.as_str(), item.id.as_str())
}

fn lookup(rows: &HashMap<ItemKey<'_>, Value>, document: &Document, item: &Item) -> Value {
    rows.get(&(document.path.as_str(), item.id.as_str()))
        .cloned()
        // Every listed item was rendered above; an empty row would only hide a bug in a list,
        // so it is checked in debug builds.
        .unwrap_or_else(|| {
            debug_assert!(false, "no index row for {}#{}", document.path, item.id);
            Value::safe_string("")
        })
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
