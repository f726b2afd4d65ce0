//! The commitment filter's counts ("tagna upp / ännu inte tagna upp", a `:target` choice the
//! style sheet applies): every folded group's summary counts what it shows under each
//! choice, and says of how many ("3 av 12"). The summaries kept the whole count while the
//! filter hid rows of the group.

use regex::Regex;

use crate::member_pages::long_commitment_index;
use crate::{TestSite, main_of};

/// Each choice's count in a summary: `(all, ja, nej)`, and whether the choice's count says
/// the whole beside it when it is less.
fn summary_counts(summary: &str) -> (usize, usize, usize) {
    let span = |class: &str| {
        let pattern = format!(r#"<span class="n-{class}">(\d+) (?:av (\d+) )?[^<\d]+</span>"#);
        let c = Regex::new(&pattern)
            .expect("regex")
            .captures(summary)
            .unwrap_or_else(|| panic!("n-{class} in {summary}"));
        let n: usize = c[1].parse().expect("a count");
        (
            n,
            c.get(2)
                .map(|of| of.as_str().parse::<usize>().expect("a count")),
        )
    };
    let (all, of_all) = span("all");
    assert_eq!(of_all, None, "{summary}");
    let (ja, ja_of) = span("ja");
    let (nej, nej_of) = span("nej");
    for (n, of) in [(ja, ja_of), (nej, nej_of)] {
        assert_eq!(of, (n != all).then_some(all), "'{n} av {all}': {summary}");
    }
    (all, ja, nej)
}

/// The folded groups of `html` with a count per choice: each summary, and what the group
/// holds up to its own `</details>` (a commitment's diagram is folded inside it).
fn counted_folds(html: &str) -> Vec<(&str, &str)> {
    let mut folds = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find(r#"<details class="fold"><summary>"#) {
        let open = &rest[at..];
        let summary_end = open.find("</summary>").expect("a closed summary");
        let mut depth = 0;
        let mut end = open.len();
        for (i, _) in open.match_indices("details") {
            if open[..i].ends_with('<') {
                depth += 1;
            } else if open[..i].ends_with("</") {
                depth -= 1;
                if depth == 0 {
                    end = i;
                    break;
                }
            }
        }
        if open[..summary_end].contains(r#"<span class="n-ja">"#) {
            folds.push((&open[..summary_end], &open[summary_end..end]));
        }
        rest = &open[summary_end..];
    }
    folds
}

/// How many rows of a folded group each choice leaves: commitments by `data-taken-up`,
/// strategies by the mark that hides them under a choice they have none of.
fn shown_under_each_choice(group: &str) -> (usize, usize, usize) {
    let commitments =
        Regex::new(r#"<li class="commitment" data-taken-up="(ja|nej)""#).expect("regex");
    let strategies = Regex::new(r#"<li class="strategy-row([^"]*)""#).expect("regex");
    let (mut all, mut ja, mut nej) = (0, 0, 0);
    for c in commitments.captures_iter(group) {
        all += 1;
        if &c[1] == "ja" {
            ja += 1;
        } else {
            nej += 1;
        }
    }
    for c in strategies.captures_iter(group) {
        all += 1;
        ja += usize::from(!c[1].contains("none-ja"));
        nej += usize::from(!c[1].contains("none-nej"));
    }
    (all, ja, nej)
}

fn assert_summaries_count_what_is_shown(html: &str, least: usize) {
    let folds = counted_folds(html);
    assert!(folds.len() >= least, "{} folds: {html}", folds.len());
    for (summary, group) in folds {
        assert_eq!(
            summary_counts(summary),
            shown_under_each_choice(group),
            "{summary}"
        );
    }
}

/// The bundled example's commitment index: each section of more than three commitments is
/// folded, and under "tagna upp" its summary said all six though one was hidden.
#[test]
fn the_commitment_index_counts_what_each_choice_shows() {
    let build = TestSite::example().build();
    let html = main_of(TestSite::page(&build, "ataganden/index.html"));
    assert_summaries_count_what_is_shown(html, 3);
    assert!(
        html.contains(r#"<span class="n-all">6 åtaganden</span><span class="n-ja">5 av 6 åtaganden</span><span class="n-nej">1 av 6 åtaganden</span>"#),
        "{html}"
    );
}

/// The long index folds each organisation's strategies: under a choice, the strategies with
/// none of it are hidden, and the summary said all of them.
#[test]
fn the_long_commitment_index_counts_the_strategies_each_choice_shows() {
    let build = long_commitment_index().build();
    let html = main_of(TestSite::page(&build, "ataganden/index.html"));
    assert_summaries_count_what_is_shown(html, 3);
    assert!(
        html.contains(r#"<summary>Visa <span class="n-all">4 strategidokument</span><span class="n-ja">0 av 4 strategidokument</span><span class="n-nej">4 strategidokument</span></summary>"#),
        "{html}"
    );
}
