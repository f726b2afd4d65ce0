//! The search index's postings: every entry of every document numbered (newest document
//! first, so equal scores go to the newer one), each term's items with a BM25 score, and the
//! words of the site with their terms.
//!
//! This is the part of the build that grows with the site's words, so it is written to do
//! as little per posting as it can: what is the same for many entries (a topic's label and
//! keywords, a section's heading) is turned into terms once, not once per item; the scores
//! read each item's length from one flat array.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use super::LabelWords;
use super::entries::{Entry, EntryOf};
use super::pages::MotionsPage;
use super::scores::{Weight, counted as collection, score, topic_score};
use super::terms::term_of_stem;
use super::words::{fold, stem, tokenize};
use crate::document::{Document, MotionRef};
use crate::resolve::Site;

/// A term's postings: item numbers ascending, and per item its [`Weight`] while the items
/// are gathered, then its score's code ([`score`]). One byte a posting: on a large site they
/// are tens of millions.
#[derive(Default)]
pub(super) struct Term {
    pub items: Vec<u32>,
    pub codes: Vec<u8>,
    /// How many of `items` are headings or the motions page's entries, which BM25's
    /// document frequency leaves out (`scores::counted`).
    pub aside: u32,
}

/// Every entry of the site numbered, newest document first: what the result fragments and
/// the filters are written from, while the postings are gathered.
pub(super) struct Numbered {
    /// Per item number: its document and what it is of.
    pub items: Vec<(usize, EntryOf)>,
    /// The number of each document's own entry, ascending: its items and paragraphs follow
    /// it, up to the next.
    pub starts: Vec<u32>,
    /// Per item, its number of distinct terms of its own (its length for BM25).
    lengths: Vec<usize>,
    /// Each document with the number of its own entry.
    firsts: Vec<(usize, u32)>,
    /// The number of the motions page's own entry, after every document's.
    page: Option<u32>,
}

/// The entries numbered newest document first: a cheap pass, so that the fragments and
/// filters can be written while the postings are gathered.
pub(super) fn number_entries(
    site: &Site,
    entries: &[Arc<Vec<Entry>>],
    page: Option<&MotionsPage>,
) -> Numbered {
    let mut numbered = Numbered {
        items: Vec::new(),
        starts: Vec::new(),
        lengths: Vec::new(),
        firsts: Vec::new(),
        page: None,
    };
    for d in newest_first(site) {
        let Some(document_entries) = entries.get(d).filter(|e| !e.is_empty()) else {
            continue;
        };
        if site.documents.get(d).is_none() {
            continue;
        }
        let first = u32::try_from(numbered.items.len()).unwrap_or(u32::MAX);
        numbered.starts.push(first);
        numbered.firsts.push((d, first));
        for entry in document_entries.iter() {
            numbered.items.push((d, entry.of()));
            // A heading's section is as long as its words: one of them weighs as in an
            // entry that long, not as in a heading of three words (its title is scored as
            // of average length whatever this says, `scores::score`). The words it shares
            // with an earlier section do not lengthen it: "regionnivå" of "Del 3" fell below
            // ten items that say "distrikt" when "Del 3" took the words of other sections.
            let length = match entry.of() {
                EntryOf::Heading(_) => entry.terms().len().min(entry.aside_from() as usize),
                _ => entry.own() as usize,
            };
            numbered.lengths.push(length);
        }
    }
    if let Some(page) = page {
        let first = u32::try_from(numbered.items.len()).unwrap_or(u32::MAX);
        numbered.starts.push(first);
        numbered.page = Some(first);
        let d = site.documents.len();
        numbered.items.extend(page.entries().map(|of| (d, of)));
        numbered.lengths.extend(page.lengths());
    }
    numbered
}

/// The postings and words the shards are written from.
pub(super) struct Assembled {
    pub terms: Vec<(String, Term)>,
    /// Word as folded → term number.
    pub words: HashMap<Box<str>, u32, FxBuildHasher>,
    /// Each topic's slug with the terms of its label and `keywords`, which find its items.
    pub topics: Vec<(String, Box<[u32]>)>,
    /// What a topic's term scores in each of its items ([`topic_score`]).
    pub topic_score: f64,
}

/// The documents, newest first (by date, then as the site orders them; undated last).
fn newest_first(site: &Site) -> Vec<usize> {
    // The dates taken out first: read in the comparisons, each went through two pointers
    // (~140,000 comparisons at 10,000 documents).
    let mut order: Vec<(Option<&str>, usize)> = site
        .documents
        .iter()
        .map(|d| d.meta.date.as_deref())
        .zip(0..)
        .collect();
    order.sort_unstable_by(|(date_a, a), (date_b, b)| date_b.cmp(date_a).then(a.cmp(b)));
    order.into_iter().map(|(_, d)| d).collect()
}

/// The terms numbered as they are met, looked up by stem and by word so that each stem is
/// turned into its term, and each extra word stemmed, once.
#[derive(Default)]
pub(super) struct TermTable {
    numbers: HashMap<String, u32, FxBuildHasher>,
    by_stem: HashMap<Box<str>, u32, FxBuildHasher>,
    terms: Vec<(String, Term)>,
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
        let n = self.of_stem(&stem(word));
        self.words.insert(word.into(), n);
        n
    }

    /// The distinct terms of `texts`.
    pub(super) fn of_texts<'t>(&mut self, texts: impl IntoIterator<Item = &'t str>) -> Box<[u32]> {
        let mut terms: Vec<u32> = texts
            .into_iter()
            .flat_map(tokenize)
            .map(|word| self.of_word(&word))
            .collect();
        terms.sort_unstable();
        terms.dedup();
        terms.into()
    }

    /// The number of a term, numbered here if it is new.
    fn of_term(&mut self, term: &str) -> u32 {
        if let Some(&n) = self.numbers.get(term) {
            return n;
        }
        let n = u32::try_from(self.terms.len()).unwrap_or(u32::MAX);
        self.numbers.insert(term.to_string(), n);
        self.terms.push((term.to_string(), Term::default()));
        n
    }

    /// Appends the tables of `runs`, in order, whose items all come after this table's and
    /// each run's after the run's before it. Each term's postings are sized once, to their
    /// total: grown by doubling they held up to twice their size.
    fn merge(&mut self, runs: Vec<TermTable>) {
        let numbers: Vec<Vec<u32>> = runs
            .iter()
            .map(|run| {
                run.terms
                    .iter()
                    .map(|(text, _)| self.of_term(text))
                    .collect()
            })
            .collect();
        let mut totals = vec![0usize; self.terms.len()];
        for (run, numbers) in runs.iter().zip(&numbers) {
            for ((_, term), &n) in run.terms.iter().zip(numbers) {
                if let Some(total) = totals.get_mut(n as usize) {
                    *total += term.items.len();
                }
            }
        }
        for (run, numbers) in runs.into_iter().zip(&numbers) {
            for ((_, term), &n) in run.terms.into_iter().zip(numbers) {
                let (Some((_, into)), Some(&total)) =
                    (self.terms.get_mut(n as usize), totals.get(n as usize))
                else {
                    continue;
                };
                if into.items.is_empty() && term.items.len() == total {
                    *into = term;
                    continue;
                }
                into.aside += term.aside;
                into.items
                    .reserve_exact(total.saturating_sub(into.items.len()));
                into.codes
                    .reserve_exact(total.saturating_sub(into.codes.len()));
                into.items.extend_from_slice(&term.items);
                into.codes.extend_from_slice(&term.codes);
            }
            for (word, local) in run.words {
                if let Some(&n) = numbers.get(local as usize) {
                    self.words.entry(word).or_insert(n);
                }
            }
        }
    }

    /// Adds item `number` to `term`'s postings, unless it is there already (an entry's own
    /// words come first, and count more where a word is also in its heading or topics).
    pub(super) fn post(&mut self, term: u32, number: u32, weight: Weight) {
        self.post_counted(term, number, weight, !matches!(weight, Weight::Heading));
    }

    /// [`Self::post`], for an entry BM25's collection leaves out unless `counted`.
    pub(super) fn post_counted(&mut self, term: u32, number: u32, weight: Weight, counted: bool) {
        if let Some((_, term)) = self.terms.get_mut(term as usize)
            && term.items.last() != Some(&number)
        {
            term.items.push(number);
            term.codes.push(weight as u8);
            term.aside += u32::from(!counted);
        }
    }
}

/// How many documents one table gathers before the tables are merged: enough that merging
/// (a lookup per distinct term and word of each run) stays small beside gathering.
const DOCUMENTS_PER_RUN: usize = 512;

/// The postings and words of a run of documents, each with the number of its first item.
fn run_table(
    site: &Site,
    entries: &[Arc<Vec<Entry>>],
    labels: &LabelWords,
    run: &[(usize, u32)],
) -> TermTable {
    let mut table = TermTable::default();
    let mut global = Vec::new();
    for &(d, first_number) in run {
        let (Some(document_entries), Some(document)) = (entries.get(d), site.documents.get(d))
        else {
            continue;
        };
        let Some(first) = document_entries.first() else {
            continue;
        };
        let stems = first.stems();
        global.clear();
        global.extend(stems.iter().map(|stem| table.of_stem(stem)));
        for (word, local) in stems.words() {
            if !table.words.contains_key(word)
                && let Some(&term) = global.get(local as usize)
            {
                table.words.insert(word.into(), term);
            }
        }
        let mut extra = ExtraTerms::new(document, labels);
        for (n, entry) in document_entries.iter().enumerate() {
            let number = first_number.saturating_add(u32::try_from(n).unwrap_or(u32::MAX));
            // A heading's title stays out of BM25's collection ([`TermTable::post`]); its
            // section's words are counted, as they were when the document had them: a
            // section has only the words no other section has, so a word's document
            // frequency is as it was, and every other entry's scores.
            let text = match entry.of() {
                EntryOf::Heading(_) => Weight::Heading,
                _ => Weight::Text,
            };
            for (n, &local) in entry.terms().iter().enumerate() {
                let weight = match n as u32 {
                    n if n < entry.head() => Weight::Title,
                    n if n < entry.own() => text,
                    _ => Weight::Section,
                };
                if let Some(&term) = global.get(local as usize) {
                    if (n as u32) < entry.aside_from() {
                        table.post(term, number, weight);
                    } else {
                        table.post_counted(term, number, weight, false);
                    }
                }
            }
            extra.post(&mut table, entry.of(), number);
        }
    }
    table
}

/// What the postings are gathered from: the site, each document's entries, their numbers, the
/// motions page and the words of the items' labels.
pub(super) struct Sources<'a> {
    pub site: &'a Site,
    pub entries: &'a [Arc<Vec<Entry>>],
    pub numbered: &'a Numbered,
    pub page: Option<&'a MotionsPage>,
    pub labels: &'a LabelWords,
}

pub(super) fn assemble(sources: &Sources<'_>) -> Assembled {
    assemble_in_runs(sources, DOCUMENTS_PER_RUN)
}

/// [`assemble`], gathering `per_run` documents a table.
fn assemble_in_runs(sources: &Sources<'_>, per_run: usize) -> Assembled {
    let Sources {
        site,
        entries,
        numbered,
        page,
        labels,
    } = *sources;
    let mut table = TermTable::default();
    // A topic's label and keywords find its items through the topic's filter file, which
    // search.js fetches for them: as postings of every item of the topic they were a quarter
    // of all postings, and made a keyword such as "medlem" long to fetch.
    let topics: Vec<(String, Box<[u32]>)> = site
        .vocabulary
        .topics
        .iter()
        .map(|topic| {
            let texts = std::iter::once(&topic.label).chain(&topic.keywords);
            (
                topic.slug.clone(),
                table.of_texts(texts.map(String::as_str)),
            )
        })
        .collect();
    // Runs of documents in that order, each gathered into a table of its own, then merged in
    // order: a term is numbered where it is first met either way, so the files are the same
    // as from one pass, which took a third of a second on one thread at 10,000 documents.
    let runs: Vec<TermTable> = numbered
        .firsts
        .par_chunks(per_run.max(1))
        .map(|run| run_table(site, entries, labels, run))
        .collect();
    table.merge(runs);
    // Numbered after every document's entries: posted last, its postings stay in order.
    if let (Some(page), Some(first)) = (page, numbered.page) {
        page.post(&mut table, first);
    }
    let counted = |n: usize| {
        numbered.items.get(n).is_some_and(|(_, of)| {
            matches!(
                of,
                EntryOf::Document | EntryOf::Item(_) | EntryOf::Paragraph(_)
            )
        })
    };
    score(
        &mut table.terms,
        &numbered.lengths,
        collection(&numbered.lengths, counted),
    );
    Assembled {
        topic_score: topic_score(&numbered.lengths, topics.len()),
        terms: table.terms,
        words: table.words,
        topics,
    }
}

/// The words an entry is found by beyond its text, for one document: a numbered paragraph's
/// number (`24` of `§24`); for a passage a motion amended, the reference (`e2:1`), as folded.
/// A reference in a plain paragraph (whose anchor is its section's heading) finds the
/// heading, or the document when the heading is no result of its own.
/// (The heading of an item's section is among its entry's terms; its topics' labels and
/// keywords find it through the topic's filter file.)
struct ExtraTerms<'d> {
    document: &'d Document,
    /// The labels of the document's motion references by the anchor of the passage they
    /// amended, grouped once: asked per entry, every reference was walked for every item.
    references: HashMap<&'d str, Vec<&'d str>>,
    /// The labels of references whose passage has no entry of its own.
    of_document: Vec<&'d str>,
    labels: &'d LabelWords,
}

impl<'d> ExtraTerms<'d> {
    fn new(document: &'d Document, labels: &'d LabelWords) -> ExtraTerms<'d> {
        let mut references: HashMap<&str, Vec<&str>> = HashMap::new();
        for reference in &document.motion_refs {
            if let Some(passage) = document.passages.get(reference.passage) {
                references
                    .entry(passage.anchor.as_str())
                    .or_default()
                    .push(reference.label.as_str());
            }
        }
        let of_document = if references.is_empty() {
            Vec::new()
        } else {
            let headings = super::entries::result_headings(document);
            let headings = headings.iter().filter_map(|&n| document.toc.get(n));
            let parts: HashSet<&str, FxBuildHasher> =
                (document.items.iter().map(|i| i.id.as_str()))
                    .chain(document.paragraphs.iter().map(|p| p.anchor.as_str()))
                    .chain(headings.map(|h| h.id.as_str()))
                    .collect();
            // In the document's order: the order terms are first met numbers them, and the
            // files must be the same from one build to the next.
            let passage = |r: &MotionRef| document.passages.get(r.passage);
            (document.motion_refs.iter())
                .filter(|r| passage(r).is_some_and(|p| !parts.contains(p.anchor.as_str())))
                .map(|r| r.label.as_str())
                .collect()
        };
        ExtraTerms {
            document,
            references,
            of_document,
            labels,
        }
    }

    fn post(&mut self, table: &mut TermTable, of: EntryOf, number: u32) {
        let anchor = match of {
            EntryOf::Item(n) => self.document.items.get(n).map(|item| item.id.as_str()),
            EntryOf::Paragraph(n) => self.document.paragraphs.get(n).map(|p| p.anchor.as_str()),
            // A plain paragraph's passage is named by its section's heading.
            EntryOf::Heading(n) => self.document.toc.get(n).map(|h| h.id.as_str()),
            _ => None,
        };
        let labels = match anchor {
            Some(anchor) => self.references.get(anchor),
            None if matches!(of, EntryOf::Document) => Some(&self.of_document),
            None => None,
        };
        for label in labels.into_iter().flatten() {
            let term = table.of_word(&fold(label).replace(' ', ""));
            table.post(term, number, Weight::Text);
        }
        // An item is found by its label, kind and number as one word, weighed as its name,
        // as a paragraph by its number; an item or heading also by the label its author
        // wrote at its start ("Delmål 6:", `delmål6`).
        if let EntryOf::Item(n) = of
            && let Some(item) = self.document.items.get(n)
            && let Some(word) = self.labels.word(item.kind, item.ordinal)
        {
            let term = table.of_word(&word);
            table.post(term, number, Weight::Title);
        }
        let start = match of {
            EntryOf::Item(n) => self.document.items.get(n).map(|item| item.text.as_str()),
            EntryOf::Heading(n) => self.document.toc.get(n).map(|h| h.title.as_str()),
            _ => None,
        };
        if let Some(word) = start.and_then(|text| self.labels.written(text)) {
            let term = table.of_word(&word);
            table.post_counted(
                term,
                number,
                Weight::Title,
                !matches!(of, EntryOf::Heading(_)),
            );
        }
        // A numbered paragraph is found by its number, as its name ("§24"): its text, as
        // indexed, starts after it.
        if let EntryOf::Paragraph(n) = of
            && let Some(paragraph) = self.document.paragraphs.get(n)
        {
            let term = table.of_word(itoa::Buffer::new().format(paragraph.number));
            table.post(term, number, Weight::Title);
        }
    }
}

/// The bundled example's index as the build assembles it with the default theme's label
/// words, for the tests of what is posted.
#[cfg(test)]
pub(super) fn with_the_examples_index<T>(
    look: impl FnOnce(&Site, &Numbered, &Assembled, &LabelWords) -> T,
) -> T {
    use crate::build::{BuildOptions, Pipeline};
    use crate::indexes::IndexMemo;
    use crate::memo::MemoKeys;
    let options = BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
    let mut pipeline = Pipeline::load(&options).expect("the example loads");
    let resolved = pipeline.resolve().expect("the example resolves");
    let site = &resolved.site;
    let entries = super::entries::document_entries_of(site, &IndexMemo::new(MemoKeys::default()));
    let numbered = number_entries(site, &entries, None);
    let labels = LabelWords::swedish().with_written(site);
    let assembled = assemble(&Sources {
        site,
        entries: &entries,
        numbered: &numbered,
        page: None,
        labels: &labels,
    });
    look(site, &numbered, &assembled, &labels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::{BuildOptions, Pipeline};
    use crate::indexes::IndexMemo;
    use crate::indexes::search::entries::document_entries_of;
    use crate::memo::MemoKeys;

    /// Each term with its postings, in the order of the terms' numbers, and the words sorted.
    type Postings<'a> = (Vec<(&'a str, &'a [u32], &'a [u8])>, Vec<(&'a str, u32)>);

    fn postings_of(assembled: &Assembled) -> Postings<'_> {
        let terms = assembled
            .terms
            .iter()
            .map(|(text, term)| (text.as_str(), &term.items[..], &term.codes[..]))
            .collect();
        let mut words: Vec<(&str, u32)> = assembled.words.iter().map(|(w, &t)| (&**w, t)).collect();
        words.sort_unstable();
        (terms, words)
    }

    #[test]
    fn runs_merged_in_order_give_what_one_pass_gives() {
        let options = BuildOptions::new(env!("CARGO_MANIFEST_DIR"));
        let mut pipeline = Pipeline::load(&options).expect("the example loads");
        let resolved = pipeline.resolve().expect("the example resolves");
        let site = &resolved.site;
        let memo = IndexMemo::new(MemoKeys::default());
        let entries = document_entries_of(site, &memo);
        let numbered = number_entries(site, &entries, None);
        assert!(
            numbered.firsts.len() >= 3,
            "runs of one and two documents differ"
        );
        let labels = LabelWords::swedish();
        let sources = Sources {
            site,
            entries: &entries,
            numbered: &numbered,
            page: None,
            labels: &labels,
        };
        let one_pass = assemble_in_runs(&sources, usize::MAX);
        let (terms, words) = postings_of(&one_pass);
        // The example's motion references and topic keywords are among the terms.
        assert!(
            terms
                .iter()
                .any(|(text, items, _)| text.contains(':') && !items.is_empty())
        );
        assert!(!one_pass.topics.is_empty());
        for per_run in [1, 2] {
            let runs = assemble_in_runs(&sources, per_run);
            let (run_terms, run_words) = postings_of(&runs);
            assert_eq!(run_terms, terms, "{per_run} a run");
            assert_eq!(run_words, words, "{per_run} a run");
            assert_eq!(runs.topics, one_pass.topics, "{per_run} a run");
        }
    }
}
