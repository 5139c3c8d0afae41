"""Guidance (veiledning) and invitations to organisations' events."""

import pytest
from django.db import IntegrityError

from organisations.models import Kind
from outreach.models import EventInvitation, Guidance
from tests.conftest import make_organisation
from tests.outreach.factories import d, guidance, invitation

pytestmark = pytest.mark.django_db


def _guidance(**fields):
    data = {
        "date": "2025-03-03",
        "organisation": "",
        "person_name": "",
        "person_reply_to": "",
        "topic": "grant_application",
        "request": "Hjelp med IMDi-søknad",
        "status": "open",
        "minutes_spent": "45",
        "outcome": "",
    }
    data.update(fields)
    return data


@pytest.mark.parametrize("user_fixture", ["council_staff", "editor", "outsider"])
def test_only_coordinators_register_guidance_and_invitations(client, request, user_fixture, org_a):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.post("/koordinator/veiledning/ny/", _guidance(organisation=org_a.pk)).status_code == 403
    assert client.get("/koordinator/invitasjoner/ny/").status_code == 403
    assert not Guidance.objects.exists()


@pytest.mark.parametrize("user_fixture", ["editor", "outsider"])
def test_the_lists_are_for_staff_only(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get("/koordinator/veiledning/").status_code == 403
    assert client.get("/koordinator/invitasjoner/").status_code == 403


def test_guidance_asked_by_an_organisation(client, coordinator, org_a):
    client.force_login(coordinator)
    response = client.post("/koordinator/veiledning/ny/", _guidance(organisation=org_a.pk))
    assert response.status_code == 302
    saved = Guidance.objects.get()
    assert saved.organisation == org_a and saved.minutes_spent == 45 and saved.created_by == coordinator


def test_guidance_asked_by_a_municipal_service(client, coordinator):
    service = make_organisation("Kultur", kind=Kind.MUNICIPAL_SERVICE)
    client.force_login(coordinator)
    client.post("/koordinator/veiledning/ny/", _guidance(organisation=service.pk, topic="cooperation"))
    assert Guidance.objects.get().organisation == service


def test_guidance_asked_by_a_person_keeps_only_a_name_and_a_way_to_answer(client, coordinator):
    client.force_login(coordinator)
    client.post("/koordinator/veiledning/ny/", _guidance(person_name="Ola", person_reply_to="ola@example.org"))
    saved = Guidance.objects.get()
    assert (saved.organisation, saved.person_name, saved.person_reply_to) == (None, "Ola", "ola@example.org")


def test_guidance_needs_exactly_one_asker(client, coordinator, org_a):
    client.force_login(coordinator)
    assert client.post("/koordinator/veiledning/ny/", _guidance()).status_code == 200
    both = _guidance(organisation=org_a.pk, person_name="Ola")
    assert client.post("/koordinator/veiledning/ny/", both).status_code == 200
    assert not Guidance.objects.exists()


def test_the_database_refuses_person_data_beside_an_organisation(org_a):
    with pytest.raises(IntegrityError):
        Guidance.objects.create(date=d(2025, 1, 1), organisation=org_a, person_reply_to="ola@example.org")


def test_the_guidance_list_shows_the_year_and_its_hours(client, coordinator, council_staff, org_a):
    guidance(d(2025, 3, 1), org_a, minutes=90, outcome="Fikk lokaler")
    guidance(d(2024, 3, 1), org_a, minutes=30, outcome="I fjor")
    client.force_login(coordinator)
    page = client.get("/koordinator/veiledning/", {"aar": 2025}).content.decode()
    assert "Fikk lokaler" in page and "I fjor" not in page
    assert "1,5 timer" in page
    # Council staff read the year and its hours, not the coordinators' account of each case.
    client.force_login(council_staff)
    page = client.get("/koordinator/veiledning/", {"aar": 2025}).content.decode()
    assert "1,5 timer" in page and "Fikk lokaler" not in page


def test_a_coordinator_registers_a_declined_invitation(client, coordinator, org_a):
    client.force_login(coordinator)
    response = client.post(
        "/koordinator/invitasjoner/ny/",
        {"date": "2025-06-14", "organisation": org_a.pk, "title": "Familiedag (lørdag)", "response": "declined", "note": ""},
    )
    assert response.status_code == 302
    assert EventInvitation.objects.get().response == "declined"


def test_the_invitation_list_counts_attended_and_declined(client, council_staff, org_a):
    invitation(org_a, d(2025, 5, 17), "attended", "Nasjonaldag")
    invitation(org_a, d(2025, 6, 14), "declined", "Lørdagsfest")
    invitation(org_a, d(2024, 6, 14), "attended", "Fjorårets fest")
    client.force_login(council_staff)
    page = client.get("/koordinator/invitasjoner/", {"aar": 2025}).content.decode()
    assert "Deltok på 1 arrangement, takket nei til 1." in page
    assert "Fjorårets fest" not in page
