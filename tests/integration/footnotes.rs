//! Footnotes as a member reads them on a phone: the raised number says "Fotnot 1" to a
//! screen reader, and the note at the foot of the page leads back to where it was referred
//! to ("↩"), in the theme's words.

use crate::TestSite;
use crate::judged_mistakes::{INTRODUCTION, huddinge_with};

const PAGE: &str = "huddinge/verksamhetsplan-2021-2022/index.html";

/// A note referred to twice, one referred to once and one nothing refers to.
const NOTES: &str = "## Inledning\n\nStyrelsen[^b] beslutade så[^a] och så[^b].\n\n\
    [^a]: Protokoll 5.\n[^b]: Protokoll 6.\n[^c]: Ingen hänvisar hit.\n";

fn between<'a>(page: &'a str, start: &str, end: &str) -> &'a str {
    let from = page
        .find(start)
        .unwrap_or_else(|| panic!("{start}\n{page}"));
    let rest = &page[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

#[test]
fn a_note_leads_back_to_each_reference_to_it() {
    let build = huddinge_with(INTRODUCTION, NOTES).build();
    let page = TestSite::page(&build, PAGE);
    // Each reference has an id of its own for the way back.
    for id in ["fnref-b", "fnref-a", "fnref-b-2"] {
        assert_eq!(
            page.matches(&format!("id=\"{id}\"")).count(),
            1,
            "{id}\n{page}"
        );
    }
    let note_a = between(page, r#"id="fn-a""#, "</div>");
    assert!(
        note_a.contains(
            r##"<a class="footnote-backref" href="#fnref-a"><span aria-hidden="true">↩</span><span class="visually-hidden">Tillbaka till hänvisning</span></a>"##
        ),
        "{note_a}"
    );
    let note_b = between(page, r#"id="fn-b""#, "</div>");
    for (nth, href) in [(1, "#fnref-b"), (2, "#fnref-b-2")] {
        let back = format!(
            r#"href="{href}"><span aria-hidden="true">↩<sup>{nth}</sup></span><span class="visually-hidden">Tillbaka till hänvisning {nth}</span>"#
        );
        assert!(note_b.contains(&back), "{back}\n{note_b}");
    }
    let note_c = between(page, r#"id="fn-c""#, "</div>");
    assert!(!note_c.contains("footnote-backref"), "{note_c}");
}

/// The words are the theme's: a site that calls them otherwise gets its own.
#[test]
fn the_words_of_a_footnote_are_the_themes() {
    let site = huddinge_with(INTRODUCTION, NOTES);
    let strings = site.read("themes/default/i18n/sv.toml");
    site.write(
        "themes/default/i18n/sv.toml",
        strings
            .replace("footnote = \"Fotnot\"", "footnote = \"Not\"")
            .replace(
                "footnote_back = \"Tillbaka till hänvisning\"",
                "footnote_back = \"Upp\"",
            ),
    );
    let build = site.build();
    let page = TestSite::page(&build, PAGE);
    assert!(
        page.contains(r##"<a href="#fn-a"><span class="visually-hidden">Not </span>2</a>"##),
        "{page}"
    );
    assert!(
        page.contains(r#"<span class="visually-hidden">Upp</span>"#),
        "{page}"
    );
}

/// A note no reference leads to stood among the notes without a word: its place in the text
/// was lost. It is a warning at the note.
#[test]
fn a_note_nothing_refers_to_is_a_warning() {
    let site = huddinge_with(INTRODUCTION, NOTES);
    crate::assert_warnings!(site);
}

/// `[^kalla]` in the text and the note `[^källa]`: the error names the note it likely meant.
#[test]
fn a_misspelt_reference_names_the_note_it_likely_meant() {
    let site = huddinge_with(
        INTRODUCTION,
        "## Inledning\n\nEnligt registret[^kalla].\n\n[^källa]: Medlemsregistret 2024.\n",
    );
    crate::assert_messages!(site);
}

/// The parser matches `[^Not]` with the note `[^not]` regardless of case: numbered by the
/// label as written, the two had different numbers and the reference led to no id.
#[test]
fn a_reference_finds_its_note_whatever_its_case() {
    let build = huddinge_with(
        INTRODUCTION,
        "## Inledning\n\nStyrelsen[^Not] beslutade.\n\n[^not]: Protokoll 5.\n",
    )
    .build();
    assert!(build.warnings.is_empty(), "{:?}", build.warnings);
    let page = TestSite::page(&build, PAGE);
    for expected in [
        r##"id="fnref-not"><a href="#fn-not">"##,
        r#"id="fn-not"><sup class="footnote-definition-label">1</sup>"#,
        r##"href="#fnref-not""##,
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
}
