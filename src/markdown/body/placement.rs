//! Classes and keys that planpress reads only in some places: a misspelt section class, a
//! class on an item, and item keys on a heading. Each either has a documented meaning where
//! it stands or is an error that says where it belongs.

use super::*;

/// Classes as a Swedish author names them, and the planpress class each means: `.mål` on a
/// heading with a list of goals under it is no style class, and its goals must not vanish
/// behind a warning.
const SWEDISH_CLASSES: [(&str, &str); 14] = [
    ("mål", "goals"),
    ("målsättningar", "goals"),
    ("målsättning", "goals"),
    ("delmål", "goal"),
    ("aktiviteter", "activities"),
    ("aktivitet", "activities"),
    ("medel", "activities"),
    ("rekommendationer", "recommendations"),
    ("rekommendation", "recommendations"),
    ("åtaganden", "commitments"),
    ("åtagande", "commitments"),
    ("citat", "quotes"),
    ("utfall", "outcomes"),
    ("utfallen", "outcomes"),
];

/// The class of `known` that `class` was meant to be: a near miss (`.gaols`), or the
/// Swedish word for it (`.målsättningar`).
pub(super) fn meant_class<'c>(
    class: &str,
    known: impl IntoIterator<Item = &'c str> + Clone,
) -> Option<&'c str> {
    did_you_mean(class, known.clone()).or_else(|| {
        // `.mal` is `.mål` typed without the ring, as a keyboard without å writes it.
        let plain = |word: &str| -> String {
            word.to_lowercase()
                .chars()
                .map(|c| match c {
                    'å' | 'ä' => 'a',
                    'ö' => 'o',
                    other => other,
                })
                .collect()
        };
        let written = plain(class);
        let (_, english) = SWEDISH_CLASSES
            .iter()
            .find(|(swedish, _)| plain(swedish) == written)?;
        known.into_iter().find(|k| k == english)
    })
}

/// Keys a heading hands down to the items beneath it, and the kind of item each is for.
const INHERITED_KEYS: [(&str, ItemKind); 3] = [
    ("status", ItemKind::Goal),
    ("period", ItemKind::Goal),
    ("goals", ItemKind::Activity),
];

impl<'a> Walker<'a, '_> {
    /// A heading's classes other than planpress's are style classes passed on to the page;
    /// one that is a near miss of a planpress class is taken for the misspelling it is.
    pub(super) fn check_heading_classes(
        &mut self,
        attributes: &Attributes,
        range: Range<usize>,
    ) -> Option<String> {
        let mut misspelt = None;
        for class in &attributes.classes {
            if SECTION_CLASSES.contains(&class.as_str()) {
                continue;
            }
            let diagnostic = match meant_class(class, SECTION_CLASSES) {
                Some(nearest) => {
                    misspelt.get_or_insert_with(|| class.clone());
                    Diagnostic::err(text!("E036", class = class))
                        .help(text!("help.did-you-mean-class", nearest = nearest))
                }
                // Perhaps meant: a class for the site's own stylesheet.
                None => Diagnostic::warn(text!("W002", class = class)).help(text!(
                    "W002.help",
                    classes = SECTION_CLASSES.map(|c| format!(".{c}")).join(", ")
                )),
            };
            self.push_diagnostic(diagnostic, range.clone());
        }
        misspelt
    }

    /// Remembers the heading just pushed as a lost marking when its block was not closed or
    /// its class misspelt: its items would have taken the section above's id.
    pub(super) fn lose_heading_marking(
        &mut self,
        unclosed: Option<String>,
        misspelt: Option<String>,
        offset: usize,
    ) {
        let (kind, reason) = match (unclosed, misspelt) {
            (Some(block), _) => (
                super::stray::block_kind(&block),
                text!("lost.heading-unclosed"),
            ),
            (None, Some(class)) => (
                kind_of_class(&class),
                text!("lost.heading-misspelt", class = class),
            ),
            (None, None) => return,
        };
        if kind.is_some() {
            let section = self.id_section_excluding_current().0;
            self.lose_marking(offset, kind, section, reason);
        }
    }

    /// A key one kind of item reads (a goal's `period`, an activity's `goals`) on a list or
    /// item of another kind, where it would change nothing without a word. `status` is read
    /// on outcomes too, and says so itself (E034).
    pub(super) fn check_key_kinds(
        &mut self,
        kind: ItemKind,
        attributes: &Attributes,
        range: Range<usize>,
    ) {
        self.check_addressed_kind(kind, attributes, range.clone());
        for (key, reads) in INHERITED_KEYS {
            if key != "status" && kind != reads && attributes.get(key).is_some() {
                let message = text!(
                    "E157",
                    key = key,
                    reads = reads.a_kind(),
                    kind = kind.a_kind()
                );
                let help = text!("E157.help", key = key, kind = kind.a_kind());
                self.push_diagnostic(Diagnostic::err(message).help(help), range.clone());
            }
        }
    }

    /// `to=` on a list, item or heading of a kind no addressee page lists (an activity, a
    /// commitment, a quote, an outcome): it drew a chip leading to a page without the item.
    /// A warning, not an error: the text is sound, only the addressee is not kept.
    pub(super) fn check_addressed_kind(
        &mut self,
        kind: ItemKind,
        attributes: &Attributes,
        range: Range<usize>,
    ) {
        if kind.takes_addressees() || attributes.get("to").is_none() {
            return;
        }
        let diagnostic = Diagnostic::warn(text!("W008", kind = kind.a_kind()))
            .help(text!("W008.help", kind = kind.a_kind()));
        self.push_diagnostic(diagnostic, range);
    }

    /// An item's kind comes from its list or heading; a class at the end of an item is
    /// never read.
    pub(super) fn check_item_classes(&mut self, attributes: &Attributes, range: Range<usize>) {
        for class in &attributes.classes {
            let diagnostic = if SECTION_CLASSES.contains(&class.as_str()) {
                Diagnostic::err(text!("E037", class = class))
                    .help(text!("E037.help", class = class))
            } else {
                let diagnostic = Diagnostic::err(text!("E038", class = class));
                match meant_class(class, SECTION_CLASSES) {
                    Some(nearest) => diagnostic.help(text!("E038.help", nearest = nearest)),
                    None => diagnostic,
                }
            };
            self.push_diagnostic(diagnostic, range.clone());
        }
    }

    /// The keys of a section heading that its items inherit: `status` and `period` on a
    /// heading marking goals, `goals` on one marking activities. Elsewhere they are errors
    /// saying where they belong, as is `implements`, which names one item's source.
    pub(super) fn heading_defaults(
        &mut self,
        attributes: &Attributes,
        marks: Option<ItemKind>,
        range: Range<usize>,
    ) -> Vec<(String, String)> {
        let mut defaults = Vec::new();
        for (key, value) in &attributes.pairs {
            if let Some((_, kind)) = INHERITED_KEYS.iter().find(|(k, _)| k == key) {
                if marks == Some(*kind) {
                    defaults.push((key.clone(), value.clone()));
                    continue;
                }
                let (class, items) = (kind_class(*kind), kind.plural_text());
                let diagnostic = Diagnostic::err(text!("E039", key = key, items = items.clone()))
                    .help(text!("E039.help", key = key, items = items, class = class));
                self.push_diagnostic(diagnostic, range.clone());
            } else if key == "implements" {
                let diagnostic = Diagnostic::err(text!("E043")).help(text!("E043.help"));
                self.push_diagnostic(diagnostic, range.clone());
            }
        }
        defaults
    }

    /// A goal's `status` or `period` from the heading above, if it gives one.
    pub(super) fn goal_default(&self, kind: ItemKind, key: &str) -> Option<&str> {
        (kind == ItemKind::Goal)
            .then(|| self.section_default(key))
            .flatten()
    }

    /// Activities serve the goals of their own section, or of the nearest enclosing one.
    pub(super) fn default_goals(&self, section_id: &str) -> Vec<String> {
        if let Some(goals) = self.goals_by_section.get(section_id) {
            return goals.clone();
        }
        for section in self.sections.iter().rev() {
            if let Some(goals) = self.goals_by_section.get(&section.id) {
                return goals.clone();
            }
        }
        Vec::new()
    }

    /// The value of `key` the nearest heading above hands down, if any.
    pub(super) fn section_default(&self, key: &str) -> Option<&str> {
        self.sections.iter().rev().find_map(|section| {
            section
                .defaults
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v.as_str())
        })
    }
}

fn kind_class(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Activity => "activities",
        _ => "goals",
    }
}

/// At most so many lost markings are kept per document: each counts its line from the start
/// of the file, and past a few the messages they explain are not shown anyway.
const LOST_MARKINGS_KEPT: usize = 64;

impl<'a> Walker<'a, '_> {
    /// Remembers markup at `offset` that meant to mark items of `kind` in `section_id`.
    pub(super) fn lose_marking(
        &mut self,
        offset: usize,
        kind: Option<ItemKind>,
        section_id: String,
        reason: Text,
    ) {
        if self.lost_markings.len() >= LOST_MARKINGS_KEPT {
            return;
        }
        let line = line_from(&self.source.text, (0, 1), offset);
        self.lost_markings.push(LostMarking {
            line,
            kind,
            section_id,
            reason,
        });
    }
}

/// The item kind a written class names or nearly names (`.gaols` → goals).
pub(super) fn kind_of_class(class: &str) -> Option<ItemKind> {
    ItemKind::from_list_class(class).or_else(|| {
        let known = SECTION_CLASSES.iter().copied().filter(|c| *c != "goal");
        meant_class(class, known).and_then(ItemKind::from_list_class)
    })
}
