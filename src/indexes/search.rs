//! Client-side search: at build time every document, item and numbered paragraph is turned
//! into Swedish search terms, written as one inverted index (`/sok/index.json`) that
//! `static/js/search.js` queries in the browser.
//!
//! Both sides treat text identically, and `search.js` re-implements the steps below, so a
//! change here is a change there (the integration test runs both on the built index):
//!
//! 1. [`fold`]: lowercase, and drop accents (é → e, ü → u) except on å, ä and ö, which are
//!    letters of their own in Swedish (æ → ä, ø → ö);
//! 2. [`tokenize`]: runs of letters and digits, at least two characters, not a stopword;
//! 3. [`stem`]: the Snowball Swedish stemmer ("föreningarna" → "förening").
//!
//! At query time a query term matches an index term exactly, as a prefix ("medlem" finds
//! "medlemm", the stem of "medlemmar"), or, for terms of five letters or more, anywhere in
//! it, which finds the heads of compounds ("förening" finds "partiförening"). The format is
//! compact: items are numbers, and each term maps to the ascending list of item numbers,
//! written as the first number and then the gap to each next one ([`posting_gaps`]).

use std::collections::{BTreeMap, HashMap};
use std::hash::Hasher;
use std::sync::{Arc, LazyLock};

use rayon::prelude::*;
// FxHash: fast on short keys, and the words and stems are not chosen to collide.
use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxBuildHasher;
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::document::Document;
use crate::render::views::Urls;
use crate::render::{OutputFile, PageJob, Theme, page_context, shortened_prefix};

use super::json;
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

pub fn stem(word: &str) -> String {
    STEMMER.stem(word).into_owned()
}

/// The search terms of `text`: tokens, stemmed.
pub fn terms(text: &str) -> Vec<String> {
    tokenize(text).iter().map(|word| stem(word)).collect()
}

/// The index as written to `index.json`.
#[derive(Debug, Serialize, Deserialize)]
pub struct SearchIndex {
    /// Format version, so the script can refuse an index it does not understand.
    pub v: u32,
    /// Kind code → label: `d` document, `g` goal, `a` activity, `r` recommendation,
    /// `c` commitment, `q` quote, `p` numbered paragraph.
    pub kinds: BTreeMap<String, String>,
    pub stop: Vec<String>,
    /// `[url, title]` of each document.
    pub docs: Vec<(String, String)>,
    /// `[document number, anchor ("" for the document), kind code, snippet]` of each item.
    pub items: Vec<(usize, String, String, String)>,
    /// Stem → ascending item numbers; in the file, each list is written as gaps.
    #[serde(with = "posting_gaps")]
    pub terms: BTreeMap<String, Vec<u32>>,
}

/// The version of the index's format, which `search.js` checks.
pub const FORMAT_VERSION: u32 = 2;

/// Posting lists as written: the first item number, then the gap to each next one. The
/// numbers are ascending, and on a large site a common term's list runs to tens of thousands
/// of six-digit numbers; as gaps most are one or two digits, which made the 10,000-document
/// index 87 MB → 58 MB, for every member who searches as much as for the build.
pub mod posting_gaps {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// The gaps between ascending `numbers`, the first counted from 0.
    pub fn gaps(numbers: &[u32]) -> impl Iterator<Item = u32> + '_ {
        let previous = std::iter::once(0).chain(numbers.iter().copied());
        numbers
            .iter()
            .zip(previous)
            .map(|(&number, previous)| number.wrapping_sub(previous))
    }

    pub fn serialize<S: Serializer>(
        terms: &BTreeMap<String, Vec<u32>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        let as_gaps: BTreeMap<&str, Vec<u32>> = terms
            .iter()
            .map(|(term, numbers)| (term.as_str(), gaps(numbers).collect()))
            .collect();
        as_gaps.serialize(serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<BTreeMap<String, Vec<u32>>, D::Error> {
        let mut terms = BTreeMap::<String, Vec<u32>>::deserialize(deserializer)?;
        for numbers in terms.values_mut() {
            let mut number = 0u32;
            for gap in numbers.iter_mut() {
                number = number.wrapping_add(*gap);
                *gap = number;
            }
        }
        Ok(terms)
    }
}

const KINDS: [(&str, &str); 8] = [
    ("d", "search_kind_document"),
    ("g", "item_goal"),
    ("a", "item_activity"),
    ("r", "item_recommendation"),
    ("c", "item_commitment"),
    ("q", "item_quote"),
    ("o", "item_outcome"),
    ("p", "paragraph"),
];

fn kind_code(kind: crate::document::ItemKind) -> &'static str {
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

const SNIPPET_CHARS: usize = 160;

pub fn build_search_index(site: &Site, theme: &Theme, urls: &Urls<'_>) -> SearchIndex {
    let entries = document_entries_of(site);
    crate::timings::mark("search entries");
    let index = index_view(site, &entries, theme, urls);
    let terms = postings(&entries);
    crate::timings::mark("search index assembled");
    SearchIndex {
        v: index.v,
        kinds: index.kinds,
        stop: index.stop.iter().map(|s| s.to_string()).collect(),
        docs: index.docs,
        items: index
            .items
            .iter()
            .map(|(d, anchor, kind, snippet)| {
                (d, anchor.to_string(), kind.to_string(), snippet.to_string())
            })
            .collect(),
        terms: terms
            .into_iter()
            .map(|(term, postings)| (term.to_string(), postings))
            .collect(),
    }
}

/// Each document's entries and their terms (stemming is most of the cost), from the memo or
/// worked out in parallel. They depend on nothing but the document, so the key is its
/// fingerprint.
fn document_entries_of(site: &Site) -> Vec<Arc<Vec<Entry>>> {
    site.documents
        .par_iter()
        .zip(site.fingerprints.par_iter())
        .map(|(document, &fingerprint)| {
            site.memo.search.get_or_insert(
                &document.path,
                || site.memo.hasher(fingerprint).finish(),
                || document_entries(document),
            )
        })
        .collect()
}

/// [`SearchIndex`] but its posting lists, borrowing from the documents, written as the same
/// JSON.
struct IndexView<'a> {
    v: u32,
    kinds: BTreeMap<String, String>,
    stop: &'static [&'static str],
    docs: Vec<(String, String)>,
    items: Items<'a>,
}

/// Terms in ascending order with their item numbers.
type Postings = Vec<(Box<str>, Vec<u32>)>;

impl IndexView<'_> {
    /// A little over the length of the index's JSON, less the posting lists.
    fn estimated_json_len(&self) -> usize {
        let items: usize = self
            .items
            .entries
            .iter()
            .map(|&(d, of)| {
                self.items
                    .documents
                    .get(d)
                    .map_or(0, |document| of.estimated_json_len(document))
            })
            .sum();
        let docs: usize = self
            .docs
            .iter()
            .map(|(url, title)| url.len() + title.len() + 12)
            .sum();
        items + docs + 4096
    }
}

/// At least the length of the posting lists' JSON: eight bytes a posting hold its gap's
/// digits and the comma (untouched, the rest of the reservation costs no memory).
fn estimated_postings_json_len(terms: &[(Box<str>, Vec<u32>)]) -> usize {
    terms
        .iter()
        .map(|(term, postings)| term.len() + 6 + postings.len() * 8)
        .sum()
}

impl IndexView<'_> {
    /// The index as JSON up to its posting lists (which [`write_postings_json`] finishes),
    /// byte for byte as `serde_json` writes a [`SearchIndex`]. The items and posting lists,
    /// most of it, are written straight into `out`: through `serde_json`, each of the
    /// millions of numbers and hundreds of thousands of snippets went through its machinery,
    /// and each snippet was first made as a string of its own.
    fn write_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        let mut number = itoa::Buffer::new();
        out.extend_from_slice(b"{\"v\":");
        out.extend_from_slice(number.format(self.v).as_bytes());
        out.extend_from_slice(b",\"kinds\":");
        serde_json::to_writer(&mut *out, &self.kinds)?;
        out.extend_from_slice(b",\"stop\":");
        serde_json::to_writer(&mut *out, self.stop)?;
        out.extend_from_slice(b",\"docs\":");
        serde_json::to_writer(&mut *out, &self.docs)?;
        out.extend_from_slice(b",\"items\":[");
        for (n, (d, anchor, kind, snippet)) in self.items.iter().enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.push(b'[');
            out.extend_from_slice(number.format(d).as_bytes());
            out.extend_from_slice(b",\"");
            json::contents(out, anchor);
            out.extend_from_slice(b"\",\"");
            json::contents(out, kind);
            out.extend_from_slice(b"\",\"");
            snippet.write_escaped(out);
            out.extend_from_slice(b"\"]");
        }
        out.extend_from_slice(b"]");
        Ok(())
    }
}

/// The posting lists as the end of the index's JSON, after [`IndexView::write_json`].
/// Written in pieces side by side, then joined: on one thread, the millions of numbers were
/// the last stretch of the build, with the other core idle.
fn write_postings_json(out: &mut Vec<u8>, terms: &Postings) {
    const PIECES: usize = 64;
    let postings: usize = terms.iter().map(|(_, postings)| postings.len() + 4).sum();
    let per_piece = postings.div_ceil(PIECES).max(1);
    let mut pieces: Vec<&[(Box<str>, Vec<u32>)]> = Vec::with_capacity(PIECES + 1);
    let (mut start, mut filled) = (0, 0);
    for (n, (_, postings)) in terms.iter().enumerate() {
        filled += postings.len() + 4;
        if filled >= per_piece {
            pieces.push(terms.get(start..=n).unwrap_or_default());
            (start, filled) = (n + 1, 0);
        }
    }
    pieces.push(terms.get(start..).unwrap_or_default());
    let written: Vec<Vec<u8>> = pieces
        .par_iter()
        .map(|&piece| {
            let mut json = Vec::with_capacity(estimated_postings_json_len(piece));
            write_term_postings(&mut json, piece);
            json
        })
        .collect();
    out.extend_from_slice(b",\"terms\":{");
    for piece in written.iter().filter(|piece| !piece.is_empty()) {
        if out.last() != Some(&b'{') {
            out.push(b',');
        }
        out.extend_from_slice(piece);
    }
    out.extend_from_slice(b"}}");
}

/// `"term":[gaps]` for each of `terms`, comma-separated.
fn write_term_postings(out: &mut Vec<u8>, terms: &[(Box<str>, Vec<u32>)]) {
    let mut number = itoa::Buffer::new();
    for (n, (term, postings)) in terms.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.push(b'"');
        json::contents(out, term);
        out.extend_from_slice(b"\":[");
        for (n, gap) in posting_gaps::gaps(postings).enumerate() {
            if n > 0 {
                out.push(b',');
            }
            out.extend_from_slice(number.format(gap).as_bytes());
        }
        out.push(b']');
    }
}

/// An item's snippet, as pieces of its text: a paragraph's number (written `§N `), the
/// text or its first [`SNIPPET_CHARS`] characters, and, if it was cut, an ellipsis. The same
/// as [`shorten`](crate::render::shorten), which would make each snippet a string first.
struct Snippet<'a> {
    paragraph: Option<u32>,
    text: &'a str,
    cut: bool,
}

impl<'a> Snippet<'a> {
    fn whole(text: &'a str) -> Snippet<'a> {
        Snippet {
            paragraph: None,
            text,
            cut: false,
        }
    }

    /// `shorten(text, SNIPPET_CHARS)`, in pieces.
    fn shortened(text: &'a str) -> Snippet<'a> {
        match shortened_prefix(text, SNIPPET_CHARS) {
            None => Snippet::whole(text),
            Some(kept) => Snippet {
                paragraph: None,
                text: kept,
                cut: true,
            },
        }
    }

    fn write_escaped(&self, out: &mut Vec<u8>) {
        if let Some(number) = self.paragraph {
            out.extend_from_slice("§".as_bytes());
            out.extend_from_slice(itoa::Buffer::new().format(number).as_bytes());
            out.push(b' ');
        }
        json::contents(out, self.text);
        if self.cut {
            out.extend_from_slice("…".as_bytes());
        }
    }
}

impl std::fmt::Display for Snippet<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(number) = self.paragraph {
            write!(f, "§{number} ")?;
        }
        f.write_str(self.text)?;
        if self.cut {
            f.write_str("…")?;
        }
        Ok(())
    }
}

/// The index's items, `[document number, anchor, kind code, snippet]` each, with each
/// snippet found in its document as it is written: on a large site the snippets of a third
/// of a million entries, made with the entries and held until the index was written, were
/// a good part of the build's peak of memory.
struct Items<'a> {
    documents: &'a [Arc<Document>],
    entries: Vec<(usize, EntryOf)>,
}

impl<'a> Items<'a> {
    fn iter(&self) -> impl Iterator<Item = (usize, &'a str, &'static str, Snippet<'a>)> {
        self.entries.iter().filter_map(|&(d, of)| {
            let (anchor, kind, snippet) = of.item(self.documents.get(d)?);
            Some((d, anchor, kind, snippet))
        })
    }
}

/// The index but its posting lists: the items are numbered in document order, as
/// [`postings`] numbers them.
fn index_view<'a>(
    site: &'a Site,
    entries: &[Arc<Vec<Entry>>],
    theme: &Theme,
    urls: &Urls<'_>,
) -> IndexView<'a> {
    let mut items = Vec::with_capacity(entries.iter().map(|entries| entries.len()).sum());
    for (d, entries) in entries.iter().enumerate() {
        items.extend(entries.iter().map(|entry| (d, entry.of)));
    }
    IndexView {
        v: FORMAT_VERSION,
        kinds: KINDS
            .iter()
            .map(|(code, key)| (code.to_string(), theme.string(key).to_string()))
            .collect(),
        stop: STOPWORDS,
        docs: site
            .documents
            .iter()
            .map(|document| (urls.doc(&document.path), document.meta.title.clone()))
            .collect(),
        items: Items {
            documents: &site.documents,
            entries: items,
        },
    }
}

/// The posting lists, merged in document order, so the index is the same whatever the
/// thread count and whatever came from the memo.
fn postings(entries: &[Arc<Vec<Entry>>]) -> Postings {
    // Each document's stems are looked up once, and its entries' terms go by number.
    let mut numbers: HashMap<&str, u32, FxBuildHasher> = HashMap::default();
    // The terms are owned (a site has some thousands), so the entries can be dropped before
    // the index is written.
    let mut terms: Postings = Vec::new();
    let mut global: Vec<u32> = Vec::new();
    let mut number: u32 = 0;
    for entries in entries {
        let mut mapped: Option<&Arc<DocumentStems>> = None;
        for entry in entries.iter() {
            if !mapped.is_some_and(|stems| Arc::ptr_eq(stems, &entry.stems)) {
                global.clear();
                global.extend(entry.stems.iter().map(|stem| {
                    *numbers.entry(stem).or_insert_with(|| {
                        terms.push((stem.into(), Vec::new()));
                        u32::try_from(terms.len() - 1).unwrap_or(u32::MAX)
                    })
                }));
                mapped = Some(&entry.stems);
            }
            for &term in &entry.terms {
                let postings = global
                    .get(term as usize)
                    .and_then(|&n| terms.get_mut(n as usize));
                if let Some((_, postings)) = postings {
                    postings.push(number);
                }
            }
            number = number.saturating_add(1);
        }
    }
    terms.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    terms
}

/// One searchable thing of a document, before numbering.
pub struct Entry {
    /// What the entry is of, in its document.
    of: EntryOf,
    /// The stems of the entry's document, shared by all its entries.
    stems: Arc<DocumentStems>,
    /// The entry's distinct terms, as numbers in `stems`.
    terms: Box<[u32]>,
}

/// What a search entry is of: its document as a whole, or one of the document's items or
/// numbered paragraphs, by position. The memo keeps entries only while their document is
/// unchanged, so the positions stay right.
#[derive(Clone, Copy)]
enum EntryOf {
    Document,
    Item(usize),
    Paragraph(usize),
}

impl EntryOf {
    /// The entry's anchor ("" for the document), kind code and snippet.
    fn item(self, document: &Document) -> (&str, &'static str, Snippet<'_>) {
        match self {
            EntryOf::Document => {
                let snippet = match &document.meta.subtitle {
                    Some(subtitle) => Snippet::whole(subtitle),
                    None => Snippet::shortened(document.plain_text.trim()),
                };
                ("", "d", snippet)
            }
            EntryOf::Item(n) => {
                document
                    .items
                    .get(n)
                    .map_or(("", "d", Snippet::whole("")), |item| {
                        let snippet = Snippet::shortened(item.text.trim());
                        (item.id.as_str(), kind_code(item.kind), snippet)
                    })
            }
            EntryOf::Paragraph(n) => {
                document
                    .paragraphs
                    .get(n)
                    .map_or(("", "p", Snippet::whole("")), |paragraph| {
                        let snippet = Snippet {
                            paragraph: Some(paragraph.number),
                            ..Snippet::shortened(paragraph.text.trim())
                        };
                        (paragraph.anchor.as_str(), "p", snippet)
                    })
            }
        }
    }

    /// A little over the length of the entry's anchor and snippet in the index's JSON: a
    /// snippet is a subtitle, or at most [`SNIPPET_CHARS`] characters (four bytes at most
    /// each) of a text and an ellipsis, after a paragraph's number.
    fn estimated_json_len(self, document: &Document) -> usize {
        let cut = |text: &str| text.len().min(SNIPPET_CHARS * 4) + 24;
        let (anchor, snippet) = match self {
            EntryOf::Document => (
                0,
                document
                    .meta
                    .subtitle
                    .as_ref()
                    .map_or_else(|| cut(&document.plain_text), String::len),
            ),
            EntryOf::Item(n) => document
                .items
                .get(n)
                .map_or((0, 0), |item| (item.id.len(), cut(&item.text))),
            EntryOf::Paragraph(n) => document
                .paragraphs
                .get(n)
                .map_or((0, 0), |p| (p.anchor.len(), cut(&p.text))),
        };
        anchor + snippet * 6 / 5 + 32
    }
}

/// The distinct stems of a document, numbered. Self-contained, so the memo can keep a
/// document's entries from one build to the next: their numbers mean nothing outside it.
struct DocumentStems {
    /// The stems one after the other.
    text: String,
    /// Where each stem ends in `text`.
    ends: Vec<u32>,
}

impl DocumentStems {
    fn iter(&self) -> impl Iterator<Item = &str> {
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
    short_words: HashMap<[u64; 3], u32, FxBuildHasher>,
    long_words: HashMap<Box<str>, u32, FxBuildHasher>,
    /// Stem → its number.
    numbers: HashMap<Box<str>, u32, FxBuildHasher>,
    stems: Vec<Box<str>>,
    /// Per stem, the document it was last seen in (see `document`) and its number there.
    /// Stamped rather than reset after each document, so an unwinding panic leaves nothing
    /// stale behind.
    in_document: Vec<(u32, u32)>,
    /// The number of the document at hand, from 1.
    document: u32,
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
        DocumentWords {
            words: self,
            stems: Vec::with_capacity(512),
            buffer: Word::default(),
        }
    }

    fn stem_number(&mut self, word: &Word) -> u32 {
        let key = word.key();
        let known = match key {
            Some(key) => self.short_words.get(&key),
            None => self.long_words.get(word.text.as_str()),
        };
        if let Some(&number) = known {
            return number;
        }
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
            let number = self.words.stem_number(word);
            let Some(seen) = self.words.in_document.get_mut(number as usize) else {
                return;
            };
            if seen.0 != self.words.document {
                let local = u32::try_from(self.stems.len()).unwrap_or(NOT_A_TERM);
                *seen = (self.words.document, local);
                self.stems.push(number);
            }
            term(seen.1, start);
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
        DocumentStems { text, ends }
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
    let (stems, terms) = WORD_STEMS.with_borrow_mut(|words| {
        let mut words = words.next_document();
        let terms = term_sets(
            &mut words,
            &head,
            &document.plain_text,
            &[&items, &paragraphs],
        );
        (Arc::new(words.finish()), terms)
    });
    let of = std::iter::once(EntryOf::Document)
        .chain((0..document.items.len()).map(EntryOf::Item))
        .chain((0..document.paragraphs.len()).map(EntryOf::Paragraph));
    of.zip(terms)
        .map(|(of, terms)| Entry {
            of,
            stems: stems.clone(),
            terms,
        })
        .collect()
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
) -> Vec<Box<[u32]>> {
    let mut set = TermSet::default();
    let mut sets = Vec::with_capacity(1 + parts.iter().map(|p| p.len()).sum::<usize>());
    set.start();
    words.for_each_term(head, |term, _| set.add(term));
    // Every term of the text with where it starts, in order.
    let mut located: Vec<(usize, u32)> = Vec::with_capacity(text.len() / 8);
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
    sets
}

impl SearchIndex {
    /// The query as `search.js` runs it: item numbers, best first. Every query term must
    /// match; an exact stem scores 3, a prefix 2, a match inside a compound 1; items come
    /// before whole documents.
    pub fn search(&self, query: &str) -> Vec<u32> {
        let query_terms = terms(query);
        if query_terms.is_empty() {
            return Vec::new();
        }
        let mut scores: BTreeMap<u32, (usize, u32)> = BTreeMap::new();
        for (n, query_term) in query_terms.iter().enumerate() {
            let mut best: BTreeMap<u32, u32> = BTreeMap::new();
            for (term, postings) in &self.terms {
                let weight = term_weight(query_term, term);
                if weight == 0 {
                    continue;
                }
                for &item in postings {
                    let entry = best.entry(item).or_default();
                    *entry = (*entry).max(weight);
                }
            }
            for (item, weight) in best {
                let score = scores.entry(item).or_default();
                if score.0 == n {
                    *score = (n + 1, score.1 + weight);
                }
            }
        }
        let mut results: Vec<(u32, u32)> = scores
            .into_iter()
            .filter(|(_, (matched, _))| *matched == query_terms.len())
            .map(|(i, (_, s))| (i, s))
            .collect();
        // Items before whole documents (whose full text matches almost anything), then by score.
        let is_document = |item: u32| self.items.get(item as usize).is_some_and(|i| i.2 == "d");
        results.sort_by(|a, b| {
            is_document(a.0)
                .cmp(&is_document(b.0))
                .then(b.1.cmp(&a.1))
                .then(a.0.cmp(&b.0))
        });
        results.into_iter().map(|(item, _)| item).collect()
    }
}

fn term_weight(query: &str, term: &str) -> u32 {
    if term == query {
        3
    } else if query.chars().count() >= 3 && term.starts_with(query) {
        2
    } else if query.chars().count() >= 5 && term.contains(query) {
        1
    } else {
        0
    }
}

/// The search index, or why it could not be written: never an empty file in its place.
pub(super) fn search_index_file(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
) -> Result<OutputFile, crate::diagnostic::Diagnostic> {
    let entries = document_entries_of(site);
    crate::timings::mark("search entries");
    let index = index_view(site, &entries, theme, urls);
    // The items are written while the posting lists, which they do not need, are merged:
    // this is the end of the build, with the other producers done and a core to spare.
    let (terms, written) = rayon::join(
        || postings(&entries),
        || {
            // Sized up front: grown by doubling, the buffer of a 90 MB index briefly needed
            // twice that, at the build's peak of memory. The posting lists are most of it,
            // and take at most eight bytes a posting, of which the entries have one each.
            let postings: usize = entries
                .iter()
                .flat_map(|entries| entries.iter())
                .map(|entry| entry.terms.len() * 8)
                .sum();
            let mut json = Vec::with_capacity(index.estimated_json_len() + postings);
            index.write_json(&mut json).map(|()| json)
        },
    );
    // The entries' terms are in the posting lists now: freed before the rest of the index is
    // written, they no longer add to the build's peak of memory, which was here.
    drop(entries);
    crate::timings::mark("search index assembled");
    let mut json = written.map_err(|error| {
        crate::diagnostic::Diagnostic::error(format!(
            "the search index could not be written: {error}"
        ))
    })?;
    json.reserve(estimated_postings_json_len(&terms));
    write_postings_json(&mut json, &terms);
    Ok(OutputFile::new(
        format!("{}/index.json", urls.config.paths.search),
        json,
    ))
}

pub(super) fn search_page_job(theme: &Theme, urls: &Urls<'_>) -> PageJob {
    let word = &urls.config.paths.search;
    let url = urls.section(word, None);
    let mut context = page_context(theme.string("search_title"), &url, "");
    context.insert("index_url", &format!("{url}index.json"));
    context.insert(
        "script_url",
        &format!("{}/js/search.js", urls.config.base_path),
    );
    PageJob {
        path: format!("{word}/index.html"),
        template: "search.html",
        context,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::shorten;

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
            let sets = term_sets(&mut document, head, text, &[items, paragraphs]);
            let mut expected = vec![expected_terms(&[head, text])];
            for part in items.iter().chain(paragraphs) {
                expected.push(expected_terms(&[part]));
            }
            assert_eq!(stems_of(document, &sets), expected);
        }
        let mut document = words.next_document();
        let sets = term_sets(&mut document, "", "", &[items]);
        let mut expected = vec![Vec::new()];
        expected.extend(items.iter().map(|item| expected_terms(&[item])));
        assert_eq!(stems_of(document, &sets), expected);
    }

    #[test]
    fn snippets_are_shortened_texts() {
        let long = "Vi vill ha fler hyresrätter åt alla. ".repeat(9);
        let cut_at_space = format!("{}  {}", "å".repeat(SNIPPET_CHARS - 1), "ö".repeat(9));
        for text in [
            "",
            "kort",
            long.as_str(),
            &long[..SNIPPET_CHARS],
            &"ö".repeat(SNIPPET_CHARS),
            &"ö".repeat(SNIPPET_CHARS + 1),
            &cut_at_space,
        ] {
            let snippet = Snippet::shortened(text);
            assert_eq!(
                snippet.to_string(),
                shorten(text, SNIPPET_CHARS),
                "{text:?}"
            );
            let mut written = Vec::new();
            snippet.write_escaped(&mut written);
            assert_eq!(String::from_utf8(written).unwrap(), snippet.to_string());
        }
    }

    #[test]
    fn the_written_index_is_the_search_index_with_postings_as_gaps() {
        let (build, config, theme) = crate::indexes::test_site::example();
        let urls = Urls::new(&config, &build.site.vocabulary);
        let written = search_index_file(&build.site, &theme, &urls)
            .expect("the index is written")
            .bytes;
        let index = build_search_index(&build.site, &theme, &urls);
        assert_eq!(index.v, FORMAT_VERSION);
        assert_eq!(
            std::str::from_utf8(&written).unwrap(),
            serde_json::to_string(&index).unwrap()
        );
        let read: SearchIndex = serde_json::from_slice(&written).unwrap();
        assert_eq!(read.terms, index.terms);
        let raw: serde_json::Value = serde_json::from_slice(&written).unwrap();
        let mut long_lists = 0;
        for (term, numbers) in &index.terms {
            assert!(numbers.windows(2).all(|pair| pair[0] < pair[1]), "{term}");
            let gaps: Vec<u32> = serde_json::from_value(raw["terms"][term].clone()).unwrap();
            assert_eq!(gaps.first(), numbers.first(), "{term}");
            assert_eq!(gaps.iter().sum::<u32>(), *numbers.last().unwrap(), "{term}");
            if numbers.len() > 2 {
                long_lists += 1;
                assert_eq!(gaps[2], numbers[2] - numbers[1], "{term}");
            }
        }
        assert!(
            long_lists > 100,
            "the example has common terms: {long_lists}"
        );
    }

    #[test]
    fn query_terms_match_exactly_by_prefix_or_inside_compounds() {
        assert_eq!(term_weight("förening", "förening"), 3);
        assert_eq!(term_weight("medlem", "medlemm"), 2);
        assert_eq!(term_weight("förening", "partiförening"), 1);
        assert_eq!(term_weight("val", "intervall"), 0);
    }
}
