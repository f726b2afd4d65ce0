//! The commitment index of a long site: a page per strategy (numbered when the strategy
//! alone is long), each strategy's pages kept in the index memo under a key of everything
//! its diagrams show ([`strategy_key`]), and the index listing the strategies with their
//! counts. At 10,000 documents a save traced all 6,000 commitments again and rendered every
//! strategy's pages to compare them with the last run's, though it changes one or two; now
//! the traces are made for the strategies whose key changed only.

use std::hash::{Hash, Hasher};

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::document::{Document, ItemKind};
use crate::memo::MemoKeys;
use crate::render::views::{Link, Urls};
use crate::render::{Emit, OutputFile, PageJob, Produced, Theme, page_context, render_page};
use crate::resolve::Site;

use super::super::listing::{numbered_title, page_frames};
use super::super::trace::{Reports, Tracer};
use super::trace_pages::{take_large, trace_jobs};
use super::{SectionGroup, StrategyGroup, Totals, index_context, split_sections, strategy_group};

/// A strategy's pages as rendered, and what the index shows of it.
pub(in crate::indexes) struct StrategyPages {
    files: Vec<OutputFile>,
    totals: Totals,
    count: usize,
    doc: Link,
    organization: Link,
    url: String,
}

/// Every strategy's pages and the index listing them, handed to `emit`.
pub(super) fn long_index_into(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    memo: &super::super::IndexMemo,
    emit: &Emit<'_>,
) {
    let strategies: Vec<&Document> = site
        .documents
        .iter()
        .map(|document| &**document)
        .filter(|document| {
            document
                .items
                .iter()
                .any(|i| i.kind == ItemKind::Commitment)
        })
        .collect();
    let mut sources = FxHashMap::default();
    // A one-shot build keeps nothing, so it needs no key.
    let keys: Vec<u64> = strategies
        .iter()
        .map(|strategy| match memo.keys.one_shot {
            true => 0,
            false => strategy_key(site, &memo.keys, strategy, &mut sources),
        })
        .collect();
    let mut kept: Vec<_> = strategies
        .iter()
        .zip(&keys)
        .map(|(strategy, &key)| memo.strategy_pages.get(&strategy.path, key))
        .collect();
    if kept.iter().any(Option::is_none) {
        let made = match make_missing(site, theme, urls, memo, &strategies, &kept) {
            Ok(made) => made,
            Err(failure) => return emit(Produced::Failed(failure)),
        };
        for (n, pages) in made {
            kept[n] = Some(
                memo.strategy_pages
                    .insert(&strategies[n].path, keys[n], pages),
            );
        }
    }
    let mut totals = Totals::default();
    let mut listed = Vec::with_capacity(kept.len());
    for pages in kept.into_iter().flatten() {
        for file in &pages.files {
            emit(Produced::File(file.clone()));
        }
        totals.commitments += pages.totals.commitments;
        totals.quoted += pages.totals.quoted;
        totals.taken_up += pages.totals.taken_up;
        listed.push(StrategyGroup {
            path: String::new(),
            totals: pages.totals,
            doc: pages.doc.clone(),
            organization: pages.organization.clone(),
            sections: Vec::new(),
            count: pages.count,
            all_url: Some(pages.url.clone()),
        });
    }
    let word = &urls.config.paths.commitments;
    let url = urls.section(word, None);
    let mut context = index_context(&mut listed, &totals, theme, &url);
    context.insert("by_organization", &by_organization(&listed));
    emit(Produced::Page(PageJob {
        path: format!("{word}/index.html"),
        template: "commitments.html",
        context,
    }));
}

/// An organisation's strategies on the long index, with their counts. At 10,000 documents
/// the index listed 220 strategies, each under a heading of its own (33,000 px on a phone),
/// and the filter "tagna upp / ännu inte tagna upp" changed nothing on it, since the index
/// held no commitment to hide: by organisation, folded, each strategy with its counts for
/// the choice and a link to its own page filtered the same way, it does.
#[derive(Serialize)]
struct OrganizationStrategies<'g, 'r> {
    organization: &'g Link,
    count: usize,
    taken_up: usize,
    /// Its strategies with a commitment taken up, and with one not yet: what its folded list
    /// shows under each choice of the filter, which its summary counts.
    strategies_taken_up: usize,
    strategies_not_taken_up: usize,
    strategies: Vec<&'g StrategyGroup<'r>>,
}

/// The strategies by organisation, each organisation where its first strategy is.
fn by_organization<'g, 'r>(listed: &'g [StrategyGroup<'r>]) -> Vec<OrganizationStrategies<'g, 'r>> {
    let mut groups: Vec<OrganizationStrategies<'g, 'r>> = Vec::new();
    let mut place: FxHashMap<&str, usize> = FxHashMap::default();
    for strategy in listed {
        let key = strategy.organization.url.as_str();
        let at = match place.get(key) {
            Some(&at) => at,
            None => {
                place.insert(key, groups.len());
                groups.push(OrganizationStrategies {
                    organization: &strategy.organization,
                    count: 0,
                    taken_up: 0,
                    strategies_taken_up: 0,
                    strategies_not_taken_up: 0,
                    strategies: Vec::new(),
                });
                groups.len() - 1
            }
        };
        let group = &mut groups[at];
        group.count += strategy.count;
        group.taken_up += strategy.totals.taken_up;
        group.strategies_taken_up += usize::from(strategy.totals.taken_up > 0);
        group.strategies_not_taken_up += usize::from(strategy.totals.taken_up < strategy.count);
        group.strategies.push(strategy);
    }
    groups
}

/// The pages of the strategies `kept` has none for, by their place in `strategies`: traced
/// one after the other (the tracer shares what it found), rendered side by side.
fn make_missing(
    site: &Site,
    theme: &Theme,
    urls: &Urls<'_>,
    memo: &super::super::IndexMemo,
    strategies: &[&Document],
    kept: &[Option<std::sync::Arc<StrategyPages>>],
) -> Result<Vec<(usize, StrategyPages)>, Diagnostic> {
    let mut tracer = Tracer::new(site, theme, urls);
    let reports = Reports::of(site, &mut tracer, memo);
    let groups: Vec<(usize, StrategyGroup<'_>)> = strategies
        .iter()
        .enumerate()
        .filter(|(n, _)| kept[*n].is_none())
        .filter_map(|(n, strategy)| {
            let (group, _) = strategy_group(strategy, &reports, &mut tracer, urls)?;
            Some((n, group))
        })
        .collect();
    if let Some(failure) = tracer.failure() {
        return Err(failure);
    }
    groups
        .into_par_iter()
        .map(|(n, group)| Ok((n, render_strategy(group, theme, urls)?)))
        .collect()
}

/// A strategy's pages, at most `LIST_LIMIT` commitments each.
fn render_strategy(
    mut strategy: StrategyGroup<'_>,
    theme: &Theme,
    urls: &Urls<'_>,
) -> Result<StrategyPages, Diagnostic> {
    let word = &urls.config.paths.commitments;
    let back = Link {
        url: urls.section(word, None),
        title: theme.string("commitments_title").to_string(),
    };
    let slug = crate::document::slugify(&strategy.path);
    let page_url = urls.section(word, Some(&slug));
    let mut files = Vec::new();
    let strategy_back = Link {
        url: page_url.clone(),
        title: strategy.doc.title.clone(),
    };
    for page in take_large(
        &mut strategy.sections,
        (&format!("{word}/{slug}"), &page_url),
    ) {
        for job in trace_jobs(&page, &strategy_back, theme) {
            let bytes = render_page(theme, &job)?;
            files.push(OutputFile::new(job.path, bytes));
        }
    }
    let pages = split_sections(std::mem::take(&mut strategy.sections));
    for (frame, mut sections) in page_frames(&format!("{word}/{slug}"), &page_url, pages.len())
        .into_iter()
        .zip(pages)
    {
        sections.iter_mut().for_each(SectionGroup::seal);
        let mut context = page_context(
            &numbered_title(&strategy.doc.title, frame.number, theme),
            &frame.url,
            theme.string("commitments_description"),
        );
        let on_page = StrategyGroup {
            path: strategy.path.clone(),
            totals: strategy.totals,
            doc: strategy.doc.clone(),
            organization: strategy.organization.clone(),
            sections,
            count: strategy.count,
            all_url: None,
        };
        context.insert("strategies", &[on_page]);
        context.insert("totals", &strategy.totals);
        context.insert("back", &Some(&back));
        context.insert("pagination", &frame.pagination());
        let job = PageJob {
            path: frame.path,
            template: "commitments.html",
            context,
        };
        let bytes = render_page(theme, &job)?;
        files.push(OutputFile::new(job.path, bytes));
    }
    Ok(StrategyPages {
        files,
        totals: strategy.totals,
        count: strategy.count,
        doc: strategy.doc,
        organization: strategy.organization,
        url: page_url,
    })
}

/// Everything a strategy's pages show beyond the memo's context (config, vocabulary; the
/// theme empties the memo): the strategy (its path and fingerprint: its commitments, their
/// sections and motions), and for each commitment what links to it, each backlink with what
/// its source shows ([`source_key`]). `sources` keeps each source's key for the next
/// strategy.
fn strategy_key<'s>(
    site: &'s Site,
    keys: &MemoKeys,
    strategy: &'s Document,
    sources: &mut FxHashMap<&'s str, u64>,
) -> u64 {
    let mut hasher = keys.hasher(site.fingerprint(&strategy.path).unwrap_or(0));
    strategy.path.hash(&mut hasher);
    for item in strategy
        .items
        .iter()
        .filter(|item| item.kind == ItemKind::Commitment)
    {
        item.id.hash(&mut hasher);
        for backlink in site.backlinks_to(&strategy.path, &item.id) {
            backlink.hash(&mut hasher);
            let source = *sources
                .entry(backlink.from_doc.as_str())
                .or_insert_with(|| source_key(site, &backlink.from_doc));
            source.hash(&mut hasher);
        }
    }
    hasher.finish()
}

/// What a diagram shows of a document linking to or quoting a commitment: the document
/// itself (its fingerprint covers its items' text and goals' statuses, its title, its
/// organisation) and, for its recommendations, what links to each (each backlink and its
/// source's fingerprint: the goals under a recommendation's branch, with their statuses).
fn source_key(site: &Site, path: &str) -> u64 {
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    path.hash(&mut hasher);
    site.fingerprint(path).hash(&mut hasher);
    let recommendations = site
        .document(path)
        .into_iter()
        .flat_map(|document| &document.items)
        .filter(|item| item.kind == ItemKind::Recommendation);
    for item in recommendations {
        item.id.hash(&mut hasher);
        for backlink in site.backlinks_to(path, &item.id) {
            backlink.hash(&mut hasher);
            site.fingerprint(&backlink.from_doc).hash(&mut hasher);
        }
    }
    hasher.finish()
}
