"""Council staff on the production stack: sign in and download the published annual report."""

import pytest

from reports import services
from tests.browser.conftest import axe_violations, sign_in
from tests.journeys.conftest import shot
from tests.pdfua import pdftotext
from tests.reports import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_council_staff_sign_in_and_download_the_published_report(desktop, journey, council_staff, tmp_path):
    factories.build_reference_year(2025)
    report = services.report_create(year=2025)
    report = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=factories.d(2026, 3, 11))
    services.report_publish(report=report, published_on=factories.d(2026, 3, 20))
    page = desktop.new_page()
    sign_in(page, "kommune", "pw-kommune")
    page.goto("/rapporter/")
    assert page.get_by_role("heading", level=1).inner_text() == "Årsrapporter"
    assert axe_violations(page) == []
    shot(page, "council-staff-reports")

    with page.expect_download(timeout=60_000) as download_info:  # rendered on the first download
        page.get_by_role("link", name="Last ned årsrapport 2025 (PDF)").click()
    download = download_info.value
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert download.suggested_filename == "arsrapport-2025.pdf"
    text = " ".join(pdftotext(target.read_bytes()).split())
    assert "Årsrapport 2025" in text and "189 %" in text
