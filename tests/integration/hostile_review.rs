//! Pathological inputs for what this round added (the review of issues #19 and #22), held
//! to the ceilings of [`super::hostile`]: a build that grows with its input, not its square.

use super::hostile::{assert_survives, strategy};

/// Old: a number joined to its decimals was looked over whole at each comma, and a run of
/// "1,1,1,…" is one word: a megabyte of it took the search index hours.
#[test]
fn a_long_run_of_decimals() {
    assert_survives("decimals", &strategy(&"1,".repeat(1_000_000)), false);
}

/// Old: each `[[target]]` link's title was written over its target wherever any item or
/// paragraph of its document or its running text held it, a pass over all of them per link.
#[test]
fn many_goals_each_with_a_link_without_text() {
    let items: String = (0..20_000)
        .map(|n| format!("- mål {n} enligt [[partiet/fientlig]]\n"))
        .collect();
    let text = strategy(&format!("{{.goals}}\n\n{items}"));
    assert_survives("goals with links without text", &text, false);
}

/// Old: an item was found by walking its document's items, once per link to it (for the
/// title a link without text shows, and for what a backlink shows): links × items.
#[test]
fn many_links_to_the_items_of_a_long_list() {
    let count = 30_000;
    let items: String = (1..=count)
        .map(|n| {
            format!(
                "- aktivitet {n}, se [[partiet/fientlig#akt-del-{}]]\n",
                count + 1 - n
            )
        })
        .collect();
    let text = strategy(&format!("{{.activities}}\n\n{items}"));
    assert_survives("links to the items of a long list", &text, false);
}

/// Old: a heading was found by walking its document's table of contents, once per link to
/// it: links × headings.
#[test]
fn many_links_to_the_headings_of_a_long_document() {
    let count = 60_000;
    let sections: String = (1..=count)
        .map(|n| {
            let target = count + 1 - n;
            format!("## Rubrik {n}\n\nSe [[partiet/fientlig#rubrik-{target}]].\n\n")
        })
        .collect();
    let text = strategy(&sections);
    assert_survives("links to the headings of a long document", &text, false);
}
