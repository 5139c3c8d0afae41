"""The coordinator outreach dashboard: access, content, year choice and a bounded query count."""

import datetime

import pytest
from django.utils import timezone

from organisations.models import Kind
from tests.conftest import make_organisation
from tests.outreach.factories import attend, contact, d, guidance, invitation, meeting, person

pytestmark = pytest.mark.django_db

URL = "/koordinator/kontakt/"


def test_it_redirects_anonymous_visitors_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/konto/logg-inn/" in response["Location"]


@pytest.mark.parametrize("user_fixture", ["editor", "outsider"])
def test_it_refuses_editors_and_users_without_role(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(URL).status_code == 403


def test_council_staff_read_it_without_the_write_buttons(client, council_staff):
    client.force_login(council_staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Logg en kontakt" not in response.content.decode()


def test_it_shows_the_chosen_years_funnel_and_people_met(client, coordinator):
    org = make_organisation("Forening Én")
    other = make_organisation("Forening To")
    contact(org, d(2025, 3, 1), "met", persons=[person(org)], head_count=2)
    contact(other, d(2025, 3, 1), "no_response")
    contact(make_organisation("Nav", kind=Kind.MUNICIPAL_SERVICE), d(2025, 3, 1), "met", head_count=40)
    client.force_login(coordinator)
    response = client.get(URL + "?aar=2025")
    assert response.context["funnel"] == {"contacted": 2, "responded": 1, "met": 1}
    assert response.context["people_met"] == 3
    assert "Kontakt og veiledning 2025" in response.content.decode()
    response = client.get(URL + "?aar=2024")
    assert response.context["funnel"] == {"contacted": 0, "responded": 0, "met": 0}


def test_a_nonsense_year_falls_back_to_this_year(client, coordinator):
    client.force_login(coordinator)
    assert client.get(URL + "?aar=abc").context["year"] == timezone.localdate().year
    assert client.get(URL + "?aar=99999").context["year"] == timezone.localdate().year


def test_it_lists_follow_ups_due_and_not_those_done_or_far_ahead(client, coordinator):
    today = timezone.localdate()
    due = make_organisation("Forfalt forening")
    done = make_organisation("Utført forening")
    later = make_organisation("Senere forening")
    contact(due, today - datetime.timedelta(days=20), follow_up_on=today - datetime.timedelta(days=1))
    contact(done, today - datetime.timedelta(days=20), follow_up_on=today, follow_up_done=True)
    contact(later, today - datetime.timedelta(days=20), follow_up_on=today + datetime.timedelta(days=60))
    client.force_login(coordinator)
    follow_ups = client.get(URL).context["follow_ups"]
    assert [c.organisation.name for c in follow_ups] == ["Forfalt forening"]


def test_a_coordinator_marks_a_follow_up_done(client, coordinator, council_staff):
    today = timezone.localdate()
    record = contact(make_organisation(), today, follow_up_on=today)
    client.force_login(council_staff)
    assert client.post(f"/koordinator/kontakt/{record.pk}/fulgt-opp/").status_code == 403
    client.force_login(coordinator)
    response = client.post(f"/koordinator/kontakt/{record.pk}/fulgt-opp/", {"next": URL})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.follow_up_done


def test_it_lists_immigrant_organisations_not_contacted_for_twelve_months(client, coordinator):
    today = timezone.localdate()
    make_organisation("Aldri kontaktet")
    old = make_organisation("Kontaktet for lenge siden")
    contact(old, today - datetime.timedelta(days=400))
    recent = make_organisation("Nylig kontaktet")
    contact(recent, today - datetime.timedelta(days=30))
    contact(recent, today - datetime.timedelta(days=500))
    at_panel = make_organisation("Nylig i panelet")
    attend(meeting(today - datetime.timedelta(days=60)), at_panel)
    make_organisation("Kommunal tjeneste", kind=Kind.MUNICIPAL_SERVICE)
    make_organisation("Frivillig", kind=Kind.VOLUNTARY_ORGANISATION)
    archived = make_organisation("Arkivert")
    archived.archived_at = timezone.now()
    archived.save()
    client.force_login(coordinator)
    response = client.get(URL)
    names = [o.name for o in response.context["not_contacted"]]
    assert names == ["Aldri kontaktet", "Kontaktet for lenge siden"]
    assert response.context["not_contacted_count"] == 2


def _build(size, year):
    for n in range(size):
        org = make_organisation(f"Forening {size}-{n}")
        ghost = make_organisation(f"Uten kontakt {size}-{n}")
        kari = person(org, f"Person {n}")
        contact(org, d(year, 1 + n % 12, 1), "met", persons=[kari], head_count=1, follow_up_on=timezone.localdate())
        contact(org, d(year - 2, 1, 1), "responded")
        attend(meeting(d(year, 6, 1 + n % 28)), ghost)
        guidance(d(year, 2, 1), org, "premises")
        invitation(org, d(year, 5, 5), "attended" if n % 2 else "declined")


@pytest.mark.parametrize("size", [2, 12])
def test_its_query_count_does_not_grow_with_the_data(client, coordinator, django_assert_max_num_queries, size):
    _build(size, timezone.localdate().year)
    client.force_login(coordinator)
    # session, user, roles, the editor menu check; the year chooser (3); contacted, responded,
    # met; persons, heads; guidance; invitations; follow-ups; not contacted + its count; recent.
    with django_assert_max_num_queries(18):
        response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["recent_contacts"]) == min(15, 2 * size)


def test_the_full_not_contacted_list_is_paginated_and_bounded(client, council_staff, django_assert_max_num_queries):
    for n in range(55):
        make_organisation(f"Uten kontakt {n:02d}")
    contact(make_organisation("Nylig"), timezone.localdate())
    client.force_login(council_staff)
    # session, user, roles, the editor menu check, count, page.
    with django_assert_max_num_queries(6):
        response = client.get("/koordinator/kontakt/ikke-kontaktet/")
    page = response.content.decode()
    assert "55 innvandrerorganisasjoner" in page
    assert "Nylig" not in page
    assert len(response.context["page"].object_list) == 50
