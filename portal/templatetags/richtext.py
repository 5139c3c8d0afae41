"""``{{ value|richtext }}``: formatted text cleaned at render, whatever path stored it."""

from django import template
from django.utils.safestring import mark_safe

from portal.sanitize import clean_richtext

register = template.Library()


@register.filter
def richtext(value):
    return mark_safe(clean_richtext(str(value or "")))  # noqa: S308 — nh3 has just cleaned it
