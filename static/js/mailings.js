// A mailing's delivery counts while the worker sends it (the job's bar is static/js/jobs.js). No inline scripts (the CSP forbids them).
(function () {
  "use strict";
  var section = document.querySelector("[data-mailing-progress]");
  if (!section || section.getAttribute("data-finished") === "1") { return; }
  var url = section.getAttribute("data-mailing-progress");
  var text = document.getElementById("mailing-progress-text");
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { window.setTimeout(poll, 5000); return; }
        if (text.textContent !== data.text) { text.textContent = data.text; }
        if (data.status === "sent") { window.location.reload(); return; }
        window.setTimeout(poll, 1000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 500);
})();
