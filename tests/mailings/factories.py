"""Small builders for mailing tests."""

from django.utils import timezone

from mailings.models import ContactPreference, Mailing, Segment
from organisations.models import ContactPerson


def person(organisation, name, email, *, consent=True, opted_out=False):
    record = ContactPerson.objects.create(organisation=organisation, name=name, email=email)
    if consent or opted_out:
        ContactPreference.objects.create(
            person=record,
            may_email=consent,
            consent_noted_on=timezone.localdate(),
            opted_out_at=timezone.now() if opted_out else None,
            opted_out_source="link" if opted_out else "",
        )
    return record


def segment(name="Utvalg", **criteria):
    languages = criteria.pop("languages", ())
    activities = criteria.pop("activities", ())
    record = Segment.objects.create(name=name, **criteria)
    record.languages.set(languages)
    record.activities.set(activities)
    return record


def mailing(segment_, subject="Invitasjon til {organisasjon}", body="<p>Hei, {organisasjon}!</p>", **fields):
    return Mailing.objects.create(
        segment=segment_, segment_name=segment_.name, subject=subject, body=body, **fields
    )
