"""Chapter 5 of the annual report lists the year's agreements and networks: in the JSON figures,
the HTML and the PDF (read back with pdftotext, the table tagged with its header cells); another
year's agreement or relationship never shows, and an approved report keeps what it was approved with."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from activities.models import ActivityKind
from organisations.models import Kind
from reports import pdf, selectors, services
from tests.activities.factories import activity
from tests.conftest import make_organisation
from tests.networks.factories import agreement, relationship
from tests.pdfua import marked_content, pdfinfo, struct_tags
from tests.reports.test_pdf import flat, pdf_text

pytestmark = pytest.mark.django_db

d = datetime.date


@pytest.fixture
def networks_2025():
    raad = make_organisation(name="Sandnes Inkluderingsråd", kind=Kind.VOLUNTARY_ORGANISATION)
    afrika = make_organisation(name="Afrikansk kulturforening")
    somali = make_organisation(name="Somalisk forening")
    library = make_organisation(name="Sandnes bibliotek", kind=Kind.MUNICIPAL_SERVICE)
    hotel = make_organisation(name="Quality Hotel Residence", kind=Kind.BUSINESS)
    boers = activity(ActivityKind.OWN_EVENT, d(2025, 4, 16), title="Frivilligbørs Sandnes")
    # In force in 2025: one made at the Frivilligbørs, one from 2024 running into 2025.
    agreement(afrika, hotel, library, title="Lokaler til leksehjelp", starts_on=d(2025, 4, 16), ends_on=d(2026, 6, 30),
              activity=boers, text="<p>Hotellet låner ut <strong>møterom</strong> hver torsdag.</p>")
    agreement(somali, library, title="Språkkafé i biblioteket", starts_on=d(2024, 9, 1))
    # Not in 2025: ended in 2024, starts in 2026.
    agreement(somali, raad, title="Avtale som endte i 2024", starts_on=d(2023, 1, 1), ends_on=d(2024, 12, 31))
    agreement(afrika, raad, title="Avtale fra 2026", starts_on=d(2026, 1, 1))
    relationship(afrika, raad, starts_on=d(2024, 5, 1))
    relationship(somali, raad)  # from before the portal: in force
    relationship(make_organisation(name="Utmeldt forening"), raad, starts_on=d(2022, 1, 1), ends_on=d(2024, 6, 30))
    relationship(make_organisation(name="Ny forening 2026"), raad, kind="partner", starts_on=d(2026, 2, 1))


def command_json(year):
    out = io.StringIO()
    call_command("annual_report", str(year), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_the_report_json_counts_the_years_agreements_and_networks(networks_2025):
    data = command_json(2025)
    assert data["networks"] == {"agreements": 2, "new_agreements": 1, "relationships": 2}
    assert command_json(2024)["networks"] == {"agreements": 2, "new_agreements": 1, "relationships": 3}
    assert {"year", "panel", "outreach", "directory", "surveys", "series", "activities", "grants", "input"} <= set(data)


def test_chapter_5_lists_the_years_agreements_and_networks_in_html(networks_2025):
    out = io.StringIO()
    call_command("annual_report", "2025", "--format", "html", stdout=out)
    html = out.getvalue()
    chapter = html.split("Oversikt og dialog frivillige organisasjoner</h2>", 1)[1].split("</section>", 1)[0]

    assert "Avtaler som gjaldt i 2025" in chapter
    assert "Lokaler til leksehjelp" in chapter and "Språkkafé i biblioteket" in chapter
    assert "Afrikansk kulturforening, Quality Hotel Residence, Sandnes bibliotek" in chapter
    assert "Frivilligbørs Sandnes, 16. april 2025" in chapter
    assert "Hotellet låner ut møterom hver torsdag." in chapter  # plain text: no stored markup
    assert "<strong>" not in chapter
    assert '<th scope="col">Parter</th>' in chapter
    assert "Nettverk: forbindelser mellom organisasjoner i 2025" in chapter
    assert "Afrikansk kulturforening</th>" in chapter and "Somalisk forening</th>" in chapter
    for absent in ("Avtale som endte i 2024", "Avtale fra 2026", "Utmeldt forening", "Ny forening 2026"):
        assert absent not in html


def test_the_pdf_shows_the_agreements_and_networks_in_a_tagged_table(networks_2025):
    report = services.report_create(year=2025)
    data = pdf.generate(report)[2]
    text = flat(pdf_text(data))

    assert "Avtaler som gjaldt i 2025" in text
    assert "Lokaler til leksehjelp" in text and "Språkkafé i biblioteket" in text
    assert "Frivilligbørs Sandnes, 16. april 2025" in text
    assert "Nettverk: forbindelser mellom organisasjoner i 2025" in text
    assert "Afrikansk kulturforening medlem av Sandnes Inkluderingsråd fra 1. mai 2024" in text
    for absent in ("Avtale som endte i 2024", "Avtale fra 2026", "Utmeldt forening", "Ny forening 2026"):
        assert absent not in text
    # Tagged: every table of the document (ours among them) is a Table in the structure tree, with
    # header cells that the data cells point at, and nothing tagged hangs outside the tree.
    html = pdf.render_print_html(selectors.report_content(report))
    assert "report-agreements" in html and "report-networks" in html
    tags = struct_tags(data)
    assert tags.count("Table") == html.count("<table") and tags.count("Caption") >= html.count("<caption")
    assert "/Headers" in pdfinfo(data, "-struct")
    in_streams, in_tree, _artifacts = marked_content(data)
    assert in_streams == in_tree


def test_an_approved_report_keeps_the_agreements_it_was_approved_with(networks_2025):
    report = services.report_create(year=2025)
    report = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=d(2026, 3, 11))
    agreement(make_organisation(name="Sen forening"), make_organisation(name="Sen part"), title="Registrert etter godkjenning",
              starts_on=d(2025, 10, 1))

    content = selectors.report_content(report)
    assert [a["title"] for a in content["networks"]["agreements"]] == ["Språkkafé i biblioteket", "Lokaler til leksehjelp"]
    assert content["figures"]["networks"]["agreements"] == 2
    html = pdf.render_print_html(content)
    assert "Lokaler til leksehjelp" in html and "Registrert etter godkjenning" not in html


def test_the_reports_lists_take_three_queries_however_many_records(networks_2025, django_assert_num_queries):
    from networks.selectors import report_networks

    # the agreements with where they were made (1), their parties (1), the relationships (1)
    with django_assert_num_queries(3):
        first = report_networks(2025)
    for n in range(5):
        agreement(make_organisation(name=f"Part {n}"), make_organisation(name=f"Motpart {n}"), title=f"Avtale {n}",
                  starts_on=d(2025, 6, 1), activity=activity(ActivityKind.COURSE, d(2025, 6, 1), title=f"Kurs {n}"))
        relationship(make_organisation(name=f"Medlem {n}"), make_organisation(name=f"Paraply {n}"))
    with django_assert_num_queries(3):
        second = report_networks(2025)
    assert (len(second["agreements"]), len(second["relationships"])) == (len(first["agreements"]) + 5, len(first["relationships"]) + 5)
