//! `planpress ids PATH`: a document's items with their ids, kinds and first words, which
//! follow-up files and links name. The document is parsed on its own, so the list is there
//! even while other files of the site have errors; its own errors are returned beside it.

use std::path::Path;

use crate::config::{DraftMode, load_config_or_defaults};
use crate::content::{SourceFile, load_vocabulary};
use crate::diagnostic::{Diagnostic, Text};
use crate::markdown::{MarkupLabels, ParseContext, ParseOutcome, parse_document};
use crate::text;

/// How many words of an item's text the listing shows.
const FIRST_WORDS: usize = 8;

/// One line per item, `id  kind  first words…`, and the document's diagnostics; or why the
/// file could not be read.
pub fn list_ids(root: &Path, path: &Path) -> Result<(Vec<String>, Vec<Diagnostic>), Text> {
    let outcome = parse_alone(root, path)?;
    let lines = outcome
        .document
        .map(|document| {
            let width = document.items.iter().map(|i| i.id.len()).max().unwrap_or(0);
            document
                .items
                .iter()
                .map(|item| {
                    let words: Vec<&str> =
                        item.text.split_whitespace().take(FIRST_WORDS + 1).collect();
                    let more = if words.len() > FIRST_WORDS {
                        " …"
                    } else {
                        ""
                    };
                    let shown = words[..words.len().min(FIRST_WORDS)].join(" ");
                    format!(
                        "{:width$}  {:14}  {shown}{more}",
                        item.id,
                        item.kind.as_str()
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    Ok((lines, outcome.diagnostics))
}

/// Parses the document at `path` (under the site's `content/`) on its own, with the site's
/// settings and vocabulary; or says why the file could not be read.
pub fn parse_alone(root: &Path, path: &Path) -> Result<ParseOutcome, Text> {
    let (config, _) =
        load_config_or_defaults(root, None, DraftMode::Include).map_err(|_| text!("E108"))?;
    let file = if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    };
    let file = match file.extension() {
        Some(_) => file,
        None => file.with_extension("md"),
    };
    let content = config.content_dir.canonicalize().map_err(|e| {
        text!(
            "E001",
            file = config.content_dir.display(),
            error = crate::diagnostic::os_error(&e)
        )
    })?;
    let canonical = file.canonicalize().map_err(|e| {
        text!(
            "E001",
            file = file.display(),
            error = crate::diagnostic::os_error(&e)
        )
    })?;
    let rel = canonical
        .strip_prefix(&content)
        .map_err(|_| text!("E109", file = file.display()))?;
    let rel_path = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    let text = std::fs::read_to_string(&canonical).map_err(|e| {
        text!(
            "E001",
            file = file.display(),
            error = crate::diagnostic::os_error(&e)
        )
    })?;
    let source = SourceFile {
        display_path: Path::new("content").join(&rel_path),
        rel_path,
        text: std::sync::Arc::new(text),
    };
    let (vocabulary, _) = load_vocabulary(&config.content_dir);
    let labels = MarkupLabels::default();
    let context = ParseContext {
        config: &config,
        vocabulary: &vocabulary,
        labels: &labels,
    };
    Ok(parse_document(&source, &context))
}
