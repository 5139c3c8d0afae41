"""Small builders for mailing tests."""

from django.utils import timezone

from mailings.models import ContactPreference, Mailing, Segment
from organisations.models import ContactPerson, Kind, Organisation


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


def many_recipients(organisations, persons_each, *, municipality="Sandnes"):
    """`organisations` immigrant organisations in `municipality`, each with `persons_each` contact
    persons who may be e-mailed (bulk-created: the mailing tests want hundreds)."""
    created = Organisation.objects.bulk_create(
        Organisation(name=f"Forening {n:03}", slug=f"forening-{n:03}", kind=Kind.IMMIGRANT_ORGANISATION, municipality=municipality)
        for n in range(organisations)
    )
    persons = ContactPerson.objects.bulk_create(
        ContactPerson(organisation=organisation, name=f"Person {organisation.pk}-{k}", email=f"p{organisation.pk}-{k}@example.org")
        for organisation in created
        for k in range(persons_each)
    )
    ContactPreference.objects.bulk_create(
        ContactPreference(person=person, may_email=True, consent_noted_on=timezone.localdate()) for person in persons
    )
    return created
