"""Whole-portal backups: `manage.py backup FILE` and `manage.py restore FILE`.

A backup is one ZIP file:

    manifest.json   format, when, the migrations it was taken at, the row count of every model
    data.jsonl      every row of every model of every installed app (Django's jsonl serializer:
                    accounts, roles, editors, invitations, the audit trail, listing revisions,
                    events, reports with their frozen snapshots, job rows …), original primary keys
    files/<storage>/<path>   every file of every file storage (uploads, logos, attachments, the
                    approved reports' PDFs), byte for byte

Only the cache table is left out (it is rebuilt on demand). `restore` migrates the target
database, refuses one that already holds records (unless --replace), loads every row in one
transaction (sequences reset), writes the files back and empties the cache. It refuses a backup
taken at migrations this version of the portal does not have.

The spreadsheet export (`export_all`, hub/backup.py) is a different thing: a human-readable
transfer format, not a backup of everything.
"""

import datetime
import hashlib
import io
import json
import os
import tempfile
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import caches
from django.core.files.base import File
from django.core.serializers.json import DjangoJSONEncoder
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "mangfoldsportalen-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
FILES = "files/"
CHUNK = 2000


class BackupError(Exception):
    pass


class FullPrecisionEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes and times to milliseconds; a backup keeps microseconds,
    so a restored row is the row that was saved."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


def _models():
    """Every concrete model whose rows are data, parents before children where Django knows."""
    found = []
    # Auto-created many-to-many tables travel inside their models' rows (as dumpdata does).
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.swapped:
            continue
        found.append(model)
    return sorted(found, key=lambda m: m._meta.label)


def _file_storages():
    """(key, storage) of every file storage that keeps files on disk: those of STORAGES (static
    files excepted) and those the models' file fields name (e.g. the private storage of
    portal.files), each location once."""
    from django.db.models import FileField

    candidates = [(alias, storages[alias]) for alias in settings.STORAGES if alias != "staticfiles"]
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, FileField):
                storage = field.storage
                candidates.append((f"{type(storage).__module__}.{type(storage).__qualname__}", storage))
    result = []
    seen = set()
    for key, storage in candidates:
        if not isinstance(storage, FileSystemStorage):
            continue
        location = os.path.realpath(storage.location)
        if location in seen:
            continue
        seen.add(location)
        result.append((key, storage))
    return result


def _walk(storage, directory=""):
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for folder in sorted(folders):
        yield from _walk(storage, f"{directory}/{folder}" if directory else folder)


def applied_migrations(using=DEFAULT_DB_ALIAS):
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connections[using]).applied_migrations())


def backup(path, *, using=DEFAULT_DB_ALIAS):
    """Write the backup ZIP to `path`; returns the manifest."""
    counts = {}
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        with transaction.atomic(using=using):  # one consistent moment (a snapshot on PostgreSQL)
            with archive.open(DATA, "w", force_zip64=True) as raw:
                out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
                for model in _models():
                    label = model._meta.label
                    counts[label] = 0

                    def counted(rows, label=label):
                        for row in rows:
                            counts[label] += 1
                            yield row

                    queryset = model._base_manager.using(using).order_by("pk").iterator(chunk_size=CHUNK)
                    serializers.serialize("jsonl", counted(queryset), stream=out, cls=FullPrecisionEncoder)
                out.flush()
                out.detach()
            migrations = applied_migrations(using)
        files = {}
        for alias, storage in _file_storages():
            for name in _walk(storage):
                digest = hashlib.sha256()
                with storage.open(name, "rb") as source, archive.open(f"{FILES}{alias}/{name}", "w", force_zip64=True) as target:
                    for block in iter(lambda: source.read(1 << 20), b""):
                        digest.update(block)
                        target.write(block)
                files[f"{alias}/{name}"] = digest.hexdigest()
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.timezone.utc).isoformat(),
            "database_vendor": connections[using].vendor,
            "migrations": migrations,
            "rows": counts,
            "files": files,
        }
        archive.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
    tmp.replace(path)
    return manifest


def read_manifest(archive):
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise BackupError(f"not a portal backup (no readable {MANIFEST})") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError("not a backup of this format version")
    return manifest


def _has_records(using):
    """Records people made (accounts, organisations, meetings, reports); the reference rows the
    migrations make (roles, languages, categories) do not count."""
    labels = [settings.AUTH_USER_MODEL, "organisations.Organisation", "panel.Meeting", "reports.AnnualReport"]
    probes = []
    for label in labels:
        try:
            probes.append(apps.get_model(label))
        except LookupError:
            continue
    return any(m._base_manager.using(using).exists() for m in probes)


def restore(path, *, using=DEFAULT_DB_ALIAS, replace=False, stdout=None):
    """Restore the backup at `path` into the database `using` and the file storages."""
    with zipfile.ZipFile(path) as archive:
        manifest = read_manifest(archive)
        call_command("migrate", database=using, interactive=False, verbosity=0)
        missing = sorted(set(manifest["migrations"]) - set(applied_migrations(using)))
        if missing:
            raise BackupError(
                "the backup was taken with migrations this version of the portal does not have: "
                + ", ".join(missing[:10])
                + "; restore it with the portal version it came from"
            )
        if not replace and _has_records(using):
            raise BackupError("the database already holds records; restore into an empty database (or pass --replace)")
        with tempfile.TemporaryDirectory() as scratch:
            fixture = Path(scratch) / "data.jsonl"
            with archive.open(DATA) as source, open(fixture, "wb") as target:
                for block in iter(lambda: source.read(1 << 20), b""):
                    target.write(block)
            with transaction.atomic(using=using):
                # Rows the migrations made (roles, languages, content types, permissions) are
                # replaced by the backup's own, with their original keys.
                call_command("flush", database=using, interactive=False, inhibit_post_migrate=True, verbosity=0)
                # The audit trail is restored as it was: loading it must not add entries to it.
                from auditlog.context import disable_auditlog

                with disable_auditlog():
                    call_command("loaddata", str(fixture), database=using, verbosity=0)
        written = 0
        storage_by_alias = dict(_file_storages())
        for member in archive.infolist():
            if not member.filename.startswith(FILES) or member.is_dir():
                continue
            alias, _slash, name = member.filename[len(FILES):].partition("/")
            storage = storage_by_alias.get(alias) or storages["default"]
            if storage.exists(name):
                storage.delete(name)
            with archive.open(member) as source:
                saved = storage.save(name, File(source, name=name))
            if saved != name:
                raise BackupError(f"could not write {name} back under its own name (got {saved})")
            written += 1
    for alias in settings.CACHES:
        caches[alias].clear()
    return manifest, written
