/* planpress: client-side search over the sharded index the build writes (/sok/, format 4;
 * docs/INDEXES.md and src/indexes/search/files.rs describe the files).
 *
 * This script never stems: each shard maps the site's words, folded as the build folds them,
 * to their terms (the build stems with rust-stemmers and joins umlaut plurals), so a query
 * word is looked up. Words are filed under their key without å/ä/ö, so "jamlikhet" finds
 * "jämlikhet", with the exact spelling ranked first. A word matches as written (1), with
 * other diacritics (0.9), through the build's stem of a longer form (0.7), as a prefix while
 * typing (0.6, three letters or more), with one typo (0.4, five letters or more), and the
 * compounds it ends ("förening" → "partiföreningarna") at half that. Every word must match;
 * the BM25 scores the build wrote are summed; ties go to the lower item number, the newer
 * document.
 *
 * Works in browsers (the search page) and in node (module.exports), where the tests use it. */
(function (root) {
  'use strict';

  /* The index format this script reads (FORMAT_VERSION in src/indexes/search/mod.rs). */
  var FORMAT_VERSION = 4;
  var PREFIX_WORDS = 40;
  // Shards fetched per query word for its weaker matches' postings, beyond its own.
  var EXTRA_SHARDS = 2;

  function fold(text) {
    var out = '';
    var lower = text.toLowerCase();
    for (var ch of lower) {
      if (ch === 'å' || ch === 'ä' || ch === 'ö') { out += ch; }
      else if (ch === 'æ') { out += 'ä'; }
      else if (ch === 'ø') { out += 'ö'; }
      else if (ch.charCodeAt(0) < 128) { out += ch; }
      else { out += ch.normalize('NFD').replace(/\p{M}/gu, ''); }
    }
    return out;
  }

  /* A term's postings as the build writes them (postings() in src/indexes/search/shards.rs):
   * per item, the gap from the item before in five-bit groups, lowest first, each a DIGITS
   * character with 32 added while more follow, then the score's code as one character; the
   * score is SCORE_LOW * SCORE_STEP^code (score_code in src/indexes/search/scores.rs).
   * Returned as [gap, score, gap, score, …]. */
  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var SCORE_LOW = 0.02, SCORE_STEP = 1.12;
  var DIGIT = {}, SCORES = [];
  for (var d = 0; d < DIGITS.length; d++) {
    DIGIT[DIGITS.charCodeAt(d)] = d;
    SCORES.push(SCORE_LOW * Math.pow(SCORE_STEP, d));
  }
  function decodePostings(text) {
    var out = [];
    var at = { i: 0 };
    while (at.i < text.length) {
      out.push(decodeGap(text, at), SCORES[DIGIT[text.charCodeAt(at.i++)] || 0]);
    }
    return out;
  }
  function decodeGap(text, at) {
    var gap = 0, shift = 0, v;
    do {
      v = DIGIT[text.charCodeAt(at.i++)] || 0;
      gap += (v & 31) * Math.pow(2, shift);
      shift += 5;
    } while (v & 32 && at.i < text.length);
    return gap;
  }

  /* A document is found by the words of its items and paragraphs too (the build posts only
   * its title and the words no part of it has), at this share of its best part's score:
   * about where BM25 put a document, long beside its items, for a word of its body. */
  var DOCUMENT_SHARE = 0.15;
  /* The number of each document's own entry, from the entry file's gaps. */
  function documentStarts(m) {
    if (!m.starts) {
      var starts = [], at = { i: 0 }, n = 0, text = m.docs || '';
      while (at.i < text.length) { n += decodeGap(text, at); starts.push(n); }
      m.starts = starts;
    }
    return m.starts;
  }
  /* Adds to `scores` (item → score) the documents of the items in it. */
  function withDocuments(m, scores) {
    var starts = documentStarts(m);
    if (!starts.length) { return; }
    var found = new Map();
    scores.forEach(function (score, item) {
      var lo = 0, hi = starts.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= item) { lo = mid; } else { hi = mid - 1; }
      }
      var doc = starts[lo];
      if (doc !== item && (found.get(doc) || 0) < score * DOCUMENT_SHARE) { found.set(doc, score * DOCUMENT_SHARE); }
    });
    found.forEach(function (score, doc) {
      if ((scores.get(doc) || 0) < score) { scores.set(doc, score); }
    });
  }

  function base(word) { return word.replace(/[åä]/g, 'a').replace(/ö/g, 'o'); }

  var WORD = /[\p{L}\p{N}]+(?::[\p{N}]+)?/gu;
  /* A paragraph's number after "§": the build posts each numbered paragraph's number, one
   * digit too. */
  var PARAGRAPH = /§\s*(\p{N}+)/gu;

  /* The query's words: folded, two characters or more (or a paragraph's number), no
   * stopwords. A word typed without å/ä/ö is a stopword when it is one without them: "pa"
   * and "for" are "på" and "för" on a phone, and left in they must match (by prefix "for"
   * matches "form", "forum"). */
  function queryWords(text, stop) {
    var folded = fold(text);
    var words = folded.match(WORD) || [];
    var numbers = Array.from(folded.matchAll(PARAGRAPH), function (m) { return m[1]; });
    var seen = {};
    var stopKeys = stop.map(base);
    return words.filter(function (w) {
      var stopword = stop.indexOf(w) >= 0 || (!/[åäö]/.test(w) && stopKeys.indexOf(w) >= 0);
      var short = Array.from(w).length < 2 && numbers.indexOf(w) < 0;
      if (short || stopword || seen[w]) { return false; }
      seen[w] = true;
      return true;
    });
  }

  /* Whether a and b (bases) are one insertion, deletion, substitution or swap of two
   * neighbouring letters apart. */
  function oneEdit(a, b) {
    if (a === b) { return false; }
    if (a.length === b.length) {
      var diff = [];
      for (var d = 0; d < a.length && diff.length < 3; d++) { if (a[d] !== b[d]) { diff.push(d); } }
      if (diff.length === 2 && diff[1] === diff[0] + 1 && a[diff[0]] === b[diff[1]] && a[diff[1]] === b[diff[0]]) {
        return true;
      }
    }
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) { return false; }
    var i = 0, j = 0, edits = 0;
    while (i < la && j < lb) {
      if (a[i] === b[j]) { i++; j++; continue; }
      if (++edits > 1) { return false; }
      if (la > lb) { i++; } else if (lb > la) { j++; } else { i++; j++; }
    }
    return edits + (la - i) + (lb - j) <= 1;
  }

  /* A searcher over the index at `base` (a URL or path ending in "/"), fetching its files
   * with `fetchJson(url, isEntryFile)` and keeping each file it fetched for later queries. */
  function createSearcher(indexBase, fetchJson) {
    var files = {};
    var build = '';
    function load(path) {
      if (!files[path]) {
        // Every file but the entry file is asked for with the build it belongs to, so a cached
        // file of an earlier build is never mixed in.
        var url = indexBase + path + (build ? '?b=' + build : '');
        files[path] = fetchJson(url, path === 'index.json').catch(function (error) {
          delete files[path];
          throw error;
        });
      }
      return files[path];
    }
    var manifest = load('index.json').then(function (m) {
      if (m.v !== FORMAT_VERSION) { throw new Error('index format ' + m.v); }
      build = m.build || '';
      return m;
    });

    function shardNumber(m, key) {
      var lo = 0, hi = m.shards.length - 1;
      while (lo < hi) {
        var mid = (lo + hi + 1) >> 1;
        if (m.shards[mid] <= key) { lo = mid; } else { hi = mid - 1; }
      }
      return lo;
    }

    /* The shards a word's key and its prefixes lie in. */
    function shardsFor(m, key) {
      var first = shardNumber(m, key);
      var numbers = [first];
      for (var n = first + 1; n < m.shards.length && n <= first + 2 && m.shards[n].indexOf(key) === 0; n++) {
        numbers.push(n);
      }
      return numbers;
    }

    function shard(n) {
      return load('s/' + n + '.json').then(function (s) {
        if (!s.byBase) {
          s.byBase = s.w.map(function (entry) { return [base(entry[0]), entry]; });
        }
        return s;
      });
    }

    /* term → factor for one query word. */
    function matchWord(m, word) {
      var key = base(word);
      var length = Array.from(key).length;
      // A singular's final vowel ("hyra", "pojke") is not in its plural ("hyror", "pojkar"):
      // without it the word is looked for as a prefix too.
      var stemKey = length >= 4 && /[aeo]$/.test(key) ? key.slice(0, -1) : null;
      return Promise.all(shardsFor(m, key).map(shard)).then(function (shards) {
        var factors = new Map();
        var surfaces = [];
        var add = function (entry, factor) {
          var put = function (term, f) { if ((factors.get(term) || 0) < f) { factors.set(term, f); } };
          surfaces.push(entry[0]);
          // A word that is only the last part of compounds ("fonden") has no term of its own.
          if (entry[1]) { put(entry[1], factor); }
          for (var i = 2; i < entry.length; i++) { put(entry[i], factor * 0.5); }
        };
        var exact = false;
        var prefixed = [];
        var stemmed = null;
        var typos = [];
        var unvoweled = [];
        shards.forEach(function (s) {
          s.byBase.forEach(function (pair) {
            var b = pair[0], entry = pair[1];
            if (b === key) { exact = true; add(entry, entry[0] === word ? 1 : 0.9); }
            else if (length >= 3 && b.indexOf(key) === 0) { prefixed.push(entry); }
            else if (stemKey && b.indexOf(stemKey) === 0 && b.length <= key.length + 3) { unvoweled.push(entry); }
            else if (length >= 5 && key.indexOf(b) === 0 && b.length >= Math.max(4, key.length - 4)) {
              if (!stemmed || b.length > base(stemmed[0]).length) { stemmed = entry; }
            } else if (length >= 5 && oneEdit(b, key)) { typos.push(entry); }
          });
        });
        prefixed.sort(function (a, b) { return a[0].length - b[0].length; });
        prefixed.slice(0, PREFIX_WORDS).forEach(function (entry) { add(entry, 0.6); });
        // The query less three or four letters is often another word ("stor" of "stormote",
        // whose "stormöten" the vowel rule finds): below a prefix's or that rule's match.
        if (stemmed) { add(stemmed, key.length - base(stemmed[0]).length <= 2 ? 0.7 : 0.55); }
        unvoweled.forEach(function (entry) { add(entry, 0.7); });
        if (!exact) { typos.forEach(function (entry) { add(entry, 0.4); }); }
        // The strong matches' terms too, so a snippet marks the other forms of the word
        // ("studiecirklar" for "studiecirkel", whose term is "studiecirkl").
        factors.forEach(function (f, term) { if (f >= 0.7 && term.length >= 4) { surfaces.push(term); } });
        factors.surfaces = surfaces;
        return factors;
      });
    }

    /* item number → score for one query word. */
    function scoreWord(m, word) {
      return matchWord(m, word).then(function (factors) {
        // A term's postings are in the shard of its own key. Those of the word's exact forms
        // are always fetched; of prefixes, typos and compounds, only those in shards already
        // here or in a few more (the strongest first), so a short or common word does not
        // fetch half the index.
        var terms = Array.from(factors.keys()).sort(function (a, b) { return factors.get(b) - factors.get(a); });
        var extra = new Set();
        terms = terms.filter(function (term) {
          var n = shardNumber(m, base(term));
          if (factors.get(term) >= 0.7 || files['s/' + n + '.json'] || extra.has(n)) { return true; }
          if (extra.size >= EXTRA_SHARDS) { return false; }
          extra.add(n);
          return true;
        });
        return Promise.all(terms.map(function (term) {
          return shard(shardNumber(m, base(term))).then(function (s) {
            var list = s.t[term];
            if (typeof list === 'string') { list = s.t[term] = decodePostings(list); }
            return list || [];
          });
        })).then(function (lists) {
          var scores = new Map();
          // Cubed: an exact spelling well above a prefix or a typo of the same item.
          var put = function (item, score, factor) {
            score *= factor * factor * factor;
            if ((scores.get(item) || 0) < score) { scores.set(item, score); }
          };
          lists.forEach(function (list, n) {
            var factor = factors.get(terms[n]);
            var item = 0;
            for (var i = 0; i + 1 < list.length; i += 2) {
              item += list[i];
              put(item, list[i + 1], factor);
            }
          });
          // A topic's label and keywords find the topic's items, through its filter file.
          var topical = [];
          factors.forEach(function (factor, term) {
            ((m.topics || {})[term] || []).forEach(function (file) { topical.push([file, factor]); });
          });
          return Promise.all(topical.map(function (t) { return runs(t[0]); })).then(function (sets) {
            sets.forEach(function (set, n) {
              set.forEach(function (item) { put(item, m.topicScore, topical[n][1]); });
            });
            withDocuments(m, scores);
            scores.surfaces = factors.surfaces;
            return scores;
          });
        });
      });
    }

    /* The items of filter file `name` (runs of [first as a gap, count]), as a set. */
    function runs(name) {
      return load('f/' + name + '.json').then(function (file) {
        if (!file.set) {
          var set = new Set();
          var at = 0;
          for (var i = 0; i + 1 < file.length; i += 2) {
            at += file[i];
            for (var k = 0; k < file[i + 1]; k++) { set.add(at + k); }
            at += file[i + 1];
          }
          file.set = set;
        }
        return file.set;
      });
    }

    function filterSet(m, filter, value) {
      var values = (m.filters[filter] || []).filter(function (v) { return v[0] === value; });
      if (!values.length) { return Promise.resolve(new Set()); }
      return runs(values[0][1]);
    }

    /* Item numbers, best first, for `query` within `filters` ({org, kind, item, topic}). */
    function search(query, filters) {
      return manifest.then(function (m) {
        var words = queryWords(query, m.stop);
        if (!words.length) { return []; }
        var active = Object.keys(filters || {}).filter(function (f) { return filters[f]; });
        return Promise.all([
          Promise.all(words.map(function (w) { return scoreWord(m, w); })),
          Promise.all(active.map(function (f) { return filterSet(m, f, filters[f]); }))
        ]).then(function (both) {
          var perWord = both[0], sets = both[1];
          var results = [];
          perWord[0].forEach(function (score, item) {
            for (var w = 1; w < perWord.length; w++) {
              var s = perWord[w].get(item);
              if (s === undefined) { return; }
              score += s;
            }
            for (var f = 0; f < sets.length; f++) { if (!sets[f].has(item)) { return; } }
            results.push([item, score]);
          });
          results.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
          var found = results.map(function (r) { return r[0]; });
          // The words as the site writes them that matched, for the snippets' marks.
          found.words = words.concat.apply(words, perWord.map(function (s) { return s.surfaces; }));
          return found;
        });
      });
    }

    /* What result `number` shows: url, title, organisation, document kind, period, item
     * kind (label and code), text and the heading of its section. */
    function fragment(number) {
      return manifest.then(function (m) {
        return load('r/' + Math.floor(number / m.chunk) + '.json').then(function (chunk) {
          var item = chunk.i[number % m.chunk];
          var doc = chunk.d[item[0]];
          return {
            number: number,
            url: doc[0] + (item[1] ? '#' + item[1] : ''),
            document: doc[1],
            organization: doc[2],
            documentKind: doc[3],
            period: doc[4],
            kind: item[2],
            kindLabel: m.kinds[item[2]] || item[2],
            text: item[3],
            section: item[4] || ''
          };
        });
      });
    }

    return { manifest: manifest, search: search, fragment: fragment, words: function (q) {
      return manifest.then(function (m) { return queryWords(q, m.stop); });
    } };
  }

  /* `text` cut to a window around the first matched word, as [text, marked] pieces: a word
   * is marked when its key starts with a query word's key, or holds it (five letters or
   * more, for compounds). */
  function snippet(text, words, size) {
    size = size || 200;
    var keys = words.map(base);
    var exact = new Set(keys);
    var pieces = [];
    var re = /[\p{L}\p{N}]+/gu;
    var match, first = -1;
    var marks = [];
    while ((match = re.exec(text)) !== null) {
      var key = base(fold(match[0]));
      var hit = exact.has(key) || keys.some(function (k) {
        return key.indexOf(k) === 0 || (k.length >= 5 && key.indexOf(k) > 0);
      });
      if (hit) {
        marks.push([match.index, match.index + match[0].length]);
        if (first < 0) { first = match.index; }
      }
    }
    var start = first > size / 3 ? text.lastIndexOf(' ', first - size / 4) + 1 : 0;
    var end = Math.min(text.length, start + size);
    if (end < text.length) { var space = text.lastIndexOf(' ', end); if (space > first) { end = space; } }
    var at = start;
    marks.forEach(function (mk) {
      if (mk[0] < at || mk[1] > end) { return; }
      if (mk[0] > at) { pieces.push([text.slice(at, mk[0]), false]); }
      pieces.push([text.slice(mk[0], mk[1]), true]);
      at = mk[1];
    });
    if (at < end) { pieces.push([text.slice(at, end), false]); }
    if (start > 0) { pieces.unshift(['… ', false]); }
    if (end < text.length) { pieces.push([' …', false]); }
    return pieces;
  }

  var api = { FORMAT_VERSION: FORMAT_VERSION, fold: fold, base: base, queryWords: queryWords,
    oneEdit: oneEdit, createSearcher: createSearcher, snippet: snippet };

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.planpressSearch = api;
  if (typeof document !== 'undefined' && document.currentScript) {
    root.planpressSearchScript = document.currentScript;
  }
})(typeof self !== 'undefined' ? self : this);
