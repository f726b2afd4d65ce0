//! Matching the commission report's quotes to the strategy document's commitments. The
//! report quotes the adopted wording, sometimes with small differences (capitalisation, a
//! full stop, a word changed by an amendment), so matching compares normalised text by
//! similarity rather than equality, and a quote that matches nothing is a warning.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, ItemKind};

use super::ResolveMemo;
use super::quote_index::CandidateIndex;

/// Below this similarity a quote is reported as matching nothing. Calibrated on the bundled
/// report (pinned by the `bundled_example` test): its 33 quotes score 0.93 or more against the
/// commitments they quote, and at most 0.53 against any candidate without them.
const MATCH_THRESHOLD: f64 = 0.75;

#[derive(Debug, Clone, Serialize)]
pub struct QuoteMatch {
    pub doc: String,
    /// The commitment ids the quote quotes, in document order: usually one, two when the
    /// report joins consecutive commitments into one sentence.
    pub commitments: Vec<String>,
    /// Similarity in 0..=1, 1 for identical normalised text.
    pub score: f64,
}

/// Motion references (`(E11:2)`, `(PS svar till E31)`) mark where the adopted text was
/// amended; they are not part of the wording a report quotes.
static MOTION_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    let motion = r"(?:PS svar till )?E\d+(?::\d+)?";
    Regex::new(&format!(r"\(\s*{motion}(?:\s*,\s*{motion})*\s*\)"))
        .unwrap_or_else(|error| panic!("static pattern is valid: {error}"))
});

/// Lowercase words without punctuation or motion references, so "Våga testa olika … och
/// finansiera det." and "våga testa olika … och finansiera det (E2:1)" compare equal.
pub fn normalize_for_matching(text: &str) -> String {
    let without_motions = MOTION_REFERENCE.replace_all(text, " ");
    let cleaned: String = without_motions
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '%' {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every report's quote matches (by the report's index), with a warning for each quote that
/// matches nothing. Both are kept in the memo per report, under a key of the report's
/// fingerprint and those of the documents whose commitments it was matched against (the ones
/// it declares it implements, or else every document with commitments), since a match
/// depends on nothing else: a report whose part is the same `Arc` as last time has the same
/// matches.
pub(super) fn match_quotes(
    documents: &[Arc<Document>],
    fingerprints: &[u64],
    by_path: &HashMap<String, usize>,
    memo: &ResolveMemo,
) -> Vec<(usize, Arc<ReportMatches>)> {
    let parts: Vec<Arc<DocumentCandidates>> = documents
        .par_iter()
        .zip(fingerprints.par_iter())
        .map(|(document, &fingerprint)| {
            memo.candidates.get_or_insert(
                &document.path,
                || memo.keys.hasher(fingerprint).finish(),
                || document_candidates(document),
            )
        })
        .collect();
    let all_commitments = gather(&parts);
    let candidate_key = |docs: &mut dyn Iterator<Item = usize>| {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for d in docs.filter(|&d| !parts[d].is_empty()) {
            (&documents[d].path, fingerprints[d]).hash(&mut hasher);
        }
        hasher.finish()
    };
    let every_document = candidate_key(&mut (0..documents.len()));
    // Built on the first report matched: a rebuild whose reports are all as they were
    // matches none.
    let index = std::sync::OnceLock::new();
    documents
        .par_iter()
        .enumerate()
        .filter(|(_, document)| document.items.iter().any(|i| i.kind == ItemKind::Quote))
        .map(|(r, document)| {
            // A report that declares what it implements is matched against those documents only.
            let mut declared: Vec<usize> = document
                .meta
                .implements
                .iter()
                .filter_map(|r| crate::markdown::parse_link_target(&r.target))
                .filter_map(|t| by_path.get(&t.doc).copied())
                .collect();
            declared.sort_unstable();
            declared.dedup();
            let key = || {
                let candidates_key = if declared.is_empty() {
                    every_document
                } else {
                    candidate_key(&mut declared.iter().copied())
                };
                let mut hasher = memo.keys.hasher(fingerprints[r]);
                candidates_key.hash(&mut hasher);
                hasher.finish()
            };
            let part = memo.quotes.get_or_insert(&document.path, key, || {
                let commitments = Commitments {
                    all: &all_commitments,
                    index: index.get_or_init(|| CandidateIndex::new(&all_commitments)),
                    declared: &declared,
                };
                match_report(document, &commitments, documents)
            });
            (r, part)
        })
        .collect()
}

/// The matches of one report's quotes, and the warnings for those that match nothing.
pub struct ReportMatches {
    /// ((report, quote id), its match).
    pub(super) matches: Vec<((String, String), QuoteMatch)>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

/// What a report's quotes are matched against: every candidate of the site, indexed by
/// word, and the documents the report declares it implements (sorted; empty for all).
struct Commitments<'c, 'a> {
    all: &'c [Candidate<'a>],
    index: &'c CandidateIndex<'a>,
    declared: &'c [usize],
}

impl<'c, 'a> Commitments<'c, 'a> {
    /// The candidates `quote` may match, in the order of the site's list.
    fn for_quote(&self, quote: &Wording) -> Vec<&'c Candidate<'a>> {
        self.index
            .candidates(quote)
            .into_iter()
            .map(|n| &self.all[n])
            .filter(|c| self.declared.is_empty() || self.declared.binary_search(&c.doc).is_ok())
            .collect()
    }
}

fn match_report(
    document: &Document,
    commitments: &Commitments<'_, '_>,
    documents: &[Arc<Document>],
) -> ReportMatches {
    let mut matches = Vec::new();
    let mut diagnostics = Vec::new();
    for quote in document.items.iter().filter(|i| i.kind == ItemKind::Quote) {
        let normalized = Wording::new(normalize_for_matching(&quote.text));
        let candidates = commitments.for_quote(&normalized);
        // A candidate that cannot reach the threshold cannot change the outcome: the scan
        // below finds the first candidate with the highest score, which only counts at or
        // above the threshold. Its lengths alone tell for most candidates.
        let shared: Vec<Option<usize>> = candidates
            .iter()
            .map(|candidate| {
                (score_bound(&normalized, candidate.text) >= MATCH_THRESHOLD)
                    .then(|| shared_words(&normalized, candidate.text))
            })
            .collect();
        // No score exceeds 1, which only the same words give (identical text included), so
        // the first candidate with the quote's very words wins what the loop below would
        // decide, without an edit distance.
        let identical = (normalized.len > 0)
            .then(|| {
                candidates.iter().zip(&shared).position(|(candidate, &n)| {
                    n == Some(normalized.len) && n == Some(candidate.text.len)
                })
            })
            .flatten();
        // Strictly better only: on a tie the single commitment, listed first, wins.
        let mut best: Option<(f64, &Candidate<'_>)> = None;
        let considered = match identical {
            Some(first) => first..first + 1,
            None => 0..candidates.len(),
        };
        for (candidate, &shared) in candidates[considered.clone()]
            .iter()
            .zip(&shared[considered])
        {
            let Some(shared) = shared else {
                continue;
            };
            let floor = best.map_or(0.0, |(score, _)| score);
            let score = similarity_given(&normalized, candidate.text, shared, floor);
            if best.is_none_or(|(best_score, _)| score > best_score) {
                best = Some((score, candidate));
            }
        }
        match best {
            Some((score, candidate)) if score >= MATCH_THRESHOLD => {
                let target = &documents[candidate.doc];
                let commitments = candidate
                    .items
                    .iter()
                    .map(|&i| target.items[i].id.clone())
                    .collect();
                matches.push((
                    (document.path.clone(), quote.id.clone()),
                    QuoteMatch {
                        doc: target.path.clone(),
                        commitments,
                        score,
                    },
                ));
            }
            _ => {
                let diagnostic =
                    Diagnostic::warn(crate::text!("W003", quote = shorten(&quote.text, 60)))
                        .help(crate::text!("W003.help"));
                diagnostics.push(Diagnostic {
                    location: Some(crate::diagnostic::Location::at(
                        document.source_path.clone(),
                        quote.line,
                        1,
                    )),
                    ..diagnostic
                });
            }
        }
    }
    ReportMatches {
        matches,
        diagnostics,
    }
}

/// What a quote may quote: one commitment, or two consecutive commitments of the same list
/// read as one sentence (the report quotes "arbeta vidare med … omfördelning, lyfta fram …"
/// where the strategy document lists the two halves as separate commitments).
pub(super) struct Candidate<'a> {
    doc: usize,
    items: &'a [usize],
    pub(super) text: &'a Wording,
}

/// Item indices in their document, and their normalised text joined.
type CandidateText = (Vec<usize>, Wording);

/// One document's candidates, its commitments' normalised texts.
#[derive(Default)]
pub struct DocumentCandidates {
    singles: Vec<CandidateText>,
    pairs: Vec<CandidateText>,
}

impl DocumentCandidates {
    fn is_empty(&self) -> bool {
        self.singles.is_empty()
    }
}

fn document_candidates(document: &Document) -> DocumentCandidates {
    let mut candidates = DocumentCandidates::default();
    let commitments: Vec<usize> = document
        .items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.kind == ItemKind::Commitment)
        .map(|(i, _)| i)
        .collect();
    for (n, &i) in commitments.iter().enumerate() {
        let text = normalize_for_matching(&document.items[i].text);
        if let Some(&next) = commitments.get(n + 1)
            && document.items[next].section_id == document.items[i].section_id
        {
            let joined = format!(
                "{text} {}",
                normalize_for_matching(&document.items[next].text)
            );
            candidates.pairs.push((vec![i, next], Wording::new(joined)));
        }
        candidates.singles.push((vec![i], Wording::new(text)));
    }
    candidates
}

/// Every document's single commitments, then every document's pairs: on a tie the first
/// listed wins, so a single commitment wins over a pair.
fn gather(parts: &[Arc<DocumentCandidates>]) -> Vec<Candidate<'_>> {
    let candidates = |pick: fn(&DocumentCandidates) -> &[CandidateText]| {
        parts.iter().enumerate().flat_map(move |(doc, part)| {
            pick(part)
                .iter()
                .map(move |(items, text)| Candidate { doc, items, text })
        })
    };
    candidates(|p| &p.singles)
        .chain(candidates(|p| &p.pairs))
        .collect()
}

/// The better of whole-text similarity and word overlap (Dice over the multisets of words,
/// so a repeated word counts once per occurrence and the score stays within 0..=1): a quote
/// may shorten a commitment or change a word of it.
#[cfg(test)]
fn similarity(quote: &str, commitment: &str) -> f64 {
    similarity_above(quote, commitment, 0.0)
}

/// [`similarity`], skipping the edit distance (quadratic in the texts' lengths, and most of
/// a build's time when every quote meets every commitment) where it cannot matter: when the
/// lengths alone bound it below what is already known, or when the texts share so few words
/// that they are not two wordings of one commitment.
#[cfg(test)]
fn similarity_above(quote: &str, commitment: &str, floor: f64) -> f64 {
    similarity_of(
        &Wording::new(quote.to_string()),
        &Wording::new(commitment.to_string()),
        floor,
    )
}

/// A normalised text with its words counted, once per quote and once per candidate rather
/// than once per pair: with every quote of a site meeting every commitment, counting per
/// pair was most of the quote matching. The words are sorted, so two texts' shared words
/// are one merge of the two lists rather than a hash lookup per word.
pub(super) struct Wording {
    text: String,
    /// Each distinct word, sorted by word.
    pub(super) words: Vec<Word>,
    len: usize,
    chars: usize,
}

/// A distinct word of a [`Wording`]: its byte range in the text, how often it occurs, and
/// its first eight bytes as a number that orders as the words do.
pub(super) struct Word {
    prefix: u64,
    range: std::ops::Range<usize>,
    count: usize,
}

/// The first eight bytes of `word`, big-endian, padded with zeros. Normalised words hold no
/// zero byte, so two words whose prefixes differ compare as their prefixes do; the merge
/// in [`shared_words`] compares whole words only where the prefixes are equal, instead of
/// comparing bytes at every step.
fn word_prefix(word: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let head = &word.as_bytes()[..word.len().min(8)];
    bytes[..head.len()].copy_from_slice(head);
    u64::from_be_bytes(bytes)
}

impl Wording {
    fn new(text: String) -> Wording {
        let mut ranges: Vec<std::ops::Range<usize>> = Vec::new();
        let mut start = 0;
        for word in text.split(' ') {
            if !word.is_empty() {
                ranges.push(start..start + word.len());
            }
            start += word.len() + 1;
        }
        let len = ranges.len();
        ranges.sort_unstable_by(|a, b| text[a.clone()].cmp(&text[b.clone()]));
        let mut words: Vec<Word> = Vec::with_capacity(len);
        for range in ranges {
            match words.last_mut() {
                Some(last) if text[last.range.clone()] == text[range.clone()] => last.count += 1,
                _ => words.push(Word {
                    prefix: word_prefix(&text[range.clone()]),
                    range,
                    count: 1,
                }),
            }
        }
        let chars = text.chars().count();
        Wording {
            text,
            words,
            len,
            chars,
        }
    }

    pub(super) fn word(&self, index: usize) -> &str {
        &self.text[self.words[index].range.clone()]
    }
}

/// How many words two texts share, each counted once per occurrence in both.
fn shared_words(a: &Wording, b: &Wording) -> usize {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while let (Some(word_a), Some(word_b)) = (a.words.get(i), b.words.get(j)) {
        let order = word_a
            .prefix
            .cmp(&word_b.prefix)
            .then_with(|| a.word(i).cmp(b.word(j)));
        match order {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += word_a.count.min(word_b.count);
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

#[cfg(test)]
fn similarity_of(quote: &Wording, commitment: &Wording, floor: f64) -> f64 {
    similarity_given(quote, commitment, shared_words(quote, commitment), floor)
}

/// A bound that [`similarity_given`] never exceeds, from the texts' lengths alone: the
/// same expressions with as many shared words as the shorter text has, and the edit
/// distance at least the difference in length. Texts without words are not bounded.
fn score_bound(quote: &Wording, commitment: &Wording) -> f64 {
    if quote.len == 0 || commitment.len == 0 {
        return f64::INFINITY;
    }
    let shared = quote.len.min(commitment.len);
    let dice = 2.0 * shared as f64 / (quote.len + commitment.len) as f64;
    let containment = CONTAINMENT_WEIGHT * shared as f64 / quote.len as f64;
    let longest = quote.chars.max(commitment.chars).max(1) as f64;
    let edit_bound = 1.0 - quote.chars.abs_diff(commitment.chars) as f64 / longest;
    dice.max(containment).max(edit_bound)
}

/// The similarity of two texts that share `shared` words.
fn similarity_given(quote: &Wording, commitment: &Wording, shared: usize, floor: f64) -> f64 {
    if quote.len == 0 || commitment.len == 0 {
        return strsim::normalized_levenshtein(&quote.text, &commitment.text);
    }
    let dice = 2.0 * shared as f64 / (quote.len + commitment.len) as f64;
    // A quote that shortens a commitment ("arbeta med strategiska planer" of "… på alla
    // nivåer") has every word in it; that counts, but less than a full match.
    let containment = CONTAINMENT_WEIGHT * shared as f64 / quote.len as f64;
    let cheap = dice.max(containment);
    let longest = quote.chars.max(commitment.chars).max(1) as f64;
    let edit_bound = 1.0 - quote.chars.abs_diff(commitment.chars) as f64 / longest;
    if dice < MIN_SHARED_WORDS || edit_bound <= cheap.max(floor) {
        return cheap;
    }
    strsim::normalized_levenshtein(&quote.text, &commitment.text).max(cheap)
}

/// Below this word overlap the edit distance is not computed.
const MIN_SHARED_WORDS: f64 = 0.3;

/// How much a quote wholly contained in a commitment scores: above [`MATCH_THRESHOLD`], below
/// the score of a quote of the whole commitment.
const CONTAINMENT_WEIGHT: f64 = 0.85;

fn shorten(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_string();
    }
    let cut: String = text.chars().take(chars).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_ignores_case_and_punctuation() {
        assert_eq!(
            normalize_for_matching("Våga testa, olika metoder."),
            "våga testa olika metoder"
        );
        assert_eq!(normalize_for_matching("50 % år 2030"), "50 % år 2030");
        assert_eq!(
            normalize_for_matching("på alla nivåer (PS svar till E31)"),
            "på alla nivåer"
        );
        assert_eq!(
            normalize_for_matching("där man inte finns (E11:2) och (E25:1, PS svar till E24)."),
            "där man inte finns och"
        );
    }

    #[test]
    fn shared_words_count_each_occurrence_in_both() {
        let count = |a: &str, b: &str| {
            shared_words(&Wording::new(a.to_string()), &Wording::new(b.to_string()))
        };
        assert_eq!(count("att att vi ska", "vi ska att"), 3);
        assert_eq!(count("a  b", "b a a"), 2);
        assert_eq!(count("", "a"), 0);
        assert_eq!(count("å ä ö", "ö o a"), 1);
        let wording = Wording::new(" b a  b ".to_string());
        assert_eq!((wording.len, wording.words.len()), (3, 2));
    }

    #[test]
    fn words_sharing_their_first_eight_bytes_are_told_apart() {
        let words = [
            "för",
            "föreningen",
            "föreningens",
            "förening",
            "förenin",
            "förutsättning",
            "förutsättningar",
            "förutsättningarna",
            "abcdefgh",
            "abcdefghi",
            "abcdefgg",
            "abcdefg",
            "ö",
            "%",
            "2024",
        ];
        for (i, first) in words.iter().enumerate() {
            for second in &words[i..] {
                let a = format!("{first} {second} {first}");
                let b = format!("{second} {second} x");
                let by_strings = {
                    let mut a_words: Vec<&str> = a.split(' ').collect();
                    let mut shared = 0;
                    for word in b.split(' ') {
                        if let Some(at) = a_words.iter().position(|w| *w == word) {
                            a_words.remove(at);
                            shared += 1;
                        }
                    }
                    shared
                };
                let count = shared_words(&Wording::new(a.clone()), &Wording::new(b.clone()));
                assert_eq!(count, by_strings, "{a:?} {b:?}");
                let order = word_prefix(first)
                    .cmp(&word_prefix(second))
                    .then_with(|| first.cmp(second));
                assert_eq!(order, first.cmp(second), "{first} {second}");
            }
        }
    }

    #[test]
    fn the_bound_holds_for_every_pair() {
        let texts = [
            "",
            "arbeta med strategiska planer",
            "arbeta med strategiska planer på alla nivåer",
            "planer på alla nivåer med strategiska arbeta",
            "lyfta goda och olika exempel på möten",
            "arbeta arbeta arbeta",
            "a",
            "en mycket lång text om att arbeta med strategiska planer på alla nivåer i hela landet",
        ];
        for quote in texts {
            for commitment in texts {
                let (q, c) = (
                    Wording::new(quote.to_string()),
                    Wording::new(commitment.to_string()),
                );
                let score = similarity_given(&q, &c, shared_words(&q, &c), 0.0);
                assert!(score <= score_bound(&q, &c), "{quote:?} {commitment:?}");
            }
        }
    }

    #[test]
    fn similar_wording_scores_high_and_different_wording_low() {
        let commitment = normalize_for_matching("arbeta med strategiska planer på alla nivåer");
        assert!(
            similarity(
                &normalize_for_matching("Arbeta med strategiska planer på alla nivåer."),
                &commitment
            ) > 0.99
        );
        assert!(
            similarity(
                &normalize_for_matching("Arbeta med strategiska planer."),
                &commitment
            ) > MATCH_THRESHOLD
        );
        assert!(
            similarity(
                &normalize_for_matching("Lyfta goda och olika exempel på möten."),
                &commitment
            ) < 0.5
        );
    }
}

/// The bundled example's report quotes every one of its 33 quoted commitments from the
/// strategy document; checked by hand against `content/vansterpartiet/strategidokumentet-2020.md`.
#[cfg(test)]
mod bundled_example {
    use crate::build::{BuildOptions, Pipeline};
    use crate::document::ItemKind;

    const REPORT: &str = "storstockholm/framtidskommissionen-2020";
    const STRATEGY: &str = "vansterpartiet/strategidokumentet-2020";

    /// Quote id in the report → commitment ids in the strategy document.
    const EXPECTED: [(&str, &[&str]); 33] = [
        (
            "citat-strategi-och-organisering-1",
            &["ata-samordna-kommun-och-region"],
        ),
        (
            "citat-strategi-och-organisering-2",
            &["ata-vaxa-utanfor-staderna"],
        ),
        (
            "citat-strategi-och-organisering-3",
            &["ata-prioriterade-omraden"],
        ),
        (
            "citat-strategi-och-organisering-4",
            &["ata-aktivistiska-metoder"],
        ),
        (
            "citat-strategi-och-organisering-5",
            &["ata-strategiska-planer"],
        ),
        (
            "citat-strategi-och-organisering-6",
            &["ata-skapa-eget-innehall"],
        ),
        (
            "citat-strategi-och-organisering-7",
            &["ata-struktur-sociala-medier"],
        ),
        (
            "citat-strategi-och-organisering-8",
            &["ata-exempel-pa-moten"],
        ),
        ("citat-tydlighet-1", &["ata-ideologisk-grundberattelse"]),
        ("citat-tydlighet-2", &["ata-skarpa-radikala-forslag"]),
        // The report joins two consecutive commitments into one sentence.
        (
            "citat-tydlighet-3",
            &["ata-klimat-och-antikapitalism", "ata-stora-forandringar"],
        ),
        ("citat-tydlighet-4", &["ata-politisera-missnoje"]),
        ("citat-tydlighet-5", &["ata-stora-framtidsfragorna"]),
        ("citat-ungdomar-1", &["ata-stod-till-ung-vanster"]),
        ("citat-ungdomar-2", &["ata-organisering-bland-studenter"]),
        // Quotes the text as amended by E11:2.
        ("citat-ungdomar-3", &["ata-starta-ung-vanster"]),
        ("citat-ungdomar-4", &["ata-representation-av-unga"]),
        (
            "citat-stod-till-medlemmar-och-fortroendevalda-1",
            &["ata-personliga-ideologiska-samtal"],
        ),
        (
            "citat-stod-till-medlemmar-och-fortroendevalda-2",
            &["ata-mentorskap-och-overlamningar"],
        ),
        (
            "citat-stod-till-medlemmar-och-fortroendevalda-3",
            &["ata-utbildning-fortroendekultur"],
        ),
        (
            "citat-stod-till-medlemmar-och-fortroendevalda-4",
            &["ata-internfeminism-i-utbildningar"],
        ),
        (
            "citat-stod-till-medlemmar-och-fortroendevalda-5",
            &["ata-internfeministiska-handboken"],
        ),
        ("citat-fackligt-1", &["ata-fortroendevalda-arbetaryrken"]),
        ("citat-fackligt-2", &["ata-fackligt-organisationsbygge"]),
        (
            "citat-mot-manniskor-dar-de-ar-1",
            &["ata-politik-i-vardagen"],
        ),
        (
            "citat-mot-manniskor-dar-de-ar-2",
            &["ata-samtal-med-osakra"],
        ),
        (
            "citat-mot-manniskor-dar-de-ar-3",
            &["ata-starka-lokala-representanter"],
        ),
        (
            "citat-sociala-rorelser-1",
            &["ata-relationer-lokala-rorelser"],
        ),
        ("citat-sociala-rorelser-2", &["ata-utomparlamentarisk-kamp"]),
        (
            "citat-sociala-rorelser-3",
            &["ata-battre-omvarldsbevakning"],
        ),
        (
            "citat-var-det-parti-vi-vill-vara-1",
            &["ata-mangfald-i-representation"],
        ),
        // "bli bättre på att erbjuda" quotes "bli bättre på att vid behov erbjuda".
        (
            "citat-var-det-parti-vi-vill-vara-2",
            &["ata-andra-sprak-an-svenska"],
        ),
        (
            "citat-var-det-parti-vi-vill-vara-3",
            &["ata-mangfald-bland-anstallda"],
        ),
    ];

    #[test]
    fn every_quote_of_the_report_matches_the_commitment_it_quotes() {
        let mut pipeline = Pipeline::load(&BuildOptions::new(env!("CARGO_MANIFEST_DIR")))
            .expect("the example loads");
        let build = pipeline.run().expect("the example builds");
        let report = build.site.document(REPORT).expect("the report");
        let quotes: Vec<&str> = report
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Quote)
            .map(|i| i.id.as_str())
            .collect();
        let expected: Vec<&str> = EXPECTED.iter().map(|(quote, _)| *quote).collect();
        assert_eq!(quotes, expected, "the report's quotes");
        for (quote, commitments) in EXPECTED {
            let matched = build
                .site
                .quote_matches
                .get(&(REPORT.to_string(), quote.to_string()));
            let matched = matched.unwrap_or_else(|| panic!("{quote} matches nothing"));
            assert_eq!(matched.doc, STRATEGY, "{quote}");
            assert_eq!(matched.commitments, commitments, "{quote}");
            assert!(matched.score > 0.9, "{quote} scores only {}", matched.score);
        }
        // No candidate without the quoted commitments comes near: the best stays below the
        // threshold. (A pair holding the quoted commitment and its neighbour scores up to
        // CONTAINMENT_WEIGHT, below the full match, so the single commitment wins.)
        let strategy = build
            .site
            .document(STRATEGY)
            .expect("the strategy document");
        let parts = [std::sync::Arc::new(super::document_candidates(strategy))];
        let candidates = super::gather(&parts);
        let mut worst_margin = f64::MAX;
        for (quote, commitments) in EXPECTED {
            let text = super::normalize_for_matching(&report.item(quote).expect("quote").text);
            let best_wrong = candidates
                .iter()
                .filter(|c| {
                    !c.items
                        .iter()
                        .any(|&i| commitments.contains(&strategy.items[i].id.as_str()))
                })
                .map(|c| super::similarity(&text, &c.text.text))
                .fold(0.0, f64::max);
            assert!(
                best_wrong < super::MATCH_THRESHOLD,
                "{quote}: a wrong candidate scores {best_wrong}"
            );
            worst_margin = worst_margin.min(super::MATCH_THRESHOLD - best_wrong);
        }
        eprintln!("closest wrong candidate: {worst_margin:.3} below the threshold");
        assert!(
            !build
                .warnings
                .iter()
                .any(|w| w.message.contains("matches no commitment")),
            "no quote is reported as matching nothing"
        );
    }
}
