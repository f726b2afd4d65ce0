//! Every file of the search index, written from the entries (format 4):
//!
//! - `/sok/index.json`, the entry file: format version, item count, shard boundaries,
//!   fragment chunk size, stopwords, kind labels and the filters' vocabularies;
//! - `/sok/s/<n>.json`, the shards: the words whose key (folded, without å/ä/ö) falls in the
//!   shard's range, each as written with its term and the terms of compounds it ends, and
//!   the posting lists of the terms keyed there (item number gaps and BM25 scores);
//! - `/sok/r/<n>.json`, the result fragments, [`CHUNK`](super::fragments::CHUNK) items each: what a result shows;
//! - `/sok/f/<o|k|i|t><n>.json`, each filter value's items as ranges.
//!
//! Items are numbered newest document first, so equal scores go to the newer document.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxBuildHasher;

use super::compounds::compounds;
use super::entries::document_entries_of;
use super::postings::{Assembled, Sources, assemble, number_entries};
use super::terms::base;
use crate::indexes::json;
use crate::render::views::Urls;
use crate::render::{Emit, OutputFile, Produced, Theme};
use crate::resolve::Site;

/// Writes every file of the index.
pub(crate) fn search_files(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    memo: &crate::indexes::IndexMemo,
    emit: &Emit<'_>,
) {
    let entries = document_entries_of(site, memo);
    crate::timings::mark("search entries");
    let page = super::pages::motions_page(site, theme, urls);
    let page = page.as_ref();
    let numbered = number_entries(site, &entries, page);
    let labels = super::LabelWords::new(theme).with_written(site);
    let items = &numbered.items;
    // The postings on one side, the fragments and filters (which need only the items' order)
    // on the other: the postings' serial steps (merging the runs, the compounds, the shards'
    // boundaries) leave a core free, which the fragments take.
    let ((assembled, (boundaries, shards)), (fragments, (vocabulary, filters))) = rayon::join(
        || {
            let assembled = assemble(&Sources {
                site,
                entries: &entries,
                numbered: &numbered,
                page,
                labels: &labels,
            });
            // Freed here, while the fragments are written: they were in memory to the end.
            drop(entries);
            let compounds = compounds(&assembled, &labels);
            let shards = super::shards::shards(&assembled_view(&assembled, &compounds), &compounds);
            (assembled, shards)
        },
        || {
            rayon::join(
                || super::fragments::fragments(site, theme, urls, items, page),
                || super::filters::filters(site, theme, items),
            )
        },
    );
    crate::timings::mark("search: shards fragments filters");
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
    let topics = topic_files(&assembled, &vocabulary);
    let manifest = super::manifest::Manifest {
        boundaries: &boundaries,
        filters: &vocabulary,
        topics,
        topic_score: assembled.topic_score,
        starts: &numbered.starts,
        labels: labels.words().collect(),
        build,
    };
    let manifest = manifest.write(theme, items.len());
    let folder = &urls.config.paths.search;
    let file = |path: String, json: Vec<u8>| emit(Produced::File(OutputFile::new(path, json)));
    // Thousands of files on a large site: written from every thread, as the pages are.
    use rayon::prelude::*;
    let shards = shards.into_par_iter().enumerate();
    shards.for_each(|(n, json)| file(format!("{folder}/s/{n}.json"), json));
    let fragments = fragments.into_par_iter().enumerate();
    fragments.for_each(|(n, json)| file(format!("{folder}/r/{n}.json"), json));
    let filters = filters.into_par_iter();
    filters.for_each(|(name, json)| file(format!("{folder}/f/{name}.json"), json));
    file(format!("{folder}/index.json"), manifest);
    crate::timings::mark("search: emitted");
    drop(assembled);
    crate::timings::mark("search index assembled");
}

/// Per term of a topic's label or keywords, the filter files of the topics it finds.
fn topic_files<'a>(
    assembled: &'a Assembled,
    filters: &'a super::filters::FilterValues,
) -> BTreeMap<&'a str, Vec<&'a str>> {
    let files: BTreeMap<&str, &str> = filters
        .get("topic")
        .into_iter()
        .flatten()
        .filter_map(|(value, _)| value.split_once('\u{1f}'))
        .collect();
    let mut found: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (slug, terms) in &assembled.topics {
        let Some(&file) = files.get(slug.as_str()) else {
            continue;
        };
        for &term in terms.iter() {
            if let Some((text, _)) = assembled.terms.get(term as usize) {
                found.entry(text.as_str()).or_default().push(file);
            }
        }
    }
    found
}

/// What the shards' writer reads of the assembled index.
pub(super) struct View<'v> {
    /// Term text, item numbers, score codes.
    pub terms: Vec<(&'v str, &'v [u32], &'v [u8])>,
    pub words: Vec<(&'v str, u32)>,
}

/// The term of a word that is only the last part of compounds ([`compounds`]).
pub(super) const NO_TERM: u32 = u32::MAX;

fn assembled_view<'v>(
    assembled: &'v Assembled,
    compounds: &HashMap<&'v str, Vec<u32>, FxBuildHasher>,
) -> View<'v> {
    let mut words: Vec<(&str, u32)> = assembled.words.iter().map(|(w, &t)| (&**w, t)).collect();
    let parts = compounds
        .keys()
        .filter(|w| !assembled.words.contains_key(**w));
    words.extend(parts.map(|&w| (w, NO_TERM)));
    words.sort_unstable();
    View {
        terms: assembled
            .terms
            .iter()
            .map(|(text, term)| (text.as_str(), &term.items[..], &term.codes[..]))
            .collect(),
        words,
    }
}

/// The key a word or term is filed under.
pub(super) fn key(word: &str) -> String {
    base(word)
}

pub(super) fn string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    json::contents(out, text);
    out.push(b'"');
}

pub(super) fn number(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}
