//! A heading that is a result of its own ("Möten", "Klass") has the paragraphs under it as
//! its text on the page: a member typing a word written only there ("mötesordförande")
//! wants the section, not the whole strategy. Its body runs from its heading to the next
//! heading of the table of contents, or [`SECTION_BODY_BYTES`], whichever comes first, less
//! the items and numbered paragraphs in it, which are results of their own with those words.

use std::ops::Range;

/// The most of a text a heading's body takes: the paragraphs under it, not a whole
/// document when it has no heading after it.
const SECTION_BODY_BYTES: usize = 8 * 1024;

/// The most sections a word of no item may stand in and still find them, once in each:
/// "2030" and "sympatisera" stand in two sections of the strategy ("Klass", "Den unga
/// generationen") and found only the whole document, while a word of a dozen sections
/// ("kommer" of every "Vänsterpartiet kommer att…") names none of them, and finds the
/// document, as does a word said again and again in two. Three sections cost the
/// 1,000-document site's shards 9 % (two 6 %, once in each 4 %; the bundled example's 1 %),
/// the generated sections repeating their words.
const SECTIONS_PER_WORD: u8 = 2;

/// A heading's section words ([`section_bodies`]): those that move to it from the document
/// (`counted`, in BM25's collection as the document's were), then those that it shares with
/// other sections (`shared`): the document keeps and counts them as before, and each section
/// posts them aside from the collection, not lengthening it.
#[derive(Debug, Default, PartialEq)]
pub(super) struct SectionBody {
    pub counted: Vec<u32>,
    pub shared: Vec<u32>,
}

/// Per heading of `results` (positions in the table of contents, whose titles and where
/// they stand in `text` are `toc`), the terms of its body in `text`: those of `located`
/// (terms with where they start, in order) from the end of its title to the next heading's
/// start, outside `parts` (the ranges of the items and paragraphs, ordered by start), that
/// are in one body, or once in each of at most [`SECTIONS_PER_WORD`], and not `taken` (the document's title's, its
/// items' and paragraphs'). A heading not found where it stands has none.
///
/// So a section takes only words its document alone had, found by nothing else: a word of
/// one section moves from the document to it, posted once as before, so its document
/// frequency, which BM25 scores every entry by, stays as it was; a word of two sections
/// stays the document's, and each of them posts it aside from the collection (counted, their
/// longer sections fell: "regionnivå" listed "Del 3" below ten items that say
/// "distrikt"). Given to each section, the
/// words of several sections outnumbered a short item's, and a question's filler words
/// ("hur ofta kommer medlemsbladet") listed a dozen sections that say "ofta" and "kommer"
/// before the activity that says "medlemsblad". (Looked for in the text from the heading
/// before, "Fler aktiva medlemmar" was found in a list line above its heading, and the
/// section after it took the words of three.)
pub(super) fn section_bodies<'t>(
    text: &str,
    toc: &[(&str, usize)],
    results: &[usize],
    (located, parts): (&[(usize, u32)], &[Range<usize>]),
    taken: impl Iterator<Item = &'t u32>,
) -> Vec<SectionBody> {
    if results.is_empty() {
        return Vec::new();
    }
    // Per term: the place + 1 of the last body that took it (0 while none), and in how many
    // bodies it stands, TAKEN when taken. One pass, no sorting: the stage is
    // over its time budget.
    const TAKEN: u8 = u8::MAX;
    let top = located
        .iter()
        .map(|&(_, t)| t as usize + 1)
        .max()
        .unwrap_or(0);
    let mut last = vec![0u32; top];
    let mut count = vec![0u8; top];
    let mut occurrences = vec![0u8; top];
    for &term in taken {
        if let Some(slot) = count.get_mut(term as usize) {
            *slot = TAKEN;
        }
    }
    let mark_of = |place: usize| {
        u32::try_from(place)
            .unwrap_or(u32::MAX - 1)
            .saturating_add(1)
    };
    let mut bodies: Vec<Vec<u32>> = Vec::with_capacity(results.len());
    for (place, &n) in results.iter().enumerate() {
        let mark = mark_of(place);
        let mut body = Vec::new();
        if let Some(range) = body_range(text, toc, n) {
            for term in outside_parts(located, parts, range) {
                let t = term as usize;
                if let Some(slot) = occurrences.get_mut(t) {
                    *slot = slot.saturating_add(1);
                }
                let (Some(seen), Some(times)) = (last.get_mut(t), count.get(t)) else {
                    continue;
                };
                if *seen == mark || *times == TAKEN {
                    continue;
                }
                *seen = mark;
                if let Some(slot) = count.get_mut(t) {
                    *slot = slot.saturating_add(1).min(TAKEN - 1);
                }
                body.push(term);
            }
        }
        bodies.push(body);
    }
    (bodies.into_iter())
        .map(|body| {
            let mut section = SectionBody::default();
            for term in body {
                let t = term as usize;
                if count.get(t).is_none_or(|&c| c > SECTIONS_PER_WORD) {
                    continue;
                }
                match (count.get(t), occurrences.get(t)) {
                    (Some(1), _) => section.counted.push(term),
                    (_, Some(&n)) if n <= SECTIONS_PER_WORD => section.shared.push(term),
                    _ => {}
                }
            }
            section
        })
        .collect()
}

/// Where the body of heading `n` of `toc` lies in `text`: from the end of its title, which
/// stands where `toc` says or right after the space that ends the block before (a title
/// that does not is not searched for: for each of 20,000 headings that cost a look through
/// the text after it), to the next heading or [`SECTION_BODY_BYTES`].
fn body_range(text: &str, toc: &[(&str, usize)], n: usize) -> Option<Range<usize>> {
    let &(title, from) = toc.get(n)?;
    let start = [from, from + 1].into_iter().find(|&start| {
        text.get(start..)
            .is_some_and(|rest| rest.starts_with(title))
    })?;
    let head = start + title.len();
    let next = (toc.get(n + 1..).unwrap_or_default().iter())
        .map(|&(_, start)| start)
        .find(|&start| start >= head);
    let end = next
        .unwrap_or(text.len())
        .min(head.saturating_add(SECTION_BODY_BYTES));
    Some(head..end)
}

/// The terms of `located` starting in `range` and in none of `parts`.
fn outside_parts(
    located: &[(usize, u32)],
    parts: &[Range<usize>],
    range: Range<usize>,
) -> Vec<u32> {
    let first = located.partition_point(|&(start, _)| start < range.start);
    let mut part = parts.partition_point(|p| p.end <= range.start);
    let mut terms = Vec::new();
    for &(start, term) in located.get(first..).unwrap_or_default() {
        if start >= range.end {
            break;
        }
        while parts.get(part).is_some_and(|p| p.end <= start) {
            part += 1;
        }
        if parts.get(part).is_none_or(|p| p.start > start) {
            terms.push(term);
        }
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each of `words` with where it first stands in `text` after `from`, numbered from 10.
    fn located(text: &str, words: &[(&str, usize)]) -> Vec<(usize, u32)> {
        (words.iter().enumerate())
            .map(|(n, &(word, from))| {
                let at = text.get(from..).and_then(|rest| rest.find(word));
                (at.map_or(usize::MAX, |at| at + from), n as u32 + 10)
            })
            .collect()
    }

    #[test]
    fn a_heading_takes_the_words_up_to_the_next_heading_outside_items() {
        let text = "Möten Vi behöver en mötesordförande. Mål ett. Mer text. Klass Arbetare.";
        let words = [
            "Vi",
            "mötesordförande",
            "Mål",
            "ett",
            "Mer",
            "text",
            "Klass",
            "Arbetare",
        ];
        let words: Vec<(&str, usize)> = words.iter().map(|&w| (w, 0)).collect();
        let located = located(text, &words);
        let at = |word: &str| text.find(word).unwrap_or(0);
        let item: [Range<usize>; 1] = [Range {
            start: at("Mål"),
            end: at("ett.") + 3,
        }];
        let toc = [("Möten", 0), ("Klass", at("Klass"))];
        let bodies = section_bodies(text, &toc, &[0, 1], (&located, &item), [].iter());
        // "Mål ett" is an item's: its words are the item's, not the section's.
        assert_eq!(counted(&bodies), vec![vec![10, 11, 14, 15], vec![17]]);
        // A heading missing from where it stands takes nothing.
        let toc = [("Saknas", 0), ("Klass", at("Klass"))];
        let bodies = section_bodies(text, &toc, &[0, 1], (&located, &[]), [].iter());
        assert_eq!(counted(&bodies), vec![vec![], vec![17]]);
        // Terms the document's title or items have stay theirs.
        let toc = [("Möten", 0), ("Klass", at("Klass"))];
        let bodies = section_bodies(text, &toc, &[0, 1], (&located, &item), [11, 17].iter());
        assert_eq!(counted(&bodies), vec![vec![10, 14, 15], vec![]]);
    }

    #[test]
    fn a_heading_is_where_it_stands() {
        // "Klass" also stands in a list line above its heading.
        let text = "Fler Klass i en lista. Klass Arbetare.";
        let in_list = located(text, &[("lista", 0), ("Arbetare", 0)]);
        let toc = [("Fler", 0), ("Klass", text.rfind("Klass").unwrap_or(0))];
        let bodies = section_bodies(text, &toc, &[0, 1], (&in_list, &[]), [].iter());
        assert_eq!(counted(&bodies), vec![vec![10], vec![11]]);
    }

    /// A word of two sections, once in each, finds both, aside from BM25's collection: "2030"
    /// of "Klass" and "Den unga generationen" found only the strategy. A word of more
    /// sections than [`SECTIONS_PER_WORD`], or said again in one, stays the document's.
    #[test]
    fn a_word_of_two_sections_finds_both_aside_from_the_collection() {
        let text = "A år 2030 ett. B år 2030 två. C år tre. D år fyra.";
        let words = [
            ("år", 0),
            ("2030", 0),
            ("ett", 0),
            ("två", 0),
            ("tre", 0),
            ("fyra", 0),
        ];
        let mut terms = located(text, &words);
        // Each further "år" and "2030" is the same term as the first.
        for (word, term) in [("år", 10), ("2030", 11)] {
            let mut from = 0;
            while let Some(at) = text.get(from..).and_then(|rest| rest.find(word)) {
                terms.push((from + at, term));
                from += at + word.len();
            }
        }
        terms.sort_unstable();
        terms.dedup();
        let toc: Vec<(&str, usize)> = ["A ", "B ", "C ", "D "]
            .iter()
            .map(|&h| (&h[..1], text.find(h).unwrap_or(0)))
            .collect();
        let bodies = section_bodies(text, &toc, &[0, 1, 2, 3], (&terms, &[]), [].iter());
        // "år" stands in four sections: none has it. "2030" is shared by A and B.
        assert_eq!(
            counted(&bodies),
            vec![vec![12], vec![13], vec![14], vec![15]]
        );
        let shared: Vec<&[u32]> = bodies.iter().map(|b| b.shared.as_slice()).collect();
        assert_eq!(shared, vec![&[11][..], &[11], &[], &[]]);
        // Said twice in one of the two, "2030" is the document's.
        let mut again = terms.clone();
        again.push((text.find("två").unwrap_or(0), 11));
        again.sort_unstable();
        let bodies = section_bodies(text, &toc, &[0, 1, 2, 3], (&again, &[]), [].iter());
        assert!(bodies.iter().all(|b| b.shared.is_empty()));
    }

    fn counted(bodies: &[SectionBody]) -> Vec<Vec<u32>> {
        bodies.iter().map(|b| b.counted.clone()).collect()
    }
}
