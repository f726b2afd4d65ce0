//! Lists and their items: goals, activities, recommendations, commitments and quotes.

use super::*;

impl<'a> Walker<'a, '_> {
    // ---- lists and items ------------------------------------------------------------

    pub(super) fn list_start(&mut self, start: Option<u64>, range: Range<usize>) {
        let pending = self.pending_list.take();
        let at_top = self.item_stack.is_empty();
        let mut to_line = None;
        let (kind, attributes) = match pending {
            Some((attributes, attr_range)) => {
                let kind = attributes
                    .classes
                    .iter()
                    .find_map(|c| ItemKind::from_list_class(c));
                for class in &attributes.classes {
                    if ItemKind::from_list_class(class).is_none() {
                        let known = SECTION_CLASSES.iter().copied().filter(|c| *c != "goal");
                        let mut diagnostic = Diagnostic::err(text!("E032", class = class));
                        if let Some(nearest) = super::placement::meant_class(class, known) {
                            diagnostic = diagnostic
                                .help(text!("help.did-you-mean-class", nearest = nearest));
                        }
                        self.push_diagnostic(diagnostic, attr_range.clone());
                        if kind.is_none() {
                            let reason = text!("lost.line-misspelt", class = class);
                            let section = self.id_section().0;
                            let lost = super::placement::kind_of_class(class);
                            self.lose_marking(attr_range.start, lost, section, reason);
                        }
                    }
                }
                self.check_keys(&attributes, attr_range.clone());
                if let Some(kind) = kind {
                    self.check_key_kinds(kind, &attributes, attr_range.clone());
                }
                // Checked once here, not again at every item of the list.
                let topics = self.checked_topics(&attributes, attr_range.clone());
                let to = self.checked_actors(&attributes, attr_range.clone());
                let mut attributes = attributes;
                attributes.pairs.retain(|(key, _)| {
                    key != "topics" && key != "to" && ITEM_KEYS.contains(&key.as_str())
                });
                if !topics.is_empty() {
                    attributes.pairs.push(("topics".into(), topics.join(" ")));
                }
                if !to.is_empty() {
                    attributes.pairs.push(("to".into(), to.join(" ")));
                    to_line = Some(line_column(&self.source.text, attr_range.start).0);
                }
                (kind, attributes)
            }
            None if at_top => {
                let kind = self.sections.iter().rev().find_map(|s| s.marks);
                if kind.is_none() {
                    self.check_unmarked_list();
                }
                (kind, Attributes::default())
            }
            None => (None, Attributes::default()),
        };
        let _ = range;
        let ordered = start.is_some();
        let tag = if ordered { "ol" } else { "ul" };
        let mut open = String::with_capacity(48);
        push_all(&mut open, &["<", tag]);
        if let Some(n) = start.filter(|&n| n != 1) {
            // Rare (an ordered list not starting at 1), so left to format!.
            open.push_str(&format!(" start=\"{n}\""));
        }
        if let Some(kind) = kind {
            push_all(&mut open, &[" class=\"items items-", kind.as_str(), "\""]);
        }
        open.push_str(">\n");
        self.out.push(html(open));
        self.lists_begun += 1;
        self.lists.push(ListFrame {
            kind,
            attributes,
            ordered,
            to_line,
        });
    }

    pub(super) fn list_end(&mut self, ordered: bool) {
        let frame = self.lists.pop();
        let tag = if frame.map_or(ordered, |f| f.ordered) {
            "ol"
        } else {
            "ul"
        };
        let close = if tag == "ol" { "</ol>\n" } else { "</ul>\n" };
        self.out.push(Event::Html(CowStr::Borrowed(close)));
    }

    pub(super) fn item_start(&mut self, index: usize) {
        let kind = self.lists.last().and_then(|l| l.kind);
        let directly_in_item_list = self.item_stack.len() + 1 == self.lists.len()
            || self.lists.len() == 1
            || self.lists.iter().rev().skip(1).all(|l| l.kind.is_none());
        let Some(kind) = kind.filter(|_| directly_in_item_list) else {
            let last = self.own_last_text(index);
            self.check_stray_block(index + 1, last, true);
            self.item_stack.push(None);
            self.out.push(Event::Start(Tag::Item));
            self.block_start = self.out.len();
            self.block_motions = self.motion_refs.len();
            self.open_passage = None;
            self.block_paragraphs = self.paragraphs.len();
            return;
        };
        let end = self.matching_end(index);
        let (first, last) = self.text_bounds(index + 1, end);
        let item_range = self.events[index].1.clone();
        self.check_glued_items(index, end);
        let (own, range) = match self.trailing_attributes(last) {
            Some(found) => found,
            None => {
                self.check_malformed(last);
                (Attributes::default(), item_range)
            }
        };
        self.check_item_classes(&own, range.clone());
        self.check_key_kinds(kind, &own, range.clone());
        let number = self.number_prefix(first);
        let list_attributes = self
            .lists
            .last()
            .map(|l| l.attributes.clone())
            .unwrap_or_default();
        let mut attributes = list_attributes;
        attributes.id = own.id.clone();
        attributes.pairs.extend(own.pairs.iter().cloned());
        // Topics add up from list to item rather than the item's replacing the list's.
        let topics: Vec<String> = self
            .lists
            .last()
            .map(|l| l.attributes.words("topics"))
            .unwrap_or_default()
            .into_iter()
            .chain(own.words("topics"))
            .collect();
        if !topics.is_empty() {
            attributes.pairs.push(("topics".into(), topics.join(" ")));
        }
        let section = self.id_section();
        // An item with its own id still takes its number: giving goal 1 an id must not
        // renumber goals 2 to 6, whose follow-up statuses and links would then name the
        // goal after them without a word.
        let counter = self.next_item_number(kind, &section.0);
        let id = match &own.id {
            Some(id) => {
                self.claim_anchor(id, range.clone());
                id.clone()
            }
            None => self.derive_item_id(kind, &section.0, counter),
        };
        let escaped_id = escape(&id);
        let mut open = String::with_capacity(escaped_id.len() + 48);
        for part in [
            "<li id=\"",
            &escaped_id,
            "\" class=\"item item-",
            kind.as_str(),
            "\">",
        ] {
            open.push_str(part);
        }
        self.out.push(html(open));
        // The number opens the block it stands in: it takes the block's text.
        let paragraphs = self.paragraphs.len();
        if let Some(number) = number {
            self.push_paragraph_number(number, false, range.clone());
            if let Some(paragraph) = self.paragraphs.last_mut() {
                paragraph.in_item = true;
            }
        }
        let out_start = self.out.len();
        let item_index = self.add_item(kind, id, &attributes, section, range, out_start..out_start);
        let list_to = self.lists.last().and_then(|l| l.to_line);
        if let (Some(line), true) = (list_to, own.words("to").is_empty())
            && let Some(item) = self.items.get_mut(item_index)
        {
            item.addressed_by = AddresseeSource::List { line };
        }
        self.item_stack.push(Some(OpenItem {
            index: item_index,
            out_start,
        }));
        self.block_start = out_start;
        self.block_motions = self.motion_refs.len();
        self.open_passage = None;
        self.block_paragraphs = paragraphs;
    }

    pub(super) fn item_end(&mut self, end_offset: usize) {
        self.close_block(end_offset);
        match self.item_stack.pop().flatten() {
            None => self.out.push(Event::End(TagEnd::Item)),
            Some(open) => {
                self.item_ranges[open.index] = open.out_start..self.out.len();
                self.out.push(html(sentinel(open.index)));
                self.out.push(Event::Html(CowStr::Borrowed("</li>\n")));
            }
        }
    }

    /// The number of the section's next item of this kind, explicit id or not.
    fn next_item_number(&mut self, kind: ItemKind, section_id: &str) -> usize {
        // Looked up by the borrowed section id: most items find their section's counters,
        // and only a section's first item pays for its key.
        let counters = match self.counters.get_mut(section_id) {
            Some(counters) => counters,
            None => self.counters.entry(section_id.to_string()).or_default(),
        };
        match counters.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, counter)) => {
                *counter += 1;
                *counter
            }
            None => {
                counters.push((kind, 1));
                1
            }
        }
    }

    pub(super) fn derive_item_id(
        &mut self,
        kind: ItemKind,
        section_id: &str,
        counter: usize,
    ) -> String {
        let prefix = kind.id_prefix();
        let mut id = String::with_capacity(prefix.len() + section_id.len() + 8);
        id.push_str(prefix);
        id.push('-');
        if !section_id.is_empty() {
            id.push_str(section_id);
            id.push('-');
        }
        push_decimal(&mut id, counter);
        while self.anchors.contains(&id) {
            id.push_str("-b");
        }
        self.anchors.insert(id.clone());
        id
    }

    /// The section whose id derived item ids use: the nearest heading that is not only a
    /// marker of a list kind ("Målsättningar {.goals}"), unless that heading has its own id.
    pub(super) fn id_section(&self) -> (String, String) {
        self.sections
            .iter()
            .rev()
            .find(|s| s.marks.is_none() || s.explicit_id)
            .map_or((String::new(), String::new()), |s| {
                (s.id.clone(), s.title.clone())
            })
    }

    pub(super) fn id_section_excluding_current(&self) -> (String, String) {
        let count = self.sections.len().saturating_sub(1);
        self.sections[..count]
            .iter()
            .rev()
            .find(|s| s.marks.is_none() || s.explicit_id)
            .map_or((String::new(), String::new()), |s| {
                (s.id.clone(), s.title.clone())
            })
    }

    pub(super) fn add_item(
        &mut self,
        kind: ItemKind,
        id: String,
        attributes: &Attributes,
        section: (String, String),
        range: Range<usize>,
        out_range: Range<usize>,
    ) -> usize {
        let offset = range.start;
        self.check_keys(attributes, range.clone());
        // Each topic once: a subsection often names its section's topic again (`valfard`
        // under a `valfard` section), which listed it twice on the item and in the exports.
        let own = self.checked_topics(attributes, range.clone());
        let mut topics: Vec<String> = Vec::new();
        for topic in self.sections.iter().flat_map(|s| s.topics.iter()) {
            if !topics.contains(topic) {
                topics.push(topic.clone());
            }
        }
        let inherited_topics = topics.len();
        for topic in own {
            if !topics.contains(&topic) {
                topics.push(topic);
            }
        }
        let status = match attributes
            .get("status")
            .or_else(|| self.goal_default(kind, "status"))
            .map(str::to_string)
        {
            None => None,
            // An outcome's status is left open (`status=""`) until the report is written.
            Some(value) if kind == ItemKind::Outcome && value.trim().is_empty() => None,
            Some(value) if matches!(kind, ItemKind::Goal | ItemKind::Outcome) => {
                match GoalStatus::parse(&value) {
                    Some(status) => Some(status),
                    None => {
                        let names = GoalStatus::ALL.iter().map(|(n, _)| *n);
                        let message = text!("E033", value = &value);
                        let diagnostic = crate::content::unknown_status(message, &value, names);
                        self.push_diagnostic(diagnostic, range.clone());
                        None
                    }
                }
            }
            Some(_) => {
                self.error_at(range.clone(), text!("E034", kind = kind.a_kind()));
                None
            }
        };
        // `to=` on the item, then on its section; the text is read at the end (finish.rs).
        // A kind that takes no addressees has none, inherited or not (W008 says so where it
        // was written on its list or item).
        let mut addressees = if kind.takes_addressees() {
            self.checked_actors(attributes, range.clone())
        } else {
            Vec::new()
        };
        let mut addressed_by = AddresseeSource::Item;
        if addressees.is_empty() && kind.takes_addressees() {
            (addressees, addressed_by) = self
                .sections
                .iter()
                .rev()
                .find(|s| !s.to.is_empty())
                .map(|s| (s.to.clone(), AddresseeSource::Section { line: s.line }))
                .unwrap_or_default();
        }
        let section_id = section.0.clone();
        let serves = if kind == ItemKind::Activity {
            let mut explicit = attributes.words("goals");
            if explicit.is_empty() {
                explicit = self
                    .section_default("goals")
                    .map(|v| v.split_whitespace().map(str::to_string).collect())
                    .unwrap_or_default();
            }
            if explicit.is_empty() {
                self.default_goals(&section_id)
            } else {
                explicit
            }
        } else {
            Vec::new()
        };
        let mut implements = Vec::new();
        for written in attributes.words("implements") {
            // A broken link is shown at itself, not at the block's `{`.
            let at = self.written_in(&range, &written);
            let Some(target) = parse_link_target(&written) else {
                self.error_at(at, text!("E035", link = written));
                continue;
            };
            self.links.push(InternalLink {
                target: target.clone(),
                kind: LinkKind::Implements,
                source_item: Some(id.clone()),
                source_section: section_id.clone(),
                offset: at.start,
            });
            implements.push(target);
        }
        self.note_outcome_goal(kind, attributes, range.clone());
        let continues = self.continued_goal(kind, attributes, &id, &section_id, range.clone());
        if kind == ItemKind::Goal {
            self.goals_by_section
                .entry(section_id.clone())
                .or_default()
                .push(id.clone());
        }
        let line = line_from(&self.source.text, self.line_cursor, offset);
        self.line_cursor = (offset.min(self.source.text.len()), line);
        // Counted as items come rather than by a pass over the items before: 20,000 goals
        // were 200 million comparisons.
        let ordinal = {
            let count = self.ordinals.entry((kind, section_id.clone())).or_default();
            *count += 1;
            *count
        };
        self.items.push(Item {
            id,
            kind,
            ordinal,
            html: String::new(),
            text: String::new(),
            section_id,
            section_title: section.1,
            topics,
            inherited_topics,
            status,
            status_note: None,
            period: attributes
                .get("period")
                .or_else(|| self.goal_default(kind, "period"))
                .map(str::to_string),
            addressees,
            addressed_by,
            serves,
            implements,
            continues,
            line,
        });
        self.item_ranges.push(out_range);
        self.items.len() - 1
    }
}
