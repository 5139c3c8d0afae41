"""`manage.py backup FILE` → `manage.py restore FILE` into an empty database (SQLite and
PostgreSQL, whichever the suite runs on) gives back every row of every table, every report
figure and every approved report's PDF byte for byte: over the demo registry and everything the
spreadsheet export does not hold (the export is a transfer format, tests/portal/test_export_all.py)."""

import datetime
import io
import json
import os
import subprocess
import sys
import uuid
import zipfile
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from organisations.models import EditorInvitation
from portal.background import jobs
from portal.operations import backup_archive
from reports import services
from reports.models import AnnualReport

ROOT = Path(__file__).resolve().parents[2]


def manage(*args, env, timeout=900):
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


class EmptyDatabase:
    """A new, empty database of the suite's own kind for the restore, and its DATABASE_URL."""

    def __init__(self, tmp_path):
        settings = connection.settings_dict
        if connection.vendor == "sqlite":
            self.url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
            self.drop = lambda: None
            return
        assert connection.vendor == "postgresql"
        from urllib.parse import quote

        name = f"{settings['NAME']}_restore_{uuid.uuid4().hex[:8]}"
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        host = quote(settings["HOST"] or "", safe="")
        port = f":{settings['PORT']}" if settings.get("PORT") else ""
        password = f":{quote(settings['PASSWORD'], safe='')}" if settings.get("PASSWORD") else ""
        self.url = f"postgres://{quote(settings['USER'] or '', safe='')}{password}@{host}{port}/{name}"

        def drop():
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        self.drop = drop


READ_BACK = """
import io, json
from django.core.management import call_command
call_command("backup", {again!r}, stdout=io.StringIO())
figures = {{}}
for year in ("2025", "2024"):
    out = io.StringIO()
    call_command("annual_report", year, "--format", "json", stdout=out)
    figures[year] = json.loads(out.getvalue())
# Work goes on in the restored portal: new keys come after the restored ones (sequences reset).
from organisations.models import Organisation, Tag
Organisation.objects.create(name="Ny etter gjenopprettingen", kind="immigrant_organisation").tags.add(Tag.objects.get())
print(json.dumps(figures))
"""


def rows_of(backup_file):
    with zipfile.ZipFile(backup_file) as archive:
        lines = archive.read(backup_archive.DATA).decode().splitlines()
        manifest = json.loads(archive.read(backup_archive.MANIFEST))
    return sorted(lines), manifest


# What no sheet's columns hold (docs/domain.md), kept by the backup alone: the rest of each
# organisation's record (descriptions in other languages, consent, premises needs, tags), contact
# persons and their mailing choices, meeting series, guidance cases, surveys with their other
# languages, grant schemes, premises, the resource library, regular offers, what an input item led to.
BEYOND_THE_SHEETS = (
    "organisations.ListingDescription", "organisations.Consent", "organisations.PremisesNeed", "organisations.Tag",
    "organisations.ContactPerson", "mailings.ContactPreference", "panel.MeetingSeries", "outreach.Guidance",
    "surveys.Survey", "grants.GrantScheme", "activities.Premises", "activities.Resource", "offers.Offer",
    "offers.OfferPause", "networks.Relationship", "networks.Agreement",
)


def beyond_the_sheets():
    """Links and choices the demo registry does not make: a tag, a contact person's opt-out, what
    an input item led to, an activity's plan item, a grant application's guidance case, a library
    file, a relationship's note, the meeting and activity an agreement was made at, a plan item's
    unit and status, a series' lead unit and expected meetings."""
    from django.utils import timezone

    from activities.models import Activity, Resource
    from goals.models import Measure, PlanItem, PlanItemYear
    from grants.models import GrantApplication
    from mailings.models import ContactPreference
    from networks.models import Agreement, Relationship
    from organisations.models import ContactPerson, Organisation, Tag
    from outreach.models import Guidance
    from panel.models import InputItem, Meeting, MeetingSeries

    Organisation.objects.order_by("pk").first().tags.add(Tag.objects.create(name="leksehjelp"))
    ContactPreference.objects.create(person=ContactPerson.objects.order_by("pk").first(), opted_out_at=timezone.now())
    item = InputItem.objects.order_by("pk").first()
    item.led_to_measures.set(Measure.objects.all()[:1])
    item.led_to_activities.set(Activity.objects.all()[:1])
    item.led_to_series.set(MeetingSeries.objects.all()[:1])
    item.led_to_plan_items.set(PlanItem.objects.all()[:1])
    Activity.objects.order_by("pk").first().plan_items.set(PlanItem.objects.all()[:1])
    GrantApplication.objects.order_by("pk").first().guidance.set(Guidance.objects.all()[:1])
    library = Resource.objects.order_by("pk").first()
    library.file.save("brosjyre.pdf", ContentFile(b"%PDF-1.4 not really a brochure"), save=True)
    Relationship.objects.filter(pk=Relationship.objects.order_by("pk").first().pk).update(note="Betaler kontingent.")
    first, second = Agreement.objects.order_by("pk")[:2]
    Agreement.objects.filter(pk=first.pk).update(meeting=Meeting.objects.filter(kind="panel").first(), activity=None, event=None)
    Agreement.objects.filter(pk=second.pk).update(meeting=None, activity=Activity.objects.first(), event=None)
    unit = Organisation.objects.filter(kind="municipal_service").first()
    assert unit is not None, "the demo has municipal services"
    PlanItem.objects.filter(pk=PlanItem.objects.order_by("pk").first().pk).update(responsible_unit=unit)
    PlanItemYear.objects.filter(pk=PlanItemYear.objects.order_by("pk").first().pk).update(status="under_way")
    MeetingSeries.objects.filter(pk=MeetingSeries.objects.order_by("pk").first().pk).update(lead_unit=unit, expected_meetings_per_year=2)


@pytest.mark.slow(reason="a whole restore into a new database, migrated from zero, in a process of its own, and the restored portal read back by another")
@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_into_an_empty_database_give_back_every_row_figure_and_pdf(tmp_path, settings, coordinator, editor, org_a):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    # The demo registry (every app's records), what its sheets cannot hold besides, and records of
    # every kind the spreadsheet export leaves out: accounts and roles (the fixtures), an editor,
    # an invitation, the audit trail (made by auditlog as the records are), a logo, a job, and an
    # approved report with its PDF rendered and stored.
    call_command("seed_demo", stdout=io.StringIO())
    beyond_the_sheets()
    EditorInvitation.objects.create(organisation=org_a, email="ny@example.org", token_hash="0" * 64, expires_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.timezone.utc))
    org_a.logo.save("logo.png", ContentFile(b"\x89PNG\r\n\x1a\n not really a picture"), save=True)
    jobs.Job.objects.create(kind="test", label="Ferdig jobb", state="succeeded", task_path="x.y", owner=coordinator)
    report = AnnualReport.objects.get(year=2025)  # approved by the demo
    # The stored PDF is a file like any other to the backup: bytes of every value stand in for a
    # rendered one (rendering takes seconds and proves nothing about the backup).
    data = b"%PDF-1.7\n" + bytes(range(256)) * 4 + b"\n%%EOF\n"
    report = services.report_store_pdf(report=report, filename="arsrapport-2025.pdf", data=data)
    services.report_create(year=2024)  # and a draft
    figures = io.StringIO()
    call_command("annual_report", "2025", "--format", "json", stdout=figures)
    draft_figures = io.StringIO()
    call_command("annual_report", "2024", "--format", "json", stdout=draft_figures)

    backup_file = tmp_path / "portal-backup.zip"
    call_command("backup", str(backup_file), stdout=io.StringIO())
    original_rows, original = rows_of(backup_file)
    for label in ("auth.User", "auth.Group", "organisations.EditorInvitation", "auditlog.LogEntry", "reports.AnnualReport", "portal.Job",
                  *BEYOND_THE_SHEETS):
        assert original["rows"][label] > 0, label
    assert any(name.endswith(".pdf") for name in original["files"])
    assert any(name.endswith("brosjyre.pdf") for name in original["files"])  # the library's file

    # A restore into a database that holds records (this one) is refused and changes nothing (the
    # command's exit status: tests/portal/test_backup_checks.py).
    entries = LogEntry.objects.count()
    with pytest.raises(CommandError, match="already holds records; restore into an empty database"):
        call_command("restore", str(backup_file), stdout=io.StringIO())
    assert LogEntry.objects.count() == entries and EditorInvitation.objects.filter(email="ny@example.org").exists()
    target = EmptyDatabase(tmp_path)
    try:
        env = {**os.environ, "DATABASE_URL": target.url, "DJANGO_MEDIA_ROOT": str(tmp_path / "media-restored"),
               "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private-restored"), "DJANGO_LOG_LEVEL": "ERROR"}
        out = manage("restore", str(backup_file), env=env)
        assert f"restored {sum(original['rows'].values())} rows" in out
        # The restored portal, read by one process of its own (Django starts once): a backup of it
        # and the figures of both years, by the commands.
        restored_figures = json.loads(manage("shell", "--no-imports", "-c", READ_BACK.format(again=str(tmp_path / "again.zip")), env=env))
        # Every row of every table: a backup of the restored portal holds exactly the same rows.
        restored_rows, again = rows_of(tmp_path / "again.zip")
        assert again["rows"] == original["rows"]
        lost, gained = sorted(set(original_rows) - set(restored_rows)), sorted(set(restored_rows) - set(original_rows))
        assert restored_rows == original_rows, f"lost {lost[:2]}\ngained {gained[:2]}"
        assert again["files"] == original["files"]
        # Every figure, from the approved snapshot and from the live records (the draft).
        assert restored_figures["2025"] == json.loads(figures.getvalue())
        assert restored_figures["2024"] == json.loads(draft_figures.getvalue())
        # The approved report's PDF, byte for byte, where the restored portal serves it from.
        assert (tmp_path / "private-restored" / report.pdf.name).read_bytes() == data
        assert (tmp_path / "media-restored" / org_a.logo.name).read_bytes().startswith(b"\x89PNG")
    finally:
        target.drop()


def test_a_file_that_is_not_a_backup_is_refused_with_its_name(tmp_path):
    bogus = tmp_path / "bogus.zip"
    with zipfile.ZipFile(bogus, "w") as archive:
        archive.writestr("hello.txt", "hei")
    with pytest.raises(CommandError, match="bogus.zip: not a portal backup"):
        call_command("restore", str(bogus), stdout=io.StringIO())
