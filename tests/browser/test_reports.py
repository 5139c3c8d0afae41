import pytest

from reports import services
from tests.browser.conftest import axe_violations, sign_in
from tests.reports import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_report(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    factories.build_reference_year(2025)
    report = services.report_create(year=2025)
    report = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=factories.d(2026, 3, 11))
    return services.report_publish(report=report, published_on=factories.d(2026, 3, 20))


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


def test_a_drafts_pdf_shows_the_jobs_progress_then_downloads(page, coordinator, settings, tmp_path):
    from portal import jobs

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
