/* planpress: client-side search over the index the build writes (/sok/index.json).
 *
 * Text is treated exactly as the build treats it (src/indexes/search.rs): folded to lower
 * case without accents except on å, ä and ö; split into words of letters and digits, two
 * or more, no stopwords; stemmed with the Snowball Swedish stemmer. A query word matches an
 * index term exactly (score 3), as a prefix (2, three letters or more) or inside it (1,
 * five letters or more: "förening" finds "partiförening"). Every query word must match;
 * items come before whole documents.
 *
 * Works in browsers (the search page) and in node (module.exports), where the tests use it. */
(function (root) {
  'use strict';

  var VOWELS = 'aeiouyäåö';
  var S_ENDINGS = 'bcdfghjklmnoprtvy';
  // Snowball Swedish, step 1 suffixes, longest first ("s" is conditional).
  var MAIN_SUFFIXES = ['heterna', 'hetens', 'anden', 'andes', 'andet', 'arens', 'arnas', 'ernas', 'heten', 'heter',
    'ornas', 'ades', 'ande', 'aren', 'arna', 'arne', 'aste', 'erna', 'erns', 'orna', 'ade', 'are', 'ast', 'ens',
    'ern', 'het', 'ad', 'ar', 'as', 'at', 'en', 'er', 'es', 'or', 'a', 'e', 's'];
  var CONSONANT_PAIRS = ['dd', 'gd', 'nn', 'dt', 'gt', 'kt', 'tt'];
  var OTHER_SUFFIXES = ['fullt', 'löst', 'lig', 'els', 'ig'];

  function isVowel(c) { return VOWELS.indexOf(c) >= 0; }

  /* R1: after the first non-vowel that follows a vowel, but at least three letters in. */
  function regionR1(word) {
    var chars = Array.from(word);
    if (chars.length < 3) { return chars.length; }
    var i = 0;
    while (i < chars.length && !isVowel(chars[i])) { i++; }
    while (i < chars.length && isVowel(chars[i])) { i++; }
    if (i >= chars.length) { return chars.length; }
    return Math.max(i + 1, 3);
  }

  function stem(word) {
    var chars = Array.from(word);
    var p1 = regionR1(word);
    var i, suffix, s;
    s = chars.join('');
    for (i = 0; i < MAIN_SUFFIXES.length; i++) {
      suffix = MAIN_SUFFIXES[i];
      if (endsIn(chars, suffix, p1)) {
        if (suffix === 's') {
          var before = chars[chars.length - 2];
          if (before !== undefined && S_ENDINGS.indexOf(before) >= 0) { chars = chars.slice(0, -1); }
        } else {
          chars = chars.slice(0, chars.length - Array.from(suffix).length);
        }
        break;
      }
    }
    for (i = 0; i < CONSONANT_PAIRS.length; i++) {
      if (endsIn(chars, CONSONANT_PAIRS[i], p1)) { chars = chars.slice(0, -1); break; }
    }
    for (i = 0; i < OTHER_SUFFIXES.length; i++) {
      suffix = OTHER_SUFFIXES[i];
      if (endsIn(chars, suffix, p1)) {
        chars = chars.slice(0, chars.length - Array.from(suffix).length);
        if (suffix === 'fullt') { chars = chars.concat(['f', 'u', 'l', 'l']); }
        if (suffix === 'löst') { chars = chars.concat(['l', 'ö', 's']); }
        break;
      }
    }
    s = chars.join('');
    return s;
  }

  /* Whether `chars` ends in `suffix` and the suffix lies within R1 (starts at p1 or later). */
  function endsIn(chars, suffix, p1) {
    var suffixChars = Array.from(suffix);
    var start = chars.length - suffixChars.length;
    if (start < p1 || start < 0) { return false; }
    for (var i = 0; i < suffixChars.length; i++) {
      if (chars[start + i] !== suffixChars[i]) { return false; }
    }
    return true;
  }

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

  function tokenize(text, stop) {
    var words = fold(text).match(/[\p{L}\p{N}]+/gu) || [];
    return words.filter(function (w) { return Array.from(w).length >= 2 && stop.indexOf(w) < 0; });
  }

  function terms(text, stop) {
    return tokenize(text, stop).map(stem);
  }

  function weight(query, term) {
    var length = Array.from(query).length;
    if (term === query) { return 3; }
    if (length >= 3 && term.indexOf(query) === 0) { return 2; }
    if (length >= 5 && term.indexOf(query) >= 0) { return 1; }
    return 0;
  }

  /* Item numbers, best first, as SearchIndex::search in Rust. */
  function searchNumbers(index, query) {
    var queryTerms = terms(query, index.stop);
    if (queryTerms.length === 0) { return []; }
    var keys = Object.keys(index.terms);
    var scores = new Map();
    queryTerms.forEach(function (queryTerm, n) {
      var best = new Map();
      keys.forEach(function (term) {
        var w = weight(queryTerm, term);
        if (w === 0) { return; }
        // Each list is written as its first item number and then the gap to each next one.
        var item = 0;
        index.terms[term].forEach(function (gap) {
          item += gap;
          if ((best.get(item) || 0) < w) { best.set(item, w); }
        });
      });
      best.forEach(function (w, item) {
        var score = scores.get(item) || [0, 0];
        if (score[0] === n) { scores.set(item, [n + 1, score[1] + w]); }
      });
    });
    var results = [];
    scores.forEach(function (score, item) {
      if (score[0] === queryTerms.length) { results.push([item, score[1]]); }
    });
    // Items before whole documents (whose full text matches almost anything), then by score.
    var isDocument = function (n) { return index.items[n][2] === 'd' ? 1 : 0; };
    results.sort(function (a, b) { return isDocument(a[0]) - isDocument(b[0]) || b[1] - a[1] || a[0] - b[0]; });
    return results.map(function (r) { return r[0]; });
  }

  function search(index, query) {
    return searchNumbers(index, query).map(function (number) {
      var item = index.items[number];
      var doc = index.docs[item[0]];
      return {
        number: number,
        url: doc[0] + (item[1] ? '#' + item[1] : ''),
        kind: index.kinds[item[2]] || item[2],
        document: doc[1],
        snippet: item[3]
      };
    });
  }

  /* The index format this script reads (FORMAT_VERSION in src/indexes/search.rs). */
  var FORMAT_VERSION = 2;

  var api = { FORMAT_VERSION: FORMAT_VERSION, fold: fold, tokenize: tokenize, stem: stem, terms: terms, search: search, searchNumbers: searchNumbers };

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = api;
    return;
  }
  root.planpressSearch = api;

  /* The search page. */
  var script = document.currentScript;
  var indexUrl = script && script.getAttribute('data-index');
  var input = document.getElementById('search-query');
  var list = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  if (!indexUrl || !input || !list || !status) { return; }
  var loaded = null;

  function load() {
    if (!loaded) {
      status.textContent = status.dataset.loading;
      // An index cached from before the site was rebuilt may be of another format than this
      // script: fetched once more past the cache, and refused if it still is.
      var fetchIndex = function (options) {
        return fetch(indexUrl, options).then(function (r) {
          if (!r.ok) { throw new Error(r.status); }
          return r.json();
        });
      };
      loaded = fetchIndex({}).then(function (index) {
        return index.v === FORMAT_VERSION ? index : fetchIndex({ cache: 'reload' });
      }).then(function (index) {
        if (index.v !== FORMAT_VERSION) { throw new Error('index format ' + index.v); }
        return index;
      }).catch(function (error) {
        loaded = null; // the next query tries again
        throw error;
      });
    }
    return loaded;
  }

  function render(index, query) {
    list.textContent = '';
    if (!query.trim()) { status.textContent = ''; return; }
    var results = search(index, query);
    status.textContent = results.length ? results.length + ' ' + status.dataset.hits + ' "' + query + '"'
      : status.dataset.noHits + ' "' + query + '"';
    results.slice(0, 100).forEach(function (r) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = r.url;
      a.textContent = r.kind.charAt(0).toUpperCase() + r.kind.slice(1) + ' – ' + r.document;
      var p = document.createElement('p');
      p.textContent = r.snippet;
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
  }

  function run() {
    var query = input.value;
    load().then(function (index) { render(index, query); }, function () { status.textContent = status.dataset.error; });
  }

  var params = new URLSearchParams(window.location.search);
  if (params.get('q')) { input.value = params.get('q'); run(); }
  var timer = null;
  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      run();
      var url = new URL(window.location.href);
      if (input.value) { url.searchParams.set('q', input.value); } else { url.searchParams.delete('q'); }
      window.history.replaceState(null, '', url);
    }, 150);
  });
  input.form.addEventListener('submit', function (event) { event.preventDefault(); run(); });
})(typeof self !== 'undefined' ? self : this);
