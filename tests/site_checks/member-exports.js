// What the member tasks (member-tasks.js) should find, read from the site's open-data
// exports alone (PUBLIC_DIR/data/*.json), never from its pages: the answer a member would
// get by counting rows in a spreadsheet.
'use strict';

const fs = require('fs');
const path = require('path');

const DATASETS = ['goals', 'activities', 'recommendations', 'commitments', 'quotes', 'links', 'documents'];

// An address without its host, so the exports' absolute URLs meet the pages' paths.
const norm = (u) => { const x = new URL(u, 'http://site.invalid/'); return x.pathname + x.hash; };

const has = (row, field, value) => (row[field] || []).includes(value);

function countBy(values, key) {
  const m = new Map();
  for (const v of values) for (const k of [].concat(key(v))) m.set(k, (m.get(k) || 0) + 1);
  return m;
}

// A set of goals by follow-up status, as the theme counts them.
function followup(goals) {
  const c = { total: goals.length, done: 0, ongoing: 0, not_started: 0, dropped: 0, none: 0 };
  for (const g of goals) c[(g.status || 'none').replace(/-/g, '_')] += 1;
  return c;
}

const expected = {
  load(dir) {
    const data = {};
    for (const name of DATASETS) data[name] = JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8'));
    return data;
  },

  goalsOf(data, org) {
    return { ...followup(data.goals.filter((g) => g.organization === org)), all: data.goals.length };
  },

  recommendationsTo(data, actor) {
    const rows = data.recommendations.filter((r) => has(r, 'addressees', actor));
    return { total: rows.length, urls: new Set(rows.map((r) => norm(r.url))) };
  },

  // Taken up: a recommendation of a report section that quotes the commitment, or anything
  // that links to it (`implements=` or a text link).
  commitments(data) {
    const key = (doc, id) => `${doc}#${id}`;
    const sectionOf = new Map(data.quotes.map((q) => [key(q.doc, q.id), `${q.doc}#${q.section}`]));
    const sectionsWithRecommendations = new Set(data.recommendations.map((r) => `${r.doc}#${r.section}`));
    const takenUp = new Set();
    for (const l of data.links) {
      const to = key(l.to_doc, l.to_id);
      if (l.kind === 'quote') {
        if (sectionsWithRecommendations.has(sectionOf.get(key(l.from_doc, l.from_id)))) takenUp.add(to);
      } else if (l.kind !== 'serves') takenUp.add(to);
    }
    const strategies = new Map();
    let yes = 0;
    for (const c of data.commitments) {
      const s = strategies.get(c.doc) || { total: 0, takenUp: 0 };
      const up = takenUp.has(key(c.doc, c.id));
      s.total += 1;
      s.takenUp += Number(up);
      yes += Number(up);
      strategies.set(c.doc, s);
    }
    return { total: data.commitments.length, takenUp: yes, strategies };
  },

  topic(data, slug) {
    return {
      goals: followup(data.goals.filter((g) => has(g, 'topics', slug))),
      recommendations: data.recommendations.filter((r) => has(r, 'topics', slug)).length,
      commitments: data.commitments.filter((c) => has(c, 'topics', slug)).length,
      // about the topic: tagged with it, or holding an item that is
      documents: new Set([
        ...data.documents.filter((d) => has(d, 'topics', slug)).map((d) => d.path),
        ...['goals', 'activities', 'recommendations', 'commitments'].flatMap((name) => data[name].filter((i) => has(i, 'topics', slug)).map((i) => i.doc)),
      ]).size,
    };
  },
};

// The subjects of the tasks: the organisation, addressee and topic with the most and with
// the fewest items, and the strategy with the most commitments.
function pickSubjects(data) {
  const extremes = (counts) => {
    const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    return [...new Set([sorted[0], sorted[sorted.length - 1]].filter(Boolean).map(([slug]) => slug))].map((slug) => ({ slug, count: counts.get(slug) }));
  };
  const byStrategy = countBy(data.commitments, (c) => c.doc);
  const strategy = [...byStrategy].sort((a, b) => b[1] - a[1])[0] || ['', 0];
  return {
    orgs: extremes(countBy(data.goals, (g) => g.organization)),
    actors: extremes(countBy(data.recommendations, (r) => r.addressees || [])),
    topics: extremes(countBy(data.goals, (g) => g.topics || [])),
    strategy: { doc: strategy[0], key: strategy[0].replace(/\//g, '-') },
  };
}

module.exports = { expected, pickSubjects, norm };
