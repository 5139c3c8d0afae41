"""Who sees which report, as a page and as a PDF; the coordinators' screens."""

import pytest
from django.urls import reverse

from portal.background import jobs
from reports import services
from reports.models import AnnualReport, ReportSection
from tests.conftest import client_for
from tests.reports import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(db):
    factories.build_panel(2025)
    return services.report_create(year=2025)


@pytest.fixture
def published_report(db):
    factories.build_panel(2024)
    report = services.report_create(year=2024)
    services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=factories.d(2025, 3, 11))
    return services.report_publish(report=report, published_on=factories.d(2025, 3, 20))


@pytest.mark.parametrize("who, status", [(None, 404), ("outsider", 404), ("editor", 404), ("council_staff", 200), ("coordinator", 200)])
def test_a_drafts_page_and_pdf_are_for_staff_only(client, draft, request, who, status):
    client_for(client, request.getfixturevalue(who) if who else None)

    page = client.get(reverse("reports:detail", args=[2025]))
    pdf = client.get(reverse("reports:pdf", args=[2025]))

    assert page.status_code == status
    assert pdf.status_code == status
    if status == 200:
        # A draft's PDF is made by a background job: the page shows its progress …
        assert pdf["Content-Type"].startswith("text/html") and b'class="card mb-2 job-progress"' in pdf.content
        assert pdf["Cache-Control"] == "private, no-store"
        jobs.run_pending()
        # … and, once it is done, the same address downloads it.
        pdf = client.get(reverse("reports:pdf", args=[2025]))
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf.getvalue().startswith(b"%PDF")
        assert pdf["Cache-Control"] == "private, no-store"


def test_an_approved_but_unpublished_report_is_not_public(client, draft):
    services.report_approve(report=draft, approved_by_body="Erfaringspanelet", approved_on=factories.d(2026, 3, 11))

    assert client.get("/rapporter/2025/").status_code == 404
    assert client.get("/rapporter/2025.pdf").status_code == 404


def test_a_published_report_is_public_as_page_and_pdf(client, published_report):
    page = client.get("/rapporter/2024/")
    pdf = client.get("/rapporter/2024.pdf")

    assert page.status_code == 200
    html = page.content.decode()
    assert "Godkjent av Erfaringspanelet 11. mars 2025" in html
    assert "Det ble arrangert 4 møter i Erfaringspanelet i 2024." in html
    assert pdf.status_code == 200
    assert pdf["Content-Disposition"] == 'attachment; filename="arsrapport-2024.pdf"'


def test_the_list_shows_published_reports_to_everyone_and_drafts_to_staff(client, published_report, draft, council_staff):
    public = client.get(reverse("reports:public_list")).content.decode()
    assert "/rapporter/2024/" in public and "/rapporter/2025/" not in public

    client.force_login(council_staff)
    staff = client.get(reverse("reports:public_list")).content.decode()
    assert "/rapporter/2024/" in staff and "/rapporter/2025/" in staff and "Utkast" in staff


def test_the_public_sees_the_newest_published_version_not_a_newer_draft(client, published_report, coordinator):
    services.report_reopen(report=published_report, user=coordinator)
    factories.attend(factories.meeting(factories.d(2024, 12, 1)), factories.make_organisation(name="Ny i desember"))

    html = client.get("/rapporter/2024/").content.decode()

    assert "Det ble arrangert 4 møter" in html and "Ny i desember" not in html
    assert client.get("/rapporter/2024/?versjon=2").status_code == 404


@pytest.mark.parametrize("url_name", ["reports:report_list"])
def test_the_staff_list_needs_a_staff_role(client, outsider, council_staff, url_name):
    assert client.get(reverse(url_name)).status_code == 302
    client.force_login(outsider)
    assert client.get(reverse(url_name)).status_code == 403
    client.force_login(council_staff)
    assert client.get(reverse(url_name)).status_code == 200


def test_council_staff_cannot_approve_or_edit(client, draft, council_staff):
    client.force_login(council_staff)

    assert client.get(reverse("reports:report_edit", args=[draft.pk])).status_code == 200
    assert client.post(reverse("reports:report_approve", args=[draft.pk]), {"approved_by_body": "X", "approved_on": "2026-03-11"}).status_code == 403
    assert client.post(reverse("reports:report_create"), {"year": 2023}).status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft


def test_a_coordinator_creates_writes_reorders_approves_publishes_and_reopens(client, coordinator):
    factories.build_panel(2025)
    client.force_login(coordinator)

    response = client.post(reverse("reports:report_create"), {"year": 2025})
    report = AnnualReport.objects.get(year=2025)
    assert response.url == reverse("reports:report_edit", args=[report.pk])
    headings = list(report.sections.values_list("heading", flat=True))
    assert headings[:3] == ["Innledning og sammendrag", "Innledning", "Erfaringspanelet"]
    assert headings[-1] == "Måloppnåelse i lys av planen"

    intro = report.sections.get(heading="Innledning")
    client.post(
        reverse("reports:section_edit", args=[report.pk, intro.pk]),
        {"heading": "Innledning", "level": 2, "body": '<p onclick="x()">Hei <script>alert(1)</script><strong>panel</strong></p>', "generated": ""},
    )
    intro.refresh_from_db()
    assert intro.body == "<p>Hei <strong>panel</strong></p>"

    panel = report.sections.get(heading="Erfaringspanelet")
    client.post(reverse("reports:section_move", args=[panel.pk]), {"direction": "up"})
    assert list(report.sections.values_list("heading", flat=True))[:3] == ["Innledning og sammendrag", "Erfaringspanelet", "Innledning"]

    client.post(reverse("reports:section_create", args=[report.pk]), {"heading": "Takk", "level": 1, "body": "<p>Takk til alle.</p>", "generated": ""})
    assert report.sections.last().heading == "Takk"

    client.post(reverse("reports:report_approve", args=[report.pk]), {"approved_by_body": "Erfaringspanelet", "approved_on": "2026-03-11", "confirmed": "1"})
    report.refresh_from_db()
    assert report.status == "approved" and report.snapshot["sections"][1]["heading"] == "Erfaringspanelet"
    assert report.snapshot["sections"][1]["number"] == "2"

    # Approved: chapters can no longer change.
    client.post(reverse("reports:section_delete", args=[intro.pk]))
    assert ReportSection.objects.filter(pk=intro.pk).exists()

    client.post(reverse("reports:report_publish", args=[report.pk]), {"confirmed": "1"})
    report.refresh_from_db()
    assert report.is_published
    html = client.get("/rapporter/2025/").content.decode()
    assert "Godkjent av Erfaringspanelet 11. mars 2026" in html and "Takk til alle." in html

    client.post(reverse("reports:report_reopen", args=[report.pk]))
    versions = list(AnnualReport.objects.filter(year=2025).order_by("version").values_list("version", "status"))
    assert versions == [(1, "published"), (2, "draft")]
    new = AnnualReport.objects.get(year=2025, version=2)
    assert list(new.sections.values_list("heading", flat=True)) == list(report.sections.values_list("heading", flat=True))


def test_the_report_page_has_the_chapters_and_a_contents_with_links(client, draft, coordinator):
    client.force_login(coordinator)
    html = client.get("/rapporter/2025/").content.decode()

    assert 'href="#kap-2"' in html and 'id="kap-2"' in html
    assert 'href="#kap-11-2"' in html
    assert "11.2 Måloppnåelse i lys av planen" in html
    assert "Utkast, versjon 1" in html


def test_a_survey_group_too_small_to_show_is_hidden_in_the_report(client, coordinator):
    survey = factories.build_survey(2025)
    survey.min_group_size = 10  # "Kommunen" has 6 answers
    survey.save()
    services.report_create(year=2025)
    client.force_login(coordinator)

    html = client.get("/rapporter/2025/").content.decode()

    assert "13 svar. Score: 2-5-5-5-4-4-5-5-5-5-3-5-5 (snitt 4,5)" in html
    assert "Grupper med 9 svar eller færre vises ikke, for å verne de som svarte." in html
    assert "«Kommunen» (6 svar)" in html
    assert "3-3-3-4-3-5" not in html and "snitt 3,5" not in html
