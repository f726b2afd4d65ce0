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
//! compact: items are numbers, and each term maps to the ascending list of item numbers.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use rayon::prelude::*;
use rust_stemmers::{Algorithm, Stemmer};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::render::views::Urls;
use crate::render::{OutputFile, PageJob, Theme, page_context, shorten};
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

static STOPWORD_SET: LazyLock<
    std::collections::HashSet<&'static str, BuildHasherDefault<TermHasher>>,
> = LazyLock::new(|| STOPWORDS.iter().copied().collect());

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::Swedish));

/// Lowercase without accents, except that å, ä and ö stay (and æ, ø become ä, ö).
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            folded.push(c.to_ascii_lowercase());
            continue;
        }
        for c in c.to_lowercase() {
            match c {
                'å' | 'ä' | 'ö' => folded.push(c),
                'æ' => folded.push('ä'),
                'ø' => folded.push('ö'),
                c if c.is_ascii() => folded.push(c),
                c => folded.extend(std::iter::once(c).nfd().filter(|d| !is_combining_mark(*d))),
            }
        }
    }
    folded
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

/// [`stem`], remembered per thread across documents: a site's vocabulary is small next to
/// its word count, and stemming each document's words afresh was most of the search index's
/// time. The cache is emptied when it grows past a bound, so a long preview session with
/// ever new words cannot grow it without limit.
fn cached_stem(word: &str) -> String {
    const MAX_CACHED: usize = 200_000;
    thread_local! {
        static STEMS: std::cell::RefCell<HashMap<String, String, BuildHasherDefault<TermHasher>>> =
            std::cell::RefCell::default();
    }
    STEMS.with_borrow_mut(|stems| {
        if let Some(stemmed) = stems.get(word) {
            return stemmed.clone();
        }
        if stems.len() >= MAX_CACHED {
            stems.clear();
        }
        let stemmed = stem(word);
        stems.insert(word.to_string(), stemmed.clone());
        stemmed
    })
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
    /// Stem → ascending item numbers.
    pub terms: BTreeMap<String, Vec<u32>>,
}

const KINDS: [(&str, &str); 7] = [
    ("d", "search_kind_document"),
    ("g", "item_goal"),
    ("a", "item_activity"),
    ("r", "item_recommendation"),
    ("c", "item_commitment"),
    ("q", "item_quote"),
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
    }
}

const SNIPPET_CHARS: usize = 160;

pub fn build_search_index(site: &Site, theme: &Theme, urls: &Urls<'_>) -> SearchIndex {
    let entries = document_entries_of(site);
    crate::timings::mark("search entries");
    let index = assemble(site, &entries, theme, urls);
    crate::timings::mark("search index assembled");
    SearchIndex {
        v: index.v,
        kinds: index.kinds,
        stop: index.stop.iter().map(|s| s.to_string()).collect(),
        docs: index.docs,
        items: index
            .items
            .into_iter()
            .map(|(d, anchor, kind, snippet)| {
                (d, anchor.to_string(), kind.to_string(), snippet.to_string())
            })
            .collect(),
        terms: index
            .terms
            .0
            .into_iter()
            .map(|(term, postings)| (term.to_string(), postings))
            .collect(),
    }
}

/// Each document's entries and their terms (stemming is most of the cost), from the memo or
/// worked out in parallel. They depend on nothing but the document, so the key is its
/// fingerprint.
fn document_entries_of(site: &Site) -> Vec<std::sync::Arc<Vec<Entry>>> {
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

/// FxHash (rustc's): fast on short keys, and the terms are not attacker-chosen.
#[derive(Default)]
struct TermHasher(u64);

impl Hasher for TermHasher {
    fn write(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(8) {
            let mut word = [0u8; 8];
            word[..chunk.len()].copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
    }
    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl TermHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// [`SearchIndex`], borrowing from the documents' entries, serialized the same way.
#[derive(Serialize)]
struct IndexView<'a> {
    v: u32,
    kinds: BTreeMap<String, String>,
    stop: &'static [&'static str],
    docs: Vec<(String, String)>,
    items: Vec<(usize, &'a str, &'a str, &'a str)>,
    terms: Postings<'a>,
}

impl IndexView<'_> {
    /// A little over the length of the index's JSON.
    fn estimated_json_len(&self) -> usize {
        let items: usize = self
            .items
            .iter()
            .map(|(_, anchor, kind, snippet)| {
                anchor.len() + kind.len() + snippet.len() * 6 / 5 + 24
            })
            .sum();
        let terms: usize = self
            .terms
            .0
            .iter()
            .map(|(term, postings)| term.len() + 6 + postings.len() * 8)
            .sum();
        let docs: usize = self
            .docs
            .iter()
            .map(|(url, title)| url.len() + title.len() + 12)
            .sum();
        items + terms + docs + 4096
    }
}

/// Terms in ascending order with their item numbers, serialized as a JSON object.
struct Postings<'a>(Vec<(&'a str, Vec<u32>)>);

impl Serialize for Postings<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(term, postings)| (term, postings)))
    }
}

/// Numbering and the posting lists, merged in document order, so the index is the same
/// whatever the thread count and whatever came from the memo.
fn assemble<'a>(
    site: &Site,
    entries: &'a [std::sync::Arc<Vec<Entry>>],
    theme: &Theme,
    urls: &Urls<'_>,
) -> IndexView<'a> {
    let mut items = Vec::new();
    // A million postings go through this map on a large site; SipHash was most of the merge.
    let mut terms: HashMap<&str, Vec<u32>, BuildHasherDefault<TermHasher>> = HashMap::default();
    for (d, entries) in entries.iter().enumerate() {
        for entry in entries.iter() {
            let number = u32::try_from(items.len()).unwrap_or(u32::MAX);
            let (anchor, kind, snippet) = &entry.item;
            items.push((d, anchor.as_str(), *kind, snippet.as_str()));
            for term in entry.terms() {
                terms.entry(term).or_default().push(number);
            }
        }
    }
    let mut terms: Vec<(&str, Vec<u32>)> = terms.into_iter().collect();
    terms.sort_unstable_by_key(|(term, _)| *term);
    IndexView {
        v: 1,
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
        items,
        terms: Postings(terms),
    }
}

/// One searchable thing of a document, before numbering.
pub struct Entry {
    /// Anchor ("" for the document), kind code, snippet.
    item: (String, &'static str, String),
    /// Distinct terms, sorted, each followed by a space (terms are runs of letters and
    /// digits). A third of a million entries on a large site are held until the index is
    /// assembled; a string per term took four times the memory.
    terms: Box<str>,
}

impl Entry {
    fn terms(&self) -> impl Iterator<Item = &str> {
        self.terms.split_terminator(' ')
    }
}

/// The stems of one document's words, each stemmed once: a word recurs in the document's
/// own entry and in its item's or paragraph's, and the stemmer is the costly step.
/// The number a word that is not indexed (a stopword, one character) has in
/// [`DocumentStems::words`].
const NOT_A_TERM: u32 = u32::MAX;

struct DocumentStems {
    /// Folded word → number of its stem.
    words: HashMap<String, u32, BuildHasherDefault<TermHasher>>,
    /// Stem → its number.
    numbers: HashMap<String, u32, BuildHasherDefault<TermHasher>>,
    stems: Vec<String>,
}

impl DocumentStems {
    /// The distinct stems of the words of `texts`, sorted, each followed by a space.
    fn entry_terms(&mut self, texts: &[&str]) -> Box<str> {
        let mut numbers: Vec<u32> = Vec::new();
        for text in texts {
            let folded = fold(text);
            for word in folded.split(|c: char| !c.is_alphanumeric()) {
                // Under two bytes is under two characters: no token, and no lookup needed.
                if word.len() < 2 {
                    continue;
                }
                // Whether a word is a token (not a stopword) is remembered with its stem,
                // so a word costs one lookup however often it recurs.
                let number = match self.words.get(word) {
                    Some(&number) => number,
                    None => {
                        let number = if is_token(word) {
                            self.number_of(cached_stem(word))
                        } else {
                            NOT_A_TERM
                        };
                        self.words.insert(word.to_string(), number);
                        number
                    }
                };
                if number != NOT_A_TERM {
                    numbers.push(number);
                }
            }
        }
        numbers.sort_unstable();
        numbers.dedup();
        let mut terms: Vec<&str> = numbers
            .iter()
            .map(|&n| self.stems[n as usize].as_str())
            .collect();
        terms.sort_unstable();
        let mut joined = String::with_capacity(terms.iter().map(|t| t.len() + 1).sum());
        for term in terms {
            joined.push_str(term);
            joined.push(' ');
        }
        joined.into_boxed_str()
    }

    fn number_of(&mut self, stem: String) -> u32 {
        if let Some(&number) = self.numbers.get(&stem) {
            return number;
        }
        let number = u32::try_from(self.stems.len()).unwrap_or(u32::MAX);
        self.numbers.insert(stem.clone(), number);
        self.stems.push(stem);
        number
    }
}

fn document_entries(document: &crate::document::Document) -> Vec<Entry> {
    // A 10 kB document has a few hundred distinct words: sized once, not grown step by step.
    let mut stems = DocumentStems {
        words: HashMap::with_capacity_and_hasher(512, BuildHasherDefault::default()),
        numbers: HashMap::with_capacity_and_hasher(512, BuildHasherDefault::default()),
        stems: Vec::with_capacity(512),
    };
    let mut entry = |item: (String, &'static str, String), texts: &[&str]| Entry {
        item,
        terms: stems.entry_terms(texts),
    };
    let mut entries = Vec::with_capacity(document.items.len() + document.paragraphs.len() + 1);
    let meta = &document.meta;
    let head = format!("{} {}", meta.title, meta.subtitle.as_deref().unwrap_or(""));
    let snippet = meta
        .subtitle
        .clone()
        .unwrap_or_else(|| shorten(document.plain_text.trim(), SNIPPET_CHARS));
    entries.push(entry(
        (String::new(), "d", snippet),
        &[&head, &document.plain_text],
    ));
    for item in &document.items {
        let snippet = shorten(item.text.trim(), SNIPPET_CHARS);
        entries.push(entry(
            (item.id.clone(), kind_code(item.kind), snippet),
            &[&item.text],
        ));
    }
    for paragraph in &document.paragraphs {
        let snippet = format!(
            "§{} {}",
            paragraph.number,
            shorten(paragraph.text.trim(), SNIPPET_CHARS)
        );
        entries.push(entry(
            (paragraph.anchor.clone(), "p", snippet),
            &[&paragraph.text],
        ));
    }
    entries
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

pub(super) fn search_index_file(site: &Site, theme: &Theme, urls: &Urls<'_>) -> OutputFile {
    let entries = document_entries_of(site);
    crate::timings::mark("search entries");
    let index = assemble(site, &entries, theme, urls);
    crate::timings::mark("search index assembled");
    // Sized up front: grown by doubling, the buffer of a 90 MB index briefly needed twice
    // that, at the build's peak of memory.
    let mut json = Vec::with_capacity(index.estimated_json_len());
    if serde_json::to_writer(&mut json, &index).is_err() {
        json.clear();
    }
    OutputFile::new(format!("{}/index.json", urls.config.paths.search), json)
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

    #[test]
    fn query_terms_match_exactly_by_prefix_or_inside_compounds() {
        assert_eq!(term_weight("förening", "förening"), 3);
        assert_eq!(term_weight("medlem", "medlemm"), 2);
        assert_eq!(term_weight("förening", "partiförening"), 1);
        assert_eq!(term_weight("val", "intervall"), 0);
    }
}
