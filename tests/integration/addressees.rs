//! Addressees of recommendations (issue #18): the bundled report's 59, each read by hand
//! against the seed text and pinned here with what decides it; the rules on text an author
//! writes; and `check --explain addressees`.

use planpress::content::{AddresseeSource, load_vocabulary};
use planpress::document::{Item, ItemKind};

use crate::{TestSite, repo_root};

/// What decided a recommendation's addressees in the bundled report.
#[derive(Debug, PartialEq, Clone, Copy)]
enum By {
    /// `to=` on the item.
    Item,
    /// `to=` on its list's attribute line.
    List,
    /// The words before the sentence's `att`/`bör`/….
    Lead,
}
use By::*;

/// Every recommendation of content/storstockholm/framtidskommissionen-2020.md, in order.
const REPORT: &[(&str, &[&str], By)] = &[
    ("rek-sociala-medier", &["distriktsstyrelsen"], Item),
    ("rek-aktivistfond", &["distriktsstyrelsen"], Lead),
    ("rek-aktivistforum", &["distriktsstyrelsen"], Lead),
    ("rek-glesbygd", &["distriktsstyrelsen"], Lead),
    ("rek-bra-moten", &["distriktsstyrelsen"], Lead),
    ("rek-prioriterade-omraden", &["distriktsstyrelsen"], Item),
    (
        "rek-strategiska-forslag",
        &["parlamentariska-grupper"],
        Lead,
    ),
    (
        "rek-kommunicera-forslag",
        &["partiforeningarna", "distriktet"],
        Item,
    ),
    ("rek-en-kampanj-per-ar", &["distriktet"], Lead),
    ("rek-ung-vanster", &["distriktsstyrelsen"], Lead),
    ("rek-studentvanstern", &["distriktsstyrelsen"], Lead),
    (
        "rek-kandidatpresentationer",
        &[
            "distriktsstyrelsen",
            "partiforeningarna",
            "parlamentariska-grupper",
        ],
        Item,
    ),
    ("rek-unga-poster", &["parlamentariska-grupper"], Lead),
    (
        "rek-lyfta-unga",
        &["distriktsstyrelsen", "partiforeningarna"],
        Item,
    ),
    ("rek-digitala-kurser", &["distriktsstyrelsen"], Lead),
    (
        "rek-internfeministisk-handbok",
        &["distriktsstyrelsen"],
        Item,
    ),
    ("rek-handbok-konstituerande", &["partiforeningarna"], Lead),
    ("rek-mentor", &["fortroendevalda"], Lead),
    (
        "rek-arbetaryrken",
        &[
            "parlamentariska-grupper",
            "partiforeningarna",
            "distriktsstyrelsen",
        ],
        Lead,
    ),
    ("rek-branschforeningar", &["distriktsstyrelsen"], Lead),
    ("rek-lokala-foretradare", &["partiforeningarna"], Lead),
    ("rek-andra-med-fortroende", &["partiforeningarna"], Lead),
    ("rek-stotta-foretradare", &["distriktsstyrelsen"], Item),
    (
        "rek-avstamningsmoten",
        &["parlamentariska-grupper", "partiforeningarna"],
        Lead,
    ),
    ("rek-stod-till-rorelser", &["partiforeningarna"], Lead),
    ("rek-kartlaggning-rorelser", &["distriktsstyrelsen"], Item),
    ("rek-sociala-rorelser-4", &["distriktsstyrelsen"], Item),
    ("rek-mangfald-anstallda", &["vansterpartister"], Lead),
    (
        "rek-mangfald-sociala-medier",
        &["distriktsstyrelsen", "kanslierna", "partiforeningarna"],
        Lead,
    ),
    ("rek-andra-sprak", &["partiforeningarna"], Lead),
    ("rek-sprida-aktiviteter", &["distriktsstyrelsen"], Item),
    ("rek-erbjud-moteslokaler", &["partiforeningarna"], List),
    ("rek-gemensamma-aktiviteter", &["partiforeningarna"], List),
    ("rek-bjud-in-rorelser", &["partiforeningarna"], List),
    ("rek-organisatoriskt-stod", &["partiforeningarna"], List),
    ("rek-erbjud-utrustning", &["partiforeningarna"], List),
    ("rek-kontakter", &["partiforeningarna"], List),
    ("rek-finansiellt-stod", &["partiforeningarna"], List),
    ("rek-plattformar", &["partiforeningarna"], List),
    ("rek-fortroendevalda-avstamning", &["fortroendevalda"], Lead),
    ("rek-samarbete-lanet", &["distriktsstyrelsen"], Item),
    ("rek-remissinstanser", &["partiforeningarna"], Lead),
    (
        "rek-formoten",
        &["representanter-kommun-och-regionstyrelse"],
        Lead,
    ),
    ("rek-strategisk-planering", &["distriktsstyrelsen"], Lead),
    (
        "rek-nyckelreformer",
        &["partiforeningarna", "parlamentariska-grupper"],
        Lead,
    ),
    ("rek-aktivitetskalendarium", &["distriktsstyrelsen"], Item),
    ("rek-aktivistnatverket", &["distriktsstyrelsen"], Lead),
    ("rek-aktivitetsfonden", &["distriktsstyrelsen"], Lead),
    ("rek-fackliga-utskottet", &["distriktsstyrelsen"], Item),
    ("rek-begransad-narvaro", &["partiforeningarna"], Lead),
    ("rek-prioriterade-foreningar", &["distriktsstyrelsen"], Item),
    (
        "rek-lyfta-lokala-foretradare",
        &["regiongruppen", "partiforeningarna"],
        Lead,
    ),
    ("rek-kommunlistor", &["partiforeningarna"], Lead),
    ("rek-litet-representantskap", &["distriktsstyrelsen"], List),
    (
        "rek-kommunpolitisk-valkonferens",
        &["distriktsstyrelsen"],
        List,
    ),
    ("rek-stort-representantskap", &["distriktsstyrelsen"], List),
    ("rek-fyraarshjul", &["distriktsstyrelsen"], List),
    ("rek-kommunpolitiskt-program", &["distriktsstyrelsen"], List),
    ("rek-forlangt-mandat", &["distriktsstyrelsen"], List),
];

/// Recommendations whose `to=` says what their text cannot: a list whose items name no one
/// ("Erbjud dem våra möteslokaler.") takes the list's, and this one follows the one before it.
const TEXT_CANNOT_TELL: &[&str] = &["rek-sociala-rorelser-4"];

fn by(item: &Item) -> Option<By> {
    match item.addressed_by {
        AddresseeSource::Item => Some(Item),
        AddresseeSource::List { .. } => Some(List),
        AddresseeSource::Lead { .. } => Some(Lead),
        _ => None,
    }
}

fn recommendations(build: &planpress::build::Build) -> Vec<&Item> {
    build
        .site
        .documents
        .iter()
        .flat_map(|d| &d.items)
        .filter(|i| i.kind == ItemKind::Recommendation)
        .collect()
}

#[test]
fn the_bundled_reports_59_recommendations() {
    let build = TestSite::example().build();
    let found: Vec<(&str, Vec<&str>, Option<By>)> = recommendations(&build)
        .into_iter()
        .map(|i| {
            let slugs = i.addressees.iter().map(String::as_str).collect();
            (i.id.as_str(), slugs, by(i))
        })
        .collect();
    let expected: Vec<(&str, Vec<&str>, Option<By>)> = REPORT
        .iter()
        .map(|(id, slugs, by)| (*id, slugs.to_vec(), Some(*by)))
        .collect();
    assert_eq!(found, expected);
    assert_eq!(found.len(), 59);
}

/// The report's `to=` on single recommendations were written when the text was read whole
/// ("… tillsammans med de stora kanslierna" made the offices addressees too). Read as text
/// alone now, each gives what its `to=` says.
#[test]
fn the_reports_to_attributes_agree_with_its_text() {
    let build = TestSite::example().build();
    let (vocabulary, errors) = load_vocabulary(&repo_root().join("content"));
    assert!(errors.is_empty(), "{errors:?}");
    let mut checked = 0;
    for item in recommendations(&build) {
        if by(item) != Some(Item) || TEXT_CANNOT_TELL.contains(&item.id.as_str()) {
            continue;
        }
        let read = vocabulary.actor_matcher.addressees(&item.text);
        assert_eq!(
            read.slugs, item.addressees,
            "{}: {:?}",
            item.id, read.source
        );
        assert!(
            matches!(read.source, AddresseeSource::Lead { .. }),
            "{}",
            item.id
        );
        checked += 1;
    }
    assert_eq!(checked, 13);
}

const REPORT_PATH: &str = "content/storstockholm/framtidskommissionen-2020.md";

/// The report with a list of recommendations an author might add, after its last one.
fn report_with(lines: &str) -> TestSite {
    let site = TestSite::example();
    let text = site.read(REPORT_PATH);
    let last = "{#rek-forlangt-mandat}\n";
    assert!(text.contains(last));
    site.write(
        REPORT_PATH,
        text.replacen(last, &format!("{last}\n{{.recommendations}}\n\n{lines}"), 1),
    );
    site
}

fn addressees_of<'a>(build: &'a planpress::build::Build, id: &str) -> Vec<&'a str> {
    recommendations(build)
        .into_iter()
        .find(|i| i.id == id)
        .map(|i| i.addressees.iter().map(String::as_str).collect())
        .unwrap_or_else(|| panic!("no recommendation {id}"))
}

#[test]
fn issue_18_what_an_author_writes() {
    let site = report_with(concat!(
        "- Distriktet bör ordna kurser för förtroendevalda i Fyrbodal. {#rek-fyrbodal}\n",
        "- Partiföreningens styrelse bör bjuda in förtroendevalda. {#rek-styrelse}\n",
        "- Distriktets styrelse ska stötta partiföreningarna. {#rek-ds-possessiv}\n",
        "- Vi uppmanar distriktsstyrelsen att stötta kommungruppen. {#rek-to to=\"kanslierna\"}\n",
    ));
    let build = site.build();
    assert_eq!(addressees_of(&build, "rek-fyrbodal"), ["distriktet"]);
    assert_eq!(addressees_of(&build, "rek-styrelse"), ["partiforeningarna"]);
    assert_eq!(
        addressees_of(&build, "rek-ds-possessiv"),
        ["distriktsstyrelsen"]
    );
    assert_eq!(addressees_of(&build, "rek-to"), ["kanslierna"], "to= wins");
}

#[test]
fn check_explain_addressees_names_the_deciding_words() {
    let site = report_with(concat!(
        "- Distriktet bör ordna kurser för förtroendevalda i Fyrbodal. {#rek-fyrbodal}\n",
        "- Kurser för förtroendevalda. {#rek-utan-verb}\n",
        "- Erbjud dem lokaler. {#rek-ingen}\n",
    ));
    let explain = |lang: &str| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
            .args(["check", "--explain", "addressees", "--lang", lang, "--root"])
            .arg(site.root())
            .output()
            .expect("run planpress");
        assert!(output.status.success(), "{output:?}");
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let tail: Vec<&str> = stdout
            .lines()
            .skip_while(|l| !l.contains("rek-forlangt-mandat"))
            .filter(|l| !l.starts_with("Checked") && !l.starts_with("Kontrollerade"))
            .collect();
        tail.join("\n")
    };
    insta::assert_snapshot!("explain_sv", explain("sv"));
    insta::assert_snapshot!("explain_en", explain("en"));
}

/// An error elsewhere in the site hides no explanation: the check fails, and every
/// recommendation is still explained.
#[test]
fn check_explain_addressees_on_a_site_with_errors() {
    let site = report_with(
        "- Distriktet bör ordna kurser för förtroendevalda i Fyrbodal. {#rek-fyrbodal}\n",
    );
    let plan = "content/solna/verksamhetsplan-2023.md";
    let text = site.read(plan) + "\nSe [x](@/finns/inte.md).\n";
    site.write(plan, text);
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_planpress"))
        .args(["check", "--explain", "addressees", "--root"])
        .arg(site.root())
        .output()
        .expect("run planpress");
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("fel[E055]"), "{stderr}");
    assert_eq!(stdout.matches("  rek-").count(), 60, "{stdout}");
    assert!(
        stdout.contains(
            "rek-fyrbodal  → distriktet\n    orden \"distriktet\" före meningens att/bör/ska"
        ),
        "{stdout}"
    );
}
