//! Code blocks: highlighted when fenced with a language, and an indented list that Markdown
//! took for code caught.

use super::list_markers::starts_like_a_list_item;
use super::*;

impl<'a> Walker<'a, '_> {
    pub(super) fn code_block(&mut self, index: usize, kind: CodeBlockKind<'a>) -> usize {
        self.check_pending_list();
        let end = self.matching_end(index);
        let code: String = self.events[index + 1..end]
            .iter()
            .filter_map(|(e, _)| {
                if let Event::Text(t) = e {
                    Some(t.as_ref())
                } else {
                    None
                }
            })
            .collect();
        let language = match &kind {
            CodeBlockKind::Fenced(info) => {
                self.check_unclosed_fence(index, &code);
                info.split_whitespace().next().unwrap_or("").to_string()
            }
            CodeBlockKind::Indented => {
                self.check_indented_list(&code, index);
                String::new()
            }
        };
        let highlighted = if language.is_empty() {
            None
        } else {
            highlight_code(&code, &language)
        };
        if highlighted.is_none() && !language.is_empty() {
            let range = self.events[index].1.clone();
            let diagnostic = Diagnostic::warn(text!("W001", language = &language));
            self.push_diagnostic(diagnostic, range);
        }
        let body = highlighted.unwrap_or_else(|| escape(&code));
        let lang_attr = if language.is_empty() {
            String::new()
        } else {
            format!(" data-lang=\"{}\"", escape(&language))
        };
        self.out.push(html(format!(
            "<pre class=\"code\"{lang_attr}><code>{body}</code></pre>\n"
        )));
        end + 1
    }

    /// A list indented by a tab or four spaces after a blank line is a code block to
    /// Markdown: its items would be printed as code and be in no index, without a word.
    fn check_indented_list(&mut self, code: &str, index: usize) {
        let Some(first) = code.lines().find(|l| !l.trim().is_empty()) else {
            return;
        };
        if !starts_like_a_list_item(first.trim_start()) {
            return;
        }
        let range = self.events[index].1.clone();
        let text = self.source.text.as_str();
        // From the line's start: the indent is the mistake.
        let line_start = text
            .get(..range.start)
            .and_then(|before| before.rfind('\n'))
            .map_or(0, |n| n + 1);
        let rest = text.get(range.clone()).unwrap_or("");
        let line_end = rest.find('\n').map_or(range.end, |n| range.start + n);
        let at = line_start..line_end.max(line_start);
        let diagnostic = Diagnostic::err(text!("E133")).help(text!("E133.help"));
        self.push_diagnostic(diagnostic, at);
    }
}
