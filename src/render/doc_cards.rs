//! Document cards as the theme's own `macros_doc_list.html` lays them out, written without
//! Tera: the topic and organisation pages of a large site list thousands of documents, and
//! laying out their cards field by field was most of those pages' work. Each page using it
//! checks that its own template is the theme's too, and falls back to Tera otherwise.

use crate::html::escape_into;

use super::Theme;
use super::views::DocSummary;

/// What `macros_doc_list.html` renders for the documents at `indexes`, given their `cards`
/// and the text of an empty list.
pub(crate) fn card_list(cards: &[String], empty: &str, indexes: &[usize]) -> String {
    let length: usize = indexes.iter().map(|&index| cards[index].len()).sum();
    let mut html = String::with_capacity(length + 64);
    html.push_str("<ul class=\"doc-list\">\n");
    if indexes.is_empty() {
        html.push_str(empty);
    }
    for &index in indexes {
        html.push_str(&cards[index]);
    }
    html.push_str("\n</ul>\n");
    html
}

/// The theme's words a document card shows, escaped; `None` unless the theme's own
/// document list is in use and has every word it shows (Tera then reports what is missing).
pub(crate) struct CardWords {
    goals: String,
    recommendations: String,
    commitments: String,
    no_documents: String,
}

impl CardWords {
    pub(crate) fn of(theme: &Theme) -> Option<CardWords> {
        if !theme.uses_bundled("macros_doc_list.html") {
            return None;
        }
        Some(CardWords {
            goals: theme.escaped_lowercase("goals")?,
            recommendations: theme.escaped_lowercase("recommendations")?,
            commitments: theme.escaped_lowercase("commitments")?,
            no_documents: theme.escaped_string("no_documents")?,
        })
    }

    /// What `macros_doc_list.html` renders for an empty list, between its `<ul>` tags.
    pub(crate) fn empty(&self) -> String {
        format!("\n  <li>{}</li>\n", self.no_documents)
    }

    /// What `macros_doc_list.html` renders for `document`, between its `<ul>` tags.
    pub(crate) fn card(&self, document: &DocSummary) -> String {
        let mut html = String::with_capacity(512);
        html.push_str("\n  <li class=\"doc-card\">\n    <a class=\"doc-title\" href=\"");
        escape_into(&mut html, &document.url);
        html.push_str("\">");
        escape_into(&mut html, &document.title);
        if let Some(subtitle) = document.subtitle.as_deref().filter(|s| !s.is_empty()) {
            html.push_str(": ");
            escape_into(&mut html, subtitle);
        }
        html.push_str("</a>\n    <p class=\"doc-facts\">");
        escape_into(&mut html, &document.organization.title);
        html.push_str(" · ");
        escape_into(&mut html, &document.kind_label);
        html.push_str(" · ");
        escape_into(&mut html, &document.period);
        html.push_str(" · <span class=\"doc-status status-");
        escape_into(&mut html, document.status);
        html.push_str("\">");
        escape_into(&mut html, &document.status_label);
        html.push_str("</span></p>\n    <p class=\"doc-counts\">");
        let counts = &document.counts;
        for (count, word, space) in [
            (counts.goals, &self.goals, ""),
            (counts.recommendations, &self.recommendations, " "),
            (counts.commitments, &self.commitments, " "),
        ] {
            if count > 0 {
                html.push_str(space);
                html.push_str(itoa::Buffer::new().format(count));
                html.push(' ');
                html.push_str(word);
            }
        }
        html.push_str("</p>\n  </li>\n");
        html
    }
}
