"""A backup taken while people work restores: every row comes from one snapshot, so an attendance
row never points to an organisation the backup does not hold, and the manifest's row counts are
the rows in the data. A writer process adds organisations at the door (an organisation and its
attendance in one transaction) while `manage.py backup` runs; the backup is then restored over the
database it was taken from (the writer's later rows must go) and every table compared to the
manifest (SQLite and PostgreSQL, whichever the suite runs on; the PostgreSQL run is the one where the
tables used to be read at different moments). The restore into a new, empty database (migrated from
zero) is tests/portal/test_full_backup.py's."""

import json
import os
import subprocess
import sys
import textwrap
import time
import zipfile
from collections import Counter

import pytest
from django.db import connection

from panel.models import Meeting
from portal.operations import backup_archive
from tests.portal.test_full_backup import ROOT, manage, rows_of
from tests.portal.test_jobs import _database_url_for_a_worker
from tests.reports import factories

# The writer at the door, in its own process as a second gunicorn worker would be: an organisation
# and its attendance in one transaction, again and again, one line per write, until told to stop.
# A short pause between writes keeps the rows in the hundreds and leaves the backup a core of its own:
# the writes still land every few milliseconds, between any two tables the backup reads.
WRITER = textwrap.dedent(
    """
    import os, sys, time
    from django.db import OperationalError, transaction
    from organisations.models import Organisation
    from panel.models import Attendance
    stop, meeting_id, written = sys.argv[-2], int(sys.argv[-1]), 0
    while not os.path.exists(stop):
        time.sleep(PAUSE)
        try:
            with transaction.atomic():
                organisation = Organisation.objects.create(name=f"Ved døra {written}", kind="immigrant_organisation")
                Attendance.objects.create(meeting_id=meeting_id, organisation=organisation, participants=2)
        except OperationalError:  # SQLite: busy beyond the timeout; try again
            continue
        written += 1
        print(time.time(), flush=True)
    """
)
PAUSE = 0.01


def manifest_matches_its_data(backup_file):
    with zipfile.ZipFile(backup_file) as archive:
        manifest = json.loads(archive.read(backup_archive.MANIFEST))
        rows = [json.loads(line) for line in archive.read(backup_archive.DATA).decode().splitlines()]
    counted = Counter(row["model"] for row in rows)
    assert dict(counted) == {label.lower(): n for label, n in manifest["rows"].items() if n}
    return manifest, rows


@pytest.mark.slow(reason="a writer process, a backup, a restore over it and a backup again, by the commands an operator runs")
@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_organisations_arrive_at_the_door_restores_whole(tmp_path):
    factories.build_panel(2025)
    meeting = Meeting.objects.order_by("date").last()
    source_url, _read, _heartbeat = _database_url_for_a_worker(tmp_path)
    env = {**os.environ, "DATABASE_URL": source_url, "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
           "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private"), "DJANGO_LOG_LEVEL": "ERROR"}
    stop = tmp_path / "stop"
    script = tmp_path / "writer.py"
    script.write_text(f"import django; django.setup()\nPAUSE = {PAUSE}\n" + WRITER, encoding="utf-8")
    writer = subprocess.Popen(
        [sys.executable, str(script), str(stop), str(meeting.pk)], cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "portal.settings", "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    backup_file = tmp_path / "under-load.zip"
    try:
        before = [writer.stdout.readline() for _ in range(5)]  # the writer is at work
        started = time.time()
        manage("backup", str(backup_file), env=env)
        ended = time.time()
        after = writer.stdout.readline()  # and still is once the backup is done
    finally:
        stop.touch()
        out, err = writer.communicate(timeout=60)
    writes = [float(line) for line in [*before, after, *out.split()] if line.strip()]
    assert writer.returncode == 0, err
    assert len(writes) >= 5, err
    if connection.vendor == "postgresql":  # SQLite's writer waits for the reader; PostgreSQL's does not
        assert any(started < moment < ended for moment in writes), "nothing was written while the backup ran"

    original, rows = manifest_matches_its_data(backup_file)
    # Every attendance in the backup points to an organisation in the backup.
    organisations = {row["pk"] for row in rows if row["model"] == "organisations.organisation"}
    attendance = [row["fields"]["organisation"] for row in rows if row["model"] == "panel.attendance"]
    assert set(attendance) <= organisations
    assert any(row["fields"]["name"].startswith("Ved døra") for row in rows if row["model"] == "organisations.organisation")

    # Restored over the database it came from, which holds rows the writer added once the backup was
    # done (`after`): the restore must take them away and bring back every row of the backup.
    out = manage("restore", str(backup_file), "--replace", env=env)
    assert f"restored {sum(original['rows'].values())} rows" in out
    # Every table of the restored database against the manifest: a backup of it holds the same rows.
    manage("backup", str(tmp_path / "again.zip"), env=env)
    again, _rows = manifest_matches_its_data(tmp_path / "again.zip")
    assert again["rows"] == original["rows"]
    assert rows_of(tmp_path / "again.zip")[0] == rows_of(backup_file)[0]
