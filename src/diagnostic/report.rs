//! Reporting many diagnostics without flooding the terminal or the preview's overlay: the
//! same mistake made at many places is shown a few times and then counted, and a file
//! shows a bounded number of diagnostics in full. A file's diagnostics are also kept to a
//! bounded number in memory while they are found ([`Collector`]).

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use super::{Diagnostic, Lang, Severity, Text};
use crate::text;

/// Diagnostics with the same file, severity and message shown in full before the rest are
/// counted in one line.
pub const SHOWN_ALIKE: usize = 3;
/// Diagnostics of one file shown in full before the rest are counted in one line.
pub const SHOWN_PER_FILE: usize = 50;
/// Diagnostics of one file kept while they are found; beyond these, a diagnostic like one
/// kept is counted on it ([`Diagnostic::more_alike`]) and any other only counted.
pub const KEPT_PER_FILE: usize = 200;

/// One file's diagnostics as they are found, at most `KEPT_PER_FILE` of them kept.
#[derive(Default)]
pub struct Collector {
    kept: Vec<Diagnostic>,
    /// The first kept diagnostic of each message, by severity.
    by_message: HashMap<String, [Option<usize>; 2]>,
    dropped: [usize; 2],
}

fn severity_index(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
    }
}

impl Collector {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        let severity = severity_index(diagnostic.severity);
        let first = self
            .by_message
            .get(diagnostic.message.as_str())
            .and_then(|slots| slots[severity]);
        if self.kept.len() < KEPT_PER_FILE {
            if first.is_none() {
                let slots = self
                    .by_message
                    .entry(diagnostic.message.clone())
                    .or_default();
                slots[severity] = Some(self.kept.len());
            }
            self.kept.push(diagnostic);
        } else if let Some(first) = first.and_then(|n| self.kept.get_mut(n)) {
            first.more_alike += 1 + diagnostic.more_alike;
        } else {
            self.dropped[severity] += 1 + diagnostic.more_alike;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }

    /// Whether a further diagnostic could be shown ([`SHOWN_PER_FILE`]), and so whether it
    /// is worth the cost of a suggestion ("did you mean …") that searches the site.
    pub fn wants_suggestions(&self) -> bool {
        self.kept.len() < SHOWN_PER_FILE
    }

    /// The kept diagnostics and, if any others were dropped, one that counts them (an
    /// error if any of them was one, so that a build does not pass on what it dropped).
    pub fn finish(self, path: &Path) -> Vec<Diagnostic> {
        let mut kept = self.kept;
        let [errors, warnings] = self.dropped;
        if errors + warnings > 0 {
            let message = text!(
                "E090",
                count = thousands(errors + warnings),
                file = path.display()
            );
            kept.push(if errors > 0 {
                Diagnostic::err(message)
            } else {
                Diagnostic::warn(message)
            });
        }
        kept
    }
}

type Key<'a> = (Option<&'a Path>, Severity, &'a str);

fn key(diagnostic: &Diagnostic) -> Key<'_> {
    (
        diagnostic.location.as_ref().map(|l| l.path.as_path()),
        diagnostic.severity,
        &diagnostic.message,
    )
}

/// What the first pass decided: which diagnostics are shown, and what is counted where.
#[derive(Default)]
struct Plan<'a> {
    shown: Vec<bool>,
    /// Occurrences of each key (with those counted in `more_alike`), how many are shown,
    /// and the index of the last shown.
    keys: HashMap<Key<'a>, (usize, usize, usize)>,
    /// Occurrences in each file, how many are shown, and the index of its last diagnostic.
    files: HashMap<Option<&'a Path>, (usize, usize, usize)>,
}

fn plan(diagnostics: &[Diagnostic]) -> Plan<'_> {
    let mut plan = Plan::default();
    for (n, diagnostic) in diagnostics.iter().enumerate() {
        let occurrences = 1 + diagnostic.more_alike;
        let file = plan.files.entry(key(diagnostic).0).or_default();
        let alike = plan.keys.entry(key(diagnostic)).or_default();
        let shown = alike.1 < SHOWN_ALIKE && file.1 < SHOWN_PER_FILE;
        alike.0 += occurrences;
        file.0 += occurrences;
        file.2 = n;
        if shown {
            alike.1 += 1;
            alike.2 = n;
            file.1 += 1;
        }
        plan.shown.push(shown);
    }
    plan
}

/// The diagnostics as the terminal and the preview's overlay show them: each in full with
/// its window of the source line, but past `SHOWN_ALIKE` of one mistake in one file, or
/// [`SHOWN_PER_FILE`] in one file, the rest counted in a line. The text grows with the number
/// of files and distinct mistakes, not with the number of times a mistake was made.
pub fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    render_diagnostics_in(diagnostics, Lang::En)
}

/// [`render_diagnostics`] in `lang`.
pub fn render_diagnostics_in(diagnostics: &[Diagnostic], lang: Lang) -> String {
    let plan = plan(diagnostics);
    let mut out = String::new();
    // Hidden diagnostics already counted by a "like this" line, by file.
    let mut counted: HashMap<Option<&Path>, usize> = HashMap::new();
    for (n, diagnostic) in diagnostics.iter().enumerate() {
        let (file, severity, message) = key(diagnostic);
        let place = file.map_or(String::new(), |p| {
            text!("note.in-file", file = p.display()).render(lang)
        });
        if plan.shown.get(n).copied().unwrap_or(false) {
            let _ = writeln!(out, "{}", diagnostic.display_in(lang));
            let (total, shown, last) = plan
                .keys
                .get(&(file, severity, message))
                .copied()
                .unwrap_or_default();
            if last == n && total > shown {
                let more = text!(
                    "note.more-alike",
                    count = thousands(total - shown),
                    place = &place
                );
                let _ = writeln!(out, "{}\n", more.render(lang));
                *counted.entry(file).or_default() += total - shown;
            }
        }
        let (total, shown, last) = plan.files.get(&file).copied().unwrap_or_default();
        let rest = (total - shown).saturating_sub(counted.get(&file).copied().unwrap_or(0));
        if last == n && rest > 0 {
            let more = text!(
                "note.more-problems",
                count = thousands(rest),
                place = &place
            );
            let _ = writeln!(out, "{}\n", more.render(lang));
        }
    }
    out
}

/// The number of errors among `diagnostics`, with those counted but not kept.
pub fn error_count(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| 1 + d.more_alike)
        .sum()
}

/// `count` with its noun in its number: `one` ("1 fil") or `other` with `{n}` ("7 filer").
pub fn counted(count: usize, one: Text, other: Text, lang: Lang) -> String {
    if count == 1 {
        one
    } else {
        other.arg("n", count)
    }
    .render(lang)
}

/// "1 error" or "4 errors", for the summaries that tell how many there were.
pub fn errors_counted(count: usize, lang: Lang) -> String {
    let (one, other) = (
        crate::text!("count.error.one"),
        crate::text!("count.error.other"),
    );
    counted(count, one, other, lang)
}

/// "1 warning" or "4 warnings".
pub fn warnings_counted(count: usize, lang: Lang) -> String {
    let (one, other) = (
        crate::text!("count.warning.one"),
        crate::text!("count.warning.other"),
    );
    counted(count, one, other, lang)
}

/// `4999` → `4,999`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn broken_link(column: usize) -> Diagnostic {
        let line = "[[a]] ".repeat(column / 6 + 1);
        Diagnostic::error("link to a document that does not exist: `a`").at(
            Path::new("content/a.md"),
            &line,
            column..column + 1,
        )
    }

    #[test]
    fn the_same_mistake_is_shown_three_times_then_counted() {
        let diagnostics: Vec<Diagnostic> = (0..5000).map(|n| broken_link(n * 6)).collect();
        let text = render_diagnostics(&diagnostics);
        assert_eq!(
            text.matches("error: link to a document").count(),
            SHOWN_ALIKE
        );
        assert!(
            text.contains("note: and 4,997 more like this in content/a.md\n"),
            "{text}"
        );
        assert!(text.len() < 2000, "{} bytes", text.len());
    }

    #[test]
    fn a_file_shows_a_bounded_number_of_different_mistakes() {
        let diagnostics: Vec<Diagnostic> = (0..120)
            .map(|n| Diagnostic::error(format!("mistake {n}")).in_file(Path::new("content/a.md")))
            .chain([Diagnostic::warning("elsewhere").in_file(Path::new("content/b.md"))])
            .collect();
        let text = render_diagnostics(&diagnostics);
        assert_eq!(text.matches("error: mistake").count(), SHOWN_PER_FILE);
        assert!(text.contains("note: and 70 more problems in content/a.md, not shown\n"));
        assert!(
            text.contains("warning: elsewhere"),
            "the next file is shown"
        );
    }

    #[test]
    fn a_collector_keeps_a_bounded_number_and_counts_the_rest() {
        let mut collector = Collector::default();
        for n in 0..1000 {
            collector.push(broken_link(n * 6));
        }
        for n in 0..50 {
            collector.push(Diagnostic::warning(format!("other {n}")));
        }
        let kept = collector.finish(Path::new("content/a.md"));
        assert_eq!(kept.len(), KEPT_PER_FILE + 1);
        assert_eq!(
            error_count(&kept),
            1000,
            "the alike ones dropped are counted"
        );
        let last = kept.last().map(|d| (d.severity, d.message.as_str()));
        assert_eq!(
            last,
            Some((
                Severity::Warning,
                "50 more problems in content/a.md were found and not kept; fix the ones above first"
            ))
        );
        let text = render_diagnostics(&kept);
        assert!(
            text.contains("note: and 997 more like this in content/a.md\n"),
            "{text}"
        );
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(4999), "4,999");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}
