// Mangfoldsportalen's shared script. No inline scripts anywhere (the CSP forbids them):
// behaviour is attached here by data attributes.
(function () {
  "use strict";
  // <form data-autosubmit>: a changed select submits the filter form (the button stays for no-JS use).
  document.querySelectorAll("form[data-autosubmit] select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.requestSubmit(); });
  });
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
