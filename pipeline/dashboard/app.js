// Draws the Plotly figures, filters the claims table by words, labels and dates,
// shows one speaker's page at a time and downloads the filtered table as CSV.
// Reads the page only through textContent, dataset and JSON.parse, never
// innerHTML, so article text stays text.
(function () {
  "use strict";

  var CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  var byId = function (id) { return document.getElementById(id); };
  var json = function (id) { return JSON.parse(byId(id).textContent); };
  var drawn = {};
  var template = null;  // Plotly's default template, sent once for every chart

  function draw(id, figure) {
    var el = byId(id);
    if (!el || drawn[id]) return;
    template = template || json("plotly-template");
    Plotly.newPlot(el, figure.data, Object.assign({ template: template }, figure.layout), CONFIG);
    drawn[id] = true;
  }

  // ------------------------------------------------------------------ dates

  var from = byId("filter-from"), to = byId("filter-to");

  function range() {
    return { from: from ? from.value : "", to: to ? to.value : "" };
  }

  function inRange(date, r) {
    if (!r.from && !r.to) return true;
    if (!date) return false;  // undated claims cannot be placed in a range
    return (!r.from || date >= r.from) && (!r.to || date <= r.to);
  }

  // The timeline's categories are ISO days or months ("2025-03"): a month is in the
  // range when any of its days is.
  function periodInRange(period, r) {
    var last = period.length === 7 ? period + "-31" : period, first = period.length === 7 ? period + "-01" : period;
    return (!r.from || last >= r.from) && (!r.to || first <= r.to);
  }

  function zoomTimelines(r) {
    ["chart-topics", "chart-stances"].forEach(function (id) {
      var el = byId(id);
      if (!el || !drawn[id]) return;
      var periods = el.layout.xaxis.categoryarray || [];
      var shown = [];
      periods.forEach(function (p, i) { if (periodInRange(p, r)) shown.push(i); });
      var update = (!r.from && !r.to) || !shown.length ? { "xaxis.autorange": true }
        : { "xaxis.range": [shown[0] - 0.5, shown[shown.length - 1] + 0.5] };
      Plotly.relayout(el, update);
    });
  }

  function zoomSpeakers(r) {
    Object.keys(drawn).filter(function (id) { return id.indexOf("speaker-chart-") === 0; }).forEach(function (id) {
      var update = r.from || r.to ? { "xaxis.range": [r.from || byId(id).layout.xaxis.range[0], r.to || byId(id).layout.xaxis.range[1]] }
        : { "xaxis.autorange": true };
      Plotly.relayout(byId(id), update);
    });
    document.querySelectorAll(".speaker-page tr[data-date]").forEach(function (row) {
      row.hidden = !inRange(row.dataset.date, r);
    });
  }

  // ------------------------------------------------------------------ claims table

  var rows = Array.prototype.slice.call(document.querySelectorAll("#claims tbody tr"));
  // Search text is computed once; filtering then only compares strings.
  var haystacks = rows.map(function (row) { return row.textContent.toLowerCase(); });
  var selects = { topic: byId("filter-topic"), stance: byId("filter-stance"), speaker: byId("filter-speaker") };

  function matches(row, i, words, r) {
    for (var key in selects) {
      if (selects[key].value && row.dataset[key] !== selects[key].value) return false;
    }
    if (!inRange(row.dataset.date, r)) return false;
    return words.every(function (word) { return haystacks[i].indexOf(word) !== -1; });
  }

  function applyTable() {
    var words = byId("filter-text").value.toLowerCase().split(/\s+/).filter(Boolean);
    var r = range(), shown = 0, undated = 0;
    rows.forEach(function (row, i) {
      row.hidden = !matches(row, i, words, r);
      if (!row.hidden) shown += 1;
      if (!row.dataset.date) undated += 1;
    });
    var note = (r.from || r.to) && undated ? " (" + undated + " undated left out by the date range)" : "";
    byId("filter-count").textContent = shown + " of " + rows.length + " claims" + note;
    byId("filter-empty").hidden = shown > 0 || rows.length === 0;
  }

  function applyAll() {
    var r = range();
    applyTable();
    zoomTimelines(r);
    zoomSpeakers(r);
  }

  // ------------------------------------------------------------------ CSV

  function csvField(value) {
    var text = value === null || value === undefined ? "" : String(value);
    // A cell a spreadsheet would run as a formula is kept as text.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  }

  function downloadCsv() {
    var claims = json("claims-data");
    var lines = [claims.columns.map(csvField).join(",")];
    rows.forEach(function (row) {
      if (!row.hidden) lines.push(claims.rows[Number(row.dataset.i)].map(csvField).join(","));
    });
    var r = range();
    var name = "redline-claims" + (r.from ? "-from-" + r.from : "") + (r.to ? "-to-" + r.to : "") + ".csv";
    var url = URL.createObjectURL(new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  // ------------------------------------------------------------------ speaker pages

  function showSpeaker(index) {
    document.querySelectorAll(".speaker-page").forEach(function (page) { page.hidden = true; });
    if (index === "" || index === null) return;
    var page = byId("speaker-page-" + index);
    if (!page) return;
    page.hidden = false;
    var figures = json("speaker-figures");
    draw("speaker-chart-" + index, figures["speaker-chart-" + index]);
    zoomSpeakers(range());
  }

  function setUp() {
    byId("filter-text").addEventListener("input", applyTable);
    Object.keys(selects).forEach(function (key) { selects[key].addEventListener("change", applyTable); });
    [from, to].forEach(function (input) { if (input) input.addEventListener("change", applyAll); });
    var clear = byId("filter-dates-clear");
    if (clear) clear.addEventListener("click", function () { from.value = ""; to.value = ""; applyAll(); });
    byId("export-csv").addEventListener("click", downloadCsv);
    var pick = byId("speaker-pick");
    if (pick) pick.addEventListener("change", function () { showSpeaker(pick.value); });
    // A speaker's name in the claims table, or a #speaker-page-N address, opens their page.
    function openFromHash() {
      var found = /^#speaker-page-(\d+)$/.exec(location.hash);
      if (found && pick) { pick.value = found[1]; showSpeaker(found[1]); byId("speaker-page-" + found[1]).scrollIntoView(); }
    }
    window.addEventListener("hashchange", openFromHash);
    openFromHash();
    applyTable();
  }

  setUp();  // first, so the table works even if a chart fails
  var figures = json("dashboard-figures");
  Object.keys(figures).forEach(function (id) { draw(id, figures[id]); });
})();
