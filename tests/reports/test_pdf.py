"""The PDF: WeasyPrint's output read back with pdftotext (poppler-utils)."""

import io
import re
import subprocess

import pytest
from django.core.management import call_command

from reports import pdf, selectors, services
from tests.reports import factories

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


def pdf_text(data, layout=False):
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + ["-", "-"]
    return subprocess.run(args, input=data, capture_output=True, check=True).stdout.decode()


def page_count(data):
    info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def flat(text):
    """One line of words: table cells and wrapped lines do not split a phrase."""
    return " ".join(text.replace(NBSP, " ").split())


@pytest.fixture
def reference_report(db):
    factories.build_reference_year(2025)
    report = services.report_create(year=2025)
    section = report.sections.get(heading="Innledning")
    services.section_save(
        report=report, section=section, level=2, heading="Innledning",
        body="<p>Rapporten gir Erfaringspanelet en oversikt over året.</p>", generated="",
    )
    return report


@pytest.mark.slow(reason="renders the reference year's whole report PDF")
def test_the_pdf_shows_the_figures_in_norwegian_format(reference_report):
    filename, mimetype, data = pdf.generate(reference_report)

    assert (filename, mimetype) == ("arsrapport-2025.pdf", "application/pdf")
    assert data.startswith(b"%PDF")
    text = flat(pdf_text(data))
    assert "Årsrapport 2025" in text
    assert "Det ble arrangert 4 møter i Erfaringspanelet i 2025." in text
    assert "(26 organisasjoner)" in text
    assert "7 kommunale virksomheter deltok på minst to av møtene i 2025" in text
    assert "Målet var en økning på 50 % fra 2024 til 2025. Økningen ble på 189 %." in text
    assert "I 2024 møtte personer fra til sammen 9 innvandrerorganisasjoner, mens tallet for 2025 ble 26." in text
    assert "var 13 representert på to eller flere møter" in text
    assert "kontaktet til sammen 125 innvandrerorganisasjoner" in text
    assert "hatt svar fra personer i 81 av dem" in text
    assert "Pr. 31.12.2025 var 5 innvandrerorganisasjoner lagt ut" in text
    # Surveys: means with a decimal comma, the reference appendix's wording.
    assert "13 svar. Score: 2-5-5-5-4-4-5-5-5-5-3-5-5 (snitt 4,5)" in text
    assert "6 svar. Score: 3-3-3-4-3-5 (snitt 3,5)" in text
    assert "12 svarte Ja og 1 svarte Nei" in text
    assert "snitt 4,3" in text
    assert "6 har svart anonymt, 7 har oppgitt navn" in text
    # Narrative, plan table, names with Norwegian letters.
    assert "Rapporten gir Erfaringspanelet en oversikt over året." in text
    assert "Frivillig sektor invitert inn i Erfaringspanelet." in text
    assert "Tekst fra året før" not in text
    assert "Innvandrerforening 030" in text and "Innvandrerforening 004" not in text.split("Organisasjoner som har deltatt")[-1].split("Økt deltagelse")[0]


@pytest.mark.slow(reason="renders the reference year's whole report PDF")
def test_it_has_a_table_of_contents_with_page_numbers_running_headers_and_page_numbers(reference_report):
    _filename, _mimetype, data = pdf.generate(reference_report)

    pages = page_count(data)
    text = pdf_text(data, layout=True)
    assert pages >= 5
    assert f"Side 2 av {pages}" in text
    toc = text.split("Innholdsfortegnelse")[2].split("Side 2 av")[0]  # [1] is the page header
    entry = re.search(r"11\.\s+Status og måloppnåelse[ .]*?(\d+)\s*$", toc, re.MULTILINE)
    assert entry, toc
    target_page = int(entry.group(1))
    # The page the contents points to starts with (or holds) that chapter's heading.
    page_texts = text.split("\f")
    assert "11. Status og måloppnåelse" in page_texts[target_page - 1]
    # Running headers: the report's title on the left, the current chapter on the right.
    def header(page_text):
        return next(line for line in page_text.splitlines() if line.strip())

    appendix_page = next(p for p in page_texts if "Forklaring: score 1" in p)
    assert "Årsrapport 2025" in header(appendix_page) and "Vedlegg: svar fra spørreundersøkelsen" in header(appendix_page)
    assert "1. Innledning og sammendrag" in header(page_texts[2])
    assert "Innholdsfortegnelse" not in header(page_texts[0])  # the cover has no header


def test_it_embeds_fonts_with_norwegian_letters(reference_report):
    _filename, _mimetype, data = pdf.generate(reference_report)

    fonts = subprocess.run(["pdffonts", "-"], input=data, capture_output=True, check=True).stdout.decode()
    lines = [line for line in fonts.splitlines()[2:] if line.strip()]
    assert lines and all("DejaVu" in line for line in lines), fonts
    assert all(" yes " in line for line in lines)  # "emb" column
    assert "Økt deltagelse" in pdf_text(data) and "Bærekraft" in pdf_text(data)


def test_thousands_are_grouped_with_a_no_break_space_in_html_and_pdf(reference_report):
    content = selectors.report_content(reference_report)
    content["figures"]["outreach"]["organisations_contacted"] = 1250

    html = pdf.render_print_html(content)
    data = pdf.html_to_pdf(html)

    assert f"kontaktet til sammen 1{NBSP}250 innvandrerorganisasjoner" in html
    assert "kontaktet til sammen 1 250 innvandrerorganisasjoner" in flat(pdf_text(data))


def test_the_command_writes_html_and_pdf_files(reference_report, tmp_path):
    call_command("annual_report", "2025", "--format", "pdf", "-o", str(tmp_path / "r.pdf"), stderr=io.StringIO())
    call_command("annual_report", "2025", "--format", "html", "-o", str(tmp_path / "r.html"), stderr=io.StringIO())

    assert "Økningen ble på 189 %" in flat(pdf_text((tmp_path / "r.pdf").read_bytes()))
    html = (tmp_path / "r.html").read_text()
    assert html.startswith("<!doctype html>") and f"Økningen ble på 189{NBSP}%" in html
    assert "<script" not in html
