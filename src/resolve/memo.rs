//! What earlier runs derived from each document (its rendered page, its search entries, its
//! open-data rows), kept by the [`crate::build::Pipeline`] so a rebuild redoes only the
//! documents whose inputs changed. Each part is stored under the document's path with a key:
//! a hash of everything the part depends on, worked out by the stage that makes the part
//! (`render::pages::page_key`, `indexes::search`, `indexes::data`). A cold build is the same
//! code with an empty memo.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// One kind of part, by document path: the key it was made for and the part.
pub struct Slot<T> {
    parts: Mutex<HashMap<String, (u64, Arc<T>)>>,
    /// Parts made (not found) since the last [`Slot::take_made`].
    made: AtomicUsize,
    /// False when no rebuild will follow: parts are made and handed out, not stored.
    stores: bool,
}

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot {
            parts: Mutex::new(HashMap::new()),
            made: AtomicUsize::new(0),
            stores: true,
        }
    }
}

impl<T> Slot<T> {
    /// The part stored for `path` under the key `key` works out, or a new one made by `make`
    /// (outside the lock, so documents are made in parallel) and stored. A failed `make`
    /// stores nothing. A slot that stores nothing (a one-shot build) neither works out the
    /// key nor looks: it makes the part.
    pub fn get_or_make<E>(
        &self,
        path: &str,
        key: impl FnOnce() -> u64,
        make: impl FnOnce() -> Result<T, E>,
    ) -> Result<Arc<T>, E> {
        if !self.stores {
            self.made.fetch_add(1, Ordering::Relaxed);
            return make().map(Arc::new);
        }
        let key = key();
        if let Some((stored, part)) = self.lock().get(path)
            && *stored == key
        {
            return Ok(part.clone());
        }
        let part = Arc::new(make()?);
        self.made.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(path.to_string(), (key, part.clone()));
        Ok(part)
    }

    /// [`Slot::get_or_make`] for a `make` that cannot fail.
    pub fn get_or_insert(
        &self,
        path: &str,
        key: impl FnOnce() -> u64,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        match self.get_or_make(path, key, || Ok::<T, std::convert::Infallible>(make())) {
            Ok(part) => part,
            Err(never) => match never {},
        }
    }

    /// How many parts were made since the last call.
    pub fn take_made(&self) -> usize {
        self.made.swap(0, Ordering::Relaxed)
    }

    fn forget(&self, gone: &[String]) {
        let mut parts = self.lock();
        for path in gone {
            parts.remove(path);
        }
    }

    fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u64, Arc<T>)>> {
        // A panic while holding the lock leaves a map that is still valid: keep using it.
        self.parts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Every kind of per-document part. `context` is hashed into every key: the config and the
/// vocabulary, which every part may depend on.
#[derive(Default)]
pub struct Memo {
    pub context: u64,
    /// Set for a one-shot `planpress build`: nothing will be rebuilt, so every part is made,
    /// used and dropped rather than kept (at 10,000 documents the pages alone are ~260 MB).
    pub one_shot: bool,
    pub pages: Slot<Vec<u8>>,
    pub search: Slot<Vec<crate::indexes::search::Entry>>,
    pub data: Slot<DataParts>,
    /// Per document, its card on the home, organisation and topic pages (`render::doc_cards`).
    pub cards: Slot<tera::Value>,
    /// Per document, its commitments as quote candidates.
    pub candidates: Slot<super::quotes::DocumentCandidates>,
    /// Per report, its quotes' matches.
    pub quotes: Slot<super::quotes::ReportMatches>,
    /// Per document, its index rows (see `indexes::rows`).
    pub rows: RowSlots,
    /// The site's own pages and the index pages the last run rendered, by path
    /// (`render::page_cache`).
    pub index_pages: crate::render::RenderedPages,
}

/// A document's index rows, in document order, each set under a key hashing what its rows
/// show: the plain row of each item listed, and the traced row of each recommendation.
#[derive(Default)]
pub struct RowSlots {
    pub plain: Slot<Vec<tera::Value>>,
    pub traced: Slot<Vec<tera::Value>>,
}

/// A document's share of each open-data dataset (in [`crate::indexes::DATASETS`] order),
/// already serialized, so the files are its parts joined.
pub struct DataParts {
    pub datasets: Vec<DatasetPart>,
}

pub struct DatasetPart {
    pub rows: usize,
    /// The rows, without the header.
    pub csv: Vec<u8>,
    /// The records as elements of the pretty-printed array, joined by `,\n`.
    pub json: Vec<u8>,
    /// Why a record did not fit the dataset's schema (a mistake in the code): the dataset is
    /// then reported as failed, not written with shifted columns.
    pub failed: Option<String>,
}

impl Memo {
    pub fn new(context: u64) -> Memo {
        Memo {
            context,
            ..Memo::default()
        }
    }

    /// A memo for a build no rebuild follows: it stores nothing (see [`Memo::one_shot`]).
    pub fn one_shot(context: u64) -> Memo {
        fn no_store<T>() -> Slot<T> {
            Slot {
                stores: false,
                ..Slot::default()
            }
        }
        Memo {
            context,
            one_shot: true,
            pages: no_store(),
            search: no_store(),
            data: no_store(),
            cards: no_store(),
            candidates: no_store(),
            quotes: no_store(),
            rows: RowSlots {
                plain: no_store(),
                traced: no_store(),
            },
            index_pages: crate::render::RenderedPages::default(),
        }
    }

    /// Drops the parts of documents no longer in the site. It is told which ones (the
    /// resolve stage knows) rather than handed every live path: looking up every stored
    /// path in a set of 10,000 was ~12 ms of every save, even when none had gone.
    pub fn forget(&self, gone: &[String]) {
        if gone.is_empty() {
            return;
        }
        self.pages.forget(gone);
        self.search.forget(gone);
        self.data.forget(gone);
        self.cards.forget(gone);
        self.candidates.forget(gone);
        self.quotes.forget(gone);
        self.rows.plain.forget(gone);
        self.rows.traced.forget(gone);
    }

    /// Drops every part, as when the theme changes.
    pub fn clear(&self) {
        self.pages.clear();
        self.search.clear();
        self.data.clear();
        self.cards.clear();
        self.candidates.clear();
        self.quotes.clear();
        self.rows.plain.clear();
        self.rows.traced.clear();
        self.index_pages.clear();
    }

    /// A hasher already fed with the context and the document's own fingerprint.
    pub fn hasher(&self, fingerprint: u64) -> std::collections::hash_map::DefaultHasher {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.context.hash(&mut hasher);
        fingerprint.hash(&mut hasher);
        hasher
    }
}
