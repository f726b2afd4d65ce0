#!/usr/bin/env node
// Browser checks of a built planpress site, in Debian's headless Chromium
// driven by playwright-core (no browser download), with axe-core.
//
//   node browser-checks.js --url http://127.0.0.1:PORT/planer/ --root PUBLIC_DIR \
//        --content CONTENT_DIR [--out target/site-checks] [--chromium /usr/bin/chromium] [--lang sv]
//        [--sample] [--only TEXT]
//
// The site must already be served at --url (serve.py). Pages are found in the
// built PUBLIC_DIR (pages.js): the home page, every document (kind read from the front
// matter in CONTENT_DIR/<org>/<doc>.md, page at PUBLIC_DIR/<org>/<doc>/index.html),
// every top-level index page, one organisation, topic and addressee page, the
// search page and 404.html. --sample checks a sample of a large site's documents
// and vocabulary pages instead (see pages.js) and photographs the tallest page of
// each document kind (tallest-<kind>-390.png); --only checks the pages whose
// label or path holds TEXT.
//
// On each page:
//   * axe-core (WCAG 2.0/2.1 A and AA + best practice): every serious or
//     critical violation fails, and so does any landmark, region or lang rule
//     violation whatever its impact; moderate/minor ones are printed as notes;
//   * <html lang> is the site's language;
//   * landmarks: exactly one <main id="main">, a banner, a contentinfo, a nav;
//   * keyboard: the first Tab focuses a.skip-link, which is then visible in
//     the viewport and points at #main; Enter on it moves the focus start into
//     main; the next Tabs each land on an element with a visible focus style
//     (outline or box-shadow under :focus-visible);
//   * at a 360 px wide viewport, document.documentElement.scrollWidth <= 360
//     (the widest offending elements are named otherwise);
//   * in dark mode (prefers-color-scheme: dark), at 390 and 1280 px, no serious or
//     critical axe finding; an index page is at most 12,000 px tall at 390 px;
//   * on the goal index, filtering by each organisation shows as many goals as the
//     table "Mål per organisation" counts (on a large site, the whole table's counts in
//     its data-all file), and the summary says so; the form is not
//     printed; on document pages, a "Kopiera länk" button per item link, named
//     after the item;
//   * on the commitment index (or, on a large site, the first strategy's page of
//     commitments it links to), every fold open: no serious axe finding in the
//     traceability diagrams at 390 px in light and dark mode, no box of them past a
//     360 px viewport; commitment-index-open-390.png and print/commitment-index.pdf;
//   * layout-checks.js: no word broken over two lines at 390 px and at 200 % zoom
//     (every fold open), nothing printed for a missing value, a document's own
//     lists folded;
//   * no request leaves 127.0.0.1, no subresource fails, no script error,
//     the stylesheet is loaded;
//   * on the richest document of each kind, print media: no navigation,
//     paragraph numbers and item ids visible, external links' targets
//     printed; a PDF is written to OUT/print/ for people.
// Screenshots at 390 and 1280 px of the home page and of a document page of
// each kind go to OUT/screenshots/ (home-390.png, document-plan-1280.png, …;
// at most 8000 px of a long page).
//
// Exit 0 when all pass, 1 with every failure printed as
//   FAIL <page> [<rule>] <element>: <message>
// and 2 when the browser could not be started.
'use strict';

// An index page of the bundled example at 390 px is at most this tall: long groups fold.
const PHONE_HEIGHT = 12000;

const fs = require('fs');
const os = require('os');
const path = require('path');
const { findPages } = require('./pages');
const { checkLayout } = require('./layout-checks');

function parseArgs(argv) {
  const args = { out: 'target/site-checks', chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium', lang: 'sv', maxTabs: 40 };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--url') args.url = v();
    else if (a === '--root') args.root = v();
    else if (a === '--content') args.content = v();
    else if (a === '--out') args.out = v();
    else if (a === '--chromium') args.chromium = v();
    else if (a === '--lang') args.lang = v();
    else if (a === '--max-tabs') args.maxTabs = parseInt(v(), 10);
    else if (a === '--only') args.only = v();
    else if (a === '--sample') args.sample = true;
    else if (a === '-h' || a === '--help') {
      console.log(fs.readFileSync(__filename, 'utf8').split('\n').filter((l) => l.startsWith('//')).map((l) => l.slice(3)).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  if (!args.url || !args.root) throw new Error('--url and --root are required');
  if (!args.url.endsWith('/')) args.url += '/';
  return args;
}

// ------------------------------------------------- traceability diagrams ----

async function checkTraceDiagrams(page, name, { fail, shotsDir, printDir, axePath }) {
  const openAll = () => page.evaluate(() => {
    for (const d of document.querySelectorAll('details.fold')) d.open = true;
    return document.querySelectorAll('.trace-diagram').length;
  });
  let diagrams = await openAll();
  if (!diagrams) {
    // On a large site the index lists the strategy documents and each has its own page of
    // commitments (`/ataganden/<document>/`): the diagrams are checked on the first of them.
    const strategy = await page.evaluate(() => {
      const here = new URL(location.href).pathname;
      const link = [...document.querySelectorAll('main a[href]')]
        .map((a) => new URL(a.href))
        .find((u) => u.pathname.startsWith(here) && u.pathname !== here);
      return link ? link.href : null;
    });
    if (strategy) {
      await page.goto(strategy, { waitUntil: 'load' });
      await page.addScriptTag({ path: axePath });
      name = `${name} → ${new URL(strategy).pathname}`;
      diagrams = await openAll();
    }
  }
  if (!diagrams) {
    fail(name, 'trace-diagram', '.trace-diagram', 'no traceability diagram on the commitment index');
    return;
  }
  for (const scheme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.setViewportSize({ width: 390, height: 844 });
    const found = await page.evaluate(async () => {
      // eslint-disable-next-line no-undef
      const r = await axe.run(document.querySelectorAll('.trace-diagram'), { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map((v) => ({ id: v.id, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
    });
    for (const v of found) for (const t of v.targets) fail(name, `axe-trace-${scheme}-390:${v.id}`, t, 'serious finding in an open traceability diagram');
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 360, height: 800 });
  const wide = await page.evaluate(() => [...document.querySelectorAll('.td-box')]
    .filter((el) => el.getBoundingClientRect().right > 360.5)
    .slice(0, 5).map((el) => window.__cssPath(el)));
  for (const el of wide) fail(name, 'trace-reflow-360px', el, 'a box of the diagram reaches past a 360 px viewport');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.evaluate(() => window.scrollTo(0, 0));
  const h = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({ path: path.join(shotsDir, 'commitment-index-open-390.png'), fullPage: true, clip: h > 8000 ? { x: 0, y: 0, width: 390, height: 8000 } : undefined });
  await page.pdf({ path: path.join(printDir, 'commitment-index.pdf'), format: 'A4' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

// ---------------------------------------------------------- in-page code ---

// Runs in the page: a short, stable CSS path for an element.
const CSS_PATH = `
window.__cssPath = function (el) {
  if (!el || el.nodeType !== 1) return String(el);
  const parts = [];
  while (el && el.nodeType === 1 && parts.length < 5) {
    let s = el.localName;
    if (el.id) { parts.unshift(s + '#' + CSS.escape(el.id)); break; }
    const cls = [...el.classList].slice(0, 2).map((c) => '.' + CSS.escape(c)).join('');
    s += cls;
    const parent = el.parentElement;
    if (parent) {
      const same = [...parent.children].filter((c) => c.localName === el.localName);
      if (same.length > 1) s += ':nth-of-type(' + (same.indexOf(el) + 1) + ')';
    }
    parts.unshift(s);
    el = parent;
  }
  return parts.join(' > ');
};
window.__snippet = function (el) {
  if (!el || !el.outerHTML) return '';
  const h = el.outerHTML.replace(/\\s+/g, ' ');
  const open = h.slice(0, h.indexOf('>') + 1);
  const text = (el.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 40);
  return (open.length > 160 ? open.slice(0, 157) + '...' : open) + (text ? ' "' + text + '"' : '');
};
`;

// The tallest page of each kind the sample measured, at 390 px, for a person to look at.
async function photographTallest(context, url, pages, heights, shotsDir, report) {
  report.tallest = {};
  for (const p of pages) {
    if (!p.tallestOf || !heights.has(p.rel)) continue;
    const known = report.tallest[p.tallestOf];
    if (!known || heights.get(p.rel) > known.height390) report.tallest[p.tallestOf] = { rel: p.rel, height390: heights.get(p.rel) };
  }
  for (const [kind, t] of Object.entries(report.tallest)) {
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url + t.rel, { waitUntil: 'load' });
    t.shot = path.join(shotsDir, `tallest-${kind}-390.png`);
    await page.screenshot({ path: t.shot, fullPage: true, clip: t.height390 > 8000 ? { x: 0, y: 0, width: 390, height: 8000 } : undefined });
    await page.close();
  }
}

// ------------------------------------------------------------------ main ---

async function main() {
  const args = parseArgs(process.argv);
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (e) {
    console.error('playwright-core is not installed: run `npm ci` in tests/site_checks');
    return 2;
  }
  const axePath = require.resolve('axe-core/axe.min.js');
  const shotsDir = path.join(args.out, 'screenshots');
  const printDir = path.join(args.out, 'print');
  for (const d of [shotsDir, printDir]) fs.rmSync(d, { recursive: true, force: true }); // no stale pictures
  fs.mkdirSync(shotsDir, { recursive: true });
  fs.mkdirSync(printDir, { recursive: true });

  const { pages, missing } = findPages(args.root, args.content, { sample: args.sample });
  const selected = args.only ? pages.filter((p) => p.label.includes(args.only) || p.rel.includes(args.only)) : pages;
  const failures = [];
  const notes = [];
  const fail = (page, rule, element, message) => failures.push({ page, rule, element, message });
  const note = (page, rule, element, message) => notes.push({ page, rule, element, message });

  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planpress-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: args.chromium,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage', '--font-render-hinting=none'],
      viewport: { width: 1280, height: 900 },
      locale: 'sv-SE',
      reducedMotion: 'reduce',
      timeout: 60000,
    });
  } catch (e) {
    console.error(`could not start ${args.chromium}: ${e.message}`);
    fs.rmSync(userDataDir, { recursive: true, force: true });
    return 2;
  }

  const origin = new URL(args.url).origin;
  const heights = new Map(); // rel -> px at 390 px
  const report = { url: args.url, pages: [], missing };
  try {
    for (const p of selected) {
      const url = args.url + p.rel;
      const name = `${p.label} /${p.rel}`;
      const t0 = Date.now();
      const page = await context.newPage();
      const problems = { external: new Set(), failed: new Set(), errors: [] };
      page.on('request', (req) => {
        const u = req.url();
        if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:') && !u.startsWith('about:')) problems.external.add(u);
      });
      page.on('requestfailed', (req) => { if (req.url().startsWith(origin)) problems.failed.add(`${req.url()} (${req.failure() && req.failure().errorText})`); });
      page.on('response', (res) => {
        if (res.status() >= 400 && res.url() !== url) problems.failed.add(`${res.url()} (HTTP ${res.status()})`);
      });
      page.on('pageerror', (err) => problems.errors.push(String(err && err.message || err)));
      await page.route((u) => !u.href.startsWith(origin) && u.protocol.startsWith('http'), (route) => route.abort());
      await page.addInitScript(CSS_PATH);

      try {
        // ---- load at desktop width
        await page.setViewportSize({ width: 1280, height: 900 });
        const resp = await page.goto(url, { waitUntil: 'load', timeout: 30000 });
        const status = resp ? resp.status() : 0;
        if (p.label === '404 page' ? false : status !== 200) fail(name, 'http-status', '', `page answered HTTP ${status}`);
        await page.waitForTimeout(100);

        // ---- basics: lang, landmarks, stylesheet
        const basics = await page.evaluate(() => {
          const q = (s) => [...document.querySelectorAll(s)];
          const visibleLandmark = (els) => els.filter((e) => e.getClientRects().length > 0);
          let rules = 0;
          for (const sh of document.styleSheets) { try { rules += sh.cssRules.length; } catch { rules += 1; } }
          return {
            lang: document.documentElement.getAttribute('lang'),
            title: document.title,
            mains: q('main, [role=main]').map((e) => window.__cssPath(e)),
            mainId: (document.querySelector('main') || {}).id || null,
            banner: visibleLandmark(q('body > header, body > * > header:not(main header):not(article header):not(section header), [role=banner]')).length,
            contentinfo: visibleLandmark(q('body > footer, body > * > footer:not(main footer):not(article footer):not(section footer), [role=contentinfo]')).length,
            navs: q('nav, [role=navigation]').length,
            h1: q('h1').length,
            styleRules: rules,
          };
        });
        if (basics.lang !== args.lang) fail(name, 'html-lang', '<html>', `lang is ${JSON.stringify(basics.lang)}, expected "${args.lang}"`);
        if (!basics.title || !basics.title.trim()) fail(name, 'document-title', '<title>', 'empty title');
        if (basics.mains.length !== 1) fail(name, 'landmark-main', basics.mains.join(', ') || '(none)', `expected exactly one <main>, found ${basics.mains.length}`);
        if (basics.mains.length >= 1 && basics.mainId !== 'main') fail(name, 'skip-link-target', 'main', `<main> has id ${JSON.stringify(basics.mainId)}, the skip link points to #main`);
        if (!basics.banner) fail(name, 'landmark-banner', '(none)', 'no page header landmark (<header> outside main/article/section)');
        if (!basics.contentinfo) fail(name, 'landmark-contentinfo', '(none)', 'no page footer landmark (<footer> outside main/article/section)');
        if (!basics.navs) fail(name, 'landmark-navigation', '(none)', 'no <nav>');
        if (basics.h1 !== 1) note(name, 'one-h1', '', `${basics.h1} <h1> elements`);
        if (basics.styleRules < 5) fail(name, 'stylesheet', '<link rel=stylesheet>', `the stylesheet did not load (${basics.styleRules} CSS rules)`);

        // ---- axe-core
        await page.addScriptTag({ path: axePath });
        const axe = await page.evaluate(async () => {
          // eslint-disable-next-line no-undef
          const r = await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
            resultTypes: ['violations', 'incomplete'],
          });
          const pick = (v) => ({ id: v.id, impact: v.impact, help: v.help, tags: v.tags,
            nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary, any: (n.any || []).map((c) => c.message) })) });
          return { violations: r.violations.map(pick), incomplete: r.incomplete.filter((v) => v.id === 'color-contrast').map(pick) };
        });
        const soft = /^(target-size)$/; // WCAG 2.2, beyond the 2.1 AA target: shown as notes
        const alwaysFail = /^(landmark-|region$|html-has-lang$|html-lang-valid$|valid-lang$|bypass$|skip-link$|page-has-heading-one$|document-title$)/;
        for (const v of axe.violations) {
          const hard = !soft.test(v.id) && (v.impact === 'serious' || v.impact === 'critical' || alwaysFail.test(v.id));
          for (const n of v.nodes.slice(0, 15)) {
            const msg = `${v.help} (${v.impact}). ${String(n.summary || '').replace(/\s+/g, ' ').slice(0, 400)} -- ${n.html.replace(/\s+/g, ' ').slice(0, 200)}`;
            (hard ? fail : note)(name, `axe:${v.id}`, n.target, msg);
          }
          if (v.nodes.length > 15) (hard ? fail : note)(name, `axe:${v.id}`, '…', `and ${v.nodes.length - 15} more elements`);
        }
        for (const v of axe.incomplete) {
          // contrast axe could not decide (text over images/gradients): a person should look
          for (const n of v.nodes.slice(0, 5)) note(name, 'axe:color-contrast (needs review)', n.target, (n.any[0] || '').slice(0, 300));
        }

        // ---- dark mode (prefers-color-scheme): axe again at both widths, serious findings
        // fail; an index page on a phone stays short enough to scroll (#20)
        const isIndex = /index|topic page|addressee page|organisation page/.test(p.label);
        await page.emulateMedia({ colorScheme: 'dark' });
        for (const width of [390, 1280]) {
          await page.setViewportSize({ width, height: 844 });
          const dark = await page.evaluate(async () => {
            // eslint-disable-next-line no-undef
            const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
            return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
              .map((v) => ({ id: v.id, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
          });
          for (const v of dark) for (const t of v.targets) fail(name, `axe-dark-${width}:${v.id}`, t, 'serious finding in dark mode');
          if (width === 390) {
            const h = await page.evaluate(() => document.documentElement.scrollHeight);
            heights.set(p.rel, h);
            if (isIndex && h > PHONE_HEIGHT) fail(name, 'phone-height', 'html', `${h} px tall at 390 px (at most ${PHONE_HEIGHT})`);
          }
        }
        await page.emulateMedia({ colorScheme: 'light' });
        await page.setViewportSize({ width: 1280, height: 900 });

        // ---- no word broken inside at 390 px and 200 % zoom, nothing printed for a missing
        // value, the theme's own lists folded on document pages (#20)
        await checkLayout(page, name, p.label, fail);

        // ---- the commitments' traceability diagrams (#21), every fold open: axe in light
        // and dark mode at 390 px, nothing wider than a 360 px viewport, a screenshot at
        // 390 px and a printed PDF for people
        if (p.label === 'commitment index') await checkTraceDiagrams(page, name, { fail, shotsDir, printDir, axePath });

        // ---- the goal filter: each organisation shows as many goals as the table counts
        if (p.label === 'goal index') {
          const filtered = await page.evaluate(async () => {
            const form = document.getElementById('goal-filter');
            if (!form || form.hidden) return null;
            const select = form.elements.org;
            const seen = [];
            // A large site's index shows the table's first rows, its counts in data-all.
            const table = document.querySelector('table.breakdown');
            const whole = table.dataset.all ? await (await fetch(table.dataset.all)).json() : null;
            for (let i = 0; i < 50 && whole && form.querySelector('fieldset').disabled; i++) await new Promise((r) => setTimeout(r, 100));
            for (const option of [...select.options].slice(1)) {
              select.value = option.value;
              form.dispatchEvent(new Event('change'));
              const total = [...document.querySelectorAll('table.breakdown thead th')].findIndex((th) => th.dataset.n === 'total');
              const wanted = whole
                ? whole.organizations.filter((o) => o[0] === option.value).flatMap((o) => o[3]).reduce((sum, p) => sum + p[2][0], 0)
                : [...document.querySelectorAll(`table.breakdown tr[data-org="${option.value}"]`)]
                  .reduce((sum, row) => sum + parseInt(row.cells[total].textContent, 10), 0);
              const shown = () => document.querySelectorAll('[data-results] li').length;
              for (let i = 0; i < 50 && shown() < wanted; i++) await new Promise((r) => setTimeout(r, 100));
              seen.push({ org: option.value, wanted, shown: shown(), summary: document.getElementById('filter-summary').textContent });
            }
            select.value = '';
            form.dispatchEvent(new Event('change'));
            return seen;
          });
          if (!filtered) fail(name, 'goal-filter', '#goal-filter', 'the filter form is not shown');
          await page.emulateMedia({ media: 'print' });
          const printed = await page.evaluate(() => {
            const form = document.getElementById('goal-filter');
            return !!form && form.getClientRects().length > 0;
          });
          await page.emulateMedia({ media: 'screen' });
          if (printed) fail(name, 'goal-filter-print', '#goal-filter', 'the filter form is printed');
          for (const f of filtered || []) {
            if (!f.wanted || f.shown !== f.wanted) fail(name, 'goal-filter', `org=${f.org}`, `the table counts ${f.wanted} goals, the filter shows ${f.shown}`);
            if (!f.summary.includes(` ${f.wanted} `)) fail(name, 'goal-filter', `org=${f.org}`, `the summary "${f.summary}" does not say ${f.wanted}`);
          }
        }

        // ---- keyboard: skip link, visible focus (each from a fresh load)
        await page.reload({ waitUntil: 'load' });
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => {
          const el = document.activeElement;
          if (!el || el === document.body) return null;
          const r = el.getBoundingClientRect();
          const href = el.getAttribute('href');
          const target = href && href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
          return { path: window.__cssPath(el), snippet: window.__snippet(el), isSkip: el.matches('a.skip-link'), href,
            inViewport: r.width > 1 && r.height > 1 && r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth,
            targetOk: !!target };
        });
        if (!first) fail(name, 'skip-link', '(nothing focused)', 'the first Tab focused nothing');
        else {
          if (!first.isSkip) fail(name, 'skip-link', first.path, `the first Tab focused ${first.snippet}, expected <a class="skip-link" href="#main">`);
          else {
            if (!first.inViewport) fail(name, 'skip-link', first.path, 'the skip link is not visible inside the viewport when focused');
            if (first.href !== '#main' || !first.targetOk) fail(name, 'skip-link', first.path, `skip link href ${first.href} has no target element`);
            await page.keyboard.press('Enter');
            await page.keyboard.press('Tab');
            const after = await page.evaluate(() => {
              const el = document.activeElement;
              const main = document.getElementById('main');
              return { path: window.__cssPath(el), inMain: !!(main && (main === el || main.contains(el))), hasFocusable: !!(main && main.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])')) };
            });
            if (!after.inMain && after.hasFocusable) fail(name, 'skip-link', after.path, 'after activating the skip link, Tab did not move into <main id="main">');
          }
        }
        // walk the tab order from the top and check each focus is visible
        await page.goto(url, { waitUntil: 'load' });
        const seen = new Set();
        let reachedMain = false;
        for (let i = 0; i < args.maxTabs; i++) {
          await page.keyboard.press('Tab');
          const f = await page.evaluate(() => {
            const el = document.activeElement;
            if (!el || el === document.body || el === document.documentElement) return null;
            const cs = getComputedStyle(el);
            const r = el.getBoundingClientRect();
            const transparent = (c) => /rgba\([^)]*,\s*0\)$/.test(c) || c === 'transparent';
            const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1 && !transparent(cs.outlineColor);
            const shadow = cs.boxShadow && cs.boxShadow !== 'none';
            const main = document.getElementById('main') || document.querySelector('main');
            return { path: window.__cssPath(el), snippet: window.__snippet(el), fv: el.matches(':focus-visible'),
              visible: outline || shadow, outline: `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}`,
              onScreen: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth,
              inMain: !!(main && main.contains(el)) };
          });
          if (!f) break;
          if (seen.has(f.path)) break; // wrapped around
          seen.add(f.path);
          if (f.inMain) reachedMain = true;
          if (!f.visible) fail(name, 'focus-visible', f.path, `no visible focus indicator (outline: ${f.outline}, no box-shadow) on ${f.snippet}`);
          else if (!f.onScreen) fail(name, 'focus-visible', f.path, `focused element is outside the viewport or has no size: ${f.snippet}`);
        }
        if (seen.size === 0) fail(name, 'keyboard', '', 'Tab reaches no element');
        else if (!reachedMain && seen.size < args.maxTabs) note(name, 'keyboard', '', 'Tab order never reached an element inside <main>');

        // ---- responsive: 360 px
        await page.setViewportSize({ width: 360, height: 780 });
        await page.waitForTimeout(50);
        const narrow = await page.evaluate(() => {
          const W = 360;
          const sw = document.documentElement.scrollWidth;
          if (sw <= W) return { sw, culprits: [] };
          const scrollsItself = (el) => {
            for (let e = el.parentElement; e && e !== document.body; e = e.parentElement) {
              const ox = getComputedStyle(e).overflowX;
              if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') return true;
            }
            return false;
          };
          const over = [...document.body.querySelectorAll('*')].filter((el) => {
            const r = el.getBoundingClientRect();
            return r.right > W + 0.5 && r.width > 0 && !scrollsItself(el);
          });
          // keep the innermost offenders
          const leaves = over.filter((el) => !over.some((o) => o !== el && el.contains(o)));
          return { sw, culprits: leaves.slice(0, 6).map((el) => ({ path: window.__cssPath(el), snippet: window.__snippet(el), right: Math.round(el.getBoundingClientRect().right) })) };
        });
        if (narrow.sw > 360) {
          fail(name, 'reflow-360px', 'html', `document.documentElement.scrollWidth is ${narrow.sw} > 360 at a 360 px viewport`);
          for (const c of narrow.culprits) fail(name, 'reflow-360px', c.path, `reaches x=${c.right}px: ${c.snippet}`);
        }

        // ---- screenshots of the home page and the first document page
        const shotName = p.label === 'home' ? 'home' : p.shot ? p.label.replace(/ /g, '-').replace(/^([\w-]+)-document$/, 'document-$1')
          : p.mostGoals ? 'organisation-most-goals' : null;
        if (shotName) {
          await page.goto(url, { waitUntil: 'load' }); // no focus ring or hash left from the keyboard checks
          for (const width of [390, 1280]) {
            await page.setViewportSize({ width, height: width < 800 ? 844 : 900 });
            await page.evaluate(() => window.scrollTo(0, 0));
            await page.waitForTimeout(50);
            const h = await page.evaluate(() => document.documentElement.scrollHeight);
            const file = path.join(shotsDir, `${shotName}-${width}.png`);
            await page.screenshot({ path: file, fullPage: true, clip: h > 8000 ? { x: 0, y: 0, width, height: 8000 } : undefined });
          }
        }

        // ---- "Kopiera länk": one button per item link, named after the item (#20)
        if (/document$/.test(p.label)) {
          await page.setViewportSize({ width: 1280, height: 900 });
          await page.goto(url, { waitUntil: 'load' });
          const copy = await page.evaluate(() => ({
            links: document.querySelectorAll('.item-meta a.permalink').length,
            buttons: [...document.querySelectorAll('button.copy-link')].map((b) => b.getAttribute('aria-label') || ''),
          }));
          if (copy.buttons.length !== copy.links) fail(name, 'copy-link', 'button.copy-link', `${copy.buttons.length} buttons for ${copy.links} item links`);
          const unnamed = copy.buttons.filter((label) => !/: \S/.test(label));
          if (unnamed.length) fail(name, 'copy-link', 'button.copy-link', `${unnamed.length} buttons do not name their item`);
        }

        // ---- print media on document pages
        if (p.shot) {
          await page.setViewportSize({ width: 1280, height: 900 });
          await page.goto(url, { waitUntil: 'load' });
          await page.emulateMedia({ media: 'print' });
          const pr = await page.evaluate(() => {
            const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
            const navs = [...document.querySelectorAll('nav, .skip-link, [role=navigation], form[role=search], .site-nav')].filter((el) => {
              // a table of contents is allowed on paper
              if (el.matches('.toc, nav.toc, [aria-labelledby*=toc], [class*=toc]')) return false;
              return shown(el);
            });
            const paras = [...document.querySelectorAll('.para-num')];
            const hiddenParas = paras.filter((el) => !shown(el));
            const ext = [...document.querySelectorAll('main a[href^="http"]')];
            const extNoUrl = ext.filter((a) => { const c = getComputedStyle(a, '::after').content; return !c || c === 'none' || c === 'normal'; });
            const permalinks = [...document.querySelectorAll('a.permalink')];
            const hiddenPermalinks = permalinks.filter((el) => !shown(el));
            return { navs: navs.map((e) => window.__cssPath(e)), paras: paras.length, hiddenParas: hiddenParas.slice(0, 3).map((e) => window.__cssPath(e)),
              ext: ext.length, extNoUrl: extNoUrl.slice(0, 3).map((e) => window.__cssPath(e)), permalinks: permalinks.length,
              hiddenPermalinks: hiddenPermalinks.slice(0, 3).map((e) => window.__cssPath(e)) };
          });
          for (const n of pr.navs) fail(name, 'print-no-nav', n, 'navigation is shown in print');
          for (const n of pr.hiddenParas) fail(name, 'print-para-num', n, 'paragraph number hidden in print');
          for (const n of pr.extNoUrl) fail(name, 'print-link-url', n, 'external link target not printed (a[href^="http"]::after)');
          for (const n of pr.hiddenPermalinks) fail(name, 'print-item-id', n, 'item permalink/id hidden in print');
          const pdf = path.join(printDir, `${p.rel.replace(/\/$/, '').replace(/\//g, '--') || 'home'}.pdf`);
          await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: false });
          await page.emulateMedia({ media: 'screen' });
        }

        // ---- search page: type a query, check the result state too
        if (p.label === 'search') {
          await page.setViewportSize({ width: 1280, height: 900 });
          const box = await page.$('input[type=search]');
          if (!box) fail(name, 'search', 'input[type=search]', 'the search page has no search box');
          else {
            await box.fill('medlemmar');
            await box.press('Enter').catch(() => {});
            await page.waitForTimeout(600);
            // The query must find something: the index loads, its format is the script's, and
            // its posting lists decode (the bundled site has members everywhere).
            const shown = await page.$$eval('#search-results li a', (links) => links.map((a) => a.getAttribute('href')));
            const state = await page.$eval('#search-status', (el) => el.textContent).catch(() => '');
            if (await page.$('#search-results') && shown.length === 0) {
              fail(name, 'search-results', '#search-results', `a query for "medlemmar" shows no results (status: "${state}")`);
            }
            await page.addScriptTag({ path: axePath });
            const res = await page.evaluate(async () => {
              const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                .map((v) => ({ id: v.id, help: v.help, impact: v.impact, nodes: v.nodes.slice(0, 10).map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })) }));
            });
            for (const v of res) for (const n of v.nodes) fail(`${name} (with results for "medlemmar")`, `axe:${v.id}`, n.target, `${v.help} (${v.impact}). ${String(n.summary || '').replace(/\s+/g, ' ').slice(0, 300)}`);
            await page.setViewportSize({ width: 360, height: 780 });
            const sw = await page.evaluate(() => document.documentElement.scrollWidth);
            if (sw > 360) fail(`${name} (with results)`, 'reflow-360px', 'html', `scrollWidth ${sw} > 360 with search results shown`);
          }
        }
      } catch (e) {
        fail(name, 'page-error', '', `check crashed: ${e.message.split('\n')[0]}`);
      }
      for (const u of problems.external) fail(name, 'external-request', u, 'the page requests a resource outside the site (no external resources allowed)');
      for (const u of problems.failed) fail(name, 'subresource', u, 'failed to load');
      for (const e of problems.errors) fail(name, 'script-error', '', e.slice(0, 300));
      report.pages.push({ label: p.label, rel: p.rel, ms: Date.now() - t0, height390: heights.get(p.rel) });
      await page.close();
    }
    await photographTallest(context, args.url, selected, heights, shotsDir, report);
  } finally {
    await context.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }

  // ---- report
  console.log(`Browser checks of ${args.url} in ${args.chromium}:`);
  for (const p of report.pages) console.log(`  checked  ${p.label.padEnd(24)} /${p.rel}  (${p.ms} ms, ${p.height390} px tall at 390 px)`);
  for (const [kind, t] of Object.entries(report.tallest)) console.log(`  tallest  ${kind.padEnd(24)} /${t.rel}  (${t.height390} px at 390 px; ${t.shot})`);
  for (const m of missing) console.log(`  MISSING  ${m}`);
  console.log(`Screenshots: ${path.resolve(shotsDir)}; print PDFs: ${path.resolve(printDir)}`);
  if (notes.length) {
    console.log(`\n${notes.length} notes (not failures):`);
    for (const n of notes) console.log(`  note ${n.page} [${n.rule}] ${n.element}: ${n.message}`);
  }
  if (failures.length) {
    console.log(`\n${failures.length} failures:`);
    for (const f of failures) console.log(`FAIL ${f.page} [${f.rule}] ${f.element}: ${f.message}`);
  }
  fs.writeFileSync(path.join(args.out, 'browser-report.json'), JSON.stringify({ ...report, failures, notes }, null, 2));
  console.log(`\nbrowser checks: ${report.pages.length} pages, ${failures.length} failures, ${notes.length} notes, ${missing.length} expected pages missing`);
  return failures.length ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => { console.error(e && e.stack || e); process.exit(2); });
