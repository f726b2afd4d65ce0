//! What the words of the site stem to, kept per thread across documents (a site's
//! vocabulary is small next to its word count, and the stemmer is the costly step), and a
//! document's words numbered by stem as its entries are split into terms.

use std::collections::HashMap;

use rustc_hash::FxBuildHasher;

use super::words::{Word, for_each_word, is_token, stem};

/// The distinct stems of a document, numbered. Self-contained, so the memo can keep a
/// document's entries from one build to the next: their numbers mean nothing outside it.
pub(super) struct DocumentStems {
    /// The stems one after the other.
    text: String,
    /// Where each stem ends in `text`.
    ends: Vec<u32>,
    /// The document's distinct words as folded, one after the other: a string per word was
    /// an allocation (and a free) per distinct word of every document, millions on a large
    /// site.
    words: Box<str>,
    /// Per word of `words`, where it ends and the number of its stem.
    word_ends: Box<[(u32, u32)]>,
}

impl DocumentStems {
    /// The document's words as folded, each with the number of its stem.
    pub(super) fn words(&self) -> impl Iterator<Item = (&str, u32)> {
        let starts = std::iter::once(0).chain(self.word_ends.iter().map(|&(end, _)| end));
        starts.zip(&self.word_ends).map(|(start, &(end, stem))| {
            let word = self.words.get(start as usize..end as usize).unwrap_or("");
            (word, stem)
        })
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(start, &end)| self.text.get(start as usize..end as usize).unwrap_or(""))
    }
}

/// The words that join a word left dangling to the compound completing it ("kvälls- och
/// helgkurser", "familje-, hälso- eller").
const COORDINATORS: [&str; 3] = ["och", "eller", "samt"];

/// The most terms a thread's `located` buffer keeps room for between documents (16 MB).
const KEPT_LOCATED: usize = 1 << 20;

/// The number a word that is not indexed (a stopword, one character) stems to.
const NOT_A_TERM: u32 = u32::MAX;

/// What the words seen so far stem to, per thread and across documents: a site's vocabulary
/// is small next to its word count, and the stemmer is the costly step. Stems are numbered
/// per thread; [`DocumentWords`] numbers them again per document.
#[derive(Default)]
pub(super) struct WordStems {
    /// Folded word → number of its stem, or [`NOT_A_TERM`]: short words by [`Word::key`],
    /// long ones by their text.
    short_words: HashMap<[u64; 3], (u32, u32), FxBuildHasher>,
    long_words: HashMap<Box<str>, (u32, u32), FxBuildHasher>,
    /// The words seen, by the second number of the maps above, with the document each was
    /// last seen in: the index maps each word as written to its term, so the browser looks
    /// words up instead of stemming them.
    words: Vec<(Box<str>, u32)>,
    /// Stem → its number.
    numbers: HashMap<Box<str>, u32, FxBuildHasher>,
    stems: Vec<Box<str>>,
    /// Per stem, the document it was last seen in (see `document`) and its number there.
    /// Stamped rather than reset after each document, so an unwinding panic leaves nothing
    /// stale behind.
    in_document: Vec<(u32, u32)>,
    /// The number of the document at hand, from 1.
    document: u32,
    /// The document's distinct words as folded, one after the other, and per word where it
    /// ends and its stem's number in the document ([`DocumentStems`]).
    surface: String,
    surface_ends: Vec<(u32, u32)>,
    /// Every term of the document's text with where it starts (`entries::term_sets`).
    located: Vec<(usize, u32)>,
}

impl WordStems {
    /// Starts a document. The words are forgotten when they grow past a bound (only between
    /// documents: the numbers are in use during one), so a long preview session with ever new
    /// words cannot grow them without limit.
    pub(super) fn next_document(&mut self) -> DocumentWords<'_> {
        const MAX_CACHED: usize = 200_000;
        let cached = self.short_words.len() + self.long_words.len();
        if cached >= MAX_CACHED || self.document == u32::MAX {
            *self = WordStems::default();
        }
        self.document += 1;
        self.surface.clear();
        self.surface_ends.clear();
        DocumentWords {
            words: self,
            stems: Vec::with_capacity(512),
            buffer: Word::default(),
            joined: Word::default(),
        }
    }

    /// The number of the word's stem and of the word itself.
    fn stem_number(&mut self, word: &Word) -> (u32, u32) {
        let key = word.key();
        let known = match key {
            Some(key) => self.short_words.get(&key),
            None => self.long_words.get(word.text.as_str()),
        };
        if let Some(&number) = known {
            return number;
        }
        let word_number = u32::try_from(self.words.len()).unwrap_or(NOT_A_TERM);
        self.words.push((word.text.as_str().into(), 0));
        let word = word.text.as_str();
        let number = if is_token(word) {
            let stem = stem(word);
            match self.numbers.get(stem.as_str()) {
                Some(&number) => number,
                None => {
                    let number = u32::try_from(self.stems.len()).unwrap_or(NOT_A_TERM);
                    let stem: Box<str> = stem.into();
                    self.numbers.insert(stem.clone(), number);
                    self.stems.push(stem);
                    self.in_document.push((0, 0));
                    number
                }
            }
        } else {
            NOT_A_TERM
        };
        let number = (number, word_number);
        match key {
            Some(key) => self.short_words.insert(key, number),
            None => self.long_words.insert(word.into(), number),
        };
        number
    }
}

/// The words of one document, their stems numbered in the order they first occur.
pub(super) struct DocumentWords<'a> {
    words: &'a mut WordStems,
    /// Per number, the stem's number in `words`.
    stems: Vec<u32>,

    /// The word being folded.
    buffer: Word,
    /// A hyphenated word's parts written together.
    joined: Word,
}

impl DocumentWords<'_> {
    /// Hands `term` the number of each term of `text` with the byte offset it starts at,
    /// as often as it occurs. A word hyphenated in the text ("Facebook-grupp",
    /// "orten-bo") is also handed over written together, where its first part starts: a
    /// member types it so ("facebookgrupp"), and the parts' split alone found nothing when
    /// the joined form was another word of the site ("facebookgruppen" of another goal).
    /// A word left dangling before a compound it shares a last part with ("organisations-
    /// och projektledningsverktyg") is also handed over as the compound it stands for
    /// (`organisationsverktyg`), where that compound starts ([`Self::completed`]).
    pub(super) fn for_each_term(&mut self, text: &str, mut term: impl FnMut(u32, usize)) {
        let mut buffer = std::mem::take(&mut self.buffer);
        let mut joined = std::mem::take(&mut self.joined);
        // The word before a hyphen, where it starts and where the hyphen stands: copied
        // only for such a word, not for every word.
        let mut before_hyphen: Option<(String, usize, usize)> = None;
        // The words left dangling ("kvälls-", "ledarskaps-,") since the last compound.
        let mut dangling: Vec<String> = Vec::new();
        let bytes = text.as_bytes();
        for_each_word(text, &mut buffer, |word, start, end| {
            if let Some((first, first_start, hyphen)) = before_hyphen.take()
                && hyphen + 1 == start
                && word.is_letters()
            {
                joined.join(&first, &word.text);
                self.post(&joined, first_start, &mut term);
            }
            let hyphen = bytes.get(end) == Some(&b'-') && word.is_letters();
            let dangles = hyphen && matches!(bytes.get(end + 1), None | Some(b' ' | b','));
            if !dangling.is_empty() && !hyphen && !COORDINATORS.contains(&word.text.as_str()) {
                if word.is_letters()
                    && let Some(tail) = self.completed(&word.text)
                {
                    for first in &dangling {
                        joined.join(first, tail);
                        self.post(&joined, start, &mut term);
                    }
                }
                dangling.clear();
            }
            if dangles {
                dangling.push(word.text.clone());
            } else if hyphen {
                before_hyphen = Some((word.text.clone(), start, end));
            }
            self.post(word, start, &mut term);
        });
        self.buffer = buffer;
        self.joined = joined;
    }

    /// The last part of `compound` a word left dangling before it shares: the longest of
    /// at least four letters, after a first part of two or more, whose stem the document
    /// has had so far ("utbildningarna" of "chefsutbildningarna", "verktyg" of
    /// "projektledningsverktyg"). Without a word list of the language a part is known by
    /// the document's own words, so a compound of parts it never uses completes nothing.
    fn completed<'w>(&self, compound: &'w str) -> Option<&'w str> {
        let document = self.words.document;
        let seen = |part: &str| {
            let stem = stem(part);
            stem.chars().nth(2).is_some()
                && self.words.numbers.get(stem.as_str()).is_some_and(|&n| {
                    (self.words.in_document.get(n as usize)).is_some_and(|s| s.0 == document)
                })
        };
        compound
            .char_indices()
            .skip(2)
            .map(|(at, _)| &compound[at..])
            .take_while(|tail| tail.chars().nth(3).is_some())
            .find(|tail| seen(tail))
    }

    /// Hands `term` the number of `word`'s term, starting at `start`, and counts the word
    /// as one of the document's.
    fn post(&mut self, word: &Word, start: usize, term: &mut impl FnMut(u32, usize)) {
        // Under two bytes is under two characters: no token, and no lookup needed.
        if word.text.len() < 2 {
            return;
        }
        let (number, word_number) = self.words.stem_number(word);
        let document = self.words.document;
        let Some(seen) = self.words.in_document.get_mut(number as usize) else {
            return;
        };
        if seen.0 != document {
            let local = u32::try_from(self.stems.len()).unwrap_or(NOT_A_TERM);
            *seen = (document, local);
            self.stems.push(number);
        }
        let local = seen.1;
        if let Some((text, stamp)) = self.words.words.get_mut(word_number as usize)
            && *stamp != document
        {
            *stamp = document;
            let surface = &mut self.words.surface;
            surface.push_str(text);
            let end = u32::try_from(surface.len()).unwrap_or(u32::MAX);
            self.words.surface_ends.push((end, local));
        }
        term(local, start);
    }

    /// An empty buffer for a text's terms and where each starts, the thread's: allocated per
    /// document it was twice the size of the text, in fresh pages.
    pub(super) fn take_located(&mut self) -> Vec<(usize, u32)> {
        let mut located = std::mem::take(&mut self.words.located);
        located.clear();
        located
    }

    /// Hands the buffer of [`Self::take_located`] back, unless a very long text made it large.
    pub(super) fn keep_located(&mut self, located: Vec<(usize, u32)>) {
        if located.capacity() <= KEPT_LOCATED {
            self.words.located = located;
        }
    }

    /// The stems numbered so far.
    pub(super) fn finish(self) -> DocumentStems {
        let stem = |number: u32| self.words.stems.get(number as usize).map_or("", |s| s);
        // Sized up front: grown by doubling, the text was reallocated and copied a few times
        // for each of the site's documents.
        let len = self.stems.iter().map(|&number| stem(number).len()).sum();
        let mut text = String::with_capacity(len);
        let mut ends = Vec::with_capacity(self.stems.len());
        for &number in &self.stems {
            text.push_str(stem(number));
            ends.push(u32::try_from(text.len()).unwrap_or(u32::MAX));
        }
        DocumentStems {
            text,
            ends,
            // Copied out at their size; the buffers serve the thread's next document.
            words: self.words.surface.as_str().into(),
            word_ends: self.words.surface_ends.as_slice().into(),
        }
    }
}

#[cfg(test)]
mod tests;
