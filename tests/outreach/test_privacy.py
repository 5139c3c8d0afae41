"""A contact person's data: download everything held, and erasure that keeps the figures."""

import json

import pytest

from organisations.models import ContactPerson
from outreach import selectors
from outreach.models import Contact
from tests.conftest import make_organisation
from tests.outreach.factories import attend, contact, d, meeting, person

pytestmark = pytest.mark.django_db


def test_contact_persons_have_no_ethnic_or_religious_attribute():
    names = {field.name for field in ContactPerson._meta.get_fields()}
    forbidden = {"ethnicity", "ethnic_origin", "religion", "faith", "nationality", "country_of_origin", "background"}
    assert not names & forbidden


@pytest.mark.parametrize("user_fixture", ["council_staff", "editor", "outsider"])
def test_only_coordinators_reach_a_persons_data(client, request, user_fixture, org_a):
    kari = person(org_a)
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.get(f"/koordinator/kontaktpersoner/{kari.pk}/personvern.json").status_code == 403
    assert client.post(f"/koordinator/kontaktpersoner/{kari.pk}/personvern/", {"confirm": "on"}).status_code == 403
    assert ContactPerson.objects.filter(pk=kari.pk).exists()


def test_the_download_holds_the_person_the_organisation_and_the_contacts(client, coordinator, org_a, org_b):
    kari = person(org_a, "Kari Demo")
    contact(org_a, d(2025, 2, 1), "met", note="Møte om lokaler", persons=[kari])
    contact(org_a, d(2025, 3, 1), "responded", note="Uten Kari")
    contact(org_b, d(2025, 3, 1), "met", persons=[person(org_b, "Annen")], note="Annen person")
    client.force_login(coordinator)
    response = client.get(f"/koordinator/kontaktpersoner/{kari.pk}/personvern.json")
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.getvalue())
    assert data["person"]["name"] == "Kari Demo"
    assert data["person"]["email"] == "kari@example.org"
    assert data["organisation"] == {"name": org_a.name, "kind": "immigrant_organisation"}
    assert [c["note"] for c in data["contacts"]] == ["Møte om lokaler"]


def test_erasing_a_person_keeps_the_years_figures(client, coordinator):
    org = make_organisation("Forening")
    other = make_organisation("Annen forening")
    kari, ola = person(org, "Kari"), person(org, "Ola")
    # Kari is met three times in 2025 and once in 2024; Ola once; a no-response contact too.
    contact(org, d(2025, 1, 10), "met", persons=[kari, ola])
    contact(org, d(2025, 5, 10), "met", persons=[kari], head_count=1)
    contact(org, d(2025, 9, 10), "met", persons=[kari])
    contact(org, d(2024, 9, 10), "met", persons=[kari])
    contact(other, d(2025, 2, 2), "no_response")
    attend(meeting(d(2025, 6, 1)), other)
    before = {year: (selectors.people_met(year), selectors.funnel(year)) for year in (2024, 2025)}
    assert before[2025][0] == 3  # Kari, Ola, one more

    client.force_login(coordinator)
    response = client.post(f"/koordinator/kontaktpersoner/{kari.pk}/personvern/", {"confirm": "on"})
    assert response.status_code == 302
    assert not ContactPerson.objects.filter(pk=kari.pk).exists()
    assert Contact.objects.count() == 5  # the contacts stay
    after = {year: (selectors.people_met(year), selectors.funnel(year)) for year in (2024, 2025)}
    assert after == before


def test_erasure_needs_the_confirmation(client, coordinator, org_a):
    kari = person(org_a)
    client.force_login(coordinator)
    response = client.post(f"/koordinator/kontaktpersoner/{kari.pk}/personvern/", {})
    assert response.status_code == 200
    assert ContactPerson.objects.filter(pk=kari.pk).exists()


def test_a_guidance_askers_name_is_erased_and_the_case_still_counts(client, coordinator, council_staff):
    from outreach.models import Guidance
    from tests.outreach.factories import guidance

    case = guidance(d(2025, 4, 1), None, "other", person_name="Ola Nordmann", person_reply_to="ola@example.org")
    client.force_login(council_staff)
    assert client.post(f"/koordinator/veiledning/{case.pk}/slett-person/").status_code == 403
    client.force_login(coordinator)
    assert "Slett personopplysningene" in client.get(f"/koordinator/veiledning/{case.pk}/").content.decode()
    client.post(f"/koordinator/veiledning/{case.pk}/slett-person/")
    case = Guidance.objects.get(pk=case.pk)
    assert "Ola" not in case.person_name and case.person_reply_to == ""
    assert selectors.guidance_given(2025) == 1
    assert "Slett personopplysningene" not in client.get(f"/koordinator/veiledning/{case.pk}/").content.decode()


def test_a_new_follow_up_date_reopens_a_done_follow_up(client, coordinator, org_a):
    record = contact(org_a, d(2025, 2, 2), follow_up_on=d(2025, 3, 1), follow_up_done=True)
    client.force_login(coordinator)
    client.post(
        f"/koordinator/kontakt/{record.pk}/",
        {"organisation": org_a.pk, "date": "2025-02-02", "channel": "email", "direction": "outgoing",
         "outcome": "no_response", "head_count": "0", "note": "", "follow_up_on": "2025-04-01"},
    )
    record.refresh_from_db()
    assert record.follow_up_on == d(2025, 4, 1) and not record.follow_up_done


def test_the_privacy_page_lists_the_contacts_the_person_was_met_in(client, coordinator, org_a):
    kari = person(org_a, "Kari Demo")
    contact(org_a, d(2025, 2, 1), "met", channel="visit", note="Besøk i lokalene", persons=[kari])
    client.force_login(coordinator)
    page = client.get(f"/koordinator/kontaktpersoner/{kari.pk}/personvern/").content.decode()
    assert "Kari Demo" in page and "Besøk i lokalene" in page and "Last ned alt (JSON)" in page


def test_erasure_from_the_person_page_leaves_the_person_nowhere_in_the_audit_trail(client, coordinator, org_a):
    """One erasure service (portal.privacy.erasure): the person's own entries go, and values other
    entries copied (the consent's "given by") are blanked, while the records stay."""
    from auditlog.models import LogEntry

    from organisations.services import consent_record

    kari = ContactPerson.objects.create(organisation=org_a, name="Kari Nordmann", email="kari.n@example.org", phone="91234567")
    kari.email = "kari.nordmann@example.org"
    kari.save()
    consent_record(organisation=org_a, given_by="Kari Nordmann", recorded_by=coordinator)
    other = ContactPerson.objects.create(organisation=org_a, name="Ola Hansen")
    trail = lambda: " ".join(f"{e.object_repr} {e.changes} {e.serialized_data}" for e in LogEntry.objects.all())  # noqa: E731
    assert "Kari Nordmann" in trail() and "kari.n@example.org" in trail()

    client.force_login(coordinator)
    assert client.post(f"/koordinator/kontaktpersoner/{kari.pk}/personvern/", {"confirm": "on"}).status_code == 302

    text = trail()
    for value in ("Kari Nordmann", "kari.n@example.org", "kari.nordmann@example.org", "91234567"):
        assert value not in text
    assert "Ola Hansen" in text  # another person's entries are untouched
    assert LogEntry.objects.filter(object_repr="(slettet)", actor=coordinator).count() == 1
    assert ContactPerson.objects.filter(pk=other.pk).exists()
