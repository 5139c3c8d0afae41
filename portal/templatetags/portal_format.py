"""Norwegian number formats for figures: 1 250 · 4,5 · 189 %, through Django's own locale formats."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils import formats, timezone

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


# Dates with the weekday or a short month, in the page's language (the named formats
# DATE_FORMAT, SHORT_DATE_FORMAT … cover the rest: portal/formats/en for English).
_DATE_PATTERNS = {
    "weekday": {"nb": "l j. F Y", "en": "l j F Y"},
    "weekday_time": {"nb": "l j. F Y \\k\\l. H:i", "en": "l j F Y, H:i"},
    "brief": {"nb": "j. M Y", "en": "j F Y"},
}


def _dated(value, pattern):
    from django.template.defaultfilters import date as date_filter
    from django.utils.translation import get_language

    # The municipality's time (TIME_ZONE, Europe/Oslo), whoever calls: a template passes a
    # local time already (expects_localtime), Python code (e-mails, PDFs) may pass the stored UTC.
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    language = "en" if (get_language() or "").startswith("en") else "nb"
    return date_filter(value, _DATE_PATTERNS[pattern][language])


@register.filter(expects_localtime=True)
def weekday_date(value):
    """"tirsdag 10. desember 2025" / "Wednesday 10 December 2025" (the local date of a time)."""
    return _dated(value, "weekday")


@register.filter(expects_localtime=True)
def weekday_datetime(value):
    """"fredag 15. januar 2027 kl. 17:00" / "Friday 15 January 2027, 17:00", in Oslo time."""
    return _dated(value, "weekday_time")


@register.filter(expects_localtime=True)
def brief_date(value):
    """"10. des. 2025" / "10 December 2025"."""
    return _dated(value, "brief")
