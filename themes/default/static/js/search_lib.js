/* planpress: the pure functions of the search, which search.js puts together: a query's
 * words (folded, keyed without å/ä/ö, "ae"/"oe"/"aa" read as ä/ö/å, stopwords left out),
 * one typo, the postings' and the entry file's numbers, the sums of item scores, and a
 * snippet's marks. Nothing here fetches a file.
 *
 * Loaded before search.js in browsers (the search page); required by it in node (module.exports),
 * where the tests use them. */
(function (root) {
  'use strict';

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
  /* Adds to `scores` (item → score) the documents of the items in it, and to `direct` (the
   * items with the word itself, if given) the documents of those. */
  function withDocuments(m, scores, direct) {
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
      // A document has the word itself when one of its parts has.
      if (direct && doc !== item && direct.has(item)) { direct.add(doc); }
    });
    found.forEach(function (score, doc) {
      if ((scores.get(doc) || 0) < score) { scores.set(doc, score); }
    });
  }

  function base(word) { return word.replace(/[åä]/g, 'a').replace(/ö/g, 'o'); }

  /* A word typed on a keyboard without å, ä and ö, spelt as such keyboards do ("aa" for å,
   * "ae" for ä, "oe" for ö: "aarsmoete", "jaemlikhet"), as a key; null when it has none of
   * them, or has å, ä or ö itself. */
  function transliterated(word) {
    if (/[åäö]/.test(word) || !/aa|ae|oe/.test(word)) { return null; }
    return word.replace(/aa|ae/g, 'a').replace(/oe/g, 'o');
  }

  /* A word: letters and digits, a motion reference's number after a colon ("e11:2"), or
   * a number with its decimals ("8,6", "9.5"), as the build reads them. */
  var WORD = /[0-9]+(?:[.,][0-9]+)+|[\p{L}\p{N}]+(?::[\p{N}]+)?/gu;

  /* A word as the build posts it: a number's decimal point as a comma. */
  function decimalComma(word) {
    return /^[0-9]+(?:[.,][0-9]+)+$/.test(word) ? word.replace(/\./g, ',') : word;
  }
  /* A paragraph's number after "§": the build posts each numbered paragraph's number, one
   * digit too. */
  var PARAGRAPH = /§\s*(\p{N}+)/gu;

  /* The most words a kind's label is typed as ("mål", "key goal"). */
  var LABEL_WORDS = 3;
  /* An item's label typed as its page shows it, kind and number ("mål 3", "Mål 3 ·
   * Medlemsvård", "mal 3"), as one word: the build posts each item's kind word and number
   * as the word `mål3` (LabelWords in src/indexes/search/mod.rs), the kind words being the
   * entry file's `labels`, folded, letters and digits only. The number alone was a short
   * word left out, and the kind word found every goal. */
  function withLabels(words, labels) {
    if (!labels || !labels.length) { return words; }
    var keys = labels.map(base);
    var out = [];
    for (var i = 0; i < words.length; i++) {
      var joined = '', label = -1, n = 1;
      for (; n <= LABEL_WORDS && i + n < words.length; n++) {
        joined += words[i + n - 1];
        var key = base(joined);
        label = keys.indexOf(key);
        if (label < 0) { label = keys.indexOf(transliterated(joined)); }
        if (label >= 0) { break; }
      }
      if (label >= 0 && /^\p{N}+$/u.test(words[i + n])) {
        out.push(labels[label] + words[i + n]);
        i += n;
      } else {
        out.push(words[i]);
      }
    }
    return out;
  }

  /* Which keys are items' label words (`mal3` of "mål3", keyed without å/ä/ö): found only
   * as typed. As prefixes, "akti" listed aktivitet1…aktivitet40 in the place of the words
   * it begins, and "mål" every goal. */
  function labelKeys(labels) {
    if (!labels || !labels.length) { return null; }
    var escaped = labels.map(function (l) { return base(l).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); });
    return new RegExp('^(?:' + escaped.join('|') + ')\\p{N}+$', 'u');
  }

  /* The query's words: folded, two characters or more (or a paragraph's number), no
   * stopwords. A word typed without å/ä/ö is a stopword when it is one without them: "pa"
   * and "for" are "på" and "för" on a phone, and left in they must match (by prefix "for"
   * matches "form", "forum"). */
  function queryWords(text, stop, labels) {
    var folded = fold(text);
    var words = withLabels((folded.match(WORD) || []).map(decimalComma), labels);
    var numbers = Array.from(folded.matchAll(PARAGRAPH), function (m) { return m[1]; });
    var seen = {};
    var stopKeys = stop.map(base);
    return words.filter(function (w) {
      var plain = !/[åäö]/.test(w);
      var stopword = stop.indexOf(w) >= 0 || (plain && stopKeys.indexOf(w) >= 0) ||
        stopKeys.indexOf(transliterated(w)) >= 0;
      var short = Array.from(w).length < 2 && numbers.indexOf(w) < 0;
      if (short || stopword || seen[w]) { return false; }
      seen[w] = true;
      return true;
    });
  }

  /* The most words a query word's prefix or stem finds. */
  var PREFIX_WORDS = 40;
  /* The factor of a word the query word's stem begins ("klimatfrågan" for "klimatet"): the
   * factor of a stemmed word's compounds, below a prefix typed (0.6). */
  var STEM_PREFIX = 0.35;

  /* How one key of a query word matches the words of the shards it scans (`scan`, a shard's
   * `byBase` pairs), and the terms it finds with their factors (`factors`, with its typos:
   * search.js's matchKey fetches the shards). */
  function wordMatcher(word, key, strict) {
    var length = Array.from(key).length;
    // A singular's final vowel ("hyra", "pojke") is not in its plural ("hyror", "pojkar"):
    // without it the word is looked for as a prefix too; so is a definite singular's
    // ("hyran", "skolan").
    var stem = lightStem(key);
    var singular = /[aeo]$/.test(key) ? key : stem;
    var stemKey = Array.from(singular).length >= 4 && /[aeo]$/.test(singular) ? singular.slice(0, -1) : null;
    // An inflected form ("klimatet", "styrelsen") reaches, below its exact forms, the
    // compounds its stem begins ("klimatfrågan", "styrelseledamot"), as the base form does
    // by being typed.
    var stemPrefix = !strict && stem !== key && stem.length >= 4 && stem !== stemKey ? stem : null;
    var found = { exact: [], prefixed: [], stemmed: null, unvoweled: [], begun: [], stemIsWord: false, sameTerm: [] };
    var past = strict ? [] : pastStems(key);
    var scan = function (s) {
      s.byBase.forEach(function (pair) {
        var b = pair[0], entry = pair[1];
        if (b === stemPrefix) { found.stemIsWord = true; }
        if (past.length && entry[1] && past.indexOf(base(entry[1])) >= 0) { found.sameTerm.push(entry); }
        if (b === key) { found.exact.push(entry); }
        else if (length >= 3 && b.indexOf(key) === 0) { found.prefixed.push(entry); }
        else if (stemKey && b.indexOf(stemKey) === 0 && b.length <= key.length + 3) { found.unvoweled.push(entry); }
        else if (length >= 5 && key.indexOf(b) === 0 && b.length >= Math.max(4, key.length - 4)) {
          if (!found.stemmed || b.length > base(found.stemmed[0]).length) { found.stemmed = entry; }
        }
        else if (stemPrefix && b.indexOf(stemPrefix) === 0) { found.begun.push(entry); }
      });
    };
    return { found: found, stemPrefix: stemPrefix, past: past, scan: scan, factors: function (typos) {
      return matchFactors(found, word, key, stemPrefix, typos);
    } };
  }

  /* The factor of a compound a matched word ends, as a share of the word's: cubed in the
   * score, about half (0.8³ = 0.51). At 0.5 (an eighth of the score) "Erbjud dem våra
   * möteslokaler" came 14th for "lokalerna", below every item that says "lokala", which
   * Snowball stems with "lokaler". */
  var COMPOUND = 0.8;
  /* The factor from which a matched word's own term is strong: its postings are always
   * fetched and its forms marked in snippets. */
  var STRONG = 0.7;

  /* term → factor of what wordMatcher found, with `surfaces` (the site's words that matched,
   * which the snippets mark), `terms` (the strong matches' and the typos' terms, whose forms
   * the snippets mark), `words` (each matched word with its factor: organisation names are
   * looked up in them), `exact`, `strong` (the terms of words matched at STRONG or more,
   * not of the compounds they end), and `local` (the terms only the stem's compounds reach,
   * read only from shards fetched anyway). */
  function matchFactors(found, word, key, stemPrefix, typos) {
    var factors = new Map();
    var surfaces = [], terms = [], words = new Map(), local = new Set(), strong = new Set();
    var add = function (entry, factor) {
      var put = function (term, f) { if ((factors.get(term) || 0) < f) { factors.set(term, f); } };
      surfaces.push(entry[0]);
      if ((words.get(entry[0]) || 0) < factor) { words.set(entry[0], factor); }
      // A word that is only the last part of compounds ("fonden") has no term of its own.
      if (entry[1]) {
        put(entry[1], factor);
        if (factor >= STRONG) { strong.add(entry[1]); }
      }
      for (var i = 2; i < entry.length; i++) { put(entry[i], factor * COMPOUND); }
    };
    var shortest = function (list) { return list.sort(function (a, b) { return a[0].length - b[0].length; }).slice(0, PREFIX_WORDS); };
    found.exact.forEach(function (entry) { add(entry, entry[0] === word ? 1 : 0.9); });
    shortest(found.prefixed).forEach(function (entry) { add(entry, 0.6); });
    // The query less three or four letters is often another word ("stor" of "stormote",
    // whose "stormöten" the vowel rule finds): below a prefix's or that rule's match.
    var stemmed = found.stemmed;
    if (stemmed) { add(stemmed, stemmedFactor(key, stemmed)); }
    found.unvoweled.forEach(function (entry) { add(entry, 0.7); });
    // A verb's past form the site does not have ("läckte", "drabbades") is the word whose
    // build term is its stem ("läcker", "drabbas"): another form of it, as another spelling.
    if (!found.exact.length) { found.sameTerm.forEach(function (entry) { add(entry, SAME_TERM); }); }
    // A stem of four letters begins too many other words ("medi" of "medier": "medicin")
    // unless it is a word of the site itself ("fack" of "facket").
    if (stemPrefix && (Array.from(stemPrefix).length >= 5 || found.stemIsWord)) {
      shortest(found.begun).forEach(function (entry) {
        add(entry, STEM_PREFIX);
        for (var i = 1; i < entry.length; i++) { if (entry[i]) { local.add(entry[i]); } }
      });
    }
    typos.forEach(function (entry) {
      add(entry, 0.4);
      // The word meant's other forms are marked too ("flygbladsutdelning" for
      // "flygbladsutdelnigar", a typo of "flygbladsutdelningar").
      if (entry[1] && entry[1].length >= 4) { terms.push(entry[1]); }
    });
    // The strong matches' terms too, so a snippet marks the other forms of the word
    // ("studiecirklar" for "studiecirkel", whose term is "studiecirkl").
    strong.forEach(function (term) { if (term.length >= 4) { terms.push(term); } });
    factors.surfaces = surfaces;
    factors.terms = terms;
    factors.local = new Set(Array.from(local).filter(function (t) { return factors.get(t) <= STEM_PREFIX; }));
    factors.words = words;
    factors.strong = strong;
    factors.exact = found.exact.length > 0;
    return factors;
  }

  /* The factor of a site word the query word (`key`) begins and is at most four letters
   * longer than: another form of it (0.9, as another spelling) when the rest is an
   * inflectional ending and the word's build term begins the query ("medlemsbladet" of
   * "medlemsblad", "lokalerna" of "lokaler", term "lokal"); else 0.7 when two letters or fewer
   * are left, 0.55 for three or four ("stor" of "stormote" is another word). */
  function stemmedFactor(key, entry) {
    var b = base(entry[0]);
    var rest = key.slice(b.length);
    var term = entry[1] ? base(entry[1]) : '';
    if (term && key.indexOf(term) === 0 && ENDINGS.indexOf(rest) >= 0) { return 0.9; }
    return rest.length <= 2 ? 0.7 : 0.55;
  }

  /* The factor of a site word whose build term is the stem of a verb form typed. */
  var SAME_TERM = 0.9;
  /* A weak verb's past tense, supine and participle endings, passive too: "läckte",
   * "drabbades", "organiserat", "stängdes". Snowball, which made the site's terms, stems the
   * forms the site has ("läcker", "drabbas") and leaves these to the letters left. */
  var PAST_ENDINGS = ['ades', 'ade', 'ad', 'ats', 'at', 'des', 'tes', 'de', 'te', 'ds', 'ts', 'd', 't'];
  /* The shortest stem of a past form, in letters ("väx" of "växte"). */
  var PAST_STEM_LETTERS = 3;

  /* The stems `key` (a base) may be a past form of, longest first, each of three letters
   * or more: the build term its present forms would have. */
  function pastStems(key) {
    var chars = Array.from(key);
    return PAST_ENDINGS.filter(function (ending) {
      return key.slice(-ending.length) === ending && chars.length - ending.length >= PAST_STEM_LETTERS;
    }).sort(function (a, b) { return a.length - b.length; })
      .map(function (ending) { return key.slice(0, key.length - ending.length); });
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

  /* Whether `a` and `b` differ by two edits at most (each an insertion, deletion,
   * substitution or swap of neighbours): a long word typed with two typos
   * ("kommunikasjonsplanen", "distrktsstyrlesen"). Rows of the edit distance, given up
   * when a row has nothing under three. */
  function twoEdits(a, b) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 2) { return false; }
    var before = null, prev = [], cur, i, j;
    for (j = 0; j <= lb; j++) { prev.push(j); }
    for (i = 1; i <= la; i++) {
      cur = [i];
      var low = i;
      for (j = 1; j <= lb; j++) {
        var v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (before && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) { v = Math.min(v, before[j - 2] + 1); }
        cur.push(v);
        low = Math.min(low, v);
      }
      if (low > 2) { return false; }
      before = prev;
      prev = cur;
    }
    return prev[lb] <= 2;
  }

  /* The length of the prefix `a` and `b` share. */
  function shared(a, b) {
    var n = 0;
    while (n < a.length && n < b.length && a[n] === b[n]) { n++; }
    return n;
  }

  /* Each word of the organisations' names (as folded) with the filter files of the
   * organisations it names; a word of every name ("vänsterpartiet") names none. */
  function organizationWords(m) {
    if (!m.organizationWords) {
      var named = new Map();
      var orgs = (m.filters && m.filters.org) || [];
      orgs.forEach(function (org) {
        new Set(fold(org[2]).match(WORD) || []).forEach(function (w) {
          if (!named.has(w)) { named.set(w, []); }
          named.get(w).push(org[1]);
        });
      });
      named.forEach(function (files, w) { if (orgs.length > 1 && files.length === orgs.length) { named.delete(w); } });
      m.organizationWords = named;
    }
    return m.organizationWords;
  }

  /* Items in both `a` and `b`, with the sum of their scores; `a` null stands for every item
   * at 0 (the start of a query). */
  function both(a, b) {
    if (!a) { return b; }
    var out = new Map();
    var small = a.size <= b.size ? a : b, large = small === a ? b : a;
    small.forEach(function (score, item) {
      var other = large.get(item);
      if (other !== undefined) { out.set(item, score + other); }
    });
    return out;
  }

  /* `scores` with every score doubled. */
  function doubled(scores) {
    var out = new Map();
    scores.forEach(function (score, item) { out.set(item, 2 * score); });
    return out;
  }

  /* The better score of each item in `a` or `b`. */
  function either(a, b) {
    var out = new Map(a);
    b.forEach(function (score, item) { if ((out.get(item) || 0) < score) { out.set(item, score); } });
    return out;
  }

  /* The items with some of the words of `perWord`, less those of `all`, by how many words
   * they have: `byCount[k]` maps each item with k of them to the sum of their scores. */
  function someWords(perWord, all) {
    var found = new Map();
    perWord.forEach(function (word) {
      word.forEach(function (score, item) {
        if (all.has(item)) { return; }
        var seen = found.get(item);
        if (seen) { seen[0] += 1; seen[1] += score; } else { found.set(item, [1, score]); }
      });
    });
    var byCount = perWord.map(function () { return new Map(); });
    found.forEach(function (seen, item) { byCount[seen[0]].set(item, seen[1]); });
    return byCount;
  }

  /* How many of a query's words `item` has itself, not only through a topic or organisation
   * (`direct` of each word's scores; a joined pair's counts for both of its words). */
  function ownWords(item, perWord, perPair) {
    var count = 0;
    perWord.forEach(function (scores, n) {
      var pairs = [perPair[n - 1], perPair[n]];
      if (scores.direct.has(item) || pairs.some(function (p) { return p && p.direct.has(item); })) { count++; }
    });
    return count;
  }

  /* Swedish inflectional endings, longest first: what lightStem takes off a word. */
  var ENDINGS = ['arnas', 'ernas', 'ornas', 'arna', 'erna', 'orna', 'ande', 'ende', 'aren', 'arens',
    'ens', 'ets', 'ars', 'ers', 'ors', 'ade', 'ar', 'er', 'or', 'en', 'et', 'na', 'as', 'es', 'an',
    'a', 'e', 's', 'n', 't'].sort(function (a, b) { return b.length - a.length; });
  /* The shortest stem lightStem leaves, in letters. */
  var STEM_LETTERS = 4;

  /* `key` (a base) less its inflectional ending and a doubled final m ("klimatet" →
   * "klimat", "styrelsen" → "styrels", "medlemmarna" → "medlem", "facket" → "fack"): the
   * part a word's other forms and the compounds it begins share. No shorter than
   * STEM_LETTERS; the key itself when nothing comes off. */
  function lightStem(key) {
    var chars = Array.from(key);
    for (var e = 0; e < ENDINGS.length; e++) {
      var ending = ENDINGS[e];
      if (chars.length - ending.length >= STEM_LETTERS && key.slice(-ending.length) === ending) {
        chars = chars.slice(0, chars.length - ending.length);
        break;
      }
    }
    // "medlemm" of "medlemmarna": the singular has one m. Other doubled letters stay
    // ("klass" of "klassen", "kvinn" of "kvinnor").
    var n = chars.length;
    if (n > STEM_LETTERS && chars[n - 1] === 'm' && chars[n - 2] === 'm') { chars.pop(); }
    return chars.join('');
  }

  /* Whether `key` is `stem` with an inflectional ending (or none). */
  function inflected(key, stem) {
    if (key.indexOf(stem) !== 0) { return false; }
    var rest = key.slice(stem.length);
    return rest === '' || ENDINGS.indexOf(rest) >= 0;
  }

  /* What marks a word for one query word: `w` the word as typed, `s` the site's words that
   * matched it, `t` the build's terms of its strong matches. A plain string is a word typed. */
  function formsOf(group) {
    if (typeof group === 'string') { group = { w: group, s: [], t: [] }; }
    var typed = base(group.w);
    var stem = lightStem(typed);
    var letters = Array.from(typed).length;
    // A term much shorter than the word's own stem is Snowball's of another word too
    // ("styr" of "styrelsen" and of "styras"): it marks only what the word's stem does.
    var terms = (group.t || []).map(base).filter(function (t) { return t.length >= stem.length - 1; });
    // Two words typed apart (`p`) mark only the word they make together: what it matched
    // with letters off ("kommer" of "kommer hem") counted both where one stood.
    if (group.p) {
      return function (key) { return key.indexOf(typed) >= 0 || terms.some(function (t) { return inflected(key, t); }); };
    }
    var surfaces = (group.s || []).map(base);
    return function (key) {
      if (key === typed) { return true; }
      // A word of one or two letters marks only itself ("LO", not "lokalt"), as it matches.
      if (letters < 3) { return false; }
      if (key.indexOf(typed) === 0 || (typed.length >= 5 && key.indexOf(typed) > 0)) { return true; }
      // A stem of four letters begins too many other words ("komm" of "kommer":
      // "kommunikationsplan"), as in matching: it marks only its own forms.
      if (stem.length >= STEM_LETTERS && stem !== typed &&
          (Array.from(stem).length > STEM_LETTERS ? key.indexOf(stem) === 0 : inflected(key, stem))) { return true; }
      if (terms.some(function (t) { return inflected(key, t); })) { return true; }
      return surfaces.some(function (f) {
        return key === f || (f.length >= 5 && key.indexOf(f) >= 0);
      });
    };
  }

  /* `text` cut to a window around the matched words, as [text, marked] pieces: where the
   * most of the query's words stand near each other, else the first. `words` holds, per
   * query word, what marks it (formsOf): its forms, the compounds it begins or ends, and
   * the site's words it matched (a typo's word meant). */
  /* A number standing after a word, as a label's ("Delmål 6"). */
  var LABEL_NUMBER = /^ (\p{N}+)(?![\p{L}\p{N}])/u;

  /* "-grupp" of "Facebook-grupp". */
  var HYPHENATED = /^-(\p{L}+)(?![\p{L}\p{N}])/u;

  /* The label a result was found by when a query word is its kind's word with a number
   * ("mål3" of "mål 3 medlemsvård", withLabels), as its page shows it ("Mål 3"): the
   * goal's text does not say it, and its snippet marked nothing. `kindLabel` is the result's
   * kind's word; null when no query word is its label. */
  function labelShown(kindLabel, words) {
    var kind = base(fold(kindLabel || '')).replace(/[^\p{L}\p{N}]/gu, '');
    if (!kind) { return null; }
    for (var i = 0; i < words.length; i++) {
      var w = base(typeof words[i] === 'string' ? words[i] : words[i].w);
      if (w.indexOf(kind) === 0 && /^\p{N}+$/u.test(w.slice(kind.length))) {
        return kindLabel.charAt(0).toUpperCase() + kindLabel.slice(1) + ' ' + w.slice(kind.length);
      }
    }
    return null;
  }

  /* [start, end, index in `words`] of each form of a query word in `text`. */
  function marksOf(text, words) {
    var groups = words.map(formsOf);
    var typed = words.map(function (w) { return base(typeof w === 'string' ? w : w.w); });
    // The query's words as queryWords reads them: a motion reference ("E23:3") is marked.
    var re = new RegExp(WORD.source, 'gu');
    var match;
    var marks = [];
    while ((match = re.exec(text)) !== null) {
      var key = decimalComma(base(fold(match[0])));
      var end = match.index + match[0].length;
      // A label written before its number ("Delmål 6: …") is matched as one word, `delmål6`
      // (withLabels), whole: word and number are marked together, not "delmål 60".
      var number = LABEL_NUMBER.exec(text.slice(end, end + 8));
      var g = matching(groups, key);
      // "Facebook-grupp" is marked whole for "facebookgrupp", as the build posts it.
      var joined = HYPHENATED.exec(text.slice(end, end + 40));
      var whole = joined ? matching(groups, base(fold(match[0] + joined[1]))) : [];
      if (whole.some(function (w) { return g.indexOf(w) < 0; })) {
        g = Array.from(new Set(g.concat(whole)));
        end += joined[0].length;
        re.lastIndex = end;
      }
      if (!g.length && number && typed.indexOf(key + number[1]) >= 0) {
        g = [typed.indexOf(key + number[1])];
        end += number[0].length;
        re.lastIndex = end;
      }
      // A mark per query word it is a form of: "medlemsmöten" of "medlems" and "möten".
      for (var i = 0; i < g.length; i++) { marks.push([match.index, end, g[i]]); }
    }
    return marks;
  }

  /* The indexes of the groups (formsOf) that `key` is a form of. */
  function matching(groups, key) {
    var found = [];
    groups.forEach(function (forms, g) { if (forms(key)) { found.push(g); } });
    return found;
  }

  /* The indexes in `words` of the query words `text` has anywhere. */
  function wordsIn(text, words) {
    return Array.from(new Set(marksOf(text, words).map(function (mark) { return mark[2]; })));
  }

  function snippet(text, words, size) {
    size = size || 200;
    var marks = marksOf(text, words);
    var best = bestWindow(marks, size * 3 / 4);
    var first = best[0];
    var start = first > size / 3 ? text.lastIndexOf(' ', first - size / 4) + 1 : 0;
    var end = Math.min(text.length, start + size);
    if (end < text.length) { var space = text.lastIndexOf(' ', end); if (space > first) { end = space; } }
    var pieces = [];
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
    // The query words standing together in it, and how far they reach (search_page.js).
    pieces.together = best[1];
    pieces.reach = reach(marks, best[1]);
    return pieces;
  }

  /* The length of the shortest stretch with a mark of each of `groups`: a phrase's own. */
  function reach(marks, groups) {
    var wanted = new Set(groups), counts = new Map(), shortest = Infinity, lo = 0;
    var kept = marks.filter(function (mark) { return wanted.has(mark[2]); });
    for (var hi = 0; hi < kept.length; hi++) {
      counts.set(kept[hi][2], (counts.get(kept[hi][2]) || 0) + 1);
      while (counts.size === wanted.size) {
        var span = kept[hi][1] - kept[lo][0];
        if (span < shortest) { shortest = span; }
        var g = kept[lo][2];
        if (counts.get(g) === 1) { counts.delete(g); } else { counts.set(g, counts.get(g) - 1); }
        lo++;
      }
    }
    return shortest;
  }

  /* Where the window of `span` characters with marks of the most query words starts (the
   * offset of its first mark, of the first such window; -1 without marks) and how many
   * query words it has. One pass, a window sliding over the marks. */
  function bestWindow(marks, span) {
    var counts = new Map(), best = -1, bestCount = 0, lo = 0, together = [];
    for (var hi = 0; hi < marks.length; hi++) {
      counts.set(marks[hi][2], (counts.get(marks[hi][2]) || 0) + 1);
      while (marks[hi][0] - marks[lo][0] > span) {
        var g = marks[lo][2];
        if (counts.get(g) === 1) { counts.delete(g); } else { counts.set(g, counts.get(g) - 1); }
        lo++;
      }
      if (counts.size > bestCount) { bestCount = counts.size; best = marks[lo][0]; together = Array.from(counts.keys()); }
    }
    return [best, together];
  }

  var lib = { fold: fold, base: base, transliterated: transliterated, WORD: WORD,
    queryWords: queryWords, withLabels: withLabels, labelKeys: labelKeys, oneEdit: oneEdit, twoEdits: twoEdits, shared: shared, decodePostings: decodePostings,
    decodeGap: decodeGap, withDocuments: withDocuments, organizationWords: organizationWords,
    both: both, doubled: doubled, either: either, someWords: someWords, ownWords: ownWords,
    lightStem: lightStem, pastStems: pastStems, snippet: snippet, wordsIn: wordsIn, labelShown: labelShown, wordMatcher: wordMatcher, STEM_PREFIX: STEM_PREFIX };

  if (typeof module !== 'undefined' && module.exports) {
    module.exports = lib;
    return;
  }
  root.planpressSearchLib = lib;
})(typeof self !== 'undefined' ? self : this);
