//! Content problems as values: a [`Diagnostic`] names the file, line and column of a mistake
//! in the author's input, and prints like a compiler's message, with the source line and a
//! caret, so that editors and terminals make the location clickable.
//!
//! Operational failures (a disk that cannot be written) are [`crate::error::Error`]s instead.

use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// A position in a source file, 1-based, with the column counted in characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Option<Location>,
    pub message: String,
    pub help: Option<String>,
    /// The text of the line the location points at, for the caret display.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// How many characters the caret underlines.
    #[serde(skip)]
    pub width: usize,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: None,
            message: message.into(),
            help: None,
            source_line: None,
            width: 1,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Points the diagnostic at `span` (byte offsets) of `source`, the whole text of `path`.
    pub fn at(mut self, path: &Path, source: &str, span: std::ops::Range<usize>) -> Self {
        let start = floor_char_boundary(source, span.start.min(source.len()));
        let end = floor_char_boundary(source, span.end.clamp(start, source.len()));
        let (line, column) = line_column(source, start);
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let line_text = source[line_start..line_end].trim_end_matches('\r');
        let width = source[start..end.min(line_end).max(start)]
            .chars()
            .count()
            .max(1);
        self.location = Some(Location {
            path: path.to_path_buf(),
            line,
            column,
        });
        self.source_line = Some(line_text.to_string());
        self.width = width;
        self
    }

    /// Points the diagnostic at a file as a whole (line 1, column 1) without a source line.
    pub fn in_file(mut self, path: &Path) -> Self {
        self.location = Some(Location {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by file and position so that output is deterministic whatever order
/// the parallel stages found them in.
pub fn sort_diagnostics(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (&a.location, a.severity, &a.message).cmp(&(&b.location, b.severity, &b.message))
    });
}

/// Counts lines and characters up to `offset`; both start at 1.
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(source: &str, mut index: usize) -> usize {
    while index > 0 && !source.is_char_boundary(index) {
        index -= 1;
    }
    index
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        if let Some(location) = &self.location {
            writeln!(
                f,
                "  --> {}:{}:{}",
                location.path.display(),
                location.line,
                location.column
            )?;
            if let Some(line) = &self.source_line {
                let number = location.line.to_string();
                let gutter = " ".repeat(number.len());
                writeln!(f, "{gutter} |")?;
                writeln!(f, "{number} | {line}")?;
                let pad: String = line
                    .chars()
                    .take(location.column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                writeln!(f, "{gutter} | {pad}{}", "^".repeat(self.width))?;
            }
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// The nearest candidate to `wrong` by edit distance, if it is close enough to be a likely typo.
pub fn did_you_mean<'a>(
    wrong: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            (
                strsim::jaro_winkler(&wrong_lower, &candidate.to_lowercase()),
                candidate,
            )
        })
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_count_characters_not_bytes() {
        let source = "ab\nåäö x\n";
        let offset = source.find('x').unwrap_or_default();
        assert_eq!(line_column(source, offset), (2, 5));
        assert_eq!(line_column(source, 0), (1, 1));
    }

    #[test]
    fn display_shows_location_source_line_and_caret() {
        let source = "title = \"A\"\norganization = \"solana\"\n";
        let start = source.find("\"solana\"").unwrap_or_default();
        let diagnostic = Diagnostic::error("unknown organization `solana`")
            .at(Path::new("content/a.md"), source, start..start + 8)
            .with_help("did you mean `solna`?");
        assert_eq!(
            diagnostic.to_string(),
            "error: unknown organization `solana`\n  --> content/a.md:2:16\n  |\n2 | organization = \"solana\"\n  |                ^^^^^^^^\n  = help: did you mean `solna`?\n"
        );
    }

    #[test]
    fn did_you_mean_finds_close_slugs_only() {
        let slugs = ["solna", "huddinge", "storstockholm"];
        assert_eq!(did_you_mean("solana", slugs), Some("solna"));
        assert_eq!(did_you_mean("xyz", slugs), None);
    }
}
