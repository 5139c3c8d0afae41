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

  // What was typed survives a session that ended while the form was open. Every form sent with
  // POST leaves a copy of its visible fields in this tab's sessionStorage (never a password, a
  // hidden field such as the CSRF token or a one-time key, or a file). When the server answers with
  // the sign-in page marked data-session-ended (portal/web/decorators.py) or the CSRF failure page marked
  // data-form-not-taken, the copy waits; on the form's page afterwards it is put back, once. Any other page that follows a send (saved,
  // or shown again with the errors by the server) drops the copy.
  var STASH = "portal:typed";
  var KEPT_FOR_MS = 2 * 60 * 60 * 1000;
  function here() { return window.location.pathname + window.location.search; }
  function readStash() {
    try { return JSON.parse(window.sessionStorage.getItem(STASH) || "null"); } catch (e) { return null; }
  }
  function writeStash(value) {
    try {
      if (value) { window.sessionStorage.setItem(STASH, JSON.stringify(value)); }
      else { window.sessionStorage.removeItem(STASH); }
    } catch (e) { /* storage full or off: nothing kept, nothing lost beyond what was */ }
  }
  function keptFields(form) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (field) {
      var type = (field.type || "").toLowerCase();
      if (!field.name || field.disabled || ["hidden", "password", "file", "submit", "button", "reset"].indexOf(type) !== -1) { return; }
      if (type === "checkbox" || type === "radio") { fields.push([field.name, field.value, field.checked]); return; }
      if (field.tagName === "SELECT" && field.multiple) {
        fields.push([field.name, Array.prototype.filter.call(field.options, function (o) { return o.selected; }).map(function (o) { return o.value; }), null]);
        return;
      }
      fields.push([field.name, field.value, null]);
    });
    return fields;
  }
  function putBack(form, fields) {
    fields.forEach(function (kept) {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name !== kept[0]) { return; }
        var type = (field.type || "").toLowerCase();
        if (type === "checkbox" || type === "radio") {
          if (field.value === kept[1]) { field.checked = kept[2]; }
        } else if (field.tagName === "SELECT" && field.multiple && Array.isArray(kept[1])) {
          Array.prototype.forEach.call(field.options, function (o) { o.selected = kept[1].indexOf(o.value) !== -1; });
        } else if (!Array.isArray(kept[1])) {
          field.value = kept[1];
        }
      });
    });
  }
  // On the document, so the form's own submit handlers (the text editor's) have run first.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if ((form.getAttribute("method") || "").toLowerCase() !== "post" || form.querySelector("input[type=password]")) { return; }
    writeStash({page: here(), action: form.action, fields: keptFields(form), at: Date.now()});
  });
  var stash = readStash();
  var ended = document.querySelector("[data-session-ended], [data-form-not-taken]");
  if (stash && Date.now() - stash.at > KEPT_FOR_MS) { stash = null; writeStash(null); }
  if (stash && ended) {
    stash.waiting = true;
    stash.notice = ended.getAttribute("data-restored-notice");
    writeStash(stash);
  } else if (stash && stash.waiting && stash.page.split("?")[0] === window.location.pathname) {
    writeStash(null);
    var form = Array.prototype.filter.call(document.querySelectorAll("form"), function (f) { return f.action === stash.action; })[0];
    if (form) {
      putBack(form, stash.fields);
      if (stash.notice) {
        var notice = document.createElement("div");
        notice.className = "alert alert-info";
        notice.setAttribute("role", "status");
        notice.textContent = stash.notice;
        form.parentNode.insertBefore(notice, form);
      }
    }
  } else if (stash && !stash.waiting) {
    writeStash(null);
  }
})();
