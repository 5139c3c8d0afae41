import pytest

from reports import pdf, services
from tests.browser.conftest import axe_violations, sign_in
from tests.reports import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_report(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    factories.build_reference_year(2025)
    report = services.report_create(year=2025)
    report = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=factories.d(2026, 3, 11))
    report = services.report_publish(report=report, published_on=factories.d(2026, 3, 20))
    # Rendered and stored ahead, as the worker does after approval: the download is what is tested
    # here (under load a first render in the request took longer than a click waits).
    filename, _mimetype, data = pdf.generate(report)
    return services.report_store_pdf(report=report, filename=filename, data=data)


def test_council_staff_sign_in_and_download_the_published_report(page, council_staff, published_report, tmp_path):
    sign_in(page, "kommune", "pw-kommune")
    page.goto("/rapporter/")
    assert page.get_by_role("heading", level=1).inner_text() == "Årsrapporter"

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Last ned årsrapport 2025 (PDF)").click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)

    assert download.suggested_filename == "arsrapport-2025.pdf"
    assert target.read_bytes().startswith(b"%PDF")


def test_the_report_pages_pass_axe(page, published_report):
    page.goto("/rapporter/")
    assert axe_violations(page) == []

    page.goto("/rapporter/2025/")
    assert page.get_by_role("heading", level=1).inner_text() == "Årsrapport 2025"
    assert page.get_by_text("Økningen ble på 189\u00a0%.").count() == 1
    assert axe_violations(page) == []


def test_a_coordinators_report_screens_pass_axe(page, coordinator, published_report):
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto("/koordinator/rapporter/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Årsrapport 2025").click()
    page.get_by_role("button", name="Åpne igjen som ny versjon").click()
    page.wait_for_load_state()
    assert page.get_by_text("Versjon 2 er laget som nytt utkast.").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Rediger Innledning", exact=True).click()
    assert axe_violations(page) == []


@pytest.mark.slow(reason="a whole year's draft rendered by the job, then downloaded in Chromium")
def test_a_drafts_pdf_shows_the_jobs_progress_then_downloads(page, coordinator, settings, tmp_path):
    from portal.background import jobs

    settings.MEDIA_ROOT = tmp_path / "media"
    factories.build_panel(2025)
    services.report_create(year=2025)
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto("/rapporter/2025.pdf")  # the draft's PDF address: a job is started, its progress shown
    assert page.get_by_role("heading", level=1).inner_text() == "PDF av årsrapport 2025"
    assert page.locator(".job-progress[data-job-running] progress").count() == 1
    assert axe_violations(page) == []

    with page.expect_download(timeout=60_000) as download_info:
        assert jobs.run_pending() == 1  # the worker's code path, in this process
    download = download_info.value  # jobs.js saw the job finish and reloaded: the PDF comes down
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert download.suggested_filename == "arsrapport-2025.pdf"
    assert target.read_bytes().startswith(b"%PDF")


def test_a_coordinator_writes_a_chapter_approves_through_the_confirmation_and_publishes(page, coordinator, settings, tmp_path):
    from playwright.sync_api import expect

    from reports.models import AnnualReport

    settings.MEDIA_ROOT = tmp_path / "media"
    factories.build_panel(2025)  # 4 panel meetings, 26 immigrant organisations represented
    report = services.report_create(year=2025)
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto(f"/koordinator/rapporter/{report.pk}/")
    page.get_by_role("link", name="Rediger Erfaringspanelet", exact=True).click()
    expect(page.get_by_role("toolbar", name="Formatering")).to_be_visible()  # the editor has started
    editor = page.get_by_role("textbox", name="Tekst", exact=True)
    editor.click()
    page.keyboard.type("I 2025 ble det holdt 4 møter i panelet, og 20 organisasjoner deltok.")
    page.screenshot(path="/tmp/s22shots/chapter-editor.png", full_page=True)
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url(f"**/koordinator/rapporter/{report.pk}/")

    page.get_by_role("button", name="Godkjenn og frys").click()
    expect(page.get_by_role("heading", name="Godkjenne rapporten?")).to_be_visible()
    empty = page.locator("section", has=page.get_by_role("heading", name="Kapitler uten tekst"))
    listed = empty.get_by_role("listitem").all_inner_texts()
    assert "1.1 Innledning" in listed and "2 Erfaringspanelet" not in listed
    row = page.locator("section", has=page.get_by_role("heading", name="Tall i teksten som avviker fra registeret")).locator("tbody tr")
    assert row.count() == 1
    cells = row.locator("td").all_inner_texts()
    assert cells[0].endswith("Erfaringspanelet") and cells[1] == "20" and cells[2].startswith("26")
    assert axe_violations(page) == []
    page.screenshot(path="/tmp/s22shots/approve-confirm.png", full_page=True)
    report.refresh_from_db()
    assert report.is_draft

    page.get_by_role("button", name="Ja, godkjenn og frys").click()
    expect(page.get_by_text("Rapporten er godkjent, og tallene er frosset.")).to_be_visible()
    page.get_by_role("button", name="Publiser").click()
    expect(page.get_by_role("heading", name="Publisere rapporten?")).to_be_visible()
    assert axe_violations(page) == []
    assert AnnualReport.objects.get(pk=report.pk).status == "approved"
    page.get_by_role("button", name="Ja, publiser").click()
    expect(page.get_by_text("Rapporten er publisert.")).to_be_visible()
    assert AnnualReport.objects.get(pk=report.pk).is_published
    page.goto("/rapporter/2025/")
    assert page.get_by_text("20 organisasjoner deltok").count() == 1
