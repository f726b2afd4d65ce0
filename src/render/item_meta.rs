//! The metadata under each item in a document page: permalink, status, topic and addressee
//! chips, the goals an activity serves, the commitment a quote quotes, and what refers to the
//! item. Written in Rust rather than a template because a large site has hundreds of
//! thousands of items and a template call per item would dominate the build.

use std::fmt::Write;

use crate::document::{Document, Item, ItemKind};
use crate::html::escape;
use crate::resolve::{BacklinkKind, Site};

use super::Theme;
use super::views::{Urls, actor_chips, topic_chips};

pub fn render_item_meta(
    document: &Document,
    item: &Item,
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
) -> String {
    let mut html = String::with_capacity(256);
    html.push_str("<div class=\"item-meta\">");
    let _ = write!(
        html,
        "<a class=\"permalink\" href=\"#{id}\" aria-label=\"{label} {kind} {id}\">#{id}</a>",
        id = escape(&item.id),
        label = escape(theme.string("permalink_to")),
        kind = escape(theme.string(&format!("item_{}", item.kind.as_str()))),
    );
    if let Some(status) = item.status {
        let _ = write!(
            html,
            " <span class=\"chip status status-{}\">{}</span>",
            status.as_str(),
            escape(theme.string(&format!("goal_status_{}", status.as_str())))
        );
        if let Some(note) = &item.status_note {
            let _ = write!(html, " <span class=\"status-note\">{}</span>", escape(note));
        }
    }
    for chip in topic_chips(&item.topics, site, urls)
        .into_iter()
        .chain(actor_chips(&item.addressees, site, urls))
    {
        let _ = write!(
            html,
            " <a class=\"chip chip-{}\" href=\"{}\">{}</a>",
            chip.kind,
            escape(&chip.url),
            escape(&chip.label)
        );
    }
    if item.kind == ItemKind::Activity && !item.serves.is_empty() {
        let links: Vec<String> = item
            .serves
            .iter()
            .map(|goal| {
                let ordinal = document
                    .item(goal)
                    .map_or(String::new(), |g| g.ordinal.to_string());
                format!(
                    "<a href=\"#{}\">{} {}</a>",
                    escape(goal),
                    escape(theme.string("item_goal")),
                    ordinal
                )
            })
            .collect();
        let _ = write!(
            html,
            " <span class=\"serves\">{}: {}</span>",
            escape(theme.string("serves")),
            links.join(", ")
        );
    }
    if item.kind == ItemKind::Quote
        && let Some(matched) = site
            .quote_matches
            .get(&(document.path.clone(), item.id.clone()))
    {
        let title = site
            .document(&matched.doc)
            .map_or(matched.doc.clone(), |d| d.meta.title.clone());
        let links: Vec<String> = matched
            .commitments
            .iter()
            .map(|commitment| {
                format!(
                    "<a href=\"{}\">{} – {}</a>",
                    escape(&urls.item(&matched.doc, commitment)),
                    escape(&title),
                    escape(commitment)
                )
            })
            .collect();
        let _ = write!(
            html,
            " <span class=\"quotes\">{}: {}</span>",
            escape(theme.string("quotes_commitment")),
            links.join(", ")
        );
    }
    html.push_str(&render_backlinks(
        &document.path,
        &item.id,
        site,
        theme,
        urls,
    ));
    html.push_str("</div>");
    html
}

/// "Referred to by": links to every item or section that points here.
pub fn render_backlinks(
    doc: &str,
    anchor: &str,
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
) -> String {
    let backlinks = site.backlinks_to(doc, anchor);
    if backlinks.is_empty() {
        return String::new();
    }
    let mut html = format!(
        "<details class=\"backlinks\"><summary>{} ({})</summary><ul>",
        escape(theme.string("referred_to_by")),
        backlinks.len()
    );
    for backlink in backlinks {
        let source = site.document(&backlink.from_doc);
        let doc_title = source.map_or(backlink.from_doc.clone(), |d| d.meta.title.clone());
        let org = source
            .and_then(|d| site.vocabulary.organization(&d.meta.organization))
            .map_or(String::new(), |o| format!("{} ", o.name));
        let what = site
            .anchor_title(&backlink.from_doc, &backlink.from_anchor)
            .unwrap_or_default();
        let kind_key = match backlink.kind {
            BacklinkKind::Link => "backlink_link",
            BacklinkKind::Implements => "backlink_implements",
            BacklinkKind::Quote => "backlink_quote",
        };
        let _ = write!(
            html,
            "<li><span class=\"backlink-kind\">{}</span> <a href=\"{}\">{}{}</a>{}</li>",
            escape(theme.string(kind_key)),
            escape(&urls.item(&backlink.from_doc, &backlink.from_anchor)),
            escape(&org),
            escape(&doc_title),
            if what.is_empty() {
                String::new()
            } else {
                format!(": {}", escape(&shorten(&what, 120)))
            }
        );
    }
    html.push_str("</ul></details>");
    html
}

pub fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(chars).collect();
    format!("{}…", cut.trim_end())
}
