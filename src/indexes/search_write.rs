//! The JSON of the search index's files (see `search_shards` for what each holds), written
//! by hand with `itoa`: the shards of a large site hold millions of numbers.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use super::json;
use super::search::{EntryOf, FORMAT_VERSION, KINDS, STOPWORDS, kind_code};
use super::search_shards::{CHUNK, View, boundaries, fragment_text, key};
use crate::document::Document;
use crate::render::Theme;
use crate::render::views::Urls;
use crate::resolve::Site;

fn string(out: &mut Vec<u8>, text: &str) {
    out.push(b'"');
    json::contents(out, text);
    out.push(b'"');
}

fn number(out: &mut Vec<u8>, n: impl itoa::Integer) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

/// The shard files and the first key of each.
pub(super) fn shards(
    view: &View<'_>,
    compounds: &HashMap<&str, Vec<u32>, FxBuildHasher>,
) -> (Vec<String>, Vec<Vec<u8>>) {
    // What each key brings to its shard, to cut the shards at about the same size.
    let mut sized: BTreeMap<String, usize> = BTreeMap::new();
    for &(word, _) in &view.words {
        *sized.entry(key(word)).or_default() += word.len() * 2 + 16;
    }
    for &(term, items, _) in &view.terms {
        *sized.entry(key(term)).or_default() += term.len() + items.len() * 3;
    }
    let starts = boundaries(&sized);
    let shard_of = |k: &str| {
        starts
            .partition_point(|start| start.as_str() <= k)
            .saturating_sub(1)
    };
    let mut words: Vec<Vec<&(&str, u32)>> = vec![Vec::new(); starts.len()];
    for word in &view.words {
        if let Some(list) = words.get_mut(shard_of(&key(word.0))) {
            list.push(word);
        }
    }
    let mut terms: Vec<Vec<usize>> = vec![Vec::new(); starts.len()];
    for (n, &(term, _, _)) in view.terms.iter().enumerate() {
        if let Some(list) = terms.get_mut(shard_of(&key(term))) {
            list.push(n);
        }
    }
    let term_text = |t: u32| view.terms.get(t as usize).map_or("", |t| t.0);
    let files = words
        .par_iter()
        .zip(&terms)
        .map(|(words, terms)| {
            let mut out = Vec::with_capacity(SHARD_HINT);
            out.extend_from_slice(b"{\"w\":[");
            for (n, &&(word, term)) in words.iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                out.push(b'[');
                string(&mut out, word);
                out.push(b',');
                string(&mut out, term_text(term));
                if let Some(compound) = compounds.get(word) {
                    for &c in compound {
                        out.push(b',');
                        string(&mut out, term_text(c));
                    }
                }
                out.push(b']');
            }
            out.extend_from_slice(b"],\"t\":{");
            for (n, &t) in terms.iter().enumerate() {
                let Some(&(term, items, codes)) = view.terms.get(t) else {
                    continue;
                };
                if n > 0 {
                    out.push(b',');
                }
                string(&mut out, term);
                out.extend_from_slice(b":\"");
                postings(&mut out, items, codes);
                out.push(b'"');
            }
            out.extend_from_slice(b"}}");
            out
        })
        .collect();
    (starts, files)
}

const SHARD_HINT: usize = 32 * 1024;

/// The characters of a posting string, one per six bits: none needs escaping in JSON.
pub const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A term's postings as one string: per item, the gap from the item before in groups of five
/// bits, lowest first, each a [`DIGITS`] character with 32 added while more follow, then the
/// score's code (`search_postings::score_code`) as one character. As JSON numbers
/// (`gap,score,`) a posting took about seven bytes and a call to format each number; here it
/// takes two or three bytes and no formatting.
fn postings(out: &mut Vec<u8>, items: &[u32], codes: &[u8]) {
    out.reserve(items.len() * 3);
    let mut previous = 0;
    for (&item, &code) in items.iter().zip(codes) {
        gap(out, item.wrapping_sub(previous));
        out.push(digit(u32::from(code)));
        previous = item;
    }
}

fn digit(n: u32) -> u8 {
    DIGITS.get(n as usize & 63).copied().unwrap_or(b'A')
}

/// A number in five-bit groups, lowest first, each a [`DIGITS`] character with 32 added
/// while more follow.
fn gap(out: &mut Vec<u8>, mut gap: u32) {
    while gap >= 32 {
        out.push(digit((gap & 31) | 32));
        gap >>= 5;
    }
    out.push(digit(gap));
}

/// Ascending numbers as the gaps between them, in [`gap`]'s digits.
fn gaps(numbers: &[u32]) -> String {
    let mut out = Vec::with_capacity(numbers.len() * 2);
    let mut previous = 0;
    for &number in numbers {
        gap(&mut out, number.wrapping_sub(previous));
        previous = number;
    }
    // Only DIGITS were written.
    String::from_utf8(out).unwrap_or_default()
}

/// An item's section heading ("" for a document or a paragraph).
fn section_of(of: EntryOf, document: &Document) -> &str {
    match of {
        EntryOf::Item(n) => document
            .items
            .get(n)
            .map_or("", |i| i.section_title.as_str()),
        _ => "",
    }
}

/// An item's anchor ("" for its document), kind code and text for its snippet.
fn item_of(of: EntryOf, document: &Document) -> (&str, &'static str, String) {
    match of {
        EntryOf::Document => {
            let text = match &document.meta.subtitle {
                Some(subtitle) => subtitle.as_str(),
                None => fragment_text(document.plain_text.trim_start()).trim_end(),
            };
            ("", "d", text.to_string())
        }
        EntryOf::Item(n) => document
            .items
            .get(n)
            .map_or(("", "d", String::new()), |item| {
                let text = fragment_text(item.text.trim_start()).trim_end().to_string();
                (item.id.as_str(), kind_code(item.kind), text)
            }),
        EntryOf::Paragraph(n) => {
            document
                .paragraphs
                .get(n)
                .map_or(("", "p", String::new()), |paragraph| {
                    let text = format!(
                        "§{} {}",
                        paragraph.number,
                        fragment_text(paragraph.text.trim_start()).trim_end()
                    );
                    (paragraph.anchor.as_str(), "p", text)
                })
        }
    }
}

/// The result fragments: per chunk of [`CHUNK`] items, their documents
/// (`[url, title, organisation, kind, period]`) and the items (`[document, anchor, kind,
/// text, section heading if any]`).
pub(super) fn fragments(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    items: &[(usize, EntryOf)],
) -> Vec<Vec<u8>> {
    let organizations = organization_names(site);
    items
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut out = Vec::with_capacity(CHUNK * 300);
            out.extend_from_slice(b"{\"d\":{");
            let mut seen: Vec<usize> = Vec::new();
            for &(d, _) in chunk {
                if seen.contains(&d) {
                    continue;
                }
                let Some(document) = site.documents.get(d) else {
                    continue;
                };
                if !seen.is_empty() {
                    out.push(b',');
                }
                seen.push(d);
                let meta = &document.meta;
                out.push(b'"');
                number(&mut out, d);
                out.extend_from_slice(b"\":[");
                string(&mut out, &urls.doc(&document.path));
                out.push(b',');
                string(&mut out, &meta.title);
                out.push(b',');
                let organization = organizations.get(meta.organization.as_str());
                string(
                    &mut out,
                    organization.map_or(meta.organization.as_str(), |name| name),
                );
                out.push(b',');
                string(&mut out, theme.string(&format!("kind_{}", meta.kind)));
                out.push(b',');
                string(&mut out, &meta.period);
                out.push(b']');
            }
            out.extend_from_slice(b"},\"i\":[");
            for (n, &(d, of)) in chunk.iter().enumerate() {
                if n > 0 {
                    out.push(b',');
                }
                let (anchor, kind, text) = site
                    .documents
                    .get(d)
                    .map_or(("", "d", String::new()), |document| item_of(of, document));
                let section = site.documents.get(d).map_or("", |doc| section_of(of, doc));
                out.push(b'[');
                number(&mut out, d);
                out.push(b',');
                string(&mut out, anchor);
                out.push(b',');
                string(&mut out, kind);
                out.push(b',');
                string(&mut out, &text);
                if !section.is_empty() {
                    out.push(b',');
                    string(&mut out, section);
                }
                out.push(b']');
            }
            out.extend_from_slice(b"]}");
            out
        })
        .collect()
}

fn organization_names(site: &Site) -> HashMap<&str, &str, FxBuildHasher> {
    site.vocabulary
        .organizations
        .iter()
        .map(|o| (o.slug.as_str(), o.name.as_str()))
        .collect()
}

fn organization_name(site: &Site, slug: &str) -> String {
    site.vocabulary
        .organizations
        .iter()
        .find(|o| o.slug == slug)
        .map_or_else(|| slug.to_string(), |o| o.name.clone())
}

/// Per filter, its values as `(slug \u{1f} file name, label)`.
pub(super) type FilterValues = BTreeMap<&'static str, Vec<(String, String)>>;

/// One filter's values met so far, numbered as met, each with its items in order.
#[derive(Default)]
struct Values<'s> {
    numbers: HashMap<&'s str, usize, FxBuildHasher>,
    values: Vec<(&'s str, Vec<u32>)>,
}

impl<'s> Values<'s> {
    fn add(&mut self, value: &'s str, item: u32) {
        let number = self.number(value);
        self.push(number, item);
    }

    fn number(&mut self, value: &'s str) -> usize {
        let next = self.values.len();
        let number = *self.numbers.entry(value).or_insert(next);
        if number == next {
            self.values.push((value, Vec::new()));
        }
        number
    }

    fn push(&mut self, number: usize, item: u32) {
        // An item may name a topic twice (its own and its section's); a run holds it once.
        if let Some((_, items)) = self.values.get_mut(number)
            && items.last() != Some(&item)
        {
            items.push(item);
        }
    }
}

/// The filters: for the entry file, each filter's values (`[file name, label]`), and the
/// files, each value's items as `[first, count, first, count, …]`, firsts as gaps.
pub(super) fn filters(
    site: &Site,
    theme: &Theme,
    items: &[(usize, EntryOf)],
) -> (FilterValues, Vec<(String, Vec<u8>)>) {
    // Per filter, in the order of their names (the files' first letters): item kind,
    // document kind, organisation, topic. Values are borrowed, not copied per item.
    let mut values: [Values<'_>; 4] = Default::default();
    // A document's entries follow each other: its organisation and kind are looked up once.
    let mut current: Option<(usize, usize, usize)> = None;
    for (n, &(d, of)) in items.iter().enumerate() {
        let Some(document) = site.documents.get(d) else {
            continue;
        };
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        let [item_kinds, kinds, organizations, topics] = &mut values;
        let (organization, kind) = match current {
            Some((seen, organization, kind)) if seen == d => (organization, kind),
            _ => {
                let numbers = (
                    organizations.number(&document.meta.organization),
                    kinds.number(&document.meta.kind),
                );
                current = Some((d, numbers.0, numbers.1));
                numbers
            }
        };
        organizations.push(organization, n);
        kinds.push(kind, n);
        let (code, item_topics) = match of {
            EntryOf::Item(i) => document
                .items
                .get(i)
                .map_or(("d", &document.meta.topics), |i| {
                    (kind_code(i.kind), &i.topics)
                }),
            EntryOf::Paragraph(_) => ("p", &document.meta.topics),
            EntryOf::Document => ("d", &document.meta.topics),
        };
        item_kinds.add(code, n);
        for topic in item_topics {
            topics.add(topic, n);
        }
    }
    let label = |filter: &str, value: &str| -> String {
        match filter {
            "org" => organization_name(site, value),
            "kind" => theme.string(&format!("kind_{value}")).to_string(),
            "item" => KINDS
                .iter()
                .find(|(code, _)| *code == value)
                .map_or(value.to_string(), |(_, key)| theme.string(key).to_string()),
            _ => site
                .vocabulary
                .topics
                .iter()
                .find(|t| t.slug == value)
                .map_or_else(|| value.to_string(), |t| t.label.clone()),
        }
    };
    let mut vocabulary: BTreeMap<&'static str, Vec<(String, String)>> = BTreeMap::new();
    let mut files = Vec::new();
    for (filter, values) in ["item", "kind", "org", "topic"].into_iter().zip(values) {
        let mut labelled: Vec<(String, &str, Vec<u32>)> = values
            .values
            .into_iter()
            .map(|(value, items)| (label(filter, value), value, items))
            .collect();
        // By label, then by value: the order of the files does not depend on the order the
        // values were met in.
        labelled.sort_by(|a, b| {
            a.0.to_lowercase()
                .cmp(&b.0.to_lowercase())
                .then(a.1.cmp(b.1))
        });
        for (n, (label, value, items)) in labelled.into_iter().enumerate() {
            let name = format!("{}{n}", &filter[..1]);
            vocabulary
                .entry(filter)
                .or_default()
                .push((format!("{value}\u{1f}{name}"), label));
            files.push((name, ranges(&items)));
        }
    }
    (vocabulary, files)
}

/// Ascending numbers as `[first, count, …]` runs, each first as the gap from the end of the
/// run before.
fn ranges(items: &[u32]) -> Vec<u8> {
    // Runs as (first, end). A number again, or out of order, joins the run before: as a run
    // of its own its gap would wrap around to four billion, and every later item of the list
    // land past the end.
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &item in items {
        match runs.last_mut() {
            Some((_, end)) if item < *end => {}
            Some((_, end)) if item == *end => *end = end.saturating_add(1),
            _ => runs.push((item, item.saturating_add(1))),
        }
    }
    let mut out = vec![b'['];
    let mut previous = 0u32;
    for (n, &(first, end)) in runs.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        number(&mut out, first - previous);
        out.push(b',');
        number(&mut out, end - first);
        previous = end;
    }
    out.push(b']');
    out
}

/// The entry file, from what the other files' writers found.
pub(super) struct Manifest<'a> {
    /// The first key of each shard.
    pub boundaries: &'a [String],
    pub filters: &'a FilterValues,
    /// Per term of a topic's label or keywords, the filter files of the topics it finds.
    pub topics: BTreeMap<&'a str, Vec<&'a str>>,
    pub topic_score: f64,
    /// The number of each document's own entry.
    pub starts: &'a [u32],
    /// Which build the files are of.
    pub build: u64,
}

impl Manifest<'_> {
    /// The entry file of an index of `items` items.
    pub(super) fn write(&self, theme: &Theme, items: usize) -> Vec<u8> {
        let kinds: BTreeMap<&str, &str> = KINDS
            .iter()
            .map(|(code, key)| (*code, theme.string(key)))
            .collect();
        let filters: BTreeMap<&str, Vec<[&str; 3]>> = self
            .filters
            .iter()
            .map(|(filter, values)| {
                let values = values
                    .iter()
                    .map(|(value, label)| {
                        let (slug, file) = value.split_once('\u{1f}').unwrap_or((value, ""));
                        [slug, file, label.as_str()]
                    })
                    .collect();
                (*filter, values)
            })
            .collect();
        let manifest = serde_json::json!({
            "v": FORMAT_VERSION,
            "build": format!("{:016x}", self.build),
            "n": items,
            "chunk": CHUNK,
            "shards": self.boundaries,
            "stop": STOPWORDS,
            "kinds": kinds,
            "filters": filters,
            "topics": self.topics,
            "docs": gaps(self.starts),
            // Rounded: the score is a ranking weight, and its digits would only change the
            // build id.
            "topicScore": (self.topic_score * 1000.0).round() / 1000.0,
        });
        // A `Value` always serializes (its keys are strings; a score that is not finite
        // becomes null), so there is no failure to turn into an empty file here.
        manifest.to_string().into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postings_are_gaps_and_codes_in_six_bit_digits() {
        let mut out = Vec::new();
        postings(&mut out, &[0, 1, 33, 33 + 1024 * 32], &[5, 63, 0, 1]);
        // 0 → "A", code 5 → "F"; gap 1 → "B", 63 → "_"; gap 32 → (0 | 32) "g" then 1 "B",
        // 0 → "A"; gap 32768 = 0 + 0·32 + 0·32² + 1·32³ → "ggg" "B", 1 → "B".
        assert_eq!(String::from_utf8(out).unwrap(), "AFB_gBAgggBB");
        assert!(DIGITS.iter().all(|&d| !super::super::json::is_escaped(d)));
        assert_eq!(gaps(&[0, 22, 60]), "AWmB");
    }

    #[test]
    fn ranges_are_runs_with_gaps() {
        assert_eq!(ranges(&[0, 1, 2, 5, 6, 9]), b"[0,3,2,2,2,1]".to_vec());
        assert_eq!(ranges(&[]), b"[]".to_vec());
        assert_eq!(ranges(&[3, 3, 4, 4, 9]), b"[3,2,4,1]".to_vec());
    }
}
