//! The site's own pages and the index pages as the last run rendered them, for the preview
//! server: a save changes a handful of the ~2,000 index pages of a 10,000-document site, yet
//! each is rendered again, since what it lists may have changed. Rendered into a new buffer,
//! each was then compared byte for byte with what the folder holds; at 10,000 documents that
//! was ~340 MB allocated, copied and compared per save. Here a page is rendered into a
//! writer that compares what Tera writes with the last run's bytes as it comes: an unchanged
//! page allocates nothing and hands back the last run's buffer, which the server then tells
//! unchanged by its address; the first difference stops the comparison and the page is
//! rendered into a buffer as before. The comparison is exact, so nothing can go stale
//! through a key that misses an input.
//!
//! The pages are kept by path in the pipeline's [`RenderMemo`], replaced whole by each run that
//! renders them all, so a page no longer made goes with it. A one-shot build keeps none.

use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex};

use crate::diagnostic::Diagnostic;

use super::{OutputFile, PageJob, RenderMemo, Theme, render_bytes_sized};

/// The bytes of each page the last run rendered, by path.
#[derive(Default)]
pub struct RenderedPages {
    last: Mutex<HashMap<String, Arc<Vec<u8>>>>,
}

/// One run's use of [`RenderedPages`]: what the last run left, and what this one makes.
pub(super) struct PageRun<'m> {
    memo: &'m RenderMemo,
    last: HashMap<String, Arc<Vec<u8>>>,
    made: Mutex<Vec<(String, Arc<Vec<u8>>)>>,
}

impl<'m> PageRun<'m> {
    /// `None` for a one-shot build, which renders every page once.
    pub(super) fn start(memo: &'m RenderMemo) -> Option<PageRun<'m>> {
        if memo.keys.one_shot {
            return None;
        }
        let last = std::mem::take(&mut *lock(&memo.index_pages.last));
        Some(PageRun {
            memo,
            last,
            made: Mutex::new(Vec::new()),
        })
    }

    /// Renders `job` into a buffer of `size` bytes, or hands back the last run's bytes of
    /// the page when it renders to the same.
    pub(super) fn render(
        &self,
        theme: &Theme,
        job: PageJob,
        size: usize,
    ) -> Result<OutputFile, Diagnostic> {
        let bytes = match self.last.get(&job.path) {
            Some(last) if renders_as(theme, &job, last) => last.clone(),
            _ => Arc::new(render_bytes_sized(theme, &job, size)?),
        };
        lock(&self.made).push((job.path.clone(), bytes.clone()));
        Ok(OutputFile::shared(job.path, bytes))
    }

    /// Keeps the pages this run made for the next, in place of the last run's.
    pub(super) fn finish(self) {
        let made = self
            .made
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *lock(&self.memo.index_pages.last) = made.into_iter().collect();
    }
}

/// Whether `job` renders to exactly `last`. A template error is a difference: rendering into
/// a buffer then reports it.
fn renders_as(theme: &Theme, job: &PageJob, last: &[u8]) -> bool {
    let mut same = SameAs { last, at: 0 };
    theme
        .tera
        .render_to(job.template, &job.context, &mut same)
        .is_ok()
        && same.at == last.len()
}

/// A writer that takes only the bytes of `last`, in order, and fails at the first other one,
/// which stops the rendering there.
struct SameAs<'a> {
    last: &'a [u8],
    at: usize,
}

impl Write for SameAs<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let end = self.at + bytes.len();
        if self.last.get(self.at..end) == Some(bytes) {
            self.at = end;
            Ok(bytes.len())
        } else {
            Err(std::io::Error::other(
                "the page differs from the last run's",
            ))
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A map is whole between two statements: one a panicking thread held is still valid.
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_writer_takes_the_same_bytes_only() {
        let mut same = SameAs {
            last: b"<p>ab</p>",
            at: 0,
        };
        assert!(same.write_all(b"<p>").is_ok() && same.write_all(b"ab</p>").is_ok());
        assert_eq!(same.at, 9);
        assert!(same.write_all(b"x").is_err(), "longer than the last run's");
        let mut other = SameAs {
            last: b"<p>ab</p>",
            at: 0,
        };
        assert!(other.write_all(b"<p>ac").is_err());
        let mut shorter = SameAs {
            last: b"<p>ab</p>",
            at: 0,
        };
        assert!(shorter.write_all(b"<p>").is_ok());
        assert_ne!(
            shorter.at,
            shorter.last.len(),
            "a prefix is not the same page"
        );
    }
}
