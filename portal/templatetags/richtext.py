"""``{{ value|richtext }}``: formatted text cleaned at render, whatever path stored it."""

import re

from django import template
from django.utils.html import escape
from django.utils.translation import gettext
from django.utils.safestring import mark_safe

from portal.text.sanitize import clean_html, clean_richtext, richtext_for_pdf, richtext_to_plain_text

register = template.Library()


@register.filter
def richtext(value):
    return mark_safe(clean_richtext(str(value or "")))  # noqa: S308 — nh3 has just cleaned it


@register.filter
def formatted_html(value):
    """For documents that freeze their texts (approved reports' snapshots): cleaned at render with
    the wider allow-list they were approved under (tables too), so an approved report reads as it
    was approved, and no script reaches the page whatever path stored it."""
    return mark_safe(clean_html(str(value or "")))  # noqa: S308 — nh3 has just cleaned it


@register.filter
def plaintext(value):
    """Formatted text as plain text, for snippets, meta descriptions and Open Graph
    (``{{ organisation.description|plaintext|truncatewords:30 }}``): no tags, no entities."""
    return richtext_to_plain_text(str(value or ""))


@register.filter
def richtext_pdf(value):
    """``richtext`` for pages that are also a tagged PDF: list items come out as LI > Lbl + LBody."""
    return mark_safe(richtext_for_pdf(str(value or "")))  # noqa: S308 — nh3 has just cleaned it


_FOOTNOTE = re.compile(r'<span class="footnote">(.*?)</span>', re.DOTALL)


@register.filter
def web_footnotes(value, prefix):
    """Formatted text (``formatted_html``) for a web page: each footnote becomes a numbered link
    to its note, and the notes a numbered list after the text (the PDF sets them at the foot of
    the page instead, from the same markup)."""
    html = clean_html(str(value or ""))
    notes = []

    def call(match):
        notes.append(match.group(1))
        n = len(notes)
        return (
            f'<sup class="footnote-ref"><a href="#{prefix}-note-{n}" id="{prefix}-ref-{n}" '
            f'aria-describedby="{prefix}-notes-label">{n}</a></sup>'
        )

    html = _FOOTNOTE.sub(call, html)
    if notes:
        items = "".join(
            f'<li id="{prefix}-note-{n}">{note} <a href="#{prefix}-ref-{n}" class="footnote-back">'
            f'{escape(gettext("Tilbake til teksten"))}</a></li>'
            for n, note in enumerate(notes, start=1)
        )
        html += (
            f'<div class="footnotes"><p id="{prefix}-notes-label" class="visually-hidden">{escape(gettext("Fotnoter"))}</p>'
            f"<ol>{items}</ol></div>"
        )
    return mark_safe(html)  # noqa: S308 — cleaned by nh3 above; the rest is our markup around it
