"""The portal spreadsheet format (domain.md): reading files and running imports all or nothing.

Every file kind is a django-import-export Resource registered here under its file stem, in the
order `import_data DIR` reads them. The command, the coordinator screen and the admin all go
through `run_import`, so a file is judged the same way wherever it comes from, and every bad row
is reported as `FILE:ROW: column: message`.

How an app adds a file kind: one line in its `AppConfig.ready()`::

    from portal import importing
    importing.register("grants", "grants.resources.GrantResource")

(stem = the file name without .csv/.xlsx, resource = a Resource class or its dotted path; the
class lists its sheet columns in `portal_columns`). Files are imported in registration order,
i.e. INSTALLED_APPS order and, within an app, the order of its `register` calls: register a
file after the files it refers to. A resource that does not resolve, is not a Resource or has no
`portal_columns` fails `manage.py check` (portal.E002).
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal import sheets, spreadsheets
from portal.registry import resolve

# stem → Resource class or its dotted path, in import order (later files refer to earlier ones).
IMPORT_FILES = {}
EXTENSIONS = (".csv", ".xlsx")


def register(stem, resource):
    if IMPORT_FILES.get(stem, resource) != resource:
        raise ImproperlyConfigured(f"import file {stem!r} is registered twice")
    IMPORT_FILES[stem] = resource


class FileFormatError(Exception):
    """A file that cannot be read as a sheet at all (wrong encoding, not XLSX …)."""


@dataclass
class RowError:
    filename: str
    row: int  # the header is row 1
    column: str
    message: str

    def __str__(self):
        return f"{self.filename}:{self.row}: {self.column}: {self.message}"


@dataclass
class FileResult:
    filename: str
    new: int = 0
    updated: int = 0
    errors: list = field(default_factory=list)


def resource_class(stem):
    """The Resource class of a file kind (KeyError for an unknown stem)."""
    return resolve(IMPORT_FILES[stem])


def available_stems():
    """Every registered file kind, in import order."""
    return list(IMPORT_FILES)


def _decode(raw):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileFormatError(_("Filen er verken UTF-8 eller Windows-1252."))


def _cell(value):
    """A read cell as the widgets take it: empty for None, a date cell's midnight datetime as a
    date, and a text cell's export escape undone (portal.spreadsheets.restore)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    return spreadsheets.restore(value)


def read_sheet(raw, filename):
    """Bytes of a CSV (comma or semicolon, UTF-8 with or without BOM) or XLSX file → Dataset.

    Header names are stripped and lower-cased; cell values stay as read (XLSX dates and
    numbers are left to the resource's widgets). Rows of the wrong width are errors.
    """
    # Read row by row within the limits of portal.sheets (a hostile file is refused early).
    try:
        if filename.lower().endswith(".xlsx"):
            rows = list(sheets.xlsx_rows(raw, filename))
        else:
            rows = list(sheets.csv_rows(_decode(raw), filename))
    except sheets.SheetRefused as exc:
        raise FileFormatError(str(exc)) from exc
    # Trailing empty rows (Excel leaves them) are not data.
    while rows and all(cell in (None, "") for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise FileFormatError(_("Filen er tom."))
    headers = [str(cell or "").strip().lower() for cell in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise FileFormatError(_("Overskriftsraden er tom."))
    dataset = tablib.Dataset(headers=headers)
    width_errors = []
    for number, row in enumerate(rows[1:], start=2):
        row = list(row[: len(headers)]) + [None] * max(0, len(headers) - len(row))
        if any(cell not in (None, "") for cell in row[len(headers) :]):
            width_errors.append(RowError(filename, number, "-", _("flere kolonner enn overskriftsraden")))
        # A NUL character cannot be stored (PostgreSQL refuses it) and is never meant: the row is
        # an error, and the character is dropped so the rest of the row is still checked.
        for index, (header, cell) in enumerate(zip(headers, row)):
            if isinstance(cell, str) and "\x00" in cell:
                width_errors.append(RowError(filename, number, header, _("inneholder et ugyldig tegn (NUL)")))
                row[index] = cell.replace("\x00", "")
        dataset.append([_cell(cell) for cell in row])
    return dataset, width_errors


def errors_from_result(result, filename, resource):
    """Row errors of a django-import-export result as RowError, for run_import and for importers
    that drive their own resources (goals)."""
    # Errors are keyed by model attribute; the user knows the sheet's column names.
    columns = {f.attribute: f.column_name for f in resource.get_import_fields() if f.attribute}
    columns["__all__"] = "-"
    errors = []
    for invalid in result.invalid_rows:
        for attribute, messages in invalid.error_dict.items():
            column = columns.get(attribute, attribute)
            for message in messages:
                errors.append(RowError(filename, invalid.number + 1, column, str(message)))
    for number, row_errors in result.row_errors():
        for error in row_errors:
            exc = error.error
            if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
                for attribute, messages in exc.message_dict.items():
                    for message in messages:
                        errors.append(RowError(filename, number + 1, columns.get(attribute, attribute), message))
            else:
                errors.append(RowError(filename, number + 1, "-", str(exc)))
    for error in result.base_errors:
        errors.append(RowError(filename, 1, "-", str(error.error)))
    return sorted(errors, key=lambda e: (e.row, e.column))


def import_dataset(stem, dataset, filename, *, user=None, progress=None):
    """Import one sheet inside the caller's transaction; returns a FileResult.
    `progress(rows_done)` is called after each row (the import job's progress bar)."""
    cls = resource_class(stem)
    result = FileResult(filename)
    expected = list(cls.portal_columns)
    missing = [column for column in expected if column not in dataset.headers]
    if missing:
        result.errors = [RowError(filename, 1, column, _("kolonnen mangler")) for column in missing]
        return result
    resource = cls()
    _savepoint_per_row(resource)
    if progress is not None:
        _report_each_row(resource, progress)
    outcome = resource.import_data(
        dataset,
        dry_run=False,
        # The good rows of a file with bad ones stay written until run_import's own transaction
        # rolls everything back, so the files after it are checked against them (domain.md:
        # each bad row is reported once, not as a cascade of "unknown …" in the next file).
        # With use_transactions=True django-import-export rolls the whole file back as soon as
        # one row raised (result.has_errors(): a database error, not a validation error), which
        # took the file's good rows with it; so each row gets its own savepoint here instead
        # and the file-wide rollback is left to run_import.
        use_transactions=False,
        rollback_on_validation_errors=False,
        raise_errors=False,
        user=user,
        filename=filename,
    )
    result.errors = errors_from_result(outcome, filename, resource)
    result.new = outcome.totals.get("new", 0)
    result.updated = outcome.totals.get("update", 0)
    return result


def _report_each_row(resource, progress):
    import_row = resource.import_row
    done = 0

    def import_row_and_report(row, instance_loader, **kwargs):
        nonlocal done
        row_result = import_row(row, instance_loader, **kwargs)
        done += 1
        progress(done)
        return row_result

    resource.import_row = import_row_and_report


def _savepoint_per_row(resource):
    """Run each row of the resource in a savepoint: a row whose save fails (IntegrityError) is
    undone alone, and on PostgreSQL the transaction stays usable for the rows after it."""
    import_row = resource.import_row

    def import_row_in_savepoint(row, instance_loader, **kwargs):
        with transaction.atomic():
            row_result = import_row(row, instance_loader, **kwargs)
            if row_result.errors or row_result.validation_error:
                # Nothing of a bad row is kept (a series or topic its widgets created).
                transaction.set_rollback(True)
            return row_result

    resource.import_row = import_row_in_savepoint


def run_import(files, *, dry_run=False, user=None, progress=None):
    """files: a list of (stem, filename, raw bytes) in any order. All or nothing.
    `progress(rows_done)`: called after each row, counting on across the files.

    Returns the list of FileResult; nothing is written when any has errors or dry_run is set.
    """
    ordered = sorted(files, key=lambda item: list(IMPORT_FILES).index(item[0]))
    results = []
    rows_before = 0
    with transaction.atomic():
        for stem, filename, raw in ordered:
            try:
                dataset, width_errors = read_sheet(raw, filename)
            except FileFormatError as exc:
                results.append(FileResult(filename, errors=[RowError(filename, 1, "-", str(exc))]))
                continue
            counted = None if progress is None else (lambda done, before=rows_before: progress(before + done))
            file_result = import_dataset(stem, dataset, filename, user=user, progress=counted)
            rows_before += len(dataset)
            file_result.errors = sorted(width_errors + file_result.errors, key=lambda e: (e.row, e.column))
            results.append(file_result)
        if dry_run or any(result.errors for result in results):
            transaction.set_rollback(True)
    return results


def files_in_directory(directory):
    """The portal files found in DIR as (stem, filename, bytes), CSV before XLSX per stem."""
    directory = Path(directory)
    found = []
    for stem in IMPORT_FILES:
        for extension in EXTENSIONS:
            path = directory / f"{stem}{extension}"
            if path.exists():
                found.append((stem, path.name, path.read_bytes()))
                break
    return found


def unknown_files(directory, known=()):
    """The files in DIR that are not part of the portal format (nor one of `known`, e.g. a
    backup's extra.json), sorted: import_data names them in a warning (domain.md)."""
    expected = {f"{stem}{extension}" for stem in IMPORT_FILES for extension in EXTENSIONS}
    expected.update(known)
    return sorted(
        path.name
        for path in Path(directory).iterdir()
        if path.is_file() and not path.name.startswith(".") and path.name not in expected
    )


def export_dataset(stem, queryset=None):
    cls = resource_class(stem)
    resource = cls()
    dataset = resource.export(queryset=queryset)
    return dataset


def export_bytes(stem, file_format, queryset=None):
    """The sheet of one file kind as CSV (UTF-8, comma) or XLSX bytes, the import's columns,
    through portal.spreadsheets (typed XLSX cells, formula-starting text neutralised)."""
    dataset = export_dataset(stem, queryset)
    return spreadsheets.sheet_bytes(dataset, file_format, resource=resource_class(stem)(), title=stem)
