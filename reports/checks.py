"""System check of the report snapshot's schema readers (see reports/snapshots.py)."""

from django.core import checks

from reports import snapshots


@checks.register()
def check_snapshot_readers(app_configs=None, **kwargs):
    return [
        checks.Error(
            f"The report snapshot schema {version} has no reader to version {version + 1}.",
            hint="Add it to reports.snapshots.READERS, with a frozen fixture of the old version.",
            obj="reports.snapshots",
            id="reports.E001",
        )
        for version in range(1, snapshots.SCHEMA)
        if not callable(snapshots.READERS.get(version))
    ]
