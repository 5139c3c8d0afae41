"""Formatted text of the goals pages, cleaned on the way out whatever wrote it (form, import,
admin), so a template never marks unchecked HTML safe."""

from django import template
from django.utils.safestring import mark_safe

from portal.sanitize import clean_html

register = template.Library()


@register.filter(name="clean_html")
def clean_html_filter(value):
    return mark_safe(clean_html(value))  # noqa: S308 — nh3 has just cleaned it
