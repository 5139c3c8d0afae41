"""``{{ value|richtext }}``: formatted text cleaned at render, whatever path stored it."""

from django import template
from django.utils.safestring import mark_safe

from portal.sanitize import clean_html, clean_richtext, richtext_for_pdf, richtext_to_plain_text

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
