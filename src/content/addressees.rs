//! Who a recommendation is addressed to, found in its text through the forms of
//! `actors.toml` when the markup does not say (`to=`).
//!
//! A Swedish recommendation names its addressees before its first verb of obligation or
//! its infinitive marker: "Vi uppmanar *distriktsstyrelsen* att …", "*Distriktet* bör …".
//! A form after that point is part of what is asked ("… stöd till partiföreningarna",
//! "… för förtroendevalda i Fyrbodal") and does not count. Only a text in which no sentence
//! names an addressee there is read whole (issue #18).

use crate::document::AddresseeSource;

use super::vocabulary::Actor;

/// The words that end the part of a sentence that names its addressees.
const LEAD_ENDS: [&str; 7] = ["att", "bör", "borde", "ska", "skall", "måste", "behöver"];

/// A recommendation's addressees (actor slugs, in order of first mention) and why.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Addressed {
    pub slugs: Vec<String>,
    pub source: AddresseeSource,
}

/// Finds actors named in a recommendation's text by their inflected forms, as whole words,
/// longest form first, so "parlamentariska grupperna" is not also read as a shorter form.
#[derive(Debug, Clone, Default)]
pub struct ActorMatcher {
    /// (lowercased form, actor slug), longest form first.
    forms: Vec<(String, String)>,
    /// All forms at once: each recommendation's text is scanned once, not once per form
    /// (which was a tenth of the parse on a large site). `None` only if it could not be
    /// built, and then each form is searched for in turn.
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl ActorMatcher {
    pub fn new(actors: &[Actor]) -> Self {
        let mut forms: Vec<(String, String)> = actors
            .iter()
            .flat_map(|a| {
                let mut forms: Vec<String> = a.forms.iter().map(|f| f.to_lowercase()).collect();
                forms.push(a.name.to_lowercase());
                forms.into_iter().map(move |f| (f, a.slug.clone()))
            })
            .filter(|(form, _)| !form.is_empty())
            .collect();
        forms.sort_by(|a, b| {
            b.0.chars()
                .count()
                .cmp(&a.0.chars().count())
                .then(a.0.cmp(&b.0))
        });
        forms.dedup();
        let automaton = aho_corasick::AhoCorasick::new(forms.iter().map(|(form, _)| form)).ok();
        ActorMatcher { forms, automaton }
    }

    /// The actors a recommendation's text addresses, and the words that decided.
    pub fn addressees(&self, text: &str) -> Addressed {
        let lower = text.to_lowercase();
        let named = self.named(&lower);
        let leads = lead_ranges(&lower);
        let in_lead: Vec<&Named> = named
            .iter()
            .filter(|n| leads.iter().any(|l| l.start <= n.start && n.end <= l.end))
            .collect();
        let (chosen, lead) = if in_lead.is_empty() {
            (named.iter().collect(), false)
        } else {
            (in_lead, true)
        };
        let mut slugs: Vec<String> = Vec::new();
        let mut words = Vec::new();
        for named in chosen {
            words.push(lower[named.start..named.end].to_string());
            if !slugs.contains(&named.slug) {
                slugs.push(named.slug.clone());
            }
        }
        let source = match (words.is_empty(), lead) {
            (true, _) => AddresseeSource::Nothing,
            (false, true) => AddresseeSource::Lead { words },
            (false, false) => AddresseeSource::Text { words },
        };
        Addressed { slugs, source }
    }

    /// The slugs of the actors the text addresses, in order of first mention.
    pub fn find(&self, text: &str) -> Vec<String> {
        self.addressees(text).slugs
    }

    /// Every naming of an actor in `lower`, in order: longest form first, whole words, no
    /// two overlapping.
    fn named(&self, lower: &str) -> Vec<Named> {
        let occurrences = self.occurrences(lower);
        let mut taken = vec![false; lower.len()];
        let mut found: Vec<Named> = Vec::new();
        for ((_, slug), occurrences) in self.forms.iter().zip(occurrences) {
            // Each form's occurrences left to right, not overlapping one another.
            let mut from = 0;
            for (start, end) in occurrences {
                if start < from {
                    continue;
                }
                from = end;
                if !is_word_boundary(lower, start, end) || taken[start..end].iter().any(|&t| t) {
                    continue;
                }
                taken[start..end].iter_mut().for_each(|t| *t = true);
                found.push(Named {
                    start,
                    end,
                    slug: slug.clone(),
                });
            }
        }
        found.sort_by_key(|n| n.start);
        found
    }

    /// Where each form occurs in `lower` (overlapping occurrences included), by form, each
    /// in order.
    fn occurrences(&self, lower: &str) -> Vec<Vec<(usize, usize)>> {
        let mut occurrences = vec![Vec::new(); self.forms.len()];
        match &self.automaton {
            Some(automaton) => {
                // A form has one length, so ordered by end its occurrences are by start too.
                for found in automaton.find_overlapping_iter(lower) {
                    if let Some(list) = occurrences.get_mut(found.pattern().as_usize()) {
                        list.push((found.start(), found.end()));
                    }
                }
            }
            None => {
                for ((form, _), list) in self.forms.iter().zip(&mut occurrences) {
                    list.extend(
                        lower
                            .match_indices(form.as_str())
                            .map(|(start, matched)| (start, start + matched.len())),
                    );
                }
            }
        }
        occurrences
    }
}

struct Named {
    start: usize,
    end: usize,
    slug: String,
}

/// The part of each sentence of `lower` before its first word of [`LEAD_ENDS`]; a sentence
/// without one has none.
fn lead_ranges(lower: &str) -> Vec<std::ops::Range<usize>> {
    let mut leads = Vec::new();
    let mut sentence_start = 0;
    let mut lead_found = false;
    let mut word_start: Option<usize> = None;
    let mut chars = lower.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            word_start.get_or_insert(i);
        } else if let Some(start) = word_start.take()
            && !lead_found
            && LEAD_ENDS.contains(&&lower[start..i])
        {
            leads.push(sentence_start..start);
            lead_found = true;
        }
        let ends_sentence = matches!(c, '.' | '!' | '?')
            && chars.peek().is_none_or(|(_, next)| next.is_whitespace());
        if ends_sentence {
            sentence_start = i + 1;
            lead_found = false;
        }
    }
    if let Some(start) = word_start
        && !lead_found
        && LEAD_ENDS.contains(&&lower[start..])
    {
        leads.push(sentence_start..start);
    }
    leads
}

fn is_word_boundary(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(slug: &str, forms: &[&str]) -> Actor {
        Actor {
            slug: slug.into(),
            name: slug.into(),
            forms: forms.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn actors_are_found_by_inflected_forms_as_whole_words() {
        let matcher = ActorMatcher::new(&[
            actor("distriktsstyrelsen", &["distriktsstyrelsen", "DS"]),
            actor(
                "partiforeningarna",
                &["partiföreningarna", "partiföreningar"],
            ),
            actor("distriktet", &["distriktet"]),
        ]);
        assert_eq!(
            matcher.find("Vi uppmanar distriktsstyrelsen och partiföreningarna att …"),
            vec!["distriktsstyrelsen", "partiforeningarna"]
        );
        assert_eq!(
            matcher.find("Vi uppmanar våra partiföreningar samt distriktet"),
            vec!["partiforeningarna", "distriktet"]
        );
        assert!(matcher.find("Dsxyz distriktetsxx").is_empty());
    }

    #[test]
    fn the_automaton_finds_what_searching_form_by_form_finds() {
        let matcher = ActorMatcher::new(&[
            actor(
                "parlamentariska-grupper",
                &["parlamentariska grupperna", "grupperna"],
            ),
            actor("distriktsstyrelsen", &["distriktsstyrelsen", "styrelsen"]),
            actor("aa", &["aa"]),
        ]);
        let by_form = ActorMatcher {
            automaton: None,
            ..matcher.clone()
        };
        for text in [
            "De parlamentariska grupperna och grupperna i distriktsstyrelsen, styrelsen",
            "aaa aa aaaa",
            "Styrelsen! DISTRIKTSSTYRELSEN. grupperna-grupperna",
            "",
        ] {
            assert_eq!(matcher.find(text), by_form.find(text), "{text:?}");
        }
        assert_eq!(
            matcher.find("De parlamentariska grupperna och styrelsen"),
            vec!["parlamentariska-grupper", "distriktsstyrelsen"]
        );
    }

    fn example_matcher() -> ActorMatcher {
        ActorMatcher::new(&[
            actor("distriktet", &["distriktet", "distriktets"]),
            actor(
                "distriktsstyrelsen",
                &["distriktsstyrelsen", "distriktets styrelse"],
            ),
            actor(
                "partiforeningarna",
                &["partiföreningarna", "partiföreningens styrelse"],
            ),
            actor("fortroendevalda", &["förtroendevalda"]),
        ])
    }

    #[test]
    fn a_form_after_the_sentences_verb_is_not_an_addressee() {
        let matcher = example_matcher();
        let found =
            matcher.addressees("Distriktet bör ordna kurser för förtroendevalda i Fyrbodal.");
        assert_eq!(found.slugs, vec!["distriktet"]);
        assert_eq!(
            found.source,
            AddresseeSource::Lead {
                words: vec!["distriktet".into()]
            }
        );
        assert_eq!(
            matcher.find("Vi uppmanar distriktsstyrelsen att stödja partiföreningarna. Distriktet ska hjälpa till."),
            vec!["distriktsstyrelsen", "distriktet"]
        );
    }

    #[test]
    fn compound_and_possessive_forms_win_over_their_parts() {
        let matcher = example_matcher();
        assert_eq!(
            matcher.find("Partiföreningens styrelse bör bjuda in förtroendevalda."),
            vec!["partiforeningarna"]
        );
        assert_eq!(
            matcher.find("Distriktets styrelse ska ta fram en plan."),
            vec!["distriktsstyrelsen"]
        );
    }

    #[test]
    fn a_text_without_a_lead_is_read_whole() {
        let matcher = example_matcher();
        let found = matcher.addressees("Kurser för förtroendevalda i distriktet.");
        assert_eq!(found.slugs, vec!["fortroendevalda", "distriktet"]);
        assert!(matches!(found.source, AddresseeSource::Text { .. }));
        let nothing = matcher.addressees("Erbjud dem våra lokaler.");
        assert_eq!(nothing, Addressed::default());
    }

    #[test]
    fn leads_end_at_the_first_verb_of_each_sentence() {
        let text = "vi uppmanar ds att göra x. sen bör y. t.ex ingen";
        let leads: Vec<&str> = lead_ranges(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(leads, vec!["vi uppmanar ds ", " sen "]);
        assert_eq!(
            lead_ranges("åtta att"),
            vec![0.."åtta ".len()],
            "a byte range"
        );
    }
}
