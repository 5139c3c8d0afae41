"""Small builders for outreach tests."""

import datetime

from organisations.models import ContactPerson, Kind
from outreach.models import Contact, EventInvitation, Guidance
from panel.models import Attendance, Meeting, MeetingKind
from tests.conftest import make_organisation
from tests.factories import attend, meeting  # noqa: F401 (the shared builders)


def contact(organisation, date, outcome="no_response", channel="email", persons=(), **fields):
    record = Contact.objects.create(organisation=organisation, date=date, outcome=outcome, channel=channel, **fields)
    if persons:
        record.persons_met.set(persons)
    return record


def person(organisation, name="Kari Demo"):
    return ContactPerson.objects.create(organisation=organisation, name=name, email="kari@example.org")


def guidance(date, organisation=None, topic="grant_application", minutes=30, **fields):
    if organisation is None and "person_name" not in fields:
        fields["person_name"] = "Ola Nordmann"
    return Guidance.objects.create(date=date, organisation=organisation, topic=topic, minutes_spent=minutes, **fields)


def invitation(organisation, date, response="attended", title="Nasjonaldag"):
    return EventInvitation.objects.create(organisation=organisation, date=date, response=response, title=title)


def d(year, month, day):
    return datetime.date(year, month, day)


__all__ = ["Kind", "make_organisation"]
