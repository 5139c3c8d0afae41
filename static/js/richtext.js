// The formatted-text editor (portal.text.formatted): django-prose-editor's bundle, started without an
// import map and without injected <style> so the strict Content-Security-Policy holds.
import * as E from "../django_prose_editor/editor.js";

const ATTRIBUTE = "data-django-prose-editor-portal";

// A footnote in a chapter of the annual report: the note's text, marked where the note belongs.
// The PDF sets it at the foot of the page with its number (float: footnote); the server keeps
// exactly <span class="footnote"> (portal.text.sanitize.clean_report_text).
const Footnote = E.Mark.create({
  name: "footnote",
  excludes: "link",
  parseHTML() {
    return [{ tag: "span.footnote" }];
  },
  renderHTML() {
    return ["span", { class: "footnote" }, 0];
  },
  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "footnote",
      groups: "marks",
      button: buttons.material("notes", "Footnote"),
      command(editor) {
        editor.chain().focus().toggleMark("footnote").run();
      },
      active: (editor) => editor.isActive("footnote"),
      enabled: (editor) => !editor.state.selection.empty || editor.isActive("footnote"),
    });
  },
});
const PORTAL_EXTENSIONS = { Footnote };

// Word puts a list on the clipboard as paragraphs styled "mso-list", each starting with its bullet
// between <![if !supportLists]> and <![endif]>: turn them into a real list before the editor reads it.
// The server cleans the same way (portal.text.sanitize.clean_richtext) for text that skips the editor.
function wordListsToLists(html) {
  if (!/mso-list/i.test(html)) return html;
  const doc = new DOMParser().parseFromString(html.replace(/<!\[if !supportLists\]>[\s\S]*?<!\[endif\]>/gi, ""), "text/html");
  let list = null;
  for (const p of Array.from(doc.body.querySelectorAll("p"))) {
    if (!/mso-list/i.test(p.getAttribute("style") || "")) {
      list = null;
      continue;
    }
    if (!list || list.nextElementSibling !== p) {
      list = doc.createElement("ul");
      p.before(list);
    }
    const item = doc.createElement("li");
    item.innerHTML = p.innerHTML;
    list.append(item);
    p.remove();
  }
  return doc.body.innerHTML;
}

// The bundle names its buttons in English; give each its translated accessible name and tooltip.
function nameTheButtons(wrapper, labels) {
  const menubar = wrapper.querySelector(".prose-menubar");
  if (!menubar) return;
  menubar.setAttribute("role", "toolbar");
  if (labels.toolbar) menubar.setAttribute("aria-label", labels.toolbar);
  for (const element of menubar.querySelectorAll("[data-name]")) {
    const label = labels[element.dataset.name];
    if (!label) continue;
    if (element.classList.contains("prose-menubar__option")) {
      element.firstElementChild.textContent = label;
    } else {
      element.setAttribute("aria-label", label);
      element.setAttribute("title", label);
    }
  }
  watchTheButtons(menubar);
  const selected = menubar.querySelector(".prose-menubar__selected .prose-menubar__button");
  if (selected && labels.blockType) {
    selected.setAttribute("aria-label", labels.blockType);
    selected.setAttribute("title", labels.blockType);
  }
}

// The bundle greys out a button that cannot act now (undo with nothing to undo, a link with no
// text selected) with a class alone: say it to screen readers too, as aria-disabled. It also tells
// contrast checkers that the faded button is an inactive control (WCAG 1.4.3 exempts those), which
// they could otherwise only guess while the icon font is still loading.
function markTheUnavailable(menubar) {
  for (const button of menubar.querySelectorAll(".prose-menubar__button")) {
    const unavailable = button.classList.contains("disabled") && !button.classList.contains("active");
    if (unavailable) button.setAttribute("aria-disabled", "true");
    else button.removeAttribute("aria-disabled");
  }
}

const watched = new WeakSet();
function watchTheButtons(menubar) {
  if (watched.has(menubar)) return;
  watched.add(menubar);
  markTheUnavailable(menubar);
  new MutationObserver(() => markTheUnavailable(menubar)).observe(menubar, {
    subtree: true, childList: true, attributes: true, attributeFilter: ["class"],
  });
}

function start(textarea) {
  const config = JSON.parse(textarea.getAttribute(ATTRIBUTE) || "{}");
  const extensions = [];
  for (const [name, options] of Object.entries(config.extensions || {})) {
    const extension = PORTAL_EXTENSIONS[name] || E[name];
    if (extension) extensions.push(typeof options === "object" ? extension.configure(options) : extension);
  }
  // The editable area is what a screen reader meets: it carries the field's label and help text.
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  if (label && !label.id) label.id = `${textarea.id}_label`;
  const help = document.getElementById(`${textarea.id}_helptext`);
  const attributes = { role: "textbox", "aria-multiline": "true" };
  if (label) attributes["aria-labelledby"] = label.id;
  if (help) attributes["aria-describedby"] = help.id;
  if (textarea.getAttribute("aria-invalid")) attributes["aria-invalid"] = textarea.getAttribute("aria-invalid");
  // A description in another language is written in that language: lang and dir on the editable area.
  for (const name of ["lang", "dir"]) if (textarea.getAttribute(name)) attributes[name] = textarea.getAttribute(name);

  const wrapper = E.crel("div", { className: "prose-editor" });
  textarea.before(wrapper);
  wrapper.append(textarea);
  const editor = new E.Editor({
    element: wrapper,
    extensions,
    content: textarea.value,
    injectCSS: false,
    editorProps: { attributes, transformPastedHTML: wordListsToLists },
    onUpdate({ editor }) {
      const html = editor.getHTML();
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html;
    },
  });
  // The menu is built once the editor has started, and its block-type button is redrawn as the
  // cursor moves: name the buttons then, and after every change.
  const labels = JSON.parse(textarea.getAttribute("data-richtext-labels") || "{}");
  const rename = () => nameTheButtons(wrapper, labels);
  editor.on("create", rename);
  editor.on("transaction", rename);
  rename();
  if (label) {
    label.addEventListener("click", (event) => {
      event.preventDefault();
      editor.commands.focus();
    });
  }
  followTheLanguage(textarea, editor);
  textarea.dispatchEvent(new CustomEvent("richtext:ready", { bubbles: true }));
}

// A per-language description names the select of its language (data-richtext-lang-from): when
// another language is chosen, the editor takes its lang and writing direction.
function followTheLanguage(textarea, editor) {
  const select = document.getElementById(textarea.getAttribute("data-richtext-lang-from") || "");
  if (!select) return;
  const directions = JSON.parse(select.getAttribute("data-richtext-directions") || "{}");
  select.addEventListener("change", () => {
    const code = select.value;
    const dom = editor.view.dom;
    for (const element of [dom, textarea]) {
      if (code) element.setAttribute("lang", code);
      else element.removeAttribute("lang");
      element.setAttribute("dir", code ? directions[code] || "ltr" : "auto");
    }
  });
}

const started = new WeakSet();
function startAll(root) {
  for (const textarea of root.querySelectorAll(`textarea[${ATTRIBUTE}]`)) {
    if (started.has(textarea)) continue;
    started.add(textarea);
    start(textarea);
  }
}
startAll(document);
// Rows added later (a formset's "add a language") get their editor too.
new MutationObserver((changes) => {
  for (const change of changes) for (const node of change.addedNodes) if (node.nodeType === 1) startAll(node);
}).observe(document.body, { childList: true, subtree: true });
