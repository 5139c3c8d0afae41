"""Retention of contact persons' personal data (docs/domain.md "Privacy").

A contact person is *inactive* when, for PORTAL_CONTACT_RETENTION_YEARS years, nothing has
touched them: their record was not edited, they were not met in a logged contact, and their
organisation had neither a logged contact nor attendance at a meeting (while the organisation is
in touch, its contact person is presumably still its contact). Inactive persons are listed for a
coordinator to review and erase (`manage.py review_retention`, /koordinator/personvern/).

What counts as activity is ACTIVITY below, one entry per kind of record: the model, the lookup of
its date, and the lookup from it to the contact person and/or to the organisation. How an app adds
one (say, grant applications keep an organisation's contact person active): import its model here
and add `Activity("applications", Application, date="submitted_on", organisation="organisation")`.
Each lookup is checked when Django starts (hub.E001), so a renamed field fails `manage.py check`.
"""

import datetime
from typing import NamedTuple

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from organisations.models import ContactPerson
from portal.privacy import erasure
from outreach.models import Contact
from panel.models import Attendance


class Activity(NamedTuple):
    name: str  # the annotation is last_<name>
    model: type
    date: str  # lookup of the record's date
    person: str = ""  # lookup from the record to the ContactPerson it involves
    organisation: str = ""  # lookup from the record to the Organisation it involves


ACTIVITY = [
    Activity("met", Contact, date="date", person="persons_met"),
    Activity("organisation_contact", Contact, date="date", organisation="organisation"),
    Activity("attendance", Attendance, date="meeting__date", organisation="organisation"),
]


def retention_years():
    return settings.PORTAL_CONTACT_RETENTION_YEARS


def cutoff_date(today=None, years=None):
    today = today or timezone.localdate()
    years = retention_years() if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year - years, day=28)


def inactive_contact_persons(*, today=None, years=None):
    """Contact persons with no activity on or after the cutoff, oldest activity first, with the
    dates of their latest activity annotated (one query)."""
    cutoff = cutoff_date(today, years)
    cutoff_start = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    persons = ContactPerson.objects.select_related("organisation").filter(updated_at__lt=cutoff_start)
    for activity in ACTIVITY:
        records = activity.model.objects.all()
        if activity.person:
            records = records.filter(**{activity.person: OuterRef("pk")})
        if activity.organisation:
            records = records.filter(**{activity.organisation: OuterRef("organisation")})
        persons = persons.filter(~Exists(records.filter(**{f"{activity.date}__gte": cutoff}))).annotate(
            **{f"last_{activity.name}": Subquery(records.order_by(f"-{activity.date}").values(activity.date)[:1])}
        )
    return persons.order_by("updated_at", "pk")


def last_activity(person):
    """The latest date anything touched the person (from inactive_contact_persons' annotations)."""
    dates = [timezone.localdate(person.updated_at)]
    for activity in ACTIVITY:
        value = getattr(person, f"last_{activity.name}", None)
        if value:
            dates.append(value)
    return max(dates)


@transaction.atomic
def contact_persons_erase(*, persons, actor=None):
    """Erase the persons through the one erasure service (portal.privacy.erasure): every table and the
    audit trail's stored values. The outreach figures are kept; the trail keeps one entry per
    erasure that names no one."""
    erased = 0
    for person in list(persons):
        erasure.erase(person, actor=actor, note="(slettet etter lagringstiden)")
        erased += 1
    return erased
