//! Compounds found from their last part: for each word of the site that ends longer words
//! of the site, the terms of those compounds, which the shards list beside the word
//! (`förening` → `partiföreningarna`), and the last parts that are no word of the site but
//! are listed all the same.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;

use super::LabelWords;
use super::postings::Assembled;
use super::terms::compound_splits;

/// Compounds kept per last part, the most frequent first.
const COMPOUNDS_PER_TAIL: usize = 40;

/// Whether `tail` is a noun made with `-ing` or `-ning` from a verb that is a word of the site
/// (`bevakning` of `bevaka`, `planering` of `planera`, `utbildningen` of `utbilda`), in any
/// of its forms: a last part that is a word of its own, if not of the site, so that
/// `bevakning` finds `omvärldsbevakning` when neither `bevakning` nor `omvärld` occurs alone.
fn made_from_a_verb(tail: &str, is_word: impl Fn(&str) -> bool) -> bool {
    const FORMS: [&str; 6] = ["ingarnas", "ingarna", "ingar", "ingens", "ingen", "ing"];
    let Some(stem) = FORMS.iter().find_map(|form| tail.strip_suffix(form)) else {
        return false;
    };
    let verb = |stem: &str| stem.chars().count() >= 4 && is_word(&format!("{stem}a"));
    verb(stem) || stem.strip_suffix('n').is_some_and(verb)
}

/// For each word that is the last part of longer words of the site, the terms of those
/// compounds, the most frequent first. A last part that is no word of the site is kept too
/// when the first part is one (`aktivitets|fonden`, `press|meddelanden`: `fonden` finds
/// `aktivitetsfonden` though `fonden` never occurs alone); the shards list it as a word
/// without a term of its own.
pub(super) fn compounds<'a>(
    assembled: &'a Assembled,
    labels: &LabelWords,
) -> HashMap<&'a str, Vec<u32>, FxBuildHasher> {
    let words = &assembled.words;
    let is_word = |head: &str| {
        words.contains_key(head)
            || head
                .strip_suffix('s')
                .is_some_and(|h| words.contains_key(h))
    };
    let mut found: HashMap<&str, Vec<u32>, FxBuildHasher> = HashMap::default();
    for (word, &term) in words {
        if labels.is_label_word(word) {
            continue;
        }
        for at in compound_splits(word) {
            let (Some(head), Some(tail)) = (word.get(..at), word.get(at..)) else {
                continue;
            };
            match words.get_key_value(tail) {
                Some((tail, &tail_term)) if tail_term != term => {
                    found.entry(tail).or_default().push(term);
                }
                None if is_word(head) || made_from_a_verb(tail, |w| words.contains_key(w)) => {
                    found.entry(tail).or_default().push(term);
                }
                _ => {}
            }
        }
    }
    let df = |t: &u32| {
        assembled
            .terms
            .get(*t as usize)
            .map_or(0, |(_, term)| term.items.len())
    };
    for terms in found.values_mut() {
        terms.sort_unstable_by(|a, b| df(b).cmp(&df(a)).then(a.cmp(b)));
        terms.dedup();
        terms.truncate(COMPOUNDS_PER_TAIL);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexes::search::postings::with_the_examples_index;

    #[test]
    fn a_last_part_is_found_when_the_first_part_is_a_word() {
        with_the_examples_index(|_, _, assembled, labels| {
            let found = compounds(assembled, labels);
            // An item's label word is no compound: `gande4` listed every fourth commitment.
            let label_terms: Vec<u32> = (assembled.words.iter())
                .filter(|(word, _)| labels.is_label_word(word))
                .map(|(_, &term)| term)
                .collect();
            assert!(label_terms.len() > 10, "{} label words", label_terms.len());
            assert!(!found.values().flatten().any(|t| label_terms.contains(t)));
            let term_of = |word: &str| assembled.words.get(word).copied();
            // Neither `fonden` nor `meddelanden` occurs alone; `aktivitet` and `press` do.
            for (part, compound) in [
                ("fonden", "aktivitetsfonden"),
                ("meddelanden", "pressmeddelanden"),
            ] {
                assert_eq!(term_of(part), None, "{part}");
                let term = term_of(compound).expect("a word of the example");
                assert!(found.get(part).is_some_and(|t| t.contains(&term)), "{part}");
            }
            // A split whose first part is no word (`aktivit|etsfonden`) stays out.
            assert!(!found.contains_key("etsfonden"));
            // Neither `omvärld` nor `bevakning` occurs alone, but `bevaka` does.
            let term = term_of("omvärldsbevakning").expect("a word of the example");
            assert!(found.get("bevakning").is_some_and(|t| t.contains(&term)));
        });
    }

    #[test]
    fn nouns_made_from_verbs_of_the_site_are_last_parts() {
        let words = ["bevaka", "planera", "utbilda"];
        let is_word = |w: &str| words.contains(&w);
        for tail in ["bevakning", "planering", "utbildningen", "bevakningarna"] {
            assert!(made_from_a_verb(tail, is_word), "{tail}");
        }
        for tail in ["ordning", "slokaler", "ning", "aning", "bevakn"] {
            assert!(!made_from_a_verb(tail, is_word), "{tail}");
        }
    }
}
