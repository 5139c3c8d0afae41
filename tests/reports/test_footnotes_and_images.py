"""The chapter editor's footnotes, tables and images: a footnote is a real footnote in the PDF
(at the foot of the page, tagged as a Note), an image never goes without its alt text, stays
private until the report is published, and reaches the PDF only through the renderer's fetcher
(as a Figure with /Alt)."""

import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from reports import pdf, services
from reports.models import ReportSection
from tests.conftest import client_for
from tests.pdfua import pdfinfo, pdftotext, struct_tags
from tests.reports.test_pdf import flat

pytestmark = pytest.mark.django_db

NOTE = "Frivilligbørs er en markedsplass der næringsliv og frivillige organisasjoner møtes."
ALT = "Plakat for HELE VERDEN I SANDNES med dato og sted"


def png(colour="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (120, 60), colour).save(buffer, format="PNG")
    return SimpleUploadedFile("plakat.png", buffer.getvalue(), content_type="image/png")


def figures_alt(data):
    found = []

    def walk(node):
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, list):
            for kid in node:
                walk(kid)
        elif hasattr(node, "get"):
            if node.get("/S") == "/Figure":
                found.append(str(node.get("/Alt")))
            if "/K" in node:
                walk(node["/K"])

    walk(PdfReader(io.BytesIO(data)).trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.fixture
def report():
    return services.report_create(year=2025)


def chapter(report, heading="Oversikt og dialog frivillige organisasjoner"):
    return report.sections.get(heading=heading)


def save(client, report, section, **data):
    fields = {"heading": section.heading, "level": section.level, "body": section.body, "generated": section.generated}
    return client.post(reverse("reports:section_edit", args=[report.pk, section.pk]), {**fields, **data})


def test_a_footnote_is_set_at_the_foot_of_the_page_and_tagged_as_a_note(client, coordinator, report):
    section = chapter(report)
    body = f'<p>Den første Frivilligbørs<span class="footnote">{NOTE}</span> i Sandnes.</p>'
    assert save(client_for(client, coordinator), report, section, body=body).status_code == 302

    data = pdf.generate(report)[2]
    text = flat(pdftotext(data))
    assert "Den første Frivilligbørs1 i Sandnes." in text  # the call, in the sentence
    assert f"1. {NOTE}" in text  # the note, numbered, at the foot of the page
    assert "Note" in struct_tags(data)
    assert re.search(r"Note <note-\d+>", pdfinfo(data, "-struct"))  # PDF/UA: a Note has an ID


def test_the_editor_keeps_tables_and_footnotes_and_nothing_planted(client, coordinator, report):
    section = chapter(report)
    body = (
        '<p>Tekst<span class="footnote" onclick="x()">Noten.</span><span class="x">ren</span></p>'
        '<table style="width:1px"><tbody><tr><th><p>Partner</p></th></tr><tr><td><p>Kultur</p></td></tr></tbody></table>'
        '<script>alert(1)</script><img src="file:///etc/passwd">'
    )
    save(client_for(client, coordinator), report, section, body=body)
    section.refresh_from_db()
    assert section.body == (
        '<p>Tekst<span class="footnote">Noten.</span>ren</p>'
        "<table><tbody><tr><th><p>Partner</p></th></tr><tr><td><p>Kultur</p></td></tr></tbody></table>"
    )
    data = pdf.generate(report)[2]
    assert "Table" in struct_tags(data) and "TH" in struct_tags(data)


def test_a_chapter_image_is_a_figure_with_its_alt_text_in_the_pdf(client, coordinator, report):
    section = chapter(report, "Kampanjearbeid")
    response = save(client_for(client, coordinator), report, section, image=png(), image_alt=ALT, image_caption="Plakaten")
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.image.name.startswith("reports/images/")

    data = pdf.generate(report)[2]
    assert ALT in figures_alt(data)
    assert "Figure" in struct_tags(data)
    assert "Plakaten" in flat(pdftotext(data))
    # The picture itself is in the PDF (read through the renderer's fetcher, not from a path).
    reader = PdfReader(io.BytesIO(data))
    assert any(page.images for page in reader.pages)


def test_an_image_without_alt_text_or_that_is_no_image_is_refused_and_nothing_is_stored(client, coordinator, report):
    section = chapter(report, "Kampanjearbeid")
    client = client_for(client, coordinator)
    page = save(client, report, section, image=png(), image_alt="  ")
    assert page.status_code == 200 and "et bilde må ha en alternativ tekst" in page.content.decode()
    fake = SimpleUploadedFile("plakat.png", b"\x89PNG\r\n\x1a\nnot really", content_type="image/png")
    page = save(client, report, section, image=fake, image_alt=ALT)
    assert page.status_code == 200 and "kan ikke leses som et bilde" in page.content.decode()
    pdf_file = SimpleUploadedFile("plakat.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    page = save(client, report, section, image=pdf_file, image_alt=ALT)
    assert page.status_code == 200 and "PNG eller JPEG" in page.content.decode()
    section.refresh_from_db()
    assert not section.image


def test_the_image_is_private_until_the_report_is_published(client, coordinator, council_staff, report):
    section = chapter(report, "Kampanjearbeid")
    save(client_for(client, coordinator), report, section, image=png(), image_alt=ALT)
    section.refresh_from_db()
    url = reverse("reports:section_image", args=[section.pk])
    assert client.get(url).status_code == 200  # the coordinator
    client.force_login(council_staff)
    assert client.get(url).status_code == 200
    client.logout()
    assert client.get(url).status_code == 404  # a draft's image is not admitted to exist
    approved = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=datetime.date(2026, 3, 11))
    assert client.get(url).status_code == 404
    page = client_for(client, coordinator).get(reverse("reports:detail", args=[2025])).content.decode()
    assert f'<img src="{url}" alt="{ALT}">' in page
    client.logout()
    services.report_publish(report=approved)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert f'<img src="{url}" alt="{ALT}">' in client.get(reverse("reports:detail", args=[2025])).content.decode()
    # A new version shows the same image until it is changed; the published one keeps its own.
    draft = services.report_reopen(report=approved)
    copy = ReportSection.objects.get(report=draft, heading="Kampanjearbeid")
    assert (copy.image.name, copy.image_alt) == (section.image.name, ALT)
    assert client.get(reverse("reports:section_image", args=[copy.pk])).status_code == 404


def test_on_the_web_page_a_footnote_is_a_numbered_link_to_its_note(client, coordinator, report):
    section = chapter(report)
    save(client_for(client, coordinator), report, section, body=f'<p>Den første Frivilligbørs<span class="footnote">{NOTE}</span>.</p>')
    page = client.get(reverse("reports:detail", args=[2025])).content.decode()
    assert 'Frivilligbørs<sup class="footnote-ref"><a href="#kap-5-note-1" id="kap-5-ref-1"' in page
    assert f'<li id="kap-5-note-1">{NOTE} <a href="#kap-5-ref-1" class="footnote-back">Tilbake til teksten</a></li>' in page


def test_a_chapter_with_an_image_opens_again_in_the_editor_and_keeps_its_image(client, coordinator, report):
    section = chapter(report, "Kampanjearbeid")
    client = client_for(client, coordinator)
    save(client, report, section, image=png(), image_alt=ALT)
    section.refresh_from_db()
    name = section.image.name
    page = client.get(reverse("reports:section_edit", args=[report.pk, section.pk]))
    assert page.status_code == 200
    assert reverse("reports:section_image", args=[section.pk]) in page.content.decode()  # the current image, to look at
    save(client, report, section, body="<p>Ny tekst.</p>", image_alt=ALT)
    section.refresh_from_db()
    assert (section.image.name, section.body) == (name, "<p>Ny tekst.</p>")
    save(client, report, section, **{"image-clear": "on", "image_alt": ALT})
    section.refresh_from_db()
    assert not section.image and section.image_alt == ""
