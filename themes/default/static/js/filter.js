/* planpress: filter the goal index by organisation, period and status.
 *
 * Progressive enhancement. Without this script the page lists the goals by topic, and the
 * table "Mål per organisation" links every organisation and period to the organisation's
 * page, which lists all its goals by period with their follow-up: that is the filter
 * without JavaScript. With it, the form is shown and the choices kept in the address
 * (?org=…&period=…&status=…). Counts come from that table, which counts every goal of the
 * site, so they are right at any size; the matching goals are grouped by organisation and
 * loaded on demand from the organisation's page (each holds all of its goals), so the page
 * never needs every goal of a large site. */
(function () {
  'use strict';
  var form = document.getElementById('goal-filter');
  var results = document.getElementById('filter-results');
  if (!form || !results || !window.fetch || !window.DOMParser) { return; }
  var list = results.querySelector('[data-results]');
  var unfiltered = document.querySelector('[data-unfiltered]');
  var summary = document.getElementById('filter-summary');
  var table = document.querySelector('table.breakdown');
  var rows = [];
  var fields = ['org', 'period', 'status'];
  var pages = {};

  function chosenValues() {
    var chosen = {};
    fields.forEach(function (name) { chosen[name] = form.elements[name].value; });
    return chosen;
  }

  // The rows of "Mål per organisation", each { org, period, name, url, anchor, n }, `n`
  // the goals by status (`total` for all). Read from the table, or, when the page shows
  // only the table's first rows (`data-all`), from the counts of the whole table.
  var statusColumns = ['total', 'not-started', 'ongoing', 'done', 'dropped', 'none'];

  function tableRows() {
    var columns = {};
    Array.prototype.forEach.call(table.querySelectorAll('thead th'), function (th, i) {
      if (th.dataset.n) { columns[th.dataset.n] = i; }
    });
    return Array.prototype.map.call(table.querySelectorAll('tr[data-org]'), function (tr) {
      var org = tr.cells[0].querySelector('a');
      var period = tr.cells[1].querySelector('a');
      var n = {};
      statusColumns.forEach(function (status) {
        var cell = tr.cells[columns[status]];
        n[status] = cell ? parseInt(cell.textContent, 10) || 0 : 0;
      });
      return {
        org: tr.dataset.org, period: tr.dataset.period, name: org.textContent,
        url: org.href.split('#')[0], anchor: period ? period.hash.slice(1) : 'mal', n: n
      };
    });
  }

  function dataRows(data) {
    var all = [];
    data.organizations.forEach(function (o) {
      o[3].forEach(function (p) {
        var n = {};
        statusColumns.forEach(function (status, i) { n[status] = p[2][i]; });
        var url = new URL(o[2], window.location.href).href;
        all.push({ org: o[0], period: p[0], name: o[1], url: url, anchor: p[1], n: n });
      });
    });
    return all;
  }

  function count(row, status) {
    return row.n[status || 'total'] || 0;
  }

  // The organisations matching the choice, in the table's order, with their counts.
  function matches(chosen) {
    var byOrg = [];
    var index = {};
    rows.forEach(function (row) {
      if ((chosen.org && row.org !== chosen.org) || (chosen.period && row.period !== chosen.period)) { return; }
      var n = count(row, chosen.status);
      if (!n) { return; }
      if (!(row.org in index)) {
        index[row.org] = byOrg.length;
        byOrg.push({ slug: row.org, name: row.name, url: row.url, count: 0, anchor: row.anchor });
      }
      byOrg[index[row.org]].count += n;
    });
    return byOrg;
  }

  function page(url) {
    if (!pages[url]) {
      pages[url] = fetch(url, { credentials: 'same-origin' }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      }).then(function (text) { return new DOMParser().parseFromString(text, 'text/html'); });
      pages[url].catch(function () { delete pages[url]; });
    }
    return pages[url];
  }

  function load(org, chosen, ul, status) {
    status.textContent = form.dataset.loading;
    page(org.url).then(function (doc) {
      var items = doc.querySelectorAll('[data-goal-rows] li[data-status]');
      Array.prototype.forEach.call(items, function (li) {
        var group = li.closest('[data-period]');
        var itsPeriod = group ? group.dataset.period : '';
        if (chosen.period && itsPeriod !== chosen.period) { return; }
        if (chosen.status && li.dataset.status !== chosen.status) { return; }
        var copy = document.importNode(li, true);
        var period = document.createElement('span');
        period.className = 'goal-period';
        period.textContent = itsPeriod;
        copy.appendChild(document.createTextNode(' '));
        copy.appendChild(period);
        ul.appendChild(copy);
      });
      status.textContent = '';
      status.hidden = true;
    }).catch(function () {
      status.textContent = form.dataset.failed;
    });
  }

  function group(org, chosen, open) {
    var section = document.createElement('section');
    section.className = 'index-group';
    var heading = document.createElement('h3');
    heading.textContent = org.name + ' (' + org.count + ' ' + form.dataset.goalLabel + ')';
    var details = document.createElement('details');
    details.className = 'fold';
    var summaryLine = document.createElement('summary');
    summaryLine.appendChild(heading);
    details.appendChild(summaryLine);
    var status = document.createElement('p');
    status.className = 'filter-status';
    details.appendChild(status);
    var ul = document.createElement('ul');
    ul.className = 'goal-list';
    details.appendChild(ul);
    var link = document.createElement('p');
    var a = document.createElement('a');
    a.href = org.url + '#' + (chosen.period ? org.anchor : 'mal');
    a.textContent = form.dataset.openOrg + ' ' + org.name;
    link.appendChild(a);
    details.appendChild(link);
    var loaded = false;
    details.addEventListener('toggle', function () {
      if (details.open && !loaded) { loaded = true; load(org, chosen, ul, status); }
    });
    section.appendChild(details);
    details.open = open;
    return section;
  }

  // The follow-up above the form tells the goals shown: "68 mål: 4 klara · …" for the
  // organisation chosen, not the site's total beside "Visar 68 av 6442 mål" (#20). Its
  // words are the theme's, kept on the box (data-*-one/-other); the bar mirrors them.
  var followup = document.getElementById('goal-followup');
  var followupTotal = followup ? followup.innerHTML : '';
  var statuses = ['done', 'ongoing', 'not_started', 'dropped', 'none'];

  function word(key, n) {
    return followup.getAttribute('data-' + key.replace('_', '-') + (n === 1 ? '-one' : '-other'));
  }

  function tell(counts) {
    followup.textContent = '';
    if (!counts.total) { return; }
    var box = document.createElement('div');
    box.className = 'followup';
    var words = document.createElement('div');
    words.className = 'followup-words';
    var total = document.createElement('span');
    total.className = 'followup-total';
    total.textContent = counts.total + ' ' + word('goal', counts.total) + ':';
    var parts = document.createElement('ul');
    parts.className = 'followup-parts';
    var bar = document.createElement('div');
    bar.className = 'followup-bar';
    bar.setAttribute('aria-hidden', 'true');
    statuses.forEach(function (status) {
      if (!counts[status]) { return; }
      var part = document.createElement('li');
      part.className = 'fu-' + status;
      part.textContent = counts[status] + ' ' + word(status, counts[status]);
      parts.appendChild(part);
      var span = document.createElement('span');
      span.className = 'fu-' + status;
      span.style.width = (counts[status] * 100 / counts.total).toFixed(2) + '%';
      bar.appendChild(span);
    });
    words.appendChild(total);
    words.appendChild(document.createTextNode(' '));
    words.appendChild(parts);
    box.appendChild(words);
    box.appendChild(bar);
    followup.appendChild(box);
  }

  // The goals of the matching rows by status; a status chosen counts only its own.
  function countMatching(chosen) {
    var counts = { total: 0 };
    statuses.forEach(function (status) { counts[status] = 0; });
    rows.forEach(function (row) {
      if ((chosen.org && row.org !== chosen.org) || (chosen.period && row.period !== chosen.period)) { return; }
      statuses.forEach(function (status) {
        var name = status.replace('_', '-');
        if (chosen.status && chosen.status !== name) { return; }
        var n = count(row, name);
        counts[status] += n;
        counts.total += n;
      });
    });
    return counts;
  }

  function apply(updateAddress) {
    var chosen = chosenValues();
    var any = fields.some(function (name) { return chosen[name]; });
    list.textContent = '';
    var shown = 0;
    if (any) {
      var orgs = matches(chosen);
      orgs.forEach(function (org) {
        shown += org.count;
        list.appendChild(group(org, chosen, orgs.length <= 3));
      });
    } else {
      shown = parseInt(summary.dataset.total, 10) || 0;
    }
    if (followup) {
      if (any) { tell(countMatching(chosen)); } else { followup.innerHTML = followupTotal; }
    }
    results.hidden = !any;
    if (unfiltered) { unfiltered.hidden = any; }
    summary.textContent = summary.dataset.showing + ' ' + shown + ' ' + summary.dataset.of + ' ' +
      summary.dataset.total + ' ' + form.dataset.goalLabel;
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
  Array.prototype.forEach.call(document.querySelectorAll('.nojs-hint'), function (hint) { hint.hidden = true; });
  form.addEventListener('change', function () { apply(true); });
  form.addEventListener('reset', function () { window.setTimeout(function () { apply(true); }, 0); });
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  var whole = table && table.dataset.all;
  if (!whole) {
    rows = table ? tableRows() : [];
    apply(false);
    return;
  }
  var fieldset = form.querySelector('fieldset');
  fieldset.disabled = true;
  summary.textContent = form.dataset.loading;
  fetch(whole, { credentials: 'same-origin' }).then(function (response) {
    if (!response.ok) { throw new Error(String(response.status)); }
    return response.json();
  }).then(function (data) {
    rows = dataRows(data);
    fieldset.disabled = false;
    apply(false);
  }).catch(function () {
    // Without the counts the page is what it is without JavaScript: the table's links.
    form.hidden = true;
    Array.prototype.forEach.call(document.querySelectorAll('.nojs-hint'), function (hint) { hint.hidden = false; });
  });
})();
