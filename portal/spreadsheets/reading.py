"""Reading an uploaded spreadsheet row by row in bounded memory, refusing hostile files early.

openpyxl's read-only mode streams the sheet's XML, but its `iter_rows` pads every row to the
width the file *claims* (the <dimension> element or the widest row): a few hundred KB of XLSX
whose rows reach column XFD become 16,384 cells a row and gigabytes. Here the worksheet parser
is driven directly, so a row costs only the cells it really has, and a file is refused (with a
message naming it) as soon as it crosses one of the limits:

    PORTAL_IMPORT_MAX_ROWS          100 000 data rows per file
    PORTAL_IMPORT_MAX_COLUMNS       60 columns with a value
    PORTAL_IMPORT_MAX_CELLS         10 000 000 cells parsed in all (empty ones included)
    PORTAL_IMPORT_MAX_UNZIPPED_MB   300 MB of XML inside the XLSX (a zip bomb stops here)
and, whatever the limits: no more shared strings (openpyxl reads them all into memory before the
first row) than the worksheets have room for cells; a shared-strings bomb under the size limits
is refused after counting, before openpyxl reads a single one.

CSV is streamed too (the csv module reads line by line); the same row and column limits apply.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _


class SheetRefused(Exception):
    """The file cannot or may not be read; str() is the message for the user, naming the file."""


@dataclass(frozen=True)
class Limits:
    max_rows: int
    max_columns: int
    max_cells: int
    max_unzipped_bytes: int

    @classmethod
    def from_settings(cls):
        return cls(
            max_rows=getattr(settings, "PORTAL_IMPORT_MAX_ROWS", 100_000),
            max_columns=getattr(settings, "PORTAL_IMPORT_MAX_COLUMNS", 60),
            max_cells=getattr(settings, "PORTAL_IMPORT_MAX_CELLS", 10_000_000),
            max_unzipped_bytes=getattr(settings, "PORTAL_IMPORT_MAX_UNZIPPED_MB", 300) * 1024 * 1024,
        )


def column_letter(number):
    from openpyxl.utils import get_column_letter

    return get_column_letter(min(max(number, 1), 18278))


def _too_many_rows(filename, limits):
    return SheetRefused(
        _("%(file)s har mer enn %(max)s rader; portalen leser høyst %(max)s rader fra én fil. Del filen opp.")
        % {"file": filename, "max": limits.max_rows}
    )


def _too_wide(filename, row, column, limits):
    return SheetRefused(
        _(
            "%(file)s: rad %(row)s har en verdi i kolonne %(letter)s; portalen leser høyst %(max)s kolonner. "
            "Slett de tomme kolonnene til høyre og prøv igjen."
        )
        % {"file": filename, "row": row, "letter": column_letter(column), "max": limits.max_columns}
    )


_SHARED_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")
# The smallest cell that uses a shared string, <c t="s"><v>0</v></c>, is 20 bytes of XML.
_SMALLEST_CELL_BYTES = 20


def _check_shared_strings(archive, members, filename):
    """Refuse a file with more shared strings than its worksheets could use: counted in the
    packed stream, stopping as soon as the count is past what the worksheets have room for."""
    shared = [m for m in members if m.filename.lower().lstrip("/") == "xl/sharedstrings.xml"]
    if not shared:
        return
    room = sum(m.file_size for m in members if m.filename.lower().lstrip("/").startswith("xl/worksheets/"))
    allowed = room // _SMALLEST_CELL_BYTES + 100
    count, tail = 0, b""
    with archive.open(shared[0]) as handle:
        while chunk := handle.read(1 << 20):
            data = tail + chunk
            # A match that ends inside the tail was counted with the previous chunk.
            count += sum(1 for match in _SHARED_STRING.finditer(data) if match.end() > len(tail))
            if count > allowed:
                raise SheetRefused(
                    _("%(file)s har flere tekstverdier (%(count)s eller mer) enn regnearkene har celler; "
                      "filen er skadet eller laget for å overbelaste portalen.")
                    % {"file": filename, "count": count}
                )
            tail = data[-64:]


def xlsx_rows(source, filename, limits=None):
    """Rows of the first worksheet of an XLSX file (bytes, a path or a binary file) as lists of
    values, header first; each row only as wide as its last value. Raises SheetRefused."""
    import openpyxl
    from openpyxl.worksheet._reader import WorkSheetParser

    limits = limits or Limits.from_settings()
    if isinstance(source, (bytes, bytearray)):
        source = io.BytesIO(source)
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
            unzipped = sum(member.file_size for member in members)
            if unzipped > limits.max_unzipped_bytes:
                raise SheetRefused(
                    _("%(file)s pakker seg ut til %(size)s MB; portalen leser høyst %(max)s MB.")
                    % {"file": filename, "size": unzipped // (1024 * 1024), "max": limits.max_unzipped_bytes // (1024 * 1024)}
                )
            _check_shared_strings(archive, members, filename)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise SheetRefused(_("%(file)s kan ikke leses som XLSX: %(error)s") % {"file": filename, "error": exc}) from exc
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a file that is not XLSX
        raise SheetRefused(_("%(file)s kan ikke leses som XLSX: %(error)s") % {"file": filename, "error": exc}) from exc
    try:
        if not workbook.worksheets:
            raise SheetRefused(_("%(file)s har ingen regneark.") % {"file": filename})
        sheet = workbook.worksheets[0]
        cells_seen = 0
        with sheet._get_source() as xml:
            parser = WorkSheetParser(
                xml,
                sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            expected = 1
            for number, cells in parser.parse():
                cells_seen += len(cells)
                if cells_seen > limits.max_cells:
                    raise SheetRefused(
                        _("%(file)s har mer enn %(max)s celler; portalen leser ikke så store filer.")
                        % {"file": filename, "max": limits.max_cells}
                    )
                if number - 1 > limits.max_rows:
                    raise _too_many_rows(filename, limits)
                values = {}
                for cell in cells:
                    value = cell["value"]
                    if value is None or value == "":
                        continue
                    if cell["column"] > limits.max_columns:
                        raise _too_wide(filename, number, cell["column"], limits)
                    values[cell["column"]] = value
                # Rows the file leaves out are empty rows: keep the numbering of the sheet.
                while expected < number:
                    expected += 1
                    yield []
                expected = number + 1
                width = max(values, default=0)
                yield [values.get(column) for column in range(1, width + 1)]
    finally:
        workbook.close()


def csv_rows(text, filename, limits=None):
    """Rows of CSV text (comma or semicolon, decided by the header line) as lists of strings."""
    limits = limits or Limits.from_settings()
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SheetRefused(_("%(file)s: rad %(row)s kan ikke leses som CSV: %(error)s") % {"file": filename, "row": number, "error": exc}) from exc
        if number - 1 > limits.max_rows:
            raise _too_many_rows(filename, limits)
        while row and row[-1] == "":
            row.pop()
        if len(row) > limits.max_columns:
            raise _too_wide(filename, number, len(row), limits)
        yield row
