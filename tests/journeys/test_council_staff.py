"""Council staff on the production stack: sign in and download the published annual report."""

import pytest

from reports import services
from tests.browser.conftest import axe_violations, sign_in
from tests.journeys.conftest import shot, wait_for_mail
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


def test_council_staff_answer_input_from_the_link_in_the_email_on_a_phone(phone, desktop, journey, council_staff, coordinator):
    import datetime
    import re

    from organisations.models import Kind
    from panel.models import InputItem, Meeting, ServiceMember
    from tests.conftest import make_organisation

    service = make_organisation(name="Nav Sandnes", kind=Kind.MUNICIPAL_SERVICE)
    ServiceMember.objects.create(user=council_staff, organisation=service)
    meeting = Meeting.objects.create(kind="panel", date=datetime.date(2026, 11, 10), title="Novembermøtet", status="held")
    item = InputItem.objects.create(meeting=meeting, text="Tolk på kveldsmøter")

    # The coordinator sends the item to the service; the job worker mails its members.
    office = desktop.new_page()
    sign_in(office, "koordinator", "pw-koordinator")
    office.goto(f"/koordinator/innspill/{item.pk}/")
    office.locator("#id_assigned_service").select_option(label="Nav Sandnes")
    office.get_by_role("button", name="Lagre", exact=True).click()
    office.wait_for_load_state()

    (assigned,) = wait_for_mail(journey, 1)
    assert assigned["To"] == "kommune@example.org"
    body = assigned.get_body(("plain",)).get_content()
    link = re.search(r"https://\S+/svar/", body).group(0)
    assert link == f"{journey.url}/koordinator/innspill/{item.pk}/svar/"

    page = phone.new_page()
    page.goto(link)  # not signed in on the phone: sign in first, then the answer form
    page.get_by_label("Brukernavn").fill("kommune")
    page.get_by_label("Passord").fill("pw-kommune")
    page.get_by_role("button", name="Logg inn").last.click()
    page.wait_for_url(f"**/koordinator/innspill/{item.pk}/svar/")
    assert "Tolk på kveldsmøter" in page.locator("main").inner_text()
    page.locator("#id_answer").fill("Vi bestiller tolk til alle kveldsmøter fra januar.")
    assert axe_violations(page) == []
    shot(page, "council-staff-answer-input-phone")
    page.get_by_role("button", name="Lagre svaret").click()
    page.wait_for_load_state()

    item.refresh_from_db()
    assert item.status == "answered" and item.answered_by == council_staff
    assert item.answer == "Vi bestiller tolk til alle kveldsmøter fra januar."
    # The coordinators hear of it, by the worker again.
    answered = wait_for_mail(journey, 2)[1]
    assert answered["To"] == "koordinator@example.org" and "Besvart av Nav Sandnes" in answered["Subject"]
