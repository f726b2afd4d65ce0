/* planpress: client-side search over the sharded index the build writes (/sok/, format 4;
 * docs/INDEXES.md and src/indexes/search/files.rs describe the files).
 *
 * This script never stems: each shard maps the site's words, folded as the build folds them,
 * to their terms (the build stems with rust-stemmers and joins umlaut plurals), so a query
 * word is looked up. Words are filed under their key without å/ä/ö, so "jamlikhet" finds
 * "jämlikhet", with the exact spelling ranked first, and "jaemlikhet" ("ae", "oe", "aa" for
 * ä, ö, å) too. A word matches as written (1), with other diacritics (0.9), through the
 * build's stem of a longer form (0.7), as a prefix while typing (0.6, three letters or more),
 * with one typo (0.4, five letters or more), and the compounds it ends ("förening" →
 * "partiföreningarna") at 0.8 of that (half the score); an inflected form the words its stem begins (0.35:
 * "klimatet" → "klimatfrågan"); a verb's past form the site lacks the words of its build term
 * (0.9: "läckte" → "läcker"). Two neighbouring words are looked up joined too
 * ("studie cirkel"), and a word that matches nothing split in two ("erfarenhetsutbyte"), as
 * one typed alone with few results is after them ("ordförandeträffar").
 * Every word must match; the BM25 scores the build wrote are summed; ties go to the lower
 * item number, the newer document.
 *
 * Works in browsers (the search page, after search_lib.js) and in node (module.exports),
 * where the tests use it. */
(function (root) {
  'use strict';

  // The pure pieces (search_lib.js), loaded before this script on the page.
  var lib = typeof module !== 'undefined' && module.exports ? require('./search_lib.js') : root.planpressSearchLib;
  var fold = lib.fold, base = lib.base, transliterated = lib.transliterated;
  var queryWords = lib.queryWords, oneEdit = lib.oneEdit, shared = lib.shared;
  var decodePostings = lib.decodePostings;
  var withDocuments = lib.withDocuments, organizationWords = lib.organizationWords;
  var both = lib.both, doubled = lib.doubled, either = lib.either, someWords = lib.someWords;
  var snippet = lib.snippet, STEM_PREFIX = lib.STEM_PREFIX;

  /* The index format this script reads (FORMAT_VERSION in src/indexes/search/mod.rs). */
  var FORMAT_VERSION = 4;
  // Shards fetched per query word for its weaker matches' postings, beyond its own.
  var EXTRA_SHARDS = 2;

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
    // The items' label words' keys (lib.labelKeys), from the entry file.
    var labelled = null;
    var manifest = load('index.json').then(function (m) {
      if (m.v !== FORMAT_VERSION) { throw new Error('index format ' + m.v); }
      build = m.build || '';
      labelled = lib.labelKeys(m.labels);
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
          // The items' label words ("mål3") apart: matched only as typed, they are no
          // prefix, stem, typo or compound of another word.
          s.byBase = [];
          s.labels = new Map();
          s.w.forEach(function (entry) {
            var key = base(entry[0]);
            if (labelled && labelled.test(key)) { s.labels.set(key, entry); }
            else { s.byBase.push([key, entry]); }
          });
        }
        return s;
      });
    }

    /* term → factor for one query word. Besides its terms the map carries `surfaces`, the
     * site's words that matched (the snippets mark them), and `words`, each such word with its
     * factor (organisation names are looked up in them). A word typed with "aa", "ae" or "oe"
     * for å, ä or ö is looked up both ways; when only the transliterated key is a word of the
     * site, its matches alone count. `strict` leaves out the typo matches (for words the query
     * did not type as such: two words joined). */
    function matchWord(m, word, strict) {
      var spelt = transliterated(word);
      return Promise.all([
        matchKey(m, word, base(word), strict),
        spelt ? matchKey(m, word, spelt, strict) : null
      ]).then(function (both) {
        var typed = both[0], other = both[1];
        if (!other || !other.size) { return typed; }
        if (other.exact && !typed.exact) { return other; }
        other.forEach(function (f, term) { if ((typed.get(term) || 0) < f) { typed.set(term, f); } });
        typed.surfaces = typed.surfaces.concat(other.surfaces);
        typed.terms = typed.terms.concat(other.terms);
        var local = new Set();
        typed.local.forEach(function (t) { if (typed.get(t) <= STEM_PREFIX) { local.add(t); } });
        other.local.forEach(function (t) { if (typed.get(t) <= STEM_PREFIX) { local.add(t); } });
        typed.local = local;
        other.strong.forEach(function (t) { typed.strong.add(t); });
        other.words.forEach(function (f, w) { if ((typed.words.get(w) || 0) < f) { typed.words.set(w, f); } });
        return typed;
      });
    }

    /* The shards next to those of `key` (`numbers`) that a word one typo from it may lie in: a
     * typo after the first two letters moves a word in the order, across a shard's first key
     * when key and that first key share those letters ("partiförenign" sorts before
     * "partiförening", which starts a shard). Looked in only when the word's own shards hold
     * no match but weak ones (the query less a few letters). */
    function neighbours(m, key, numbers) {
      var first = numbers[0], last = numbers[numbers.length - 1], near = [];
      if (first > 0 && shared(key, m.shards[first]) >= 2) { near.push(first - 1); }
      if (last + 1 < m.shards.length && shared(key, m.shards[last + 1]) >= 2) { near.push(last + 1); }
      return near;
    }

    /* The length from which a word may have two typos: "kommunikasjonsplanen" (two
     * letters wrong) found nothing. Shorter words two edits apart are often other words. */
    var TWO_TYPOS_FROM = 10;

    /* matchWord for one key of the word: its shards' words sorted by how they match
     * (search_lib's wordMatcher), the stem's shards for a form the site lacks, typos. */
    function matchKey(m, word, key, strict) {
      var match = lib.wordMatcher(word, key, strict);
      if (labelled && labelled.test(key)) {
        return shard(shardNumber(m, key)).then(function (s) {
          var entry = s.labels.get(key);
          match.scan({ byBase: entry ? [[key, entry]] : [] });
          return match.factors([]);
        });
      }
      var found = match.found, stemPrefix = match.stemPrefix;
      var numbers = shardsFor(m, key);
      var typos = [];
      var scanned = [];
      var typoOf = function (s) {
        scanned.push(s);
        s.byBase.forEach(function (pair) { if (oneEdit(pair[0], key)) { typos.push(pair[1]); } });
      };
      // Two typos, in a word of TWO_TYPOS_FROM letters or more that one typo does not
      // reach, in the shards looked in for one.
      var twoTyposOf = function () {
        if (typos.length || Array.from(key).length < TWO_TYPOS_FROM) { return; }
        scanned.forEach(function (s) {
          s.byBase.forEach(function (pair) { if (lib.twoEdits(pair[0], key)) { typos.push(pair[1]); } });
        });
      };
      return Promise.all(numbers.map(shard)).then(function (shards) {
        shards.forEach(match.scan);
        // The stem's own shards are fetched only for a form the site does not have
        // ("klimatet"): a word of the site finds its stem's compounds in its own shards; a
        // past form ("läckte") its present forms ("läcker") in its shortest stem's.
        var shortest = match.past[match.past.length - 1];
        var stems = [stemPrefix, shortest].filter(Boolean);
        var more = found.exact.length ? [] : stems.reduce(function (list, stem) {
          return list.concat(shardsFor(m, stem).filter(function (n) {
            return numbers.indexOf(n) < 0 && list.indexOf(n) < 0;
          }));
        }, []);
        return Promise.all(more.map(shard)).then(function (extra) {
          extra.forEach(match.scan);
          return shards.concat(extra);
        });
      }).then(function (shards) {
        if (strict || found.exact.length || Array.from(key).length < 5) { return null; }
        shards.forEach(typoOf);
        // A word being typed (a prefix of words here) does not fetch more shards.
        if (typos.length || found.prefixed.length) { return null; }
        return Promise.all(neighbours(m, key, numbers).map(shard)).then(function (near) {
          near.forEach(typoOf);
          twoTyposOf();
        });
      }).then(function () { return match.factors(typos); });
    }

    /* item number → score for one query word; `surfaces` on the map as on matchWord's. A
     * word that matches nothing may be two words of the site written as one (splitWord).
     * `part`: the word is one of two (joined, or split), matched without typos and not split
     * again; `alone`: the query's only word. */
    function scoreWord(m, word, part, alone) {
      return matchWord(m, word, part).then(function (factors) {
        if (!factors.size && !part) { return splitWord(m, word); }
        return postingsScores(m, factors).then(function (scores) {
          // A word typed alone that few items have may stand written apart elsewhere
          // ("ordförandeträffar", which one text writes "ordförande träffarna"): the items
          // with its two parts follow, below those that have it whole. (A query of more
          // words lists those with fewer of its words instead.)
          if (!alone || scores.size >= FEWER_WORDS_BELOW) { return scores; }
          return splitWord(m, word).then(function (split) { return withBelow(scores, split); });
        });
      });
    }

    /* `scores` with the items of `more` it lacks, each below the lowest of its own and,
     * as a topic's, not counted as having the word itself; the parts mark nothing (the
     * word's other results marked "representanter" for "representantskapet"). */
    function withBelow(scores, more) {
      var lowest = Infinity;
      scores.forEach(function (score) { if (score < lowest) { lowest = score; } });
      more.forEach(function (score, item) {
        if (!scores.has(item)) { scores.set(item, Math.min(score, lowest * TOPIC_BELOW)); }
      });
      return scores;
    }

    /* What a topic's or organisation's item that lacks the word scores at most, as a share
     * of the lowest score of an item that has it. */
    var TOPIC_BELOW = 0.9;

    /* item number → score for the terms and factors of matchWord. */
    function postingsScores(m, factors) {
      // A term's postings are in the shard of its own key. Those of the word's exact forms
      // are always fetched; of prefixes, typos and compounds, only those in shards already
      // here or in a few more (the strongest first), so a short or common word does not
      // fetch half the index.
      var terms = Array.from(factors.keys()).sort(function (a, b) { return factors.get(b) - factors.get(a); });
      var extra = new Set();
      terms = terms.filter(function (term) {
        var n = shardNumber(m, base(term));
        if (factors.strong.has(term) || files['s/' + n + '.json'] || extra.has(n)) { return true; }
        if (factors.local.has(term)) { return false; }
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
        var direct = new Set(scores.keys());
        // A topic's label and keywords find the topic's items, through its filter file, and
        // so does an organisation's name its items ("solna ombudsman").
        var topical = [];
        factors.forEach(function (factor, term) {
          ((m.topics || {})[term] || []).forEach(function (file) { topical.push([file, factor]); });
        });
        var names = organizationWords(m);
        factors.words.forEach(function (factor, word) {
          (names.get(word) || []).forEach(function (file) { topical.push([file, factor]); });
        });
        // Below every item that has the word itself: a topic's items that never say
        // "jämställdhet" came before the plan that does, whose long text scores it low.
        var lowest = Infinity;
        scores.forEach(function (score) { if (score < lowest) { lowest = score; } });
        return Promise.all(topical.map(function (t) { return runs(t[0]); })).then(function (sets) {
          sets.forEach(function (set, n) {
            var f = topical[n][1];
            var score = Math.min(m.topicScore * f * f * f, lowest * TOPIC_BELOW);
            set.forEach(function (item) { put(item, score, 1); });
          });
          withDocuments(m, scores, direct);
          scores.surfaces = factors.surfaces;
          scores.terms = factors.terms;
          scores.direct = direct;
          return scores;
        });
      });
    }

    /* The shortest part splitWord splits off, in characters, and how many splits it tries. */
    var SPLIT_PART = 3, SPLITS = 3;

    /* A word the site writes as two ("vänsterhögerkonflikten" for "vänster-högerkonflikten",
     * "erfarenhetsutbyte", "attsatsen" for "att-satsen"): the items with both parts, split
     * after the longest first part that is a word of the site (or a stopword, which needs no
     * match) and whose rest matches. Only for a word that matched nothing, so the shards of its
     * first parts are fetched only then. */
    function splitWord(m, word) {
      var chars = Array.from(word);
      var heads = [];
      for (var n = chars.length - SPLIT_PART; n >= SPLIT_PART; n--) { heads.push(chars.slice(0, n).join('')); }
      var stopKeys = m.stop.map(base);
      var numbers = Array.from(new Set(heads.map(function (h) { return shardNumber(m, base(h)); })));
      return Promise.all(numbers.map(shard)).then(function (shards) {
        var known = new Set();
        shards.forEach(function (s) { s.byBase.forEach(function (pair) { if (pair[1][1]) { known.add(pair[0]); } }); });
        var tries = heads.filter(function (h) {
          return known.has(base(h)) || stopKeys.indexOf(base(h)) >= 0;
        }).slice(0, SPLITS);
        var empty = new Map();
        empty.surfaces = [];
        empty.terms = [];
        empty.direct = new Set();
        return tries.reduce(function (previous, head) {
          return previous.then(function (found) {
            if (found.size) { return found; }
            var stop = stopKeys.indexOf(base(head)) >= 0;
            return Promise.all([
              stop ? null : scoreWord(m, head, true),
              scoreWord(m, word.slice(head.length), true)
            ]).then(function (parts) {
              var scores = both(parts[0], parts[1]);
              scores.surfaces = parts[1].surfaces.concat(parts[0] ? parts[0].surfaces : []);
              scores.terms = parts[1].terms.concat(parts[0] ? parts[0].terms : []);
              scores.direct = new Set();
              scores.forEach(function (_, item) {
                if (parts[1].direct.has(item) && (!parts[0] || parts[0].direct.has(item))) { scores.direct.add(item); }
              });
              return scores;
            });
          });
        }, Promise.resolve(empty));
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

    /* Below this many results, a query of two words or more also lists, after them, the
     * items with all its words but one, then (still below) all but two, and so on: a
     * question or a half-remembered sentence has words its passage does not ("vad tycker
     * vänsterpartiet om hyror": §9 never says "tycker"; "hur ofta kommer medlemsbladet":
     * the activity says neither "ofta" nor "kommer"; "vänsterpartiet ledarutbildning": the
     * party's commitment does not name the party). */
    var FEWER_WORDS_BELOW = 10;

    /* Whether a query word may be joined to its neighbour: a word of letters, not a number
     * or a motion reference. */
    function joinable(word) { return !/[\p{N}:]/u.test(word); }

    /* Item numbers, best first, for `query` within `filters` ({org, kind, item, topic});
     * its `all` first have every word, the rest fewer (FEWER_WORDS_BELOW). */
    function search(query, filters) {
      return manifest.then(function (m) {
        var words = queryWords(query, m.stop, m.labels);
        if (!words.length) { return []; }
        var active = Object.keys(filters || {}).filter(function (f) { return filters[f]; });
        // Two neighbouring words may be one word of the site written apart ("studie cirkel",
        // "folk rörelse"): each pair is looked up joined too, as one word in their place.
        var joined = words.slice(1).map(function (w, n) {
          return joinable(words[n]) && joinable(w) ? words[n] + w : null;
        });
        return Promise.all([
          Promise.all(words.map(function (w) { return scoreWord(m, w, false, words.length === 1); })),
          Promise.all(joined.map(function (w) { return w ? scoreWord(m, w, true) : null; })),
          Promise.all(active.map(function (f) { return filterSet(m, f, filters[f]); }))
        ]).then(function (all) {
          var perWord = all[0], perPair = all[1], sets = all[2];
          // best[n]: the items matching the first n words, each word alone or joined to the
          // one before, with their best score. A joined pair's score counts twice, for the
          // two words it stands for.
          var best = [null, perWord[0]];
          for (var n = 2; n <= words.length; n++) {
            var apart = both(best[n - 1], perWord[n - 1]);
            var pair = perPair[n - 2];
            best.push(pair && pair.size ? either(apart, both(best[n - 2], doubled(pair))) : apart);
          }
          // The items with more of the words themselves first (not only through a topic or
          // an organisation): "folk rörelse" listed items saying "rörelser", of the topic whose
          // keyword is "folkrörelse", before the strategy that says "folkrörelse".
          var filtered = function (scores) {
            var results = [];
            scores.forEach(function (score, item) {
              for (var f = 0; f < sets.length; f++) { if (!sets[f].has(item)) { return; } }
              results.push([item, score, lib.ownWords(item, perWord, perPair)]);
            });
            return results.sort(function (a, b) { return b[2] - a[2] || b[1] - a[1] || a[0] - b[0]; });
          };
          var results = filtered(best[words.length]);
          // How many have every word: the page counts them apart from those with fewer.
          var all = results.length;
          if (results.length < FEWER_WORDS_BELOW && words.length >= 2) {
            var byCount = someWords(perWord, best[words.length]);
            for (var k = words.length - 1; k >= 1 && results.length < FEWER_WORDS_BELOW; k--) {
              results = results.concat(filtered(byCount[k]));
            }
          }
          var found = results.map(function (r) { return r[0]; });
          found.all = all;
          found.count = words.length;
          // Per query word (and pair written apart), what marks it in a snippet: the word
          // typed, the site's words that matched it, and its strong matches' terms.
          found.words = words.map(function (w, n) {
            return { w: w, s: perWord[n].surfaces, t: perWord[n].terms };
          }).concat(perPair.map(function (pair, n) {
            return pair && pair.size ? { w: joined[n], s: pair.surfaces, t: pair.terms, p: true } : null;
          }).filter(Boolean));
          // Per entry of `words`, the query words it stands for: a pair both of its own.
          found.covers = words.map(function (w, n) { return [n]; }).concat(perPair.map(function (pair, n) {
            return pair && pair.size ? [n, n + 1] : null;
          }).filter(Boolean));
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
      return manifest.then(function (m) { return queryWords(q, m.stop, m.labels); });
    } };
  }

  var api = { FORMAT_VERSION: FORMAT_VERSION, fold: fold, base: base, queryWords: queryWords,
    oneEdit: oneEdit, createSearcher: createSearcher, snippet: snippet, labelShown: lib.labelShown,
    wordsIn: lib.wordsIn };

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.planpressSearch = api;
  if (typeof document !== 'undefined' && document.currentScript) {
    root.planpressSearchScript = document.currentScript;
  }
})(typeof self !== 'undefined' ? self : this);
