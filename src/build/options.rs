//! What a build is asked to do, and what it tells when it is done.

use std::path::PathBuf;
use std::time::Duration;

use crate::config::DraftMode;
use crate::diagnostic::{Text, counted};

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: DraftMode,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: DraftMode::Exclude,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Summary {
    pub documents: usize,
    pub items: usize,
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
}

impl Summary {
    /// "5 dokument, 317 punkter, …" in `lang`, each count in its number ("1 sida").
    pub fn in_lang(&self, lang: crate::diagnostic::Lang) -> String {
        let [documents, items, pages, files] = self.counted(lang);
        crate::text!(
            "summary.counts",
            documents = documents,
            items = items,
            pages = pages,
            files = files,
            ms = self.elapsed.as_millis()
        )
        .render(lang)
    }

    /// The documents, items, pages and files, each with its noun in its number.
    pub fn counted(&self, lang: crate::diagnostic::Lang) -> [String; 4] {
        use crate::text;
        let counted = |n: usize, one: Text, other: Text| counted(n, one, other, lang);
        [
            counted(
                self.documents,
                text!("count.document.one"),
                text!("count.document.other"),
            ),
            counted(
                self.items,
                text!("count.item.one"),
                text!("count.item.other"),
            ),
            counted(
                self.pages,
                text!("count.page.one"),
                text!("count.page.other"),
            ),
            counted(
                self.files,
                text!("count.file.one"),
                text!("count.file.other"),
            ),
        ]
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.in_lang(crate::diagnostic::Lang::En))
    }
}
