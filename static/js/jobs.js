// Progress of background jobs (templates/portal/jobs/_progress.html): while a job runs, its
// status URL is polled and the <progress> bar and the status text are updated. No inline script.
(function () {
  "use strict";
  if (window.portalJobsStarted) { return; }
  window.portalJobsStarted = true;
  var POLL_MS = 1500;

  function update(card, job) {
    var bar = card.querySelector("progress");
    var text = card.querySelector("[data-job-text]");
    var state = card.querySelector("[data-job-state]");
    if (state) { state.textContent = job.state_label; }
    if (job.total > 0 || job.finished) {
      bar.max = job.total > 0 ? job.total : 1;
      bar.value = job.state === "succeeded" ? bar.max : job.done;
    }
    bar.textContent = job.percent + " %";
    if (job.state === "succeeded") {
      text.textContent = job.message || card.getAttribute("data-done-text") || "";
    } else if (job.state === "failed") {
      text.textContent = job.error;
    } else if (job.total > 0) {
      text.textContent = job.done + " / " + job.total;
    }
  }

  function poll(card) {
    fetch(card.getAttribute("data-job-status-url"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (job) {
        if (!job) { return; }
        update(card, job);
        if (job.finished) {
          card.removeAttribute("data-job-running");
          // A finished job may have changed the page (new rows, a PDF ready): show the result.
          if (card.hasAttribute("data-reload-when-done")) { window.location.reload(); }
        } else {
          window.setTimeout(function () { poll(card); }, POLL_MS);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(card); }, POLL_MS * 4); });
  }

  function start() {
    document.querySelectorAll(".job-progress[data-job-running]").forEach(function (card) {
      window.setTimeout(function () { poll(card); }, POLL_MS);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
