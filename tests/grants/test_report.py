"""The grants figures in the annual report: the JSON key `grants`, the HTML and the PDF's text
(read back with pdftotext), and the approved snapshot that later changes never alter."""

import json
import subprocess

from django.core.management import call_command

from grants.models import Part
from reports import pdf, services
from tests.grants import factories
from tests.grants.conftest import EXPECTED_2025

NBSP = "\u00a0"


def pdf_text(data):
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_the_report_json_has_the_grants_of_domain_md(grants_2025, tmp_path):
    output = tmp_path / "rapport.json"
    call_command("annual_report", "2025", "--format", "json", "-o", str(output))
    data = json.loads(output.read_text())
    assert data["grants"] == EXPECTED_2025
    # the other keys are still there
    assert {"year", "panel", "outreach", "directory", "surveys"} <= set(data)


def test_the_pdf_shows_every_grant_figure_in_norwegian_format(grants_2025):
    report = services.report_create(year=2025)
    _filename, _mimetype, data = pdf.generate(report)
    flat = " ".join(pdf_text(data).replace(NBSP, " ").split())
    # pdftotext gives the no-break spaces back as spaces: "321 702 kr"
    assert "Ramme 321 702 kr" in flat
    assert "Ubrukte midler 264 702 kr" in flat
    assert "Søkt beløp 83 000 kr" in flat
    assert "Innvilget i alt 57 000 kr" in flat
    assert "Aktivitetsstøtte: beløp 27 000 kr" in flat and "Driftsstøtte: beløp 30 000 kr" in flat
    assert "Ramme 100 000 kr" in flat and "Ubrukte midler 60 000 kr" in flat  # the second scheme
    assert "Tilskudd til frivillig virksomhet i lokalsamfunn 2025 (IMDi)" in flat
    assert "Kommunens tilskudd til inkludering 2025 (Sandnes kommune)" in flat
    assert "Aktivitetsstøtte: deltakere 180" in flat
    assert "Driftsstøtte: medlemmer 100" in flat
    assert "Innvandrerorganisasjoner med tilskudd 2" in flat
    assert "Søknader (trukne ikke medregnet) 7" in flat
    # 2024's round is not in the 2025 report
    assert "90 000 kr" not in flat and "300 000 kr" not in flat


def test_an_approved_report_keeps_its_grant_figures(grants_2025):
    report = services.report_create(year=2025)
    report = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=factories.datetime.date(2026, 3, 11))
    # a late grant after approval
    factories.granted(grants_2025["imdi"], grants_2025["voluntary"], part=Part.OPERATING, applied=5000, amount=5000, heads=3)
    assert report.snapshot["figures"]["grants"] == EXPECTED_2025
    flat = " ".join(pdf_text(pdf.generate(report)[2]).split())
    assert "Innvilget i alt 57 000 kr" in flat and "62 000 kr" not in flat
    # the records did change: a new version sees it
    reopened = services.report_reopen(report=report)
    assert pdf.selectors.report_content(reopened)["figures"]["grants"][1]["granted_amount"] == 62000


def test_the_html_writes_amounts_with_no_break_spaces(grants_2025):
    report = services.report_create(year=2025)
    html = pdf.render_print_html(pdf.selectors.report_content(report))
    assert f"321{NBSP}702&nbsp;kr" in html or f"321{NBSP}702{NBSP}kr" in html
