//! Blocks that never end: a code fence or an HTML comment left open runs to the end of the
//! document in Markdown, and every heading, goal and numbered paragraph after it is shown
//! as code or hidden, in no index, without a word.

use super::*;

impl Walker<'_, '_> {
    /// A fenced code block whose closing fence is missing, when what it swallowed holds
    /// Markdown structure (a heading, a list, an attribute line, a numbered paragraph): code
    /// that merely lacks its last fence at the end of a document shows as it would closed.
    pub(super) fn check_unclosed_fence(&mut self, index: usize, code: &str) {
        let range = self.events[index].1.clone();
        let Some(block) = self.source.text.get(range.clone()) else {
            return;
        };
        let Some(opening) = block.lines().next() else {
            return;
        };
        let fence = opening.trim_start_matches([' ', '\t', '>']);
        let Some(mark) = fence.chars().next().filter(|c| matches!(c, '`' | '~')) else {
            return;
        };
        let length = fence.chars().take_while(|&c| c == mark).count();
        let closed = block.lines().skip(1).last().is_some_and(|last| {
            let last = last.trim_matches([' ', '\t', '>']);
            last.chars().take_while(|&c| c == mark).count() >= length
                && last.chars().all(|c| c == mark)
        });
        if closed || !code.lines().any(looks_like_structure) {
            return;
        }
        let written: String = fence.chars().take(length).collect();
        let at = range.start..range.start + opening.len();
        let diagnostic = Diagnostic::err(text!("E140", fence = &written))
            .help(text!("E140.help", fence = &written));
        self.push_diagnostic(diagnostic, at);
    }

    /// An HTML block opening with `<!--` whose `-->` never comes: the rest of the document
    /// is that block, not read as Markdown. Asked only at a block's first line, and the
    /// first `-->` after it is where the block ends, so the search costs the block's
    /// length and the blocks of a document do not overlap.
    pub(super) fn check_unclosed_comment(&mut self, raw: &str, range: &Range<usize>) {
        let opening = raw.trim_start();
        if !opening.starts_with("<!--") {
            return;
        }
        let start = range.start + (raw.len() - opening.len());
        let Some(rest) = self.source.text.get(start + 4..) else {
            return;
        };
        if rest.contains("-->") {
            return;
        }
        let line_end = rest
            .find('\n')
            .map_or(self.source.text.len(), |n| start + 4 + n);
        let diagnostic = Diagnostic::err(text!("E141")).help(text!("E141.help"));
        self.push_diagnostic(diagnostic, start..line_end);
    }
}

impl Walker<'_, '_> {
    /// `##Struktur`, without the space after the `#`s, is a paragraph: the heading is not
    /// in the table of contents, and the goals under it take their ids from the section
    /// above. One `#` before a word is left alone: `#metoo` opening a paragraph is a tag.
    pub(super) fn check_heading_without_space(&mut self, index: usize) {
        let start = self.events[index].1.start;
        let Some(rest) = self.source.text.get(start..) else {
            return;
        };
        let line = rest.split('\n').next().unwrap_or("").trim_end();
        let hashes = line.bytes().take_while(|&b| b == b'#').count();
        let glued = line[hashes..].starts_with(char::is_alphanumeric);
        if !(2..=6).contains(&hashes) || !glued {
            return;
        }
        let written: String = line.chars().take(40).collect();
        let meant = format!("{} {}", &line[..hashes], &written[hashes..]);
        let diagnostic = Diagnostic::err(text!("E153", written = &written))
            .help(text!("E153.help", meant = meant));
        self.push_diagnostic(diagnostic, start..start + line.len());
    }
}

/// How far a broken link is looked for around its `(@/` or `[[`: its text and address,
/// and no more, so that a long line of them costs its length.
const LINK_REACH: usize = 160;

impl Walker<'_, '_> {
    /// `[text] (@/…)`, `[text](@/a b.md)`, `[text](@/….md` and `[[…]` are printed as written
    /// in Markdown: the link is not made, not checked, and no message says so. In a text
    /// run (never code), `(@/` and a `[[` without its `]]` on the line are such links.
    pub(super) fn check_broken_link_syntax(&mut self, range: &Range<usize>) {
        let Some(source) = self.source.text.get(range.clone()) else {
            return;
        };
        let mut found: Vec<Range<usize>> = Vec::new();
        for (at, _) in source.match_indices("(@/") {
            if found.last().is_some_and(|last| at < last.end) {
                continue;
            }
            let back = floor(source, at.saturating_sub(LINK_REACH));
            let start = source[back..at].rfind('[').map_or(at, |n| back + n);
            let ahead = floor(source, (at + LINK_REACH).min(source.len()));
            let end = source[at..ahead].find([')', '\n']).map_or(ahead, |n| {
                at + n + usize::from(source[at + n..].starts_with(')'))
            });
            found.push(start..end);
        }
        let mut reported_to = 0;
        for (at, _) in source.match_indices("[[") {
            // `[[` opening a name (`[[solna/…`), once a line: a run of brackets is text.
            let named = source[at + 2..].starts_with(char::is_alphanumeric);
            let escaped = at > 0 && source.as_bytes().get(at - 1) == Some(&b'\\');
            if at < reported_to || !named || escaped {
                continue;
            }
            let ahead = floor(source, (at + LINK_REACH).min(source.len()));
            let line = source[at..ahead].split('\n').next().unwrap_or("");
            if !line.contains("]]") {
                reported_to = at + line.len();
                found.push(at..at + line.trim_end().len());
            }
        }
        for span in found {
            let written = source[span.clone()].to_string();
            let diagnostic =
                Diagnostic::err(text!("E151", written = written)).help(text!("E151.help"));
            self.push_diagnostic(diagnostic, range.start + span.start..range.start + span.end);
        }
    }
}

/// `at`, or the nearest char boundary of `text` below it.
fn floor(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A line that Markdown would have read as a heading, a list item, an attribute line or a
/// numbered paragraph, had no open fence swallowed it.
fn looks_like_structure(line: &str) -> bool {
    let line = line.trim_start();
    let heading = line.starts_with('#') && line.trim_start_matches('#').starts_with(' ');
    heading
        || super::list_markers::after_list_marker(line).is_some_and(|rest| rest.starts_with(' '))
        || line.starts_with("{.")
        || line.starts_with("{#")
        || line.starts_with('§')
}

#[cfg(test)]
mod tests {
    use super::looks_like_structure;

    #[test]
    fn structure_is_told_from_code() {
        for line in [
            "## Mål",
            "1. Ett mål",
            "- akt",
            "{.goals}",
            "§3 Text",
            "  #### X",
        ] {
            assert!(looks_like_structure(line), "{line}");
        }
        for line in [
            "let x = 1;",
            "#include <x>",
            "-x",
            "2023-01-01",
            "",
            "fn a() {",
        ] {
            assert!(!looks_like_structure(line), "{line}");
        }
    }
}
