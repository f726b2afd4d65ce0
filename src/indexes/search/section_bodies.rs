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
/// start, outside `parts` (the ranges of the items and paragraphs, ordered by start). A
/// heading not found where it stands has none. (Looked for in the text from the heading
/// before, "Fler aktiva medlemmar" was found in a list line above its heading, and the
/// section after it took the words of three.)
pub(super) fn section_bodies(
    text: &str,
    toc: &[(&str, usize)],
    results: &[usize],
    located: &[(usize, u32)],
    parts: &[Range<usize>],
) -> Vec<Vec<u32>> {
    if results.is_empty() {
        return Vec::new();
    }
    let at: Vec<Option<Range<usize>>> = (toc.iter())
        .map(|&(title, from)| {
            // Right there, or after the space that ends the block before: a title that is
            // not (were the heading's text another than its title) is not searched for,
            // which for each of 20,000 headings would cost a look through the text after it.
            let start = [from, from + 1].into_iter().find(|&start| {
                text.get(start..)
                    .is_some_and(|rest| rest.starts_with(title))
            })?;
            Some(start..start + title.len())
        })
        .collect();
    let mut bodies: Vec<Vec<u32>> = (results.iter())
        .map(|&n| {
            let Some(Some(head)) = at.get(n) else {
                return Vec::new();
            };
            let next = (toc.get(n + 1..).unwrap_or_default().iter())
                .map(|&(_, start)| start)
                .find(|&start| start >= head.end);
            let end = next
                .unwrap_or(text.len())
                .min(head.end.saturating_add(SECTION_BODY_BYTES));
            let mut terms = outside_parts(located, parts, head.end..end);
            terms.sort_unstable();
            terms.dedup();
            terms
        })
        .collect();
    only_one_sections(&mut bodies);
    bodies
}

/// Leaves out of each body the terms of `taken` (those of the document's title, items and
/// paragraphs): a section takes only words its document alone had, found by nothing else.
/// So a word moves from the document to one section, posted once as before, and its
/// document frequency, which BM25 scores every entry by, stays as it was.
pub(super) fn without_taken<'t>(bodies: &mut [Vec<u32>], taken: impl Iterator<Item = &'t u32>) {
    let top = bodies.iter().flatten().max().map_or(0, |&t| t as usize + 1);
    let mut covered = vec![false; top];
    for &term in taken {
        if let Some(slot) = covered.get_mut(term as usize) {
            *slot = true;
        }
    }
    for body in bodies.iter_mut() {
        body.retain(|&term| !covered.get(term as usize).is_some_and(|&c| c));
    }
}

/// Keeps in each body the terms no other body has. A word of several sections stays the
/// document's, found once: given to each section, the sections' words outnumbered a short
/// item's, and a question's filler words ("hur ofta kommer medlemsbladet") listed a dozen
/// sections that say "ofta" and "kommer" before the activity that says "medlemsblad"; and
/// each such word was posted once per section rather than once.
fn only_one_sections(bodies: &mut [Vec<u32>]) {
    let top = bodies.iter().flatten().max().map_or(0, |&t| t as usize + 1);
    let mut seen = vec![0u8; top];
    for &term in bodies.iter().flatten() {
        if let Some(count) = seen.get_mut(term as usize) {
            *count = count.saturating_add(1);
        }
    }
    for body in bodies.iter_mut() {
        body.retain(|&term| seen.get(term as usize) == Some(&1));
    }
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
        let item = at("Mål")..at("ett.") + 3;
        let toc = [("Möten", 0), ("Klass", at("Klass"))];
        let bodies = section_bodies(text, &toc, &[0, 1], &located, &[item]);
        // "Mål ett" is an item's: its words are the item's, not the section's.
        assert_eq!(bodies, vec![vec![10, 11, 14, 15], vec![17]]);
        // A heading missing from where it stands takes nothing.
        let toc = [("Saknas", 0), ("Klass", at("Klass"))];
        let bodies = section_bodies(text, &toc, &[0, 1], &located, &[]);
        assert_eq!(bodies, vec![vec![], vec![17]]);
        // Terms the document's title or items have stay theirs.
        let mut bodies = vec![vec![10, 11, 14], vec![17]];
        without_taken(&mut bodies, [11, 17].iter());
        assert_eq!(bodies, vec![vec![10, 14], vec![]]);
    }

    #[test]
    fn a_heading_is_where_it_stands_and_a_word_of_two_sections_is_neithers() {
        // "Klass" also stands in a list line above its heading.
        let text = "Fler Klass i en lista. Klass Arbetare.";
        let in_list = located(text, &[("lista", 0), ("Arbetare", 0)]);
        let toc = [("Fler", 0), ("Klass", text.rfind("Klass").unwrap_or(0))];
        let bodies = section_bodies(text, &toc, &[0, 1], &in_list, &[]);
        assert_eq!(bodies, vec![vec![10], vec![11]]);
        let text = "Möten Vi ses. Klass Vi med.";
        let mut twice = located(text, &[("Vi", 0), ("ses", 0), ("Vi", 10), ("med", 0)]);
        twice[2].1 = 10;
        let toc = [("Möten", 0), ("Klass", text.find("Klass").unwrap_or(0))];
        let bodies = section_bodies(text, &toc, &[0, 1], &twice, &[]);
        assert_eq!(bodies, vec![vec![11], vec![13]]);
    }
}
