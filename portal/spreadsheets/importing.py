"""The portal spreadsheet format (docs/domain.md): reading files and running imports all or nothing.

Every file kind is a django-import-export Resource registered here under its file stem, in the
order `import_data DIR` reads them. The command, the coordinator screen and the admin all go
through `run_import`, so a file is judged the same way wherever it comes from, and every bad row
is reported as `FILE:ROW: column: message`.

How an app adds a file kind: a decorator on the resource in its resources.py::

    from portal.spreadsheets import importing

    @importing.register("grants")
    class GrantResource(PortalResource):
        portal_columns = [...]

(stem = the file name without .csv/.xlsx; the class lists its required sheet columns in
`portal_columns`).

Coordinators' own sheets use their own words (docs/domain.md): beside `portal_columns` a resource
declares `portal_norwegian_names` (the file's Norwegian names, the first one the name its
template gets) and `portal_norwegian_headers` (column → Norwegian header). A file is found under
either name, a header matches either name ignoring case, surrounding spaces and `_` versus
space, and export keeps writing the English names. Files are imported in registration order,
i.e. INSTALLED_APPS order and, within an app, the order its resources are written in: write a
file's resource after those of the files it refers to. A class that is not a Resource, lists no
`portal_columns` or has Norwegian headers that do not name its columns once each fails when its
module is imported (ImproperlyConfigured).
"""

import datetime
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import tablib
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from portal.spreadsheets import reading, writing
from portal.app_order import in_app_order

# stem → Resource class, in import order (later files refer to earlier ones).
IMPORT_FILES = {}
EXTENSIONS = (".csv", ".xlsx")


def register(stem):
    """Class decorator: the resource reads and writes the file kind `stem`."""

    def decorator(cls):
        problem = _resource_problem(cls)
        if problem is not None:
            raise ImproperlyConfigured(f"the import file {stem!r} names {cls!r}: {problem}")
        known = IMPORT_FILES.get(stem)
        if known is not None and _where(known) != _where(cls):
            raise ImproperlyConfigured(f"import file {stem!r} is registered twice: by {_where(known)} and by {_where(cls)}")
        IMPORT_FILES[stem] = cls
        return cls

    return decorator


def _where(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


def _resource_problem(cls):
    from import_export.resources import Resource

    if not (isinstance(cls, type) and issubclass(cls, Resource)):
        return "not a django-import-export Resource"
    if not getattr(cls, "portal_columns", None):
        return "the Resource lists no portal_columns"
    return _norwegian_names_problem(cls)


def _norwegian_names_problem(cls):
    """A resource's Norwegian headers name every column once, and no header is read two ways."""
    names = getattr(cls, "portal_norwegian_headers", {})
    if not names:
        return None
    columns = [field.column_name for field in cls().get_export_fields()]
    if set(names) != set(columns):
        return f"portal_norwegian_headers does not name exactly its columns {columns}"
    folded = [_folded(name) for name in [*columns, *names.values()]]
    clashes = {name for name in folded if folded.count(name) > 1} - {
        _folded(column) for column in columns if _folded(names[column]) == _folded(column)
    }
    if clashes:
        return f"the header(s) {sorted(clashes)} would name two columns"
    return None


def sort_in_app_order():
    """Put IMPORT_FILES in app order (in place: other modules hold the dict)."""
    ordered = in_app_order(IMPORT_FILES.items(), lambda item: item[1].__module__)
    IMPORT_FILES.clear()
    IMPORT_FILES.update(ordered)


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
    return IMPORT_FILES[stem]


def available_stems():
    """Every registered file kind, in import order."""
    return list(IMPORT_FILES)


def norwegian_names(stem):
    """The Norwegian file names of a file kind (without extension), as its resource declares."""
    return tuple(getattr(resource_class(stem), "portal_norwegian_names", ()))


def norwegian_headers(stem):
    """column → Norwegian header of a file kind, as its resource declares (may be empty)."""
    return dict(getattr(resource_class(stem), "portal_norwegian_headers", {}))


def all_columns(stem):
    """Every column of a file kind in the export's order (the required ones and the optional)."""
    return [field.column_name for field in resource_class(stem)().get_export_fields()]


def _folded(text):
    """A header or file name as compared: NFC (a Mac writes ø decomposed), no surrounding
    spaces, `_` as space, one space between words, case folded."""
    text = unicodedata.normalize("NFC", str(text or "")).replace("_", " ")
    return " ".join(text.split()).casefold()


def stem_for_filename(filename):
    """The file kind a file name stands for (English or Norwegian name, .csv or .xlsx, any case),
    or None."""
    name = _folded(Path(filename).name)
    for stem in IMPORT_FILES:
        for candidate in (stem, *norwegian_names(stem)):
            if name in {_folded(candidate + extension) for extension in EXTENSIONS}:
                return stem
    return None


def column_label(stem, column, norwegian):
    return norwegian_headers(stem).get(column, column) if norwegian else column


def match_headers(stem, headers, filename):
    """The sheet's headers (as written) → (column for each header or None, RowErrors, whether the
    file is headed in Norwegian). A header is a column's English or Norwegian name; any other is
    an error that names the allowed (Norwegian) names, and so is a second header for one column."""
    names = norwegian_headers(stem)
    columns = all_columns(stem)
    lookup = {}
    for column in columns:
        lookup.setdefault(_folded(column), column)
        if column in names:
            lookup.setdefault(_folded(names[column]), column)
    matched, errors, seen, in_norwegian = [], [], {}, 0
    for header in headers:
        column = lookup.get(_folded(header))
        if column is None:
            if _folded(header):
                # Worded as docs/domain.md gives it (outside validators read it), not translated.
                allowed = ", ".join(names.get(name, name) for name in columns)
                errors.append(RowError(filename, 1, header, "unknown column; allowed: %s" % allowed))
            matched.append(None)
            continue
        if column in seen:
            errors.append(
                RowError(filename, 1, header, _("samme kolonne som «%(other)s»") % {"other": seen[column]})
            )
            matched.append(None)
            continue
        seen[column] = header
        if _folded(header) != _folded(column):
            in_norwegian += 1
        matched.append(column)
    return matched, errors, in_norwegian * 2 > len(seen)


def _decode(raw):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileFormatError(_("Filen er verken UTF-8 eller Windows-1252."))


def _cell(value):
    """A read cell as the widgets take it: empty for None, a date cell's midnight datetime as a
    date, and a text cell's export escape undone (portal.spreadsheets.writing.restore)."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
        return value.date()
    return writing.restore(value)


def read_sheet(raw, filename):
    """Bytes of a CSV (comma or semicolon, UTF-8 with or without BOM) or XLSX file → Dataset.

    Header names are stripped (import_dataset matches them to columns); cell values stay as read
    (XLSX dates and numbers are left to the resource's widgets). Rows of the wrong width are errors.
    """
    # Read row by row within the limits of portal.spreadsheets.reading (a hostile file is refused early).
    try:
        if filename.lower().endswith(".xlsx"):
            rows = list(reading.xlsx_rows(raw, filename))
        else:
            rows = list(reading.csv_rows(_decode(raw), filename))
    except reading.SheetRefused as exc:
        raise FileFormatError(str(exc)) from exc
    # Trailing empty rows (Excel leaves them) are not data.
    while rows and all(cell in (None, "") for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise FileFormatError(_("Filen er tom."))
    headers = [unicodedata.normalize("NFC", str(cell if cell is not None else "")).strip() for cell in rows[0]]
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
    matched, header_errors, in_norwegian = match_headers(stem, dataset.headers or [], filename)
    missing = [column for column in cls.portal_columns if column not in matched]
    header_errors += [
        RowError(filename, 1, column_label(stem, column, in_norwegian), _("kolonnen mangler")) for column in missing
    ]
    # A column with values but no header would be dropped unseen: it is an error too.
    for index, header in enumerate(dataset.headers or []):
        if not _folded(header) and any(row[index] not in (None, "") for row in dataset):
            header_errors.append(
                RowError(filename, 1, f"({reading.column_letter(index + 1)})", _("kolonnen har verdier, men ingen overskrift"))
            )
    # The sheet under the English column names the resource reads; a column that is not one of
    # them is reported above and its cells are not read, while the rows still are (so the files
    # after this one are checked against them).
    # A missing column is read as empty, so the rows still count for the files after this one;
    # what its emptiness makes of each row is not reported again (the header's line says it).
    keep = [index for index, column in enumerate(matched) if column is not None]
    written = {matched[index]: dataset.headers[index] for index in keep}
    dataset = tablib.Dataset(
        *[[row[index] for index in keep] + [""] * len(missing) for row in dataset],
        headers=[matched[index] for index in keep] + missing,
    )
    resource = cls()
    _savepoint_per_row(resource)
    if progress is not None:
        _report_each_row(resource, progress)
    outcome = resource.import_data(
        dataset,
        dry_run=False,
        # The good rows of a file with bad ones stay written until run_import's own transaction
        # rolls everything back, so the files after it are checked against them (docs/domain.md:
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
    # A row's error names its column as the sheet's header row does.
    result.errors = header_errors + [
        RowError(error.filename, error.row, written.get(error.column, error.column), error.message)
        for error in errors_from_result(outcome, filename, resource)
        if error.column not in missing
    ]
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


def scan_directory(directory):
    """The portal files in DIR as (stem, filename, bytes), and the files not read as (filename,
    the file read instead or None).

    A file kind is found under its English or Norwegian name (any case, .csv or .xlsx); when DIR
    holds more than one file for a kind, the English name wins over the Norwegian, CSV over XLSX,
    and the others are not read, nor is a file that is not part of the format: import_data names
    them in a warning (docs/domain.md)."""
    directory = Path(directory)
    candidates = {}
    unknown = []
    for path in sorted(directory.iterdir()):
        if not path.is_file() or path.name.startswith("."):
            continue
        stem = stem_for_filename(path.name)
        if stem is None:
            unknown.append(path.name)
        else:
            candidates.setdefault(stem, []).append(path)
    found, unread = [], [(name, None) for name in unknown]
    for stem in IMPORT_FILES:
        if stem not in candidates:
            continue
        preference = [_folded(name + extension) for name in (stem, *norwegian_names(stem)) for extension in EXTENSIONS]
        chosen, *others = sorted(candidates[stem], key=lambda path: preference.index(_folded(path.name)))
        found.append((stem, chosen.name, chosen.read_bytes()))
        unread += [(other.name, chosen.name) for other in others]
    return found, sorted(unread)


@dataclass
class ColumnHelp:
    column: str  # the English name
    norwegian: str
    required: bool  # the column must be in the sheet (its cells may still be empty)
    allowed: str  # what its cells may hold, "" for free text


def column_help(stem):
    """The columns of a file kind and what they may hold, for the import screen: from the
    resource's declarations (its fields' widgets, `portal_help` where a widget does not say)."""
    from portal.spreadsheets.widgets import describe

    cls = resource_class(stem)
    names, helps = norwegian_headers(stem), getattr(cls, "portal_help", {})
    return [
        ColumnHelp(
            column=field.column_name,
            norwegian=names.get(field.column_name, field.column_name),
            required=field.column_name in cls.portal_columns,
            allowed=str(helps.get(field.column_name) or describe(field.widget)),
        )
        for field in cls().get_export_fields()
    ]


def template_filename(stem, file_format):
    """An empty template's file name: the file's (first) Norwegian name."""
    return f"{(norwegian_names(stem) or (stem,))[0]}.{file_format}"


def template_bytes(stem, file_format):
    """An empty sheet with the Norwegian headers (where the file has them): CSV with a BOM and
    semicolons, as Excel in a Norwegian locale opens it into columns, or XLSX."""
    names = norwegian_headers(stem)
    headers = [names.get(column, column) for column in all_columns(stem)]
    if file_format == "xlsx":
        return writing.xlsx_bytes(tablib.Dataset(headers=headers), title=template_filename(stem, "")[:-1])
    return ("\ufeff" + ";".join(headers) + "\r\n").encode("utf-8")


def export_dataset(stem, queryset=None):
    cls = resource_class(stem)
    resource = cls()
    dataset = resource.export(queryset=queryset)
    return dataset


def export_bytes(stem, file_format, queryset=None):
    """The sheet of one file kind as CSV (UTF-8, comma) or XLSX bytes, the import's columns,
    through portal.spreadsheets.writing (typed XLSX cells, formula-starting text neutralised)."""
    dataset = export_dataset(stem, queryset)
    return writing.sheet_bytes(dataset, file_format, resource=resource_class(stem)(), title=stem)
