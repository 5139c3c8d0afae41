"""The coordinators' busiest pages (the door/attendance page, the organisation list, the outreach
dashboard) make the same number of queries at two sizes of data, within a pinned maximum
(at ten times the demo data, scripts/bench_coordinator_pages.py measures their p95)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from panel.models import Invitation
from tests.conftest import make_organisation
from tests.factories import attend, meeting
from tests.outreach.factories import contact, d, guidance, person
from tests.outreach.factories import invitation as outreach_invitation

pytestmark = pytest.mark.django_db

# (page, pinned maximum). The door page leaves room for its rework: its count may
# change, never with the number of organisations.
PAGES = [
    ("attendance", 10),
    ("/koordinator/organisasjoner/", 6),
    ("/koordinator/kontakt/", 18),
]


def grow(held, size, prefix):
    year = timezone.localdate().year
    for n in range(size):
        organisation = make_organisation(name=f"{prefix} {n:03d}", municipality="Sandnes")
        kari = person(organisation, f"Person {n}")
        attend(held, organisation, participants=1 + n % 3)
        Invitation.objects.create(meeting=held, organisation=organisation)
        contact(organisation, d(year, 1 + n % 12, 1), "met", persons=[kari], head_count=1)
        guidance(d(year, 2, 1), organisation, "premises")
        outreach_invitation(organisation, d(year, 5, 5), "attended" if n % 2 else "declined")


def count(client, url):
    client.get(url)  # per-process caches (content types) filled by the first request
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries), response


@pytest.mark.parametrize("page, maximum", PAGES)
def test_a_coordinator_page_does_not_make_more_queries_with_more_rows(
    client, coordinator, django_assert_max_num_queries, page, maximum
):
    client.force_login(coordinator)
    held = meeting(timezone.localdate())
    url = f"/koordinator/panel/{held.pk}/oppmote/" if page == "attendance" else page
    grow(held, 3, "Liten")
    small, _response = count(client, url)
    grow(held, 30, "Stor")
    large, response = count(client, url)
    assert large == small, f"{url}: {small} queries with 3 organisations, {large} with 33"
    with django_assert_max_num_queries(maximum):
        client.get(url)
    if page == "attendance":  # every organisation is on the door page: the rows are really there
        assert "Stor 029" in response.content.decode()
