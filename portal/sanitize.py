"""Formatted text from users (minutes, report narratives, descriptions) is cleaned with nh3
before it is stored, and marked safe only after that."""

import re

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "caption",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}}


def clean_html(text):
    """Keep structure and links; drop scripts, styles, event handlers and unknown tags."""
    return nh3.clean(
        text or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


# --- Formatted text written in the editor (portal.richtext) -------------------------------------
# Only what the editor offers: paragraphs, two heading levels, bold, italic, lists and links.
RICHTEXT_TAGS = {"p", "br", "h2", "h3", "strong", "em", "ul", "ol", "li", "a"}
RICHTEXT_ATTRIBUTES = {"a": {"href", "title"}}
# Content dropped with its tag (Word's clipboard carries <style> and <xml> blocks; nothing of a
# <script> or <title> is text anyone typed).
_DROPPED_WITH_CONTENT = {"script", "style", "xml", "title", "head", "template", "noscript", "iframe", "object"}

_HTML_TAG = re.compile(r"</?(p|br|ul|ol|li|h[1-6]|div|strong|em|b|i|a|span|table|blockquote)\b", re.IGNORECASE)
_LIST_LINE = re.compile(r"^\s*[-*•]\s+(.*)$")
# Word and browsers use <b>/<i> and six heading levels; the editor stores <strong>/<em>, <h2>/<h3>.
_RENAMES = [
    (re.compile(r"<(/?)b(\s[^>]*)?>", re.IGNORECASE), r"<\1strong>"),
    (re.compile(r"<(/?)i(\s[^>]*)?>", re.IGNORECASE), r"<\1em>"),
    (re.compile(r"<(/?)h1(\s[^>]*)?>", re.IGNORECASE), r"<\1h2>"),
    (re.compile(r"<(/?)h[4-6](\s[^>]*)?>", re.IGNORECASE), r"<\1h3>"),
]
_BLOCK_GAP = re.compile(r"(</(?:p|h2|h3|ul|ol|li)>|<(?:ul|ol)>)\s+")
_EMPTY_BLOCK = re.compile(r"<(p|h2|h3|li|strong|em)>(?:\s|&nbsp;|\xa0|<br>)*</\1>")


# Word writes a list as paragraphs styled "mso-list", each starting with its bullet or number
# between <![if !supportLists]> and <![endif]>.
_WORD_LIST_PARAGRAPH = re.compile(r"<p\b[^>]*mso-list[^>]*>(.*?)</p>", re.IGNORECASE | re.DOTALL)
_WORD_LIST_MARKER = re.compile(r"<!\[if !supportLists\]>.*?<!\[endif\]>", re.IGNORECASE | re.DOTALL)
_WORD_ORDERED_MARKER = re.compile(r"^\s*(?:<[^>]+>|\s)*(?:\d+|[a-z]|[ivx]+)[.)]", re.IGNORECASE)


def _word_lists_to_html_lists(text):
    def list_item(match):
        marker = _WORD_LIST_MARKER.search(match.group(1))
        kind = "ol" if marker and _WORD_ORDERED_MARKER.match(marker.group(0)[len("<![if !supportLists]>"):]) else "ul"
        return f"<li data-list={kind}>" + _WORD_LIST_MARKER.sub("", match.group(1)) + "</li>"

    text = _WORD_LIST_PARAGRAPH.sub(list_item, text)

    def wrap(match):
        kind = match.group(1)
        return f"<{kind}>" + re.sub(r"<li data-list=\w+>", "<li>", match.group(0)) + f"</{kind}>"

    return re.sub(r"(?:<li data-list=(\w+)>.*?</li>\s*)+", wrap, text, flags=re.DOTALL)


def looks_like_plain_text(text):
    """True for text typed before the editor existed: no tag the editor or a paste would write."""
    return not _HTML_TAG.search(text or "")


def plain_text_to_html(text):
    """Blank lines separate paragraphs; lines starting with "- " (or "* ", "• ") become a bulleted
    list; other line breaks inside a paragraph are kept as <br>."""
    from django.utils.html import escape

    blocks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").replace("\r", "\n").strip())
    html = []
    for block in blocks:
        lines = [line.rstrip() for line in block.split("\n") if line.strip()]
        paragraph, items = [], []

        def flush_paragraph():
            if paragraph:
                html.append("<p>" + "<br>".join(escape(line.strip()) for line in paragraph) + "</p>")
                paragraph.clear()

        def flush_list():
            if items:
                html.append("<ul>" + "".join(f"<li><p>{escape(item)}</p></li>" for item in items) + "</ul>")
                items.clear()

        for line in lines:
            match = _LIST_LINE.match(line)
            if match:
                flush_paragraph()
                items.append(match.group(1).strip())
            else:
                flush_list()
                paragraph.append(line)
        flush_paragraph()
        flush_list()
    return "".join(html)


def clean_richtext(text):
    """The one cleaning of formatted text, on every way in and again at render: plain text becomes
    paragraphs and lists; Word's markup (mso- styles, <o:p>, spans, classes, conditional comments)
    and anything outside the editor's formatting is dropped; empty paragraphs go."""
    text = text or ""
    if not text.strip():
        return ""
    if looks_like_plain_text(text):
        return plain_text_to_html(text)
    text = _word_lists_to_html_lists(text)
    for pattern, replacement in _RENAMES:
        text = pattern.sub(replacement, text)
    cleaned = nh3.clean(
        text,
        tags=RICHTEXT_TAGS,
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=RICHTEXT_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    previous = None
    while previous != cleaned:
        previous, cleaned = cleaned, _EMPTY_BLOCK.sub("", cleaned)
    return _BLOCK_GAP.sub(r"\1", cleaned).strip()
