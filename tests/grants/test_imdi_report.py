"""The yearly report to IMDi: a PDF (read back with pdftotext) and a spreadsheet (read back with
python-calamine, a reader the product does not use), the figures per round of the year."""

import io
import subprocess

import pytest
from django.urls import reverse
from python_calamine import CalamineWorkbook

from tests.grants.conftest import EXPECTED_2025

pytestmark = pytest.mark.django_db


def test_the_pdf_has_every_round_of_the_year(client, coordinator, grants_2025):
    client.force_login(coordinator)
    response = client.get(reverse("grants:imdi_report_pdf", args=[2025]))
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="tilskudd-rapport-imdi-2025.pdf"' in response["Content-Disposition"]
    # -layout keeps each table row on its line (label, then value)
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=response.getvalue(), capture_output=True, check=True).stdout.decode()
    lines = {" ".join(line.replace("\u00a0", " ").split()) for line in text.splitlines()}
    flat = "\n".join(sorted(lines))
    assert "Rapport om tilskudd 2025" in lines
    assert "Tildeling (ramme) 321 702 kr" in lines and "Tildeling (ramme) 100 000 kr" in lines
    assert "Driftsstøtte: medlemmer omfattet 100" in lines and "Aktivitetsstøtte: deltakere 180" in lines
    assert "Ubrukte midler (ramme − innvilget) 264 702 kr" in lines and "Ubrukte midler (ramme − innvilget) 60 000 kr" in lines
    assert "300 000 kr" not in flat  # 2024's round


def test_the_spreadsheet_has_one_row_per_round_with_number_cells(client, coordinator, grants_2025):
    client.force_login(coordinator)
    response = client.get(reverse("grants:imdi_report_xlsx", args=[2025]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(response.getvalue())).get_sheet_by_index(0).to_python()
    header, *data = rows
    assert header[:3] == ["År", "Ordning", "Ramme (kr)"]
    assert len(data) == 2
    by_scheme = {row[1]: dict(zip(header, row)) for row in data}
    for expected in EXPECTED_2025:
        row = by_scheme[expected["scheme"]]
        assert row["År"] == 2025
        assert row["Ramme (kr)"] == expected["allocation"]
        assert row["Søknader"] == expected["applications"]
        assert row["Søkt beløp (kr)"] == expected["applied_amount"]
        assert row["Driftsstøtte: medlemmer"] == expected["granted"]["operating"]["members"]
        assert row["Aktivitetsstøtte: deltakere"] == expected["granted"]["activity"]["participants"]
        assert row["Aktivitetsstøtte: organisasjoner"] == expected["granted"]["activity"]["organisations"]
        assert row["Innvilget i alt (kr)"] == expected["granted_amount"]
        assert row["Innvandrerorganisasjoner med tilskudd"] == expected["immigrant_organisations_granted"]
        assert row["Ubrukte midler (kr)"] == expected["unused"]


def test_a_scheme_named_like_a_formula_is_text_in_the_spreadsheet(client, coordinator):
    """The IMDi sheet goes through the portal's safe writer: no formula cell, whatever a scheme
    is called."""
    import openpyxl

    from tests.grants.factories import grant_round

    grant_round(year=2025, scheme_name='=HYPERLINK("http://angriper.example/","Klikk")')
    client.force_login(coordinator)
    content = client.get(reverse("grants:imdi_report_xlsx", args=[2025])).getvalue()
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell for cell in cells if cell.data_type == "f"]
    (name,) = [cell for cell in cells if "HYPERLINK" in str(cell.value)]
    assert name.data_type == "s" and name.quotePrefix
    assert name.value == '=HYPERLINK("http://angriper.example/","Klikk")'
