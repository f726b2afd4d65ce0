//! Every element of every page, outside a document's body, is written by a template (issue
//! #22): with each bundled template overridden by a copy whose output is bracketed by
//! comments naming it, every start tag on every page of a site with every page kind stands
//! inside some bracket, and the innermost one is of a template that writes that tag and its
//! classes. A value made of HTML in Rust and printed by a template (`{{ row }}`) is not that
//! template's markup, so a page kind, row or chip written in Rust fails here even where it
//! copies the template's classes into a tag the template has none of, or adds classes of its
//! own. The other test of the overrides (`templates.rs`) checks that each template is
//! reached and each partial's piece is the site's; this one that nothing else writes HTML.
//!
//! A document's body is the one exception (docs/ARCHITECTURE.md, *Every page through the
//! templates*): the parse stage renders it from Markdown, so it is bracketed as a whole and
//! only the item metadata inside it (`item_meta.html`) is checked.

use std::collections::BTreeMap;

use crate::repo_root;
use crate::templates::a_site_of_every_page_kind;

/// The bracket around a document's body, which `document.html` prints as `{{ body }}`.
const BODY: &str = "body";

/// A bundled HTML template with its output bracketed: `<!--in:NAME-->` … `<!--out:NAME-->`
/// inside each block of a page template, around the whole of `base.html` after its doctype
/// and of a partial; and the body bracketed in `document.html`.
fn bracketed(name: &str, source: &str) -> String {
    let (open, close) = (format!("<!--in:{name}-->"), format!("<!--out:{name}-->"));
    let source = source.replace(
        "{{ body }}",
        &format!("<!--in:{BODY}-->{{{{ body }}}}<!--out:{BODY}-->"),
    );
    if source.contains("{% extends") {
        let mut marked = String::new();
        let mut rest = source.as_str();
        while let Some(at) = rest.find("{% block ") {
            let start = at + rest[at..].find("%}").expect("a closed block tag") + 2;
            let end = start + rest[start..].find("{% endblock").expect("an endblock");
            marked.push_str(&rest[..start]);
            marked.push_str(&open);
            marked.push_str(&rest[start..end]);
            marked.push_str(&close);
            rest = &rest[end..];
        }
        marked.push_str(rest);
        return marked;
    }
    let (head, rest) = match source.strip_prefix("<!DOCTYPE html>\n") {
        Some(rest) => ("<!DOCTYPE html>\n", rest),
        None => ("", source.as_str()),
    };
    format!("{head}{open}{}{close}", rest.trim_end_matches('\n'))
}

/// Whether `template` writes the class `class` on a `<name>`: as written, as a literal part
/// followed by a value (`status-{{ item.status }}` writes `status-done`), or as a value
/// whole (`<rect class="{{ bar.class }}"`: the yearly chart's bars are classed by status in
/// Rust, a word for the style sheet rather than markup).
fn writes_class(template: &str, name: &str, class: &str) -> bool {
    template.contains(class)
        || template.contains(&format!("<{name} class=\"{{{{"))
        || class.match_indices('-').any(|(at, _)| {
            let prefix = &class[..=at];
            template.contains(&format!("{prefix}{{{{"))
                || template.contains(&format!("{prefix}{{%"))
        })
}

/// The classes of the start tag `tag` (its text from `<` to `>`).
fn classes(tag: &str) -> Vec<&str> {
    let Some(at) = tag.find(" class=\"") else {
        return Vec::new();
    };
    let value = &tag[at + 8..];
    value[..value.find('"').unwrap_or(value.len())]
        .split_whitespace()
        .collect()
}

/// What on `page` is not written by the template whose bracket it stands in.
fn strays(page: &str, sources: &BTreeMap<String, String>) -> Vec<String> {
    let mut found = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    let mut rest = page;
    while let Some(at) = rest.find('<') {
        rest = &rest[at..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            let end = comment.find("-->").expect("a closed comment");
            let text = &comment[..end];
            if let Some(name) = text.strip_prefix("in:") {
                open.push(name);
            } else if let Some(name) = text.strip_prefix("out:") {
                assert_eq!(open.pop(), Some(name), "brackets out of order");
            }
            rest = &comment[end + 3..];
            continue;
        }
        let end = rest.find('>').expect("a closed tag") + 1;
        let tag = &rest[..end];
        let name: String = (tag[1..].chars())
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        rest = &rest[end..];
        if name.is_empty() {
            continue; // an end tag or the doctype
        }
        if name == "script" || name == "style" {
            rest = &rest[rest.find(&format!("</{name}>")).unwrap_or(0)..];
        }
        match open.last() {
            None => found.push(format!("{tag} outside every template")),
            Some(&BODY) => {}
            Some(template) => {
                let source = &sources[*template];
                if !source.contains(&format!("<{name}")) {
                    found.push(format!("<{name}> in {template}, which writes none"));
                }
                for class in classes(tag) {
                    if !writes_class(source, &name, class) {
                        found.push(format!(
                            "<{name}> in {template}, which writes no class {class}"
                        ));
                    }
                }
            }
        }
    }
    assert!(open.is_empty(), "brackets left open: {open:?}");
    found
}

#[test]
fn every_element_outside_the_body_is_written_by_a_template() {
    let site = a_site_of_every_page_kind();
    let bundled_dir = repo_root().join("themes/default/templates");
    let mut sources = BTreeMap::new();
    for entry in std::fs::read_dir(&bundled_dir).expect("the bundled templates") {
        let name = entry.expect("a template").file_name();
        let name = name.to_string_lossy().into_owned();
        if !name.ends_with(".html") {
            continue;
        }
        let source = std::fs::read_to_string(bundled_dir.join(&name)).expect("a template");
        site.write(&format!("templates/{name}"), bracketed(&name, &source));
        sources.insert(name, source);
    }
    let build = site.build();
    let mut found: BTreeMap<String, String> = BTreeMap::new();
    for file in build.outputs.iter().filter(|f| f.path.ends_with(".html")) {
        let page = String::from_utf8_lossy(&file.bytes);
        for stray in strays(&page, &sources) {
            found.entry(stray).or_insert_with(|| file.path.clone());
        }
    }
    let found: Vec<String> = (found.iter())
        .map(|(stray, page)| format!("{page}: {stray}"))
        .collect();
    assert!(
        found.is_empty(),
        "HTML no template wrote:\n{}",
        found.join("\n")
    );
}

/// The reading itself: what a template writes passes, what Rust would add does not.
#[test]
fn the_reading_tells_a_templates_markup_from_rusts() {
    let sources: BTreeMap<String, String> = [(
        "row.html".to_string(),
        "<li class=\"row status-{{ s }}\"><a href=\"{{ u }}\">{{ t }}</a></li>".to_string(),
    )]
    .into();
    let page = "<!--in:row.html--><li class=\"row status-done\"><a href=\"/\">x</a></li><!--out:row.html-->";
    assert!(strays(page, &sources).is_empty());
    let body = "<!--in:body--><h2 class=\"anything\">x</h2><!--out:body-->";
    assert!(strays(body, &sources).is_empty());
    for page in [
        "<!--in:row.html--><li class=\"row\"><span>x</span></li><!--out:row.html-->",
        "<!--in:row.html--><li class=\"row chip-rust\">x</li><!--out:row.html-->",
        "<p>outside</p>",
    ] {
        assert_eq!(strays(page, &sources).len(), 1, "{page}");
    }
}
