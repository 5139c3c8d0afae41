"""The report's sectioned tables (the plan table's chapters, the survey appendix's questions) are
tables whose header cells sit only in the first row and the first column, so `scope` describes
every data cell. pa11y's HTML_CodeSniffer (WCAG H43) expects, for a data cell, every header cell
above it in its column: a chapter or question heading row across the columns made each later cell
claim the headings of every earlier section, which is what it reported. Read with html.parser."""

import io
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from tests.reports import factories

pytestmark = pytest.mark.django_db


class Tables(HTMLParser):
    """The report's tables as grids: (row, column) → "th"/"td", rowspan and colspan applied."""

    def __init__(self, classes):
        super().__init__()
        self.classes, self.tables, self._grid, self._row, self._spans = classes, [], None, -1, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and any(name in (attrs.get("class") or "").split() for name in self.classes):
            self._grid, self._row, self._spans = {}, -1, {}
            self.tables.append((attrs["class"], self._grid))
        elif self._grid is None:
            return
        elif tag == "tr":
            self._row += 1
            self._column = 0
        elif tag in ("th", "td"):
            while (self._row, self._column) in self._grid:
                self._column += 1
            for r in range(int(attrs.get("rowspan") or 1)):
                for c in range(int(attrs.get("colspan") or 1)):
                    self._grid[(self._row + r, self._column + c)] = (tag, attrs.get("scope"))
            self._column += int(attrs.get("colspan") or 1)

    def handle_endtag(self, tag):
        if tag == "table":
            self._grid = None


def test_header_cells_of_the_sectioned_tables_are_in_the_first_row_or_column_only():
    factories.build_reference_year(2025)
    out = io.StringIO()
    call_command("annual_report", "2025", "--format", "html", stdout=out)
    parser = Tables({"plan-table", "appendix-table"})
    parser.feed(out.getvalue())

    kinds = {classes.split()[-1] for classes, _grid in parser.tables}
    assert kinds == {"plan-table", "appendix-table"}
    for classes, grid in parser.tables:
        headers = [(cell, scope) for cell, (tag, scope) in grid.items() if tag == "th"]
        assert all(row == 0 or column == 0 for (row, column), _scope in headers), classes
        assert all(scope in ("col", "row", "rowgroup") for _cell, scope in headers), classes
        rows = {row for row, _column in grid}
        # every data row has its header cell (its chapter or question) in the first column
        assert all(grid.get((row, 0), ("td",))[0] == "th" or classes.endswith("plan-table") for row in rows - {0}), classes
