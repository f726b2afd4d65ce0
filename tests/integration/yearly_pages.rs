//! The organisation page's year by year (issue #21): each plan with its annual reports and
//! how many goals it had, linked to their follow-up under "Mål per period", and a chart of
//! the years.

use crate::{TestSite, main_of};

#[test]
fn the_organisation_page_shows_its_plans_year_by_year() {
    let build = TestSite::fixture().build();
    let page = main_of(TestSite::page(&build, "organisationer/lokal/index.html"));
    let section = page
        .split("<section class=\"yearly-cycle\"")
        .nth(1)
        .expect("the year-by-year section");
    // Every goal of both plans in words once, above the periods under "Mål per period",
    // and each period's follow-up once, beside its goals: the year by year told them all
    // again, so a member read each period's follow-up twice.
    let all = words(
        "7 mål:",
        &[
            ("done", "2 klara"),
            ("ongoing", "1 pågår"),
            ("not_started", "1 ej påbörjat"),
            ("dropped", "2 avslutade utan genomförande"),
            ("none", "1 utan uppföljning"),
        ],
    );
    let of_2022 = words(
        "4 mål:",
        &[
            ("done", "1 klart"),
            ("ongoing", "1 pågår"),
            ("not_started", "1 ej påbörjat"),
            ("dropped", "1 avslutat utan genomförande"),
        ],
    );
    assert_eq!(page.matches(&all).count(), 1, "{page}");
    assert_eq!(page.matches(&of_2022).count(), 1, "{page}");
    let periods = page.matches("<section class=\"period-goals\"").count();
    assert_eq!(periods, 2, "{page}");
    assert_eq!(
        page.matches("<div class=\"followup-words\">").count(),
        periods + 1,
        "{page}"
    );
    let period_2022 = page
        .split("<h3 id=\"mal-2022\">2022</h3>")
        .nth(1)
        .and_then(|rest| rest.split("</section>").next())
        .expect("the goals of 2022");
    assert!(period_2022.contains(&of_2022), "{period_2022}");
    assert!(!section.contains("followup-words"), "{section}");
    let years: Vec<&str> = section
        .split("<li class=\"yearly-year\">")
        .skip(1)
        .collect();
    assert_eq!(years.len(), 2, "{section}");
    // 2022: its annual report; its goals, linked to their period; 2 carried over into 2023.
    assert!(years[0].contains("<h3>2022</h3>"), "{}", years[0]);
    assert!(
        years[0].contains(
            "Verksamhetsberättelse: <a href=\"/planer/lokal/verksamhetsberattelse-2022/\">Verksamhetsberättelse 2022</a>"
        ),
        "{}",
        years[0]
    );
    assert!(
        years[0].contains("<a href=\"#mal-2022\">4 mål</a> · förs vidare: 2"),
        "{}",
        years[0]
    );
    assert!(years[1].contains("<h3>2023</h3>"), "{}", years[1]);
    assert!(
        years[1].contains("Verksamhetsberättelse: ingen ännu"),
        "{}",
        years[1]
    );
    assert!(
        years[1].contains("<a href=\"#mal-2023\">3 mål</a> · förs vidare: 0"),
        "{}",
        years[1]
    );
    // The chart: a column per plan, oldest first, hidden from screen readers ("Mål per
    // period" says the same).
    let chart = section
        .split("<svg")
        .nth(1)
        .and_then(|rest| rest.split("</svg>").next())
        .expect("the chart");
    assert!(chart.contains("aria-hidden=\"true\""), "{chart}");
    let labels: Vec<&str> = chart
        .split("text-anchor=\"middle\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .collect();
    assert_eq!(labels, ["2022", "2023"]);
    assert_eq!(chart.matches("<rect").count(), 7, "{chart}");
    // An organisation without plans has no such section.
    let partiet = main_of(TestSite::page(&build, "organisationer/partiet/index.html"));
    assert!(!partiet.contains("yearly-cycle"));
}

/// The HTML `followup_summary.html` writes for a total and its parts (class, words).
fn words(total: &str, parts: &[(&str, &str)]) -> String {
    let mut html =
        format!("<span class=\"followup-total\">{total}</span> <ul class=\"followup-parts\">");
    for (class, part) in parts {
        html.push_str(&format!("<li class=\"fu-{class}\">{part}</li>"));
    }
    html + "</ul>"
}
