use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Diagnostic;

use super::addressees::ActorMatcher;
use super::front_matter::unknown;
use crate::text;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum OrgLevel {
    Party,
    District,
    Local,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Organization {
    pub slug: String,
    pub name: String,
    pub level: OrgLevel,
    pub parent: Option<String>,
    pub description: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Topic {
    pub slug: String,
    pub label: String,
    pub description: String,
    pub keywords: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Actor {
    pub slug: String,
    pub name: String,
    pub forms: Vec<String>,
}

/// The controlled vocabularies of `content/`: who publishes, what about, and to whom
/// recommendations are addressed.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    pub organizations: Vec<Organization>,
    pub topics: Vec<Topic>,
    pub actors: Vec<Actor>,
    pub actor_matcher: ActorMatcher,
    /// Which vocabularies had errors, and so may lack entries the documents name: a slug
    /// not found in one of them is not reported, since the vocabulary's own error is.
    pub incomplete: Incomplete,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Incomplete {
    pub organizations: bool,
    pub topics: bool,
    pub actors: bool,
}

impl Vocabulary {
    pub fn organization(&self, slug: &str) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.slug == slug)
    }
    pub fn topic(&self, slug: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.slug == slug)
    }
    pub fn actor(&self, slug: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.slug == slug)
    }

    /// The one actor `written` names by its slug in other case, its name or one of its
    /// forms (`to="DS"`, `to="Distriktsstyrelsen"`): what an author who wrote it meant.
    /// `None` when no actor, or more than one, is called so.
    pub fn actor_called(&self, written: &str) -> Option<&Actor> {
        let written = written.to_lowercase();
        let mut called = self.actors.iter().filter(|actor| {
            actor.slug.to_lowercase() == written
                || actor.name.to_lowercase() == written
                || actor
                    .forms
                    .iter()
                    .any(|form| form.to_lowercase() == written)
        });
        let first = called.next()?;
        called
            .all(|other| other.slug == first.slug)
            .then_some(first)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrganizationsFile {
    #[serde(default)]
    organization: Vec<RawOrganization>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrganization {
    slug: Spanned<String>,
    name: String,
    level: OrgLevel,
    parent: Option<Spanned<String>>,
    #[serde(default)]
    description: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TopicsFile {
    #[serde(default)]
    topic: Vec<RawTopic>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTopic {
    slug: Spanned<String>,
    label: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    keywords: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActorsFile {
    #[serde(default)]
    actor: Vec<RawActor>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawActor {
    slug: Spanned<String>,
    name: String,
    #[serde(default)]
    forms: Vec<String>,
}

pub const ORGANIZATIONS_FILE: &str = "organizations.toml";
pub const TOPICS_FILE: &str = "topics.toml";
pub const ACTORS_FILE: &str = "actors.toml";

/// Reads the three vocabulary files. A missing topics or actors file is an empty vocabulary
/// (a site may not use them); organisations are required, since every document names one.
/// The errors come with the entries that were right, so that the documents can still be
/// checked against them in the same run.
pub fn load_vocabulary(content_dir: &Path) -> (Vocabulary, Vec<Diagnostic>) {
    let mut errors = Vec::new();
    let mut incomplete = Incomplete::default();
    let before = errors.len();
    let organizations = read_vocabulary_file::<OrganizationsFile>(
        content_dir,
        ORGANIZATIONS_FILE,
        true,
        &mut errors,
    )
    .map(|(file, text, path)| check_organizations(file, &text, &path, &mut errors))
    .unwrap_or_default();
    incomplete.organizations = errors.len() > before;
    let before = errors.len();
    let topics = read_vocabulary_file::<TopicsFile>(content_dir, TOPICS_FILE, false, &mut errors)
        .map(|(file, text, path)| {
            let mut seen = SlugSet::default();
            file.topic
                .into_iter()
                .filter(|t| seen.check(&t.slug, &text, &path, &mut errors))
                .map(|t| Topic {
                    slug: t.slug.into_inner(),
                    label: t.label,
                    description: t.description,
                    keywords: t.keywords,
                })
                .collect()
        })
        .unwrap_or_default();
    incomplete.topics = errors.len() > before;
    let before = errors.len();
    let actors: Vec<Actor> =
        read_vocabulary_file::<ActorsFile>(content_dir, ACTORS_FILE, false, &mut errors)
            .map(|(file, text, path)| {
                let mut seen = SlugSet::default();
                file.actor
                    .into_iter()
                    .filter(|a| seen.check(&a.slug, &text, &path, &mut errors))
                    .map(|a| Actor {
                        slug: a.slug.into_inner(),
                        name: a.name,
                        forms: a.forms,
                    })
                    .collect()
            })
            .unwrap_or_default();
    incomplete.actors = errors.len() > before;
    let actor_matcher = ActorMatcher::new(&actors);
    let vocabulary = Vocabulary {
        organizations,
        topics,
        actors,
        actor_matcher,
        incomplete,
    };
    (vocabulary, errors)
}

fn read_vocabulary_file<T: serde::de::DeserializeOwned>(
    content_dir: &Path,
    name: &str,
    required: bool,
    errors: &mut Vec<Diagnostic>,
) -> Option<(T, String, PathBuf)> {
    let display = Path::new("content").join(name);
    let text = match super::source::read_utf8_file(&content_dir.join(name), &display) {
        Ok(Ok(text)) => text,
        Ok(Err(not_utf8)) => {
            errors.push(not_utf8);
            return None;
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && !required => return None,
        Err(error) => {
            let missing = error.kind() == std::io::ErrorKind::NotFound;
            let diagnostic = Diagnostic::err(text!(
                "E001",
                file = display.display(),
                error = crate::diagnostic::os_error(&error)
            ));
            // A missing file cannot be opened: the message points where it goes.
            errors.push(if missing {
                diagnostic.in_folder(Path::new("content"))
            } else {
                diagnostic.in_file(&display)
            });
            return None;
        }
    };
    match toml::from_str::<T>(&text) {
        Ok(file) => Some((file, text, display)),
        Err(error) => {
            let span = error.span().unwrap_or(0..0);
            errors.push(
                Diagnostic::err(text!(
                    "E060",
                    file = name,
                    error =
                        super::front_matter_words::syntax_words(&text, span.start, error.message())
                ))
                .at(&display, &text, span),
            );
            None
        }
    }
}

fn check_organizations(
    file: OrganizationsFile,
    text: &str,
    path: &Path,
    errors: &mut Vec<Diagnostic>,
) -> Vec<Organization> {
    let mut seen = SlugSet::default();
    let raw: Vec<RawOrganization> = file
        .organization
        .into_iter()
        .filter(|o| seen.check(&o.slug, text, path, errors))
        .collect();
    let slugs: Vec<&str> = raw.iter().map(|o| o.slug.get_ref().as_str()).collect();
    for org in &raw {
        if let Some(parent) = &org.parent
            && !slugs.contains(&parent.get_ref().as_str())
        {
            errors.push(
                unknown(
                    text!("E063", value = parent.get_ref()),
                    parent.get_ref(),
                    slugs.iter().copied(),
                )
                .at(path, text, parent.span()),
            );
        }
    }
    check_parent_cycles(&raw, text, path, errors);
    raw.into_iter()
        .map(|o| Organization {
            slug: o.slug.into_inner(),
            name: o.name,
            level: o.level,
            parent: o.parent.map(Spanned::into_inner),
            description: o.description,
        })
        .collect()
}

/// An organisation under itself (`solna` under `storstockholm` under `solna`) has no top:
/// each cycle is reported once, at the `parent` of its first slug in sorted order.
fn check_parent_cycles(
    raw: &[RawOrganization],
    text: &str,
    path: &Path,
    errors: &mut Vec<Diagnostic>,
) {
    let parent_of: std::collections::HashMap<&str, &str> = raw
        .iter()
        .filter_map(|o| {
            Some((
                o.slug.get_ref().as_str(),
                o.parent.as_ref()?.get_ref().as_str(),
            ))
        })
        .collect();
    for org in raw {
        let start = org.slug.get_ref().as_str();
        let mut chain = vec![start];
        let mut at = start;
        // At most as many steps as there are organisations: a longer walk has looped.
        while let Some(&next) = parent_of.get(at) {
            if next == start {
                let first = chain.iter().min().is_some_and(|&min| min == start);
                if let (true, Some(parent)) = (first, &org.parent) {
                    chain.push(start);
                    errors.push(
                        Diagnostic::err(text!("E137", slug = start, chain = chain.join(" → ")))
                            .help(text!("E137.help"))
                            .at(path, text, parent.span()),
                    );
                }
                break;
            }
            if chain.contains(&next) || chain.len() > parent_of.len() {
                break;
            }
            chain.push(next);
            at = next;
        }
    }
}

/// Slugs become URL segments and anchors, so they are restricted to lowercase ASCII words.
pub fn is_valid_slug(slug: &str) -> bool {
    !slug.is_empty()
        && slug
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !slug.starts_with('-')
}

#[derive(Default)]
struct SlugSet(BTreeMap<String, usize>);

impl SlugSet {
    fn check(
        &mut self,
        slug: &Spanned<String>,
        text: &str,
        path: &Path,
        errors: &mut Vec<Diagnostic>,
    ) -> bool {
        if !is_valid_slug(slug.get_ref()) {
            errors.push(
                Diagnostic::err(text!("E061", slug = slug.get_ref()))
                    .at(path, text, slug.span())
                    .help(text!("E061.help")),
            );
            return false;
        }
        if self
            .0
            .insert(slug.get_ref().clone(), slug.span().start)
            .is_some()
        {
            errors.push(Diagnostic::err(text!("E062", slug = slug.get_ref())).at(
                path,
                text,
                slug.span(),
            ));
            return false;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_ascii() {
        assert!(is_valid_slug("parlamentariska-grupper"));
        assert!(!is_valid_slug("Solna"));
        assert!(!is_valid_slug("förening"));
    }
}
