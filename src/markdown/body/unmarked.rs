//! A list under a heading that names a kind of item but marks none: `#### Målsättningar`
//! copied into a new plan without its `{.goals}`. The list is an ordinary list, and its
//! goals are missing from the goal index, the topic pages and the follow-up without a word,
//! the mistake authors make most. It could be meant (a heading "Mål" over a plain list), so
//! it is a warning (W009), and `--deny-warnings` makes it fail a CI build. Likewise a
//! heading that numbers a goal (`### Delmål 7: …`) without `.goal` (W010).

use super::*;

/// Words a heading opens with when it is the heading of a list of one kind: the kind's word
/// in Swedish, indefinite and definite, singular and plural, and the list class itself.
/// Only words that name the kind and nothing else: "medel" (also money) and "resultat" are
/// left out.
const HEADING_WORDS: [(&str, ItemKind); 24] = [
    ("mål", ItemKind::Goal),
    ("målen", ItemKind::Goal),
    ("målet", ItemKind::Goal),
    ("målsättning", ItemKind::Goal),
    ("målsättningar", ItemKind::Goal),
    ("målsättningarna", ItemKind::Goal),
    ("delmål", ItemKind::Goal),
    ("delmålen", ItemKind::Goal),
    ("goals", ItemKind::Goal),
    ("aktiviteter", ItemKind::Activity),
    ("aktiviteterna", ItemKind::Activity),
    ("åtgärder", ItemKind::Activity),
    ("åtgärderna", ItemKind::Activity),
    ("activities", ItemKind::Activity),
    ("rekommendationer", ItemKind::Recommendation),
    ("rekommendationerna", ItemKind::Recommendation),
    ("recommendations", ItemKind::Recommendation),
    ("åtaganden", ItemKind::Commitment),
    ("åtagandena", ItemKind::Commitment),
    ("commitments", ItemKind::Commitment),
    ("citat", ItemKind::Quote),
    ("quotes", ItemKind::Quote),
    ("utfall", ItemKind::Outcome),
    ("outcomes", ItemKind::Outcome),
];

/// Words that may stand before the kind's word in such a heading: "Våra mål", "Årets
/// målsättningar". A genitive ("Föreningens mål", "Distriktets åtaganden") may too.
const OWNERS: [&str; 7] = ["vår", "våra", "vårt", "våran", "nya", "our", "new"];

/// The kind of item a heading's title names: by its first word ("Målsättningar",
/// "Aktiviteter för att nå målen"), or by its second after an owner ("Våra mål för 2025",
/// "Föreningens mål"). A numbering before the words ("3.", "II.") is passed over. A heading
/// that only mentions a kind further on ("Uppföljning av målen") names none.
pub(super) fn kind_named_by(title: &str) -> Option<ItemKind> {
    let mut words = title
        .split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .skip_while(|word| is_roman_numeral(word))
        .peekable();
    let first = words.next()?;
    if let Some(kind) = kind_of_word(&first) {
        return Some(kind);
    }
    let owner = OWNERS.contains(&first.as_str()) || is_genitive(&first);
    let second = words.next()?;
    owner.then(|| kind_of_word(&second)).flatten()
}

/// Whether a heading's title numbers a goal, "Delmål 7: Ny sak" or "Mål 3. Fler medlemmar":
/// a heading that is itself a goal, as `.goal` marks it, rather than the heading of a list.
/// A year is no goal's number: "Mål 2025" heads the year's goals.
pub(super) fn numbers_a_goal(title: &str) -> bool {
    let title = title.trim_start().to_lowercase();
    ["delmål", "mål", "målsättning"].iter().any(|word| {
        let Some(rest) = title.strip_prefix(word).map(str::trim_start) else {
            return false;
        };
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        (1..4).contains(&digits)
    })
}

fn kind_of_word(word: &str) -> Option<ItemKind> {
    HEADING_WORDS
        .iter()
        .find(|(written, _)| *written == word)
        .map(|&(_, kind)| kind)
}

/// "föreningens", "distriktets", "partiets": a noun in the genitive, which in a heading
/// before the kind's word says whose the items are.
fn is_genitive(word: &str) -> bool {
    word.chars().count() > 4 && (word.ends_with("ens") || word.ends_with("ets"))
}

/// A section's Roman number ("II" of "II. Utåtriktat arbete"), which opens many headings of
/// the party's plans; the Arabic ones are no letters and fall away by themselves.
fn is_roman_numeral(word: &str) -> bool {
    !word.is_empty() && word.chars().all(|c| matches!(c, 'i' | 'v' | 'x'))
}

impl Walker<'_, '_> {
    /// A heading that numbers a goal ("Delmål 7: Ny sak") without `.goal`: the goal is a
    /// section title, in no index. Said at the heading, whatever follows it: the means
    /// under such a heading stand under a subheading of their own.
    pub(super) fn check_unmarked_goal_heading(&mut self, title: &str, range: Range<usize>) {
        let diagnostic = Diagnostic::warn(text!("W010", heading = title))
            .help(text!("W010.help", heading = title));
        self.push_diagnostic(diagnostic, range);
    }

    /// At a list that opens where no heading marks a kind: when its section's heading names
    /// one, says once per heading that the list is none of them.
    pub(super) fn check_unmarked_list(&mut self) {
        let Some((kind, range)) = self.sections.last_mut().and_then(|s| s.names_kind.take()) else {
            return;
        };
        let title = self
            .sections
            .last()
            .map_or_else(String::new, |s| s.title.clone());
        let title = title.as_str();
        let class = kind.plural();
        let diagnostic = Diagnostic::warn(text!(
            "W009",
            heading = title,
            items = kind.plural_text(),
            class = class
        ))
        .help(text!(
            "W009.help",
            heading = title,
            items = kind.plural_text(),
            class = class
        ));
        self.push_diagnostic(diagnostic, range.clone());
        // A follow-up file or link naming one of the goals it would have made points here.
        let reason = text!("lost.heading-unmarked", heading = title, class = class);
        let section = self.id_section_excluding_current().0;
        self.lose_marking(range.start, Some(kind), section, reason);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_heading_names_a_kind_by_its_first_word_or_after_an_owner() {
        for (title, kind) in [
            ("Målsättningar", ItemKind::Goal),
            ("Mål för 2025", ItemKind::Goal),
            ("Våra mål", ItemKind::Goal),
            ("Föreningens målsättningar", ItemKind::Goal),
            ("3. Målsättningar", ItemKind::Goal),
            ("II. Mål", ItemKind::Goal),
            ("Aktiviteter för att nå målen", ItemKind::Activity),
            ("Rekommendationer till styrelsen", ItemKind::Recommendation),
            ("Distriktets åtaganden", ItemKind::Commitment),
        ] {
            assert_eq!(kind_named_by(title), Some(kind), "{title}");
        }
    }

    #[test]
    fn a_heading_numbering_a_goal_is_told_from_the_heading_of_a_list() {
        for title in [
            "Delmål 7: Ny sak",
            "Mål 3. Fler medlemmar",
            "delmål 12",
            "Mål 1",
        ] {
            assert!(numbers_a_goal(title), "{title}");
        }
        for title in [
            "Målsättningar",
            "Mål för 2025",
            "Delmålens koppling",
            "Målet",
            "Mål 2025",
            "Delmål 2025–2026",
        ] {
            assert!(!numbers_a_goal(title), "{title}");
        }
    }

    #[test]
    fn a_heading_that_mentions_a_kind_further_on_names_none() {
        for title in [
            "Uppföljning av målen",
            "Intern organisering",
            "Medel",
            "I. Intern organisering",
            "Vision",
            "",
        ] {
            assert_eq!(kind_named_by(title), None, "{title}");
        }
    }
}
