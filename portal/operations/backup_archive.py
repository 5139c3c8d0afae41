"""Whole-portal backups: `manage.py backup FILE` and `manage.py restore FILE`.

A backup is one ZIP file:

    manifest.json   format, when, the migrations it was taken at, the row count of every model
    data.jsonl      every row of every model of every installed app (Django's jsonl serializer:
                    accounts, roles, editors, invitations, the audit trail, listing revisions,
                    events, reports with their frozen snapshots, job rows …), original primary keys
    files/<storage>/<path>   every file of every file storage (uploads, logos, attachments, the
                    approved reports' PDFs), byte for byte

Left out: the cache table (rebuilt on demand) and the transient rows of `TRANSIENT` (sessions,
sign-in attempts, form keys, the task queue): a backup must not carry keys that open the live
server, and a restored test copy must not run the live server's queued jobs.

All rows come from one snapshot of the database (`_snapshot`): a REPEATABLE READ, READ ONLY
transaction on PostgreSQL, one read transaction on SQLite, so rows that point to each other are
either both in the backup or neither, and the manifest's row counts are the rows written.

`restore` checks the archive before it touches anything (`verify`): the manifest's SHA-256 of
data.jsonl and of every file, and every member's name (a known storage alias, no `..`, no absolute
path, nothing the manifest does not list). A backup that fails a check is refused before the
database is opened. A database that already holds records is refused (unless --replace) before
its migrations are run. Then it migrates the target database, loads every row in one transaction
(sequences reset), writes the files back and empties the cache. It refuses a backup taken at migrations this version of the portal does not have.

The spreadsheet export (`export_all DIR`, read back by `import_data DIR`) is a different thing: the
coordinators' transfer format (docs/domain.md), the columns of each sheet and nothing more.
"""

import datetime
import hashlib
import io
import json
import os
import tempfile
import zipfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.cache import caches
from django.core.files.base import File
from django.core.serializers.json import DjangoJSONEncoder
from django.core.files.storage import FileSystemStorage, storages
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "mangfoldsportalen-backup"
# 2: the manifest holds data.jsonl's SHA-256 ("data_sha256"), checked before a restore.
FORMAT_VERSION = 2
MANIFEST = "manifest.json"
DATA = "data.jsonl"
FILES = "files/"
CHUNK = 2000


class BackupError(Exception):
    pass


# Rows that are state of the running server, not records: left out of every backup.
TRANSIENT = {
    "sessions.Session": "signed-in sessions: a backup holding them would open the live server",
    "axes.AccessAttempt": "failed sign-ins (rate limiting)",
    "axes.AccessAttemptExpiration": "failed sign-ins (rate limiting)",
    "axes.AccessFailureLog": "failed sign-ins (rate limiting)",
    "axes.AccessLog": "sign-in log",
    "portal.FormKey": "one-time keys of forms on screen now",
    "django_tasks_database.DBTaskResult": "the task queue: a restored copy must not run the live server's jobs",
}


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
        if meta.proxy or not meta.managed or meta.swapped or meta.label in TRANSIENT:
            continue
        found.append(model)
    return sorted(found, key=lambda m: m._meta.label)


def _file_storages():
    """(key, storage) of every file storage that keeps files on disk: those of STORAGES (static
    files excepted) and those the models' file fields name (e.g. the private storage of
    portal.privacy.files), each location once."""
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


class _Hashing(io.RawIOBase):
    """A writable stream that passes bytes on and keeps their SHA-256."""

    def __init__(self, target):
        self.target, self.digest = target, hashlib.sha256()

    def writable(self):
        return True

    def write(self, data):
        self.digest.update(data)
        return self.target.write(data)


@contextmanager
def _snapshot(using):
    """One transaction that sees the database as it was at its start, for every table read in it.

    PostgreSQL: REPEATABLE READ, READ ONLY (the snapshot pg_dump takes), set as the transaction's
    first statement. SQLite: a deferred read transaction (BEGIN, then a first read fixes the
    snapshot), whatever `transaction_mode` the settings give writers: a backup takes no write lock.
    """
    connection = connections[using]
    if connection.in_atomic_block:
        if connection.vendor == "postgresql":  # READ COMMITTED would give each table its own moment
            raise BackupError("a backup takes its own snapshot: run it outside a transaction")
        yield  # SQLite: the enclosing transaction is already one snapshot
        return
    saved_mode = getattr(connection, "transaction_mode", None)
    if connection.vendor == "sqlite":
        connection.transaction_mode = None  # plain BEGIN: deferred, a reader
    try:
        with transaction.atomic(using=using):
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                elif connection.vendor == "sqlite":
                    cursor.execute("SELECT count(*) FROM sqlite_master")  # the read that fixes the snapshot
            yield
    finally:
        if connection.vendor == "sqlite":
            connection.transaction_mode = saved_mode


def backup(path, *, using=DEFAULT_DB_ALIAS):
    """Write the backup ZIP to `path`; returns the manifest."""
    counts = {}
    path = Path(path)
    tmp = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        with _snapshot(using):
            with archive.open(DATA, "w", force_zip64=True) as raw:
                hashing = _Hashing(raw)
                out = io.TextIOWrapper(hashing, encoding="utf-8", newline="\n", write_through=True)
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
            "data_sha256": hashing.digest.hexdigest(),
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
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"not a portal backup (no readable {MANIFEST})")
    if manifest.get("version") != FORMAT_VERSION:
        raise BackupError(
            f"a backup of format version {manifest.get('version')!r}; this portal restores version {FORMAT_VERSION} "
            "(version 1 has no checksum of its data: restore it with the portal version that took it)"
        )
    for key, kind in (("rows", dict), ("files", dict), ("migrations", list), ("data_sha256", str)):
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"the manifest has no valid {key!r}")
    return manifest


def _member_problem(name, aliases):
    """Why an archive member's name is refused, or None. Only the manifest, the data and
    files/<known storage alias>/<relative path> are allowed."""
    if name in (MANIFEST, DATA):
        return None
    if "\\" in name or "\x00" in name or name.startswith("/") or ":" in name.split("/", 1)[0]:
        return "an absolute path"
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "a path that leaves its folder"
    if parts[0] + "/" != FILES or len(parts) < 3:
        return "not a part of a portal backup"
    if parts[1] not in aliases:
        return f"an unknown storage {parts[1]!r}"
    if PurePosixPath(*parts[2:]).is_absolute():
        return "an absolute path"
    return None


def _sha256(archive, name):
    digest = hashlib.sha256()
    with archive.open(name) as source:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(archive):
    """Check the whole archive before anything is touched: the manifest, every member's name and
    every checksum the manifest lists. Returns the manifest; raises BackupError naming the first
    problem found."""
    manifest = read_manifest(archive)
    aliases = {alias for alias, _storage in _file_storages()}
    expected = {DATA: manifest["data_sha256"]}
    for key, digest in manifest["files"].items():
        if not isinstance(key, str) or not isinstance(digest, str):
            raise BackupError("the manifest's list of files is not valid")
        expected[FILES + key] = digest
    seen = set()
    for member in archive.infolist():
        name = member.filename
        problem = _member_problem(name.rstrip("/") if member.is_dir() else name, aliases)
        if problem:
            raise BackupError(f"the archive holds {name!r}: {problem}")
        if member.is_dir():
            continue
        if name in seen:
            raise BackupError(f"the archive holds {name!r} twice")
        seen.add(name)
    for name in sorted(expected):
        problem = _member_problem(name, aliases)
        if problem:
            raise BackupError(f"the manifest lists {name!r}: {problem}")
    unlisted = sorted(seen - set(expected) - {MANIFEST})
    if unlisted:
        raise BackupError(f"the archive holds {unlisted[0]!r}, which the manifest does not list")
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"the manifest lists {missing[0]!r}, which the archive does not hold")
    for name, digest in sorted(expected.items()):
        if _sha256(archive, name) != digest:
            raise BackupError(f"{name} does not match the manifest's SHA-256: the backup is damaged or was changed")
    return manifest


def _has_records(using):
    """Records people made: the audited models (every model holding work, portal.privacy.audit) and the
    accounts. The reference rows the migrations make (roles, languages, categories) are in neither.
    Only the tables that exist are asked (a database not yet migrated, or migrated in part)."""
    from auditlog.registry import auditlog

    tables = set(connections[using].introspection.table_names())
    probes = {apps.get_model(settings.AUTH_USER_MODEL), *auditlog.get_models()}
    return any(m._base_manager.using(using).exists() for m in probes if m._meta.db_table in tables)


def _insert(model, rows, *, using):
    """INSERT `rows` (instances of `model`) as they are, many to a statement: raw, as loaddata saves
    a fixture's rows (no auto_now, no field's pre_save, no signals)."""
    if not rows:
        return
    connection = connections[using]
    fields = [field for field in model._meta.local_concrete_fields if rows[0].pk is not None or not field.primary_key]
    size = max(connection.ops.bulk_batch_size(fields, rows), 1)
    for start in range(0, len(rows), size):
        model._base_manager.using(using)._insert(rows[start:start + size], fields=fields, raw=True, using=using)


def _load(fixture, *, using):
    """Every row of data.jsonl into the emptied tables, as `loaddata` would load it, but many rows to
    a statement (loaddata saves one at a time: an UPDATE that finds nothing, then an INSERT, then a
    query per many-to-many field): the rows of each model with their original keys, the links of
    each many-to-many field; then every foreign key checked and the sequences moved past the keys.
    No signal is sent, so the audit trail gains no entry and no page-cache receiver runs (restore
    empties the caches at the end)."""
    connection = connections[using]
    loaded, rows, links = set(), {}, {}

    def insert_pending(limit):
        for model, pending in [*rows.items(), *links.items()]:
            if len(pending) >= limit:
                _insert(model, pending, using=using)
                pending.clear()

    with connection.constraint_checks_disabled():
        with open(fixture, encoding="utf-8") as stream:
            for item in serializers.deserialize("jsonl", stream, using=using):
                if item.deferred_fields:  # natural keys only; a backup has none
                    raise BackupError(f"{DATA} holds a row with deferred fields: not a portal backup")
                instance, model = item.object, type(item.object)
                loaded.add(model)
                rows.setdefault(model, []).append(instance)
                for name, keys in (item.m2m_data or {}).items():
                    field = model._meta.get_field(name)
                    through = field.remote_field.through
                    source = through._meta.get_field(field.m2m_field_name()).attname
                    target = through._meta.get_field(field.m2m_reverse_field_name()).attname
                    links.setdefault(through, []).extend(through(**{source: instance.pk, target: key}) for key in keys)
                insert_pending(CHUNK)
        insert_pending(1)
    connection.check_constraints(table_names=[model._meta.db_table for model in (*loaded, *links)])
    if loaded:
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), loaded):
                cursor.execute(statement)


def restore(path, *, using=DEFAULT_DB_ALIAS, replace=False, stdout=None):
    """Restore the backup at `path` into the database `using` and the file storages."""
    with zipfile.ZipFile(path) as archive:
        manifest = verify(archive)  # before the database is opened
        refused = "the database already holds records; restore into an empty database (or pass --replace)"
        if not replace and _has_records(using):  # refused before the migrations change anything
            raise BackupError(refused)
        call_command("migrate", database=using, interactive=False, verbosity=0)
        missing = sorted(set(manifest["migrations"]) - set(applied_migrations(using)))
        if missing:
            raise BackupError(
                "the backup was taken with migrations this version of the portal does not have: "
                + ", ".join(missing[:10])
                + "; restore it with the portal version it came from"
            )
        if not replace and _has_records(using):  # e.g. rows a migration made in an audited table
            raise BackupError(refused)
        with tempfile.TemporaryDirectory() as scratch:
            fixture = Path(scratch) / "data.jsonl"
            digest = hashlib.sha256()
            with archive.open(DATA) as source, open(fixture, "wb") as target:
                for block in iter(lambda: source.read(1 << 20), b""):
                    digest.update(block)
                    target.write(block)
            if digest.hexdigest() != manifest["data_sha256"]:  # the file changed since verify()
                raise BackupError(f"{DATA} does not match the manifest's SHA-256: the backup is damaged or was changed")
            try:
                with transaction.atomic(using=using):
                    # Rows the migrations made (roles, languages, content types, permissions) are
                    # replaced by the backup's own, with their original keys.
                    call_command("flush", database=using, interactive=False, inhibit_post_migrate=True, verbosity=0)
                    _load(fixture, using=using)
            except IntegrityError as exc:  # rolled back: the database is as it was
                raise BackupError(f"the backup's rows do not hold together ({' '.join(str(exc).split())})") from exc
        written = 0
        storage_by_alias = dict(_file_storages())
        for member in archive.infolist():
            if not member.filename.startswith(FILES) or member.is_dir():
                continue
            alias, _slash, name = member.filename[len(FILES):].partition("/")
            storage = storage_by_alias[alias]  # verify() admitted known aliases only
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
