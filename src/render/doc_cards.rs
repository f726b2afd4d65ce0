//! Document cards: the theme's `doc_card.html` rendered once per document and shared by every
//! list that shows the document (the home page, its organisation's page and the page of each
//! of its topics). A topic page of a large site lists thousands of documents: laying out
//! each card again on every page was most of those pages' work. The lists
//! (`macros_doc_list.html`) join the cards, which are safe strings; a [`Value`] string is
//! reference-counted, so a card shared by five pages is stored once.
//!
//! A card shows its document's front matter and item counts, laid out with the config, the
//! vocabulary (organisation names) and the theme: it is kept in the render stage's memo
//! ([`super::RenderMemo`]) under the document's fingerprint, as a plain index row
//! is, so a save lays out the cards of the saved documents only (at 10,000 documents,
//! laying out every card was ~100 ms of each save).

use std::hash::Hasher;

use rayon::prelude::*;
use tera::{Context, Value};

use crate::diagnostic::Diagnostic;
use crate::resolve::Site;

use super::views::{Urls, doc_summary};
use super::{Theme, error_chain};

/// The template of one card; a site may override it like any other.
const CARD_TEMPLATE: &str = "doc_card.html";

/// Every document's card, by the document's place in the site.
pub(crate) struct DocCards {
    cards: Vec<Value>,
}

impl DocCards {
    pub(crate) fn render(
        site: &Site,
        theme: &Theme,
        urls: &Urls<'_>,
        memo: &super::RenderMemo,
    ) -> Result<Self, Diagnostic> {
        let cards = site
            .documents
            .par_iter()
            .zip(site.fingerprints.par_iter())
            .map(|(document, &fingerprint)| {
                let key = || memo.keys.hasher(fingerprint).finish();
                let render = || {
                    let mut context = Context::new();
                    context.insert("doc", &doc_summary(document, theme, urls));
                    theme
                        .tera
                        .render(CARD_TEMPLATE, &context)
                        .map(|html| Value::safe_string(&html))
                        .map_err(|error| {
                            Diagnostic::err(crate::text!(
                                "E091",
                                template = CARD_TEMPLATE,
                                error = error_chain(&error)
                            ))
                        })
                };
                let card = memo.cards.get_or_make(&document.path, key, render)?;
                Ok(Value::clone(&card))
            })
            .collect::<Result<_, _>>()?;
        Ok(DocCards { cards })
    }

    /// The card of the document at `index` (its place in the site).
    pub(crate) fn card(&self, index: usize) -> Option<&Value> {
        self.cards.get(index)
    }

    /// The cards of the documents at `indexes` (places in the site), as a list for a page's
    /// `cards`.
    pub(crate) fn list(&self, indexes: impl IntoIterator<Item = usize>) -> Value {
        let cards: Vec<Value> = indexes
            .into_iter()
            .filter_map(|index| self.cards.get(index).cloned())
            .collect();
        Value::from(cards)
    }
}
