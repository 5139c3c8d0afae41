// The editor's listing form. No inline scripts (the CSP forbids them): attached by data attributes.
(function () {
  "use strict";
  // A logo over the size limit is refused before it is sent; the server checks it again
  // (by content and size), this only saves the editor a long upload.
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    var limit = parseInt(input.getAttribute("data-max-bytes"), 10);
    var message = document.getElementById("logo-size-error");
    input.addEventListener("change", function () {
      var tooLarge = input.files.length > 0 && input.files[0].size > limit;
      input.setCustomValidity(tooLarge && message ? message.textContent : "");
      input.classList.toggle("is-invalid", tooLarge);
      if (message) { message.hidden = !tooLarge; }
      if (message && tooLarge) {
        input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " logo-size-error").trim());
      }
    });
  });
})();

// "Add a language" in a formset (descriptions in other languages): copies the formset's empty
// row. Without JavaScript the one empty row the page always has still works.
(function () {
  "use strict";
  document.querySelectorAll("[data-formset]").forEach(function (fieldset) {
    var prefix = fieldset.getAttribute("data-formset");
    var total = fieldset.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var max = fieldset.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    var template = fieldset.querySelector("template[data-formset-empty]");
    var rows = fieldset.querySelector("[data-formset-rows]");
    var button = fieldset.querySelector("[data-formset-add]");
    if (!total || !template || !rows || !button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (max && index >= parseInt(max.value, 10)) { return; }
      var html = template.innerHTML.replace(/__prefix__/g, String(index));
      rows.insertAdjacentHTML("beforeend", html);
      total.value = String(index + 1);
      var added = rows.lastElementChild.querySelector("select, textarea");
      if (added) { added.focus(); }
    });
  });
})();
