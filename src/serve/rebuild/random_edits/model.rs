//! The model of the random-edit test: the site's editable files as text, which the disk
//! follows after each edit (`sync`, the paths touched as a watcher reports them), and the
//! seeded random numbers every edit draws from, so a seed gives the same sequence anywhere.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::serve::rebuild::tests::folder;

/// splitmix64: small, seedable, and the same on every platform.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            Some(&items[self.below(items.len())])
        }
    }
}

/// The site's editable files as text, by path under the site root; the disk follows it.
pub(super) struct Model {
    pub(super) files: BTreeMap<String, String>,
    /// The files of the last step that built, to go back to after a breaking edit.
    pub(super) last_good: BTreeMap<String, String>,
    pub(super) counter: usize,
}

impl Model {
    pub(super) fn load(root: &Path) -> Model {
        let files: BTreeMap<String, String> = folder(root)
            .into_iter()
            .filter(|(path, _)| {
                path == "site.toml"
                    || path.starts_with("content/")
                    || path == "themes/default/templates/document.html"
                    || path == "themes/default/templates/index.html"
            })
            .map(|(path, bytes)| (path, String::from_utf8(bytes).expect("utf-8")))
            .collect();
        Model {
            last_good: files.clone(),
            files,
            counter: 0,
        }
    }

    pub(super) fn documents(&self) -> Vec<String> {
        self.files
            .keys()
            .filter(|p| p.starts_with("content/") && p.ends_with(".md"))
            .cloned()
            .collect()
    }

    /// `(document path without content/ and .md, anchor)` of every `{#id}` in the site.
    pub(super) fn anchors(&self) -> Vec<(String, String)> {
        let mut anchors = Vec::new();
        for path in self.documents() {
            let doc = doc_path(&path);
            anchors.push((doc.clone(), String::new()));
            let text = &self.files[&path];
            for piece in text.split("{#").skip(1) {
                let id: String = piece
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                if !id.is_empty() {
                    anchors.push((doc.clone(), id));
                }
            }
        }
        anchors
    }

    pub(super) fn fresh_name(&mut self, stem: &str) -> String {
        self.counter += 1;
        format!("{stem}-{}", self.counter)
    }
}

pub(super) fn doc_path(file: &str) -> String {
    file.trim_start_matches("content/")
        .trim_end_matches(".md")
        .to_string()
}

/// Writes the model's files that differ from the disk and deletes those it no longer has;
/// returns the paths touched, as a watcher reports them.
pub(super) fn sync(
    root: &Path,
    model: &Model,
    on_disk: &mut BTreeMap<String, String>,
) -> Vec<PathBuf> {
    let mut touched = Vec::new();
    for (path, text) in &model.files {
        if on_disk.get(path) != Some(text) {
            let full = root.join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(&full, text).expect("write");
            touched.push(full);
        }
    }
    for path in on_disk.keys() {
        if !model.files.contains_key(path) {
            let full = root.join(path);
            std::fs::remove_file(&full).expect("remove");
            touched.push(full);
        }
    }
    *on_disk = model.files.clone();
    touched
}
