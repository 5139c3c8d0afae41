"""Retention of contact persons' personal data (domain.md "Privacy").

A contact person is *inactive* when, for PORTAL_CONTACT_RETENTION_YEARS years, nothing has
touched them: their record was not edited, they were not met in a logged contact, and their
organisation had neither a logged contact nor attendance at a meeting (while the organisation is
in touch, its contact person is presumably still its contact). Inactive persons are listed for a
coordinator to review and erase (`manage.py review_retention`, /koordinator/personvern/).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from organisations.models import ContactPerson


def retention_years():
    return settings.PORTAL_CONTACT_RETENTION_YEARS


def cutoff_date(today=None, years=None):
    today = today or timezone.localdate()
    years = retention_years() if years is None else years
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February in a year that has none
        return today.replace(year=today.year - years, day=28)


def _activity_models():
    try:
        from outreach.models import Contact
    except ImportError:
        Contact = None
    try:
        from panel.models import Attendance
    except ImportError:
        Attendance = None
    return Contact, Attendance


def inactive_contact_persons(*, today=None, years=None):
    """Contact persons with no activity on or after the cutoff, oldest activity first, with the
    dates of their latest activity annotated (one query)."""
    cutoff = cutoff_date(today, years)
    cutoff_start = timezone.make_aware(datetime.datetime.combine(cutoff, datetime.time.min))
    Contact, Attendance = _activity_models()
    persons = ContactPerson.objects.select_related("organisation").filter(updated_at__lt=cutoff_start)
    if Contact is not None:
        met = Contact.objects.filter(persons_met=OuterRef("pk"))
        organisation_contacts = Contact.objects.filter(organisation=OuterRef("organisation"))
        persons = persons.filter(
            ~Exists(met.filter(date__gte=cutoff)), ~Exists(organisation_contacts.filter(date__gte=cutoff))
        ).annotate(
            last_met=Subquery(met.order_by("-date").values("date")[:1]),
            last_organisation_contact=Subquery(organisation_contacts.order_by("-date").values("date")[:1]),
        )
    if Attendance is not None:
        attended = Attendance.objects.filter(organisation=OuterRef("organisation"))
        persons = persons.filter(~Exists(attended.filter(meeting__date__gte=cutoff))).annotate(
            last_attendance=Subquery(attended.order_by("-meeting__date").values("meeting__date")[:1])
        )
    return persons.order_by("updated_at", "pk")


def last_activity(person):
    """The latest date anything touched the person (from inactive_contact_persons' annotations)."""
    dates = [timezone.localdate(person.updated_at)]
    for name in ("last_met", "last_organisation_contact", "last_attendance"):
        value = getattr(person, name, None)
        if value:
            dates.append(value)
    return max(dates)


def _erase_one(person):
    try:
        from outreach.services import contact_person_erase
    except ImportError:
        person.delete()
    else:
        contact_person_erase(person=person)


@transaction.atomic
def contact_persons_erase(*, persons, actor=None):
    """Erase the persons and the personal data the audit trail holds about them.

    The outreach figures are kept (outreach.services.contact_person_erase turns a met person into
    an anonymous head). The trail keeps one entry per erasure that names no one.
    """
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(ContactPerson)
    erased = 0
    for person in list(persons):
        pk = person.pk
        _erase_one(person)
        LogEntry.objects.filter(content_type=content_type, object_id=pk).delete()
        LogEntry.objects.create(
            content_type=content_type,
            object_pk=str(pk),
            object_id=pk,
            object_repr="(slettet etter lagringstiden)",
            action=LogEntry.Action.DELETE,
            actor=actor,
        )
        erased += 1
    return erased
