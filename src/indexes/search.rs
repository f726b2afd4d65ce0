//! Client-side search: at build time every document, item and numbered paragraph is turned
//! into Swedish search terms, here, once per document (memoized); `search_postings` numbers
//! and scores them for the whole site, and `search_shards` and `search_write` write the
//! index in pieces under `/sok/` that `static/js/search.js` fetches as a query needs them.
//!
//! Only the build stems: the index maps each word of the site, folded, to its term, so the
//! browser looks words up and the two sides cannot disagree. A text's terms are:
//!
//! 1. [`fold`]: lowercase, and drop accents (é → e, ü → u) except on å, ä and ö, which are
//!    letters of their own in Swedish (æ → ä, ø → ö);
//! 2. [`tokenize`]: runs of letters and digits, at least two characters, not a stopword;
//! 3. [`stem`]: an umlaut plural made singular, then the Snowball Swedish stemmer
//!    ("föreningarna" → "förening").

use std::collections::HashMap;
use std::hash::Hasher;
use std::sync::{Arc, LazyLock};

use rayon::prelude::*;
// FxHash: fast on short keys, and the words and stems are not chosen to collide.
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxBuildHasher;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::render::views::Urls;
use crate::render::{PageJob, Theme, page_context};

use crate::resolve::Site;

/// Words too common to help a search, left out of the index (and out of queries).
pub const STOPWORDS: &[&str] = &[
    "alla", "allt", "att", "av", "de", "del", "dem", "den", "denna", "dessa", "det", "detta",
    "dig", "din", "du", "där", "eller", "ett", "en", "er", "era", "för", "från", "har", "hon",
    "hos", "hur", "han", "här", "in", "inom", "inte", "ju", "jag", "kan", "man", "med", "men",
    "mer", "mot", "måste", "nu", "när", "och", "också", "om", "oss", "på", "sig", "sin", "sina",
    "ska", "som", "så", "till", "under", "upp", "ut", "var", "vara", "vi", "vid", "vår", "våra",
    "vårt", "är", "även", "åt",
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
/// splits it into, less the empty ones), with the byte offset in `text` of the character
/// the run starts with. Folds into `word`, one buffer for every run, byte by byte while the
/// text is ASCII: no folded copy of the text is made.
fn for_each_word(text: &str, word: &mut Word, mut found: impl FnMut(&Word, usize)) {
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
            } else if !word.is_empty() {
                found(word, start);
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
                found(word, start);
                word.clear();
            }
        });
        at += c.len_utf8();
    }
    if !word.is_empty() {
        found(word, start);
    }
}

/// How many bytes of a word [`Word::key`] holds.
const KEY_BYTES: usize = 24;

/// A word as it is folded: its text and, while it is short, the same bytes zero-padded.
#[derive(Default)]
struct Word {
    text: String,
    padded: [u8; KEY_BYTES],
}

impl Word {
    fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    fn push_ascii(&mut self, byte: u8) {
        if let Some(slot) = self.padded.get_mut(self.text.len()) {
            *slot = byte;
        }
        self.text.push(char::from(byte));
    }

    fn push(&mut self, c: char) {
        let len = self.text.len();
        if let Some(slots) = self.padded.get_mut(len..len + c.len_utf8()) {
            c.encode_utf8(slots);
        }
        self.text.push(c);
    }

    fn clear(&mut self) {
        self.text.clear();
        self.padded = [0; KEY_BYTES];
    }

    /// A short word as three integers, which hash and compare without the call to `memcmp`
    /// a string comparison makes (most words are short, and every word is looked up). No
    /// letter or digit has a zero byte in UTF-8, so the padding keeps words apart.
    fn key(&self) -> Option<[u64; 3]> {
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
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| is_token(word))
        .map(str::to_string)
        .collect()
}

/// Whether a folded word is indexed: two characters or more, not a stopword.
fn is_token(word: &str) -> bool {
    // Two bytes are at least one character; a single character may be two bytes (ö).
    match word.len() {
        0 | 1 => false,
        2..=4 if word.chars().nth(1).is_none() => false,
        _ => !STOPWORD_SET.contains(word),
    }
}

/// The Snowball stem of a folded word, its umlaut plural made singular first
/// (`search_terms::singular`).
pub fn stem(word: &str) -> String {
    STEMMER
        .stem(&super::search_terms::singular(word))
        .into_owned()
}

/// The search terms of `text`: tokens, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    tokenize(text).iter().map(|word| stem(word)).collect()
}

/// The version of the index's format, which `search.js` checks.
pub const FORMAT_VERSION: u32 = 4;

pub(super) const KINDS: [(&str, &str); 8] = [
    ("d", "search_kind_document"),
    ("g", "item_goal"),
    ("a", "item_activity"),
    ("r", "item_recommendation"),
    ("c", "item_commitment"),
    ("q", "item_quote"),
    ("o", "item_outcome"),
    ("p", "paragraph"),
];

pub(super) fn kind_code(kind: crate::document::ItemKind) -> &'static str {
    use crate::document::ItemKind;
    match kind {
        ItemKind::Goal => "g",
        ItemKind::Activity => "a",
        ItemKind::Recommendation => "r",
        ItemKind::Commitment => "c",
        ItemKind::Quote => "q",
        ItemKind::Outcome => "o",
    }
}

/// Each document's entries and their terms (stemming is most of the cost), from the memo or
/// worked out in parallel. They depend on nothing but the document, so the key is its
/// fingerprint.
pub(super) fn document_entries_of(site: &Site, memo: &super::IndexMemo) -> Vec<Arc<Vec<Entry>>> {
    site.documents
        .par_iter()
        .zip(site.fingerprints.par_iter())
        .map(|(document, &fingerprint)| {
            memo.search.get_or_insert(
                &document.path,
                || memo.keys.hasher(fingerprint).finish(),
                || document_entries(document),
            )
        })
        .collect()
}

/// One searchable thing of a document, before numbering.
pub struct Entry {
    /// What the entry is of, in its document.
    of: EntryOf,
    /// The stems of the entry's document, shared by all its entries.
    stems: Arc<DocumentStems>,
    /// The entry's distinct terms, as numbers in `stems`.
    terms: Box<[u32]>,
    /// How many of `terms`, from the first, are in the document's title or subtitle (the
    /// document's own entry only), which rank above its body.
    head: u32,
    /// How many of `terms`, from the first, are the entry's own; those after them are only
    /// in the heading of an item's section, which counts less.
    own: u32,
}

/// What a search entry is of: its document as a whole, or one of the document's items or
/// numbered paragraphs, by position. The memo keeps entries only while their document is
/// unchanged, so the positions stay right.
#[derive(Clone, Copy)]
pub(super) enum EntryOf {
    Document,
    Item(usize),
    Paragraph(usize),
}

/// The distinct stems of a document, numbered. Self-contained, so the memo can keep a
/// document's entries from one build to the next: their numbers mean nothing outside it.
pub(super) struct DocumentStems {
    /// The stems one after the other.
    text: String,
    /// Where each stem ends in `text`.
    ends: Vec<u32>,
    /// The document's distinct words as folded, one after the other: a string per word was
    /// an allocation (and a free) per distinct word of every document, millions on a large
    /// site.
    words: Box<str>,
    /// Per word of `words`, where it ends and the number of its stem.
    word_ends: Box<[(u32, u32)]>,
}

impl Entry {
    pub(super) fn stems(&self) -> &DocumentStems {
        &self.stems
    }

    pub(super) fn terms(&self) -> &[u32] {
        &self.terms
    }

    pub(super) fn head(&self) -> u32 {
        self.head
    }

    pub(super) fn own(&self) -> u32 {
        self.own
    }

    pub(super) fn of(&self) -> EntryOf {
        self.of
    }
}

impl DocumentStems {
    /// The document's words as folded, each with the number of its stem.
    pub(super) fn words(&self) -> impl Iterator<Item = (&str, u32)> {
        let starts = std::iter::once(0).chain(self.word_ends.iter().map(|&(end, _)| end));
        starts.zip(&self.word_ends).map(|(start, &(end, stem))| {
            let word = self.words.get(start as usize..end as usize).unwrap_or("");
            (word, stem)
        })
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| self.text.get(start as usize..end as usize).unwrap_or(""))
    }
}

/// The number a word that is not indexed (a stopword, one character) stems to.
const NOT_A_TERM: u32 = u32::MAX;

/// What the words seen so far stem to, per thread and across documents: a site's vocabulary
/// is small next to its word count, and the stemmer is the costly step. Stems are numbered
/// per thread; [`DocumentWords`] numbers them again per document.
#[derive(Default)]
struct WordStems {
    /// Folded word → number of its stem, or [`NOT_A_TERM`]: short words by [`Word::key`],
    /// long ones by their text.
    short_words: HashMap<[u64; 3], (u32, u32), FxBuildHasher>,
    long_words: HashMap<Box<str>, (u32, u32), FxBuildHasher>,
    /// The words seen, by the second number of the maps above, with the document each was
    /// last seen in: the index maps each word as written to its term, so the browser looks
    /// words up instead of stemming them.
    words: Vec<(Box<str>, u32)>,
    /// Stem → its number.
    numbers: HashMap<Box<str>, u32, FxBuildHasher>,
    stems: Vec<Box<str>>,
    /// Per stem, the document it was last seen in (see `document`) and its number there.
    /// Stamped rather than reset after each document, so an unwinding panic leaves nothing
    /// stale behind.
    in_document: Vec<(u32, u32)>,
    /// The number of the document at hand, from 1.
    document: u32,
    /// The document's distinct words as folded, one after the other, and per word where it
    /// ends and its stem's number in the document ([`DocumentStems`]).
    surface: String,
    surface_ends: Vec<(u32, u32)>,
    /// Every term of the document's text with where it starts ([`term_sets`]).
    located: Vec<(usize, u32)>,
}

impl WordStems {
    /// Starts a document. The words are forgotten when they grow past a bound (only between
    /// documents: the numbers are in use during one), so a long preview session with ever new
    /// words cannot grow them without limit.
    fn next_document(&mut self) -> DocumentWords<'_> {
        const MAX_CACHED: usize = 200_000;
        let cached = self.short_words.len() + self.long_words.len();
        if cached >= MAX_CACHED || self.document == u32::MAX {
            *self = WordStems::default();
        }
        self.document += 1;
        self.surface.clear();
        self.surface_ends.clear();
        DocumentWords {
            words: self,
            stems: Vec::with_capacity(512),
            buffer: Word::default(),
        }
    }

    /// The number of the word's stem and of the word itself.
    fn stem_number(&mut self, word: &Word) -> (u32, u32) {
        let key = word.key();
        let known = match key {
            Some(key) => self.short_words.get(&key),
            None => self.long_words.get(word.text.as_str()),
        };
        if let Some(&number) = known {
            return number;
        }
        let word_number = u32::try_from(self.words.len()).unwrap_or(NOT_A_TERM);
        self.words.push((word.text.as_str().into(), 0));
        let word = word.text.as_str();
        let number = if is_token(word) {
            let stem = stem(word);
            match self.numbers.get(stem.as_str()) {
                Some(&number) => number,
                None => {
                    let number = u32::try_from(self.stems.len()).unwrap_or(NOT_A_TERM);
                    let stem: Box<str> = stem.into();
                    self.numbers.insert(stem.clone(), number);
                    self.stems.push(stem);
                    self.in_document.push((0, 0));
                    number
                }
            }
        } else {
            NOT_A_TERM
        };
        let number = (number, word_number);
        match key {
            Some(key) => self.short_words.insert(key, number),
            None => self.long_words.insert(word.into(), number),
        };
        number
    }
}

/// The words of one document, their stems numbered in the order they first occur.
struct DocumentWords<'a> {
    words: &'a mut WordStems,
    /// Per number, the stem's number in `words`.
    stems: Vec<u32>,

    /// The word being folded.
    buffer: Word,
}

impl DocumentWords<'_> {
    /// Hands `term` the number of each term of `text` with the byte offset it starts at,
    /// as often as it occurs.
    fn for_each_term(&mut self, text: &str, mut term: impl FnMut(u32, usize)) {
        let mut buffer = std::mem::take(&mut self.buffer);
        for_each_word(text, &mut buffer, |word, start| {
            // Under two bytes is under two characters: no token, and no lookup needed.
            if word.text.len() < 2 {
                return;
            }
            let (number, word_number) = self.words.stem_number(word);
            let document = self.words.document;
            let Some(seen) = self.words.in_document.get_mut(number as usize) else {
                return;
            };
            if seen.0 != document {
                let local = u32::try_from(self.stems.len()).unwrap_or(NOT_A_TERM);
                *seen = (document, local);
                self.stems.push(number);
            }
            let local = seen.1;
            if let Some((text, stamp)) = self.words.words.get_mut(word_number as usize)
                && *stamp != document
            {
                *stamp = document;
                let surface = &mut self.words.surface;
                surface.push_str(text);
                let end = u32::try_from(surface.len()).unwrap_or(u32::MAX);
                self.words.surface_ends.push((end, local));
            }
            term(local, start);
        });
        self.buffer = buffer;
    }

    /// The stems numbered so far.
    fn finish(self) -> DocumentStems {
        let stem = |number: u32| self.words.stems.get(number as usize).map_or("", |s| s);
        // Sized up front: grown by doubling, the text was reallocated and copied a few times
        // for each of the site's documents.
        let len = self.stems.iter().map(|&number| stem(number).len()).sum();
        let mut text = String::with_capacity(len);
        let mut ends = Vec::with_capacity(self.stems.len());
        for &number in &self.stems {
            text.push_str(stem(number));
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        DocumentStems {
            text,
            ends,
            // Copied out at their size; the buffers serve the thread's next document.
            words: self.words.surface.as_str().into(),
            word_ends: self.words.surface_ends.as_slice().into(),
        }
    }
}

/// Collects an entry's distinct terms.
#[derive(Default)]
struct TermSet {
    /// Per term number, the set it was last added to.
    added_to: Vec<u32>,
    /// The number of the set being collected, from 1.
    set: u32,
    terms: Vec<u32>,
}

impl TermSet {
    fn start(&mut self) {
        self.set += 1;
        self.terms.clear();
    }

    fn add(&mut self, term: u32) {
        let index = term as usize;
        if index >= self.added_to.len() {
            self.added_to.resize(index + 1, 0);
        }
        if self.added_to[index] != self.set {
            self.added_to[index] = self.set;
            self.terms.push(term);
        }
    }

    fn take(&self) -> Box<[u32]> {
        self.terms.as_slice().into()
    }
}

/// Where `part` lies in `text`, if it does so that its words are words of `text` too: it
/// begins and ends at the text's ends or next to an ASCII character that is neither a
/// letter nor a digit, which folds to itself and splits words.
fn locate(text: &str, part: &str, from: usize) -> Option<std::ops::Range<usize>> {
    let is_edge =
        |byte: Option<&u8>| byte.is_none_or(|b| b.is_ascii() && !b.is_ascii_alphanumeric());
    let start = find_from(text, part, from)?;
    let end = start + part.len();
    let bytes = text.as_bytes();
    let before = start.checked_sub(1).and_then(|i| bytes.get(i));
    (is_edge(before) && is_edge(bytes.get(end))).then_some(start..end)
}

/// Where `part` first occurs in `text` at or after `from`. A part is mostly found soon
/// after `from`, so the first few places its first character occurs are tried before a
/// general search, whose setup costs as much as the part is long.
///
/// Only a stretch after `from` is searched ([`SEARCH_AHEAD`] bytes beyond the part's
/// length): a part not found there is tokenized on its own instead, to the same terms.
/// Searched to the end of the text, each part missing from it cost a pass over the rest of
/// the text (20,000 goal headings took seconds).
fn find_from(text: &str, part: &str, from: usize) -> Option<usize> {
    const TRIES: usize = 16;
    let first = part.chars().next()?;
    let mut end = from
        .saturating_add(part.len().saturating_mul(2))
        .saturating_add(SEARCH_AHEAD)
        .min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = text.get(..end)?;
    let mut at = from;
    for _ in 0..TRIES {
        let found = at + text.get(at..)?.find(first)?;
        if text.get(found..)?.starts_with(part) {
            return Some(found);
        }
        at = found + first.len_utf8();
    }
    Some(at + text.get(at..)?.find(part)?)
}

/// How far past where the last part was found [`find_from`] looks for the next one.
const SEARCH_AHEAD: usize = 16 * 1024;

thread_local! {
    static WORD_STEMS: std::cell::RefCell<WordStems> = std::cell::RefCell::default();
}

fn document_entries(document: &crate::document::Document) -> Vec<Entry> {
    let meta = &document.meta;
    let head = format!("{} {}", meta.title, meta.subtitle.as_deref().unwrap_or(""));
    let items: Vec<&str> = document.items.iter().map(|i| i.text.as_str()).collect();
    let paragraphs: Vec<&str> = document
        .paragraphs
        .iter()
        .map(|p| p.text.as_str())
        .collect();
    let (stems, (terms, head, owns)) = WORD_STEMS.with_borrow_mut(|words| {
        let mut words = words.next_document();
        let (mut terms, head) = term_sets(
            &mut words,
            &head,
            &document.plain_text,
            &[&items, &paragraphs],
        );
        let sections = document.items.iter().map(|i| i.section_title.as_str());
        let mut owns = with_sections(&mut words, terms.get_mut(1..).unwrap_or_default(), sections);
        // The document's own entry: its length as it was, its terms less its parts'.
        owns.insert(0, terms.first().map_or(0, |t| t.len() as u32));
        if let [whole, parts @ ..] = terms.as_mut_slice() {
            *whole = without_parts_terms(whole, head, parts);
        }
        (Arc::new(words.finish()), (terms, head, owns))
    });
    let of = std::iter::once(EntryOf::Document)
        .chain((0..document.items.len()).map(EntryOf::Item))
        .chain((0..document.paragraphs.len()).map(EntryOf::Paragraph));
    of.zip(terms)
        .enumerate()
        .map(|(n, (of, terms))| Entry {
            of,
            stems: stems.clone(),
            own: owns
                .get(n)
                .copied()
                .unwrap_or_else(|| u32::try_from(terms.len()).unwrap_or(u32::MAX)),
            terms,
            head: if n == 0 { head } else { 0 },
        })
        .collect()
}

/// A document's terms (`head` of them from its title and subtitle first) less those of its
/// items and paragraphs, but for the title's. A word of an item finds the item, and
/// `search.js` finds the item's document through it ([`super::search_postings`]): posted for
/// the document too, every word of the site was posted twice, and the document's postings
/// were four in ten of the index.
fn without_parts_terms(whole: &[u32], head: u32, parts: &[Box<[u32]>]) -> Box<[u32]> {
    let mut covered = vec![false; whole.iter().max().map_or(0, |&t| t as usize + 1)];
    for &term in parts.iter().flat_map(|p| p.iter()) {
        if let Some(slot) = covered.get_mut(term as usize) {
            *slot = true;
        }
    }
    whole
        .iter()
        .enumerate()
        .filter(|&(n, &term)| (n as u32) < head || !covered.get(term as usize).is_some_and(|&c| c))
        .map(|(_, &term)| term)
        .collect()
}

/// Appends to each item's terms those of its section's heading that are not its own, and
/// gives how many each item has of its own. Here, beside the text's words, a heading costs
/// lookups in the words already stemmed; when the index was put together it was tokenized
/// and stemmed again for every item.
fn with_sections<'t>(
    words: &mut DocumentWords<'_>,
    items: &mut [Box<[u32]>],
    sections: impl Iterator<Item = &'t str>,
) -> Vec<u32> {
    let mut owns = Vec::with_capacity(items.len());
    // A section's items follow each other: its heading's terms are found once.
    let mut last: Option<(&str, Vec<u32>)> = None;
    for (terms, title) in items.iter_mut().zip(sections) {
        owns.push(u32::try_from(terms.len()).unwrap_or(u32::MAX));
        if last.as_ref().is_none_or(|(seen, _)| *seen != title) {
            let mut heading = Vec::new();
            words.for_each_term(title, |term, _| heading.push(term));
            heading.sort_unstable();
            heading.dedup();
            last = Some((title, heading));
        }
        let heading = last.as_ref().map_or(&[][..], |(_, terms)| terms.as_slice());
        let extra: Vec<u32> = heading
            .iter()
            .copied()
            .filter(|term| !terms.contains(term))
            .collect();
        if !extra.is_empty() {
            let mut all = Vec::with_capacity(terms.len() + extra.len());
            all.extend_from_slice(terms);
            all.extend(extra);
            *terms = all.into();
        }
    }
    owns
}

/// The distinct terms of a document's entry (its `head` and `text`), then of each of the
/// `parts` (its items' texts, its paragraphs'), in order. The parts' texts are mostly pieces
/// of `text`, so it is split into words once: a part found in it takes the terms found where
/// it lies, and only a part that is not is split on its own. Each list of parts is in the
/// order of `text`, so each is looked for after where the one before it starts.
fn term_sets(
    words: &mut DocumentWords<'_>,
    head: &str,
    text: &str,
    parts: &[&[&str]],
) -> (Vec<Box<[u32]>>, u32) {
    let mut set = TermSet::default();
    let mut sets = Vec::with_capacity(1 + parts.iter().map(|p| p.len()).sum::<usize>());
    set.start();
    words.for_each_term(head, |term, _| set.add(term));
    let head_terms = u32::try_from(set.terms.len()).unwrap_or(u32::MAX);
    // Every term of the text with where it starts, in order: a buffer of the thread's, which
    // allocated per document was twice the size of the text, in fresh pages.
    let mut located = std::mem::take(&mut words.words.located);
    located.clear();
    words.for_each_term(text, |term, start| {
        set.add(term);
        located.push((start, term));
    });
    sets.push(set.take());
    for list in parts {
        let mut from = 0;
        for part in list.iter() {
            set.start();
            match locate(text, part, from) {
                Some(range) => {
                    from = range.start;
                    let first = located.partition_point(|&(start, _)| start < range.start);
                    let end = located.partition_point(|&(start, _)| start < range.end);
                    for &(_, term) in located.get(first..end).unwrap_or_default() {
                        set.add(term);
                    }
                }
                None => words.for_each_term(part, |term, _| set.add(term)),
            }
            sets.push(set.take());
        }
    }
    // Kept for the next document unless a very long one made it large.
    if located.capacity() <= KEPT_LOCATED {
        words.words.located = located;
    }
    (sets, head_terms)
}

/// The most terms a thread's `located` buffer keeps room for between documents (16 MB).
const KEPT_LOCATED: usize = 1 << 20;

pub(super) fn search_page_job(theme: &Theme, urls: &Urls<'_>) -> PageJob {
    let word = &urls.config.paths.search;
    let url = urls.section(word, None);
    let mut context = page_context(theme.string("search_title"), &url, "");
    // The folder of the index files; search.js fetches index.json and the shards from it.
    context.insert("index_url", &url);
    context.insert(
        "script_url",
        &format!("{}/js/search.js", urls.config.base_path),
    );
    context.insert(
        "page_script_url",
        &format!("{}/js/search_page.js", urls.config.base_path),
    );
    context.insert("topics_url", &urls.section(&urls.config.paths.topics, None));
    context.insert("goals_url", &urls.section(&urls.config.paths.goals, None));
    PageJob {
        path: format!("{word}/index.html"),
        template: "search.html",
        context,
    }
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
    }

    #[test]
    fn stems_join_inflected_forms() {
        assert_eq!(stem("föreningarna"), "förening");
        assert_eq!(stem("föreningar"), "förening");
        assert_eq!(stem("förening"), "förening");
        assert_eq!(stem("partiföreningarna"), "partiförening");
        assert_eq!(terms("Medlemmarna"), terms("medlemmar"));
    }

    /// Text that folds in every way there is: Swedish and other accented letters in both
    /// cases, letters that fold to ASCII or to two characters, lone combining marks, digits
    /// and numbers of other scripts, letters of other scripts, separators, and words too long
    /// for a [`Word::key`].
    #[rustfmt::skip]
    const TRICKY: &[&str] = &[
        "a", "Z", "7", " ", ",", ":", "-", "_", "'", "\u{0}", "å", "Å", "ä", "Ä", "ö", "Ö", "é",
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

    #[test]
    fn words_are_the_pieces_of_the_folded_text() {
        let mut buffer = Word::default();
        for text in tricky_texts() {
            let folded = fold(&text);
            let expected: Vec<&str> = folded
                .split(|c: char| !c.is_alphanumeric())
                .filter(|word| !word.is_empty())
                .collect();
            let mut words = Vec::new();
            for_each_word(&text, &mut buffer, |word, start| {
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
                assert!(from_word.starts_with(word), "{text:?}: {word:?} at {start}");
                words.push(word.to_string());
            });
            assert_eq!(words, expected, "{text:?}");
        }
    }

    #[test]
    fn parts_are_found_from_where_the_last_one_started() {
        let text = "ab ".repeat(40) + "abc ab";
        assert_eq!(find_from(&text, "abc", 0), Some(120));
        assert_eq!(find_from(&text, "ab", 5), Some(6));
        assert_eq!(find_from(&text, "abc", 121), None);
        assert_eq!(find_from(&text, "", 0), None);
        assert_eq!(locate("x Vi vill.", "Vi vill.", 0), Some(2..10));
        assert_eq!(locate("x Vi vill. y", "Vi vill", 0), Some(2..9));
        // Inside a word, or next to a letter that is not ASCII, the words would differ.
        assert_eq!(locate("partiföreningar", "föreningar", 0), None);
        assert_eq!(locate("é1 2", "1 2", 0), None);
        assert_eq!(locate("1 2ü", "1 2", 0), None);
    }

    /// Each set of terms as strings, sorted.
    fn stems_of(words: DocumentWords<'_>, sets: &[Box<[u32]>]) -> Vec<Vec<String>> {
        let stems: Vec<String> = words.finish().iter().map(str::to_string).collect();
        sets.iter()
            .map(|set| {
                let mut terms: Vec<String> =
                    set.iter().map(|&n| stems[n as usize].clone()).collect();
                terms.sort();
                terms
            })
            .collect()
    }

    /// The distinct terms of `texts`, sorted, as each text split on its own gives them.
    fn expected_terms(texts: &[&str]) -> Vec<String> {
        let mut terms: Vec<String> = texts.iter().flat_map(|text| terms(text)).collect();
        terms.sort();
        terms.dedup();
        terms
    }

    #[test]
    fn documents_keep_their_title_and_the_words_no_part_has() {
        let parts: Vec<Box<[u32]>> = vec![[1, 2].into(), [5].into(), [].into()];
        assert_eq!(
            &*without_parts_terms(&[0, 1, 2, 3, 4, 5, 6], 2, &parts),
            [0, 1, 3, 4, 6]
        );
        assert!(without_parts_terms(&[], 0, &parts).is_empty());
        assert_eq!(&*without_parts_terms(&[7, 1], 0, &[]), [7, 1]);
    }

    #[test]
    fn items_take_their_section_headings_terms_after_their_own() {
        let mut words = WordStems::default();
        let mut document = words.next_document();
        let texts = ["Fler bostäder", "Bostad åt alla", "Studiecirklar"];
        let mut items: Vec<Box<[u32]>> = texts
            .iter()
            .map(|text| {
                let mut terms = Vec::new();
                document.for_each_term(text, |term, _| terms.push(term));
                terms.into()
            })
            .collect();
        let sections = ["Bostäder i Solna", "Bostäder i Solna", "Studier"];
        let owns = with_sections(&mut document, &mut items, sections.into_iter());
        assert_eq!(owns, [2, 1, 1]);
        let stems: Vec<String> = document.finish().iter().map(str::to_string).collect();
        let named = |terms: &[u32]| -> Vec<String> {
            terms.iter().map(|&t| stems[t as usize].clone()).collect()
        };
        // Own terms first; the heading's terms after, each once, none of the item's own again.
        assert_eq!(named(&items[0]), ["fler", "bost", "soln"]);
        assert_eq!(named(&items[1]), ["bost", "soln"]);
        assert_eq!(named(&items[2]), ["studiecirkl", "studi"]);
    }

    #[test]
    fn parts_have_the_terms_of_their_own_text() {
        let head = "Verksamhetsplan Föreningarnas år";
        let text = "Förslag: Vi vill ha fler hyresrätter. Partiföreningarna ska arbeta \
                    med Idé om café; ÅRSMÖTE 2025! Vi vill ha fler hyresrätter. Smørrebrød…";
        let items: &[&str] = &[
            "Vi vill ha fler hyresrätter.",
            "föreningarna",
            "Idé om café",
            "inte här alls",
            "",
            "café; ÅRSMÖTE",
            "Förslag: Vi vill",
            "Smørrebrød…",
        ];
        let paragraphs: &[&str] = &[text, "ÅRSMÖTE 2025!", "Vi vill ha fler hyresrätter."];
        let mut words = WordStems::default();
        // Twice with one cache, as a thread does for document after document.
        for _ in 0..2 {
            let mut document = words.next_document();
            let (sets, head_terms) = term_sets(&mut document, head, text, &[items, paragraphs]);
            assert_eq!(head_terms as usize, expected_terms(&[head]).len());
            let mut expected = vec![expected_terms(&[head, text])];
            for part in items.iter().chain(paragraphs) {
                expected.push(expected_terms(&[part]));
            }
            assert_eq!(stems_of(document, &sets), expected);
        }
        let mut document = words.next_document();
        let (sets, _) = term_sets(&mut document, "", "", &[items]);
        let mut expected = vec![Vec::new()];
        expected.extend(items.iter().map(|item| expected_terms(&[item])));
        assert_eq!(stems_of(document, &sets), expected);
    }
}
