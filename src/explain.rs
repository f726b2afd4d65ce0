//! `planpress check --explain addressees`: for every recommendation, and every goal given
//! one with `to=`, its addressees and what decided them (`to=` on the item, its list or its
//! section, or which words of its text), so that an author sees a wrong guess and can fix it
//! with `to=` (issue #18).

use std::path::Path;

use crate::config::{DraftMode, load_config_or_defaults};
use crate::content::{AddresseeSource, load_sources, load_vocabulary};
use crate::diagnostic::Lang;
use crate::document::{Document, ItemKind};
use crate::markdown::{MarkupLabels, ParseContext, parse_document};
use crate::resolve::Site;
use crate::text;

/// Two lines per recommendation and addressed goal: `file:line  id  → slugs`, then why.
pub fn explain_addressees(site: &Site, lang: Lang) -> Vec<String> {
    explain_documents(site.documents.iter().map(|d| &**d), lang)
}

/// [`explain_addressees`] for a site that does not build: each document parsed on its own
/// (as `planpress ids` does), so that an error elsewhere hides no explanation.
pub fn explain_addressees_of_files(root: &Path, lang: Lang) -> Vec<String> {
    let Ok((config, _)) = load_config_or_defaults(root, None, DraftMode::Include) else {
        return Vec::new();
    };
    let (vocabulary, _) = load_vocabulary(&config.content_dir);
    let (sources, _) = load_sources(&config.content_dir);
    let labels = MarkupLabels::default();
    let context = ParseContext {
        config: &config,
        vocabulary: &vocabulary,
        labels: &labels,
    };
    let documents: Vec<Document> = sources
        .iter()
        .filter_map(|source| parse_document(source, &context).document)
        .collect();
    explain_documents(documents.iter(), lang)
}

fn explain_documents<'a>(documents: impl Iterator<Item = &'a Document>, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    for document in documents {
        // A goal is addressed only by `to=`: one without it is nobody's to explain.
        let addressed = document.items.iter().filter(|i| {
            i.kind == ItemKind::Recommendation
                || (i.kind == ItemKind::Goal && !i.addressees.is_empty())
        });
        for item in addressed {
            let to = if item.addressees.is_empty() {
                text!("explain.none").render(lang)
            } else {
                item.addressees.join(", ")
            };
            lines.push(format!(
                "{}:{}  {}  → {to}",
                document.source_path.display(),
                item.line,
                item.id
            ));
            lines.push(format!("    {}", reason(&item.addressed_by, lang)));
        }
    }
    lines
}

fn reason(source: &AddresseeSource, lang: Lang) -> String {
    let quoted = |words: &[String]| {
        words
            .iter()
            .map(|w| format!("\"{w}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let reason = match source {
        AddresseeSource::Item => text!("explain.item"),
        AddresseeSource::List { line } => text!("explain.list", line = line),
        AddresseeSource::Section { line } => text!("explain.section", line = line),
        AddresseeSource::Lead { words } => text!("explain.lead", words = quoted(words)),
        AddresseeSource::Text { words } => text!("explain.text", words = quoted(words)),
        AddresseeSource::Nothing => text!("explain.nothing"),
    };
    reason.render(lang)
}
