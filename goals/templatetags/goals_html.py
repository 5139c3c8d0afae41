"""Formatted text of the goals pages, cleaned on the way out whatever wrote it (form, import,
admin), so a template never marks unchecked HTML safe."""

from django import template
from django.utils.safestring import mark_safe

from portal.text.sanitize import clean_html

register = template.Library()


@register.filter(name="clean_html")
def clean_html_filter(value):
    return mark_safe(clean_html(value))  # noqa: S308 — nh3 has just cleaned it


@register.filter
def figure(value):
    """A goal's number as typed: whole numbers without decimals (26), others with up to two
    (12,5), in the portal's number format."""
    from decimal import Decimal

    from portal.templatetags.portal_format import number

    if value is None or value == "":
        return "–"
    amount = Decimal(str(value))
    if amount == amount.to_integral_value():
        return number(amount, 0)
    return number(amount, min(2, -amount.normalize().as_tuple().exponent))
