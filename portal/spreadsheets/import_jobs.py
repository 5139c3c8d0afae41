"""Spreadsheet imports too big for a request run as background jobs (portal/background/jobs.py).

A file of more than INLINE_MAX_ROWS data rows is kept with its Job and imported by the worker,
all or nothing as always; its row errors (`FILE:ROW: column: message`) are stored on the Job
and shown on the import page. Smaller files are imported in the request, as before.
"""

from django.utils.translation import gettext as _

from portal.background import jobs
from portal.spreadsheets import importing

INLINE_MAX_ROWS = 300
SHOWN_ERRORS = 500


@jobs.job_task()
def import_file(job, *, stem, filename, dry_run=False):
    raw = bytes(jobs.Job.objects.values_list("payload", flat=True).get(pk=job.pk) or b"")
    job.progress(0, total=job.total or 1, force=True)
    owner = job.owner
    # Row by row, written outside the import's transaction where the database allows it
    # (Job.progress), so the bar moves while the file is read.
    results = importing.run_import([(stem, filename, raw)], dry_run=dry_run, user=owner, progress=job.progress)
    errors = [str(error) for result in results for error in result.errors]
    if errors:
        job.store(errors=errors[:SHOWN_ERRORS], error_count=len(errors))
        raise jobs.JobFailed(
            _("Ingenting ble importert: %(count)s feil i %(file)s.") % {"count": len(errors), "file": filename}
        )
    result = results[0]
    job.store(new=result.new, updated=result.updated)
    if dry_run:
        return _("%(file)s er i orden: %(new)s nye og %(updated)s oppdaterte rader (ikke lagret).") % {
            "file": filename, "new": result.new, "updated": result.updated,
        }
    return _("%(file)s er importert: %(new)s nye, %(updated)s oppdatert.") % {
        "file": filename, "new": result.new, "updated": result.updated,
    }


def count_data_rows(raw, filename):
    """Data rows of the file (header excluded), or None when it cannot be read (the import
    itself then reports why)."""
    try:
        dataset, _errors = importing.read_sheet(raw, filename)
    except importing.FileFormatError:
        return None
    return len(dataset)


def import_start(*, stem, filename, raw, rows, dry_run, user):
    return jobs.job_start(
        kind="import",
        label=(_("Kontroll av %(file)s") if dry_run else _("Import av %(file)s")) % {"file": filename},
        task=import_file,
        owner=user,
        subject=f"import:{stem}",
        total=rows,
        payload=raw,
        kwargs={"stem": stem, "filename": filename, "dry_run": dry_run},
    )
