#!/usr/bin/env node
// The search page of a built planpress site in headless Chromium at 390 px, as a member uses
// it on a phone:
//
//   node search-checks.js --url http://127.0.0.1:PORT/PREFIX/ [--out DIR] [--chromium PATH]
//
// Types a query without its å (slowly, key by key), waits for the results, and checks: the
// status line counts them in Swedish ("N träffar") and is a polite live region; results have
// <mark>ed words (a document found by its running text too, and a paragraph past its
// fragment, from its page; a heading with its section's first words; a section's heading by a
// word of its paragraphs, named; a motion by its number; a passage with every word together
// above documents where they are scattered, linked to its section; a hyphenated word typed
// joined), those with only some of a query's
// words counted apart under their own heading ("kvinnliga forelasare"), and name
// organisation, kind and period; the URL holds the query; no layout
// shift while typing (CLS), nothing wider than 390 px; "Visa fler" adds ten results; a filter
// narrows them and goes into the URL; Back restores the search without the filter; with
// JavaScript off the page says so and links to the topics. Screenshots go to
// OUT/search-*.png. Exit 0 when all pass, 1 with `FAIL …` lines, 2 when the browser fails.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

function parseArgs(argv) {
  const args = { out: 'target/site-checks', chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium' };
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === '--url') args.url = argv[++i];
    else if (argv[i] === '--out') args.out = argv[++i];
    else if (argv[i] === '--chromium') args.chromium = argv[++i];
  }
  if (!args.url) { throw new Error('--url is required'); }
  return args;
}

async function main() {
  const args = parseArgs(process.argv);
  const { chromium } = require('playwright-core');
  fs.mkdirSync(args.out, { recursive: true });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planpress-search-'));
  let browser;
  try {
    browser = await chromium.launch({
      executablePath: args.chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
    });
  } catch (e) {
    console.error(`could not start ${args.chromium}: ${e.message}`);
    return 2;
  }
  const failures = [];
  const check = (ok, message) => { if (!ok) { failures.push(message); } };
  try {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'sv-SE', deviceScaleFactor: 1 });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const searchUrl = args.url + 'sok/';
    await page.goto(searchUrl);
    await page.evaluate(() => {
      window.__cls = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) { if (!entry.hadRecentInput) { window.__cls += entry.value; } }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const status = page.locator('#search-status');
    check(await status.getAttribute('aria-live') === 'polite', 'the status line is not aria-live="polite"');
    await page.locator('#search-query').pressSequentially('medlemsvard', { delay: 60 });
    await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0, null, { timeout: 15000 });
    await page.waitForTimeout(300);
    const first = await page.evaluate(() => ({
      status: document.getElementById('search-status').textContent,
      marks: Array.from(document.querySelectorAll('#search-results mark')).map((m) => m.textContent),
      meta: document.querySelector('#search-results .search-meta').textContent,
      url: location.href,
      width: document.documentElement.scrollWidth,
      cls: window.__cls,
    }));
    check(/^\d+ träff(ar)? för "medlemsvard"$/.test(first.status), `status line: ${first.status}`);
    check(first.marks.some((m) => /medlemsvård/i.test(m)), `no <mark> around medlemsvård: ${first.marks}`);
    check(/Vänsterpartiet/.test(first.meta), `results do not name the organisation: ${first.meta}`);
    check(new URL(first.url).searchParams.get('q') === 'medlemsvard', `query not in the URL: ${first.url}`);
    check(first.width <= 390, `the page is ${first.width} px wide at 390 px`);
    check(first.cls < 0.01, `layout shift while typing: CLS ${first.cls}`);
    await page.screenshot({ path: path.join(args.out, 'search-390.png'), fullPage: false });

    // A word only in a document's running text: the document's snippet is taken from its
    // page once the results show, with the word marked (its fragment has only the lead).
    await page.locator('#search-query').fill('aldreomsorg');
    await page.waitForFunction(() => /"aldreomsorg"/.test(document.getElementById('search-status').textContent));
    const prose = await page.waitForFunction(() => Array.from(document.querySelectorAll('#search-results mark'))
      .map((m) => m.textContent).find((m) => /^äldreomsorg/i.test(m)), null, { timeout: 10000 }).catch(() => null);
    check(prose !== null, 'a document found by its running text shows no marked snippet ("aldreomsorg")');

    // A long paragraph whose fragment (its first 320 bytes) ends before the words: its
    // snippet is taken from its element on its page, with the words marked.
    await page.locator('#search-query').fill('50 procent kvinnor');
    await page.waitForFunction(() => /"50 procent kvinnor"/.test(document.getElementById('search-status').textContent));
    const paragraph = await page.waitForFunction(() => Array.from(document.querySelectorAll('#search-results li'))
      .filter((li) => /#p26$/.test(li.querySelector('a').getAttribute('href')))
      .some((li) => Array.from(li.querySelectorAll('mark')).some((m) => m.textContent === 'procent')), null, { timeout: 10000 }).catch(() => null);
    check(paragraph !== null, 'a long paragraph found past its fragment shows no marked snippet ("50 procent kvinnor", §26)');

    // A section's title: the heading is the first result, named "Rubrik", linked to its
    // anchor, with the first words of its section from its page (its fragment is the title).
    await page.locator('#search-query').fill('att horas i opposition');
    await page.waitForFunction(() => /"att horas i opposition"/.test(document.getElementById('search-status').textContent));
    const heading = await page.waitForFunction(() => {
      const li = document.querySelector('#search-results li');
      const a = li && li.querySelector('a');
      return a && /#att-horas-i-opposition$/.test(a.getAttribute('href')) && /^Rubrik – /.test(a.textContent)
        && /oppositionsparti/.test(li.textContent);
    }, null, { timeout: 10000 }).catch(() => null);
    check(heading !== null, 'a section title does not list its heading first, named "Rubrik", with its section\'s first words');

    // A word written only in a section's paragraphs finds the section's heading, which the
    // result names beside the section above it, with the word marked in its snippet.
    await page.locator('#search-query').fill('motesordforande');
    await page.waitForFunction(() => /"motesordforande"/.test(document.getElementById('search-status').textContent));
    const section = await page.waitForFunction(() => {
      const li = document.querySelector('#search-results li');
      const a = li && li.querySelector('a');
      return a && /#varje-mote-ett-genomtankt-mote$/.test(a.getAttribute('href'))
        && /· Varje möte ett genomtänkt möte$/.test(li.querySelector('.search-meta').textContent)
        && Array.from(li.querySelectorAll('mark')).some((m) => /mötesordförande/.test(m.textContent));
    }, null, { timeout: 10000 }).catch(() => null);
    check(section !== null, 'a word of a section\'s paragraphs does not list the section first, named, with the word marked');

    // Words standing together in one paragraph, each also elsewhere in the document (so the
    // document's in the index, not the section's): the document whose passage has them
    // together comes first, above those where they are scattered, linked to the passage's
    // section and naming it. It came fifth, linked to the top of the strategy.
    await page.locator('#search-query').fill('kommer hem i tid');
    const passage = await page.waitForFunction(() => {
      const li = document.querySelector('#search-results li');
      const a = li && li.querySelector('a');
      const marks = li ? Array.from(li.querySelectorAll('mark')).map((m) => m.textContent) : [];
      return a && /strategidokumentet-2020\/#varje-mote-ett-genomtankt-mote$/.test(a.getAttribute('href'))
        && /· Varje möte ett genomtänkt möte$/.test(li.querySelector('.search-meta').textContent)
        && ['kommer', 'hem', 'tid'].every((w) => marks.includes(w));
    }, null, { timeout: 10000 }).catch(() => null);
    check(passage !== null, '"kommer hem i tid" does not list first the passage that says it, linked to its section');

    // A word hyphenated in the text typed joined: found, and marked whole.
    await page.locator('#search-query').fill('facebookgrupp');
    const hyphenated = await page.waitForFunction(() => {
      const li = document.querySelector('#search-results li');
      return li && /#akt-medlemsvard-7$/.test(li.querySelector('a').getAttribute('href'))
        && Array.from(li.querySelectorAll('mark')).some((m) => m.textContent === 'Facebook-grupp');
    }, null, { timeout: 10000 }).catch(() => null);
    check(hyphenated !== null, '"facebookgrupp" does not list the activity that says "Facebook-grupp" first, marked');
    await page.screenshot({ path: path.join(args.out, 'search-390-section.png'), fullPage: false });

    // The motions index, and a motion by its number linked to its place on the page.
    await page.locator('#search-query').fill('E31');
    await page.waitForFunction(() => /"E31"/.test(document.getElementById('search-status').textContent));
    const motion = await page.waitForFunction(() => {
      const a = document.querySelector('#search-results li a');
      return a && /\/motioner\/#e31$/.test(a.getAttribute('href'));
    }, null, { timeout: 10000 }).catch(() => null);
    check(motion !== null, '"E31" does not list the motion on the motions page first');

    // A label typed finds its item first, the label marked: the page's own ("Mål 3"), which
    // a goal's text does not say, leads its snippet; an author's ("Delmål 6") is marked
    // where the text says it. Both snippets marked nothing.
    for (const [query, href, label] of [
      ['mal 3 medlemsvard', /#mal-medlemsvard-3$/, 'Mål 3'],
      ['delmål 6', /#delmal-6$/, 'Delmål 6'],
    ]) {
      await page.locator('#search-query').fill(query);
      const labelled = await page.waitForFunction(([href, label]) => {
        const li = document.querySelector('#search-results li');
        return li && new RegExp(href).test(li.querySelector('a').getAttribute('href'))
          && Array.from(li.querySelectorAll('mark')).some((m) => m.textContent === label);
      }, [href.source, label], { timeout: 10000 }).catch(() => null);
      check(labelled !== null, `"${query}" does not list its item first with "${label}" marked`);
    }

    // A query with few results having every word goes on with those having some of them,
    // counted apart and listed under their own heading: the count is of the first.
    await page.locator('#search-query').fill('kvinnliga forelasare');
    await page.waitForFunction(() => /"kvinnliga forelasare"/.test(document.getElementById('search-status').textContent));
    await page.waitForTimeout(500);
    const split = await page.evaluate(() => ({
      status: document.getElementById('search-status').textContent,
      all: document.querySelectorAll('#search-results li').length,
      some: document.querySelectorAll('#search-partial li').length,
      heading: !document.getElementById('search-partial-heading').hidden
        && document.getElementById('search-partial-heading').textContent,
    }));
    const counted = /^(\d+) träff(?:ar)? med alla orden för "kvinnliga forelasare", (\d+) träff(?:ar)? med några av orden$/.exec(split.status);
    check(counted !== null, `status line with some of the words: ${split.status}`);
    check(counted && Number(counted[1]) === split.all && split.all > 0 && split.all < 10,
      `${split.all} results with every word listed, the status says ${split.status}`);
    check(split.heading === 'Träffar med några av orden' && split.some === 10 - split.all,
      `the results with some of the words: heading ${split.heading}, ${split.some} listed`);
    await page.screenshot({ path: path.join(args.out, 'search-390-some-words.png'), fullPage: true });

    // "Visa fler" and a filter, on a query with many results.
    await page.locator('#search-query').fill('medlem');
    await page.waitForFunction(() => /"medlem"/.test(document.getElementById('search-status').textContent));
    await page.waitForTimeout(300);
    const before = await page.locator('#search-results li').count();
    check(before === 10, `${before} results shown at first, not 10`);
    const more = page.locator('#search-more');
    check(await more.isVisible(), '"Visa fler" is not shown');
    await more.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('#search-results li').length > 10);
    check(await page.locator('#search-results li').count() === 20, '"Visa fler" did not add ten results');
    await page.locator('#search-filters summary').click();
    await page.selectOption('#search-filter-org', 'solna');
    await page.waitForFunction(() => /org=solna/.test(location.search));
    await page.waitForTimeout(500);
    const filtered = await page.evaluate(() => Array.from(document.querySelectorAll('#search-results li > a')).map((a) => a.getAttribute('href')));
    check(filtered.length > 0 && filtered.every((h) => h.includes('/solna/')), `the filter let through ${filtered}`);
    await page.screenshot({ path: path.join(args.out, 'search-390-filtered.png'), fullPage: false });
    await page.goBack();
    await page.waitForFunction(() => !/org=solna/.test(location.search));
    await page.waitForTimeout(500);
    const back = await page.evaluate(() => ({
      org: document.getElementById('search-filter-org').value,
      q: document.getElementById('search-query').value,
      hrefs: Array.from(document.querySelectorAll('#search-results li > a')).map((a) => a.getAttribute('href')),
    }));
    check(back.org === '' && back.q === 'medlem', `Back restored ${JSON.stringify(back)}`);
    check(back.hrefs.some((h) => !h.includes('/solna/')), 'Back did not restore the unfiltered results');
    check(errors.length === 0, `script errors: ${errors}`);

    // A shared link opens with its query and filter.
    const shared = await context.newPage();
    await shared.goto(searchUrl + '?q=bostad&kind=plan');
    await shared.waitForFunction(() => document.querySelectorAll('#search-results li').length > 0, null, { timeout: 15000 });
    check(await shared.locator('#search-filter-kind').inputValue() === 'plan', 'a shared link lost its filter');

    const noJs = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const plain = await noJs.newPage();
    await plain.goto(searchUrl);
    const text = await plain.locator('main').innerText();
    check(/JavaScript/.test(text), 'without JavaScript the page does not say it needs it');
    check(await plain.locator('noscript a, main a[href*="amnen"]').count() > 0 || /Ämnen/.test(text), 'without JavaScript no link to the topics');
  } finally {
    await browser.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  failures.forEach((f) => console.log('FAIL ' + f));
  console.log(failures.length ? `${failures.length} failures` : 'search checks passed');
  return failures.length ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => { console.error(e); process.exit(2); });
