use std::ops::Range;
use std::path::Path;

use toml::Spanned;

use crate::diagnostic::{Diagnostic, Locator, SHOWN_PER_FILE, Text, did_you_mean};
use crate::document::{DocStatus, DocumentMeta, ImplementsRef};
use crate::text;

use super::Vocabulary;
use super::front_matter_read::read_front_matter;

/// The TOML block between the `+++` lines and the Markdown after it, with their byte
/// offsets in the file so positions in either map back to the file's lines.
#[derive(Debug)]
pub struct FrontMatterSplit<'a> {
    pub toml: &'a str,
    pub toml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

pub fn split_front_matter<'a>(
    text: &'a str,
    path: &Path,
) -> Result<FrontMatterSplit<'a>, Diagnostic> {
    let missing = || {
        Diagnostic::err(text!("E010"))
            .at(path, text, 0..0)
            .help(text!("E010.help"))
    };
    // Blank lines above the first `+++`, left by an editor or a paste, hide nothing.
    let start = text.len() - text.trim_start_matches(['\n', '\r', ' ', '\t']).len();
    let start = text[..start].rfind('\n').map_or(0, |n| n + 1);
    let first_line_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    let first_line = text[start..first_line_end].trim_end();
    if first_line == "---" {
        // Hugo's and Jekyll's YAML: the fields are there, written another way.
        return Err(Diagnostic::err(text!("E010"))
            .at(path, text, start..start + 3)
            .help(text!("E010.help-yaml")));
    }
    if first_line != "+++" {
        return Err(missing());
    }
    let toml_offset = (first_line_end + 1).min(text.len());
    let mut offset = toml_offset;
    for line in text[toml_offset..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let body_offset = offset + line.len();
            return Ok(FrontMatterSplit {
                toml: &text[toml_offset..offset],
                toml_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::err(text!("E011"))
        .at(path, text, start..start + 3)
        .help(text!("E011.help")))
}

/// The kind of a verksamhetsberättelse: it reports on one plan (`reports_on`), and its
/// outcome items follow up that plan's goals. Known to every site, whatever its `kinds`.
pub const ANNUAL_REPORT_KIND: &str = "annual-report";

/// What a document whose front matter could not be read is checked with: its body is still
/// parsed, so that one build lists the errors of both. The title is the file's name; the
/// organization the folder the file is in.
pub fn fallback_meta(rel_path: &str, kinds: &[String]) -> DocumentMeta {
    let stem = rel_path.strip_suffix(".md").unwrap_or(rel_path);
    DocumentMeta {
        title: stem.rsplit('/').next().unwrap_or(stem).to_string(),
        subtitle: None,
        kind: kinds.first().cloned().unwrap_or_default(),
        organization: stem.split_once('/').map_or("", |(org, _)| org).to_string(),
        period: String::new(),
        date: None,
        status: DocStatus::Adopted,
        topics: Vec::new(),
        implements: Vec::new(),
        draft: false,
        reports_on: None,
    }
}

/// Deserializes and checks the front matter against the site's kinds and vocabularies.
/// Every problem is reported, each at its own position.
pub fn parse_front_matter(
    split: &FrontMatterSplit<'_>,
    text: &str,
    path: &Path,
    kinds: &[String],
    vocabulary: &Vocabulary,
) -> Result<DocumentMeta, Vec<Diagnostic>> {
    let (raw, read_errors) = read_front_matter(split.toml);
    let mut errors = Vec::new();
    // One index of the file's lines for all its errors: a list of 20,000 unknown topics
    // located each by a pass over the file took 25 s.
    let locator = Locator::new(path, text);
    let at = |spanned_span: Range<usize>| shift(spanned_span, split.toml_offset);
    for error in read_errors {
        errors.push(error.diagnostic.at_in(&locator, at(error.span)));
    }

    if let Some(title) = raw.title.as_ref().filter(|t| t.get_ref().trim().is_empty()) {
        errors.push(Diagnostic::err(text!("E016")).at_in(&locator, at(title.span())));
    }
    let is_report = raw
        .kind
        .as_ref()
        .is_some_and(|k| k.get_ref() == ANNUAL_REPORT_KIND);
    match (&raw.reports_on, &raw.kind) {
        (None, Some(kind)) if is_report => errors.push(
            Diagnostic::err(text!("E122"))
                .at_in(&locator, at(kind.span()))
                .help(text!("E122.help")),
        ),
        (Some(spanned), Some(kind)) if !is_report => errors.push(
            Diagnostic::err(text!("E123", kind = kind.get_ref()))
                .at_in(&locator, at(spanned.span()))
                .help(text!("E123.help", annual_report = ANNUAL_REPORT_KIND)),
        ),
        _ => {}
    }
    if let Some(kind) = raw
        .kind
        .as_ref()
        .filter(|k| !kinds.contains(k.get_ref()) && k.get_ref() != ANNUAL_REPORT_KIND)
    {
        errors.push(
            unknown(
                text!("E012", value = kind.get_ref()),
                kind.get_ref(),
                kinds.iter().map(String::as_str).chain([ANNUAL_REPORT_KIND]),
            )
            .at_in(&locator, at(kind.span())),
        );
    }
    let organization = raw.organization.as_ref().filter(|o| {
        vocabulary.organization(o.get_ref()).is_none() && !vocabulary.incomplete.organizations
    });
    if let Some(organization) = organization {
        errors.push(
            unknown(
                text!("E013", value = organization.get_ref()),
                organization.get_ref(),
                vocabulary.organizations.iter().map(|o| o.slug.as_str()),
            )
            .at_in(&locator, at(organization.span())),
        );
    }
    let status = match &raw.status {
        None => DocStatus::Adopted,
        Some(spanned) => match DocStatus::ALL
            .iter()
            .find(|(name, _)| name == spanned.get_ref())
        {
            Some((_, status)) => *status,
            None => {
                errors.push(
                    unknown_status(
                        text!("E014", value = spanned.get_ref()),
                        spanned.get_ref(),
                        DocStatus::ALL.iter().map(|(n, _)| *n),
                    )
                    .at_in(&locator, at(spanned.span())),
                );
                DocStatus::Adopted
            }
        },
    };
    let mut topics = Vec::new();
    for topic in &raw.topics {
        if vocabulary.topic(topic.get_ref()).is_none() {
            if vocabulary.incomplete.topics {
                continue;
            }
            // A suggestion searches the vocabulary: made only for as many as are shown.
            let diagnostic = if errors.len() < SHOWN_PER_FILE {
                unknown(
                    text!("E015", value = topic.get_ref()),
                    topic.get_ref(),
                    vocabulary.topics.iter().map(|t| t.slug.as_str()),
                )
            } else {
                Diagnostic::err(text!("E015", value = topic.get_ref()))
            };
            errors.push(diagnostic.at_in(&locator, at(topic.span())));
        } else if !topics.contains(topic.get_ref()) {
            topics.push(topic.get_ref().clone());
        }
    }
    let date = match &raw.date {
        None => None,
        Some(spanned) => match spanned.get_ref().date {
            Some(date) if spanned.get_ref().time.is_none() => Some(date.to_string()),
            _ => {
                errors.push(Diagnostic::err(text!("E017")).at_in(&locator, at(spanned.span())));
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let text_of =
        |field: Option<Spanned<String>>| field.map(Spanned::into_inner).unwrap_or_default();
    Ok(DocumentMeta {
        title: text_of(raw.title),
        subtitle: raw.subtitle,
        kind: text_of(raw.kind),
        organization: text_of(raw.organization),
        period: raw.period.unwrap_or_default(),
        date,
        status,
        topics,
        implements: raw
            .implements
            .iter()
            .map(|spanned| ImplementsRef {
                target: spanned.get_ref().clone(),
                offset: at(spanned.span()).start,
            })
            .collect(),
        draft: raw.draft,
        reports_on: raw.reports_on.map(|spanned| ImplementsRef {
            offset: at(spanned.span()).start,
            target: spanned.into_inner(),
        }),
    })
}

fn shift(span: Range<usize>, by: usize) -> Range<usize> {
    span.start + by..span.end + by
}

/// Statuses as a Swedish author may write them, and the values they mean.
const SWEDISH_STATUSES: [(&str, &str); 14] = [
    ("klar", "done"),
    ("klart", "done"),
    ("genomförd", "done"),
    ("genomfört", "done"),
    ("pågår", "ongoing"),
    ("pågående", "ongoing"),
    ("påbörjad", "ongoing"),
    ("ej påbörjad", "not-started"),
    ("inte påbörjad", "not-started"),
    ("struken", "dropped"),
    ("avbruten", "dropped"),
    ("utkast", "draft"),
    ("förslag", "proposal"),
    ("antagen", "adopted"),
];

/// `message` for a status that is not one of `candidates`: the value meant when the author
/// wrote it in Swedish ("klar" is `done`), else as [`unknown`].
pub(crate) fn unknown_status<'a>(
    message: Text,
    value: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Diagnostic {
    let lower = value.trim().to_lowercase();
    let meant = SWEDISH_STATUSES
        .iter()
        .find(|(swedish, english)| {
            *swedish == lower && candidates.clone().into_iter().any(|c| c == *english)
        })
        .map(|(_, english)| *english);
    match meant {
        Some(english) => Diagnostic::err(message).help(text!(
            "help.status-in-english",
            value = value,
            status = english
        )),
        None => unknown(message, value, candidates),
    }
}

/// `message` ("unknown topic `medlemar`"), with the nearest valid value as help.
pub(crate) fn unknown<'a>(
    message: Text,
    value: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Diagnostic {
    let diagnostic = Diagnostic::err(message);
    match did_you_mean(value, candidates.clone()) {
        Some(nearest) => diagnostic.help(text!("help.did-you-mean", nearest = nearest)),
        None => {
            let all: Vec<&str> = candidates.into_iter().take(12).collect();
            diagnostic.help(text!("help.valid-values", values = all.join(", ")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_status_written_in_swedish_is_named_in_english() {
        let goal = ["not-started", "ongoing", "done", "dropped"];
        let klar = unknown_status(text!("E033", value = "klar"), "klar", goal);
        assert_eq!(
            klar.help.as_deref(),
            Some("statuses are written in English: `klar` is `done`")
        );
        let utkast = unknown_status(
            text!("E014", value = "Utkast"),
            "Utkast",
            ["draft", "adopted"],
        );
        assert_eq!(
            utkast.help.as_deref(),
            Some("statuses are written in English: `Utkast` is `draft`")
        );
        let typo = unknown_status(text!("E033", value = "donee"), "donee", goal);
        assert_eq!(typo.help.as_deref(), Some("did you mean `done`?"));
        let not_goal = unknown_status(text!("E014", value = "klar"), "klar", ["draft"]);
        assert_eq!(not_goal.code(), Some("E014"));
        assert!(not_goal.help.is_some_and(|h| h.starts_with("valid values")));
    }

    #[test]
    fn split_finds_toml_and_body_offsets() {
        let text = "+++\ntitle = \"A\"\n+++\nBody\n";
        let split = split_front_matter(text, Path::new("a.md")).expect("split");
        assert_eq!(split.toml, "title = \"A\"\n");
        assert_eq!(split.body, "Body\n");
        assert_eq!(&text[split.body_offset..], "Body\n");
    }

    /// Blank lines above the first `+++` were "the document has no front matter", about a
    /// document whose front matter is right there.
    #[test]
    fn blank_lines_above_the_front_matter_are_passed_over() {
        let text = "\n \r\n+++\ntitle = \"A\"\n+++\nBody\n";
        let split = split_front_matter(text, Path::new("a.md")).expect("split");
        assert_eq!(split.toml, "title = \"A\"\n");
        assert_eq!(&text[split.toml_offset..split.toml_offset + 5], "title");
        assert_eq!(split.body, "Body\n");
        assert!(split_front_matter("\n  +++\ntitle = \"A\"\n+++\n", Path::new("a.md")).is_err());
    }

    #[test]
    fn split_reports_missing_and_unclosed_front_matter() {
        assert!(split_front_matter("# Title\n", Path::new("a.md")).is_err());
        let error =
            split_front_matter("+++\ntitle = 1\n", Path::new("a.md")).expect_err("unclosed");
        assert!(error.message.contains("not closed"));
    }

    /// A document copied from a Hugo or Jekyll site opens with YAML's `---`: the help says
    /// how its fields are written here.
    #[test]
    fn yaml_front_matter_is_told_how_to_write_it_as_toml() {
        let error = split_front_matter("---\ntitle: Plan\n---\n", Path::new("a.md"))
            .expect_err("YAML is no front matter here");
        let help = error
            .help_in(crate::diagnostic::Lang::Sv)
            .unwrap_or_default();
        assert!(help.starts_with("`---` inleder YAML"), "{help}");
    }
}
