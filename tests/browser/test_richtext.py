"""The formatted-text editor: a coordinator writes minutes with the keyboard only, and the
paragraphs, the list and the bold word reach the meeting page and the minutes PDF."""

import datetime
import subprocess

import pytest
from playwright.sync_api import expect
from django.utils import timezone

from panel.models import Meeting
from portal.background import jobs
from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = "/tmp/s22shots"


def test_a_coordinator_writes_minutes_with_the_keyboard(page, coordinator, tmp_path):
    meeting = Meeting.objects.create(
        kind="panel", date=timezone.localdate(), title="Panelmøte i dag", status="held", start_time=datetime.time(17, 30)
    )
    csp_violations = []
    page.on("console", lambda m: csp_violations.append(m.text) if "Content Security Policy" in m.text else None)
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto(f"/koordinator/panel/{meeting.pk}/referat/")
    editor = page.get_by_role("textbox", name="Referat", exact=True)
    # The toolbar's buttons have Norwegian accessible names.
    expect(page.get_by_role("toolbar", name="Formatering").get_by_role("button", name="Fet")).to_be_visible()

    page.get_by_text("Referat", exact=True).first.click()  # the label focuses the editor
    assert editor.evaluate("node => node === document.activeElement")
    keyboard = page.keyboard
    keyboard.type("Velkommen til alle.")
    keyboard.press("Enter")
    keyboard.type("Vi snakket om ")
    keyboard.press("Control+b")
    keyboard.type("lokaler")
    keyboard.press("Control+b")
    keyboard.type(" og tilskudd.")
    keyboard.press("Enter")
    keyboard.type("- Bønnerom i biblioteket")  # "- " at the start of a line begins a list
    keyboard.press("Enter")
    keyboard.type("Søknadsfrist 1. mars")
    keyboard.press("Enter")
    keyboard.press("Enter")  # an empty item ends the list
    keyboard.type("Neste møte i mars.")
    assert axe_violations(page) == []
    page.screenshot(path=f"{SHOTS}/minutes-editor.png", full_page=True)
    page.get_by_role("button", name="Lagre referatet").click()
    page.wait_for_url(f"**/koordinator/panel/{meeting.pk}/")

    meeting.refresh_from_db()
    assert meeting.minutes == (
        "<p>Velkommen til alle.</p><p>Vi snakket om <strong>lokaler</strong> og tilskudd.</p>"
        "<ul><li><p>Bønnerom i biblioteket</p></li><li><p>Søknadsfrist 1. mars</p></li></ul><p>Neste møte i mars.</p>"
    )
    minutes = page.locator(".minutes")
    assert minutes.locator(":scope > p").count() == 3
    assert minutes.locator("ul > li").all_inner_texts() == ["Bønnerom i biblioteket", "Søknadsfrist 1. mars"]
    assert minutes.locator("strong").inner_text() == "lokaler"
    assert axe_violations(page) == []
    page.screenshot(path=f"{SHOTS}/minutes-page.png", full_page=True)
    assert csp_violations == []

    # The PDF: paragraphs and list items on lines of their own, the items marked as a list.
    page.request.get(f"/koordinator/panel/{meeting.pk}/referat.pdf")  # starts the job that renders it
    jobs.run_pending()  # as the worker would
    response = page.request.get(f"/koordinator/panel/{meeting.pk}/referat.pdf")
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "referat.pdf"
    pdf.write_bytes(response.body())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert "Velkommen til alle." in lines
    assert "Vi snakket om lokaler og tilskudd." in lines
    assert any(line.endswith("Bønnerom i biblioteket") and line[0] in "•·" for line in lines), lines
    structure = subprocess.run(["pdfinfo", "-struct", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "/LI" in structure or " LI" in structure
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), f"{SHOTS}/minutes-pdf"], check=True)
