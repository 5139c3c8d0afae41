"""The coordinator's journeys on the production stack (desktop)."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import expect

from panel.models import Meeting
from tests.browser.conftest import axe_violations, sign_in
from tests.journeys.conftest import shot

pytestmark = pytest.mark.django_db(transaction=True)


def test_minutes_typed_when_the_session_has_expired_are_put_back_after_signing_in(desktop, journey, coordinator):
    meeting = Meeting.objects.create(
        kind="panel", date=timezone.localdate(), title="Panelmøte i dag", status="held", start_time=datetime.time(17, 30)
    )
    page = desktop.new_page()
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto(f"/koordinator/panel/{meeting.pk}/referat/")
    editor = page.get_by_role("textbox", name="Referat", exact=True)
    editor.click()
    page.keyboard.type("Vi snakket om lokaler i en time.")
    page.keyboard.press("Enter")
    page.keyboard.type("Neste møte i mars.")

    Session.objects.all().delete()  # the session expires while the coordinator types
    page.get_by_role("button", name="Lagre referatet").click()
    page.wait_for_url("**/konto/logg-inn/**")
    assert "Du var blitt logget ut, så det du sendte er ikke lagret." in page.get_by_role("alert").inner_text()
    meeting.refresh_from_db()
    assert meeting.minutes == ""
    shot(page, "coordinator-session-ended-sign-in")

    page.get_by_label("Brukernavn").fill("koordinator")
    page.get_by_label("Passord").fill("pw-koordinator")
    page.get_by_role("button", name="Logg inn").last.click()
    page.wait_for_url(f"**/koordinator/panel/{meeting.pk}/referat/")
    expect(editor).to_contain_text("Vi snakket om lokaler i en time.")
    expect(editor).to_contain_text("Neste møte i mars.")
    assert "er satt inn igjen" in page.get_by_role("status").inner_text()
    assert axe_violations(page) == []
    shot(page, "coordinator-minutes-put-back")

    page.get_by_role("button", name="Lagre referatet").click()
    page.wait_for_url(f"**/koordinator/panel/{meeting.pk}/")
    meeting.refresh_from_db()
    assert meeting.minutes == "<p>Vi snakket om lokaler i en time.</p><p>Neste møte i mars.</p>"
    # Put back once: opening the form again shows what is saved, with no notice.
    page.goto(f"/koordinator/panel/{meeting.pk}/referat/")
    expect(editor).to_contain_text("Neste møte i mars.")
    assert page.get_by_role("status").count() == 0


def test_the_minutes_pdf_is_made_by_the_worker_while_the_page_shows_progress(desktop, journey, coordinator):
    from tests.pdfua import pdftotext

    meeting = Meeting.objects.create(
        kind="panel", date=datetime.date(2026, 3, 5), title="Marsmøtet", status="held",
        minutes="<p>Vi avtalte tolk og lokaler.</p><ul><li><p>Bønnerom</p></li></ul>",
    )
    page = desktop.new_page()
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto(f"/koordinator/panel/{meeting.pk}/")
    is_pdf = lambda response: response.url.endswith("/referat.pdf") and response.headers.get("content-type") == "application/pdf"  # noqa: E731
    with page.expect_response(is_pdf, timeout=60_000) as arrived:
        page.get_by_role("link", name="Referatet som PDF").click()
        page.wait_for_url("**/referat.pdf")
        expect(page.locator("progress")).to_be_visible()
        assert "Referatet lages som PDF i bakgrunnen." in page.locator("main").inner_text()
        shot(page, "coordinator-minutes-pdf-waiting")
        assert axe_violations(page) == []
    # The job worker rendered it, and the waiting page reloaded into the PDF.
    response = arrived.value
    assert response.headers["content-disposition"] == 'inline; filename="referat-2026-03-05.pdf"'
    # (Chromium shows it in its viewer; the same address read again gives the bytes, from the cache.)
    again = page.request.get(f"/koordinator/panel/{meeting.pk}/referat.pdf")
    assert again.headers["content-type"] == "application/pdf"
    text = pdftotext(again.body())
    assert "Vi avtalte tolk og lokaler." in text and "Bønnerom" in text


def test_minutes_refused_by_the_csrf_check_are_put_back_on_the_form(desktop, journey, coordinator):
    meeting = Meeting.objects.create(kind="panel", date=timezone.localdate(), title="Panelmøte i dag", status="held")
    page = desktop.new_page()
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto(f"/koordinator/panel/{meeting.pk}/referat/")
    page.get_by_role("textbox", name="Referat", exact=True).click()
    page.keyboard.type("Tekst skrevet før siden ble for gammel.")
    desktop.clear_cookies(name="csrftoken")  # as when the browser lost the portal's CSRF cookie
    page.get_by_role("button", name="Lagre referatet").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Skjemaet ble ikke tatt imot"
    shot(page, "coordinator-csrf-refused")
    meeting.refresh_from_db()
    assert meeting.minutes == ""

    page.goto(f"/koordinator/panel/{meeting.pk}/referat/")  # back to the form, loaded anew
    expect(page.get_by_role("textbox", name="Referat", exact=True)).to_contain_text("Tekst skrevet før siden ble for gammel.")
    assert "er satt inn igjen" in page.get_by_role("status").inner_text()
    page.get_by_role("button", name="Lagre referatet").click()
    page.wait_for_url(f"**/koordinator/panel/{meeting.pk}/")
    meeting.refresh_from_db()
    assert meeting.minutes == "<p>Tekst skrevet før siden ble for gammel.</p>"
