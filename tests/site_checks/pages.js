// Which pages of a built planpress site the browser checks visit.
//
// findPages(root, content, { sample }) reads the built folder (root) and the site's
// content folder: the home page, the documents (kind from each front matter), every
// top-level index page, one organisation, topic and addressee page, the search page and
// 404.html. Without `sample` every document is checked (the bundled example has a few);
// with it (a generated 1,000-document site, where every document would take an hour) a
// sample that still holds every kind of page a member meets:
//   * per document kind and title family (`verksamhetsberattelse-2021` and
//     `valanalys-2022` are two families of reports), the richest document;
//   * per kind, the largest pages by size, which `tallest` candidates the checks measure
//     at 390 px to find the tallest plan and report by rendered height;
//   * the strategy with the most amended passages (motions), and per kind a document
//     without a date;
//   * the organisation page with the most goals, the party's own page, the largest and
//     the smallest topic page and a topic's whole list of goals, the addressee page with the
//     most recommendations.
'use strict';

const fs = require('fs');
const path = require('path');

const exists = (p) => { try { fs.accessSync(p); return true; } catch { return false; } };
const isDir = (p) => { try { return fs.statSync(p).isDirectory(); } catch { return false; } };
const size = (p) => { try { return fs.statSync(p).size; } catch { return 0; } };

const INDEX_KINDS = [
  ['goal index', /^(mal|malen|goals?)$/],
  ['recommendation index', /^(rekommendationer|recommendations?)$/],
  ['commitment index', /^(ataganden|atagandena|commitments?)$/],
  ['motions index', /^(motioner|motions?)$/],
  ['topic index', /^(amnen|teman|topics?)$/],
  ['actor index', /^(aktorer|adressater|mottagare|actors?|addressees?)$/],
  ['organisation index', /^(organisationer|organisations?|organizations?)$/],
  ['document index', /^(dokument|documents?)$/],
  ['search', /^(sok|search)$/],
];

const KIND_ORDER = ['plan', 'report', 'annual-report', 'strategy'];
// How many of the largest pages of a kind are measured for the tallest (sample mode).
const TALLEST_CANDIDATES = 6;

// A document's title family: its slug without years ("framtidskommissionen-2019" → "framtidskommissionen").
const family = (slug) => slug.replace(/(^|-)\d{2,4}(?=-|$)/g, '').replace(/^-+|-+$/g, '') || slug;

// The documents of the content folder, with what the sample is chosen by.
function readDocuments(root, content) {
  const docs = [];
  const missing = [];
  const orgs = new Set();
  if (!content || !isDir(content)) return { docs, missing, orgs };
  for (const org of fs.readdirSync(content).sort()) {
    const dir = path.join(content, org);
    if (!isDir(dir)) continue;
    orgs.add(org);
    for (const f of fs.readdirSync(dir).sort()) {
      if (!f.endsWith('.md')) continue;
      const text = fs.readFileSync(path.join(dir, f), 'utf8');
      const fm = text.match(/^\+\+\+\s*\n([\s\S]*?)\n\+\+\+/);
      const kind = fm && (fm[1].match(/^kind\s*=\s*"([^"]+)"/m) || [])[1];
      if (!kind || /^draft\s*=\s*true/m.test(fm[1])) continue;
      const slug = f.replace(/\.md$/, '');
      const rel = `${org}/${slug}/`;
      const file = path.join(root, rel, 'index.html');
      if (!exists(file)) { missing.push(`${kind} document ${rel} (not built)`); continue; }
      const html = fs.readFileSync(file, 'utf8');
      const amended = (html.match(/<(ins|del)[ >]/g) || []).length;
      const score = 10 * (html.match(/class="para-num"/g) || []).length + (html.match(/class="item /g) || []).length + 5 * amended;
      docs.push({ org, kind, rel, score, amended, bytes: html.length, family: family(slug), dated: /^date\s*=/m.test(fm[1]) });
    }
  }
  docs.sort((a, b) => (KIND_ORDER.indexOf(a.kind) >>> 0) - (KIND_ORDER.indexOf(b.kind) >>> 0));
  return { docs, missing, orgs };
}

const best = (docs, by) => docs.reduce((m, d) => (by(d) > by(m) ? d : m), docs[0]);

// The documents to check: all of them, or the sample; the richest of each kind is
// photographed and printed.
function documentPages(docs, sample, add) {
  const kinds = [...new Set(docs.map((d) => d.kind))];
  for (const kind of kinds) {
    const richest = best(docs.filter((d) => d.kind === kind), (d) => d.score);
    add(`${kind} document`, richest.rel, { shot: true });
  }
  if (!sample) {
    for (const d of docs) add(`${d.kind} document`, d.rel);
    return;
  }
  for (const kind of kinds) {
    const ofKind = docs.filter((d) => d.kind === kind);
    for (const fam of [...new Set(ofKind.map((d) => d.family))]) {
      add(`${kind} document`, best(ofKind.filter((d) => d.family === fam), (d) => d.score).rel);
    }
    const undated = ofKind.find((d) => !d.dated);
    if (undated) add(`${kind} document`, undated.rel);
    const largest = [...ofKind].sort((a, b) => b.bytes - a.bytes).slice(0, TALLEST_CANDIDATES);
    for (const d of largest) add(`${kind} document`, d.rel, { tallestOf: kind });
  }
  const strategies = docs.filter((d) => d.kind === 'strategy');
  if (strategies.length) add('strategy document', best(strategies, (d) => d.amended).rel);
}

// The slugs of a vocabulary file (content/topics.toml …).
function slugsOf(content, file) {
  const f = content && path.join(content, file);
  return f && exists(f) ? [...fs.readFileSync(f, 'utf8').matchAll(/^slug\s*=\s*"([^"]+)"/gm)].map((m) => m[1]) : [];
}

// The folder of the built site under which a vocabulary's pages are (`amnen`, …).
function vocabularyDir(root, orgs, slugs, preferred) {
  const dirs = fs.readdirSync(root).sort();
  dirs.sort((a, b) => Number(!preferred.test(a)) - Number(!preferred.test(b)));
  return dirs.find((d) => !orgs.has(d) && isDir(path.join(root, d)) && slugs.some((s) => exists(path.join(root, d, s, 'index.html'))));
}

// One page per vocabulary, or in sample mode the pages a member with a question about
// scale opens: the largest and smallest, and the one with most goals.
function vocabularyPages(root, content, orgs, sample, add, missing) {
  const kindRe = (k) => INDEX_KINDS.find(([name]) => name === k)[1];
  for (const [label, file, index] of [['topic page', 'topics.toml', 'topic index'], ['organisation page', 'organizations.toml', 'organisation index'], ['addressee page', 'actors.toml', 'actor index']]) {
    const slugs = slugsOf(content, file);
    const dir = vocabularyDir(root, orgs, slugs, kindRe(index));
    if (!dir) { missing.push(label); continue; }
    const built = slugs.filter((s) => exists(path.join(root, dir, s, 'index.html')));
    add(label, `${dir}/${built[0]}/`);
    if (!sample) continue;
    const html = (s) => path.join(root, dir, s, 'index.html');
    const bySize = [...built].sort((a, b) => size(html(b)) - size(html(a)));
    add(label, `${dir}/${bySize[0]}/`);
    add(label, `${dir}/${bySize[bySize.length - 1]}/`);
    if (label === 'organisation page') {
      const goals = (s) => (fs.readFileSync(html(s), 'utf8').match(/<li data-status=/g) || []).length;
      add(label, `${dir}/${best(built, goals)}/`, { mostGoals: true });
    }
    // a long list's own pages: a topic's goals, an addressee's second page
    for (const sub of ['mal', 'sida/2']) {
      if (exists(path.join(root, dir, bySize[0], sub, 'index.html'))) add(label, `${dir}/${bySize[0]}/${sub}/`);
    }
  }
}

// The first page of what a large site's indexes cut and give pages of their own: the
// whole table "Mål per organisation", a motion's passages, a commitment's diagram. A small
// site (the bundled example) has none of them.
function cutPages(root, pages, add) {
  const folders = (dir) => (exists(dir) ? fs.readdirSync(dir).sort() : [])
    .filter((d) => d !== 'sida' && exists(path.join(dir, d, 'index.html')));
  const indexOf = (kind) => pages.find((p) => p.label === kind);
  const goals = indexOf('goal index');
  if (goals && exists(path.join(root, goals.rel, 'organisationer', 'index.html'))) add('goal table page', `${goals.rel}organisationer/`);
  const motions = indexOf('motions index');
  const motion = motions && folders(path.join(root, motions.rel))[0];
  if (motion) add('motion page', `${motions.rel}${motion}/`);
  const commitments = indexOf('commitment index');
  for (const strategy of commitments ? folders(path.join(root, commitments.rel)) : []) {
    const diagram = folders(path.join(root, commitments.rel, strategy))[0];
    if (diagram) { add('commitment diagram page', `${commitments.rel}${strategy}/${diagram}/`); break; }
  }
}

function findPages(root, content, { sample = false } = {}) {
  const pages = []; // {label, rel, shot?, tallestOf?, mostGoals?}
  const add = (label, rel, extra = {}) => {
    const known = pages.find((p) => p.rel === rel);
    if (known) Object.assign(known, extra);
    else pages.push({ label, rel, ...extra });
  };
  const { docs, missing, orgs } = readDocuments(root, content);
  if (exists(path.join(root, 'index.html'))) add('home', '');
  else missing.push('home (index.html)');

  documentPages(docs, sample, add);
  for (const kind of ['plan', 'report', 'strategy']) if (!docs.some((d) => d.kind === kind)) missing.push(`${kind} document`);

  // top-level index pages: every first-level folder with an index.html that is not an
  // organisation's document folder
  const found = new Set();
  for (const d of fs.readdirSync(root).sort()) {
    if (orgs.has(d) || !exists(path.join(root, d, 'index.html'))) continue;
    const kind = INDEX_KINDS.find(([, re]) => re.test(d));
    if (kind) found.add(kind[0]);
    add(kind ? kind[0] : `index page /${d}/`, `${d}/`);
  }
  cutPages(root, pages, add);
  for (const k of ['goal index', 'recommendation index', 'commitment index', 'motions index', 'topic index', 'organisation index', 'search']) {
    if (!found.has(k)) missing.push(`${k} (no matching top-level folder)`);
  }
  vocabularyPages(root, content, orgs, sample, add, missing);

  if (!found.has('search')) {
    // a search page under another name: a top-level page with a search box
    for (const p of pages) {
      if (p.rel.split('/').length !== 2 || !p.label.startsWith('index page')) continue;
      const html = fs.readFileSync(path.join(root, p.rel, 'index.html'), 'utf8');
      if (/type=["']?search/.test(html)) {
        p.label = 'search';
        const i = missing.findIndex((m) => m.startsWith('search')); if (i >= 0) missing.splice(i, 1);
        break;
      }
    }
  }
  if (exists(path.join(root, '404.html'))) add('404 page', '404.html');
  return { pages, missing };
}

module.exports = { findPages, family, INDEX_KINDS };
