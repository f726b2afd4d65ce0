/* planpress: filter the goal index by organisation, period and status.
 * Progressive enhancement: without this script the page is the full grouped list. The
 * filter form is shown, and the choices kept in the address (?org=…&period=…&status=…). */
(function () {
  'use strict';
  var form = document.getElementById('goal-filter');
  if (!form) { return; }
  var items = Array.prototype.slice.call(document.querySelectorAll('[data-filter-list] li[data-org]'));
  var groups = Array.prototype.slice.call(document.querySelectorAll('[data-filter-list] [data-group]'));
  var summary = document.getElementById('filter-summary');
  var fields = ['org', 'period', 'status'];

  function apply(updateAddress) {
    var chosen = {};
    fields.forEach(function (name) { chosen[name] = form.elements[name].value; });
    var shown = {};
    items.forEach(function (li) {
      var ok = fields.every(function (name) { return !chosen[name] || li.dataset[name] === chosen[name]; });
      li.hidden = !ok;
      if (ok) { shown[li.dataset.url] = true; }
    });
    groups.forEach(function (group) {
      var count = group.querySelectorAll('li[data-org]:not([hidden])').length;
      var counter = group.querySelector('[data-count]');
      if (counter) { counter.textContent = String(count); }
      group.hidden = count === 0;
    });
    if (summary) {
      summary.textContent = summary.dataset.showing + ' ' + Object.keys(shown).length + ' ' +
        summary.dataset.of + ' ' + summary.dataset.total;
    }
    if (updateAddress && window.history && window.URLSearchParams) {
      var params = new URLSearchParams();
      fields.forEach(function (name) { if (chosen[name]) { params.set(name, chosen[name]); } });
      var query = params.toString();
      window.history.replaceState(null, '', window.location.pathname + (query ? '?' + query : '') + window.location.hash);
    }
  }

  if (window.URLSearchParams) {
    var initial = new URLSearchParams(window.location.search);
    fields.forEach(function (name) {
      var value = initial.get(name);
      var select = form.elements[name];
      if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) {
        select.value = value;
      }
    });
  }
  form.hidden = false;
  form.addEventListener('change', function () { apply(true); });
  form.addEventListener('reset', function () { window.setTimeout(function () { apply(true); }, 0); });
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  apply(false);
})();
