//! Headings: sections, their ids and topics, the table of contents, and goal headings.

use super::*;

/// A heading level as written in its tag; headings are levels 2 to 6.
const HEADING_LEVELS: [&str; 7] = ["0", "1", "2", "3", "4", "5", "6"];

impl<'a> Walker<'a, '_> {
    // ---- headings -------------------------------------------------------------------

    pub(super) fn heading_start(&mut self, index: usize, level: u8) {
        // The page's title is its only <h1>; a `#` heading in the body is a top section.
        let level = level.max(2);
        self.check_pending_list();
        let end = self.matching_end(index);
        let (first, last) = self.text_bounds(index + 1, end);
        let heading_range = self.events[index].1.clone();
        let (attributes, range, unclosed) = match self.trailing_attributes(last) {
            Some((attributes, range)) => (attributes, range, None),
            None => {
                let unclosed = self.check_malformed(last);
                (Attributes::default(), heading_range, unclosed)
            }
        };
        let number = self.number_prefix(first);
        let title = self.plain_text_between(index + 1, end);

        while self.sections.last().is_some_and(|s| s.level >= level) {
            self.close_section();
        }
        let marks = attributes
            .classes
            .iter()
            .find_map(|c| ItemKind::from_list_class(c));
        let is_goal = attributes.has_class("goal");
        let explicit_id = attributes.id.is_some();
        let id = match &attributes.id {
            Some(id) => {
                self.claim_anchor(id, range.clone());
                id.clone()
            }
            None => self.derive_heading_id(&title, number),
        };
        let topics = self.checked_topics(&attributes, range.clone());
        let to = self.checked_actors(&attributes, range.clone());
        self.check_keys(&attributes, range.clone());
        let misspelt = self.check_heading_classes(&attributes, range.clone());
        if let Some(kind) = marks {
            self.check_addressed_kind(kind, &attributes, range.clone());
        }
        let defaults = if is_goal {
            Vec::new()
        } else {
            self.heading_defaults(&attributes, marks, range.clone())
        };
        if level <= 3 && marks.is_none() {
            self.toc.push(TocEntry {
                level,
                id: id.clone(),
                title: title.clone(),
                // The heading's first output event, until `finish` knows the plain text.
                text_at: self.out.len(),
            });
        }
        // A heading whose marking failed is reported as such (E036, E021…), not again here.
        let unmarked = marks.is_none() && !is_goal && misspelt.is_none() && unclosed.is_none();
        let names_kind = if !unmarked {
            None
        } else if super::unmarked::numbers_a_goal(&title) {
            self.check_unmarked_goal_heading(&title, self.events[index].1.clone());
            None
        } else {
            super::unmarked::kind_named_by(&title).map(|kind| (kind, self.events[index].1.clone()))
        };
        self.sections.push(Section {
            level,
            id: id.clone(),
            title,
            marks,
            explicit_id,
            topics,
            line: if to.is_empty() {
                0
            } else {
                crate::diagnostic::line_column(&self.source.text, range.start).0
            },
            to,
            defaults,
            marked: marks.map(|_| (range.clone(), self.items.len(), self.lists_begun)),
            names_kind,
        });
        self.lose_heading_marking(unclosed, misspelt, range.start);

        let classes: Vec<&str> = attributes
            .classes
            .iter()
            .map(String::as_str)
            .filter(|c| !SECTION_CLASSES.contains(c))
            .chain(is_goal.then_some("item item-goal"))
            .collect();
        let mut open = String::with_capacity(id.len() + 80);
        // The heading and its permalink side by side: inside the heading, the link's name
        // became part of the heading's ("StrukturPermalänk till Struktur").
        push_all(
            &mut open,
            &[
                "<div class=\"heading-wrap\"><h",
                HEADING_LEVELS[usize::from(level.min(6))],
                " id=\"",
            ],
        );
        crate::html::escape_into(&mut open, &id);
        open.push('"');
        if !classes.is_empty() {
            open.push_str(" class=\"");
            for (position, class) in classes.iter().enumerate() {
                if position > 0 {
                    open.push(' ');
                }
                open.push_str(class);
            }
            open.push('"');
        }
        open.push('>');
        self.out.push(html(open));
        // The number opens the block it stands in: it takes the block's text.
        let paragraphs = self.paragraphs.len();
        if let Some(number) = number {
            self.push_paragraph_number(number, false, range.clone());
        }
        self.block_start = self.out.len();
        self.block_motions = self.motion_refs.len();
        self.open_passage = None;
        self.block_paragraphs = paragraphs;
        let goal = is_goal.then(|| (attributes, range.clone()));
        self.heading = Some(OpenHeading {
            level,
            id,
            goal,
            out_start: self.out.len(),
        });
    }

    pub(super) fn heading_end(&mut self) {
        let Some(heading) = self.heading.take() else {
            return;
        };
        let end = self.events.get(self.block_start).map_or(0, |e| e.1.end);
        self.close_block(end);
        let text = self.plain_text_out(heading.out_start..self.out.len());
        let permalink = &self.context.labels.permalink;
        let mut label = String::with_capacity(permalink.len() + 1 + text.len());
        push_all(&mut label, &[permalink, " ", &text]);
        let (id, label) = (escape(&heading.id), escape(label.trim()));
        let mut anchor = String::with_capacity(id.len() + label.len() + 64);
        for part in [
            "</h",
            HEADING_LEVELS[usize::from(heading.level.min(6))],
            "><a class=\"heading-anchor\" href=\"#",
            &id,
            "\" aria-label=\"",
            &label,
            "\">#</a></div>\n",
        ] {
            anchor.push_str(part);
        }
        self.out.push(html(anchor));
        if let Some(chips) = self.section_topic_chips() {
            self.out.push(html(chips));
        }
        if let Some((mut attributes, range)) = heading.goal {
            // Its topics and addressees were checked as the section's; the section passes them on.
            attributes
                .pairs
                .retain(|(key, _)| key != "topics" && key != "to");
            // The goal heading is itself an item: a section that is one goal (Huddinge's delmål).
            self.check_key_kinds(ItemKind::Goal, &attributes, range.clone());
            let section = self.id_section_excluding_current();
            let out_range = heading.out_start..self.out.len() - 1;
            let index = self.add_item(
                ItemKind::Goal,
                heading.id.clone(),
                &attributes,
                section,
                range,
                out_range,
            );
            self.goals_by_section
                .entry(heading.id)
                .or_default()
                .push(self.items[index].id.clone());
            self.out.push(html(sentinel(index)));
        }
    }

    pub(super) fn derive_heading_id(&mut self, title: &str, number: Option<u32>) -> String {
        let slug = match slugify(title) {
            slug if slug.is_empty() => {
                number.map_or_else(|| "avsnitt".to_string(), |n| format!("p{n}"))
            }
            slug => slug,
        };
        if !self.anchors.contains(&slug) {
            self.anchors.insert(slug.clone());
            return slug;
        }
        // Prefixing the parent section keeps the id independent of how many headings with
        // the same text come earlier (Solna has ten "Målsättningar").
        let parent = self
            .sections
            .iter()
            .rev()
            .find(|s| s.marks.is_none())
            .map(|s| s.id.clone());
        let base = parent.map_or(slug.clone(), |p| format!("{p}-{slug}"));
        self.claim_free_anchor(base)
    }

    /// The topics of the section just opened, as chips under its heading: its items leave
    /// them out of their own metadata, so they are said once, where they apply.
    fn section_topic_chips(&self) -> Option<String> {
        let topics = &self.sections.last()?.topics;
        if topics.is_empty() {
            return None;
        }
        let config = self.context.config;
        let mut chips = String::from("<p class=\"chips section-topics\">");
        for (n, slug) in topics.iter().enumerate() {
            let Some(topic) = self.context.vocabulary.topic(slug) else {
                continue;
            };
            if n > 0 {
                chips.push(' ');
            }
            push_all(
                &mut chips,
                &[
                    "<a class=\"chip chip-topic\" href=\"",
                    &config.base_path,
                    "/",
                    &config.paths.topics,
                    "/",
                    &escape(slug),
                    "/\">",
                    &escape(&topic.label),
                    "</a>",
                ],
            );
        }
        chips.push_str("</p>\n");
        Some(chips)
    }
}
