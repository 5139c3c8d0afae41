"""Make the Consent rows the one record of consent, keeping existing data.

For each organisation: a consent typed into the registry's old fields (who, when, wording) that
has no Consent row yet becomes one (version "registrert", as the registry form recorded it); a
published listing is tied to its newest consent in force, and a published listing with no consent
on record at all gets one "given before the portal" (docs/domain.md: an imported published_on records
consent as given before the portal), dated its published_on. No published_on changes, so
`directory.published_at_year_end` stays what it was for every year.
"""

from django.db import migrations

REGISTRY_VERSION = "registrert"
BEFORE_PORTAL_VERSION = "før-portalen"


def forwards(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    Consent = apps.get_model("organisations", "Consent")
    for organisation in Organisation.objects.order_by("pk").iterator():
        in_force = Consent.objects.filter(organisation=organisation, withdrawn_at__isnull=True)
        if organisation.consent_given_by and organisation.consent_given_on and not in_force.filter(
            given_by=organisation.consent_given_by, given_on=organisation.consent_given_on
        ).exists():
            Consent.objects.create(
                organisation=organisation,
                given_by=organisation.consent_given_by,
                given_on=organisation.consent_given_on,
                wording_version=REGISTRY_VERSION,
                wording=organisation.consent_wording,
            )
        if organisation.published_on is None:
            continue
        consent = in_force.order_by("-recorded_at", "-pk").first()
        if consent is None:
            consent = Consent.objects.create(
                organisation=organisation,
                given_by="",
                given_on=organisation.published_on,
                wording_version=BEFORE_PORTAL_VERSION,
                wording="",
            )
        Organisation.objects.filter(pk=organisation.pk).update(published_consent=consent)


def backwards(apps, schema_editor):
    Organisation = apps.get_model("organisations", "Organisation")
    Consent = apps.get_model("organisations", "Consent")
    for organisation in Organisation.objects.order_by("pk").iterator():
        consent = (
            Consent.objects.filter(organisation=organisation, withdrawn_at__isnull=True)
            .exclude(wording_version=BEFORE_PORTAL_VERSION)
            .order_by("-recorded_at", "-pk")
            .first()
        )
        if consent is not None:
            Organisation.objects.filter(pk=organisation.pk).update(
                consent_given_by=consent.given_by, consent_given_on=consent.given_on, consent_wording=consent.wording
            )


class Migration(migrations.Migration):

    dependencies = [
        ('organisations', '0007_organisation_published_consent'),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
