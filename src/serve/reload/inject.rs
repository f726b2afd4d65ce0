//! The reload script and the error overlay, added to HTML as the server sends it.

use super::{BuildStatus, status_json};
use crate::diagnostic::Lang;

/// Adds the reload script, and the error overlay while the last build failed, before the
/// page's `</body>` (at the end when there is none). Only the server calls this: the built
/// site never contains either.
pub fn inject_live_reload(html: &str, status: &BuildStatus, lang: Lang) -> String {
    inject(html, status, lang, crate::text!("serve.overlay-title"))
}

/// The page served while the first build has failed: there is no site yet, so the overlay
/// does not claim to lie over the last good build. It reloads when a build succeeds.
pub fn no_site_page(status: &BuildStatus, lang: Lang) -> String {
    let page = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title></head>\
         <body style=\"font-family:sans-serif;margin:1em\"><main><h1>{title}</h1><p>{text}</p></main></body></html>",
        lang = lang.code(),
        title = crate::html::escape(&crate::text!("serve.no-site-title").render(lang)),
        text = crate::html::escape(&crate::text!("serve.no-site").render(lang)),
    );
    inject(
        &page,
        status,
        lang,
        crate::text!("serve.overlay-title-no-site"),
    )
}

/// `title` heads the overlay over pages that are not the failed build's (the last good
/// build's, or the page telling there is none).
fn inject(html: &str, status: &BuildStatus, lang: Lang, title: crate::diagnostic::Text) -> String {
    let title = title.render(lang);
    let current_title = crate::text!("serve.overlay-title-current").render(lang);
    let mut snippet = String::with_capacity(SCRIPT.len() + 256);
    if let Some(errors) = &status.errors {
        let title = if status.current {
            &current_title
        } else {
            &title
        };
        snippet.push_str(&render_overlay(errors, title));
    }
    snippet.push_str(SCRIPT_TAG);
    // The title as a JSON string, `<` escaped like the status's, for the script's overlay.
    let json_string = |text: &str| {
        serde_json::to_string(text)
            .unwrap_or_else(|_| "\"planpress\"".to_string())
            .replace('<', "\\u003c")
    };
    let script = SCRIPT
        .replace("__PLANPRESS_STATUS__", &script_safe_json(status))
        .replace("__OVERLAY_TITLE_CURRENT__", &json_string(&current_title))
        .replace("__OVERLAY_TITLE__", &json_string(&title));
    snippet.push_str(&script);
    snippet.push_str("</script>\n");
    let at = html.rfind("</body>").unwrap_or(html.len());
    let mut page = String::with_capacity(html.len() + snippet.len());
    page.push_str(&html[..at]);
    page.push_str(&snippet);
    page.push_str(&html[at..]);
    page
}

/// The overlay as the server renders it; the script builds the same markup when errors
/// arrive through a poll.
pub fn render_overlay(errors: &str, title: &str) -> String {
    let mut runs = String::new();
    for (excerpt, lines) in overlay_runs(errors) {
        let (style, focusable) = if excerpt {
            (EXCERPT_STYLE, " tabindex=\"0\"")
        } else {
            (MESSAGE_STYLE, "")
        };
        runs.push_str(&format!(
            "<pre style=\"{style}\"{focusable}>{}</pre>",
            crate::html::escape(&lines)
        ));
    }
    format!(
        "<div id=\"__planpress-overlay\" role=\"alert\" style=\"{OVERLAY_STYLE}\"><strong>{}</strong>\
         <div style=\"margin:.5em 0 0\">{runs}</div></div>\n",
        crate::html::escape(title),
    )
}

/// The diagnostics cut into runs of lines: a source excerpt (the lines whose text before
/// their first `|` is only a line number and spaces) keeps its columns and scrolls sideways,
/// so the caret stays under the column it marks on a narrow screen; messages and help wrap.
/// reload.js cuts the errors it polls by the same rule.
fn overlay_runs(errors: &str) -> Vec<(bool, String)> {
    let mut runs: Vec<(bool, String)> = Vec::new();
    for line in errors.lines() {
        let excerpt = line
            .split_once('|')
            .is_some_and(|(gutter, _)| gutter.chars().all(|c| c == ' ' || c.is_ascii_digit()));
        match runs.last_mut() {
            Some((kind, lines)) if *kind == excerpt => {
                lines.push('\n');
                lines.push_str(line);
            }
            _ => runs.push((excerpt, line.to_string())),
        }
    }
    runs
}

/// JSON inside `<script>` must not close the element or open a comment: `<` is written as
/// its escape, which JSON strings allow.
fn script_safe_json(status: &BuildStatus) -> String {
    status_json(status).replace('<', "\\u003c")
}

/// The script's own tag. The attribute tells it from the page's scripts: a page with scripts
/// of its own is reloaded whole, since swapping its body would leave them behind.
const SCRIPT_TAG: &str = "<script data-planpress-reload>";

const OVERLAY_STYLE: &str = "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;\
background:#fff3f3;color:#5a0000;border-top:4px solid #c00;padding:1em 1.5em;font:14px/1.4 monospace;\
box-shadow:0 -2px 12px rgba(0,0,0,.3)";

/// A source excerpt never wraps: a wrapped line would leave its caret under another column.
const EXCERPT_STYLE: &str = "white-space:pre;overflow-x:auto;margin:0";
const MESSAGE_STYLE: &str = "white-space:pre-wrap;margin:0";

/// The script, kept as a file of its own so that it reads (and lints) as JavaScript.
const RELOAD_SCRIPT: &str = include_str!("reload.js");

/// The script with the overlay style filled in, built once.
static SCRIPT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    RELOAD_SCRIPT
        .replace("__OVERLAY_STYLE__", OVERLAY_STYLE)
        .replace("__EXCERPT_STYLE__", EXCERPT_STYLE)
        .replace("__MESSAGE_STYLE__", MESSAGE_STYLE)
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::reload::Touched;
    use crate::serve::reload::generations::Reloader;
    use crate::serve::reload::tests::{files, status};
    use std::time::Duration;

    #[test]
    fn script_goes_before_the_closing_body_tag() {
        let page = inject_live_reload(
            "<html><body><p>x</p></body></html>",
            &status(3, None),
            Lang::En,
        );
        let script = page.find(SCRIPT_TAG).expect("script injected");
        assert!(script < page.find("</body>").expect("body kept"));
        assert!(page.contains(
            "var status = {\"generation\":3,\"errors\":null,\"complete\":true,\"current\":false};"
        ));
        assert!(
            !page.contains("__planpress-overlay\" role"),
            "no overlay after a good build"
        );
        assert!(page.ends_with("</body></html>"));
    }

    #[test]
    fn a_page_without_body_gets_the_script_at_the_end() {
        let page = inject_live_reload("<p>fragment</p>", &status(1, None), Lang::En);
        assert!(page.starts_with("<p>fragment</p><script data-planpress-reload>"));
    }

    /// The script finds its own element by this attribute, and a placeholder left unfilled
    /// would stop it before it polls, so no tab would ever update.
    #[test]
    fn the_injected_script_is_marked_and_filled_in() {
        let page = inject_live_reload("<body></body>", &status(5, Some("x")), Lang::En);
        assert_eq!(page.matches("<script").count(), 1, "{page}");
        assert!(page.contains(SCRIPT_TAG));
        assert!(!page.contains("__PLANPRESS_STATUS__"), "status filled in");
        assert!(
            !page.contains("__OVERLAY_STYLE__"),
            "overlay style filled in"
        );
        assert!(page.contains(&format!("var style = \"{OVERLAY_STYLE}\";")));
        assert!(page.contains(&format!("var excerptStyle = \"{EXCERPT_STYLE}\";")));
        assert!(page.contains(&format!("var messageStyle = \"{MESSAGE_STYLE}\";")));
        assert!(
            !page.contains("__OVERLAY_TITLE__"),
            "overlay title filled in"
        );
        assert!(page.contains("script[data-planpress-reload]"));
        assert!(page.contains("planpress:updated"));
    }

    /// On a phone the excerpt's lines are wider than the screen: wrapped, the caret line
    /// would point at a column of the wrong piece of the source line.
    #[test]
    fn the_source_excerpt_keeps_its_columns_and_the_messages_wrap() {
        let errors = "fel[E055]: länk till ett dokument som inte finns: `x`\n  --> content/a.md:23:136\n   |\n23 | …och en [[x]] hållbar…\n   |         ^\n   = hjälp: skriv | inte\n\nfel[E001]: b\n";
        let runs = overlay_runs(errors);
        let kinds: Vec<bool> = runs.iter().map(|(excerpt, _)| *excerpt).collect();
        assert_eq!(kinds, [false, true, false]);
        assert_eq!(
            runs[1].1,
            "   |\n23 | …och en [[x]] hållbar…\n   |         ^"
        );
        assert_eq!(runs[2].1, "   = hjälp: skriv | inte\n\nfel[E001]: b");
        let overlay = render_overlay(errors, "planpress");
        let excerpt = format!("<pre style=\"{EXCERPT_STYLE}\" tabindex=\"0\">   |\n23 |");
        assert!(overlay.contains(&excerpt), "{overlay}");
        assert_eq!(overlay.matches(MESSAGE_STYLE).count(), 2, "{overlay}");
    }

    #[test]
    fn failed_build_adds_an_escaped_overlay_and_safe_json() {
        let errors = "error: bad <toml>\n  --> content/a.md:2:1\n</script><script>alert(1)";
        let page = inject_live_reload("<body></body>", &status(2, Some(errors)), Lang::En);
        assert!(page.contains("<div id=\"__planpress-overlay\""));
        assert!(page.contains("error: bad &lt;toml&gt;"));
        assert!(page.contains("content/a.md:2:1"));
        assert_eq!(
            page.matches("</script>").count(),
            1,
            "the errors cannot close the script: {page}"
        );
    }

    /// The overlay was English over Swedish errors: its title is the errors' language, in
    /// the server's markup and in the script that draws it after a poll.
    #[test]
    fn the_overlay_speaks_the_language_of_its_errors() {
        let page = inject_live_reload("<body></body>", &status(2, Some("fel[E018]")), Lang::Sv);
        let title =
            "planpress: senaste ombygget misslyckades; det här är den senaste fungerande versionen";
        assert!(
            page.contains(&format!("<strong>{title}</strong>")),
            "{page}"
        );
        assert!(
            page.contains(&format!("var overlayTitle = \"{title}\";")),
            "{page}"
        );
        assert!(!page.contains("last rebuild failed"), "{page}");
        let page = inject_live_reload("<body></body>", &status(2, Some("error")), Lang::En);
        assert!(page.contains("planpress: the last rebuild failed; this is the last good build"));
    }

    /// A rebuild that wrote its pages and then found a broken link was titled "this is the
    /// last good build" over the very page with the link: the title says the page shows the
    /// change, in the server's markup and in a poll's answer, and a good build clears it.
    #[test]
    fn errors_over_the_builds_own_pages_are_not_called_the_last_good_build() {
        let reloader = Reloader::new(4);
        let generation =
            reloader.publish_written_with_errors("fel[E058]".into(), files(&["a/index.html"]));
        let status = reloader.status();
        assert!(status.current, "{status:?}");
        let page = inject_live_reload("<body></body>", &status, Lang::Sv);
        assert!(
            page.contains("<strong>planpress: sidorna visar din ändring, men den har fel"),
            "{page}"
        );
        assert!(
            !page.contains("<strong>planpress: senaste ombygget misslyckades"),
            "{page}"
        );
        let answer = reloader.wait_for_change(0, Some(&["a/index.html"]), Duration::ZERO);
        assert!(answer.reload && answer.status.current, "{answer:?}");
        assert!(status_json(&answer).contains("\"current\":true"));
        reloader.publish(Some("fel".into()), Touched::none(), true);
        assert!(
            !reloader.status().current,
            "a build that wrote nothing keeps the old pages"
        );
        reloader.publish(None, Touched::none(), true);
        assert!(!reloader.status().current);
        assert!(generation < reloader.status().generation);
    }
}
