//! The postings' scores: BM25 with field weights, each as a code of one character of the
//! posting string (`search.js` turns a code back into its score).

use super::postings::Term;

/// BM25's parameters.
const K1: f64 = 1.2;

const B: f64 = 0.75;

/// Where a posting's word stands in its item, and how much it counts there.
#[derive(Clone, Copy)]
pub(super) enum Weight {
    /// A word of a document's title or subtitle.
    Title = 0,
    /// A word of the entry's own text.
    Text = 1,
    /// A word of the heading of an item's section.
    Section = 2,
    /// A word of the label or `keywords` of an item's topics.
    Topic = 3,
    /// A word of a heading that is a result of its own.
    Heading = 4,
}

impl Weight {
    pub(super) fn of(code: u8) -> f64 {
        match code {
            0 => 3.0,
            2 => 0.5,
            3 => 0.15,
            4 => 2.5,
            _ => 1.0,
        }
    }
}

/// The score codes run from [`SCORE_LOW`] up in steps of [`SCORE_STEP`] (a ratio), one
/// character of the posting string each (`search.js` turns a code back into its score).
pub const SCORE_LOW: f64 = 0.02;

pub const SCORE_STEP: f64 = 1.12;

/// How many codes there are: one character of [`super::shards::DIGITS`].
pub const SCORE_CODES: u8 = 64;

/// A score as its code (what [`score`] works out faster): the nearest step of the logarithmic scale, which keeps the ranking's
/// proportions (a step is 12 %) in one byte, where tenths as JSON numbers took up to six.
#[cfg(test)]
fn score_code(score: f64) -> u8 {
    code_of_steps((score / SCORE_LOW).ln() / SCORE_STEP.ln())
}

/// The code of a score `steps` steps of [`SCORE_STEP`] above [`SCORE_LOW`].
fn code_of_steps(steps: f64) -> u8 {
    // NaN (no such score) becomes 0 through `as`.
    steps.round().clamp(0.0, f64::from(SCORE_CODES - 1)) as u8
}

/// The score of a topic's label or keyword in an item of the topic: BM25 of a word of
/// [`Weight::Topic`] in an item of average length, as rare as one topic's share of the items.
pub(super) fn topic_score(lengths: &[usize], topics: usize) -> f64 {
    let count = lengths.len().max(1) as f64;
    let df = count / topics.max(1) as f64;
    let idf = (1.0 + (count - df + 0.5) / (df + 0.5)).ln();
    let tf = Weight::of(Weight::Topic as u8);
    idf * tf * (K1 + 1.0) / (tf + K1)
}

/// How many of the entries `is_counted` says to count, and their average length: BM25's
/// collection. The headings (a few words each) and the motions page are left out, so that
/// their being results leaves every other entry's scores as they were: counted, they shifted
/// the idf and the average length, and ties between items' codes came out otherwise
/// ("medlemmarnas" fell from 3rd to 17th).
pub(super) fn counted(lengths: &[usize], is_counted: impl Fn(usize) -> bool) -> (f64, f64) {
    let (sum, count) = (lengths.iter().enumerate())
        .filter(|&(n, _)| is_counted(n))
        .fold((0usize, 0usize), |(sum, count), (_, &len)| {
            (sum + len, count + 1)
        });
    (count as f64, sum as f64 / count.max(1) as f64)
}

/// BM25 of each posting, with a term counted once per item (items are short, and a
/// document's length already tells its weight), weighted by where it stands ([`Weight`]).
/// `lengths` is each item's number of distinct terms.
///
/// A score is the term's idf times a part that depends on the item and the weight alone, so
/// its code is the idf's logarithm plus that part's, in steps: the parts' logarithms are
/// worked out once per item and weight, and a posting costs an addition, not a logarithm.
/// `counted` is the number of entries and their average length with the headings and the
/// motions page left out ([`counted`]).
pub(super) fn score(terms: &mut [(String, Term)], lengths: &[usize], counted: (f64, f64)) {
    use rayon::prelude::*;
    let (count, average) = (counted.0.max(1.0), counted.1.max(1.0));
    let step = SCORE_STEP.ln();
    // Per item, per weight code: ln(tf·(k1+1) / (tf + k1·(1 − b + b·len/avg))) in steps.
    let parts: Vec<[f32; 5]> = lengths
        .par_iter()
        .map(|&len| {
            let norm = |len: f64| K1 * (1.0 - B + B * len / average);
            std::array::from_fn(|code| {
                let tf = Weight::of(code as u8);
                // A title is a short field of its own (BM25F): its words are not weighed
                // down by the length of the document's text, which put a document below
                // its items for its own title ("Tillsammans för jämlikhet").
                // A heading is scored as a title of average length at two thirds of a
                // title's weight: a section named as the query comes near the top, below
                // the document of that title (scored by its own length, a heading of one
                // word ranked above the document).
                let len = match code {
                    0 => (len as f64).min(average),
                    4 => average,
                    _ => len as f64,
                };
                ((tf * (K1 + 1.0) / (tf + norm(len))).ln() / step) as f32
            })
        })
        .collect();
    let low = SCORE_LOW.ln() / step;
    // Scored in parallel: a term's scores depend on nothing but its postings.
    terms.par_iter_mut().for_each(|(_, term)| {
        let df = term.items.len().saturating_sub(term.aside as usize).max(1) as f64;
        let idf = (1.0 + (count - df + 0.5) / (df + 0.5)).ln();
        let base = idf.ln() / step - low;
        for (code, &item) in term.codes.iter_mut().zip(&term.items) {
            let part = parts
                .get(item as usize)
                .and_then(|parts| parts.get(usize::from(*code)))
                .map_or(f64::NAN, |&part| f64::from(part));
            *code = code_of_steps(base + part);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::indexes::search::postings::Term;

    #[test]
    fn score_codes_keep_the_order_of_scores() {
        let scores = [0.001, 0.02, 0.1, 0.5, 1.0, 1.2, 3.0, 10.0, 30.0, 1e9];
        let codes: Vec<u8> = scores.iter().map(|&s| score_code(s)).collect();
        assert!(codes.windows(2).all(|w| w[0] <= w[1]), "{codes:?}");
        assert_eq!(codes.first(), Some(&0));
        assert_eq!(codes.last(), Some(&(SCORE_CODES - 1)));
        // A code's score is within half a step of the score it stands for.
        for score in [0.1, 0.5, 1.0, 3.0, 10.0] {
            let back = SCORE_LOW * SCORE_STEP.powi(i32::from(score_code(score)));
            assert!((back / score).ln().abs() <= SCORE_STEP.ln() / 2.0 + 1e-9);
        }
        assert_eq!(score_code(f64::NAN), 0);
    }

    #[test]
    fn scores_through_the_item_table_are_bm25_in_codes() {
        let lengths = [1, 3, 10, 50, 400];
        let weights = [
            Weight::Title,
            Weight::Text,
            Weight::Section,
            Weight::Topic,
            Weight::Heading,
        ];
        let mut terms: Vec<(String, Term)> = (1..=5)
            .map(|df| {
                let items: Vec<u32> = (0..df).collect();
                let codes = items
                    .iter()
                    .map(|&i| weights[i as usize % 5] as u8)
                    .collect();
                (
                    format!("t{df}"),
                    Term {
                        items,
                        codes,
                        aside: 0,
                    },
                )
            })
            .collect();
        let expected: Vec<Vec<u8>> = terms
            .iter()
            .map(|(_, term)| {
                let (count, average) = (5.0, 464.0 / 5.0);
                let df = term.items.len() as f64;
                let idf = (1.0 + (count - df + 0.5) / (df + 0.5)).ln();
                term.items
                    .iter()
                    .zip(&term.codes)
                    .map(|(&item, &code)| {
                        let tf = Weight::of(code);
                        let len = lengths[item as usize] as f64;
                        // A title as a field of its own: no longer than average; a
                        // heading as of average length.
                        let len = match code {
                            0 => len.min(average),
                            4 => average,
                            _ => len,
                        };
                        let norm = K1 * (1.0 - B + B * len / average);
                        score_code(idf * tf * (K1 + 1.0) / (tf + norm))
                    })
                    .collect()
            })
            .collect();
        score(&mut terms, &lengths, counted(&lengths, |_| true));
        for ((_, term), expected) in terms.iter().zip(&expected) {
            // f32 parts may land a score just over a rounding edge: one step at most.
            for (&got, &want) in term.codes.iter().zip(expected) {
                assert!(got.abs_diff(want) <= 1, "{got} against {want}");
            }
        }
        let exact = terms
            .iter()
            .zip(&expected)
            .all(|((_, term), expected)| &term.codes == expected);
        assert!(exact, "every code the same here");
    }
}
