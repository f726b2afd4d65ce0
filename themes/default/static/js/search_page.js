/* planpress: the search page (/sok/), over search.js. Query and filters live in the URL
 * (?q=…&org=…&kind=…&item=…&topic=…): typing replaces the history entry, a filter or a
 * submitted query adds one, and Back restores the search. Results are built with DOM text
 * nodes only (never innerHTML of index text), ten at a time ("Visa fler"). */
(function () {
  'use strict';
  var api = window.planpressSearch;
  var script = window.planpressSearchScript;
  var form = document.getElementById('search-form');
  var input = document.getElementById('search-query');
  var list = document.getElementById('search-results');
  var status = document.getElementById('search-status');
  var more = document.getElementById('search-more');
  // The results with some of the query's words but not all, apart, under their heading
  // (a site's own search.html without them lists them after the others).
  var partial = document.getElementById('search-partial') || list;
  var partialHeading = document.getElementById('search-partial-heading');
  if (!api || !script || !form || !input || !list || !status || !more) { return; }
  var FILTERS = ['org', 'kind', 'item', 'topic'];
  var PAGE = 10;
  var searcher = api.createSearcher(script.getAttribute('data-index'), function (url, entry) {
    // The entry file is checked with the server each time: it names the build of the rest.
    return fetch(url, entry ? { cache: 'no-cache' } : {}).then(function (r) {
      if (!r.ok) { throw new Error(r.status); }
      return r.json();
    });
  });
  var selects = {};
  FILTERS.forEach(function (f) { selects[f] = document.getElementById('search-filter-' + f); });
  var current = { results: [], shown: 0, run: 0 };

  searcher.manifest.then(function (m) {
    FILTERS.forEach(function (f) {
      var select = selects[f];
      if (!select) { return; }
      (m.filters[f] || []).forEach(function (v) {
        var option = document.createElement('option');
        option.value = v[0];
        option.textContent = v[2];
        select.appendChild(option);
      });
      var wanted = new URLSearchParams(window.location.search).get(f);
      if (wanted) { select.value = wanted; if (details) { details.open = true; } }
    });
  });

  function filters() {
    var chosen = {};
    FILTERS.forEach(function (f) { if (selects[f] && selects[f].value) { chosen[f] = selects[f].value; } });
    return chosen;
  }

  function count(n) { return n + ' ' + (n === 1 ? status.dataset.hit : status.dataset.hits); }

  /* The status line: how many results have every word of `query`, and, when the results
   * go on with those that have only some of them, how many those are, named apart: "3
   * träffar med alla orden för "…", 102 träffar med några av orden". */
  function statusLine(results, query) {
    var quoted = ' "' + query + '"';
    var all = results.all === undefined ? results.length : results.all;
    var some = results.length - all;
    if (!results.length) { return status.dataset.noHits + quoted; }
    if (!some) { return count(all) + ' ' + status.dataset.for + quoted; }
    var head = all ? count(all) + ' ' + status.dataset.allWords + ' ' + status.dataset.for
      : status.dataset.noAllWords;
    return head + quoted + ', ' + count(some) + ' ' + status.dataset.someWords;
  }

  function line(parts) {
    return parts.filter(function (p) { return p; }).join(' · ');
  }

  function item(f, pieces) {
    var li = document.createElement('li');
    var a = document.createElement('a');
    a.href = f.url;
    a.textContent = f.kind === 'd' ? f.document : f.kindLabel.charAt(0).toUpperCase() + f.kindLabel.slice(1) + ' – ' + f.document;
    var meta = document.createElement('p');
    meta.className = 'search-meta';
    // A heading found by a word of its section shows a snippet from the middle of it: the
    // heading's own title goes after the section above it, so the result names it.
    meta.textContent = line([f.organization, f.documentKind, f.period, f.section, f.kind === 'h' ? f.text : '']);
    var p = document.createElement('p');
    pieces.forEach(function (piece) {
      if (piece[1]) {
        var mark = document.createElement('mark');
        mark.textContent = piece[0];
        p.appendChild(mark);
      } else {
        p.appendChild(document.createTextNode(piece[0]));
      }
    });
    li.appendChild(a);
    li.appendChild(meta);
    li.appendChild(p);
    return li;
  }

  function marked(pieces) { return pieces.some(function (piece) { return piece[1]; }); }

  /* How long the results wait for a document's page to take its snippet from. */
  var PAGE_WAIT = 400;

  var BLOCKS = 'p, li, h1, h2, h3, h4, h5, h6, td, th, dt, dd, blockquote, figcaption';

  /* Each page fetched for snippets, by URL: results of one document share it. */
  var pages = {};
  function page(url) {
    if (!pages[url]) {
      pages[url] = fetch(url).then(function (r) {
        if (!r.ok) { throw new Error(r.status); }
        return r.text();
      }).then(function (html) { return new DOMParser().parseFromString(html, 'text/html'); });
      pages[url].catch(function () { delete pages[url]; });
    }
    return pages[url];
  }

  /* The snippet of a result, as [text, marked] pieces. A result whose fragment has no word
   * to mark (a document found by a word of its running text, whose fragment holds its lead;
   * a long paragraph whose fragment, cut at 320 bytes, ends before the word) takes its
   * snippet from its page, the page the reader opens next: the element of its anchor, or
   * the document's body. If the page comes within PAGE_WAIT ms: the results wait for it
   * rather than move under the reader's finger when it comes. Only the page's text is read
   * (DOMParser runs no script), and it is shown as text nodes. */
  function snippetOf(f, words) {
    var pieces = api.snippet(f.text, words);
    // A heading's fragment is its title alone: its section's first words come from the page.
    if (!words.length || (marked(pieces) && f.kind !== 'h')) { return Promise.resolve(pieces); }
    var at = f.url.indexOf('#');
    var fromPage = page(at < 0 ? f.url : f.url.slice(0, at)).then(function (doc) {
      var anchored = at < 0 ? null : doc.getElementById(decodeURIComponent(f.url.slice(at + 1)));
      // An anchor may be a number inside its heading or paragraph (§30's): their text. A
      // heading's, a heading result's or a goal's written as a heading ("Delmål 8"), is
      // its section: the goal's words are its paragraphs' too.
      var heading = anchored && /^H[1-6]$/.test(anchored.tagName);
      var body = at < 0 ? doc.querySelector('.doc-body')
        : heading ? section(anchored) : anchored && (anchored.closest(BLOCKS) || anchored);
      if (!body) { return pieces; }
      var found = at < 0 ? passage(body, words) : api.snippet(textOf(body), words);
      return marked(found) ? found : pieces;
    }).catch(function () { return pieces; });
    var late = new Promise(function (resolve) { window.setTimeout(function () { resolve(pieces); }, PAGE_WAIT); });
    return Promise.race([fromPage, late]);
  }

  /* The text a reader sees of `element`, less permalinks, chips and items' metadata. */
  function textOf(element) {
    var copy = element.cloneNode(true);
    copy.querySelectorAll('.item-meta, .visually-hidden, .heading-anchor, .chip').forEach(function (e) { e.remove(); });
    // Blocks end in a space, so that a heading and the paragraph after it stay two words.
    copy.querySelectorAll(BLOCKS).forEach(function (e) { e.append(' '); });
    return copy.textContent.replace(/\s+/g, ' ').trim();
  }

  /* A document's snippet from the part under one heading where the most query words stand
   * together (the closest, of equals), with the heading's `anchor` and title: the result leads to the passage, not
   * the top of a long document (words each also elsewhere are the document's in the index,
   * "kommer hem i tid"). Words together only across parts keep the whole body's. */
  function passage(body, words) {
    var whole = api.snippet(textOf(body), words);
    var best = null, part = null;
    function close() {
      if (!part) { return; }
      var pieces = api.snippet(textOf(part.element), words);
      if (!best || pieces.together.length > best.together.length ||
          (pieces.together.length === best.together.length && pieces.reach < best.reach)) {
        pieces.anchor = part.heading.id;
        pieces.heading = part.heading.textContent.trim();
        best = pieces;
      }
    }
    Array.prototype.forEach.call(body.children, function (child) {
      var heading = /^H[1-6]$/.test(child.tagName) ? child : child.querySelector('h1, h2, h3, h4, h5, h6');
      if (heading && heading.id) { close(); part = { heading: heading, element: document.createElement('div') }; }
      if (part) { part.element.appendChild(child.cloneNode(true)); }
    });
    close();
    return best && marked(best) && best.together.length >= whole.together.length ? best : whole;
  }

  /* 2 when result `f` has every query word in its snippet's window (or its title or
   * section heading), within PHRASE_REACH characters a word (a phrase), 1 farther apart,
   * else 0. */
  var PHRASE_REACH = 20;
  function closeness(f, pieces, results) {
    var covers = results.covers || [];
    var have = new Set();
    function add(g) { (covers[g] || []).forEach(function (n) { have.add(n); }); }
    (pieces.together || []).forEach(add);
    api.wordsIn(f.kind === 'd' ? f.document : (f.section || ''), results.words || []).forEach(add);
    if (have.size < results.count) { return 0; }
    return pieces.reach <= PHRASE_REACH * results.count ? 2 : 1;
  }

  /* The heading `heading` and what follows it up to the next heading of its level or above
   * (at most SECTION_BLOCKS blocks), as one element: a heading result's snippet. */
  var SECTION_BLOCKS = 40;
  function level(element) {
    var heading = /^H[1-6]$/.test(element.tagName) ? element : element.querySelector('h1, h2, h3, h4, h5, h6');
    return heading ? Number(heading.tagName.charAt(1)) : 0;
  }
  function section(heading) {
    var start = heading.closest('.heading-wrap') || heading;
    var own = level(start);
    var out = document.createElement('div');
    out.appendChild(start.cloneNode(true));
    for (var next = start.nextElementSibling, n = 0; next && n < SECTION_BLOCKS; next = next.nextElementSibling, n++) {
      var found = level(next);
      if (found && found <= own) { break; }
      out.appendChild(next.cloneNode(true));
    }
    return out;
  }

  function showMore() {
    var run = current.run;
    var next = current.results.slice(current.shown, current.shown + PAGE);
    current.shown += next.length;
    var words = current.results.words || [];
    return Promise.all(next.map(searcher.fragment)).then(function (fragments) {
      return Promise.all(fragments.map(function (f) { return snippetOf(f, words); })).then(function (snippets) {
        if (run !== current.run) { return; }
        var all = current.results.all === undefined ? current.results.length : current.results.all;
        var first = current.shown - next.length;
        // The index knows which items have a word, not where: of the ten shown, whose text
        // is at hand, a phrase comes first, then a passage, then words scattered.
        var close = fragments.map(function (f, i) {
          return (current.results.count || 0) >= 2 ? closeness(f, snippets[i], current.results) : 0;
        });
        var order = fragments.map(function (f, i) { return i; }).sort(function (a, b) {
          var someA = first + a >= all, someB = first + b >= all;
          return (someA - someB) || (close[b] - close[a]) || (a - b);
        });
        order.forEach(function (i) {
          var f = fragments[i];
          var some = first + i >= all;
          if (snippets[i].anchor) {
            f = Object.assign({}, f, { url: f.url + '#' + snippets[i].anchor, section: snippets[i].heading });
          }
          if (some && partialHeading) { partialHeading.hidden = false; partial.hidden = false; }
          // A result with every word that is an item of the label typed ("mål 3") was found
          // by it: the label, as its page shows it, leads its snippet, marked.
          var label = !some && f.kind !== 'd' && f.kind !== 'h' && api.labelShown(f.kindLabel, words);
          var pieces = label ? [[label, true], [' · ', false]].concat(snippets[i]) : snippets[i];
          (some ? partial : list).appendChild(item(f, pieces));
        });
        more.hidden = current.shown >= current.results.length;
      });
    });
  }

  function clear() {
    list.textContent = '';
    partial.textContent = '';
    if (partialHeading) { partialHeading.hidden = true; partial.hidden = true; }
  }

  function run() {
    var query = input.value;
    var run = ++current.run;
    if (!query.trim()) {
      clear();
      status.textContent = '';
      more.hidden = true;
      return;
    }
    searcher.search(query, filters()).then(function (results) {
      if (run !== current.run) { return; }
      current.results = results;
      current.shown = 0;
      clear();
      status.textContent = statusLine(results, query);
      return showMore();
    }).catch(function () { if (run === current.run) { status.textContent = status.dataset.error; } });
  }

  function remember(push) {
    var url = new URL(window.location.href);
    url.searchParams.delete('q');
    if (input.value) { url.searchParams.set('q', input.value); }
    var chosen = filters();
    FILTERS.forEach(function (f) {
      url.searchParams.delete(f);
      if (chosen[f]) { url.searchParams.set(f, chosen[f]); }
    });
    if (url.href === window.location.href) { return; }
    if (push) { window.history.pushState(null, '', url); } else { window.history.replaceState(null, '', url); }
  }

  function restore() {
    var params = new URLSearchParams(window.location.search);
    input.value = params.get('q') || '';
    searcher.manifest.then(function () {
      FILTERS.forEach(function (f) { if (selects[f]) { selects[f].value = params.get(f) || ''; } });
      run();
    });
  }

  var timer = null;
  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { remember(false); run(); }, 150);
  });
  FILTERS.forEach(function (f) {
    if (selects[f]) { selects[f].addEventListener('change', function () { remember(true); run(); }); }
  });
  form.addEventListener('submit', function (event) { event.preventDefault(); remember(true); run(); });
  more.addEventListener('click', function () { showMore(); });
  window.addEventListener('popstate', restore);
  var details = document.getElementById('search-filters');
  restore();
})();
