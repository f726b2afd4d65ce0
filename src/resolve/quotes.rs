//! Matching the commission report's quotes to the strategy document's commitments. The
//! report quotes the adopted wording, sometimes with small differences (capitalisation, a
//! full stop, a word changed by an amendment), so matching compares normalised text by
//! similarity rather than equality, and a quote that matches nothing is a warning.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, ItemKind};

/// Below this similarity a quote is reported as matching nothing. Calibrated on the bundled
/// report: true matches score above 0.9, the best wrong candidate below 0.6.
const MATCH_THRESHOLD: f64 = 0.75;

#[derive(Debug, Clone, Serialize)]
pub struct QuoteMatch {
    pub doc: String,
    pub commitment: String,
    /// Similarity in 0..=1, 1 for identical normalised text.
    pub score: f64,
}

/// Lowercase words without punctuation, so "Våga testa olika … och finansiera det." and
/// "våga testa olika … och finansiera det" compare equal.
pub fn normalize_for_matching(text: &str) -> String {
    let cleaned: String =
        text.chars().map(|c| if c.is_alphanumeric() || c == '%' { c.to_lowercase().next().unwrap_or(c) } else { ' ' }).collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn match_quotes(
    documents: &[Document],
    by_path: &HashMap<String, usize>,
) -> (BTreeMap<(String, String), QuoteMatch>, Vec<Diagnostic>) {
    let mut matches = BTreeMap::new();
    let mut diagnostics = Vec::new();
    let all_commitments: Vec<(usize, usize, String)> = documents
        .iter()
        .enumerate()
        .flat_map(|(d, doc)| {
            doc.items
                .iter()
                .enumerate()
                .filter(|(_, item)| item.kind == ItemKind::Commitment)
                .map(move |(i, item)| (d, i, normalize_for_matching(&item.text)))
        })
        .collect();
    for document in documents {
        let quotes: Vec<_> = document.items.iter().filter(|i| i.kind == ItemKind::Quote).collect();
        if quotes.is_empty() {
            continue;
        }
        // A report that declares what it implements is matched against those documents only.
        let declared: Vec<usize> = document
            .meta
            .implements
            .iter()
            .filter_map(|r| crate::markdown::parse_link_target(&r.target))
            .filter_map(|t| by_path.get(&t.doc).copied())
            .collect();
        let candidates: Vec<&(usize, usize, String)> =
            all_commitments.iter().filter(|(d, _, _)| declared.is_empty() || declared.contains(d)).collect();
        for quote in quotes {
            let normalized = normalize_for_matching(&quote.text);
            let best = candidates
                .iter()
                .map(|(d, i, text)| (similarity(&normalized, text), *d, *i))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            match best {
                Some((score, d, i)) if score >= MATCH_THRESHOLD => {
                    let target = &documents[d];
                    matches.insert(
                        (document.path.clone(), quote.id.clone()),
                        QuoteMatch { doc: target.path.clone(), commitment: target.items[i].id.clone(), score },
                    );
                }
                _ => {
                    let diagnostic = Diagnostic::warning(format!(
                        "the quote `{}` matches no commitment",
                        shorten(&quote.text, 60)
                    ))
                    .with_help("check the wording against the strategy document, or mark the list without `.quotes`");
                    diagnostics.push(Diagnostic {
                        location: Some(crate::diagnostic::Location {
                            path: document.source_path.clone(),
                            line: quote.line,
                            column: 1,
                        }),
                        ..diagnostic
                    });
                }
            }
        }
    }
    (matches, diagnostics)
}

/// The better of whole-text similarity and word overlap: a quote may shorten a commitment.
fn similarity(quote: &str, commitment: &str) -> f64 {
    let edit = strsim::normalized_levenshtein(quote, commitment);
    let quote_words: Vec<&str> = quote.split(' ').collect();
    let commitment_words: std::collections::HashSet<&str> = commitment.split(' ').collect();
    if quote_words.is_empty() || commitment_words.is_empty() {
        return edit;
    }
    let shared = quote_words.iter().filter(|w| commitment_words.contains(*w)).count() as f64;
    let dice = 2.0 * shared / (quote_words.len() + commitment_words.len()) as f64;
    edit.max(dice)
}

fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(chars).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_ignores_case_and_punctuation() {
        assert_eq!(normalize_for_matching("Våga testa, olika metoder."), "våga testa olika metoder");
        assert_eq!(normalize_for_matching("50 % år 2030"), "50 % år 2030");
    }

    #[test]
    fn similar_wording_scores_high_and_different_wording_low() {
        let commitment = normalize_for_matching("arbeta med strategiska planer på alla nivåer");
        assert!(similarity(&normalize_for_matching("Arbeta med strategiska planer på alla nivåer."), &commitment) > 0.99);
        assert!(similarity(&normalize_for_matching("Arbeta med strategiska planer."), &commitment) > MATCH_THRESHOLD);
        assert!(similarity(&normalize_for_matching("Lyfta goda och olika exempel på möten."), &commitment) < 0.5);
    }
}
