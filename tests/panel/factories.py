"""Small builders for panel records."""

import datetime

from organisations.models import Kind
from panel.models import Attendance, Meeting
from tests.conftest import make_organisation
from tests.factories import attend, meeting  # noqa: F401 (the shared builders)




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
