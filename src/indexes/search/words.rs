//! A text's words as the index takes them (`fold`, `tokenize`) and their stems (`stem`): the
//! steps every word of the site goes through, so they are written to do little per byte.
//!
//! 1. [`fold`]: lowercase, and drop accents (é → e, ü → u) except on å, ä and ö, which are
//!    letters of their own in Swedish (æ → ä, ø → ö);
//! 2. [`tokenize`]: runs of letters and digits, at least two characters, not a stopword;
//! 3. [`stem`]: an umlaut plural made singular, then the Snowball Swedish stemmer
//!    ("föreningarna" → "förening").

use std::sync::LazyLock;

// FxHash: fast on short keys, and the words and stems are not chosen to collide.
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxBuildHasher;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Words too common to help a search, left out of the index (and out of queries). The
/// question words are here because members type questions ("vad är zetkin?", "hur många
/// enkätsvar"), and every word of a query must match; so are the forms of "göra", the verb
/// of such questions ("vad gör vi mot härskartekniker?" listed only sections that say
/// "gör", not the goal "Arbeta aktivt mot härskartekniker").
pub const STOPWORDS: &[&str] = &[
    "alla", "allt", "att", "av", "de", "del", "dem", "den", "denna", "dessa", "det", "detta",
    "dig", "din", "du", "där", "eller", "ett", "en", "er", "era", "för", "från", "gjort", "gör",
    "göra", "görs", "har", "hon", "hos", "hur", "han", "här", "in", "inom", "inte", "ju", "jag",
    "kan", "man", "många", "med", "men", "mer", "mot", "mycket", "måste", "nu", "när", "och",
    "också", "om", "oss", "på", "sig", "sin", "sina", "ska", "som", "så", "till", "under", "upp",
    "ut", "vad", "var", "vara", "varför", "vem", "vi", "vid", "vilka", "vilken", "vilket", "vår",
    "våra", "vårt", "är", "även", "åt",
];

static STOPWORD_SET: LazyLock<std::collections::HashSet<&'static str, FxBuildHasher>> =
    LazyLock::new(|| STOPWORDS.iter().copied().collect());

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Swedish));

/// Lowercase without accents, except that å, ä and ö stay (and æ, ø become ä, ö).
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, |c| folded.push(c));
    }
    folded
}

/// [`fold`] of one character, handed to `out` character by character: folding works on each
/// character alone, so a text's folding is its characters' foldings one after the other.
fn fold_char(c: char, mut out: impl FnMut(char)) {
    match c {
        c if c.is_ascii() => return out(c.to_ascii_lowercase()),
        // The common letters of Swedish text, without a lookup in Unicode's tables.
        'å' | 'ä' | 'ö' => return out(c),
        'Å' => return out('å'),
        'Ä' => return out('ä'),
        'Ö' => return out('ö'),
        'é' | 'É' => return out('e'),
        _ => {}
    }
    for c in c.to_lowercase() {
        match c {
            'å' | 'ä' | 'ö' => out(c),
            'æ' => out('ä'),
            'ø' => out('ö'),
            c if c.is_ascii() => out(c),
            c => std::iter::once(c)
                .nfd()
                .filter(|d| !is_combining_mark(*d))
                .for_each(&mut out),
        }
    }
}

/// Hands `found` each run of letters and digits of `fold(text)` (the pieces [`tokenize`]
/// splits it into, less the empty ones), with the byte offsets in `text` where the run
/// starts and ends. Folds into `word`, one buffer for every run, byte by byte while the
/// text is ASCII: no folded copy of the text is made.
pub(super) fn for_each_word(
    text: &str,
    word: &mut Word,
    mut found: impl FnMut(&Word, usize, usize),
) {
    word.clear();
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        if byte.is_ascii() {
            if byte.is_ascii_alphanumeric() {
                if word.is_empty() {
                    start = at;
                }
                word.push_ascii(byte.to_ascii_lowercase());
            } else if joins_number(word, byte, bytes.get(at + 1)) {
                word.push_ascii(b',');
            } else if !word.is_empty() {
                found(word, start, at);
                word.clear();
            }
            at += 1;
            continue;
        }
        // `at` only moves by whole characters, so it is at one.
        let Some(c) = text.get(at..).and_then(|rest| rest.chars().next()) else {
            break;
        };
        fold_char(c, |c| {
            if matches!(c, 'å' | 'ä' | 'ö') || c.is_alphanumeric() {
                if word.is_empty() {
                    start = at;
                }
                word.push(c);
            } else if !word.is_empty() {
                found(word, start, at);
                word.clear();
            }
        });
        at += c.len_utf8();
    }
    if !word.is_empty() {
        found(word, start, bytes.len());
    }
}

/// Whether `byte`, followed by `next`, joins the number `word` to its decimals: a number
/// written with a decimal comma or point is one word ("8,6 %", "9.5"), always with a
/// comma, as `search.js` reads a query's. Split, its pieces of one digit were no words.
fn joins_number(word: &Word, byte: u8, next: Option<&u8>) -> bool {
    matches!(byte, b',' | b'.')
        && next.is_some_and(u8::is_ascii_digit)
        && !word.is_empty()
        && !word.not_number
}

/// How many bytes of a word [`Word::key`] holds.
const KEY_BYTES: usize = 24;

/// A word as it is folded: its text and, while it is short, the same bytes zero-padded.
#[derive(Default)]
pub(super) struct Word {
    pub(super) text: String,
    padded: [u8; KEY_BYTES],
    /// It holds more than digits and decimal commas: kept as it grows, since a run of
    /// "1,1,1,…" is one word, which looking it over at each comma went over again and again.
    not_number: bool,
}

impl Word {
    pub(super) fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn push_ascii(&mut self, byte: u8) {
        self.not_number |= !(byte.is_ascii_digit() || byte == b',');
        if let Some(slot) = self.padded.get_mut(self.text.len()) {
            *slot = byte;
        }
        self.text.push(char::from(byte));
    }

    fn push(&mut self, c: char) {
        self.not_number |= !(c.is_ascii_digit() || c == ',');
        let len = self.text.len();
        if let Some(slots) = self.padded.get_mut(len..len + c.len_utf8()) {
            c.encode_utf8(slots);
        }
        self.text.push(c);
    }

    /// Makes this word `first` and `second` written together: a word hyphenated in the text
    /// ("Facebook-grupp") as a member types it ("facebookgrupp").
    pub(super) fn join(&mut self, first: &str, second: &str) {
        self.clear();
        first
            .chars()
            .chain(second.chars())
            .for_each(|c| self.push(c));
    }

    /// Whether the word has letters only: "2021-2023" is no hyphenated word to join.
    pub(super) fn is_letters(&self) -> bool {
        !self.text.bytes().any(|b| b.is_ascii_digit())
    }

    fn clear(&mut self) {
        self.text.clear();
        self.padded = [0; KEY_BYTES];
        self.not_number = false;
    }

    /// A short word as three integers, which hash and compare without the call to `memcmp`
    /// a string comparison makes (most words are short, and every word is looked up). No
    /// letter or digit has a zero byte in UTF-8, so the padding keeps words apart.
    pub(super) fn key(&self) -> Option<[u64; 3]> {
        if self.text.len() > KEY_BYTES {
            return None;
        }
        let (words, _) = self.padded.as_chunks::<8>();
        let word = |i: usize| words.get(i).map_or(0, |w| u64::from_le_bytes(*w));
        Some([word(0), word(1), word(2)])
    }
}

/// The folded words of `text` worth indexing: letters and digits, two or more, no stopwords.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    for_each_word(text, &mut Word::default(), |word, _, _| {
        if is_token(&word.text) {
            words.push(word.text.clone());
        }
    });
    words
}

/// Whether a folded word is indexed: two characters or more, not a stopword.
pub(super) fn is_token(word: &str) -> bool {
    // Two bytes are at least one character; a single character may be two bytes (ö).
    match word.len() {
        0 | 1 => false,
        2..=4 if word.chars().nth(1).is_none() => false,
        _ => !STOPWORD_SET.contains(word),
    }
}

/// The Snowball stem of a folded word, its umlaut plural made singular first
/// (`terms::singular`).
pub fn stem(word: &str) -> String {
    let singular = super::terms::singular(word);
    let stem = STEMMER.stem(&singular).into_owned();
    // Snowball's last step takes `els` off a stem: "styrelsen" stemmed with "styras" and
    // "styr", "rörelse" with "rör", so a search for the board found "vi är med och styr".
    match singular.get(stem.len()..) {
        Some(rest) if rest.starts_with("els") && singular.starts_with(stem.as_str()) => {
            stem + "els"
        }
        _ => stem,
    }
}

/// The search terms of `text`: tokens, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    tokenize(text).iter().map(|word| stem(word)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_swedish_letters_and_drops_other_accents() {
        assert_eq!(fold("Idé CAFÉ Müller"), "ide cafe muller");
        assert_eq!(fold("ÅÄÖ åäö"), "åäö åäö");
        assert_eq!(fold("Smørrebrød Æble"), "smörrebröd äble");
    }

    #[test]
    fn tokens_skip_stopwords_punctuation_and_single_letters() {
        assert_eq!(
            tokenize("Vi uppmanar distriktsstyrelsen och partiföreningarna att …"),
            ["uppmanar", "distriktsstyrelsen", "partiföreningarna"]
        );
        assert_eq!(tokenize("E2:1, 50 % år 2030"), ["e2", "50", "år", "2030"]);
        assert_eq!(
            tokenize("från 8,6 % till 9.5 %, 10 000 svar, 2, 3 och v8,5"),
            ["8,6", "9,5", "10", "000", "svar", "v8"]
        );
    }

    #[test]
    fn stems_join_inflected_forms() {
        assert_eq!(stem("föreningarna"), "förening");
        assert_eq!(stem("föreningar"), "förening");
        assert_eq!(stem("förening"), "förening");
        assert_eq!(stem("partiföreningarna"), "partiförening");
        assert_eq!(terms("Medlemmarna"), terms("medlemmar"));
    }

    /// "styrelse" and "rörelse" keep their `els`, which Snowball takes off: they stemmed
    /// with "styras" and "rör", and the snippets marked those.
    #[test]
    fn stems_keep_els_apart_from_the_verb() {
        for word in [
            "styrelse",
            "styrelsen",
            "styrelser",
            "styrelserna",
            "styrelsens",
        ] {
            assert_eq!(stem(word), "styrels", "{word}");
        }
        assert_eq!(stem("distriktsstyrelsen"), "distriktsstyrels");
        assert_ne!(stem("styras"), stem("styrelsen"));
        assert_ne!(stem("styr"), stem("styrelsen"));
        assert_eq!(stem("rörelserna"), stem("rörelse"));
        assert_ne!(stem("rörelse"), stem("rör"));
        assert_eq!(stem("föreningarna"), "förening");
    }

    /// Text that folds in every way there is: Swedish and other accented letters in both
    /// cases, letters that fold to ASCII or to two characters, lone combining marks, digits
    /// and numbers of other scripts, letters of other scripts, separators, and words too long
    /// for a [`Word::key`].
    #[rustfmt::skip]
    const TRICKY: &[&str] = &[
        "a", "Z", "7", "3.25", " ", ",", ".", ":", "-", "_", "'", "\u{0}", "å", "Å", "ä", "Ä", "ö", "Ö", "é",
        "É", "ü", "Ü", "æ", "Æ", "ø", "Ø", "ñ", "Ç", "œ", "Œ", "ß", "ẞ", "İ", "ı", "ǅ", "ﬁ",
        "\u{212A}", "\u{212B}", "e\u{301}", "\u{301}", "\u{308}", "\u{345}", "Ⅻ", "½", "²", "٣",
        "Ж", "ж", "Ω", "Σ", "ς", "東", "م", "\u{a0}", "\u{200b}", "—", "…", "👍🏽", "§",
        "Verksamhetsberättelsen", "ÅÄÖÅÄÖÅÄÖÅÄ",
    ];

    /// A few thousand texts made of [`TRICKY`] pieces, the same on every run.
    fn tricky_texts() -> Vec<String> {
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        let mut texts: Vec<String> = TRICKY.iter().map(|s| s.to_string()).collect();
        for _ in 0..3000 {
            let len = next(12);
            texts.push((0..len).map(|_| TRICKY[next(TRICKY.len())]).collect());
        }
        texts
    }

    /// [`fold`] as first written, without the shortcuts for common letters.
    fn fold_by_tables(text: &str) -> String {
        let mut folded = String::new();
        for c in text.chars().flat_map(char::to_lowercase) {
            match c {
                'å' | 'ä' | 'ö' => folded.push(c),
                'æ' => folded.push('ä'),
                'ø' => folded.push('ö'),
                c => folded.extend(std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d))),
            }
        }
        folded
    }

    #[test]
    fn folding_takes_shortcuts_only_to_where_the_tables_lead() {
        for text in tricky_texts() {
            assert_eq!(fold(&text), fold_by_tables(&text), "{text:?}");
        }
    }

    /// The runs of letters and digits of a folded text, a number joined to its decimals by a
    /// comma or point (written as a comma).
    fn pieces(folded: &str) -> Vec<String> {
        let chars: Vec<char> = folded.chars().collect();
        let mut words = vec![String::new()];
        for (n, &c) in chars.iter().enumerate() {
            let word = words.last_mut().expect("a word");
            let number = !word.is_empty() && word.chars().all(|c| c.is_ascii_digit() || c == ',');
            if c.is_alphanumeric() {
                word.push(c);
            } else if number
                && matches!(c, ',' | '.')
                && chars.get(n + 1).is_some_and(char::is_ascii_digit)
            {
                word.push(',');
            } else if !word.is_empty() {
                words.push(String::new());
            }
        }
        words.retain(|w| !w.is_empty());
        words
    }

    #[test]
    fn words_are_the_pieces_of_the_folded_text() {
        let mut buffer = Word::default();
        for text in tricky_texts() {
            let expected = pieces(&fold(&text));
            let mut words = Vec::new();
            for_each_word(&text, &mut buffer, |word, start, end| {
                let (key, word) = (word.key(), word.text.as_str());
                if word.len() <= KEY_BYTES {
                    let mut padded = word.as_bytes().to_vec();
                    padded.resize(KEY_BYTES, 0);
                    let key: Vec<u8> = key.iter().flatten().flat_map(|w| w.to_le_bytes()).collect();
                    assert_eq!(key, padded, "{text:?}: {word:?}");
                } else {
                    assert_eq!(key, None);
                }
                // The word comes from the character at `start` on.
                let from_start = fold(&text[start..]);
                let from_word = from_start.trim_start_matches(|c: char| !c.is_alphanumeric());
                // A number's decimal point is read as a comma.
                let from_word = from_word.replace('.', ",");
                assert!(from_word.starts_with(word), "{text:?}: {word:?} at {start}");
                // And ends at `end`: the text there folds to the word, whole.
                let own = fold(&text[start..end]).replace('.', ",");
                assert_eq!(own.trim_start_matches(|c: char| !c.is_alphanumeric()), word);
                words.push(word.to_string());
            });
            assert_eq!(words, expected, "{text:?}");
        }
    }
}
