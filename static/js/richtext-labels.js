// The editor bundle asks window.gettext for the words of its link dialog; answer from the labels
// the server rendered (portal.text.formatted.LABELS, translated), so the dialog speaks the page's language.
(function () {
  const holder = document.querySelector("[data-richtext-labels]");
  if (!holder || window.gettext) return;
  const labels = JSON.parse(holder.getAttribute("data-richtext-labels"));
  window.gettext = (text) => labels[text] || text;
})();
