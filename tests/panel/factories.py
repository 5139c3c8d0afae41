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
