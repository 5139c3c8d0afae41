"""The 2025 demo report tells the year like the reference report (seeds/000): subchapters built
from the records of the inclusion council, Frivilligbørs, the consultation, the campaign and the
own event; a footnote and an image with alt text in the PDF; and the organisations of the project's
year, December 2024–December 2025, exactly as the reference report lists them."""

import io
import re

import pytest
from django.core.management import call_command

from reports import pdf, selectors
from reports.models import AnnualReport
from tests.pdfua import pdfinfo, pdftotext
from tests.reports.test_footnotes_and_images import figures_alt
from tests.reports.test_pdf import flat

pytestmark = pytest.mark.django_db

# Seed 000 §2.1: "har møtt på ett eller flere møter i Erfaringspanelet fra desember 2024-desember 2025".
SEED_PROJECT_YEAR = [
    "Aceh Islamisk Opplæringsssenter (AIOS)", "Adle", "Ahmadiyya muslimsk trossamfunn",
    "Annai Poopathi Tamilsk kultursenter Stavanger", "ASSOCIATION OF ROGALAND KERALITES -ARK", "Baha'i",
    "CAIR- Chinese Association in Rogaland, Stavanger Group", "Chin Community in Sandnes",
    "Den Vietnamesiske Flyktningforening i Stavanger", "Eritreisk Aktivitet", "Eritreisk Forening i Rogaland",
    "Eritreisk Islamsk Kulturforening i Rogaland", "Fedrenettverket", "Hindu Mamanram Rogaland",
    "Indian Tamil Association (ITHAL)", "INorge Forening (polsk)", "INTERESNYJ TEATRIK",
    "Kongolesisk Organisasjon i Rogaland", "Litauisk Forening i Rogaland", "Muslimske Fellesråd i Rogaland",
    "NIGERIAN COMMUNITY AND FRIENDS IN NORWAY (NICOFIN)", "Nor Muslim Society, Sandnes",
    "Norsk Ukrainisk støtteforening TRIDENT", "Ny dag", "Polsk-Norsk Forening", "Rumensk Kultursenter",
    "Samikya Telugu Association of Rogaland (STAR - indisk)", "Sierra Leone Organisation Rogaland",
    "Sudanese Organisation for human rights and democracy (SOHRD)", "Sudansk forening i Rogaland",
]


@pytest.mark.slow(reason="loads the whole demo registry and renders the 17-page report's PDF")
def test_the_demo_report_tells_2025_like_the_reference_report():
    call_command("seed_demo", stdout=io.StringIO())
    report = AnnualReport.objects.get(year=2025)
    content = selectors.report_content(report)

    subchapters = {s["heading"]: s for s in content["sections"] if s.get("record")}
    assert set(subchapters) == {
        "Sandnes Inkluderingsråd", "Frivilligbørs", "Lokaler i skolebygg",
        "Facebook-kampanjen «Mangfold er en ressurs»", "HELE VERDEN I SANDNES",
    }
    assert "fellesorganisasjon for 21 frivillige organisasjoner" in subchapters["Sandnes Inkluderingsråd"]["record"]["note"]
    assert subchapters["HELE VERDEN I SANDNES"]["record"]["participants"] == 120
    assert subchapters["Lokaler i skolebygg"]["record"]["outcome"] == "Saken behandles politisk i 2026."
    assert "Quality Hotel Residence" in subchapters["Frivilligbørs"]["record"]["members"]

    assert sorted(content["period"]["represented_organisation_names"]) == sorted(SEED_PROJECT_YEAR)
    assert content["figures"]["panel"]["organisations_represented"] == 26  # the year's stays the year's

    data = pdf.generate(report, content=content)[2]
    text = flat(pdftotext(data))
    assert "1. Frivilligbørs er en markedsplass der næringsliv" in text
    assert "5.1 Frivilligbørs" in text and "9.2 HELE VERDEN I SANDNES" in text
    structure = pdfinfo(data, "-struct")
    assert re.search(r"Note <note-\d+>", structure) and "Figure" in structure
    assert "Plakat: HELE VERDEN I SANDNES, 29. oktober 2025 i Sandnes. Musikk, dans og mat." in figures_alt(data)
