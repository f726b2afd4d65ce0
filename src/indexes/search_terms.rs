//! The search index's terms: what a stem becomes in the index (so singular, plural and
//! definite forms meet, umlaut plurals included), how a word is keyed without diacritics,
//! and how a compound is found from its last part.
//!
//! Only the build stems (rust-stemmers, Snowball Swedish). The browser never does: each
//! shard maps the words of the site as written (folded) to their terms, so `search.js` looks
//! a query's words up and the two sides cannot disagree.

/// Plural stems with an umlaut and the singular stem they belong to. Snowball strips the
/// endings but keeps the vowel, so `bostäder` stems to `bostäd` and `bostad` to `bostad`;
/// this table joins them. An entry also applies at the end of a compound
/// (`storstäder` → `storstad`) when it is four letters or more. Documented in
/// docs/INDEXES.md.
pub const UMLAUT_PLURALS: &[(&str, &str)] = &[
    ("bostäd", "bostad"),
    ("städ", "stad"),
    ("länd", "land"),
    ("händ", "hand"),
    ("tänd", "tand"),
    ("stränd", "strand"),
    ("ränd", "rand"),
    ("bränd", "brand"),
    ("ständ", "stand"),
    ("böck", "bok"),
    ("fött", "fot"),
    ("rött", "rot"),
    ("döttr", "dott"),
    ("sön", "son"),
    ("bönd", "bond"),
    ("tång", "tang"),
    ("stäng", "stång"),
    ("ränt", "rant"),
];

/// The index term of a Snowball stem: umlaut plurals to their singular, and a final
/// consonant + `el` to consonant + `l`, which the plural keeps (`studiecirkel` and
/// `studiecirklar` stem to `studiecirkel` and `studiecirkl`; `regel`, `regler`).
pub fn term_of_stem(stem: &str) -> String {
    for &(plural, singular) in UMLAUT_PLURALS {
        if stem == plural {
            return singular.to_string();
        }
        if plural.chars().count() >= 4
            && let Some(head) = stem.strip_suffix(plural)
        {
            return format!("{head}{singular}");
        }
    }
    let chars: Vec<char> = stem.chars().collect();
    if let [.., before, 'e', 'l'] = chars.as_slice()
        && chars.len() >= 5
        && !"aeiouyåäö".contains(*before)
    {
        let mut term: String = chars[..chars.len() - 2].iter().collect();
        term.push('l');
        return term;
    }
    stem.to_string()
}

/// A folded word without å, ä and ö (→ a, a, o): the key words are filed and looked up
/// under, so a query typed without them finds them.
pub fn base(word: &str) -> String {
    word.chars()
        .map(|c| match c {
            'å' | 'ä' => 'a',
            'ö' => 'o',
            c => c,
        })
        .collect()
}

/// The shortest last part of a compound that is looked up on its own, in characters.
pub const COMPOUND_TAIL: usize = 5;
/// The shortest first part of a compound, in characters.
pub const COMPOUND_HEAD: usize = 3;

/// The byte offsets where `word` can be split into a first part of [`COMPOUND_HEAD`]
/// characters or more and a last part of [`COMPOUND_TAIL`] or more.
pub fn compound_splits(word: &str) -> impl Iterator<Item = usize> + '_ {
    let count = word.chars().count();
    word.char_indices()
        .enumerate()
        .filter(move |&(n, _)| n >= COMPOUND_HEAD && count - n >= COMPOUND_TAIL)
        .map(|(_, (at, _))| at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexes::search::stem;

    fn term(word: &str) -> String {
        term_of_stem(&stem(word))
    }

    #[test]
    fn umlaut_plurals_meet_their_singular() {
        for (singular, plural) in [
            ("bostad", "bostäder"),
            ("stad", "städer"),
            ("land", "länder"),
            ("hand", "händer"),
            ("storstad", "storstäder"),
            ("bostaden", "bostäderna"),
            ("studiecirkel", "studiecirklar"),
            ("regel", "regler"),
            ("bok", "böcker"),
        ] {
            assert_eq!(term(singular), term(plural), "{singular} / {plural}");
        }
        // Words that only look like the table stay apart.
        assert_ne!(term("stånd"), term("stad"));
        assert_eq!(term("person"), "person");
    }

    #[test]
    fn bases_drop_the_swedish_diacritics() {
        assert_eq!(base("medlemsvård"), "medlemsvard");
        assert_eq!(base("jämlikhet"), "jamlikhet");
        assert_eq!(base("vänersborg"), "vanersborg");
    }

    #[test]
    fn compounds_split_with_both_parts_long_enough() {
        let word = "partiförening";
        let tails: Vec<&str> = compound_splits(word).map(|at| &word[at..]).collect();
        assert!(tails.contains(&"förening"));
        assert!(tails.contains(&"iförening"));
        assert!(!tails.contains(&"ning"));
        assert!(compound_splits("bostad").next().is_none());
    }
}
