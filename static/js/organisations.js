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
