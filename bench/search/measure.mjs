// Runs the fixed queries against planpress's search page and Pagefind's on one site served by
// serve.mjs, in headless Chromium at 390 px, each query in a fresh context (cold cache), and
// prints JSON: per side and query, the bytes the server sent (gzip bodies) from opening the
// page to the first result shown, without the HTML page, its stylesheet and the favicon (the
// same for any search), and the time from the query to the first result. With --throttle:
// slow 4G in serve.mjs (150 ms, 1.6 Mbit/s, for the page and Pagefind's worker alike) and
// Chromium's 4× CPU slowdown (DevTools Emulation.setCPUThrottlingRate, on the page).
//
//   node measure.mjs --base http://127.0.0.1:PORT --queries queries.txt [--throttle] [--chromium PATH]
import fs from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const args = { chromium: '/usr/bin/chromium', throttle: false };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--base') args.base = process.argv[++i];
  else if (a === '--queries') args.queries = process.argv[++i];
  else if (a === '--chromium') args.chromium = process.argv[++i];
  else if (a === '--throttle') args.throttle = true;
}
const queries = fs.readFileSync(args.queries, 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

const SIDES = {
  planpress: {
    path: '/sok/',
    ready: () => document.querySelectorAll('#search-filter-org option').length > 1,
    run: (q) => new Promise((resolve) => {
      const list = document.getElementById('search-results');
      const t0 = performance.now();
      const done = () => { if (list.children.length) { obs.disconnect(); resolve([performance.now() - t0, document.getElementById('search-status').textContent]); } };
      const obs = new MutationObserver(done);
      obs.observe(list, { childList: true });
      document.getElementById('search-query').value = q;
      document.getElementById('search-form').requestSubmit();
    }),
  },
  pagefind: {
    path: '/pagefind-bench/',
    ready: () => window.__ready === true,
    run: async (q) => { const t0 = performance.now(); const n = await window.__run(q); return [performance.now() - t0, String(n)]; },
  },
};

const browser = await chromium.launch({ executablePath: args.chromium, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
const results = {};
for (const [side, spec] of Object.entries(SIDES)) {
  results[side] = [];
  for (const q of queries) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    if (args.throttle) { await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 }); }
    await fetch(args.base + '/__slow?on=' + (args.throttle ? 1 : 0));
    await fetch(args.base + '/__reset');
    await page.goto(args.base + spec.path);
    await page.waitForFunction(spec.ready, null, { timeout: 120000 });
    const [ms, said] = await page.evaluate(spec.run, q);
    const sent = await (await fetch(args.base + '/__log')).json();
    const files = sent.filter(([p]) => !/(\/|\.html|\.css|\.ico|\.png|\.svg)$/.test(p));
    const total = files.reduce((sum, [, n]) => sum + n, 0);
    results[side].push({ query: q, bytes: total, ms: Math.round(ms), results: said, files });
    await context.close();
  }
}
await browser.close();
console.log(JSON.stringify(results));
