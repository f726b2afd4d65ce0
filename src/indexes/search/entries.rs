//! Every document, item and numbered paragraph turned into search terms, here, once per
//! document (memoized): the part of the index that depends on nothing but the document.

use std::hash::Hasher;
use std::sync::Arc;

use rayon::prelude::*;

use super::goal_bodies::{body_end, goal_bodies};
use super::section_bodies::{SectionBody, section_bodies};
use super::word_stems::{DocumentStems, DocumentWords, WordStems};
use crate::indexes::IndexMemo;
use crate::resolve::Site;

/// Each document's entries and their terms (stemming is most of the cost), from the memo or
/// worked out in parallel. They depend on nothing but the document, so the key is its
/// fingerprint.
pub(super) fn document_entries_of(site: &Site, memo: &IndexMemo) -> Vec<Arc<Vec<Entry>>> {
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
    /// From which of `terms` on they are posted aside from BM25's collection: a heading's
    /// section words that an earlier section of its document counts ([`SectionBody`]).
    aside_from: u32,
}

/// What a search entry is of: its document as a whole, or one of the document's items or
/// numbered paragraphs, by position. The memo keeps entries only while their document is
/// unchanged, so the positions stay right.
#[derive(Clone, Copy)]
pub(super) enum EntryOf {
    Document,
    Item(usize),
    Paragraph(usize),
    /// A heading of the document's table of contents, by its position there: a section
    /// is found by its title, linked to its anchor ([`result_headings`]).
    Heading(usize),
    /// The motions index page (`/motioner/`), and one of its motions by position
    /// (`super::pages`); their "document" is numbered after the site's documents.
    MotionsPage,
    Motion(usize),
}

/// The positions in the table of contents of the headings that are results of their own:
/// not a goal's heading (the goal is the result) nor a numbered paragraph's (the paragraph
/// is), nor one without words.
pub(super) fn result_headings(document: &crate::document::Document) -> Vec<usize> {
    if document.toc.is_empty() {
        return Vec::new();
    }
    // The headings' ids sorted, each item's and paragraph's looked up in them: a few
    // headings against dozens of items, where a set of the items' ids cost a hash and an
    // insertion per item of every document (a tenth of the search stage's growth).
    let mut ids: Vec<(&str, usize)> = (document.toc.iter().enumerate())
        .map(|(n, h)| (h.id.as_str(), n))
        .collect();
    ids.sort_unstable();
    let mut taken = vec![false; document.toc.len()];
    let parts = (document.items.iter().map(|i| i.id.as_str()))
        .chain(document.paragraphs.iter().map(|p| p.anchor.as_str()));
    for id in parts {
        let first = ids.partition_point(|&(heading, _)| heading < id);
        for &(_, n) in ids
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(|(h, _)| *h == id)
        {
            if let Some(slot) = taken.get_mut(n) {
                *slot = true;
            }
        }
    }
    (document.toc.iter().enumerate())
        .filter(|&(n, h)| {
            h.title.chars().any(char::is_alphanumeric) && !taken.get(n).is_some_and(|&t| t)
        })
        .map(|(n, _)| n)
        .collect()
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

    pub(super) fn aside_from(&self) -> u32 {
        self.aside_from
    }

    pub(super) fn of(&self) -> EntryOf {
        self.of
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
pub(super) fn find_from(text: &str, part: &str, from: usize) -> Option<usize> {
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
    // An item's paragraph is found by its number alone: its words find the item.
    let paragraphs: Vec<&str> = document
        .paragraphs
        .iter()
        .map(|p| if p.in_item { "" } else { p.text.as_str() })
        .collect();
    let headings = result_headings(document);
    let bodies = goal_bodies(document);
    let toc: Vec<(&str, usize)> = (document.toc.iter())
        .map(|h| (h.title.as_str(), h.text_at))
        .collect();
    let titles: Vec<&str> = (headings.iter())
        .filter_map(|&n| toc.get(n).map(|&(title, _)| title))
        .collect();
    let (stems, (terms, head, owns, asides)) = WORD_STEMS.with_borrow_mut(|words| {
        let mut words = words.next_document();
        let TermSets {
            sets: mut terms,
            head,
            titled,
            sections,
        } = term_sets(
            &mut words,
            (&head, &document.plain_text),
            &[&items, &paragraphs],
            Bodies {
                goals: &bodies,
                toc: &toc,
                headings: &headings,
            },
        );
        // A heading's words are the heading's: the document keeps them only in its title,
        // and finds them through the heading as through its items. A heading is a few words,
        // split on its own; its section's words follow, counted as a section's heading's.
        let heading_sets = short_term_sets(&mut words, &titles);
        let heading_owns: Vec<u32> = (heading_sets.iter())
            .map(|set| u32::try_from(set.len()).unwrap_or(u32::MAX))
            .collect();
        let first_heading = terms.len();
        let (heading_sets, heading_asides) = with_bodies(heading_sets, &sections);
        terms.extend(heading_sets);
        let sections = document.items.iter().map(|i| i.section_title.as_str());
        let parts = terms.get_mut(1..).unwrap_or_default();
        let mut owns = with_sections(&mut words, parts, sections, &titled);
        // The document's own entry: its length as it was, its terms less its parts'.
        owns.insert(0, terms.first().map_or(0, |t| t.len() as u32));
        owns.extend(paragraphs.iter().enumerate().map(|(n, _)| {
            let set = terms.get(1 + items.len() + n);
            set.map_or(0, |t| u32::try_from(t.len()).unwrap_or(u32::MAX))
        }));
        owns.extend(heading_owns);
        if let [whole, parts @ ..] = terms.as_mut_slice() {
            // A heading's shared words stay the document's ([`SectionBody`]).
            let asides = asides_of(first_heading - 1, &heading_asides);
            let parts = parts
                .iter()
                .zip(asides)
                .map(|(set, aside)| set.get(..aside as usize).unwrap_or(set));
            *whole = without_parts_terms(whole, head, parts);
        }
        let asides: Vec<u32> = asides_of(first_heading, &heading_asides).collect();
        (Arc::new(words.finish()), (terms, head, owns, asides))
    });
    let of = std::iter::once(EntryOf::Document)
        .chain((0..document.items.len()).map(EntryOf::Item))
        .chain((0..document.paragraphs.len()).map(EntryOf::Paragraph))
        .chain(headings.into_iter().map(EntryOf::Heading));
    of.zip(terms)
        .enumerate()
        .map(|(n, (of, terms))| Entry {
            of,
            stems: stems.clone(),
            own: owns
                .get(n)
                .copied()
                .unwrap_or_else(|| u32::try_from(terms.len()).unwrap_or(u32::MAX)),
            aside_from: asides.get(n).copied().unwrap_or(u32::MAX),
            terms,
            head: if n == 0 { head } else { 0 },
        })
        .collect()
}

/// A document's terms (`head` of them from its title and subtitle first) less those of its
/// items and paragraphs, but for the title's. A word of an item finds the item, and
/// `search.js` finds the item's document through it ([`super::postings`]): posted for
/// the document too, every word of the site was posted twice, and the document's postings
/// were four in ten of the index.
fn without_parts_terms<'p>(
    whole: &[u32],
    head: u32,
    parts: impl Iterator<Item = &'p [u32]>,
) -> Box<[u32]> {
    let mut covered = vec![false; whole.iter().max().map_or(0, |&t| t as usize + 1)];
    for &term in parts.flatten() {
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

/// Per entry from the document's own on, from which of its terms on they are posted aside
/// from BM25's collection: none for the `parts` entries before the first heading, then each
/// heading's of `headings`.
fn asides_of(parts: usize, headings: &[u32]) -> impl Iterator<Item = u32> + '_ {
    std::iter::repeat_n(u32::MAX, parts).chain(headings.iter().copied())
}

/// Appends to each item's terms those of its section's heading that are not its own, and
/// gives how many each item has of its own: all its terms, or (`titled`) the first so many,
/// a goal's heading's, before its body's, which count as its section's heading does. Here,
/// beside the text's words, a heading costs lookups in the words already stemmed; when the
/// index was put together it was tokenized and stemmed again for every item.
fn with_sections<'t>(
    words: &mut DocumentWords<'_>,
    items: &mut [Box<[u32]>],
    sections: impl Iterator<Item = &'t str>,
    titled: &[Option<u32>],
) -> Vec<u32> {
    let mut owns = Vec::with_capacity(items.len());
    // A section's items follow each other: its heading's terms are found once.
    let mut last: Option<(&str, Vec<u32>)> = None;
    let mut all: Vec<u32> = Vec::new();
    for (n, (terms, title)) in items.iter_mut().zip(sections).enumerate() {
        let own = titled.get(n).copied().flatten();
        owns.push(own.unwrap_or_else(|| u32::try_from(terms.len()).unwrap_or(u32::MAX)));
        if last.as_ref().is_none_or(|(seen, _)| *seen != title) {
            let mut heading = Vec::new();
            words.for_each_term(title, |term, _| heading.push(term));
            heading.sort_unstable();
            heading.dedup();
            last = Some((title, heading));
        }
        let heading = last.as_ref().map_or(&[][..], |(_, terms)| terms.as_slice());
        // Put together in a buffer for every item: one allocation for an item the heading
        // adds terms to, none for the others.
        all.clear();
        all.extend_from_slice(terms);
        all.extend(heading.iter().copied().filter(|term| !terms.contains(term)));
        if all.len() > terms.len() {
            *terms = all.as_slice().into();
        }
    }
    owns
}

/// Each of `sets` (a heading's terms) followed by those of its section's body not in it,
/// the body's counted terms before those it shares; and per set, from which of its terms on
/// they are shared (posted aside from BM25's collection).
fn with_bodies(sets: Vec<Box<[u32]>>, bodies: &[SectionBody]) -> (Vec<Box<[u32]>>, Vec<u32>) {
    let mut set = TermSet::default();
    let mut asides = Vec::with_capacity(sets.len());
    let sets = (sets.into_iter().enumerate())
        .map(|(n, own)| match bodies.get(n) {
            Some(body) if !body.counted.is_empty() || !body.shared.is_empty() => {
                set.start();
                own.iter()
                    .chain(&body.counted)
                    .for_each(|&term| set.add(term));
                asides.push(u32::try_from(set.terms.len()).unwrap_or(u32::MAX));
                body.shared.iter().for_each(|&term| set.add(term));
                set.take()
            }
            _ => {
                asides.push(u32::MAX);
                own
            }
        })
        .collect();
    (sets, asides)
}

/// The distinct terms of each of `texts`, each split on its own.
fn short_term_sets(words: &mut DocumentWords<'_>, texts: &[&str]) -> Vec<Box<[u32]>> {
    let mut set = TermSet::default();
    texts
        .iter()
        .map(|text| {
            set.start();
            words.for_each_term(text, |term, _| set.add(term));
            set.take()
        })
        .collect()
}

/// The distinct terms of a document's entry (its `head` and `text`), then of each of the
/// `parts` (its items' texts, its paragraphs'), in order. The parts' texts are mostly pieces
/// of `text`, so it is split into words once: a part found in it takes the terms found where
/// it lies, and only a part that is not is split on its own. Each list of parts is in the
/// order of `text`, so each is looked for after where the one before it starts. An item of
/// the first list with a body (`bodies`: the title of the heading that ends it) takes the
/// terms of the text after it too, up to the next part or that heading, after its own: per
/// item of the first list, how many terms are its own when it took a body's.
fn term_sets(
    words: &mut DocumentWords<'_>,
    (head, text): (&str, &str),
    parts: &[&[&str]],
    Bodies {
        goals: bodies,
        toc,
        headings,
    }: Bodies<'_>,
) -> TermSets {
    let mut set = TermSet::default();
    let mut sets = Vec::with_capacity(1 + parts.iter().map(|p| p.len()).sum::<usize>());
    set.start();
    words.for_each_term(head, |term, _| set.add(term));
    let head_terms = u32::try_from(set.terms.len()).unwrap_or(u32::MAX);
    // Every term of the text with where it starts, in order.
    let mut located = words.take_located();
    words.for_each_term(text, |term, start| {
        set.add(term);
        located.push((start, term));
    });
    sets.push(set.take());
    let mut ranges = Vec::new();
    let mut all_ranges = Vec::new();
    for (n, list) in parts.iter().enumerate() {
        let mut from = 0;
        for part in list.iter() {
            set.start();
            let range = locate(text, part, from);
            match &range {
                Some(range) => {
                    from = range.start;
                    add_located(&mut set, &located, range.clone());
                }
                None => words.for_each_term(part, |term, _| set.add(term)),
            }
            all_ranges.extend(range.clone());
            if n == 0 {
                ranges.push(range);
            }
            sets.push(set.take());
        }
    }
    let mut titled = vec![None; bodies.len()];
    for (item, stop) in bodies.iter().enumerate() {
        let (Some(stop), Some(Some(range))) = (stop, ranges.get(item)) else {
            continue;
        };
        let end = body_end(text, range.end, ranges.get(item + 1..), stop);
        if let Some(terms) = sets.get_mut(1 + item)
            && end > range.end
        {
            set.start();
            terms.iter().for_each(|&term| set.add(term));
            add_located(&mut set, &located, range.end..end);
            titled[item] = u32::try_from(terms.len()).ok();
            *terms = set.take();
        }
    }
    all_ranges.sort_unstable_by_key(|range| range.start);
    let title = (sets.first())
        .and_then(|set| set.get(..head_terms as usize))
        .unwrap_or_default();
    let taken = title.iter().chain(sets.iter().skip(1).flatten());
    let sections = section_bodies(text, toc, headings, (&located, &all_ranges), taken);
    words.keep_located(located);
    TermSets {
        sets,
        head: head_terms,
        titled,
        sections,
    }
}

/// What [`term_sets`] takes of the document's headings: per item, for a goal written as a
/// heading, the title of the heading that ends its body ([`goal_bodies`]); the table of
/// contents' titles with where they stand in the text; the headings that are results.
#[derive(Clone, Copy, Default)]
struct Bodies<'t> {
    goals: &'t [Option<&'t str>],
    toc: &'t [(&'t str, usize)],
    headings: &'t [usize],
}

/// What [`term_sets`] gives: the entry's terms then each part's, how many of the entry's
/// are its title's, and per item of the first list how many of its terms are its own when
/// it took a body's.
struct TermSets {
    sets: Vec<Box<[u32]>>,
    head: u32,
    titled: Vec<Option<u32>>,
    /// Per heading that is a result of its own, its section's terms
    /// ([`section_bodies`]).
    sections: Vec<SectionBody>,
}

/// Adds to `set` the terms of `located` (terms with where they start) starting in `range`.
fn add_located(set: &mut TermSet, located: &[(usize, u32)], range: std::ops::Range<usize>) {
    let first = located.partition_point(|&(start, _)| start < range.start);
    let end = located.partition_point(|&(start, _)| start < range.end);
    for &(_, term) in located.get(first..end).unwrap_or_default() {
        set.add(term);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexes::search::words::terms;

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
            &*without_parts_terms(&[0, 1, 2, 3, 4, 5, 6], 2, parts.iter().map(|p| &p[..])),
            [0, 1, 3, 4, 6]
        );
        assert!(without_parts_terms(&[], 0, parts.iter().map(|p| &p[..])).is_empty());
        assert_eq!(
            &*without_parts_terms(&[7, 1], 0, std::iter::empty()),
            [7, 1]
        );
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
        let owns = with_sections(&mut document, &mut items, sections.into_iter(), &[]);
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
    fn a_goals_heading_takes_its_body_up_to_the_next_part_or_heading() {
        let text = "Delmål 8: Spridning Vi använder mail och brev. Webbplattform Koppling \
                    Slutord här. Delmål 9: Sist Telefonkedja";
        let items: &[&str] = &["Delmål 8: Spridning", "Webbplattform", "Delmål 9: Sist"];
        let bodies = [Some("Koppling"), None, Some("")];
        let mut words = WordStems::default();
        let mut document = words.next_document();
        let TermSets { sets, titled, .. } = term_sets(
            &mut document,
            ("", text),
            &[items],
            Bodies {
                goals: &bodies,
                ..Bodies::default()
            },
        );
        // The heading's terms are its own; its body's count as its section's heading does.
        assert_eq!(titled, [Some(2), None, Some(2)]);
        let expected = vec![
            expected_terms(&[text]),
            expected_terms(&["Delmål 8: Spridning Vi använder mail och brev."]),
            expected_terms(&["Webbplattform"]),
            // The last heading's body runs to the text's end.
            expected_terms(&["Delmål 9: Sist Telefonkedja"]),
        ];
        assert_eq!(stems_of(document, &sets), expected);
        // Without an item after it, the body ends at the next heading.
        let mut document = words.next_document();
        let sets = term_sets(
            &mut document,
            ("", text),
            &[&items[..1]],
            Bodies {
                goals: &bodies,
                ..Bodies::default()
            },
        )
        .sets;
        let body =
            expected_terms(&["Delmål 8: Spridning Vi använder mail och brev. Webbplattform"]);
        assert_eq!(stems_of(document, &sets)[1], body);
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
            let TermSets {
                sets,
                head: head_terms,
                ..
            } = term_sets(
                &mut document,
                (head, text),
                &[items, paragraphs],
                Bodies::default(),
            );
            assert_eq!(head_terms as usize, expected_terms(&[head]).len());
            let mut expected = vec![expected_terms(&[head, text])];
            for part in items.iter().chain(paragraphs) {
                expected.push(expected_terms(&[part]));
            }
            assert_eq!(stems_of(document, &sets), expected);
        }
        let mut document = words.next_document();
        let sets = term_sets(&mut document, ("", ""), &[items], Bodies::default()).sets;
        let mut expected = vec![Vec::new()];
        expected.extend(items.iter().map(|item| expected_terms(&[item])));
        assert_eq!(stems_of(document, &sets), expected);
    }
}
