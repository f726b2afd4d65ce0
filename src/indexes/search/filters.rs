//! The filters: each organisation's, document kind's, item kind's and topic's items, as runs
//! of item numbers in a file of their own, fetched when the filter is chosen.

use std::collections::{BTreeMap, HashMap};

use rustc_hash::FxBuildHasher;

use super::entries::EntryOf;
use super::files::number;
use super::{KINDS, kind_code};
use crate::render::Theme;
use crate::resolve::Site;

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
    // A document's entries follow each other: its organisation, kind and topics are looked
    // up once, and so are the topics an item shares with the item before it (its section's).
    // Each lookup hashes the value: per entry and topic, they were most of the filters' time.
    let mut current: Option<(usize, usize, usize, Vec<usize>)> = None;
    let mut last_item: Option<(&[String], Vec<usize>)> = None;
    let mut codes: Vec<(&'static str, usize)> = Vec::new();
    for (n, &(d, of)) in items.iter().enumerate() {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        let [item_kinds, kinds, organizations, topics] = &mut values;
        let code = match (site.documents.get(d), of) {
            (Some(document), EntryOf::Item(i)) => {
                document.items.get(i).map_or("d", |i| kind_code(i.kind))
            }
            (_, EntryOf::Paragraph(_)) => "p",
            (_, EntryOf::Heading(_)) => "h",
            (None, _) => super::pages::MotionsPage::kind(of),
            _ => "d",
        };
        let code = match codes.iter().find(|(c, _)| *c == code) {
            Some(&(_, number)) => number,
            None => {
                let number = item_kinds.number(code);
                codes.push((code, number));
                number
            }
        };
        item_kinds.push(code, n);
        // The motions page's entries (`super::pages`) are of no organisation, kind or topic.
        let Some(document) = site.documents.get(d) else {
            continue;
        };
        if current.as_ref().is_none_or(|(seen, ..)| *seen != d) {
            let document_topics = (document.meta.topics.iter())
                .map(|topic| topics.number(topic))
                .collect();
            current = Some((
                d,
                organizations.number(&document.meta.organization),
                kinds.number(&document.meta.kind),
                document_topics,
            ));
        }
        let Some((_, organization, kind, document_topics)) = &current else {
            continue;
        };
        let (organization, kind) = (*organization, *kind);
        organizations.push(organization, n);
        kinds.push(kind, n);
        let item = match of {
            EntryOf::Item(i) => document.items.get(i),
            _ => None,
        };
        let Some(item) = item else {
            for &topic in document_topics {
                topics.push(topic, n);
            }
            continue;
        };
        let shared = last_item
            .as_ref()
            .is_some_and(|(seen, _)| *seen == item.topics.as_slice());
        if !shared {
            let numbers = item
                .topics
                .iter()
                .map(|topic| topics.number(topic))
                .collect();
            last_item = Some((item.topics.as_slice(), numbers));
        }
        for &topic in last_item.iter().flat_map(|(_, numbers)| numbers) {
            topics.push(topic, n);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_runs_with_gaps() {
        assert_eq!(ranges(&[0, 1, 2, 5, 6, 9]), b"[0,3,2,2,2,1]".to_vec());
        assert_eq!(ranges(&[]), b"[]".to_vec());
        assert_eq!(ranges(&[3, 3, 4, 4, 9]), b"[3,2,4,1]".to_vec());
    }
}
