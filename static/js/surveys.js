// Survey answer form: conditional questions appear and disappear without a page reload.
// The server checks the same conditions, so the form works without this script too.
(function () {
  "use strict";
  var form = document.querySelector("form[data-survey-form]");
  if (!form) { return; }

  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // With the script the questions show themselves; the "answer only if …" hints are for no-JS use.
  form.querySelectorAll("[data-condition-hint]").forEach(function (hint) { hint.hidden = true; });

  var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-show-if-name]"));

  function valuesOf(name) {
    var values = [];
    form.querySelectorAll("[name='" + name + "']").forEach(function (input) {
      if (input.disabled) { return; }
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) { values.push(input.value); }
      } else if (input.value.trim()) {
        values.push(input.value.trim());
      }
    });
    return values;
  }

  function update() {
    // Document order: a question's source is updated before it, so chains settle in one pass.
    blocks.forEach(function (block) {
      var shown = valuesOf(block.getAttribute("data-show-if-name")).indexOf(block.getAttribute("data-show-if-value")) !== -1;
      block.hidden = !shown;
      // Disabled fields are not sent: a hidden question's answer never leaves the browser.
      block.querySelectorAll("input, textarea, select").forEach(function (input) { input.disabled = !shown; });
    });
  }

  form.addEventListener("change", update);
  update();
  // Back to the form: the browser puts the chosen answers back after this script ran, and fires
  // no change for them; pageshow comes after, so a restored answer shows its follow-up again.
  window.addEventListener("pageshow", update);

  // The page's language switch takes the typed answers along: it sends this form with the
  // chosen language (the server shows it again in that language, storing nothing).
  document.querySelectorAll("form[data-language-switch] button[name=language]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      var chosen = document.createElement("input");
      chosen.type = "hidden";
      chosen.name = "sprak";
      chosen.value = button.value;
      form.appendChild(chosen);
      form.submit();
    });
  });
})();
