"""The timeline on the organisation's staff page: what it merges, who sees the quick entry, queries."""

import pytest

from panel.models import MeetingKind
from tests.conftest import make_organisation
from tests.outreach.factories import attend, contact, d, guidance, invitation, meeting, person

pytestmark = pytest.mark.django_db


def _page(client, organisation):
    return client.get(f"/koordinator/organisasjoner/{organisation.pk}/")


def test_it_merges_contacts_attendance_guidance_and_invitations_newest_first(client, coordinator, org_a, org_b):
    contact(org_a, d(2025, 1, 5), "met", note="Første møte", persons=[person(org_a, "Kari Demo")], head_count=1)
    attend(meeting(d(2025, 3, 1), title="Panelmøte mars"), org_a)
    attend(meeting(d(2025, 4, 1), kind=MeetingKind.WORKING_GROUP, title="Arbeidsgruppe lokaler"), org_a)
    guidance(d(2025, 2, 1), org_a, "grant_application", outcome="Søknad sendt")
    invitation(org_a, d(2025, 6, 1), "declined", "Sommerfest")
    contact(org_b, d(2025, 7, 1), note="Annen organisasjon")
    client.force_login(coordinator)
    page = _page(client, org_a).content.decode()
    order = ["Sommerfest", "Arbeidsgruppe lokaler", "Panelmøte mars", "Søknad sendt", "Første møte"]
    positions = [page.index(text) for text in order]
    assert positions == sorted(positions)
    assert "Kari Demo" in page
    assert "Annen organisasjon" not in page


def test_council_staff_see_the_timeline_but_no_quick_entry(client, council_staff, org_a):
    contact(org_a, d(2025, 1, 5), note="Synlig notat")
    client.force_login(council_staff)
    page = _page(client, org_a).content.decode()
    assert "E-post" in page or "epost" in page.lower()  # the contact is on the timeline …
    assert "Synlig notat" not in page  # … without the coordinators' note
    assert 'action="/koordinator/kontakt/ny/"' not in page
    assert "personvern" not in page


def _history(organisation, size):
    for n in range(size):
        contact(organisation, d(2025, 1, 1 + n % 28), "met", persons=[person(organisation, f"P{n}")])
        attend(meeting(d(2024, 1, 1 + n % 28), title=f"Møte {n}"), organisation)
        guidance(d(2025, 2, 1 + n % 28), organisation)
        invitation(organisation, d(2025, 3, 1 + n % 28))


@pytest.mark.parametrize("size", [1, 15])
def test_the_timeline_query_count_does_not_grow(client, coordinator, org_a, django_assert_max_num_queries, size):
    from django.template import Context, Template
    from django.test import RequestFactory

    _history(org_a, size)
    request = RequestFactory().get("/")
    request.user = coordinator
    template = Template("{% load outreach_tags %}{% organisation_timeline organisation %}")
    # roles; contacts, their persons; attendance; guidance; invitations; the form's persons
    # (exists, list); the privacy links' persons.
    with django_assert_max_num_queries(9):
        html = template.render(Context({"organisation": org_a, "request": request}))
    assert html.count("list-group-item px-0") == min(4 * size, 40)
