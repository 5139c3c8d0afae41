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
