"""Approval freezes the report; the approved PDF is stored once; a draft's PDF is cached under
a key derived from its content."""

import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command

from portal.background import jobs
from reports import pdf, selectors, services
from tests.reports import factories
from tests.reports.test_pdf import flat, pdf_text

pytestmark = pytest.mark.django_db


def command_json(year):
    out = io.StringIO()
    call_command("annual_report", str(year), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def change_the_records(year=2025):
    """New attendance, a new contact, a newly published organisation, a new survey answer."""
    newcomer = factories.make_organisation(name="Kom etter godkjenning", published_on=factories.d(year, 12, 1))
    factories.attend(factories.meeting(factories.d(year, 12, 10)), newcomer)
    factories.Contact.objects.create(organisation=newcomer, date=factories.d(year, 12, 11), outcome="met")
    factories.build_survey(year, title="Sen undersøkelse")


@pytest.mark.slow(reason="renders the approved year's PDF before and after changing the records")
def test_later_changes_to_the_records_never_alter_an_approved_report(client, coordinator):
    factories.build_reference_year(2025)
    report = services.report_create(year=2025)
    services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=factories.d(2026, 3, 11))
    frozen = command_json(2025)
    report.refresh_from_db()
    snapshot = report.snapshot

    change_the_records()

    assert command_json(2025) == frozen
    assert frozen["panel"]["meetings"] == 4 and frozen["panel"]["organisations_represented"] == 26
    report.refresh_from_db()
    assert report.snapshot == snapshot
    client.force_login(coordinator)
    html = client.get("/rapporter/2025/").content.decode()
    assert "Det ble arrangert 4 møter" in html and "Kom etter godkjenning" not in html and "Sen undersøkelse" not in html
    text = flat(pdf_text(pdf.generate(report)[2]))
    assert "Det ble arrangert 4 møter" in text and "Økningen ble på 189 %" in text
    assert "Kom etter godkjenning" not in text and "Godkjent av Erfaringspanelet 11. mars 2026" in text
    # The records did change: a new draft version sees them, the approved one stays.
    draft = services.report_reopen(report=report)
    live = selectors.report_content(draft)["figures"]
    assert live["panel"]["meetings"] == 5 and live["panel"]["organisations_represented"] == 27
    assert len(live["surveys"]) == 2
    assert command_json(2025)["panel"]["meetings"] == 5  # the command renders the newest version
    call_command("annual_report", "2025", "--format", "json", "--report-version", "1", stdout=(out := io.StringIO()))
    assert json.loads(out.getvalue()) == frozen


def test_an_approved_reports_pdf_is_rendered_once_and_served_from_storage(client, coordinator):
    factories.build_panel(2025)
    report = services.report_create(year=2025)
    report = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=factories.d(2026, 3, 11))
    assert not report.pdf
    client.force_login(coordinator)

    first = client.get("/rapporter/2025.pdf")
    report.refresh_from_db()
    stored_name = report.pdf.name
    with report.pdf.open("rb") as handle:
        stored = handle.read()
    change_the_records()
    second = client.get("/rapporter/2025.pdf")

    assert stored_name.startswith("reports/arsrapport-2025")
    assert first.getvalue() == stored == second.getvalue()
    report.refresh_from_db()
    assert report.pdf.name == stored_name


@pytest.mark.slow(reason="renders the year's draft PDF twice")
def test_a_drafts_pdf_is_cached_until_its_content_changes(client, coordinator):
    factories.build_panel(2025)
    report = services.report_create(year=2025)
    client.force_login(coordinator)

    key_before = pdf.content_key(selectors.report_content(report))
    assert cache.get(key_before) is None
    client.get("/rapporter/2025.pdf")  # starts the job that renders it
    jobs.run_pending()
    first = client.get("/rapporter/2025.pdf").getvalue()
    assert first.startswith(b"%PDF") and cache.get(key_before) == first
    # Same records, same key: the cached PDF is served.
    assert pdf.content_key(selectors.report_content(report)) == key_before
    assert client.get("/rapporter/2025.pdf").getvalue() == first

    change_the_records()
    key_after = pdf.content_key(selectors.report_content(report))

    assert key_after != key_before
    assert cache.get(key_after) is None
    assert not client.get("/rapporter/2025.pdf").getvalue().startswith(b"%PDF")  # the old one is not served
    jobs.run_pending()
    assert cache.get(key_after) is not None

    # A chapter's text is content too.
    section = report.sections.first()
    services.section_save(report=report, section=section, level=1, heading=section.heading, body="<p>Ny tekst</p>", generated="")
    assert pdf.content_key(selectors.report_content(report)) != key_after


def test_reopening_keeps_the_old_version_and_a_year_has_one_draft_at_a_time():
    factories.build_panel(2025)
    report = services.report_create(year=2025)
    with pytest.raises(services.ReportError):
        services.report_create(year=2025)
    report = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=factories.d(2026, 3, 11))
    second = services.report_reopen(report=report)
    with pytest.raises(services.ReportError):
        services.report_reopen(report=report)

    report.refresh_from_db()
    assert (report.version, report.status) == (1, "approved")
    assert (second.version, second.status) == (2, "draft")


def test_a_lost_stored_pdf_is_rendered_again_from_the_snapshot(client):
    factories.build_panel(2024)
    report = services.report_create(year=2024)
    report = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=factories.d(2025, 3, 11))
    report = services.report_publish(report=report)
    client.get("/rapporter/2024.pdf")
    report.refresh_from_db()
    report.pdf.storage.delete(report.pdf.name)
    change_the_records(2024)

    response = client.get("/rapporter/2024.pdf")

    assert response.status_code == 200
    assert "Det ble arrangert 4 møter" in flat(pdf_text(response.getvalue()))
    report.refresh_from_db()
    assert report.pdf and report.pdf.storage.exists(report.pdf.name)
