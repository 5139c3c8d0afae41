"""Writing the portal's sheets (CSV and XLSX) so they cannot attack the reader and read right.

One export path for every sheet the portal hands out (the import screens, the goals sheets, the
survey answers, the backup):

- **Formula injection** (OWASP "CSV injection"): a text cell that begins with ``=``, ``+``, ``-``,
  ``@``, a tab or a carriage return is written with a leading apostrophe (``'=HYPERLINK(…)``), so
  Excel, LibreOffice and Google Sheets show it as text and never run it. A text cell that itself
  begins with an apostrophe gets one more, so the rule can be undone exactly.
- **Round trip**: the import (``portal.importing.read_sheet``) undoes it: a cell that begins with an
  apostrophe followed by one of those characters or another apostrophe loses the first apostrophe.
  So ``=x`` is exported as ``'=x`` and imported back as ``=x``; a sheet exported and imported again
  is unchanged (domain.md). The price: a hand-made sheet whose cell really begins with ``'=`` is
  read as ``=`` (spreadsheet programs hide such an apostrophe anyway).
- **XLSX**: cells carry their real types, never formulas: date columns are date cells
  (shown YYYY-MM-DD), number columns number cells, every other cell a string cell (openpyxl
  would otherwise store a string beginning with ``=`` as a formula). The header row is frozen.
- **CSV**: UTF-8, comma, fields quoted where needed and CRLF line ends (RFC 4180), as
  ``csv.Sniffer`` and spreadsheet programs read it.

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


def neutralise(value):
    """A text cell as written to a sheet: an apostrophe before a formula-starting character."""
    if isinstance(value, str) and value and (value[0] in DANGEROUS_FIRST or value[0] == ESCAPE):
        return ESCAPE + value
    return value


def restore(value):
    """The import's inverse of ``neutralise``."""
    if isinstance(value, str) and len(value) > 1 and value[0] == ESCAPE and (
        value[1] in DANGEROUS_FIRST or value[1] == ESCAPE
    ):
        return value[1:]
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


def _cells(dataset, types):
    """Rows of (value, kind): typed values where the column's type holds, neutralised text else."""
    headers = list(dataset.headers or [])
    kinds = [types.get(header, TEXT) for header in headers]
    for row in dataset:
        cells = []
        for value, kind in zip(row, kinds):
            typed = _typed(value, kind) if kind != TEXT else None
            if typed is not None:
                cells.append((typed, kind))
            else:
                cells.append((neutralise("" if value is None else str(value)), TEXT))
        yield cells


def csv_bytes(dataset, types=None):
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([neutralise(str(header)) for header in dataset.headers or []])
    for cells in _cells(dataset, types or {}):
        writer.writerow([value.isoformat() if isinstance(value, datetime.date) else value for value, _kind in cells])
    return out.getvalue().encode("utf-8")


def xlsx_bytes(dataset, types=None, title="Sheet1"):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = (title or "Sheet1")[:31]
    headers = [str(header) for header in dataset.headers or []]
    widths = [len(header) for header in headers]
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=1, column=column)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", neutralise(header))
        cell.data_type = TYPE_STRING
        cell.font = Font(bold=True)
    for row_number, cells in enumerate(_cells(dataset, types or {}), start=2):
        for column, (value, kind) in enumerate(cells, start=1):
            cell = sheet.cell(row=row_number, column=column)
            if kind == TEXT:
                # Set the value, then the type: openpyxl reads a leading "=" as a formula otherwise.
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                cell.data_type = TYPE_STRING
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


def sheet_bytes(dataset, file_format, resource=None, title=None):
    """The one export path: a tablib Dataset (from ``resource.export()``) as CSV or XLSX bytes."""
    types = column_types(resource) if resource is not None else {}
    if file_format == "xlsx":
        return xlsx_bytes(dataset, types, title=title)
    return csv_bytes(dataset, types)

