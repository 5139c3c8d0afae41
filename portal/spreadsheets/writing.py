"""Writing the portal's sheets (CSV and XLSX) so they cannot attack the reader and read right.

One export path for every sheet the portal hands out (the import screens, the goals sheets, the
survey answers, `export_all`):

- **Formula injection** (OWASP "CSV injection"), CSV: a text cell that begins with ``=``, ``+``,
  ``-``, ``@``, a tab or a carriage return (after any spaces or quote marks) is written with a
  leading apostrophe (``'=HYPERLINK(…)``), so Excel, LibreOffice and Google Sheets show it as text
  and never run it. The same holds after every separator *inside* a cell (``,``, ``;``, tab, line
  break): Norwegian Excel reads a CSV with ``;``, so ``Bra møte;=1+2`` is written
  ``Bra møte;'=1+2``, and whichever separator a quote-aware reader splits on, no cell it finds
  starts a formula. An apostrophe already in such a place gets one more, so the rule can be
  undone exactly.
- **Round trip**: the import (``portal.spreadsheets.importing.read_sheet``) undoes it: an apostrophe at the
  start or after a separator, followed by what would have been escaped, is dropped. So ``=x`` is
  exported as ``'=x`` and imported back as ``=x``; a sheet exported and imported again is
  unchanged (docs/domain.md). The price: a hand-made sheet whose cell really holds ``'=`` there is
  read as ``=`` (spreadsheet programs hide such an apostrophe anyway).
- **XLSX**: cells carry their real types, never formulas: date columns are date cells
  (shown YYYY-MM-DD), number columns number cells, every other cell a string cell (openpyxl
  would otherwise store a string beginning with ``=`` as a formula). A string cell is never
  evaluated, so no apostrophe is added (a phone number ``+47 …`` shows as typed); a text cell
  that begins with a formula character is marked "quote prefix" as well, so it stays text when
  someone edits it in Excel. The header row is frozen.
- **CSV**: UTF-8, comma, fields quoted where needed and CRLF line ends (RFC 4180), as
  ``csv.Sniffer`` and spreadsheet programs read it.

Every sheet the portal writes goes through here: ``sheet_bytes`` for an import-export resource,
``table_bytes`` for a table of its own (the grants' IMDi sheet).

A column's type comes from its import-export widget: a ``DateWidget`` is a date, an
``IntegerWidget``/``DecimalWidget``/``FloatWidget`` a number; a custom widget says so with a class
attribute ``spreadsheet_type = "date"`` or ``"number"``, a resource with ``spreadsheet_types``
(column → type).
"""

import csv
import datetime
import io
import re
from decimal import Decimal, InvalidOperation

from import_export import widgets

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
DATE, NUMBER, TEXT = "date", "number", "text"
_INTEGER = re.compile(r"^-?\d+$")
# Where a reader may start a cell: the start of the text, and after a separator some reader
# splits on (comma, semicolon, tab, a line break).
_SEPARATORS = ",;\t\r\n"
# What must not follow there unescaped: a formula character after any spaces or quote marks (a
# reader drops an opening quote), a tab or carriage return, or the escape itself.
_NEEDS_ESCAPE = re.compile(r"""[\t\r]|[\s"]*[=+\-@']""")
_ESCAPE_BEFORE = re.compile(rf"""(?:^|(?<=[{re.escape(_SEPARATORS)}]))(?={_NEEDS_ESCAPE.pattern})""")
_ESCAPED = re.compile(rf"""(?:^|(?<=[{re.escape(_SEPARATORS)}])){ESCAPE}(?={_NEEDS_ESCAPE.pattern})""")


def neutralise(value):
    """A text cell as written to a CSV file: an apostrophe wherever a reader could start a cell
    with a formula (the start, and after each separator inside the cell)."""
    if isinstance(value, str) and value:
        return _ESCAPE_BEFORE.sub(ESCAPE, value)
    return value


def _xlsx_text(value):
    """A text cell as written to XLSX: as it is (a string cell is never evaluated), except an
    apostrophe that ``restore`` would drop, which gets one more so the import gives it back."""
    return _ESCAPED.sub(ESCAPE + ESCAPE, value) if ESCAPE in value else value


def restore(value):
    """The import's inverse of ``neutralise`` (and of ``_xlsx_text``)."""
    if isinstance(value, str) and ESCAPE in value:
        return _ESCAPED.sub("", value)
    return value


def column_types(resource):
    """header → DATE / NUMBER / TEXT, from the resource's export fields' widgets."""
    types = {}
    declared_by_resource = getattr(resource, "spreadsheet_types", {})
    for field in resource.get_export_fields():
        widget = field.widget
        declared = getattr(widget, "spreadsheet_type", None)
        if declared:
            kind = declared
        elif isinstance(widget, (widgets.DateWidget,)) and not isinstance(widget, widgets.DateTimeWidget):
            kind = DATE
        elif isinstance(widget, (widgets.IntegerWidget, widgets.DecimalWidget, widgets.FloatWidget)):
            kind = NUMBER
        else:
            kind = TEXT
        types[field.column_name] = declared_by_resource.get(field.column_name, kind)
    return types


def _typed(value, kind):
    """The exported (rendered) value as the cell's real type, or None when it is not one."""
    if value in (None, ""):
        return None
    if isinstance(value, (int, float, Decimal, datetime.date)) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    if kind == DATE:
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            return None
    if kind == NUMBER:
        if _INTEGER.match(text):
            return int(text)
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        return number if number.is_finite() else None
    return None


def _cells(dataset, types, text=neutralise):
    """Rows of (value, kind): typed values where the column's type holds, text (made safe by
    `text`) else."""
    headers = list(dataset.headers or [])
    kinds = [types.get(header, TEXT) for header in headers]
    for row in dataset:
        cells = []
        for value, kind in zip(row, kinds):
            typed = _typed(value, kind) if kind != TEXT else None
            if typed is not None:
                cells.append((typed, kind))
            else:
                cells.append((text("" if value is None else str(value)), TEXT))
        yield cells


def csv_bytes(dataset, types=None):
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(str(header)) for header in dataset.headers or []])
    for cells in _cells(dataset, types or {}):
        writer.writerow([value.isoformat() if isinstance(value, datetime.date) else value for value, _kind in cells])
    return out.getvalue().encode("utf-8")


def _text_cell(cell, value):
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING

    # Set the value, then the type: openpyxl reads a leading "=" as a formula otherwise.
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = TYPE_STRING
    if _ESCAPE_BEFORE.match(cell.value):
        cell.quotePrefix = True  # Excel keeps it text when the cell is edited


def xlsx_bytes(dataset, types=None, title="Sheet1"):
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (title or "Sheet1")[:31]
    headers = [str(header) for header in dataset.headers or []]
    widths = [len(header) for header in headers]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column)
        _text_cell(cell, _xlsx_text(header))
        cell.font = Font(bold=True)
    for row_number, cells in enumerate(_cells(dataset, types or {}, text=_xlsx_text), start=2):
        for column, (value, kind) in enumerate(cells, start=1):
            cell = sheet.cell(row=row_number, column=column)
            if kind == TEXT:
                _text_cell(cell, value)
            else:
                cell.value = value
                if kind == DATE:
                    cell.number_format = "yyyy-mm-dd"
            if column <= len(widths):
                widths[column - 1] = max(widths[column - 1], min(len(str(value)), 60))
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = max(width, 6) + 2
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def table_bytes(headers, rows, file_format, types=None, title=None):
    """A table that is no import-export resource (headers, then rows of values) as CSV or XLSX,
    through the same safe writer; `types` maps a header to DATE or NUMBER (else TEXT)."""
    import tablib

    dataset = tablib.Dataset(*[list(row) for row in rows], headers=list(headers))
    if file_format == "xlsx":
        return xlsx_bytes(dataset, types or {}, title=title)
    return csv_bytes(dataset, types or {})


def sheet_bytes(dataset, file_format, resource=None, title=None):
    """The one export path: a tablib Dataset (from ``resource.export()``) as CSV or XLSX bytes."""
    types = column_types(resource) if resource is not None else {}
    if file_format == "xlsx":
        return xlsx_bytes(dataset, types, title=title)
    return csv_bytes(dataset, types)

