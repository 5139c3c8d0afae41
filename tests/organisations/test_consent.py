import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from organisations import selectors, services
from organisations.models import Consent, Organisation
from organisations.services import CONSENT_WORDING_VERSION

pytestmark = pytest.mark.django_db


def test_the_editor_gives_consent_with_who_when_and_wording(client, editor, org_a):
    client.force_login(editor)
    response = client.post(
        reverse("organisations:editor_consent", args=[org_a.slug]), {"action": "give", "given_by": "Amina, styreleder"}
    )
    assert response.status_code == 400  # the confirmation box was not ticked
    assert not Consent.objects.exists()
    client.post(
        reverse("organisations:editor_consent", args=[org_a.slug]),
        {"action": "give", "given_by": "Amina, styreleder", "confirm": "on"},
    )
    consent = Consent.objects.get()
    assert consent.given_by == "Amina, styreleder" and consent.given_by_user == editor
    assert consent.given_on == timezone.localdate() and consent.wording_version == CONSENT_WORDING_VERSION
    assert "samtykker" in consent.wording
    assert services.active_consent(org_a) == consent  # the one record of consent


def test_publishing_needs_a_consent_on_record(client, coordinator, org_a):
    client.force_login(coordinator)
    url = reverse("organisations:staff_consent", args=[org_a.pk])
    client.post(url, {"action": "publish"})
    org_a.refresh_from_db()
    assert org_a.published_on is None
    client.post(url, {"action": "record", "given_by": "Styreleder Per", "given_on": "2026-01-10"})
    client.post(url, {"action": "publish"})
    org_a.refresh_from_db()
    assert org_a.published_on == timezone.localdate()
    assert client.get(org_a.get_absolute_url()).status_code == 200


def test_withdrawing_consent_unpublishes_at_once(client, coordinator, editor, published):
    organisation = published("Forening")
    organisation.editors.add(editor)
    before = selectors.published_today()
    client.force_login(editor)
    client.post(reverse("organisations:editor_consent", args=[organisation.slug]), {"action": "withdraw"})
    organisation.refresh_from_db()
    assert organisation.published_on is None and not organisation.is_published
    assert organisation.published_consent is None
    assert client.get(organisation.get_absolute_url()).status_code == 404
    assert selectors.published_today() == before - 1
    consent = Consent.objects.get()
    assert consent.withdrawn_at is not None and consent.withdrawn_by == editor  # the record stays
    # Publishing again needs a new consent.
    client.force_login(coordinator)
    client.post(reverse("organisations:staff_consent", args=[organisation.pk]), {"action": "publish"})
    organisation.refresh_from_db()
    assert organisation.published_on is None


def test_a_consent_typed_in_the_registry_form_is_kept_as_a_record(client, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("organisations:create"),
        {"name": "Forening", "kind": "immigrant_organisation",
         "published_on": "2026-01-05", "consent_given_by": "Styreleder", "consent_given_on": "2026-01-04"},
    )
    consent = Consent.objects.get()
    assert consent.given_by == "Styreleder" and consent.given_on == datetime.date(2026, 1, 4)
    assert consent.recorded_by == coordinator


def test_the_consent_page_lists_every_consent(client, coordinator, org_a):
    Consent.objects.create(organisation=org_a, given_by="Første leder", given_on=datetime.date(2025, 3, 1), wording_version="2026-1", wording="x", withdrawn_at=timezone.now())
    Consent.objects.create(organisation=org_a, given_by="Andre leder", given_on=datetime.date(2026, 2, 1), wording_version="2026-1", wording="x")
    client.force_login(coordinator)
    html = client.get(reverse("organisations:staff_consent", args=[org_a.pk])).content.decode()
    assert "Første leder" in html and "Andre leder" in html


def test_the_queue_lists_organisations_that_consented_but_are_not_published(client, coordinator, editor, org_a, org_b):
    client.force_login(editor)
    client.post(
        reverse("organisations:editor_consent", args=[org_a.slug]),
        {"action": "give", "given_by": "Amina, styreleder", "confirm": "on"},
    )
    client.force_login(coordinator)
    html = client.get(reverse("organisations:moderation_queue")).content.decode()
    assert reverse("organisations:staff_consent", args=[org_a.pk]) in html
    assert reverse("organisations:staff_consent", args=[org_b.pk]) not in html


def test_a_consent_typed_in_the_registry_form_is_what_the_listing_is_published_under(client, coordinator):
    client.force_login(coordinator)
    client.post(
        reverse("organisations:create"),
        {"name": "Forening", "kind": "immigrant_organisation",
         "published_on": "2026-01-05", "consent_given_by": "Styreleder", "consent_given_on": "2026-01-04"},
    )
    organisation = Organisation.objects.get()
    assert organisation.published_on == datetime.date(2026, 1, 5)
    assert organisation.published_consent == Consent.objects.get()


def test_the_registry_form_publishes_again_under_the_consent_on_record(client, coordinator, org_a):
    services.consent_record(organisation=org_a, given_by="Leder", given_on=datetime.date(2026, 1, 2))
    client.force_login(coordinator)
    data = {"name": org_a.name, "kind": org_a.kind, "published_on": "2026-01-05"}
    assert client.post(reverse("organisations:edit", args=[org_a.pk]), data).status_code == 302
    org_a.refresh_from_db()
    assert org_a.published_on == datetime.date(2026, 1, 5) and org_a.published_consent.given_by == "Leder"
    data["published_on"] = ""
    client.post(reverse("organisations:edit", args=[org_a.pk]), data)
    org_a.refresh_from_db()
    assert org_a.published_on is None and org_a.published_consent is None
    assert services.active_consent(org_a) is not None  # unpublishing keeps the consent on record


def test_the_database_refuses_a_published_listing_without_consent(org_a):
    # Whatever door bypasses the services (admin, a restore, the shell) meets the constraint.
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.filter(pk=org_a.pk).update(published_on=datetime.date(2026, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        Organisation.objects.create(name="Snarvei", published_on=datetime.date(2026, 1, 1))
    with pytest.raises(ValidationError):
        services.organisation_set_published(organisation=org_a, on=datetime.date(2026, 1, 1))
    org_a.refresh_from_db()
    assert org_a.published_on is None


def test_a_consent_on_record_cannot_be_deleted_while_the_listing_is_public_under_it(published):
    organisation = published("Forening")
    with pytest.raises(IntegrityError), transaction.atomic():
        Consent.objects.filter(pk=organisation.published_consent_id).delete()
        connection.check_constraints()  # what the (deferred) foreign key does at commit
    organisation.delete()  # the organisation goes with its consents
    assert not Consent.objects.exists()


def test_the_admin_cannot_publish_nor_change_consent(client, django_user_model, org_a):
    admin = django_user_model.objects.create_superuser("rot", "rot@example.org", "x")
    client.force_login(admin)
    url = reverse("admin:organisations_organisation_change", args=[org_a.pk])
    page = client.get(url).content.decode()
    assert 'name="published_on"' not in page  # shown read-only: publishing is on the consent page
    data = {"name": org_a.name, "slug": org_a.slug, "kind": org_a.kind,
            "published_on": "2026-01-01", "contact_persons-TOTAL_FORMS": "0", "contact_persons-INITIAL_FORMS": "0"}
    client.post(url, data)
    org_a.refresh_from_db()
    assert org_a.published_on is None
    consent = Consent.objects.create(organisation=org_a, given_by="Leder", given_on=datetime.date(2026, 1, 2), wording_version="2026-1", wording="x")
    assert client.post(reverse("admin:organisations_consent_change", args=[consent.pk]), {"withdrawn_at_0": "2026-01-01"}).status_code == 403
    assert client.get(reverse("admin:organisations_consent_add")).status_code == 403


def test_an_imported_published_on_records_consent_given_before_the_portal(client, coordinator):
    """The attack in which an organisations.csv with a published_on published a listing with
    no consent on record. Now the import records the consent as given before the portal, by the
    importing coordinator, and the consent page says so."""
    sheet = (
        "name,org_number,kind,municipality,email,phone,website,description,published_on\n"
        "Importert Forening,,immigrant_organisation,Sandnes,,,,,2025-12-22\n"
        "Upublisert Forening,,immigrant_organisation,Sandnes,,,,,\n"
    )
    client.force_login(coordinator)
    upload = SimpleUploadedFile("organisations.csv", sheet.encode())
    assert client.post(reverse("import"), {"kind": "organisations", "file": upload, "import": "1"}).status_code == 302
    imported = Organisation.objects.get(name="Importert Forening")
    assert imported.is_published and imported.published_on == datetime.date(2025, 12, 22)
    consent = Consent.objects.get(organisation=imported)
    assert imported.published_consent == consent and consent.is_active
    assert consent.is_before_portal and consent.given_on == datetime.date(2025, 12, 22)
    assert consent.recorded_by == coordinator and consent.given_by == ""
    assert not Consent.objects.filter(organisation__name="Upublisert Forening").exists()
    page = client.get(reverse("organisations:staff_consent", args=[imported.pk])).content.decode()
    assert "Samtykket ble gitt før portalen ble tatt i bruk" in page and coordinator.get_username() in page
    # The same sheet again changes nothing: the consent on record is kept, none is added.
    upload = SimpleUploadedFile("organisations.csv", sheet.encode())
    client.post(reverse("import"), {"kind": "organisations", "file": upload, "import": "1"})
    assert Consent.objects.filter(organisation=imported).count() == 1


def test_an_imported_published_on_publishes_under_a_consent_already_on_record(tmp_path, org_a):
    consent = services.consent_record(organisation=org_a, given_by="Leder", given_on=datetime.date(2025, 3, 1))
    (tmp_path / "organisations.csv").write_text(
        "name,org_number,kind,municipality,email,phone,website,description,published_on\n"
        f"{org_a.name},,immigrant_organisation,,,,,,2025-04-01\n", encoding="utf-8",
    )
    call_command("import_data", str(tmp_path))
    org_a.refresh_from_db()
    assert org_a.published_on == datetime.date(2025, 4, 1) and org_a.published_consent == consent
    assert Consent.objects.count() == 1


def test_recording_a_new_consent_moves_the_listing_under_it(published):
    organisation = published("Forening")
    newer = services.consent_record(organisation=organisation, given_by="Ny leder", given_on=datetime.date(2026, 2, 1))
    organisation.refresh_from_db()
    assert organisation.published_consent == newer


def test_erasing_a_contact_person_erases_their_name_from_the_consents_they_gave(org_a, org_b):
    from auditlog.models import LogEntry

    from organisations.models import ContactPerson
    from portal.privacy import erasure

    person = ContactPerson.objects.create(organisation=org_a, name="Amina Hassan", email="amina@example.org")
    given = services.consent_record(organisation=org_a, given_by="amina hassan, styreleder", given_on=datetime.date(2026, 1, 2))
    other = services.consent_record(organisation=org_a, given_by="Per Olsen", given_on=datetime.date(2026, 1, 3))
    namesake = services.consent_record(organisation=org_b, given_by="Amina Hassan", given_on=datetime.date(2026, 1, 4))
    erasure.erase(person)
    given.refresh_from_db()
    other.refresh_from_db()
    namesake.refresh_from_db()
    assert given.given_by == "(slettet), styreleder" and given.given_on == datetime.date(2026, 1, 2)  # the consent stays
    assert other.given_by == "Per Olsen"
    assert namesake.given_by == "Amina Hassan"  # another organisation's person of the same name
    trail = [f"{entry.changes} {entry.object_repr}" for entry in LogEntry.objects.filter(object_pk=str(given.pk))]
    assert trail and not any("amina hassan" in text.lower() for text in trail)


def test_an_older_sheet_never_republishes_over_a_withdrawn_consent(tmp_path, capsys, coordinator, published):
    """The sheet from before the withdrawal (with its published_on) is imported again: no consent
    is invented, the listing stays unpublished, and the row is reported in the standard form."""
    from django.core.management.base import CommandError

    organisation = published("Trukket Forening")
    services.consent_withdraw(organisation=organisation, user=coordinator)
    organisation.refresh_from_db()
    assert organisation.published_on is None
    consents_before = list(Consent.objects.filter(organisation=organisation).values_list("pk", "withdrawn_at"))
    (tmp_path / "organisations.csv").write_text(
        "name,org_number,kind,municipality,email,phone,website,description,published_on\n"
        "Annen Forening,,immigrant_organisation,Sandnes,,,,,2025-01-10\n"
        "Trukket Forening,,immigrant_organisation,Sandnes,,,,,2025-01-10\n", encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("import_data", str(tmp_path))
    err = capsys.readouterr().err
    assert "organisations.csv:3: published_on: organisasjonen har trukket tilbake samtykket sitt" in err
    assert err.count("organisations.csv:") == 1  # the other organisation's row is fine
    organisation.refresh_from_db()
    assert organisation.published_on is None and organisation.published_consent is None
    assert list(Consent.objects.filter(organisation=organisation).values_list("pk", "withdrawn_at")) == consents_before
    assert not Organisation.objects.filter(name="Annen Forening").exists()  # all or nothing


def test_a_new_consent_after_a_withdrawal_lets_the_sheet_publish_again(tmp_path, coordinator, published):
    organisation = published("Trukket Forening")
    services.consent_withdraw(organisation=organisation, user=coordinator)
    renewed = services.consent_record(organisation=organisation, given_by="Ny leder", given_on=datetime.date(2026, 1, 5))
    (tmp_path / "organisations.csv").write_text(
        "name,org_number,kind,municipality,email,phone,website,description,published_on\n"
        "Trukket Forening,,immigrant_organisation,Sandnes,,,,,2026-01-06\n", encoding="utf-8",
    )
    call_command("import_data", str(tmp_path))
    organisation.refresh_from_db()
    assert organisation.published_on == datetime.date(2026, 1, 6) and organisation.published_consent == renewed
