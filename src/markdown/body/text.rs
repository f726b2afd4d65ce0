//! Inline content: amendments, motion references, margin numbers, links and raw HTML.

use super::*;

impl<'a> Walker<'a, '_> {
    // ---- inline content -------------------------------------------------------------

    pub(super) fn text(&mut self, index: usize, text: CowStr<'a>, range: Range<usize>) {
        if self.in_code {
            self.out.push(Event::Text(text));
            return;
        }
        self.check_empty_wiki_links(&text, range.start);
        if text.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            self.check_spaced_marker(&range);
        }
        if memchr::memchr2(b'@', b'[', text.as_bytes()).is_some() {
            self.check_broken_link_syntax(&range);
            self.check_undefined_footnotes(&range);
        }
        let edit = self.edits.get(&index).copied().unwrap_or_default();
        let end = edit.keep_end.unwrap_or(text.len()).min(text.len());
        let start = edit.skip_start.min(end);
        let whole = start == 0 && end == text.len();
        // Most runs hold no token and pass through as they are, without a list of pieces.
        if whole && !text.is_empty() && !may_hold_token(&text) {
            self.out.push(Event::Text(text));
            return;
        }
        self.check_loose_paragraph_numbers(&text, range.clone());
        let slice = &text[start..end];
        let pieces = split_inline(slice);
        if whole && matches!(pieces.as_slice(), [(_, InlinePiece::Text(_))]) {
            self.out.push(Event::Text(text));
            return;
        }
        // A run of text borrowed from the source stays borrowed, piece by piece.
        let source = match &text {
            CowStr::Borrowed(source) => Some(*source),
            _ => None,
        };
        let base = range.start + start;
        for (offset, piece) in pieces {
            let at = base + offset;
            match piece {
                InlinePiece::Text(run) => {
                    let from = start + offset;
                    let run = match source.and_then(|s| s.get(from..from + run.len())) {
                        Some(borrowed) => CowStr::Borrowed(borrowed),
                        None => CowStr::from(run.to_string()),
                    };
                    self.out.push(Event::Text(run));
                }
                InlinePiece::InsertOpen => self.open_amendment(true, at),
                InlinePiece::DeleteOpen => self.open_amendment(false, at),
                InlinePiece::InsertClose => self.close_amendment(true, at),
                InlinePiece::DeleteClose => self.close_amendment(false, at),
                InlinePiece::ParagraphNumber(number) => {
                    self.push_paragraph_number(number, false, at..at + 4)
                }
                InlinePiece::Motions(labels) => self.push_motions(labels, at),
            }
        }
    }

    /// `[[]]` and `[[|text]]` are no links to Markdown, so they were printed as written
    /// while `[[ ]]` was an error: each names no document, and each is one.
    fn check_empty_wiki_links(&mut self, text: &str, start: usize) {
        if memchr::memchr(b'[', text.as_bytes()).is_none() {
            return;
        }
        for (at, _) in text.match_indices("[[") {
            let rest = &text[at + 2..];
            let written = if rest.starts_with("]]") {
                "[[]]".to_string()
            } else if let Some(label) = rest.strip_prefix('|') {
                match label.find("]]") {
                    Some(end) => format!("[[|{}]]", &label[..end]),
                    None => continue,
                }
            } else {
                continue;
            };
            // Only as written in the source: `\[[]]` is text the author escaped.
            let span = start + at..start + at + written.len();
            let source = self.source.text.as_bytes();
            let escaped = span.start > 0 && source.get(span.start - 1) == Some(&b'\\');
            if !escaped && self.source.text.get(span.clone()) == Some(written.as_str()) {
                self.error_at(span, text!("E040", link = written));
            }
        }
    }

    pub(super) fn open_amendment(&mut self, insert: bool, at: usize) {
        let (open, tag) = if insert {
            (&mut self.insert_open, "ins")
        } else {
            (&mut self.delete_open, "del")
        };
        if open.is_some() {
            self.error_at(at..at + 3, text!("E053"));
            return;
        }
        *open = Some(at);
        let open = if tag == "ins" {
            "<ins class=\"amendment\">"
        } else {
            "<del class=\"amendment\">"
        };
        self.out.push(Event::Html(CowStr::Borrowed(open)));
    }

    pub(super) fn close_amendment(&mut self, insert: bool, at: usize) {
        let (open, tag) = if insert {
            (&mut self.insert_open, "ins")
        } else {
            (&mut self.delete_open, "del")
        };
        if open.take().is_none() {
            let token = if insert { "++}" } else { "--}" };
            self.error_at(at..at + 3, text!("E054", token = token));
            return;
        }
        let close = if tag == "ins" { "</ins>" } else { "</del>" };
        self.out.push(Event::Html(CowStr::Borrowed(close)));
    }

    pub(super) fn push_motions(
        &mut self,
        labels: Vec<crate::markdown::inline::MotionLabel>,
        _at: usize,
    ) {
        let passage = self.open_passage.unwrap_or_else(|| {
            let anchor = self.passage_anchor();
            self.passages.push(Passage {
                anchor,
                text: String::new(),
            });
            self.passages.len() - 1
        });
        self.open_passage = Some(passage);
        let base = &self.context.config.base_path;
        let motions_word = &self.context.config.paths.motions;
        let word = escape(&self.context.labels.motion);
        let mut span = String::with_capacity(64 + 160 * labels.len());
        span.push_str(super::MOTION_REFS_SPAN);
        span.push('(');
        for (position, label) in labels.into_iter().enumerate() {
            let mut anchor = String::from("motion-");
            anchor.push_str(&motion_anchor(&label.label));
            let anchor = self.claim_free_anchor(anchor);
            let escaped_label = escape(&label.label);
            if position > 0 {
                span.push_str(", ");
            }
            push_all(
                &mut span,
                &[
                    "<a class=\"motion-ref\" id=\"",
                    &anchor,
                    "\" href=\"",
                    base,
                    "/",
                    motions_word,
                    "/#",
                    &label.motion.to_lowercase(),
                    "\" aria-label=\"",
                    &word,
                    " ",
                    &escaped_label,
                    "\">",
                    &escaped_label,
                    "</a>",
                ],
            );
            self.motion_refs.push(MotionRef {
                motion: label.motion,
                label: label.label,
                anchor,
                passage,
            });
        }
        span.push_str(")</span>");
        self.out.push(html(span));
    }

    pub(super) fn passage_anchor(&self) -> String {
        if let Some(Some(open)) = self.item_stack.iter().rev().find(|i| i.is_some()) {
            return self.items[open.index].id.clone();
        }
        if let Some(anchor) = &self.paragraph_anchor {
            return anchor.clone();
        }
        self.sections
            .last()
            .map(|s| s.id.clone())
            .unwrap_or_default()
    }

    pub(super) fn link(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        range: Range<usize>,
    ) {
        let wiki = matches!(link_type, LinkType::WikiLink { .. });
        if !wiki && let Some(url) = self.site_link(&dest_url, range.clone()) {
            self.out.push(Event::Start(Tag::Link {
                link_type,
                dest_url: CowStr::from(url),
                title,
                id,
            }));
            return;
        }
        let dest_url = match classify_link(&dest_url, &self.doc_path, wiki) {
            LinkDestination::External => {
                let lower = dest_url.get(..8).unwrap_or(&dest_url).to_ascii_lowercase();
                if lower.starts_with("http://")
                    || lower.starts_with("https://")
                    || lower.starts_with("//")
                {
                    self.external_links
                        .push((range.start, dest_url.to_string()));
                }
                self.checked_scheme(dest_url, range.clone())
            }
            LinkDestination::Invalid(message) => {
                self.error_at(range, message);
                dest_url
            }
            LinkDestination::Internal(target) => {
                let url = self.url_of(&target);
                // Written without text, the link shows its target's title, which the
                // render stage writes over the target as written.
                if matches!(link_type, LinkType::WikiLink { has_pothole: false }) {
                    self.titled_links.push(target.clone());
                    self.titled_link_open = true;
                }
                self.push_internal_link(target, LinkKind::Text, range.start);
                CowStr::from(url)
            }
        };
        self.out.push(Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }));
        if self.titled_link_open {
            let index = self.titled_links.len().saturating_sub(1);
            let at = self.out.len();
            self.titled_link_events.push(at..at);
            self.out.push(html(super::link_title_start(index)));
        }
    }

    /// An image: its source is checked like a link's target.
    pub(super) fn image(
        &mut self,
        link_type: LinkType,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        id: CowStr<'a>,
        range: Range<usize>,
    ) {
        // An image of the site's own (`/bilder/logga.png`, `logga.png`) is checked like a
        // link and written with the base path: it was shown broken without a word.
        let dest_url = match self.site_link(&dest_url, range.clone()) {
            Some(url) => CowStr::from(url),
            None => self.checked_scheme(dest_url, range),
        };
        self.out.push(Event::Start(Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        }));
    }

    /// `url`, or an empty target and an error when its scheme is not one the site allows.
    fn checked_scheme(&mut self, url: CowStr<'a>, range: Range<usize>) -> CowStr<'a> {
        let allowed = &self.context.config.allowed_link_schemes;
        match refused_scheme(&url, allowed) {
            None => url,
            Some(diagnostic) => {
                self.push_diagnostic(diagnostic, range);
                CowStr::Borrowed("")
            }
        }
    }

    /// Records a link to check in the resolve stage, from the innermost open item (or the
    /// section, in prose).
    pub(super) fn push_internal_link(&mut self, target: LinkTarget, kind: LinkKind, offset: usize) {
        let source_item = self
            .item_stack
            .iter()
            .rev()
            .flatten()
            .next()
            .map(|open| self.items[open.index].id.clone());
        let source_section = self
            .sections
            .last()
            .map(|s| s.id.clone())
            .unwrap_or_default();
        self.links.push(InternalLink {
            target,
            kind,
            source_item,
            source_section,
            offset,
        });
    }

    pub(super) fn url_of(&self, target: &LinkTarget) -> String {
        if let Some(anchor) = &target.anchor
            && target.doc == self.doc_path
        {
            let mut url = String::with_capacity(anchor.len() + 1);
            push_all(&mut url, &["#", anchor]);
            return url;
        }
        let mut url = doc_url(&self.context.config.base_path, &target.doc);
        if let Some(anchor) = &target.anchor {
            push_all(&mut url, &["#", anchor]);
        }
        url
    }

    pub(super) fn raw_html(&mut self, raw: CowStr<'a>, range: Range<usize>) {
        if self.context.config.allow_raw_html {
            // Raw HTML is the author's own, script included; this catches the link pasted
            // from elsewhere, with the same rule as Markdown links. The whole HTML is
            // dropped, since its URL cannot be cut out of it safely.
            let mut refused = false;
            for (offset, url) in raw_html_urls(&raw) {
                let allowed = &self.context.config.allowed_link_schemes;
                if let Some(diagnostic) = refused_scheme(&url, allowed) {
                    let start = range.start + offset;
                    let at = if start < range.end {
                        start..start + 1
                    } else {
                        range.clone()
                    };
                    self.push_diagnostic(diagnostic, at);
                    refused = true;
                }
            }
            if !refused {
                self.out.push(Event::Html(raw));
            }
        } else if !raw.trim_start().starts_with("<!--") {
            // Shown as text, so nothing an author pastes can inject markup or script.
            self.out.push(Event::Text(raw));
        }
    }
}
