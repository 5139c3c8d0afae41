"""Formatted text from users (minutes, report narratives, descriptions) is cleaned with nh3
before it is stored, and marked safe only after that."""

import re
from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "h2", "h3", "h4",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "caption", "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope", "colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
# A footnote is its text marked where the note belongs: <span class="footnote">…</span> (the
# report's PDF sets it at the foot of the page; a span with any other class keeps no class).
ALLOWED_CLASSES = {"span": {"footnote"}}


def clean_html(text):
    """Keep structure and links; drop scripts, styles, event handlers and unknown tags."""
    return nh3.clean(
        text or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


# --- Formatted text written in the editor (portal.text.formatted) -------------------------------------
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


# A chapter of the annual report may hold more: simple tables (a header row, cells) and footnotes.
REPORT_TAGS = RICHTEXT_TAGS | {"table", "thead", "tbody", "tr", "th", "td", "span"}
REPORT_ATTRIBUTES = {**RICHTEXT_ATTRIBUTES, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"}}
_EMPTY_FOOTNOTE = re.compile(r"<span(?: class=\"\")?>((?:(?!</?span).)*)</span>|<span class=\"footnote\">(?:\s|&nbsp;|\xa0)*</span>", re.DOTALL)


def clean_report_text(text):
    """``clean_richtext`` for a chapter of the annual report: tables and footnotes kept too."""
    cleaned = clean_richtext(text, tags=REPORT_TAGS, attributes=REPORT_ATTRIBUTES, classes=ALLOWED_CLASSES)
    # A span that is no footnote is only the editor's (or Word's) wrapping: its text stays.
    return _EMPTY_FOOTNOTE.sub(lambda m: m.group(1) or "", cleaned)


def clean_richtext(text, *, tags=RICHTEXT_TAGS, attributes=RICHTEXT_ATTRIBUTES, classes=None):
    """The one cleaning of formatted text, on every way in and again at render: plain text becomes
    paragraphs and lists; Word's markup (mso- styles, <o:p>, spans, classes, conditional comments)
    and anything outside the editor's formatting is dropped; empty paragraphs go."""
    text = text or ""
    if not text.strip():
        return ""
    if looks_like_plain_text(text):
        # Through nh3 too, so the result is what cleaning it again gives (one stored form: "'" not "&#x27;").
        text = plain_text_to_html(text)
    text = _word_lists_to_html_lists(text)
    for pattern, replacement in _RENAMES:
        text = pattern.sub(replacement, text)
    cleaned = nh3.clean(
        text,
        tags=tags,
        clean_content_tags=_DROPPED_WITH_CONTENT,
        attributes=attributes,
        allowed_classes=classes,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    previous = None
    while previous != cleaned:
        previous, cleaned = cleaned, _EMPTY_BLOCK.sub("", cleaned)
    return _BLOCK_GAP.sub(r"\1", cleaned).strip()


# The editor writes a list item as <li><p>…</p></li>; WeasyPrint tags that LI > P, where PDF/UA
# wants LI > Lbl + LBody, which it gives for <li>…</li>. Applied to cleaned text only.
_ONE_PARAGRAPH_ITEM = re.compile(r"<li><p>((?:(?!</?p>|<li>|</li>).)*)</p></li>", re.DOTALL)


def richtext_for_pdf(text):
    """Cleaned formatted text whose one-paragraph list items hold their text directly."""
    return _ONE_PARAGRAPH_ITEM.sub(r"<li>\1</li>", clean_richtext(text))


# --- Formatted text for the places that take plain text only ----------------------------------
# Open data, the calendar feeds, meta descriptions, spreadsheets, search: no tags, no entities;
# paragraphs and headings separated by a blank line, bulleted items as "- ", numbered as "1. ".

_BLOCK_TAGS = {"p", "h2", "h3", "blockquote", "table", "tr", "div"}


class _PlainTextWriter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks, self.lines, self.prefix, self.line = [], [], "", ""
        self.lists = []  # one [ordered, items so far] per open list
        self.links = []  # hrefs of the open links, and where their text starts

    def _end_line(self):
        if self.line.strip():
            self.lines.append(self.prefix + " ".join(self.line.split()))
        self.prefix, self.line = ("  " * len(self.lists) if self.lists else ""), ""

    def _end_block(self):
        self._end_line()
        if self.lines:
            self.blocks.append("\n".join(self.lines))
            self.lines = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self._end_line()
        elif tag in ("ul", "ol"):
            self._end_line() if self.lists else self._end_block()
            self.lists.append([tag == "ol", 0])
        elif tag == "li" and self.lists:
            self._end_line()
            ordered, count = self.lists[-1]
            self.lists[-1][1] = count + 1
            self.prefix = "  " * (len(self.lists) - 1) + (f"{count + 1}. " if ordered else "- ")
        elif tag in _BLOCK_TAGS and not self.lists:
            self._end_block()
        elif tag == "a":
            self.links.append((dict(attrs).get("href") or "", len(self.line)))

    def handle_endtag(self, tag):
        if tag in ("ul", "ol") and self.lists:
            self._end_line()
            self.lists.pop()
            if not self.lists:
                self._end_block()
        elif tag == "li":
            self._end_line()
        elif tag in _BLOCK_TAGS and not self.lists:
            self._end_block()
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            text = self.line[start:].strip()
            if href and href not in (text, f"mailto:{text}") and text:
                self.line += f" ({href})"  # the address is part of what the text says

    def handle_data(self, data):
        self.line += data

    def text(self):
        self._end_block()
        return "\n\n".join(self.blocks)


def richtext_to_plain_text(text):
    """Formatted text (or legacy plain text) as clean plain text, for every plain-text sink."""
    html = clean_richtext(text)
    if not html:
        return ""
    writer = _PlainTextWriter()
    writer.feed(html)
    writer.close()
    return writer.text()
