//! The search index as the browser fetches it, in pieces (format 3):
//!
//! - `/sok/index.json`, the entry file: format version, item count, shard boundaries,
//!   fragment chunk size, stopwords, kind labels and the filters' vocabularies;
//! - `/sok/s/<n>.json`, the shards: the words whose key (folded, without å/ä/ö) falls in the
//!   shard's range, each as written with its term and the terms of compounds it ends, and
//!   the posting lists of the terms keyed there (item number gaps and BM25 scores);
//! - `/sok/r/<n>.json`, the result fragments, [`CHUNK`] items each: what a result shows;
//! - `/sok/f/<o|k|i|t><n>.json`, each filter value's items as ranges.
//!
//! Items are numbered newest document first, so equal scores go to the newer document.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rustc_hash::FxBuildHasher;

use super::search::{Entry, EntryOf, document_entries_of};
use super::search_terms::{base, compound_splits, term_of_stem};
use crate::document::Document;
use crate::render::views::Urls;
use crate::render::{Emit, OutputFile, Produced, Theme};
use crate::resolve::Site;

/// Items per result fragment file.
pub const CHUNK: usize = 32;
/// Roughly how many bytes of JSON a shard holds before the next one starts.
const SHARD_BYTES: usize = 24_000;
/// BM25's parameters.
const K1: f64 = 1.2;
const B: f64 = 0.75;
/// How much a word of a document's title or subtitle counts over its body text.
const TITLE_WEIGHT: f64 = 3.0;
/// Where a posting's word stands in its item, as kept per posting.
#[derive(Clone, Copy)]
enum Weight {
    Title = 0,
    Text = 1,
    Section = 2,
    Topic = 3,
}

impl Weight {
    fn of(code: u8) -> f64 {
        match code {
            0 => TITLE_WEIGHT,
            2 => SECTION_WEIGHT,
            3 => TOPIC_WEIGHT,
            _ => 1.0,
        }
    }
}
/// How much a word of the heading of an item's section counts, beside its own text.
const SECTION_WEIGHT: f64 = 0.5;
/// How much a word of an item's topic label or keywords counts, beside its own text.
const TOPIC_WEIGHT: f64 = 0.15;
/// Compounds kept per last part, the most frequent first.
const COMPOUNDS_PER_TAIL: usize = 40;
/// The longest text a fragment carries for a snippet, in characters.
const FRAGMENT_CHARS: usize = 300;

/// One numbered item of the index.
struct Numbered<'a> {
    document: usize,
    entry: &'a Entry,
}

/// A term's postings: item numbers ascending with their scores.
#[derive(Default)]
struct Term {
    items: Vec<u32>,
    /// How much each posting's item counts the term: [`TITLE_WEIGHT`] in a title, 1 in
    /// text, [`TOPIC_WEIGHT`] from its topics.
    /// As a [`Weight`], one byte a posting: on a large site the postings are tens of millions,
    /// and they are freed term by term as the scores are worked out.
    weights: Vec<u8>,
    scores: Vec<u32>,
}

/// Everything the files are written from.
struct Assembled<'a> {
    items: Vec<Numbered<'a>>,
    terms: Vec<(String, Term)>,
    /// Word as folded → term number.
    words: HashMap<Box<str>, u32, FxBuildHasher>,
}

/// The documents, newest first (by date, then as the site orders them; undated last).
fn newest_first(site: &Site) -> Vec<usize> {
    let mut order: Vec<usize> = (0..site.documents.len()).collect();
    order.sort_by(|&a, &b| {
        let date = |d: usize| site.documents.get(d).and_then(|d| d.meta.date.clone());
        date(b).cmp(&date(a)).then(a.cmp(&b))
    });
    order
}

/// The terms numbered as they are met, looked up by stem and by word so that each stem is
/// turned into its term, and each extra word stemmed, once.
#[derive(Default)]
struct TermTable {
    numbers: HashMap<String, u32, FxBuildHasher>,
    by_stem: HashMap<Box<str>, u32, FxBuildHasher>,
    terms: Vec<(String, Term)>,
    /// Word as folded → term number.
    words: HashMap<Box<str>, u32, FxBuildHasher>,
}

impl TermTable {
    fn of_stem(&mut self, stem: &str) -> u32 {
        if let Some(&n) = self.by_stem.get(stem) {
            return n;
        }
        let term = term_of_stem(stem);
        let len = self.terms.len();
        let terms = &mut self.terms;
        let n = *self.numbers.entry(term.clone()).or_insert_with(|| {
            terms.push((term, Term::default()));
            u32::try_from(len).unwrap_or(u32::MAX)
        });
        self.by_stem.insert(stem.into(), n);
        n
    }

    fn of_word(&mut self, word: &str) -> u32 {
        if let Some(&n) = self.words.get(word) {
            return n;
        }
        let n = self.of_stem(&super::search::stem(word));
        self.words.insert(word.into(), n);
        n
    }
}

fn assemble<'a>(site: &Site, entries: &'a [Arc<Vec<Entry>>]) -> Assembled<'a> {
    let mut table = TermTable::default();
    let mut items = Vec::new();
    for d in newest_first(site) {
        let (Some(document_entries), Some(document)) = (entries.get(d), site.documents.get(d))
        else {
            continue;
        };
        let Some(first) = document_entries.first() else {
            continue;
        };
        let stems = first.stems();
        let global: Vec<u32> = stems.iter().map(|stem| table.of_stem(stem)).collect();
        for (word, local) in stems.words() {
            if !table.words.contains_key(word)
                && let Some(&term) = global.get(local as usize)
            {
                table.words.insert(word.into(), term);
            }
        }
        // Grouped once per document: asked per entry, every reference was walked for every
        // item, a square in a document of many references and items.
        let references = references_by_anchor(document);
        for entry in document_entries.iter() {
            let number = u32::try_from(items.len()).unwrap_or(u32::MAX);
            for (n, &local) in entry.terms().iter().enumerate() {
                let Some(term) = global
                    .get(local as usize)
                    .and_then(|&g| table.terms.get_mut(g as usize))
                else {
                    continue;
                };
                if term.1.items.last() == Some(&number) {
                    continue;
                }
                term.1.items.push(number);
                let head = (n as u32) < entry.head();
                let weight = if head { Weight::Title } else { Weight::Text };
                term.1.weights.push(weight as u8);
            }
            // After the entry's own words, which count more where they are the same.
            for (word, weight) in extra_words(site, document, &references, entry.of()) {
                let global = table.of_word(&word);
                if let Some((_, term)) = table.terms.get_mut(global as usize)
                    && term.items.last() != Some(&number)
                {
                    term.items.push(number);
                    term.weights.push(weight as u8);
                }
            }
            items.push(Numbered { document: d, entry });
        }
    }
    score(&mut table.terms, &items);
    Assembled {
        items,
        terms: table.terms,
        words: table.words,
    }
}

/// The words an entry is found by beyond its text: the heading of an item's section, the
/// labels and `keywords` of its topics (topics.toml), and for a passage a motion amended, the reference (`e2:1`), as folded.
fn extra_words(
    site: &Site,
    document: &Document,
    references: &HashMap<&str, Vec<&str>>,
    of: EntryOf,
) -> Vec<(String, Weight)> {
    let topics = match of {
        EntryOf::Item(n) => document.items.get(n).map(|item| &item.topics),
        _ => None,
    };
    let mut words = Vec::new();
    if let EntryOf::Item(n) = of
        && let Some(item) = document.items.get(n)
    {
        let tokens = super::search::tokenize(&item.section_title);
        words.extend(tokens.into_iter().map(|w| (w, Weight::Section)));
    }
    for slug in topics.into_iter().flatten() {
        if let Some(topic) = site.vocabulary.topics.iter().find(|t| &t.slug == slug) {
            for text in std::iter::once(&topic.label).chain(&topic.keywords) {
                let tokens = super::search::tokenize(text);
                words.extend(tokens.into_iter().map(|w| (w, Weight::Topic)));
            }
        }
    }
    let anchor = match of {
        EntryOf::Item(n) => document.items.get(n).map(|item| item.id.as_str()),
        EntryOf::Paragraph(n) => document.paragraphs.get(n).map(|p| p.anchor.as_str()),
        EntryOf::Document => None,
    };
    for label in anchor.and_then(|a| references.get(a)).into_iter().flatten() {
        words.push((super::search::fold(label).replace(' ', ""), Weight::Text));
    }
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    words.dedup_by(|a, b| a.0 == b.0);
    words
}

/// The labels of a document's motion references by the anchor of the passage they amended.
fn references_by_anchor(document: &Document) -> HashMap<&str, Vec<&str>> {
    let mut references: HashMap<&str, Vec<&str>> = HashMap::new();
    for reference in &document.motion_refs {
        if let Some(passage) = document.passages.get(reference.passage) {
            references
                .entry(passage.anchor.as_str())
                .or_default()
                .push(reference.label.as_str());
        }
    }
    references
}

/// BM25 of each posting, with a term counted once per item (items are short, and a
/// document's length already tells its weight), a title word [`TITLE_WEIGHT`] times.
fn score(terms: &mut [(String, Term)], items: &[Numbered<'_>]) {
    // Scored in parallel: a term's scores depend on nothing but its postings.
    use rayon::prelude::*;
    let count = items.len().max(1) as f64;
    let average = items.iter().map(|i| i.entry.terms().len()).sum::<usize>() as f64 / count;
    let average = average.max(1.0);
    terms.par_iter_mut().for_each(|(_, term)| {
        let df = term.items.len() as f64;
        let idf = (1.0 + (count - df + 0.5) / (df + 0.5)).ln();
        term.scores = term
            .items
            .iter()
            .zip(&term.weights)
            .map(|(&item, &code)| {
                let tf = Weight::of(code);
                let len = items
                    .get(item as usize)
                    .map_or(average, |i| i.entry.terms().len() as f64);
                let bm25 = idf * tf * (K1 + 1.0) / (tf + K1 * (1.0 - B + B * len / average));
                // Tenths: finer steps would only lengthen every posting in the shards.
                (bm25 * 10.0).round().clamp(1.0, 100_000.0) as u32
            })
            .collect();
        term.weights = Vec::new();
    });
}

/// For each word that is the last part of longer words of the site, the terms of those
/// compounds, the most frequent first.
fn compounds<'a>(assembled: &'a Assembled<'_>) -> HashMap<&'a str, Vec<u32>, FxBuildHasher> {
    let mut found: HashMap<&str, Vec<u32>, FxBuildHasher> = HashMap::default();
    for (word, &term) in &assembled.words {
        for at in compound_splits(word) {
            let Some(tail) = word.get(at..) else { continue };
            if let Some((tail, &tail_term)) = assembled.words.get_key_value(tail)
                && tail_term != term
            {
                found.entry(tail).or_default().push(term);
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

/// Writes every file of the index.
pub(super) fn search_files(site: &Site, theme: &Theme, urls: &Urls<'_>, emit: &Emit<'_>) {
    let entries = document_entries_of(site);
    crate::timings::mark("search entries");
    let assembled = assemble(site, &entries);
    let compounds = compounds(&assembled);
    let folder = &urls.config.paths.search;
    let view = assembled_view(&assembled);
    let write = super::search_write::shards;
    let ((boundaries, shards), (fragments, (vocabulary, filters))) = rayon::join(
        || write(&view, &compounds),
        || {
            rayon::join(
                || super::search_write::fragments(site, theme, urls, &view),
                || super::search_write::filters(site, theme, &view),
            )
        },
    );
    // Which build the files are of: search.js asks for every file with it, so a browser never
    // mixes a cached shard or fragment of an earlier build with this entry file.
    let build = {
        use std::hash::{BuildHasher, Hasher};
        let mut hasher = FxBuildHasher.build_hasher();
        for json in shards.iter().chain(&fragments) {
            hasher.write(json);
        }
        for (name, json) in &filters {
            hasher.write(name.as_bytes());
            hasher.write(json);
        }
        hasher.finish()
    };
    let manifest = super::search_write::manifest(theme, &view, &boundaries, vocabulary, build);
    let file = |path: String, json: Vec<u8>| emit(Produced::File(OutputFile::new(path, json)));
    for (n, json) in shards.into_iter().enumerate() {
        file(format!("{folder}/s/{n}.json"), json);
    }
    for (n, json) in fragments.into_iter().enumerate() {
        file(format!("{folder}/r/{n}.json"), json);
    }
    for (name, json) in filters {
        file(format!("{folder}/f/{name}.json"), json);
    }
    file(format!("{folder}/index.json"), manifest);
    crate::timings::mark("search index assembled");
}

/// What the writers read of the assembled index.
pub(super) struct View<'v> {
    /// Per item: its document and what it is of.
    pub items: Vec<(usize, EntryOf)>,
    /// Term text, item numbers, scores.
    pub terms: Vec<(&'v str, &'v [u32], &'v [u32])>,
    pub words: Vec<(&'v str, u32)>,
}

fn assembled_view<'v>(assembled: &'v Assembled<'_>) -> View<'v> {
    let mut words: Vec<(&str, u32)> = assembled.words.iter().map(|(w, &t)| (&**w, t)).collect();
    words.sort_unstable();
    View {
        items: assembled
            .items
            .iter()
            .map(|i| (i.document, i.entry.of()))
            .collect(),
        terms: assembled
            .terms
            .iter()
            .map(|(text, term)| (text.as_str(), &term.items[..], &term.scores[..]))
            .collect(),
        words,
    }
}

/// The key a word or term is filed under.
pub(super) fn key(word: &str) -> String {
    base(word)
}

/// Cuts `text` to at most [`FRAGMENT_CHARS`] characters, at a word's end.
pub(super) fn fragment_text(text: &str) -> &str {
    match text.char_indices().nth(FRAGMENT_CHARS) {
        None => text,
        Some((end, _)) => {
            let cut = text.get(..end).unwrap_or(text);
            cut.rfind(' ').and_then(|at| cut.get(..at)).unwrap_or(cut)
        }
    }
}

/// Splits the sorted keys into shards of about [`SHARD_BYTES`]: the first key of each.
pub(super) fn boundaries(sized: &BTreeMap<String, usize>) -> Vec<String> {
    let mut starts = Vec::new();
    let mut filled = SHARD_BYTES;
    for (key, &bytes) in sized {
        if filled + bytes > SHARD_BYTES && filled > 0 {
            starts.push(key.clone());
            filled = 0;
        }
        filled += bytes;
    }
    if starts.is_empty() {
        starts.push(String::new());
    }
    // The first shard takes every key before the second.
    if let Some(first) = starts.first_mut() {
        first.clear();
    }
    starts
}
