//! The shards: per range of keys, the words of the site keyed there with their terms (and
//! the terms of compounds they end), and the postings of the terms keyed there, written by
//! hand: a large site's shards hold millions of postings.

use std::collections::{BTreeMap, HashMap};

use rayon::prelude::*;
use rustc_hash::FxBuildHasher;

use super::files::{View, key, string};

/// Roughly how many bytes a shard holds before the next one starts.
const SHARD_BYTES: usize = 24_000;

/// Splits the sorted keys into shards of about [`SHARD_BYTES`]: the first key of each.
pub(super) fn boundaries(sized: &BTreeMap<String, usize>) -> Vec<String> {
    let mut starts = Vec::new();
    let mut filled = SHARD_BYTES;
    for (key, &bytes) in sized {
        if filled + bytes > SHARD_BYTES && filled > 0 {
            starts.push(key.clone());
            filled = 0;
        }
        filled += bytes;
    }
    if starts.is_empty() {
        starts.push(String::new());
    }
    // The first shard takes every key before the second.
    if let Some(first) = starts.first_mut() {
        first.clear();
    }
    starts
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
/// score's code (`scores::score_code`) as one character. As JSON numbers
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
pub(super) fn gap(out: &mut Vec<u8>, mut gap: u32) {
    while gap >= 32 {
        out.push(digit((gap & 31) | 32));
        gap >>= 5;
    }
    out.push(digit(gap));
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
        assert!(DIGITS.iter().all(|&d| !crate::indexes::json::is_escaped(d)));
    }
}
