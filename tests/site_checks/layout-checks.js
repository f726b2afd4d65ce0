// Layout checks of one page that a member would see (issue #20), run by browser-checks.js:
//
//   * no word broken inside: at 390 px and at 200 % zoom (a 1280 px window zoomed to 200 %
//     lays out a 640 px viewport), no word of letters and digits is split over two lines,
//     as the per-organisation table's "P/å/g/år" was before tables became cards;
//   * nothing printed for a missing value: no empty separator ("Rapport ·  ·"), empty
//     brackets, "undefined"/"NaN"/"null", a label with nothing after it, or an empty
//     term, definition, chip, link, heading or list item;
//   * the theme's own lists fold: on a document page, every list planpress adds beside the
//     author's text (what refers to an item or the document, a follow-up's parts) of more
//     than FOLD_ITEMS entries is inside a closed <details>;
//   * marks the theme draws beside words (arrows, separators, status icons) are silent: a
//     screen reader read "· 1 pågår" and "✓ Klart" until they had an empty alternative text
//     (`content: "✓" / ""`);
//   * a heading's "#" permalink stays on the line of the heading's last word, at 390 px and
//     at 200 % zoom: beside the heading in a flex row, it went alone onto the line below a
//     heading that filled the line (every long goal heading on a phone).
'use strict';

// A list of more than this many entries that planpress adds to a page must be folded.
const FOLD_ITEMS = 5;
// At 200 % zoom a 1280 px window lays out 640 CSS px.
const WIDTHS = [390, 640];

// Runs in the page: words split over two lines, at most `limit` of them.
function brokenWordsInPage(limit) {
  const found = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {
    acceptNode: (n) => (n.parentElement.closest('script, style, noscript, [hidden], .visually-hidden') ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT),
  });
  const lines = (r) => {
    const tops = [];
    for (const rect of r.getClientRects()) {
      if (rect.width < 0.5) continue;
      if (!tops.some((t) => Math.abs(t - rect.top) < 2)) tops.push(rect.top);
    }
    return tops.length;
  };
  for (let node = walker.nextNode(); node && found.length < limit; node = walker.nextNode()) {
    const text = node.data;
    if (text.trim().length < 2 || !node.parentElement.checkVisibility()) continue;
    range.selectNodeContents(node);
    if (lines(range) < 2) continue; // on one line: no word of it can be broken
    for (const m of text.matchAll(/[\p{L}\p{N}]{2,}/gu)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      if (lines(range) > 1) {
        found.push({ word: m[0], where: window.__cssPath(node.parentElement) });
        if (found.length >= limit) break;
      }
    }
  }
  return found;
}

// Runs in the page: heading permalinks not on their heading's last line, at most `limit`.
function lonelyPermalinksInPage(limit) {
  const found = [];
  for (const anchor of document.querySelectorAll('.heading-anchor')) {
    const heading = anchor.previousElementSibling;
    if (!heading || !anchor.checkVisibility() || found.length >= limit) continue;
    const lines = heading.getClientRects();
    const last = lines[lines.length - 1];
    const at = anchor.getBoundingClientRect();
    // on the last line: the "#" starts above that line's bottom, and after its start
    if (!last || at.top >= last.bottom - 1 || at.left < last.left) {
      found.push({ where: window.__cssPath(anchor), heading: heading.textContent.trim().slice(-40) });
    }
  }
  return found;
}

// Runs in the page: what a missing value leaves behind, at most `limit` findings.
function missingValuesInPage(limit) {
  const found = [];
  // a closed fold's content has boxes in Chromium (content-visibility): checkVisibility
  const shown = (el) => el.checkVisibility({ visibilityProperty: true });
  const say = (el, what) => { if (found.length < limit) found.push({ where: window.__cssPath(el), what }); };
  const root = document.querySelector('main') || document.body;
  const text = root.innerText;
  const patterns = [
    [/·[ \t\u00a0]*·/, 'two separators with nothing between them'],
    [/(^|\n)[ \t\u00a0]*·/, 'a line that starts with a separator'],
    [/·[ \t\u00a0]*(\n|$)/, 'a line that ends with a separator'],
    [/\([ \t\u00a0]*\)|\[[ \t\u00a0]*\]|”[ \t\u00a0]*”/, 'empty brackets or quotes'],
    [/\bundefined\b|\bNaN\b|\[object Object\]/, 'a script or template value printed'],
    [/,[ \t\u00a0]*,/, 'a list with an empty value'],
  ];
  for (const [re, what] of patterns) {
    const m = text.match(re);
    if (m) {
      const at = Math.max(0, m.index - 40);
      say(root, `${what}: "…${text.slice(at, m.index + m[0].length + 40).replace(/\s+/g, ' ')}…"`);
    }
  }
  const blank = (el) => !el.textContent.trim() && !el.querySelector('img, svg, input, select, textarea, button') && !el.getAttribute('aria-label');
  for (const el of root.querySelectorAll('dt, dd, li, .chip, a[href], h1, h2, h3, h4, h5, h6, summary, figcaption, label, legend, th, caption')) {
    if (shown(el) && blank(el)) say(el, `an empty <${el.localName}>`);
  }
  // "Tjänar:" with nothing after it; an author's "Vi vill:" before a list is the author's
  const followed = (el) => {
    for (let n = el.nextSibling; n; n = n.nextSibling) if ((n.nodeType === 3 ? n.data : n.textContent).trim()) return true;
    return false;
  };
  for (const el of root.querySelectorAll('span, p, dd, li')) {
    // headings' words are the author's, in the body and in the table of contents
    if (!shown(el) || (el.closest('.doc-body') && !el.closest('.item-meta')) || el.closest('.toc')) continue;
    if (el.innerText.trim().endsWith(':') && !followed(el)) say(el, `"${el.innerText.trim().slice(-60)}" ends in a label with no value`);
  }
  return found;
}

// Runs in the page: lists the theme adds to a document page that are longer than `max`
// and not inside a closed <details>.
function unfoldedListsInPage(max) {
  const own = '.doc-header ul, .doc-header ol, .item-meta ul, .item-meta ol, .backlinks ul, .yearly-cycle ol, .followup-parts';
  const found = [];
  for (const list of document.querySelectorAll(own)) {
    if (list.classList.contains('followup-parts')) continue; // at most five parts, one line
    const items = list.querySelectorAll(':scope > li').length;
    if (items <= max) continue;
    const fold = list.closest('details');
    if (!fold || fold.open) found.push({ where: window.__cssPath(list), items });
  }
  return found;
}

// Runs in the page: generated marks a screen reader would read, at most `limit` of them.
function spokenMarksInPage(limit) {
  const MARK = /[·•✓✔◐○●✕✗←→↑↓▸▾]/;
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    for (const pseudo of ['::before', '::after']) {
      const content = getComputedStyle(el, pseudo).content;
      // a computed content with an alternative text reads `"✓ " / ""`
      if (MARK.test(content) && !/"\s*\/\s*"/.test(content) && found.length < limit) {
        found.push({ where: window.__cssPath(el) + pseudo, content });
      }
    }
  }
  return found;
}

// Runs every check on `page` (loaded at `url`), reporting through `fail`.
async function checkLayout(page, name, label, fail) {
  if (/document$/.test(label)) {
    for (const l of await page.evaluate(unfoldedListsInPage, FOLD_ITEMS)) {
      fail(name, 'own-list-folded', l.where, `a list of ${l.items} entries the theme adds is not folded`);
    }
  }
  // what a fold holds is read too (the table "Mål per organisation" is folded on a large
  // site), every fold open, then closed again
  const opened = await page.evaluate(() => {
    const closed = [...document.querySelectorAll('details:not([open])')];
    for (const d of closed) d.open = true;
    window.__closedFolds = closed;
    return closed.length;
  });
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 844 });
    await page.waitForTimeout(50);
    const broken = await page.evaluate(brokenWordsInPage, 10);
    const at = width === 390 ? '390px' : '200%-zoom';
    for (const b of broken) fail(name, `word-broken-${at}`, b.where, `"${b.word}" is broken over two lines`);
    for (const l of await page.evaluate(lonelyPermalinksInPage, 10)) {
      fail(name, `permalink-alone-${at}`, l.where, `the "#" of "…${l.heading}" is not on the heading's last line`);
    }
  }
  await page.setViewportSize({ width: 1280, height: 900 });
  for (const m of await page.evaluate(missingValuesInPage, 10)) fail(name, 'missing-value', m.where, m.what);
  for (const m of await page.evaluate(spokenMarksInPage, 10)) {
    fail(name, 'mark-read-aloud', m.where, `the drawn mark ${m.content} has no empty alternative text`);
  }
  if (opened) await page.evaluate(() => { for (const d of window.__closedFolds) d.open = false; });
}

module.exports = { checkLayout, brokenWordsInPage, lonelyPermalinksInPage, missingValuesInPage, spokenMarksInPage };
