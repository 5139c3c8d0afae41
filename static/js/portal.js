// Mangfoldsportalen's shared script. No inline scripts anywhere (the CSP forbids them):
// behaviour is attached here by data attributes.
(function () {
  "use strict";
  // Filter forms apply on their button, never on change: a keyboard user moving through a
  // select's options with the arrow keys must not be sent to a new page (WCAG 3.2.2).
  // <button data-confirm="…">: ask before a destructive action.
  document.querySelectorAll("[data-confirm]").forEach(function (element) {
    element.addEventListener("click", function (event) {
      if (!window.confirm(element.getAttribute("data-confirm"))) { event.preventDefault(); }
    });
  });
  // Forms are submitted once: a double click does not send a second request.
  document.querySelectorAll("form[method=post], form[method=POST]").forEach(function (form) {
    form.addEventListener("submit", function () {
      window.setTimeout(function () {
        form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });
})();
