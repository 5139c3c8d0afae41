"""A chosen period besides the calendar year (the project's year, December 2024–December 2025),
for the lists of organisations and the "since the start" counts of the report and the figures page.

A figure that makes sense over any stretch of days takes either a year (an int: the calendar year,
as docs/domain.md counts every figure) or a `Period`, and filters its dates with `in_period`: the
same function counts both, so a period's figures mean exactly what the year's do. Such figures are
registered with `periods=True` (portal.reporting.figures).
"""

import datetime
from typing import NamedTuple

from django.utils import dateformat
from django.utils.translation import gettext as _


class Period(NamedTuple):
    start: datetime.date
    end: datetime.date

    def label(self):
        """'desember 2024–desember 2025' (in the active language)."""
        return f"{dateformat.format(self.start, 'F Y')}–{dateformat.format(self.end, 'F Y')}".lower()

    def as_json(self):
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


class BadPeriod(ValueError):
    """A period a visitor or a command gave that is no period (the message says why)."""


# The longest period the portal counts over: a project of a few years, not a typo's millennium.
MAX_DAYS = 366 * 5


def period_from(start, end):
    """A Period from two ISO dates (strings or dates), or BadPeriod with a message for the user."""
    try:
        start = start if isinstance(start, datetime.date) else datetime.date.fromisoformat(str(start or "").strip())
        end = end if isinstance(end, datetime.date) else datetime.date.fromisoformat(str(end or "").strip())
    except ValueError:
        raise BadPeriod(_("Skriv periodens første og siste dag som datoer (ÅÅÅÅ-MM-DD).")) from None
    if end < start:
        raise BadPeriod(_("Perioden må slutte samme dag eller senere enn den starter."))
    if (end - start).days > MAX_DAYS:
        raise BadPeriod(_("En periode kan være høyst fem år."))
    return Period(start, end)


def in_period(period, field):
    """The lookups for `field` (a date) in `period`: a year (an int) is the calendar year."""
    if isinstance(period, Period):
        return {f"{field}__range": (period.start, period.end)}
    return {f"{field}__year": period}
