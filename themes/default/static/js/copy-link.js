/* planpress: a "Kopiera länk" button beside each item's link on a document page.
 *
 * Progressive enhancement: without this script the item's link is there to copy by hand,
 * and no button is shown. The button copies the item's address and a citation line
 * (document, item: "Verksamhetsplan 2023, Mål 3 · Medlemsvård"), and says in a live region
 * whether it could. */
(function () {
  'use strict';
  var script = document.currentScript;
  var links = document.querySelectorAll('.item-meta a.permalink');
  if (!script || !links.length) { return; }
  var label = script.dataset.label;
  var done = script.dataset.done;
  var failed = script.dataset.failed;
  var title = document.querySelector('h1');
  var docTitle = title ? title.firstChild && title.firstChild.textContent.trim() : document.title;
  var status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');
  document.body.appendChild(status);

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) { resolve(); } else { reject(new Error('copy')); }
    });
  }

  Array.prototype.forEach.call(links, function (link) {
    // What the link shows, without the words only a screen reader hears.
    var shown = link.cloneNode(true);
    Array.prototype.forEach.call(shown.querySelectorAll('.visually-hidden'), function (n) { n.remove(); });
    var itemLabel = shown.textContent.trim();
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-link';
    button.textContent = label;
    button.setAttribute('aria-label', label + ': ' + itemLabel);
    button.addEventListener('click', function () {
      var url = link.href;
      var citation = docTitle + ', ' + itemLabel;
      copy(url + '\n' + citation).then(function () {
        status.textContent = done;
        button.textContent = done;
        window.setTimeout(function () { button.textContent = label; }, 2000);
      }, function () {
        status.textContent = failed;
      });
    });
    link.parentNode.insertBefore(button, link.nextSibling);
    link.parentNode.insertBefore(document.createTextNode(' '), button);
  });
})();
