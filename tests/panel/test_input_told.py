"""The organisation is told: when an item it raised is answered, implemented or not pursued, its
editors and its contact persons who may be e-mailed get the answer (through the job worker, in
the organisation's language); its editors see every item it raised under "Våre innspill"."""

import datetime

import pytest
from django.core import mail

from mailings.models import ContactPreference, OrganisationPreference
from organisations.models import ContactPerson
from panel.models import InputItem, ServiceMember
from tests.conftest import make_user
from tests.panel.factories import meeting, organisation, service

pytestmark = pytest.mark.django_db


@pytest.fixture
def raised(org_a, editor, django_user_model, council_staff):
    """An item org_a raised, assigned to Nav; org_a has an editor, a contact person who may be
    e-mailed, one who may not and one who opted out; org_b's editor must hear nothing."""
    from django.utils import timezone

    nav = service("Nav Sandnes")
    ServiceMember.objects.create(user=council_staff, organisation=nav)
    may = ContactPerson.objects.create(organisation=org_a, name="Leder", email="leder@a.example.org")
    ContactPreference.objects.create(person=may, may_email=True)
    ContactPerson.objects.create(organisation=org_a, name="Uten samtykke", email="uten@a.example.org")
    gone = ContactPerson.objects.create(organisation=org_a, name="Avmeldt", email="avmeldt@a.example.org")
    ContactPreference.objects.create(person=gone, may_email=True, opted_out_at=timezone.now())
    other = organisation("Organisasjon C")
    other.editors.add(make_user(django_user_model, "redaktor-c"))
    return InputItem.objects.create(
        meeting=meeting("2025-05-15", title="Vårmøtet"), text="Tolk ved timer hos Nav.", raised_by=org_a,
        assigned_service=nav, status="forwarded", raised_on=datetime.date(2025, 5, 15),
    )


def answer(client, user, item, run_jobs, status="answered", text="Vi bestiller tolk ved hver time."):
    client.force_login(user)
    with run_jobs():
        response = client.post(f"/koordinator/innspill/{item.pk}/svar/", {"answer": text, "status": status})
    assert response.status_code == 302


def told(item):
    return sorted(address for message in mail.outbox if item.text[:20] in message.subject for address in message.to)


@pytest.mark.parametrize("status", ["answered", "implemented", "not_pursued"])
def test_the_editors_and_the_contact_persons_who_may_be_mailed_get_the_answer(client, council_staff, raised, run_jobs, status):
    answer(client, council_staff, raised, run_jobs, status=status)

    assert told(raised) == ["leder@a.example.org", "redaktor@example.org"]
    message = next(m for m in mail.outbox if m.to == ["redaktor@example.org"])
    assert "Vi bestiller tolk ved hver time." in message.body and "Nav Sandnes" in message.body
    assert f"/mine-organisasjoner/{raised.raised_by.slug}/innspill/" in message.body
    assert "Vårmøtet" in message.body


def test_correcting_an_answer_tells_nobody_again(client, council_staff, raised, run_jobs):
    answer(client, council_staff, raised, run_jobs)
    mail.outbox.clear()

    answer(client, council_staff, raised, run_jobs, text="Rettet svar.")

    assert told(raised) == []


def test_an_item_nobody_raised_tells_no_organisation(client, council_staff, raised, run_jobs):
    raised.raised_by = None
    raised.save()

    answer(client, council_staff, raised, run_jobs)

    assert told(raised) == [] or all(address.startswith("koordinator") for address in told(raised))
    assert "leder@a.example.org" not in [a for m in mail.outbox for a in m.to]


def test_a_coordinator_closing_the_item_in_the_edit_form_tells_the_organisation_once(client, coordinator, raised, run_jobs):
    client.force_login(coordinator)
    data = {
        "meeting": raised.meeting_id, "text": raised.text, "raised_by": raised.raised_by_id, "theme": "",
        "assigned_service": raised.assigned_service_id, "status": "implemented", "raised_on": "2025-05-15",
        "answer": "Tolk er bestilt.", "answered_on": "2025-06-01",
    }
    with run_jobs():
        assert client.post(f"/koordinator/innspill/{raised.pk}/", data).status_code == 302
    assert told(raised) == ["leder@a.example.org", "redaktor@example.org"]

    with run_jobs():
        client.post(f"/koordinator/innspill/{raised.pk}/", {**data, "answer": "Tolk er bestilt til alle timer."})
    assert len(told(raised)) == 2


def test_an_organisation_that_prefers_english_is_told_in_english(client, council_staff, raised, run_jobs):
    OrganisationPreference.objects.create(organisation=raised.raised_by, language="en")

    answer(client, council_staff, raised, run_jobs)

    message = next(m for m in mail.outbox if m.to == ["redaktor@example.org"])
    assert message.subject.startswith("Answer to your input:")
    assert "Status: Answered" in message.body


def test_editors_see_every_item_their_organisation_raised_under_our_input(client, editor, org_a, org_b, raised, council_staff, run_jobs):
    answer(client, council_staff, raised, run_jobs)
    InputItem.objects.create(meeting=raised.meeting, text="Et åpent innspill fra A.", raised_by=org_a, raised_on=raised.raised_on)
    InputItem.objects.create(meeting=raised.meeting, text="Innspill fra B.", raised_by=org_b, raised_on=raised.raised_on)
    from goals.models import Measure

    raised.led_to_measures.add(Measure.objects.create(position=1, title="Tolk på alle møter"))
    client.force_login(editor)

    assert f"/mine-organisasjoner/{org_a.slug}/innspill/" in client.get(f"/mine-organisasjoner/{org_a.slug}/").content.decode()
    page = client.get(f"/mine-organisasjoner/{org_a.slug}/innspill/").content.decode()

    assert "Tolk ved timer hos Nav." in page and "Vi bestiller tolk ved hver time." in page
    assert "Nav Sandnes" in page and "Besvart" in page and "Tolk på alle møter" in page
    assert "Et åpent innspill fra A." in page
    assert "Innspill fra B." not in page
    assert client.get(f"/mine-organisasjoner/{org_b.slug}/innspill/").status_code == 404
