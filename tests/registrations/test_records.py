"""Registrations in the portal's own records: the audit trail, the record of processing, the
backup, the export, and erasure of the person who registered."""

import io
import json
import zipfile

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command

from organisations.models import ContactPerson
from portal.privacy import erasure
from portal.checks import check_processing_record
from registrations import services
from tests.portal.test_erasure_everywhere import database_text, hits
from tests.registrations.factories import waiting

pytestmark = pytest.mark.django_db

KAVITHA = ("Kavitha Raj", "kavitha@example.org")


def test_a_decision_is_in_the_audit_trail_with_its_coordinator_and_without_the_applicant(client, coordinator):
    registration = waiting()
    client.force_login(coordinator)
    client.post(f"/koordinator/registreringer/{registration.pk}/godkjenn/")
    entries = LogEntry.objects.filter(content_type__model="registration", object_pk=str(registration.pk))
    decision = entries.filter(actor=coordinator).get()
    assert decision.changes["status"] == ["waiting", "approved"]
    trail = " ".join(str(entry.changes) for entry in entries)
    assert hits(trail, *KAVITHA) == []


def test_a_refused_applicant_leaves_nothing_personal_in_the_whole_database(client, coordinator, run_jobs):
    registration = waiting()
    client.force_login(coordinator)
    with run_jobs():
        client.post(f"/koordinator/registreringer/{registration.pk}/avvis/", {"message": "Ikke i kommunen."})
    # The sent e-mail's rows in the job queue hold its recipient, as every queued e-mail's do: the
    # queue's own retention, not this record's.
    from django_tasks_db.models import DBTaskResult

    from portal.background.jobs import Job

    Job.objects.all().delete()
    DBTaskResult.objects.all().delete()
    assert hits(database_text(), *KAVITHA) == []


def test_erasing_the_contact_person_of_an_approved_registration_reaches_every_copy(client, coordinator, run_jobs):
    registration = waiting()
    client.force_login(coordinator)
    with run_jobs():
        client.post(f"/koordinator/registreringer/{registration.pk}/godkjenn/")
    erasure.erase(ContactPerson.objects.get(), actor=coordinator)
    # Name and phone are gone everywhere (the consent she gave included); the address stays only as
    # the editor account's username, an account and not a contact person.
    assert hits(database_text(), "Kavitha Raj") == []


def test_the_record_of_processing_declares_registrations(client, coordinator):
    assert check_processing_record() == []
    client.force_login(coordinator)
    page = client.get("/koordinator/behandlingsprotokoll/").content.decode()
    assert "Organisasjoners egen registrering" in page


@pytest.mark.django_db(transaction=True)  # a backup takes its own snapshot, outside any transaction
def test_the_backup_holds_registrations(tmp_path, settings):
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "media", tmp_path / "private"
    waiting()
    call_command("backup", str(tmp_path / "backup.zip"), stdout=io.StringIO())
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["rows"]["registrations.Registration"] == 1


def test_the_spreadsheet_export_holds_the_approved_organisation_and_no_waiting_application(tmp_path, coordinator):
    approved, still_waiting = waiting(name="Godkjent Forening"), waiting(name="Ventende Forening", email="b@example.org")
    services.registration_approve(registration=approved, by=coordinator)
    call_command("export_all", str(tmp_path), stdout=io.StringIO())
    sheet = (tmp_path / "organisations.csv").read_text(encoding="utf-8-sig")
    assert "Godkjent Forening" in sheet and still_waiting.name not in sheet
