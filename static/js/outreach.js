// Outreach log: search-as-you-type on "log a contact". Without JavaScript the same form is an
// ordinary GET search that lists the same results, so this only saves a click.
(function () {
  "use strict";
  var form = document.querySelector("form[data-organisation-search]");
  if (!form) { return; }
  var input = form.querySelector("input[name=q]");
  var target = document.getElementById("organisasjonstreff");
  var next = form.querySelector("input[name=next]");
  var timer = null;
  var latest = 0;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      var query = input.value.trim();
      var params = new URLSearchParams({ q: query });
      if (next) { params.set("next", next.value); }
      var request = ++latest;
      if (!query) { target.innerHTML = ""; return; }
      fetch(form.getAttribute("data-organisation-search") + "?" + params.toString(), {
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" }
      }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        // Answers can arrive out of order: only the newest query's results are shown.
        if (html !== null && request === latest) { target.innerHTML = html; }
      }).catch(function () { /* the submit button still works */ });
    }, 250);
  });
})();
