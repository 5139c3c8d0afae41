"""The data migration that made the Consent rows the one record of consent."""

import datetime

import pytest
from organisations.selectors import published_at_year_end
from tests.migrating import Migrator

BEFORE = [("organisations", "0007_organisation_published_consent")]
IMMIGRANT_KINDS = ("immigrant_organisation", "faith_community")


def d(year, month, day):
    return datetime.date(year, month, day)


@pytest.mark.slow(reason="migrates a database back and forward again")
@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_listing_its_consent_and_the_year_end_figure():
    migrator = Migrator()
    old = migrator.migrate(BEFORE).apps
    Organisation, Consent = old.get_model("organisations", "Organisation"), old.get_model("organisations", "Consent")

    def organisation(name, kind="immigrant_organisation", **fields):
        return Organisation.objects.create(name=name, slug=name.lower().replace(" ", "-"), kind=kind, **fields)

    recorded = organisation("Med samtykke", published_on=d(2025, 5, 1), consent_given_by="Leder", consent_given_on=d(2025, 4, 1))
    Consent.objects.create(organisation=recorded, given_by="Leder", given_on=d(2025, 4, 1), wording_version="2026-1", wording="Tekst")
    mirrored = organisation("Bare i registeret", published_on=d(2025, 6, 1), consent_given_by="Styreleder",
                            consent_given_on=d(2025, 5, 1), consent_wording="Ja takk")
    imported = organisation("Importert uten samtykke", published_on=d(2025, 12, 31))
    faith = organisation("Trossamfunn", kind="faith_community", published_on=d(2024, 2, 1))
    # Records that must not count in 2025: another kind, the next year, not published.
    organisation("Frivillig", kind="voluntary_organisation", published_on=d(2025, 1, 1))
    organisation("Neste år", published_on=d(2026, 1, 1))
    withdrawn = organisation("Trakk samtykket")
    Consent.objects.create(organisation=withdrawn, given_by="Leder", given_on=d(2025, 1, 2), wording_version="2026-1",
                           wording="Tekst", withdrawn_at=datetime.datetime(2025, 3, 1, tzinfo=datetime.timezone.utc))
    unpublished = organisation("Samtykket, ikke publisert", consent_given_by="Nestleder", consent_given_on=d(2025, 8, 1))
    before = {
        year: Organisation.objects.filter(kind__in=IMMIGRANT_KINDS, published_on__lte=d(year, 12, 31)).count()
        for year in (2024, 2025, 2026)
    }

    migrator.migrate_to_the_end()

    assert {year: published_at_year_end(year) for year in before} == before == {2024: 1, 2025: 4, 2026: 5}
    from organisations.models import Consent as NewConsent, Organisation as NewOrganisation

    for listing in NewOrganisation.objects.filter(published_on__isnull=False):
        assert listing.published_consent.is_active and listing.published_consent.organisation_id == listing.pk
    assert NewOrganisation.objects.get(pk=recorded.pk).published_consent.wording == "Tekst"
    assert NewConsent.objects.filter(organisation_id=recorded.pk).count() == 1  # no copy of the one on record
    from_mirror = NewOrganisation.objects.get(pk=mirrored.pk).published_consent
    assert (from_mirror.given_by, from_mirror.given_on, from_mirror.wording) == ("Styreleder", d(2025, 5, 1), "Ja takk")
    for pk, published_on in ((imported.pk, d(2025, 12, 31)), (faith.pk, d(2024, 2, 1))):
        consent = NewOrganisation.objects.get(pk=pk).published_consent
        assert consent.is_before_portal and consent.given_on == published_on
    kept = NewConsent.objects.get(organisation_id=unpublished.pk)
    assert kept.given_by == "Nestleder" and kept.is_active
    assert NewOrganisation.objects.get(pk=unpublished.pk).published_on is None
    assert not NewConsent.objects.get(organisation_id=withdrawn.pk).is_active
