//! What the stages' memos have in common. Each stage keeps what earlier runs derived from
//! each document in its own memo (`resolve::ResolveMemo`: quote matches; `render::RenderMemo`:
//! pages, cards; `indexes::IndexMemo`: search entries, open-data rows, index rows), owned by
//! the [`crate::build::Pipeline`] and handed to the stage that uses it, so a rebuild redoes
//! only the documents whose inputs changed. Each part is stored in a [`Slot`] under the
//! document's path with a key: a hash of everything the part depends on, started by
//! [`MemoKeys::hasher`] and worked out by the stage that makes the part. A cold build is the
//! same code with empty memos.

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

    /// The part stored for `path` under `key`, if any: for a stage that makes its missing
    /// parts together ([`Slot::insert`] stores them). A slot that stores nothing has none.
    pub fn get(&self, path: &str, key: u64) -> Option<Arc<T>> {
        if !self.stores {
            return None;
        }
        match self.lock().get(path) {
            Some((stored, part)) if *stored == key => Some(part.clone()),
            _ => None,
        }
    }

    /// Stores `part` for `path` under `key` (unless the slot stores nothing) and hands it back.
    pub fn insert(&self, path: &str, key: u64, part: T) -> Arc<T> {
        let part = Arc::new(part);
        self.made.fetch_add(1, Ordering::Relaxed);
        if self.stores {
            self.lock().insert(path.to_string(), (key, part.clone()));
        }
        part
    }

    /// How many parts were made since the last call.
    pub fn take_made(&self) -> usize {
        self.made.swap(0, Ordering::Relaxed)
    }

    pub fn forget(&self, gone: &[String]) {
        let mut parts = self.lock();
        for path in gone {
            parts.remove(path);
        }
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (u64, Arc<T>)>> {
        // A panic while holding the lock leaves a map that is still valid: keep using it.
        self.parts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// What every memo part's key starts from, and whether parts are kept at all.
#[derive(Debug, Clone, Copy, Default)]
pub struct MemoKeys {
    /// The config and the vocabulary, which every part may depend on.
    pub context: u64,
    /// Set for a one-shot `planpress build`: nothing will be rebuilt, so every part is made,
    /// used and dropped rather than kept (at 10,000 documents the pages alone are ~260 MB).
    pub one_shot: bool,
}

impl MemoKeys {
    /// A hasher already fed with the context and the document's own fingerprint.
    pub fn hasher(&self, fingerprint: u64) -> std::collections::hash_map::DefaultHasher {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.context.hash(&mut hasher);
        fingerprint.hash(&mut hasher);
        hasher
    }

    /// An empty slot, which stores nothing in a one-shot build.
    pub fn slot<T>(&self) -> Slot<T> {
        Slot {
            stores: !self.one_shot,
            ..Slot::default()
        }
    }
}
