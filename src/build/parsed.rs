//! What a rebuild reuses of the last run's parse: the vocabulary, loaded again only when its
//! files changed, and each source's document, parsed again only when its text did.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::{Memos, Pipeline};
use crate::config::DraftMode;
use crate::content::{SourceFile, Vocabulary, load_vocabulary};
use crate::diagnostic::Diagnostic;
use crate::document::{Body, Document};
use crate::markdown::{ParseContext, parse_document};
use crate::memo::MemoKeys;
use crate::resolve::SiteDocument;

/// A source's parse: its document, shared so that a rebuild clones none, and its diagnostics.
pub(super) struct Parsed {
    pub(super) hash: u64,
    /// The text parsed, held weakly: while anyone still holds it, no other text can be at
    /// its address, so the same address means the same text. The text itself is not kept.
    pub(super) text: std::sync::Weak<String>,
    pub(super) diagnostics: Arc<Vec<Diagnostic>>,
    pub(super) document: Option<Arc<Document>>,
    /// The document's body, kept for the next run's page; a one-shot build keeps none, so
    /// each body goes once its page is written.
    pub(super) body: Body,
}

impl Pipeline {
    /// The site's vocabulary, loaded again only when its files changed; a change empties the
    /// parsed documents and the memos, which all depend on it.
    pub(super) fn current_vocabulary(&mut self) -> (Vocabulary, Vec<Diagnostic>) {
        let fingerprint = fingerprint_vocabulary(&self.config.content_dir);
        // The vocabulary files rarely change between saves: parse them again only when
        // their bytes did (a save in `serve` otherwise spent a tenth of its time here).
        // A vocabulary with errors is not kept: its errors must show on every run. The
        // documents are still checked against what it has (see `Vocabulary::incomplete`).
        let (vocabulary, diagnostics) = match &self.vocabulary {
            Some(vocabulary) if fingerprint == self.vocabulary_fingerprint => {
                (vocabulary.clone(), Vec::new())
            }
            _ => {
                self.vocabulary = None;
                let (loaded, errors) = load_vocabulary(&self.config.content_dir);
                if errors.is_empty() {
                    self.vocabulary = Some(loaded.clone());
                }
                (loaded, errors)
            }
        };
        if fingerprint != self.vocabulary_fingerprint {
            self.parsed.clear();
            self.vocabulary_fingerprint = fingerprint;
            let mut context = std::collections::hash_map::DefaultHasher::new();
            (self.config_fingerprint, fingerprint).hash(&mut context);
            self.memos = Memos::new(MemoKeys {
                context: context.finish(),
                one_shot: self.one_shot,
            });
        }
        (vocabulary, diagnostics)
    }

    /// Every source parsed, or taken from the last run when its text is the same.
    pub(super) fn parse_sources(
        &self,
        sources: Vec<SourceFile>,
        context: &ParseContext<'_>,
    ) -> Vec<(String, Parsed, Body)> {
        let cache = &self.parsed;
        // Each source's text is dropped once parsed: documents do not keep it (see
        // `resolve::locate`), so the site's text is not held twice through the build.
        let one_shot = self.one_shot;
        sources
            .into_par_iter()
            .map(|source| {
                let cached = cache.get(&source.rel_path);
                let text = Arc::downgrade(&source.text);
                // The very text parsed last time (the preview server hands over the sources
                // it kept) needs no hashing: at 10,000 documents that was ~30 ms a save.
                let hash = match cached {
                    Some(cached) if cached.text.ptr_eq(&text) => cached.hash,
                    _ => hash_text(&source.text),
                };
                let (parsed, body) = match cached {
                    Some(cached) if cached.hash == hash => {
                        let parsed = Parsed {
                            hash,
                            text,
                            diagnostics: cached.diagnostics.clone(),
                            document: cached.document.clone(),
                            body: cached.body.clone(),
                        };
                        (parsed, cached.body.clone())
                    }
                    _ => {
                        let outcome = parse_document(&source, context);
                        let parsed = Parsed {
                            hash,
                            text,
                            diagnostics: Arc::new(outcome.diagnostics),
                            document: outcome.document.map(Arc::new),
                            body: if one_shot {
                                Body::default()
                            } else {
                                outcome.body.clone()
                            },
                        };
                        (parsed, outcome.body)
                    }
                };
                (source.rel_path, parsed, body)
            })
            .collect()
    }

    /// Keeps what was parsed for the next run, and hands over the documents to publish (drafts
    /// left out unless the config includes them) with their bodies, which of them were edited
    /// since the last run, and every parse message.
    pub(super) fn keep_parsed(&mut self, parsed: Vec<(String, Parsed, Body)>) -> Kept {
        let mut kept = Kept {
            documents: Vec::with_capacity(parsed.len()),
            bodies: HashMap::with_capacity(parsed.len()),
            edited: Vec::new(),
            diagnostics: Vec::new(),
        };
        // A first run has nothing to compare with: no document counts as edited.
        let last_run = std::mem::take(&mut self.parsed);
        let mut cache = HashMap::with_capacity(parsed.len());
        for (path, parsed, body) in parsed {
            kept.diagnostics.extend(parsed.diagnostics.iter().cloned());
            if let Some(document) = &parsed.document
                && (!document.meta.draft || self.config.drafts == DraftMode::Include)
            {
                let before = last_run.get(&path).map(|last| last.hash);
                if !last_run.is_empty() && before != Some(parsed.hash) {
                    kept.edited.push(document.path.clone());
                }
                kept.bodies.insert(document.path.clone(), body);
                kept.documents.push(SiteDocument {
                    document: document.clone(),
                    fingerprint: parsed.hash,
                });
            }
            // Kept only for a rebuild. A one-shot build keeping them would hold a second
            // reference to every document, so each one the resolve stage writes into (link
            // titles, follow-ups) would be copied: ~100 MB more at 10,000 documents.
            if !self.one_shot {
                cache.insert(path, parsed);
            }
        }
        self.parsed = cache;
        kept
    }
}

pub(super) fn hash_text(text: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut hasher);
    hasher.finish()
}

fn fingerprint_vocabulary(content_dir: &Path) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for name in ["organizations.toml", "topics.toml", "actors.toml"] {
        std::fs::read(content_dir.join(name))
            .unwrap_or_default()
            .hash(&mut hasher);
    }
    hasher.finish()
}

/// What [`Pipeline::keep_parsed`] hands over to the resolve stage.
pub(super) struct Kept {
    pub(super) documents: Vec<SiteDocument>,
    pub(super) bodies: HashMap<String, Body>,
    pub(super) edited: Vec<String>,
    pub(super) diagnostics: Vec<Diagnostic>,
}
