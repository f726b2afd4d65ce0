//! `planpress check --explain addressees`: for every recommendation, its addressees and what
//! decided them (`to=` on the item or its section, or which words of its text), so that an
//! author sees a wrong guess and can fix it with `to=` (issue #18).

use crate::content::AddresseeSource;
use crate::diagnostic::Lang;
use crate::document::ItemKind;
use crate::resolve::Site;

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
                lang.pick("(ingen)", "(none)").to_string()
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
    match source {
        AddresseeSource::Item => lang
            .pick(
                "to=\"…\" på rekommendationen",
                "to=\"…\" on the recommendation",
            )
            .to_string(),
        AddresseeSource::List { line } => match lang {
            Lang::Sv => format!("to=\"…\" på listans attributrad, rad {line}"),
            Lang::En => format!("to=\"…\" on the list's attribute line, line {line}"),
        },
        AddresseeSource::Section { line } => match lang {
            Lang::Sv => format!("to=\"…\" på avsnittets rubrik, rad {line}"),
            Lang::En => format!("to=\"…\" on the section's heading, line {line}"),
        },
        AddresseeSource::Lead { words } => match lang {
            Lang::Sv => format!("orden {} före meningens att/bör/ska", quoted(words)),
            Lang::En => format!(
                "the words {} before the sentence's att/bör/ska",
                quoted(words)
            ),
        },
        AddresseeSource::Text { words } => match lang {
            Lang::Sv => format!(
                "ingen mening nämner en mottagare före att/bör/ska; orden {} i texten",
                quoted(words)
            ),
            Lang::En => format!(
                "no sentence names an addressee before att/bör/ska; the words {} in the text",
                quoted(words)
            ),
        },
        AddresseeSource::Nothing => lang
            .pick(
                "inga ord ur actors.toml i texten; ange to=\"…\"",
                "no word of actors.toml in the text; set to=\"…\"",
            )
            .to_string(),
    }
}
