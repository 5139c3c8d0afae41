// Long lists of check boxes (organisations for an activity): a search box above the list filters
// what is shown, and the boxes already ticked stay shown whatever is typed, so earlier choices
// are never out of sight. Without JavaScript the check boxes work as they are.
(function () {
  "use strict";
  function fold(text) {
    return text.toLocaleLowerCase("nb").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/æ/g, "ae").replace(/ø/g, "o").replace(/å/g, "a");
  }
  var done = {};
  document.querySelectorAll("input[type=checkbox][data-choice-search]").forEach(function (first) {
    var name = first.name;
    if (done[name]) { return; }
    done[name] = true;
    var boxes = Array.prototype.slice.call(document.querySelectorAll("input[type=checkbox][data-choice-search]"))
      .filter(function (box) { return box.name === name; });
    var items = boxes.map(function (box) { return box.closest(".form-check") || box.parentElement; });
    var list = items[0].parentElement;
    list.classList.add("choice-list");
    var search = document.createElement("input");
    search.type = "search";
    search.className = "form-control form-control-sm mb-2 choice-search";
    search.id = "search-" + first.id.replace(/_\d+$/, "");
    search.setAttribute("aria-label", first.getAttribute("data-choice-search"));
    search.placeholder = first.getAttribute("data-choice-search");
    search.setAttribute("aria-controls", list.id || "");
    list.parentElement.insertBefore(search, list);
    function apply() {
      var wanted = fold(search.value.trim());
      items.forEach(function (item, index) {
        var text = fold(item.textContent);
        item.hidden = !(boxes[index].checked || !wanted || text.indexOf(wanted) !== -1);
      });
    }
    search.addEventListener("input", apply);
    // Enter in the search box filters; it must not send the form half filled in.
    search.addEventListener("keydown", function (event) { if (event.key === "Enter") { event.preventDefault(); } });
    boxes.forEach(function (box) { box.addEventListener("change", apply); });
  });
})();
