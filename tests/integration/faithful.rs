//! The bundled example is the five seed documents converted faithfully: every sentence of the
//! party's text is found, unchanged, in its generated page. The seeds (tests/fixtures/seeds,
//! copies of the plain text extracted from the PDFs) are normalised only for the extraction
//! damage their README names, and the page's text is read without markup.

use crate::TestSite;

struct Seed {
    file: &'static str,
    page: &'static str,
    /// Source text that is deliberately not in the body, with the reason.
    not_in_body: &'static [(&'static str, &'static str)],
}

const SEEDS: &[Seed] = &[
    Seed {
        file: "000_eb784a1e9195c02f.txt",
        page: "storstockholm/verksamhetsplan-2015-2016/index.html",
        not_in_body: &[(
            "Verksamhetsplan 2015-2016 VI HÖJER",
            "the cover title is the page title",
        )],
    },
    Seed {
        file: "001_a613447d7cb5a65e.txt",
        page: "solna/verksamhetsplan-2023/index.html",
        not_in_body: &[
            (
                "Vänsterpartiet Solna Verksamhetsplan 2023",
                "the cover is the page header",
            ),
            (
                "Ett solidariskt och hållbart Solna",
                "the subtitle, shown in the page header",
            ),
        ],
    },
    Seed {
        file: "002_6ce7d4a7bf04522a.txt",
        page: "huddinge/verksamhetsplan-2021-2022/index.html",
        not_in_body: &[
            (
                "Innehållsförteckning",
                "the printed table of contents is replaced by the generated one",
            ),
            ("2021/22 Utkast", "the cover is the page header"),
        ],
    },
    Seed {
        file: "003_460611156a7fea8b.txt",
        page: "storstockholm/framtidskommissionen-2020/index.html",
        not_in_body: &[
            (
                "Vänsterpartiet Storstockholm November 2020",
                "the cover is the page header",
            ),
            ("www.storstockholm.vansterpartiet.se", "the back cover"),
            (
                "Framtids- kommissionens slutrapport",
                "the cover title, hyphenated by the cover's layout",
            ),
        ],
    },
    Seed {
        file: "004_439cb9a696acb31d.txt",
        page: "vansterpartiet/strategidokumentet-2020/index.html",
        not_in_body: &[(
            "Strategidokumentet med PS",
            "the cover title is the page title",
        )],
    },
];

#[test]
fn every_sentence_of_every_seed_is_in_its_page() {
    let build = TestSite::example().build();
    let mut report = String::new();
    for seed in SEEDS {
        let raw = std::fs::read_to_string(
            crate::repo_root()
                .join("tests/fixtures/seeds")
                .join(seed.file),
        )
        .expect("seed");
        let page = page_text(TestSite::page(&build, seed.page));
        let source = normalize_seed(&raw);
        let mut missing = Vec::new();
        let mut checked = 0;
        for sentence in sentences(&source) {
            if sentence.split(' ').count() < 3 {
                continue;
            }
            checked += 1;
            let known = seed
                .not_in_body
                .iter()
                .any(|(start, _)| sentence.contains(start));
            if !page.contains(&sentence) && !known {
                missing.push(sentence);
            }
        }
        assert!(checked > 20, "{}: only {checked} sentences read", seed.file);
        for sentence in missing {
            report.push_str(&format!("{} → {}: {sentence}\n", seed.file, seed.page));
        }
    }
    assert!(
        report.is_empty(),
        "sentences missing from the generated pages:\n{report}"
    );
}

/// Repairs the extraction damage of the seeds README: paragraph-number prefixes (`- 12**`),
/// stray `**`, struck text markers, check marks, and words split across page breaks.
fn normalize_seed(raw: &str) -> String {
    let mut lines = Vec::new();
    let margin_number = regex::Regex::new(r"^\d{1,2}\)?\s+(\p{Lu})").expect("pattern");
    for line in raw.lines() {
        let mut line = line.trim().trim_start_matches('#').trim().to_string();
        if line.contains(".....") {
            // The printed table of contents, replaced by the generated one.
            continue;
        }
        line = margin_number.replace(&line, "$1").into_owned();
        // "- 12** text", "- 27 MÅLSÄTTNINGAR…**", "- 1) text", "- ✓ text", "- text"
        if let Some(rest) = line.strip_prefix("- ") {
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            let rest = if digits > 0 {
                rest[digits..].trim_start_matches(['*', ')']).trim_start()
            } else {
                rest
            };
            line = rest.trim_start_matches('✓').trim_start().to_string();
        }
        let line = line
            .replace("**", "")
            .replace("~~", "")
            .replace('*', "")
            .replace(".-(E", ". (E");
        // A short line without closing punctuation is a heading: a sentence ends there.
        let heading = !line.is_empty()
            && line.chars().count() < 70
            && !line.ends_with(['.', '!', '?', ',', ';', '-']);
        lines.push(if heading {
            format!("{line}\u{1}")
        } else {
            line
        });
    }
    let joined = lines.join("\n");
    // A word split at a page break: "kom-\n\nmer".
    let joined = regex::Regex::new(r"(\p{L})-\n+(\p{Ll})")
        .expect("pattern")
        .replace_all(&joined, "$1$2");
    collapse(&joined)
}

fn sentences(text: &str) -> Vec<String> {
    let mut sentences = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        current.push(c);
        let ends = matches!(c, '.' | '!' | '?') && chars.get(i + 1).is_none_or(|n| *n == ' ');
        if c == '\u{1}' {
            current.pop();
        }
        if ends || c == '\u{1}' {
            sentences.push(current.trim().to_string());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        sentences.push(current.trim().to_string());
    }
    sentences
}

/// The text of the page's <main> as a reader sees it, without planpress's own additions
/// (margin numbers, permalinks, item chips, backlinks).
fn page_text(html: &str) -> String {
    let main = crate::main_of(html);
    let without = regex::Regex::new(
        r#"(?s)<a class="para-num"[^>]*>\d+</a>|<a class="heading-anchor"[^>]*>#</a>|<div class="item-meta">.*?</div>|<nav class="toc".*?</nav>|<header class="doc-header">.*?</header>"#,
    )
    .expect("pattern")
    .replace_all(main, " ");
    let text = regex::Regex::new(r"<[^>]+>")
        .expect("pattern")
        .replace_all(&without, "");
    let text = text
        .replace("&amp;", "&")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">");
    collapse(&text)
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
