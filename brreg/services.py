"""Writes of the brreg app: the streaming bulk import, the lookup by number, accepting differences."""

import gzip
import json
import urllib.error
import urllib.request
from dataclasses import dataclass

import ijson
from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from brreg.models import ImportRun, ImportStatus, RegistryRecord, Source
from brreg.units import ORG_NUMBER_KEY, same_text, unit_facts
from portal.background import jobs
from organisations.models import Organisation
from brreg.selectors import differences

GZIP_MAGIC = b"\x1f\x8b"
READ_BUFFER = 256 * 1024  # ijson's read size: larger blocks mean fewer calls into the C parser
PROGRESS_EVERY = 50_000  # units between two progress writes


# A unit of the register is a few KB; reading more than this without one unit finishing means a
# unit no register holds (a gzip bomb of one enormous unit): the file is refused there, so memory
# stays bounded by this, not by the unit.
MAX_UNIT_BYTES = 4 * 1024 * 1024


class RegistryFileError(Exception):
    """The file is not a (gzip'd) JSON array of units; nothing was written."""


class _UnitTooLarge(Exception):
    pass


class _BoundedUnits:
    """The unpacked stream, refusing to be read further once MAX_UNIT_BYTES went by since the
    last unit was finished (ijson reads READ_BUFFER at a time and yields the units it completed)."""

    def __init__(self, stream, limit):
        self.stream, self.limit, self.since = stream, limit, 0

    def read(self, size=-1):
        data = self.stream.read(size)
        self.since += len(data)
        if self.since > self.limit + READ_BUFFER:
            raise _UnitTooLarge
        return data

    def unit_done(self):
        self.since = 0


def _open_units(path):
    raw = open(path, "rb")
    head = raw.read(2)
    raw.seek(0)
    return raw, (gzip.GzipFile(fileobj=raw, mode="rb") if head == GZIP_MAGIC else raw)


def _numbered_organisations():
    by_number = {}
    for organisation in Organisation.objects.exclude(org_number="").only("pk", "name", "org_number"):
        by_number.setdefault(organisation.org_number, []).append(organisation)
    return by_number


def _read_wanted_units(path, wanted, progress):
    """Stream the array once; keep only the units whose number the portal holds.

    ijson's C backend builds one unit at a time, so memory stays flat however large the file is.
    """
    found = {}
    count = 0
    raw, stream = _open_units(path)
    bounded = _BoundedUnits(stream, MAX_UNIT_BYTES)
    try:
        for unit in ijson.items(bounded, "item", use_float=True, buf_size=READ_BUFFER):
            bounded.unit_done()
            count += 1
            number = unit.get(ORG_NUMBER_KEY) if isinstance(unit, dict) else None
            if number in wanted:
                found[number] = unit_facts(unit)
            if progress is not None and count % PROGRESS_EVERY == 0:
                progress(count, raw.tell())
    except _UnitTooLarge:
        raise RegistryFileError(
            _("Enhet nummer %(number)s i filen er større enn %(max)s MB; ingen enhet i Enhetsregisteret er det. "
              "Filen er skadet eller ikke fra Enhetsregisteret.")
            % {"number": count + 1, "max": MAX_UNIT_BYTES // (1024 * 1024)}
        ) from None
    except (ijson.JSONError, OSError, EOFError, gzip.BadGzipFile, UnicodeDecodeError) as error:
        raise RegistryFileError(
            _("Filen er ikke en JSON-liste over enheter fra Enhetsregisteret (%(error)s).") % {"error": error}
        ) from None
    finally:
        stream.close()
        raw.close()
    if count == 0 and not found:
        # "[]" is valid JSON but no register: refusing it keeps every organisation from being
        # marked not found by an empty or truncated download.
        raise RegistryFileError(_("Filen inneholder ingen enheter."))
    return count, found


def registry_import(*, path, today=None, progress=None):
    """Check every organisation with a number against the bulk file at `path`; return the summary.

    All or nothing: the file is read to the end before anything is written, so a broken file
    changes no record. The summary is docs/domain.md's JSON ("Brønnøysund").
    """
    today = today or timezone.localdate()
    by_number = _numbered_organisations()
    entities_read, found = _read_wanted_units(path, by_number, progress)

    records = []
    summary = {key: [] for key in ("not_found", "bankrupt", "liquidation", "not_in_frivillighetsregisteret", "name_differs")}
    matched = 0
    for number, organisations in by_number.items():
        facts = found.get(number)
        for organisation in organisations:
            record = RegistryRecord(
                organisation_id=organisation.pk, org_number=number, checked_on=today, source=Source.BULK,
                found=facts is not None, **(facts or {}),
            )
            records.append(record)
            if not record.registered:
                summary["not_found"].append(organisation.name)
                continue
            matched += 1
            if record.bankrupt:
                summary["bankrupt"].append(organisation.name)
            if record.in_liquidation:
                summary["liquidation"].append(organisation.name)
            if not record.in_frivillighetsregisteret:
                summary["not_in_frivillighetsregisteret"].append(organisation.name)
            if not same_text(record.name, organisation.name):
                summary["name_differs"].append(organisation.name)

    fields = [f.name for f in RegistryRecord._meta.concrete_fields if f.name not in ("id", "organisation")]
    with transaction.atomic():
        RegistryRecord.objects.bulk_create(
            records, batch_size=500, update_conflicts=True, unique_fields=["organisation"], update_fields=fields
        )
        # A number removed from an organisation leaves nothing to check: its old record would mislead.
        RegistryRecord.objects.filter(organisation__org_number="").delete()
    return {
        "entities_read": entities_read,
        "matched": matched,
        **{key: sorted(names) for key, names in summary.items()},
    }


# --- The same from the screens: an upload run by the background job ------------------------------


UPLOAD_DIRECTORY = "brreg"


def upload_storage():
    """Where uploaded bulk files wait for the job: the private storage (PRIVATE_MEDIA_ROOT), never
    MEDIA_ROOT, which the proxy serves to anyone."""
    from portal.privacy.files import private_storage

    return private_storage


def import_run_start(*, upload, user):
    """Store the upload privately, create its run and its Job; the worker picks the job up once
    the run is committed (portal.background.jobs.job_start)."""
    stored_name = upload_storage().save(f"{UPLOAD_DIRECTORY}/enheter-{timezone.now():%Y%m%d-%H%M%S}.json.gz", upload)
    with transaction.atomic():
        run = ImportRun.objects.create(
            created_by=user, file_name=upload.name[:255], stored_name=stored_name, file_size=upload.size
        )
        run.job = jobs.job_start(
            kind="brreg.import", label=_("Kontroll mot Enhetsregisteret: %(file)s") % {"file": run.file_name},
            task=run_import, owner=user, subject=run, kwargs={"run_id": run.pk}, total=upload.size,
        )
        run.save(update_fields=["job"])
    return run


def import_run_execute(*, run_id, job):
    """The job's body: runs the import for one ImportRun, writing progress (bytes of the file
    read) on the run and on its Job. Safe to run again: a run already done is left alone, the
    file is kept until the run is done or the file proves unreadable."""
    run = ImportRun.objects.get(pk=run_id)
    if run.status == ImportStatus.DONE:
        return _("Kontrollen var allerede ferdig.")
    storage = upload_storage()
    if not run.stored_name or not storage.exists(run.stored_name):
        _import_run_fail(run, _("Filen finnes ikke lenger. Last den opp på nytt."))
        raise jobs.JobFailed(_("Filen finnes ikke lenger. Last den opp på nytt."))
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.RUNNING, started_at=timezone.now(), finished_at=None, error=""
    )

    def progress(units, position):
        ImportRun.objects.filter(pk=run.pk).update(entities_read=units, bytes_read=position)
        job.progress(min(position, run.file_size), total=run.file_size)

    try:
        summary = registry_import(path=storage.path(run.stored_name), progress=progress)
    except RegistryFileError as error:  # the file is wrong: retrying will not help
        _import_run_fail(run, str(error))
        storage.delete(run.stored_name)
        raise jobs.JobFailed(str(error)) from None
    except Exception as error:  # retried by the job (the file stays for the next attempt)
        last = job.attempts >= job.max_attempts
        _import_run_fail(run, f"{type(error).__name__}: {error}", status=ImportStatus.FAILED if last else ImportStatus.QUEUED)
        raise
    storage.delete(run.stored_name)  # public data, but 150 MB: kept no longer than needed
    ImportRun.objects.filter(pk=run.pk).update(
        status=ImportStatus.DONE, result=summary, entities_read=summary["entities_read"],
        bytes_read=run.file_size, finished_at=timezone.now(), error="",
    )
    return _("%(read)s enheter lest, %(matched)s organisasjoner funnet.") % {
        "read": summary["entities_read"], "matched": summary["matched"],
    }


def _import_run_fail(run, error, *, status=ImportStatus.FAILED):
    finished = timezone.now() if status == ImportStatus.FAILED else None
    ImportRun.objects.filter(pk=run.pk).update(status=status, error=error[:5000], finished_at=finished)


def import_runs_settle():
    """Runs whose Job failed while the run still says queued or running (the worker died mid-run,
    portal.background.jobs.fail_stale) are failed too, with the job's reason. Cheap: one UPDATE."""
    jobs.fail_stale()
    failed_job = jobs.Job.objects.filter(pk=OuterRef("job_id"), state=jobs.Job.State.FAILED)
    return ImportRun.objects.filter(
        status__in=(ImportStatus.QUEUED, ImportStatus.RUNNING), job__state=jobs.Job.State.FAILED
    ).update(status=ImportStatus.FAILED, error=Subquery(failed_job.values("error")[:1]), finished_at=timezone.now())


# --- Lookup by number -----------------------------------------------------------------------------


@dataclass
class Lookup:
    """The answer of the register's API for one number: a unit, or a message saying why not."""

    org_number: str
    unit: dict | None = None
    facts: dict | None = None
    message: str = ""
    removed: bool = False  # 404/410: the number is not (or no longer) a registered unit


def registry_lookup(org_number):
    """GET {BRREG_API_URL}/enheter/{orgnr} with a short timeout; never raises for network trouble."""
    url = f"{settings.BRREG_API_URL.rstrip('/')}/enheter/{org_number}"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=settings.BRREG_TIMEOUT_SECONDS) as response:
            unit = json.loads(response.read(2_000_000).decode("utf-8"))
    except urllib.error.HTTPError as error:
        if error.code in (404, 410):
            return Lookup(org_number, removed=True, message=(
                _("Enhetsregisteret har ingen enhet med nummer %(number)s.") if error.code == 404
                else _("Enheten %(number)s er slettet fra Enhetsregisteret.")
            ) % {"number": org_number})
        return Lookup(org_number, message=_(
            "Enhetsregisteret svarte med en feil (HTTP %(code)s). Prøv igjen senere."
        ) % {"code": error.code})
    except (urllib.error.URLError, TimeoutError, OSError):
        return Lookup(org_number, message=_(
            "Fikk ikke kontakt med Enhetsregisteret. Sjekk nettforbindelsen eller prøv igjen senere; "
            "du kan fylle ut skjemaet selv."
        ))
    except (ValueError, UnicodeDecodeError):
        return Lookup(org_number, message=_("Svaret fra Enhetsregisteret kunne ikke leses."))
    if not isinstance(unit, dict) or unit.get(ORG_NUMBER_KEY) != org_number:
        return Lookup(org_number, message=_("Svaret fra Enhetsregisteret kunne ikke leses."))
    return Lookup(org_number, unit=unit, facts=unit_facts(unit))


def registry_record_from_lookup(*, organisation, lookup, today=None):
    """Keep what the lookup found as the organisation's latest check (only a definite answer)."""
    if lookup.facts is None and not lookup.removed:
        return None
    record, _created = RegistryRecord.objects.update_or_create(
        organisation=organisation,
        defaults={
            "org_number": lookup.org_number, "checked_on": today or timezone.localdate(), "source": Source.API,
            "found": lookup.facts is not None, **(lookup.facts or _empty_facts()),
        },
    )
    return record


def _empty_facts():
    return {
        key: (None if key in ("bankrupt_on", "deleted_on") else False if isinstance(value, bool) else "")
        for key, value in unit_facts({}).items()
    }


# --- Accepting differences ----------------------------------------------------------------------


class AcceptError(Exception):
    pass


def registry_accept(*, organisation, fields, user=None):
    """Copy the register's value of each field in `fields` onto the organisation (audited save)."""
    wanted = {diff.field: diff.register_value for diff in differences(organisation) if diff.field in fields}
    if not wanted:
        return []
    if "name" in wanted and Organisation.objects.exclude(pk=organisation.pk).filter(name__iexact=wanted["name"]).exists():
        raise AcceptError(
            _("En annen organisasjon heter allerede «%(name)s»; navnet ble ikke endret.") % {"name": wanted["name"]}
        )
    for field, value in wanted.items():
        setattr(organisation, field, value)
    organisation.save(update_fields=list(wanted))
    return list(wanted)


# --- The jobs (portal.background.jobs): started here, run by the worker ------------------------------------

@jobs.job_task()
def run_import(job, *, run_id):
    return import_run_execute(run_id=run_id, job=job)
