// The live-reload script of `planpress serve`, added to every served HTML page (never to the
// built site) by src/serve/reload/inject.rs, which fills in the placeholders in capitals: the
// build status when the page was served, and the overlay's styles and titles. Its script element
// carries `data-planpress-reload`, which tells it from the page's own scripts.
(function () {
  // A page swapped in place brings its own copy of this script. Browsers do not run scripts
  // that come from DOMParser, and the copy is taken out before the swap; this is the last
  // guard against a second poller in one window.
  if (window.__planpressLiveReload) return;
  window.__planpressLiveReload = true;
  window.__planpressUpdates = 0;
  var status = __PLANPRESS_STATUS__;
  var key = "planpress-scroll:" + location.pathname;
  var style = "__OVERLAY_STYLE__";
  var excerptStyle = "__EXCERPT_STYLE__";
  var messageStyle = "__MESSAGE_STYLE__";
  var overlayTitle = __OVERLAY_TITLE__;
  // Over pages the failed build wrote itself (only its check of the whole site failed).
  var currentTitle = __OVERLAY_TITLE_CURRENT__;
  var ownScript = document.currentScript;
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo({ top: Number(saved) || 0, behavior: "instant" }); };
    restore();
    window.addEventListener("load", restore);
  }
  function showErrors(errors, current) {
    var old = document.getElementById("__planpress-overlay");
    if (old) old.remove();
    if (!errors) return;
    var box = document.createElement("div");
    box.id = "__planpress-overlay";
    box.setAttribute("role", "alert");
    box.setAttribute("style", style);
    var title = document.createElement("strong");
    title.textContent = current ? currentTitle : overlayTitle;
    var runs = document.createElement("div");
    runs.setAttribute("style", "margin:.5em 0 0");
    overlayRuns(errors).forEach(function (run) {
      var text = document.createElement("pre");
      text.setAttribute("style", run.excerpt ? excerptStyle : messageStyle);
      // Scrolls sideways: a keyboard must reach it too.
      if (run.excerpt) text.setAttribute("tabindex", "0");
      text.textContent = run.lines.join("\n");
      runs.appendChild(text);
    });
    box.appendChild(title);
    box.appendChild(runs);
    document.body.appendChild(box);
    runs.querySelectorAll("pre[tabindex]").forEach(showCaret);
  }
  // A narrow window shows the start of an excerpt's lines; the caret may stand past its
  // right edge. Scrolled so that the first caret's column is in the middle of the run.
  function showCaret(pre) {
    var lines = pre.textContent.split("\n");
    var widest = Math.max.apply(null, lines.map(function (line) { return line.length; }));
    var caret = lines.map(function (line) { return /^[ 0-9]*\|/.test(line) ? line.indexOf("^") : -1; })
      .filter(function (column) { return column >= 0; })[0];
    if (caret === undefined || !widest || pre.scrollWidth <= pre.clientWidth) return;
    pre.scrollLeft = Math.max(0, caret * (pre.scrollWidth / widest) - pre.clientWidth / 2);
  }
  // The rule of inject.rs's overlay_runs: a source excerpt (the lines whose text before their
  // first "|" is only a line number and spaces) keeps its columns, so its caret stays under
  // the column it marks on a narrow screen; messages and help wrap.
  function overlayRuns(errors) {
    var runs = [];
    errors.replace(/\n$/, "").split("\n").forEach(function (line) {
      var excerpt = /^[ 0-9]*\|/.test(line);
      var last = runs[runs.length - 1];
      if (last && last.excerpt === excerpt) last.lines.push(line);
      else runs.push({ excerpt: excerpt, lines: [line] });
    });
    return runs;
  }
  function fullReload() {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  }
  // What the head loads, in order: a page that loads anything else needs a new navigation.
  function headResources(doc) {
    var list = [doc.documentElement.getAttribute("lang") || ""];
    var nodes = doc.head ? doc.head.querySelectorAll("link, script, style, base") : [];
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      list.push([n.tagName, n.getAttribute("rel"), n.getAttribute("href"), n.getAttribute("src"),
        n.getAttribute("media"), n.tagName === "STYLE" ? n.textContent : ""].join(" "));
    }
    return list.join("\n");
  }
  // A page's own scripts (filter.js, search.js, anything a site's template adds) set up
  // state that a swapped body would lack; only pages without them are swapped in place.
  // A script marked `data-rerun` only enhances the body it finds (copy-link.js adds its
  // buttons): it is run again on the swapped body instead.
  function onlyOurScript(doc) {
    var scripts = doc.querySelectorAll("script");
    for (var i = 0; i < scripts.length; i++) {
      var s = scripts[i];
      if (!s.hasAttribute("data-planpress-reload") && !s.hasAttribute("data-rerun")) return false;
    }
    return true;
  }
  function rerunScripts() {
    var scripts = document.querySelectorAll("script[data-rerun]");
    for (var i = 0; i < scripts.length; i++) {
      var again = document.createElement("script");
      for (var j = 0; j < scripts[i].attributes.length; j++) {
        again.setAttribute(scripts[i].attributes[j].name, scripts[i].attributes[j].value);
      }
      again.textContent = scripts[i].textContent;
      scripts[i].replaceWith(again);
    }
  }
  // Swaps the page's title and body for the server's new copy, keeping the scroll position,
  // or resolves false when only a full reload can show it.
  function update() {
    if (!window.fetch || !window.DOMParser || !onlyOurScript(document)) return Promise.resolve(false);
    return fetch(location.href, { cache: "no-store" })
      .then(function (response) {
        var type = response.headers.get("content-type") || "";
        if (response.status !== 200 || response.redirected || type.indexOf("text/html") !== 0) return false;
        return response.text().then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html");
          if (!fresh.body || !onlyOurScript(fresh) || headResources(fresh) !== headResources(document)) return false;
          var copies = fresh.querySelectorAll("script[data-planpress-reload]");
          for (var i = 0; i < copies.length; i++) copies[i].remove();
          var x = window.scrollX;
          var y = window.scrollY;
          var body = document.adoptNode(fresh.body);
          if (ownScript) body.appendChild(ownScript);
          document.title = fresh.title;
          document.documentElement.replaceChild(body, document.body);
          rerunScripts();
          window.scrollTo({ left: x, top: y, behavior: "instant" });
          return true;
        });
      })
      .catch(function () { return false; });
  }
  // Only a visible tab holds a poll: browsers allow six connections per host, and a
  // hidden tab catches up (updates if its page changed) as soon as it is shown. The server
  // answers when this page's file changed, or the errors did, so a rebuild that leaves
  // this page alone never touches it.
  var since = status.generation;
  var active = null;
  var updating = false;
  function poll() {
    if (document.hidden || active || updating) return;
    var mine = new AbortController();
    var asked = Date.now();
    active = mine;
    var url = "/__planpress/reload?since=" + since + "&page=" + encodeURIComponent(location.pathname);
    fetch(url, { cache: "no-store", signal: mine.signal })
      .then(function (response) { return response.json(); })
      .then(function (next) {
        if (active !== mine) return;
        active = null;
        if (next.generation === since) {
          // A quick answer with nothing new means the server is busy: ask again later.
          return setTimeout(poll, Date.now() - asked < 1000 ? 1000 : 0);
        }
        if (!next.reload) {
          // This page is unchanged: only the errors came or went.
          showErrors(next.errors, next.current);
          since = next.generation;
          return poll();
        }
        // A changed stylesheet keeps its URL, so only a new navigation loads it.
        if (next.full) return fullReload();
        updating = true;
        update().then(function (swapped) {
          if (!swapped) return fullReload();
          updating = false;
          // The server writes the page before it publishes the generation, so the copy
          // fetched is at least that new; a later change to the page answers the next poll.
          since = next.generation;
          showErrors(next.errors, next.current);
          window.__planpressUpdates++;
          document.dispatchEvent(new CustomEvent("planpress:updated"));
          poll();
        });
      })
      .catch(function () {
        if (active !== mine) return;
        active = null;
        setTimeout(poll, 1000);
      });
  }
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) return poll();
    if (active) { var held = active; active = null; held.abort(); }
  });
  showErrors(status.errors, status.current);
  poll();
})();
