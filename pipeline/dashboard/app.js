// Draws the Plotly figures and filters the claims table. Reads the page only
// through textContent and dataset, never innerHTML, so article text stays text.
(function () {
  "use strict";

  function drawFigures() {
    var figures = JSON.parse(document.getElementById("dashboard-figures").textContent);
    var config = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
    Object.keys(figures).forEach(function (id) {
      var el = document.getElementById(id);
      if (el) Plotly.newPlot(el, figures[id].data, figures[id].layout, config);
    });
  }

  function setUpFilters() {
    var rows = Array.prototype.slice.call(document.querySelectorAll("#claims tbody tr"));
    // Search text is computed once; filtering then only compares strings.
    var haystacks = rows.map(function (row) { return row.textContent.toLowerCase(); });
    var text = document.getElementById("filter-text");
    var selects = { topic: "filter-topic", stance: "filter-stance", speaker: "filter-speaker" };
    Object.keys(selects).forEach(function (key) { selects[key] = document.getElementById(selects[key]); });
    var count = document.getElementById("filter-count");
    var empty = document.getElementById("filter-empty");

    function matches(row, i, words) {
      for (var key in selects) {
        if (selects[key].value && row.dataset[key] !== selects[key].value) return false;
      }
      return words.every(function (word) { return haystacks[i].indexOf(word) !== -1; });
    }

    function apply() {
      var words = text.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        row.hidden = !matches(row, i, words);
        if (!row.hidden) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " claims";
      empty.hidden = shown > 0 || rows.length === 0;
    }

    text.addEventListener("input", apply);
    Object.keys(selects).forEach(function (key) { selects[key].addEventListener("change", apply); });
    apply();
  }

  setUpFilters();  // first, so the table works even if a chart fails
  drawFigures();
})();
