//! A heading that is a result of its own ("Möten", "Klass") has the paragraphs under it as
//! its text on the page: a member typing a word written only there ("mötesordförande")
//! wants the section, not the whole strategy. Its body runs from its heading to the next
//! heading of the table of contents, or [`SECTION_BODY_BYTES`], whichever comes first, less
//! the items and numbered paragraphs in it, which are results of their own with those words.

use std::ops::Range;

/// The most of a text a heading's body takes: the paragraphs under it, not a whole
/// document when it has no heading after it.
const SECTION_BODY_BYTES: usize = 8 * 1024;

/// Per heading of `results` (positions in the table of contents, whose titles and where
/// they stand in `text` are `toc`), the terms of its body in `text`: those of `located`
/// (terms with where they start, in order) from the end of its title to the next heading's
/// start, outside `parts` (the ranges of the items and paragraphs, ordered by start), that
/// are in no other body and not `taken` (the document's title's, its items' and
/// paragraphs'). A heading not found where it stands has none.
///
/// So a section takes only words its document alone had, found by nothing else: a word
/// moves from the document to one section, posted once as before, and its document
/// frequency, which BM25 scores every entry by, stays as it was. Given to each section, the
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
) -> Vec<Vec<u32>> {
    if results.is_empty() {
        return Vec::new();
    }
    // Per term: 0 while in no body, a heading's place + 1 while in its body alone, TAKEN
    // once in two or taken. One pass, no sorting: the stage is over its time budget.
    const TAKEN: u32 = u32::MAX;
    let top = located
        .iter()
        .map(|&(_, t)| t as usize + 1)
        .max()
        .unwrap_or(0);
    let mut owner = vec![0u32; top];
    for &term in taken {
        if let Some(slot) = owner.get_mut(term as usize) {
            *slot = TAKEN;
        }
    }
    let mark_of = |place: usize| u32::try_from(place).unwrap_or(TAKEN - 1).saturating_add(1);
    let mut bodies: Vec<Vec<u32>> = Vec::with_capacity(results.len());
    for (place, &n) in results.iter().enumerate() {
        let mark = mark_of(place);
        let mut body = Vec::new();
        if let Some(range) = body_range(text, toc, n) {
            for term in outside_parts(located, parts, range) {
                match owner.get_mut(term as usize) {
                    Some(slot) if *slot == 0 => {
                        *slot = mark;
                        body.push(term);
                    }
                    Some(slot) if *slot != mark => *slot = TAKEN,
                    _ => {}
                }
            }
        }
        bodies.push(body);
    }
    for (place, body) in bodies.iter_mut().enumerate() {
        let mark = mark_of(place);
        body.retain(|&term| owner.get(term as usize) == Some(&mark));
    }
    bodies
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
        assert_eq!(bodies, vec![vec![10, 11, 14, 15], vec![17]]);
        // A heading missing from where it stands takes nothing.
        let toc = [("Saknas", 0), ("Klass", at("Klass"))];
        let bodies = section_bodies(text, &toc, &[0, 1], (&located, &[]), [].iter());
        assert_eq!(bodies, vec![vec![], vec![17]]);
        // Terms the document's title or items have stay theirs.
        let toc = [("Möten", 0), ("Klass", at("Klass"))];
        let bodies = section_bodies(text, &toc, &[0, 1], (&located, &item), [11, 17].iter());
        assert_eq!(bodies, vec![vec![10, 14, 15], vec![]]);
    }

    #[test]
    fn a_heading_is_where_it_stands_and_a_word_of_two_sections_is_neithers() {
        // "Klass" also stands in a list line above its heading.
        let text = "Fler Klass i en lista. Klass Arbetare.";
        let in_list = located(text, &[("lista", 0), ("Arbetare", 0)]);
        let toc = [("Fler", 0), ("Klass", text.rfind("Klass").unwrap_or(0))];
        let bodies = section_bodies(text, &toc, &[0, 1], (&in_list, &[]), [].iter());
        assert_eq!(bodies, vec![vec![10], vec![11]]);
        let text = "Möten Vi ses. Klass Vi med.";
        let mut twice = located(text, &[("Vi", 0), ("ses", 0), ("Vi", 10), ("med", 0)]);
        twice[2].1 = 10;
        let toc = [("Möten", 0), ("Klass", text.find("Klass").unwrap_or(0))];
        let bodies = section_bodies(text, &toc, &[0, 1], (&twice, &[]), [].iter());
        assert_eq!(bodies, vec![vec![11], vec![13]]);
    }
}
