//! The search index's terms: what a stem becomes in the index (so singular, plural and
//! definite forms meet, umlaut plurals included), how a word is keyed without diacritics,
//! and how a compound is found from its last part.
//!
//! Only the build stems (rust-stemmers, Snowball Swedish). The browser never does: each
//! shard maps the words of the site as written (folded) to their terms, so `search.js` looks
//! a query's words up and the two sides cannot disagree.

/// Plurals with an umlaut and the singular they belong to (definite to definite), as word
/// endings (longest first), so compounds follow (`storstäder` → `storstad`). Snowball strips the endings but
/// keeps the vowel (`bostäder` → `bostäd`, `bostad` → `bost`), so such a plural is made
/// singular before it is stemmed. Documented in docs/INDEXES.md.
pub const UMLAUT_PLURALS: &[(&str, &str)] = &[
    ("bostäderna", "bostaden"),
    ("bostäder", "bostad"),
    ("stränderna", "stranden"),
    ("stränder", "strand"),
    ("städerna", "staden"),
    ("städer", "stad"),
    ("länderna", "landet"),
    ("länder", "land"),
    ("händerna", "handen"),
    ("händer", "hand"),
    ("tänderna", "tanden"),
    ("tänder", "tand"),
    ("bränderna", "branden"),
    ("bränder", "brand"),
    ("ränderna", "randen"),
    ("ränder", "rand"),
    ("böckerna", "boken"),
    ("böcker", "bok"),
    ("fötterna", "foten"),
    ("fötter", "fot"),
    ("rötterna", "roten"),
    ("rötter", "rot"),
    ("döttrarna", "dottern"),
    ("döttrar", "dotter"),
    ("sönerna", "sonen"),
    ("söner", "son"),
    ("bönderna", "bonden"),
    ("bönder", "bonde"),
    ("stängerna", "stången"),
    ("stänger", "stång"),
];

/// `word` (folded) with an umlaut plural of [`UMLAUT_PLURALS`] at its end made singular.
pub fn singular(word: &str) -> std::borrow::Cow<'_, str> {
    for &(plural, singular) in UMLAUT_PLURALS {
        if let Some(head) = word.strip_suffix(plural) {
            return format!("{head}{singular}").into();
        }
    }
    word.into()
}

/// The index term of a Snowball stem: a final consonant + `el` becomes consonant + `l`,
/// which the plural keeps (`studiecirkel` and `studiecirklar` stem to `studiecirkel` and
/// `studiecirkl`; `regel`, `regler`).
pub fn term_of_stem(stem: &str) -> String {
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

/// The longest word, in bytes, looked at for compounds.
pub const COMPOUND_LONGEST: usize = 64;

/// The byte offsets where `word` can be split into a first part of [`COMPOUND_HEAD`]
/// characters or more and a last part of [`COMPOUND_TAIL`] or more.
/// A word longer than [`COMPOUND_LONGEST`] bytes is not split: no Swedish compound is, and
/// each split costs a lookup of the rest, so a pasted run of letters would cost its square.
pub fn compound_splits(word: &str) -> impl Iterator<Item = usize> + '_ {
    let count = if word.len() > COMPOUND_LONGEST {
        0
    } else {
        word.chars().count()
    };
    word.char_indices()
        .enumerate()
        .filter(move |&(n, _)| n >= COMPOUND_HEAD && count.saturating_sub(n) >= COMPOUND_TAIL)
        .map(|(_, (at, _))| at)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexes::search::stem;

    fn term(word: &str) -> String {
        term_of_stem(&stem(&singular(word)))
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
        assert_ne!(term("bostad"), term("stad"));
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
        assert!(compound_splits(&"a".repeat(10_000)).next().is_none());
    }
}
