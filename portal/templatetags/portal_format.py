"""Norwegian number formats for figures: 1 250 · 4,5 · 189 %, through Django's own locale formats."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import formats

register = template.Library()


def _decimal(value):
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


@register.filter
def number(value, decimals=0):
    """A figure with grouped thousands in the active language: 1250 → "1 250", 4.5 → "4,5"."""
    amount = _decimal(value)
    if amount is None:
        return "–" if value is None or value == "" else value
    decimals = int(decimals)
    amount = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return formats.number_format(amount, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def percent(value, decimals=0):
    """189 → "189 %" (Norwegian puts a space before the sign)."""
    formatted = number(value, decimals)
    if formatted == "–":
        return formatted
    return f"{formatted}\u00a0%"


@register.filter
def year(value):
    """A year without grouping, whatever the locale: 2025 → "2025"."""
    return "" if value is None else str(value)
