"""`manage.py restore` checks the archive before it touches anything: a backup whose checksums do
not match, or whose members name an unknown storage, a path out of its folder or an absolute path,
is refused with a clear message and a non-zero exit before the database is opened; the database
and the media folders stay as they were. And a backup carries no sessions, sign-in attempts or
other transient rows."""

import hashlib
import io
import json
import shutil
import zipfile

import pytest
from auditlog.models import LogEntry
from axes.models import AccessAttempt
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from organisations.models import Organisation
from portal.operations import backup_archive
from tests.conftest import make_organisation


def _row_counts():
    return {model._meta.label: model._base_manager.count() for model in backup_archive._models()}


@pytest.fixture(scope="module")
def module_backup(django_db_setup, django_db_blocker, tmp_path_factory):
    """One backup of a portal holding "Forening i backupen", taken once for the module (a backup
    takes its own snapshot, so outside a test's transaction) and the database put back as it was:
    the refusals below need an archive, not a transactional test each."""
    folder = tmp_path_factory.mktemp("backup")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=folder / "media", PRIVATE_MEDIA_ROOT=folder / "private"):
        before = _row_counts()
        last_entry = LogEntry.objects.order_by("pk").values_list("pk", flat=True).last() or 0
        organisation = make_organisation(name="Forening i backupen")
        call_command("backup", str(folder / "portal-backup.zip"), stdout=io.StringIO())
        organisation.delete()
        LogEntry.objects.filter(pk__gt=last_entry).delete()
        assert _row_counts() == before
    return folder / "portal-backup.zip"


@pytest.fixture
def backed_up(module_backup, db, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    archive = tmp_path / "portal-backup.zip"
    shutil.copyfile(module_backup, archive)
    make_organisation(name="Kom etter backupen")  # a restore would remove it
    return archive


def rewritten(archive, *, change=None, add=None, manifest_files=None):
    """A copy of the archive with one member's bytes changed and/or members added (their SHA-256
    entered in the manifest, as a careful forger would), the rest as it was."""
    target = archive.with_name("changed.zip")
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(target, "w") as out:
        manifest = json.loads(source.read(backup_archive.MANIFEST))
        for name, data in (add or {}).items():
            manifest["files"][name.removeprefix(backup_archive.FILES)] = hashlib.sha256(data).hexdigest()
            out.writestr(zipfile.ZipInfo(name), data)
        manifest["files"].update(manifest_files or {})
        for member in source.infolist():
            data = source.read(member)
            if member.filename == backup_archive.MANIFEST:
                data = json.dumps(manifest).encode()
            elif change and member.filename == change[0]:
                data = change[1](data)
            out.writestr(member, data)
    return target


def refused(path, match):
    names_before = sorted(Organisation.objects.values_list("name", flat=True))
    with CaptureQueriesContext(connection) as queries, pytest.raises(CommandError, match=match) as error:
        call_command("restore", str(path), "--replace", stdout=io.StringIO())
    assert "nothing was restored" in str(error.value)
    assert len(queries) == 0  # refused before the database was opened
    assert sorted(Organisation.objects.values_list("name", flat=True)) == names_before
    return error


def flip_one_byte(data):
    index = data.index(b"Forening i backupen")
    return data[:index] + b"G" + data[index + 1:]


def test_one_changed_byte_in_the_data_is_refused_and_nothing_changes(backed_up):
    tampered = rewritten(backed_up, change=(backup_archive.DATA, flip_one_byte))

    refused(tampered, r"data.jsonl does not match the manifest's SHA-256")

    assert Organisation.objects.filter(name="Kom etter backupen").exists()


@pytest.mark.django_db(transaction=True)  # a restore runs the migrations and loads in a transaction of its own
def test_the_untouched_backup_restores(backed_up):
    call_command("restore", str(backed_up), "--replace", stdout=io.StringIO())
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Forening i backupen"]


@pytest.mark.parametrize(
    "member, message",
    [
        ("files/evil/planted.html", "an unknown storage 'evil'"),
        ("files/default/../../planted.html", "a path that leaves its folder"),
        ("files/default/sub/../../../planted.html", "a path that leaves its folder"),
        ("/etc/planted.html", "an absolute path"),
        ("files/default//etc/planted.html", "a path that leaves its folder"),
        ("C:/planted.html", "an absolute path"),
        ("notes.txt", "not a part of a portal backup"),
    ],
)
def test_a_member_outside_the_known_storages_is_refused_and_nothing_is_written(backed_up, settings, tmp_path, member, message):
    tampered = rewritten(backed_up, add={member: b"<script>alert(1)</script>"})

    refused(tampered, message)

    assert not list(tmp_path.rglob("planted.html"))
    assert not (settings.MEDIA_ROOT.exists() and any(settings.MEDIA_ROOT.rglob("*")))


def test_a_file_the_manifest_does_not_list_or_a_changed_file_is_refused(backed_up, tmp_path):
    unlisted = rewritten(backed_up)
    with zipfile.ZipFile(unlisted, "a") as archive:
        archive.writestr("files/default/extra.txt", b"hei")
    refused(unlisted, "does not list")

    listed = rewritten(backed_up, add={"files/default/logo.png": b"\x89PNG"})
    with zipfile.ZipFile(listed) as archive:
        manifest = json.loads(archive.read(backup_archive.MANIFEST))
    manifest["files"]["default/logo.png"] = hashlib.sha256(b"something else").hexdigest()
    changed = tmp_path / "changed-file.zip"
    with zipfile.ZipFile(listed) as source, zipfile.ZipFile(changed, "w") as out:
        for member in source.infolist():
            out.writestr(member, json.dumps(manifest) if member.filename == backup_archive.MANIFEST else source.read(member))
    refused(changed, r"files/default/logo.png does not match the manifest's SHA-256")


def without_the_content_types(data):
    """data.jsonl without its content types, which the permissions and the audit entries point to."""
    lines = data.decode().splitlines(keepends=True)
    kept = [line for line in lines if json.loads(line)["model"] != "contenttypes.contenttype"]
    assert len(kept) < len(lines) and any(json.loads(line)["model"] == "auth.permission" for line in kept)
    return "".join(kept).encode()


@pytest.mark.django_db(transaction=True)  # the restore empties the tables first, as it does in production
def test_a_backup_whose_rows_point_to_a_missing_row_is_refused_and_nothing_changes(backed_up):
    with zipfile.ZipFile(backed_up) as archive:
        data = without_the_content_types(archive.read(backup_archive.DATA))
        manifest = json.loads(archive.read(backup_archive.MANIFEST))
    manifest["data_sha256"] = hashlib.sha256(data).hexdigest()  # forged with care: only the load can tell
    broken = backed_up.with_name("broken.zip")
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr(backup_archive.MANIFEST, json.dumps(manifest))
        archive.writestr(backup_archive.DATA, data)

    with pytest.raises(CommandError, match="the backup's rows do not hold together.*nothing was restored"):
        call_command("restore", str(broken), "--replace", stdout=io.StringIO())

    assert list(Organisation.objects.values_list("name", flat=True)) == ["Kom etter backupen"]


def test_the_command_exits_non_zero_with_the_reason(backed_up):
    import subprocess
    import sys

    from tests.portal.test_full_backup import ROOT

    tampered = rewritten(backed_up, change=(backup_archive.DATA, flip_one_byte))
    done = subprocess.run([sys.executable, "manage.py", "restore", str(tampered), "--replace"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode != 0
    assert "does not match the manifest's SHA-256" in done.stderr and "nothing was restored" in done.stderr


@pytest.mark.django_db(transaction=True)
def test_a_backup_leaves_out_sessions_sign_in_attempts_and_other_transient_rows(client, coordinator, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    client.force_login(coordinator)
    AccessAttempt.objects.create(username="kari", ip_address="192.0.2.1", user_agent="x", failures_since_start=3)
    assert Session.objects.exists()
    archive = tmp_path / "backup.zip"

    call_command("backup", str(archive), stdout=io.StringIO())

    with zipfile.ZipFile(archive) as backup:
        manifest = json.loads(backup.read(backup_archive.MANIFEST))
        models = {json.loads(line)["model"] for line in backup.read(backup_archive.DATA).decode().splitlines()}
    for label in ("sessions.Session", "axes.AccessAttempt", "axes.AccessLog", "portal.FormKey", "django_tasks_database.DBTaskResult"):
        assert label not in manifest["rows"]
        assert label.lower() not in models
    assert manifest["rows"]["auth.User"] >= 1 and "auth.user" in models
