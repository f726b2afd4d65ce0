//! The organisation page's year by year (issue #21): each plan with its annual reports and
//! what became of its goals, in words, as a bar and as a chart of the years.

use crate::{TestSite, main_of};

#[test]
fn the_organisation_page_shows_its_plans_year_by_year() {
    let build = TestSite::fixture().build();
    let page = main_of(TestSite::page(&build, "organisationer/lokal/index.html"));
    let section = page
        .split("<section class=\"yearly-cycle\"")
        .nth(1)
        .expect("the year-by-year section");
    // Every goal of both plans, in words beside the bar the words describe.
    assert!(
        section.contains("7 mål: 2 klara, 1 pågår, 1 ej påbörjade, 2 avslutade utan genomförande, 1 utan uppföljning"),
        "{section}"
    );
    let rows: Vec<&str> = section.split("<tr>").skip(2).collect();
    assert_eq!(rows.len(), 2, "{section}");
    // 2022: its annual report; 1 done, 2 carried over into 2023, 1 dropped.
    assert!(
        rows[0].contains("<th scope=\"row\">2022</th>"),
        "{}",
        rows[0]
    );
    assert!(
        rows[0].contains(
            "<a href=\"/planer/lokal/verksamhetsberattelse-2022/\">Verksamhetsberättelse 2022</a>"
        ),
        "{}",
        rows[0]
    );
    let cells = |row: &str| -> Vec<String> {
        row.split("<td>")
            .skip(3)
            .map(|cell| cell.split("</td>").next().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(cells(rows[0]), ["1", "2", "1"]);
    assert!(rows[1].contains("ingen ännu"), "{}", rows[1]);
    assert_eq!(cells(rows[1]), ["1", "0", "1"]);
    // The chart: a column per plan, oldest first, hidden from screen readers (the table
    // says the same).
    let chart = section
        .split("<svg")
        .nth(1)
        .and_then(|rest| rest.split("</svg>").next())
        .expect("the chart");
    assert!(chart.contains("aria-hidden=\"true\""), "{chart}");
    let years: Vec<&str> = chart
        .split("text-anchor=\"middle\">")
        .skip(1)
        .filter_map(|rest| rest.split('<').next())
        .collect();
    assert_eq!(years, ["2022", "2023"]);
    assert_eq!(chart.matches("<rect").count(), 7, "{chart}");
    // An organisation without plans has no such section.
    let partiet = main_of(TestSite::page(&build, "organisationer/partiet/index.html"));
    assert!(!partiet.contains("yearly-cycle"));
}
