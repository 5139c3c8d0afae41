"""Small builders for panel records."""

import datetime

from organisations.models import Kind
from panel.models import Attendance, Meeting
from tests.conftest import make_organisation


def meeting(date, kind="panel", status="held", title=None, **fields):
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    return Meeting.objects.create(kind=kind, date=date, title=title or f"Møte {date}", status=status, **fields)


def attend(meeting, organisation, participants=1):
    return Attendance.objects.create(meeting=meeting, organisation=organisation, participants=participants)


def organisation(name=None, kind=Kind.IMMIGRANT_ORGANISATION, **fields):
    return make_organisation(name=name, kind=kind, **fields)


def service(name=None, **fields):
    return make_organisation(name=name, kind=Kind.MUNICIPAL_SERVICE, **fields)


def series(name, **fields):
    from panel.models import MeetingSeries
    from panel.services import series_unique_slug

    return MeetingSeries.objects.create(name=name, slug=series_unique_slug(name), **fields)


def series_meeting(series_, date, status="held", title=None, **fields):
    return meeting(date, kind="series", status=status, title=title or f"{series_.name} {date}", series=series_, **fields)
