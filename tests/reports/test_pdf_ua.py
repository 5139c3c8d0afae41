"""The annual report as tagged PDF/UA-1, read back with poppler (pdfinfo -struct, pdftotext) and
pypdf: a screen reader gets headings, lists, tables with header cells and charts with text
alternatives; running headers and page numbers are artifacts, not read on every page."""

import io
import re

import pytest
from pypdf import PdfReader

from goals.models import Goal, GoalValue, Source, TargetKind
from portal.output.pdfua import write_pdf_ua
from reports import pdf, services
from tests.pdfua import marked_content, pdfinfo, pdftotext, struct_tags
from tests.reports import factories

# One worker builds the year and renders it once (`--dist loadgroup`), not one build per worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("report-pdf-ua")]


_rendered = {}


@pytest.fixture
def report_pdf(db):
    # Rendered once for the module: every test here only reads the same document.
    if "pdf" in _rendered:
        return _rendered["pdf"]
    factories.build_reference_year(2025)
    for position, (title, value) in enumerate(
        [("Flere organisasjoner i oversikten", 5), ("Flere kontakter med nye organisasjoner i kommunen og i nabokommunene", 125)], start=2
    ):
        goal = Goal.objects.create(title=title, source=Source.OWN, target_kind=TargetKind.ABSOLUTE,
                                   target_value=value + 10, position=position)
        GoalValue.objects.create(goal=goal, year=2025, value=value)
        GoalValue.objects.create(goal=goal, year=2024, value=value + 999)  # another year: not shown
    report = services.report_create(year=2025)
    _rendered["pdf"] = pdf.generate(report)[2]
    return _rendered["pdf"]


def test_pdfinfo_says_tagged_with_the_title_as_window_title_and_the_language(report_pdf):
    info = pdfinfo(report_pdf)
    assert re.search(r"^Tagged:\s+yes$", info, re.MULTILINE)
    assert re.search(r"^Title:\s+Årsrapport 2025 – ", info, re.MULTILINE)
    root = PdfReader(io.BytesIO(report_pdf)).trailer["/Root"]
    assert root["/Lang"] == "nb"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_the_structure_tree_has_headings_lists_tables_with_header_cells_and_figures(report_pdf):
    tags = struct_tags(report_pdf)
    assert tags.count("H1") == 1 and tags.count("H2") >= 10 and "H3" in tags
    assert {"L", "LI", "LBody"} <= set(tags)
    assert {"Table", "THead", "TBody", "TR", "TH", "TD", "Caption"} <= set(tags)
    assert tags.count("Figure") >= 2  # the participation chart and the appendix's score charts
    # Every data cell of a table points at its header cells.
    assert "/Headers" in pdfinfo(report_pdf, "-struct")


def test_every_chart_has_its_text_alternative(report_pdf):
    reader = PdfReader(io.BytesIO(report_pdf))
    alts = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif hasattr(node, "get") and "/S" in node:
            if node["/S"] == "/Figure":
                alts.append(str(node.get("/Alt", "")))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"])
    assert alts and all(alts)
    assert "Innvandrerorganisasjoner representert i Erfaringspanelet per år" in alts


def test_running_headers_and_page_numbers_are_artifacts_and_all_else_is_in_the_tree(report_pdf):
    in_streams, in_tree, artifact_texts = marked_content(report_pdf)
    assert in_streams == in_tree  # no tagged content hangs outside the structure tree (PDF/UA 7.1)
    assert artifact_texts[0] == 0  # the cover has no running header
    assert all(count >= 2 for count in artifact_texts[1:])  # title, chapter and "Side n av m" on every other page
    structure_text = pdfinfo(report_pdf, "-struct-text")
    assert "Side 2 av" not in structure_text
    assert "Side 2 av" in pdftotext(report_pdf)  # still printed on the page


def test_pdftotext_reads_each_goal_before_its_figures(report_pdf):
    text = pdftotext(report_pdf)
    table = text[text.index("Mål og måloppnåelse 2025"):text.index("Tiltakene i prosjektet")]
    for title, value in [("Økt deltagelse i Erfaringspanelet", "26"), ("Flere organisasjoner i oversikten", "5"),
                         ("Flere kontakter med nye organisasjoner i kommunen og i nabokommunene", "125")]:
        flat = " ".join(table.split())
        assert title in flat
        after_title = flat.split(title, 1)[1]
        assert re.search(rf"(^|\s){value}(\s|$)", after_title), (title, flat)
    names = [" ".join(table.split()).index(t) for t in ("Økt deltagelse", "Flere organisasjoner", "Flere kontakter")]
    assert names == sorted(names)


def _table_document(rows, lead_paragraphs=0):
    body = "".join(f"<p>Innledende avsnitt {n}.</p>" for n in range(lead_paragraphs))
    cells = "".join(f"<tr><th scope='row'>Rad {n}</th><td>Verdi {n}</td></tr>" for n in range(1, rows + 1))
    return (
        f"<!doctype html><html lang='nb'><head><meta charset='utf-8'><title>Tabell</title>"
        f"<style>{pdf.print_css()}</style></head><body>{body}<table><caption>Tabell</caption>"
        f"<thead><tr><th scope='col'>Navn</th><th scope='col'>Verdi</th></tr></thead><tbody>{cells}</tbody></table>"
        f"</body></html>"
    )


def _rows_per_page(data):
    return [len(re.findall(r"Rad \d+", page)) for page in pdftotext(data).split("\f") if page.strip()]


def test_no_table_row_is_left_alone_on_a_page():
    first_page = _rows_per_page(write_pdf_ua(_table_document(120)))[0]
    # One row more than fits: the last row would be alone on page 2.
    pages = _rows_per_page(write_pdf_ua(_table_document(first_page + 1)))
    assert len(pages) == 2 and min(pages) >= 2, pages
    # A table starting so low that only its first row fits: it starts on the next page instead.
    lead = next(
        n for n in range(40, 80)
        if (counts := _rows_per_page(write_pdf_ua(_table_document(first_page, lead_paragraphs=n))))[0] <= 2
    )
    counts = _rows_per_page(write_pdf_ua(_table_document(first_page, lead_paragraphs=lead)))
    assert counts[0] != 1, counts
