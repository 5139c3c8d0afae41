// A mailing's progress while the worker sends it. No inline scripts (the CSP forbids them).
(function () {
  "use strict";
  var section = document.querySelector("[data-mailing-progress]");
  if (!section || section.getAttribute("data-finished") === "1") { return; }
  var url = section.getAttribute("data-mailing-progress");
  var bar = document.getElementById("mailing-progress-bar");
  var text = document.getElementById("mailing-progress-text");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        bar.value = data.percent;
        bar.textContent = data.percent + " %";
        if (text.textContent !== data.text) { text.textContent = data.text; }
        if (data.status === "sent") { window.location.reload(); return; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 500);
})();
