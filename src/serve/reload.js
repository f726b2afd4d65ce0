// The live-reload script of `planpress serve`, added to every served HTML page (never to the
// built site) by src/serve/reload.rs, which fills in the two placeholders in capitals: the
// build status when the page was served, and the overlay's style.
(function () {
  var status = __PLANPRESS_STATUS__;
  var key = "planpress-scroll:" + location.pathname;
  var style = "__OVERLAY_STYLE__";
  var saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    var restore = function () { window.scrollTo({ top: Number(saved) || 0, behavior: "instant" }); };
    restore();
    window.addEventListener("load", restore);
  }
  function showErrors(errors) {
    var old = document.getElementById("__planpress-overlay");
    if (old) old.remove();
    if (!errors) return;
    var box = document.createElement("div");
    box.id = "__planpress-overlay";
    box.setAttribute("role", "alert");
    box.setAttribute("style", style);
    var title = document.createElement("strong");
    title.textContent = "planpress: the last rebuild failed; this is the last good build";
    var text = document.createElement("pre");
    text.setAttribute("style", "white-space:pre-wrap;margin:.5em 0 0");
    text.textContent = errors;
    box.appendChild(title);
    box.appendChild(text);
    document.body.appendChild(box);
  }
  // Only a visible tab holds a poll: browsers allow six connections per host, and a
  // hidden tab catches up (reloads if its page changed) as soon as it is shown. The server
  // answers when this page's file changed, or the errors did, so a rebuild that leaves
  // this page alone never reloads it.
  var since = status.generation;
  var active = null;
  function poll() {
    if (document.hidden || active) return;
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
        if (next.reload) {
          sessionStorage.setItem(key, String(window.scrollY));
          return location.reload();
        }
        // This page is unchanged: only the errors came or went.
        showErrors(next.errors);
        since = next.generation;
        poll();
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
  showErrors(status.errors);
  poll();
})();
