"""Exact query counts of the main pages, each query named (as healthchecks pins them). The data
grows between the two runs; the count must not."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from panel.models import Invitation
from tests.conftest import make_organisation
from tests.factories import attend, meeting

pytestmark = pytest.mark.django_db


def build(size, prefix):
    for n in range(size):
        organisation = make_organisation(name=f"{prefix} {n}")
        organisation.municipality = "Stavanger"
        organisation.save()  # an audit entry more
        held = meeting(f"2025-0{1 + n % 9}-{1 + n % 28:02d}")
        attend(held, organisation, participants=2)
        Invitation.objects.create(meeting=held, organisation=organisation)


def queries(client, url):
    client.get(url)  # the first request fills per-process caches (content types)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


# (page, exact count, the queries in order)
SIGNED_IN_PAGES = [
    # session, user, the user's groups (roles), count of entries, the page of entries with actors
    # and content types, "is the user an editor of any organisation" (the menu)
    ("/koordinator/logg/", 6),
    # session, user, groups, the years with meetings (the year tabs), the editor check (menu),
    # the meetings with invitations, organisations present and participants (one subquery each)
    ("/koordinator/panel/", 6),
    # session, user, groups, the editor check (the cards are the navigation), "has any active
    # organisation a number" (the yearly Brønnøysund reminder; none has one here, so no second
    # query for the last bulk check), then the day's overview (hub/dashboard.py, named in
    # tests/portal/test_dashboard.py): input, registrations waiting, pending changes, pending events, pending regular offers, stale listings,
    # follow-ups, the next meeting, the series that have met fewer times than expected, and the
    # networks' three (the year's agreements, those starting or ending soon, proposals waiting)
    ("/koordinator/", 17),
]


@pytest.mark.parametrize("url, expected", SIGNED_IN_PAGES)
def test_a_coordinators_page_makes_the_same_queries_whatever_the_data(client, coordinator, url, expected):
    client.force_login(coordinator)
    build(2, "Liten")
    assert queries(client, url) == expected
    build(25, "Stor")
    assert queries(client, url) == expected


def test_the_start_page_makes_the_same_queries_whatever_the_data(client):
    # (an anonymous visitor: no session, no user) the languages of the search form, the count of
    # published organisations, the coming panel meetings (topics prefetched only when there are
    # some), the coming approved events
    build(2, "Liten")
    assert queries(client, "/") == 4
    build(25, "Stor")
    assert queries(client, "/") == 4
