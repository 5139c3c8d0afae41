"""Logging contacts: the search-then-form page, quick entry from the organisation page, editing."""

import datetime

import pytest

from outreach.models import Contact
from tests.conftest import make_organisation
from tests.outreach.factories import contact, d, person

pytestmark = pytest.mark.django_db

URL = "/koordinator/kontakt/ny/"


def _post(org, **fields):
    data = {
        "organisation": org.pk,
        "date": "2025-03-04",
        "channel": "phone",
        "direction": "outgoing",
        "outcome": "responded",
        "head_count": "0",
        "note": "Ringte styreleder.",
        "follow_up_on": "",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize("user_fixture", ["council_staff", "editor", "outsider"])
def test_only_coordinators_log_contacts(client, request, user_fixture, org_a):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(URL).status_code == 403
    assert client.post(URL, _post(org_a)).status_code == 403
    assert not Contact.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, org_a):
    response = client.post(URL, _post(org_a))
    assert response.status_code == 302 and "/konto/logg-inn/" in response["Location"]
    assert not Contact.objects.exists()


def test_the_organisation_search_works_without_javascript(client, coordinator):
    make_organisation("Eritreisk Forening i Rogaland")
    make_organisation("Østre Kulturforening")
    make_organisation("Polsk-Norsk Forening")
    client.force_login(coordinator)
    page = client.get(URL, {"q": "eritreisk"}).content.decode()
    assert "Eritreisk Forening i Rogaland" in page
    assert "Polsk-Norsk" not in page
    # Folded search: "ostre" finds "Østre".
    assert "Østre Kulturforening" in client.get(URL, {"q": "ostre"}).content.decode()
    assert "Ingen organisasjoner passer søket" in client.get(URL, {"q": "finnesikke"}).content.decode()


def test_the_search_as_you_type_endpoint_returns_the_results_fragment(client, coordinator):
    organisation = make_organisation("Eritreisk Forening i Rogaland")
    client.force_login(coordinator)
    response = client.get("/koordinator/kontakt/organisasjonssok/", {"q": "erit"})
    body = response.content.decode()
    assert f"?organisasjon={organisation.pk}" in body
    assert "<html" not in body


def test_a_coordinator_logs_a_contact_with_persons_met(client, coordinator, org_a):
    kari = person(org_a, "Kari")
    person(make_organisation("Annen"), "Ikke her")
    client.force_login(coordinator)
    page = client.get(URL, {"organisasjon": org_a.pk}).content.decode()
    assert "Kari" in page and "Ikke her" not in page
    response = client.post(URL, _post(org_a, outcome="met", channel="meeting", persons_met=[kari.pk], head_count="2"))
    assert response.status_code == 302
    saved = Contact.objects.get()
    assert saved.organisation == org_a
    assert list(saved.persons_met.all()) == [kari]
    assert saved.head_count == 2
    assert saved.created_by == coordinator


def test_persons_met_need_the_outcome_met(client, coordinator, org_a):
    client.force_login(coordinator)
    response = client.post(URL, _post(org_a, outcome="responded", head_count="3"))
    assert response.status_code == 200
    assert "Møtt" in response.content.decode()
    assert not Contact.objects.exists()


def test_a_person_of_another_organisation_cannot_be_ticked(client, coordinator, org_a, org_b):
    person(org_a, "Kari")
    stranger = person(org_b, "Fremmed")
    client.force_login(coordinator)
    response = client.post(URL, _post(org_a, outcome="met", persons_met=[stranger.pk]))
    assert response.status_code == 200
    assert not Contact.objects.exists()


def test_a_follow_up_cannot_be_before_the_contact(client, coordinator, org_a):
    client.force_login(coordinator)
    client.post(URL, _post(org_a, follow_up_on="2025-01-01"))
    assert not Contact.objects.exists()


def test_quick_entry_from_the_organisation_page_returns_there(client, coordinator, org_a):
    client.force_login(coordinator)
    staff_page = f"/koordinator/organisasjoner/{org_a.pk}/"
    page = client.get(staff_page).content.decode()
    assert 'action="/koordinator/kontakt/ny/"' in page
    response = client.post(URL, _post(org_a, next=staff_page))
    assert response.status_code == 302 and response["Location"] == staff_page
    assert Contact.objects.get().note == "Ringte styreleder."


def test_an_outside_next_address_is_ignored(client, coordinator, org_a):
    client.force_login(coordinator)
    response = client.post(URL, _post(org_a, next="https://evil.example.org/"))
    assert response["Location"] == URL


def test_a_coordinator_edits_and_deletes_a_contact(client, coordinator, council_staff, org_a):
    record = contact(org_a, d(2025, 2, 2), "no_response")
    client.force_login(council_staff)
    assert client.get(f"/koordinator/kontakt/{record.pk}/").status_code == 403
    client.force_login(coordinator)
    response = client.post(f"/koordinator/kontakt/{record.pk}/", _post(org_a, date="2025-02-02", outcome="responded"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.outcome == "responded"
    client.post(f"/koordinator/kontakt/{record.pk}/slett/")
    assert not Contact.objects.exists()


def test_council_staff_read_the_contact_log_of_a_year(client, council_staff, org_a, org_b):
    contact(org_a, d(2025, 2, 2), note="I år")
    contact(org_b, d(2024, 2, 2), note="I fjor")
    client.force_login(council_staff)
    page = client.get("/koordinator/kontakt/logg/", {"aar": 2025}).content.decode()
    assert org_a.name in page and org_b.name not in page
    # The coordinators' notes are theirs (least privilege).
    assert "I år" not in page


@pytest.mark.parametrize("size", [3, 30])
def test_the_contact_log_query_count_does_not_grow(client, coordinator, django_assert_max_num_queries, size):
    for n in range(size):
        org = make_organisation()
        contact(org, datetime.date(2025, 1, 1) + datetime.timedelta(days=n), persons=[person(org)], outcome="met")
    client.force_login(coordinator)
    # session, user, roles, the editor menu check, year chooser (3), count, page, persons met.
    with django_assert_max_num_queries(10):
        assert client.get("/koordinator/kontakt/logg/", {"aar": 2025}).status_code == 200


def test_a_contact_of_an_archived_organisation_can_still_be_edited(client, coordinator, org_a):
    from django.utils import timezone

    record = contact(org_a, d(2024, 2, 2), "no_response")
    org_a.archived_at = timezone.now()
    org_a.save()
    client.force_login(coordinator)
    response = client.post(f"/koordinator/kontakt/{record.pk}/", _post(org_a, date="2024-02-02", note="Rettet"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.note == "Rettet"
