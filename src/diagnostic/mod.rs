//! Content problems as values: a [`Diagnostic`] names the file, line and column of a mistake
//! in the author's input, and prints like a compiler's message, with the source line and a
//! caret, so that editors and terminals make the location clickable.
//!
//! Operational failures (a disk that cannot be written) are [`crate::error::Error`]s instead.

mod catalog;
mod lang;
mod locate;
mod os_error;
mod report;

use std::fmt;
use std::path::{Path, PathBuf};

pub use catalog::{Arg, IntoArg, Text, keys as catalogue_keys};
pub use lang::Lang;
pub use locate::{Locator, WINDOW_CHARS};
pub use os_error::os_error;
pub use report::{
    Collector, SHOWN_PER_FILE, counted, error_count, errors_counted, render_diagnostics,
    render_diagnostics_in, warnings_counted,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// Where a message points: a position in a source file, 1-based, with the column counted
/// in characters; or a file as a whole, or the folder a missing file would go in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Location {
    pub path: PathBuf,
    /// `(line, column)`, or `None` for the file or folder as a whole: a made-up `:1:1`
    /// sent the author to the first line of a file that had nothing there, or no file.
    pub position: Option<(usize, usize)>,
}

impl Location {
    pub fn at(path: PathBuf, line: usize, column: usize) -> Location {
        Location {
            path,
            position: Some((line, column)),
        }
    }

    /// The line, if the location is a position.
    pub fn line(&self) -> Option<usize> {
        self.position.map(|(line, _)| line)
    }
}

/// `path:line:column`, or the path alone.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, column)) => write!(f, "{}:{line}:{column}", self.path.display()),
            None => write!(f, "{}", self.path.display()),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub location: Option<Location>,
    /// The message in English, which also groups repeats and orders messages stably.
    pub message: String,
    pub help: Option<String>,
    /// The message by its catalogue key, put into words in the language asked for when
    /// shown; `None` only for a message with no entry (an error of the operating system).
    pub text: Option<Text>,
    /// The help by its catalogue key(s), joined by "; " when shown.
    #[serde(skip)]
    pub help_text: Vec<Text>,
    /// The line the location points at, for the caret display: the whole line, or a window
    /// of it around the caret with `…` where it was cut.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// Characters of `source_line` before the caret.
    #[serde(skip)]
    pub caret: usize,
    /// How many characters the caret underlines.
    #[serde(skip)]
    pub width: usize,
    /// How many more diagnostics exactly like this one (file, severity, message) were
    /// found and not kept, to be counted when they are reported.
    #[serde(skip)]
    pub more_alike: usize,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            location: None,
            message: message.into(),
            help: None,
            text: None,
            help_text: Vec::new(),
            source_line: None,
            caret: 0,
            width: 1,
            more_alike: 0,
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    /// Points the diagnostic at `span` (byte offsets) of `source`, the whole text of `path`.
    /// Costs a pass over `source`: to point many diagnostics into one file, use a [`Locator`].
    pub fn at(self, path: &Path, source: &str, span: std::ops::Range<usize>) -> Self {
        Locator::new(path, source).locate(self, span)
    }

    /// Points the diagnostic at `span` of the file `locator` holds.
    pub fn at_in(self, locator: &Locator<'_>, span: std::ops::Range<usize>) -> Self {
        locator.locate(self, span)
    }

    /// Points the diagnostic at a file as a whole, shown as its path alone.
    pub fn in_file(mut self, path: &Path) -> Self {
        self.location = Some(Location {
            path: path.to_path_buf(),
            position: None,
        });
        self
    }

    /// Points the diagnostic at a folder, shown with a `/` at its end: where a file that
    /// does not exist would go.
    pub fn in_folder(self, path: &Path) -> Self {
        self.in_file(&path.join(""))
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self.help_text.clear();
        self
    }

    /// An error from the catalogue: `Diagnostic::err(text!("E012", value = v))`.
    pub fn err(text: Text) -> Self {
        Diagnostic {
            text: Some(text.clone()),
            ..Diagnostic::error(text.render(Lang::En))
        }
    }

    /// A warning from the catalogue.
    pub fn warn(text: Text) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::err(text)
        }
    }

    /// Sets the help from the catalogue.
    pub fn help(mut self, text: Text) -> Self {
        self.help = Some(text.render(Lang::En));
        self.help_text = vec![text];
        self
    }

    /// Adds a help from the catalogue after the one there is, if any.
    pub fn and_help(mut self, text: Text) -> Self {
        let english = text.render(Lang::En);
        self.help = Some(match self.help.take() {
            Some(help) => format!("{help}; {english}"),
            None => english,
        });
        self.help_text.push(text);
        self
    }

    /// The error or warning code (`E012`), if the message is from the catalogue.
    pub fn code(&self) -> Option<&'static str> {
        self.text.as_ref().and_then(Text::code)
    }

    /// The message in `lang`.
    pub fn message_in(&self, lang: Lang) -> String {
        match &self.text {
            Some(text) => text.render(lang),
            None => self.message.clone(),
        }
    }

    /// The help in `lang`. A help set as plain text (from outside the catalogue) is shown
    /// as it is.
    pub fn help_in(&self, lang: Lang) -> Option<String> {
        if self.help_text.is_empty() || lang == Lang::En {
            return self.help.clone();
        }
        let parts: Vec<String> = self.help_text.iter().map(|t| t.render(lang)).collect();
        Some(parts.join("; "))
    }

    /// The diagnostic as the terminal and the overlay show it, in `lang`.
    pub fn display_in(&self, lang: Lang) -> impl fmt::Display + '_ {
        Shown {
            diagnostic: self,
            lang,
        }
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
    let offset = locate::floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = memchr::memchr_iter(b'\n', before.as_bytes()).count() + 1;
    let line_start = memchr::memrchr(b'\n', before.as_bytes()).map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// English, as tests and logs read it; [`Diagnostic::display_in`] for another language.
impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.display_in(Lang::En).fmt(f)
    }
}

struct Shown<'a> {
    diagnostic: &'a Diagnostic,
    lang: Lang,
}

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (this, lang) = (self.diagnostic, self.lang);
        let label = match this.severity {
            Severity::Error => crate::text!("label.error").render(lang),
            Severity::Warning => crate::text!("label.warning").render(lang),
        };
        let code = this.code().map(|c| format!("[{c}]")).unwrap_or_default();
        writeln!(f, "{label}{code}: {}", this.message_in(lang))?;
        if let Some(location) = &this.location {
            writeln!(f, "  --> {location}")?;
            if let (Some(line), Some(number)) = (&this.source_line, location.line()) {
                let number = number.to_string();
                let gutter = " ".repeat(number.len());
                writeln!(f, "{gutter} |")?;
                writeln!(f, "{number} | {line}")?;
                let pad: String = line
                    .chars()
                    .take(this.caret)
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                writeln!(f, "{gutter} | {pad}{}", "^".repeat(this.width))?;
            }
        }
        if let Some(help) = this.help_in(lang) {
            writeln!(f, "  = {}: {help}", crate::text!("label.help").render(lang))?;
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
    fn a_long_line_is_shown_as_a_window_around_the_caret() {
        // Two-byte characters, so that a cut in the middle of one would panic.
        let line = "å".repeat(10_000);
        let source = format!("x\n{line}\n");
        let start = 2 + 2 * 5000;
        let diagnostic = Diagnostic::error("here").at(Path::new("a.md"), &source, start..start + 4);
        let shown = diagnostic.source_line.clone().unwrap_or_default();
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert!(shown.chars().count() <= WINDOW_CHARS + 2);
        let location = diagnostic.location.clone();
        assert_eq!(location.and_then(|l| l.position), Some((2, 5001)));
        let text = diagnostic.to_string();
        let caret_line = text.lines().nth(4).unwrap_or_default();
        let shown_line = text.lines().nth(3).unwrap_or_default();
        // The caret sits under the character the column names: as many characters in.
        let caret_at = caret_line
            .chars()
            .position(|c| c == '^')
            .unwrap_or_default();
        assert_eq!(shown_line.chars().nth(caret_at), Some('å'));
        assert_eq!(caret_line.matches('^').count(), 2);
        assert_eq!(diagnostic.caret, 41, "40 characters of context and the `…`");
    }

    #[test]
    fn a_window_at_the_start_or_end_of_a_long_line_is_cut_on_one_side() {
        let line = format!("{}\r\n", "ab".repeat(500));
        let at_start = Diagnostic::error("x").at(Path::new("a.md"), &line, 0..1);
        let shown = at_start.source_line.unwrap_or_default();
        assert!(!shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        let end = line.len() - 3;
        let at_end = Diagnostic::error("x").at(Path::new("a.md"), &line, end..end + 10);
        let shown = at_end.source_line.unwrap_or_default();
        assert!(shown.starts_with('…') && shown.ends_with("ab"), "{shown:?}");
        assert_eq!(
            at_end.width, 1,
            "the underline stops at the end of the line"
        );
        assert_eq!(
            at_end
                .location
                .and_then(|l| l.position)
                .map(|(_, column)| column),
            Some(1000)
        );
    }

    #[test]
    fn did_you_mean_finds_close_slugs_only() {
        let slugs = ["solna", "huddinge", "storstockholm"];
        assert_eq!(did_you_mean("solana", slugs), Some("solna"));
        assert_eq!(did_you_mean("xyz", slugs), None);
    }
}
