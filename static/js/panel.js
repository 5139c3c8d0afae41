// The panel's pages. Attendance at the door: the organisation list filters as you type.
// Without JavaScript the same search box submits and the server filters the list.
(function () {
  "use strict";
  var NORDIC = { "æ": "ae", "ø": "o", "å": "a", "ß": "ss", "đ": "d", "ł": "l" };
  // The same folding as organisations.search.fold: "Østre" finds "ostre", "Café" "cafe".
  function fold(text) {
    return (text || "").toLowerCase().replace(/[æøåßđł]/g, function (ch) { return NORDIC[ch]; })
      .normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  }
  var search = document.querySelector("form[data-attendance-search]");
  var table = document.querySelector("table[data-attendance-table]");
  if (search && table) {
    var input = search.querySelector("input[type=search]");
    var none = document.querySelector("[data-attendance-none]");
    var rows = Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-name]"));
    var filter = function () {
      var terms = fold(input.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (row) {
        var name = row.getAttribute("data-name");
        var match = terms.every(function (term) { return name.indexOf(term) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      if (none) { none.classList.toggle("d-none", shown !== 0); }
    };
    input.addEventListener("input", filter);
    // Enter in the search box filters here rather than reloading the page.
    search.addEventListener("submit", function (event) { event.preventDefault(); filter(); });
    // A row whose count changed is marked, so the coordinator sees what will be saved.
    table.addEventListener("input", function (event) {
      var field = event.target;
      if (field.type !== "number") { return; }
      var shown = table.querySelector("input[name='i-" + field.name.slice(2) + "']");
      field.closest("tr").classList.toggle("attendance-changed", shown && shown.value !== field.value);
    });
    filter();
  }
  // Totals follow what is typed: organisations with a count of 1–999 and the sum of their counts
  // (the same rule the server applies when it saves; a bad value counts for nothing).
  var totals = document.querySelector("[data-attendance-totals]");
  if (totals && table) {
    var format = new Intl.NumberFormat(document.documentElement.lang || "nb");
    var update = function () {
      var present = 0, sum = 0;
      table.querySelectorAll("input[type=number][name^='p-']").forEach(function (field) {
        var value = field.value.trim();
        if (!/^\d+$/.test(value)) { return; }
        var number = parseInt(value, 10);
        if (number >= 1 && number <= 999) { present += 1; sum += number; }
      });
      var template = totals.getAttribute(present === 1 ? "data-one" : "data-many");
      totals.textContent = template.replace("__N__", format.format(present)).replace("__T__", format.format(sum));
    };
    table.addEventListener("input", update);
  }
})();
