//! Long lists on the index pages: a list longer than [`LIST_LIMIT`] is cut on the
//! site-wide index pages (its count, its first rows and a "show all" link), and the page
//! holding the whole list is split into numbered pages (`…/sida/2/`) with a pagination nav.
//!
//! Every item stays reachable without JavaScript: each cut list links to a page that holds
//! the whole list, and that page's numbered pages link to each other.

use std::hash::Hash;

use rayon::prelude::*;
use serde::Serialize;
use tera::Value;

use crate::render::views::Link;
use crate::render::{Emit, PageJob, Theme, page_context};

/// The most rows a list shows on one page. A row is 0.5–1.5 kB of HTML; at a few hundred
/// rows a page is already long to scroll, to read with a screen reader and to download on a
/// phone, and past a thousand it takes megabytes and seconds to lay out. 200 keeps every
/// index page of the bundled example whole (its longest list has 59 rows) and each page of
/// a cut list well under half a megabyte.
pub(crate) const LIST_LIMIT: usize = 200;

/// How many rows a cut list still shows on an index page, before its "show all" link. The
/// site-wide indexes have a group per topic or addressee (20–40 on a big site), so a cut
/// group must be short for the page to stay a table of contents: 40 groups of 20 rows is
/// about 800 rows, under a megabyte.
pub(crate) const PREVIEW_ROWS: usize = 20;

/// The most rows on one numbered page of a list. A row is 150–250 px tall on a 390 px phone,
/// so 50 rows keep a page near 10,000 px; at 200 an addressee's page of a 1,000-document
/// site was 44,000 px tall.
pub(crate) const PAGE_ROWS: usize = 50;

/// The most bytes of rows' HTML on one numbered page. On a 390 px phone a row takes about a
/// quarter of a pixel per byte of its HTML (0.24–0.28 on a 1,000-document site's addressee
/// pages), so 40 kB are about 11,000 px: rows of long recommendations with several
/// addressees and "taken up by" made pages of 50 rows 14,000 px tall.
pub(crate) const PAGE_BYTES: usize = 40_000;

/// How much of a page a row takes: the length of its rendered HTML (a row that is not a
/// rendered string counts nothing, and pages hold [`PAGE_ROWS`] of them).
pub(crate) trait RowSize {
    fn size(&self) -> usize;
}

impl RowSize for Value {
    fn size(&self) -> usize {
        self.as_str().map_or(0, str::len)
    }
}

impl<T: RowSize> RowSize for &T {
    fn size(&self) -> usize {
        (**self).size()
    }
}

/// The folder of the numbered pages of a list: `…/sida/2/`.
const PAGE_WORD: &str = "sida";

/// Whether a list of `count` rows is cut on the index pages and gets pages of its own.
pub(crate) fn is_long(count: usize) -> bool {
    count > LIST_LIMIT
}

/// A list as an index page shows it: its count, its rows (the first [`PREVIEW_ROWS`] when it
/// is longer than [`LIST_LIMIT`]), and the page holding all of it when it was cut.
#[derive(Serialize)]
pub(crate) struct RowList {
    pub(crate) count: usize,
    pub(crate) rows: Vec<Value>,
    pub(crate) all_url: Option<String>,
}

impl RowList {
    /// `all_url` gives the URL of the page holding the whole list; it is only asked for when
    /// the list is long, and that page must then exist ([`list_pages_into`]).
    pub(crate) fn shown(rows: Vec<Value>, all_url: impl FnOnce() -> String) -> RowList {
        RowList::first_of(rows.len(), rows, all_url)
    }

    /// The list of `count` rows whose first rows are `first`: all of them when the list is not
    /// long, else at least its first [`PREVIEW_ROWS`]. A list that is only shown here need
    /// not be gathered whole.
    pub(crate) fn first_of(
        count: usize,
        first: Vec<Value>,
        all_url: impl FnOnce() -> String,
    ) -> RowList {
        debug_assert!(first.len() <= count && (is_long(count) || first.len() == count));
        if is_long(count) {
            let mut rows = first;
            rows.truncate(PREVIEW_ROWS);
            RowList {
                count,
                rows,
                all_url: Some(all_url()),
            }
        } else {
            RowList {
                count,
                rows: first,
                all_url: None,
            }
        }
    }
}

/// The numbered pages of a list, for `<nav aria-label="…">`.
#[derive(Serialize)]
pub(crate) struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

/// One page of a list.
pub(crate) struct ListPage<'r, T> {
    /// The output file, `dir/index.html` or `dir/sida/N/index.html`.
    pub(crate) path: String,
    pub(crate) url: String,
    pub(crate) number: usize,
    pub(crate) rows: &'r [T],
    frame: PageFrame,
}

impl<T> ListPage<'_, T> {
    /// The page's nav; `None` when the list fits on one page.
    pub(crate) fn pagination(&self) -> Option<Pagination> {
        self.frame.pagination()
    }
}

/// Splits `rows` into pages of at most [`PAGE_ROWS`] rows and [`PAGE_BYTES`] (a page holds
/// at least one row): the first at `url` (the output folder `dir`), the others at `url` +
/// `sida/N/`. An empty list is one empty page.
pub(crate) fn paginate<'r, T: RowSize>(
    dir: &str,
    url: &str,
    rows: &'r [T],
) -> Vec<ListPage<'r, T>> {
    let mut chunks: Vec<&[T]> = Vec::with_capacity(rows.len() / PAGE_ROWS + 1);
    let (mut start, mut bytes) = (0, 0);
    for (i, row) in rows.iter().enumerate() {
        let size = row.size();
        if i > start && (i - start == PAGE_ROWS || bytes + size > PAGE_BYTES) {
            chunks.push(&rows[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += size;
    }
    chunks.push(&rows[start..]);
    page_frames(dir, url, chunks.len())
        .into_iter()
        .zip(chunks)
        .map(|(frame, rows)| ListPage {
            path: frame.path.clone(),
            url: frame.url.clone(),
            number: frame.number,
            rows,
            frame,
        })
        .collect()
}

/// Where each of `total` numbered pages goes, and its nav: for lists that are not plain rows.
pub(crate) struct PageFrame {
    pub(crate) path: String,
    pub(crate) url: String,
    pub(crate) number: usize,
    total: usize,
    /// The first page's URL, which the others' are made from.
    first_url: String,
}

impl PageFrame {
    /// The page's nav, made when asked: it links every page of the list, so making it for
    /// each page of a list of a hundred pages made ten thousand links, most of them for
    /// pages the memo then had (`row_pages`). `None` when the list fits on one page.
    pub(crate) fn pagination(&self) -> Option<Pagination> {
        let url_of = |number: usize| page_url(&self.first_url, number);
        (self.total > 1).then(|| Pagination {
            current: self.number,
            total: self.total,
            prev: (self.number > 1).then(|| url_of(self.number - 1)),
            next: (self.number < self.total).then(|| url_of(self.number + 1)),
            pages: (1..=self.total)
                .map(|n| PageLink {
                    number: n,
                    url: url_of(n),
                    current: n == self.number,
                })
                .collect(),
        })
    }
}

/// The URL of page `number` of the list whose first page is at `url`.
fn page_url(url: &str, number: usize) -> String {
    if number == 1 {
        url.to_string()
    } else {
        format!("{url}{PAGE_WORD}/{number}/")
    }
}

pub(crate) fn page_frames(dir: &str, url: &str, total: usize) -> Vec<PageFrame> {
    (1..=total.max(1))
        .map(|number| PageFrame {
            path: if number == 1 {
                format!("{dir}/index.html")
            } else {
                format!("{dir}/{PAGE_WORD}/{number}/index.html")
            },
            url: page_url(url, number),
            number,
            total,
            first_url: url.to_string(),
        })
        .collect()
}

/// A page's title with its number after the first: "Bostad – sida 2".
pub(crate) fn numbered_title(title: &str, number: usize, theme: &Theme) -> String {
    if number == 1 {
        title.to_string()
    } else {
        format!("{title} – {} {number}", theme.string("page_number"))
    }
}

/// A whole list on pages of its own (`item_list.html`), for the lists the index pages cut.
pub(crate) struct ListSpec {
    /// The output folder of the first page, e.g. `amnen/bostad/mal`.
    pub(crate) dir: String,
    pub(crate) url: String,
    pub(crate) title: String,
    /// What the rows are, after the count: "mål", "rekommendationer".
    pub(crate) noun: String,
    /// The page the list was cut on.
    pub(crate) back: Link,
    pub(crate) of: ListOf,
}

/// What a list's rows are, which `item_list.html` lays out in their own kind of list: index
/// rows (`index_item.html`) or document cards (`doc_card.html`).
#[derive(Serialize, Clone, Copy, Hash)]
#[serde(rename_all = "lowercase")]
pub(crate) enum ListOf {
    Items,
    Documents,
}

#[derive(Serialize)]
struct ListView<'a, T> {
    count: usize,
    noun: &'a str,
    of: ListOf,
    rows: &'a [T],
}

/// The pages of a whole list (`item_list.html`), handed to `emit`, each from the memo
/// unless its rows or its words changed (`row_pages`).
pub(crate) fn list_pages_into(
    spec: &ListSpec,
    rows: &[&Value],
    theme: &Theme,
    memo: &super::IndexMemo,
    emit: &Emit<'_>,
) {
    paginate(&spec.dir, &spec.url, rows)
        .into_par_iter()
        .for_each(|page| {
            let title = numbered_title(&spec.title, page.number, theme);
            let frame = |hasher: &mut std::collections::hash_map::DefaultHasher| {
                "item_list.html".hash(hasher);
                (
                    &title,
                    &page.url,
                    page.number,
                    rows.len(),
                    &spec.noun,
                    spec.of,
                )
                    .hash(hasher);
                (&spec.back.url, &spec.back.title).hash(hasher);
            };
            let job = || {
                let mut context = page_context(&title, &page.url, "");
                context.insert(
                    "list",
                    &ListView {
                        count: rows.len(),
                        noun: &spec.noun,
                        of: spec.of,
                        rows: page.rows,
                    },
                );
                context.insert("back", &spec.back);
                context.insert("pagination", &page.pagination());
                PageJob {
                    path: page.path.clone(),
                    template: "item_list.html",
                    context,
                }
            };
            let path = page.path.clone();
            super::row_pages::row_page_into(memo, theme, path, page.rows, frame, job, emit);
        });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: usize) -> Vec<Value> {
        (0..n).map(|i| Value::safe_string(&i.to_string())).collect()
    }

    #[test]
    fn a_short_list_is_one_page_without_a_nav() {
        let rows = rows(PAGE_ROWS);
        let pages = paginate("mal/x", "/mal/x/", &rows);
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].path, "mal/x/index.html");
        assert!(pages[0].pagination().is_none());
        assert_eq!(paginate::<Value>("a", "/a/", &[]).len(), 1);
    }

    #[test]
    fn a_long_list_is_split_with_links_both_ways() {
        let rows = rows(2 * PAGE_ROWS + 1);
        let pages = paginate("mal/x", "/mal/x/", &rows);
        let paths: Vec<&str> = pages.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "mal/x/index.html",
                "mal/x/sida/2/index.html",
                "mal/x/sida/3/index.html"
            ]
        );
        assert_eq!(
            pages.iter().map(|p| p.rows.len()).sum::<usize>(),
            rows.len()
        );
        let second = pages[1].pagination().expect("a nav");
        assert_eq!(second.prev.as_deref(), Some("/mal/x/"));
        assert_eq!(second.next.as_deref(), Some("/mal/x/sida/3/"));
        assert!(second.pages[1].current && !second.pages[0].current);
    }

    /// Long rows fill a page before 50 of them do: at most PAGE_BYTES of rows a page, and
    /// a row longer than that alone on its page.
    #[test]
    fn a_page_holds_at_most_page_bytes_of_rows() {
        let row = |bytes: usize| Value::safe_string(&"x".repeat(bytes));
        let rows: Vec<Value> = (0..30)
            .map(|_| row(PAGE_BYTES / 10 + 1))
            .chain([row(2 * PAGE_BYTES)])
            .chain((0..3).map(|_| row(10)))
            .collect();
        let pages = paginate("a", "/a/", &rows);
        let sizes: Vec<usize> = pages.iter().map(|p| p.rows.len()).collect();
        assert_eq!(sizes, [9, 9, 9, 3, 1, 3]);
        for page in &pages[..3] {
            assert!(page.rows.iter().map(RowSize::size).sum::<usize>() <= PAGE_BYTES);
        }
        let refs: Vec<&Value> = rows.iter().collect();
        assert_eq!(paginate("a", "/a/", &refs).len(), pages.len());
    }

    #[test]
    fn a_cut_list_keeps_its_count_and_links_to_the_whole() {
        let list = RowList::shown(rows(LIST_LIMIT + 1), || "/all/".into());
        assert_eq!(
            (list.count, list.rows.len()),
            (LIST_LIMIT + 1, PREVIEW_ROWS)
        );
        assert_eq!(list.all_url.as_deref(), Some("/all/"));
        let list = RowList::shown(rows(3), || unreachable!());
        assert_eq!((list.count, list.rows.len(), list.all_url), (3, 3, None));
    }

    #[test]
    fn a_list_known_by_its_count_and_first_rows_is_shown_like_the_whole() {
        for count in [0, 3, LIST_LIMIT, LIST_LIMIT + 1, 5 * LIST_LIMIT] {
            let whole = RowList::shown(rows(count), || "/all/".into());
            let first = rows(count.min(LIST_LIMIT + 1));
            let cut = RowList::first_of(count, first, || "/all/".into());
            assert_eq!((cut.count, cut.all_url), (whole.count, whole.all_url));
            assert_eq!(cut.rows, whole.rows);
        }
    }
}
