//! Which commitments a quote is scored against: an inverted index from the candidates'
//! words to the candidates holding them, so that a quote meets only the candidates sharing a
//! word with it. Scoring every quote against every commitment made the match quadratic
//! (10,000 quotes of 10,000 commitments took 9 s).

use std::collections::HashMap;

use super::quotes::{Candidate, Wording};

/// A word held by more candidates than this names no commitment in particular ("att",
/// "och", "Vänsterpartiet", "kommer"): it does not make a candidate of every commitment
/// holding it, which would bring back the scan of every commitment for every quote. So a
/// quote is scored against at most this many candidates per word of it. The cost: a
/// commitment sharing only such words with a quote is not scored against it (identical
/// results on the bundled example and the 1,000- and 10,000-document benchmark corpora); a
/// quote whose every word is common meets the first of this many candidates of its rarest
/// word.
const COMMON_WORD: usize = 256;

pub(super) struct CandidateIndex<'a> {
    /// The candidates (positions in the list indexed) holding each word, ascending.
    postings: HashMap<&'a str, Vec<usize>>,
    /// The candidates without words: only a quote without words can match them.
    empty: Vec<usize>,
}

impl<'a> CandidateIndex<'a> {
    pub(super) fn new(candidates: &[Candidate<'a>]) -> CandidateIndex<'a> {
        let mut postings: HashMap<&'a str, Vec<usize>> = HashMap::new();
        let mut empty = Vec::new();
        for (n, candidate) in candidates.iter().enumerate() {
            let text: &'a Wording = candidate.text;
            if text.words.is_empty() {
                empty.push(n);
            }
            for i in 0..text.words.len() {
                postings.entry(text.word(i)).or_default().push(n);
            }
        }
        CandidateIndex { postings, empty }
    }

    /// The candidates that share an uncommon word with `quote` (or, when every word of it
    /// is common, its rarest), in the order of the list indexed, which decides ties. A
    /// candidate that shares no word with a quote cannot reach the threshold (its word
    /// overlap is nought, and the edit distance is computed only above an overlap), except
    /// that a quote without words matches a candidate without words.
    pub(super) fn candidates(&self, quote: &Wording) -> Vec<usize> {
        if quote.words.is_empty() {
            return self.empty.clone();
        }
        let held: Vec<&Vec<usize>> = (0..quote.words.len())
            .filter_map(|i| self.postings.get(quote.word(i)))
            .collect();
        let probed: Vec<&Vec<usize>> = held
            .iter()
            .copied()
            .filter(|holders| holders.len() <= COMMON_WORD)
            .collect();
        if probed.is_empty() {
            // Every word of the quote is common: the first holders of its rarest word, no
            // more than for an uncommon word. Taking them all made a quote meet every
            // commitment when thousands share one wording (5,000 alike took 8 s of CPU,
            // 20,000 would take minutes); those holders are the ones a tie goes to anyway.
            let rarest = held.iter().copied().min_by_key(|holders| holders.len());
            let mut found: Vec<usize> = rarest.map_or_else(Vec::new, |holders| {
                holders[..holders.len().min(COMMON_WORD)].to_vec()
            });
            // A candidate holding the word twice is listed twice.
            found.dedup();
            return found;
        }
        let mut found: Vec<usize> = probed.into_iter().flatten().copied().collect();
        found.sort_unstable();
        found.dedup();
        found
    }
}
