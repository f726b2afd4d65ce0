#!/usr/bin/env node
// Member tasks on a built planpress site (issue #20, "How we will check it"): questions a
// member comes with, done from the home page in headless Chromium at 390 px, each answer
// as the pages show it compared with the site's own open-data exports (PUBLIC_DIR/data/).
//
//   node member-tasks.js --url http://127.0.0.1:PORT/planer/ --root PUBLIC_DIR \
//        [--out target/site-checks] [--chromium /usr/bin/chromium]
//
// The tasks, for the organisation, addressee and topic with the most items and for one
// with few:
//   * "How many goals does organisation X have, and how many are done?" With JavaScript:
//     the goal index's form, filtered by X: "Visar N av M mål", the follow-up in words
//     above it and the goals listed. Without: the table "Mål per organisation" to X's page,
//     where its goals and follow-up are. Both against goals.json's rows of X by status.
//   * "Which recommendations go to addressee Y?" The recommendation index to Y's page: its
//     count and its rows over every numbered page, against recommendations.json.
//   * "Which commitments were taken up, which not yet?" The commitment index's filter
//     links and the commitments they show (on a large site, on the page of the strategy
//     with most commitments), against commitments.json with quotes.json, links.json and
//     recommendations.json: taken up when a recommendation of a section quoting it, or any
//     goal, recommendation or text linking to it, takes it up.
//   * "What did topic Z promise?" The topic index to Z's page: its counts of goals,
//     recommendations, commitments and documents and its goals' follow-up, against the
//     exports' rows with Z among their topics.
// Every click from the home page is counted (opening a fold is a click, choosing in a
// form is one), and every page's height at 390 px is noted.
//
// Prints one line per task (clicks, heights, what was compared) and writes
// OUT/member-tasks.json. Exit 0 when every count matches, 1 with each mismatch as
//   FAIL <task> [<what>] shown N, exports M
// and 2 when the browser could not be started.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { expected, pickSubjects, norm } = require('./member-exports');

function parseArgs(argv) {
  const args = { out: 'target/site-checks', chromium: process.env.CHROMIUM_PATH || '/usr/bin/chromium' };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    const v = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--url') args.url = v();
    else if (a === '--root') args.root = v();
    else if (a === '--out') args.out = v();
    else if (a === '--chromium') args.chromium = v();
    else throw new Error(`unknown argument ${a}`);
  }
  if (!args.url || !args.root) throw new Error('--url and --root are required');
  if (!args.url.endsWith('/')) args.url += '/';
  return args;
}

// One member's walk through the site: clicks counted, each page's height at 390 px noted.
class Walk {
  constructor(page, task, shots) { this.page = page; this.task = task; this.shots = shots; this.clicks = 0; this.pages = []; }

  async note() {
    const { pathname } = new URL(this.page.url());
    const height = await this.page.evaluate(() => document.documentElement.scrollHeight);
    const last = this.pages[this.pages.length - 1];
    if (last && last.path === pathname) last.height = height;
    else this.pages.push({ path: pathname, height });
  }

  async start(url) { await this.page.goto(url, { waitUntil: 'load' }); await this.note(); }

  // Clicks the first link whose address's path matches `re` (and whose text matches
  // `text`, if given), opening the fold that hides it first, as a member would.
  async follow(re, text) {
    const handle = await this.page.evaluateHandle(({ src, flags, words }) => {
      const want = new RegExp(src, flags);
      const links = [...document.querySelectorAll('main a[href], header a[href]')]
        .filter((a) => want.test(new URL(a.href).pathname + new URL(a.href).hash) && (!words || a.textContent.includes(words)));
      // a closed fold's content has boxes in Chromium (content-visibility): checkVisibility
      return links.find((a) => a.checkVisibility()) || links[0] || null;
    }, { src: re.source, flags: re.flags, words: text || null });
    const link = handle.asElement();
    if (!link) throw new Error(`no link to ${re} on ${this.page.url()}`);
    const hidden = await link.evaluate((a) => !a.checkVisibility());
    if (hidden) {
      const opened = await link.evaluate((a) => {
        const fold = a.closest('details');
        if (!fold || fold.open) return false;
        fold.querySelector('summary').click();
        return true;
      });
      if (opened) this.clicks += 1;
    }
    await Promise.all([this.page.waitForLoadState('load'), link.click()]);
    this.clicks += 1;
    await this.page.waitForTimeout(50);
    await this.note();
  }
}

const num = (s) => { const m = String(s || '').replace(/\s/g, '').match(/\d+/); return m ? parseInt(m[0], 10) : null; };

// Runs in the page: the follow-up summary's counts in words (`.followup` at `selector`).
function followupShown(selector) {
  const box = document.querySelector(selector);
  if (!box) return null;
  const n = (cls) => { const el = box.querySelector(`.followup-parts .${cls}`); return el ? parseInt(el.textContent, 10) : 0; };
  return { total: parseInt(box.querySelector('.followup-total').textContent, 10), done: n('fu-done'), ongoing: n('fu-ongoing'),
    not_started: n('fu-not_started'), dropped: n('fu-dropped'), none: n('fu-none') };
}

const STATUSES = ['done', 'ongoing', 'not_started', 'dropped', 'none'];

function compare(result, what, shown, wanted) {
  result.compared.push({ what, shown, wanted });
  if (shown !== wanted) result.failures.push(`FAIL ${result.task} [${what}] shown ${shown}, exports ${wanted}`);
}

function compareFollowup(result, what, shown, wanted) {
  if (!shown) { result.failures.push(`FAIL ${result.task} [${what}] no follow-up summary shown`); return; }
  compare(result, `${what}: goals`, shown.total, wanted.total);
  for (const s of STATUSES) compare(result, `${what}: ${s}`, shown[s], wanted[s]);
}

// "How many goals does X have, and how many are done?" on the goal index's form.
async function goalsWithScript(page, url, org, want, result) {
  const walk = new Walk(page, result.task, result.shots);
  await walk.start(url);
  await walk.follow(/\/mal\/$/);
  await page.selectOption('#filter-org', org.slug);
  walk.clicks += 1;
  // three organisations or fewer open their groups at once and load the goals
  await page.waitForFunction((n) => {
    const failed = document.getElementById('goal-filter').dataset.failed;
    return document.querySelectorAll('[data-results] li[data-status]').length >= n
      || [...document.querySelectorAll('.filter-status')].some((p) => p.textContent === failed);
  }, want.total, { timeout: 15000 }).catch(() => {});
  await walk.note();
  const shown = await page.evaluate(() => ({
    summary: document.getElementById('filter-summary').textContent,
    rows: document.querySelectorAll('[data-results] li[data-status]').length,
    done: document.querySelectorAll('[data-results] li[data-status="done"]').length,
  }));
  const [n, of] = (shown.summary.match(/\d+/g) || []).map(Number);
  compare(result, '"Visar N"', n, want.total);
  compare(result, '"av M"', of, want.all);
  compare(result, 'goals listed', shown.rows, want.total);
  compare(result, 'done goals listed', shown.done, want.done);
  compareFollowup(result, 'follow-up above the form', await page.evaluate(followupShown, '#goal-followup .followup, main > .followup'), want);
  const tall = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({ path: path.join(walk.shots, `mal-filtered-${org.slug}-390.png`), fullPage: true, clip: { x: 0, y: 0, width: 390, height: Math.min(tall, 3000) } });
  return walk;
}

// The same without JavaScript: the table "Mål per organisation" leads to X's page.
async function goalsWithoutScript(page, url, org, want, result) {
  const walk = new Walk(page, result.task, result.shots);
  await walk.start(url);
  await walk.follow(/\/mal\/$/);
  // A large site's goal index shows the first rows of its table: the organisations' index
  // lists them all.
  const inTable = await page.$(`main table.breakdown a[href$="/${org.slug}/#mal"]`);
  if (!inTable) await walk.follow(/\/organisationer\/$/);
  await walk.follow(new RegExp(inTable ? `/${org.slug}/#mal$` : `/organisationer/${org.slug}/$`));
  const shown = await page.evaluate(() => ({
    rows: document.querySelectorAll('[data-goal-rows] li[data-status]').length,
    done: document.querySelectorAll('[data-goal-rows] li[data-status="done"]').length,
  }));
  compare(result, 'goals listed', shown.rows, want.total);
  compare(result, 'done goals listed', shown.done, want.done);
  // one period's summary is the organisation's; several have one for all above them
  const all = await page.$('.org-goals > .followup') ? '.org-goals > .followup' : '.period-goals > .followup';
  compareFollowup(result, 'follow-up of all its goals', await page.evaluate(followupShown, all), want);
  return walk;
}

// "Which recommendations go to Y?": Y's page, and every numbered page after it.
async function recommendationsTo(page, url, actor, want, result) {
  const walk = new Walk(page, result.task, result.shots);
  await walk.start(url);
  await walk.follow(/\/rekommendationer\/$/);
  await walk.follow(new RegExp(`/${actor.slug}/$`));
  compare(result, 'count shown', num(await page.textContent('main .totals strong')), want.total);
  const urls = new Set();
  for (;;) {
    for (const u of await page.$$eval('main .index-list > li[data-url]', (lis) => lis.map((li) => li.dataset.url))) urls.add(norm(u));
    const next = await page.$('nav.pagination a[rel="next"]');
    if (!next) break;
    await walk.follow(/\/sida\/\d+\/$/, await next.textContent());
  }
  compare(result, 'recommendations listed', urls.size, want.total);
  const missing = [...want.urls].filter((u) => !urls.has(u));
  compare(result, 'exported recommendations not listed', missing.length, 0);
  return walk;
}

// "Which commitments were taken up?": the filter links' counts, and on the page that lists
// them (the index, or on a large site the largest strategy's page) those shown per choice.
async function commitmentsTakenUp(page, url, strategy, want, result) {
  const walk = new Walk(page, result.task, result.shots);
  await walk.start(url);
  await walk.follow(/\/ataganden\/$/);
  const links = async () => page.$$eval('nav.commitment-filter a', (as) => as.map((a) => parseInt((a.textContent.match(/\((\d+)\)/) || [])[1], 10)));
  const [all, yes, no] = await links();
  compare(result, 'all (N)', all, want.total);
  compare(result, 'taken up (N)', yes, want.takenUp);
  compare(result, 'not yet (N)', no, want.total - want.takenUp);
  let scope = want;
  if (!(await page.$('li.commitment'))) {
    await walk.follow(new RegExp(`/ataganden/${strategy.key}/$`));
    scope = want.strategies.get(strategy.doc);
  }
  const counted = { ja: 0, nej: 0 };
  const pageUrls = [page.url().split('#')[0]];
  for (const a of await page.$$eval('nav.pagination a:not([rel])', (as) => as.map((x) => x.href))) if (!pageUrls.includes(a)) pageUrls.push(a);
  for (const [i, pageUrl] of pageUrls.entries()) {
    if (i > 0) await walk.follow(new RegExp(`${new URL(pageUrl).pathname}$`));
    for (const [choice, target] of [['ja', 'tagna-upp'], ['nej', 'ej-tagna-upp']]) {
      await walk.follow(new RegExp(`#${target}$`));
      // a commitment in a closed fold is shown once the fold is opened: what the filter
      // hides has `display: none`, on itself or its section
      counted[choice] += await page.$$eval('li.commitment', (lis) => lis.filter((li) => {
        for (let el = li; el && el.localName !== 'main'; el = el.parentElement) if (getComputedStyle(el).display === 'none') return false;
        return true;
      }).length);
    }
  }
  compare(result, 'taken up shown', counted.ja, scope.takenUp);
  compare(result, 'not yet shown', counted.nej, scope.total - scope.takenUp);
  return walk;
}

// "What did topic Z promise?": the topic page's counts and its goals' follow-up.
async function topicPromises(page, url, topic, want, result) {
  const walk = new Walk(page, result.task, result.shots);
  await walk.start(url);
  await walk.follow(/\/amnen\/$/);
  await walk.follow(new RegExp(`/amnen/${topic.slug}/$`));
  const counts = await page.$$eval('main nav.group-toc li', (lis) => lis.map((li) => parseInt((li.textContent.match(/\((\d+)\)\s*$/) || [])[1], 10)));
  compare(result, 'goals', counts[0], want.goals.total);
  compare(result, 'recommendations', counts[1], want.recommendations);
  compare(result, 'commitments', counts[2], want.commitments);
  compare(result, 'documents', counts[3], want.documents);
  compareFollowup(result, 'goals\' follow-up', await page.evaluate(followupShown, 'section[aria-labelledby="mal"] .followup'), want.goals);
  return walk;
}

async function run(context, noScript, args, data) {
  const subjects = pickSubjects(data);
  const results = [];
  const task = async (name, ctx, fn, ...rest) => {
    const result = { task: name, compared: [], failures: [], shots: path.join(args.out, 'screenshots') };
    const page = await ctx.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const walk = await fn(page, args.url, ...rest, result);
      Object.assign(result, { clicks: walk.clicks, pages: walk.pages });
    } catch (e) {
      result.failures.push(`FAIL ${name} [walk] ${e.message.split('\n')[0]}`);
    }
    await page.close();
    results.push(result);
  };
  for (const org of subjects.orgs) {
    const want = expected.goalsOf(data, org.slug);
    await task(`goals of ${org.slug} (form, JavaScript)`, context, goalsWithScript, org, want);
    await task(`goals of ${org.slug} (no JavaScript)`, noScript, goalsWithoutScript, org, want);
  }
  for (const actor of subjects.actors) await task(`recommendations to ${actor.slug}`, context, recommendationsTo, actor, expected.recommendationsTo(data, actor.slug));
  await task('commitments taken up', noScript, commitmentsTakenUp, subjects.strategy, expected.commitments(data));
  for (const topic of subjects.topics) await task(`topic ${topic.slug}`, context, topicPromises, topic, expected.topic(data, topic.slug));
  return results;
}

async function main() {
  const args = parseArgs(process.argv);
  let chromium;
  try { ({ chromium } = require('playwright-core')); } catch {
    console.error('playwright-core is not installed: run `npm ci` in tests/site_checks');
    return 2;
  }
  const data = expected.load(path.join(args.root, 'data'));
  fs.mkdirSync(path.join(args.out, 'screenshots'), { recursive: true });
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'planpress-tasks-'));
  let browser;
  try {
    browser = await chromium.launch({ executablePath: args.chromium, headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'] });
  } catch (e) {
    console.error(`could not start ${args.chromium}: ${e.message}`);
    fs.rmSync(userDataDir, { recursive: true, force: true });
    return 2;
  }
  let results;
  try {
    const context = await browser.newContext({ locale: 'sv-SE', reducedMotion: 'reduce' });
    const noScript = await browser.newContext({ locale: 'sv-SE', reducedMotion: 'reduce', javaScriptEnabled: false });
    results = await run(context, noScript, args, data);
  } finally {
    await browser.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  console.log(`Member tasks on ${args.url} at 390 px:`);
  for (const r of results) {
    const heights = (r.pages || []).map((p) => `${p.path} ${p.height} px`).join(', ');
    console.log(`  ${r.task}: ${r.clicks} clicks; ${r.compared.filter((c) => c.shown === c.wanted).length} of ${r.compared.length} counts match; ${heights}`);
  }
  const failures = results.flatMap((r) => r.failures);
  for (const f of failures) console.log(f);
  fs.mkdirSync(args.out, { recursive: true });
  fs.writeFileSync(path.join(args.out, 'member-tasks.json'), JSON.stringify({ url: args.url, results }, null, 2));
  console.log(`\nmember tasks: ${results.length} tasks, ${failures.length} failures`);
  return failures.length ? 1 : 0;
}

main().then((code) => process.exit(code), (e) => { console.error(e && e.stack || e); process.exit(2); });
