//! The entry file, `index.json`: what `search.js` reads first, from what the other files'
//! writers found.

use std::collections::BTreeMap;

use super::filters::FilterValues;
use super::fragments::CHUNK;
use super::shards::gap;
use super::words::STOPWORDS;
use super::{FORMAT_VERSION, KINDS};
use crate::render::Theme;

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
    /// The words of the items' labels ([`super::LabelWords`]).
    pub labels: Vec<&'a str>,
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
            "labels": self.labels,
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
    fn document_starts_are_gaps_in_six_bit_digits() {
        assert_eq!(gaps(&[0, 22, 60]), "AWmB");
    }
}
