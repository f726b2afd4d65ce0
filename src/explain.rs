//! `planpress check --explain addressees`: for every recommendation, its addressees and what
//! decided them (`to=` on the item or its section, or which words of its text), so that an
//! author sees a wrong guess and can fix it with `to=` (issue #18).

use crate::content::AddresseeSource;
use crate::diagnostic::Lang;
use crate::document::ItemKind;
use crate::resolve::Site;
use crate::text;

/// Two lines per recommendation: `file:line  id  → slugs`, then why.
pub fn explain_addressees(site: &Site, lang: Lang) -> Vec<String> {
    let mut lines = Vec::new();
    for document in &site.documents {
        let recommendations = document
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Recommendation);
        for item in recommendations {
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
