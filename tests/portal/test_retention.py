"""Retention review of contact persons: inactive ones are listed and can be erased."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from organisations.models import ContactPerson
from outreach.models import Contact, Outcome
from panel.models import Attendance, Meeting
from hub import retention
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
LONG_AGO = TODAY - datetime.timedelta(days=365 * 4)
RECENTLY = TODAY - datetime.timedelta(days=200)


def person(name, organisation, touched=LONG_AGO):
    item = ContactPerson.objects.create(organisation=organisation, name=name, email=f"{name.split()[0].lower()}@example.org")
    at = timezone.make_aware(datetime.datetime.combine(touched, datetime.time(12)))
    ContactPerson.objects.filter(pk=item.pk).update(updated_at=at, created_at=at)
    return item


@pytest.fixture
def people():
    quiet = make_organisation(name="Stille forening")
    busy = make_organisation(name="Aktiv forening")
    at_meeting = make_organisation(name="Møteforening")
    people = {
        "forgotten": person("Glemt Person", quiet),
        "edited": person("Nylig Endret", quiet, touched=RECENTLY),
        "met": person("Nylig Møtt", quiet),
        "of_busy": person("Kontakt Aktiv", busy),
        "of_attending": person("Kontakt Møte", at_meeting),
    }
    contact = Contact.objects.create(date=RECENTLY, organisation=make_organisation(name="Annen"), outcome=Outcome.MET)
    contact.persons_met.add(people["met"])
    Contact.objects.create(date=RECENTLY, organisation=busy)
    Contact.objects.create(date=LONG_AGO, organisation=quiet)  # too old to count as activity
    meeting = Meeting.objects.create(date=RECENTLY, title="Erfaringspanelet")
    Attendance.objects.create(meeting=meeting, organisation=at_meeting, participants=2)
    return people


def test_it_lists_only_persons_untouched_for_the_retention_period(people):
    assert [p.name for p in retention.inactive_contact_persons()] == ["Glemt Person"]


def test_the_period_is_a_setting(people, settings):
    settings.PORTAL_CONTACT_RETENTION_YEARS = 10
    assert list(retention.inactive_contact_persons()) == []


def test_the_command_lists_then_erases(people, capsys):
    call_command("review_retention")
    out = capsys.readouterr().out
    assert "1 contact person(s) inactive" in out and "Glemt Person" in out
    assert ContactPerson.objects.filter(name="Glemt Person").exists()

    call_command("review_retention", "--erase")
    assert not ContactPerson.objects.filter(name="Glemt Person").exists()
    assert ContactPerson.objects.count() == 4


def test_erasure_keeps_no_personal_data_in_the_audit_trail(people):
    forgotten = people["forgotten"]
    assert LogEntry.objects.filter(object_repr="Glemt Person").exists()
    retention.contact_persons_erase(persons=[forgotten])
    assert not LogEntry.objects.filter(object_repr__contains="Glemt").exists()
    assert not any("glemt@example.org" in str(entry.changes) for entry in LogEntry.objects.all())
    assert LogEntry.objects.filter(object_repr="(slettet etter lagringstiden)").count() == 1


def test_erasure_keeps_the_outreach_figures(people):
    from outreach import selectors

    old_met = person("Gammel Møtt", make_organisation(name="Gammel"))
    contact = Contact.objects.create(date=LONG_AGO, organisation=old_met.organisation, outcome=Outcome.MET)
    contact.persons_met.add(old_met)
    before = selectors.people_met(LONG_AGO.year)
    assert before >= 1
    assert old_met in retention.inactive_contact_persons()
    retention.contact_persons_erase(persons=[old_met])
    assert not ContactPerson.objects.filter(pk=old_met.pk).exists()
    assert selectors.people_met(LONG_AGO.year) == before


def test_the_coordinator_page_lists_and_erases_after_confirmation(client, coordinator, people):
    client.force_login(coordinator)
    html = client.get(reverse("retention")).content.decode()
    assert "Glemt Person" in html and "Nylig Endret" not in html

    client.post(reverse("retention"))  # not confirmed: nothing happens
    assert ContactPerson.objects.filter(name="Glemt Person").exists()

    response = client.post(reverse("retention"), {"confirm": "yes"})
    assert response.status_code == 302
    assert not ContactPerson.objects.filter(name="Glemt Person").exists()
    entry = LogEntry.objects.get(object_repr="(slettet etter lagringstiden)")
    assert entry.actor == coordinator


@pytest.mark.parametrize("size", [2, 20])
def test_the_page_query_count_does_not_grow(client, coordinator, size, django_assert_max_num_queries):
    organisation = make_organisation(name=f"Org {size}")
    for number in range(size):
        person(f"Person {number}", organisation)
    client.force_login(coordinator)
    # session, user, groups, the persons with their organisation and activity dates
    with django_assert_max_num_queries(6):
        assert client.get(reverse("retention")).status_code == 200
