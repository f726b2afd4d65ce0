//! Code blocks highlighted by syntect into `hl-` CSS classes, so the theme's stylesheet
//! controls the colours (the default theme's are chosen for AA contrast) instead of inline
//! styles in every page.

use std::sync::LazyLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

static SYNTAXES: LazyLock<SyntaxSet> = LazyLock::new(SyntaxSet::load_defaults_newlines);

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// Highlighted HTML for the code, or `None` when the language is unknown to syntect.
pub fn highlight_code(code: &str, language: &str) -> Option<String> {
    let syntax = SYNTAXES.find_syntax_by_token(language)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, &SYNTAXES, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_languages_get_classes_unknown_ones_none() {
        let html = highlight_code("fn main() {}\n", "rust").unwrap_or_default();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert_eq!(highlight_code("x", "no-such-language"), None);
    }
}
