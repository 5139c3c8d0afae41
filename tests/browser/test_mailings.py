"""Mailings in a real browser: build a segment, preview the count, test-send to oneself, send,
follow the progress and find the mailing in the archive; axe on every page on the way."""

import pytest
from django.core import mail

from mailings.models import Mailing
from portal.background import jobs
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_organisation, make_user
from tests.mailings import factories as f

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings, django_user_model):
    from portal.privacy import roles

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_MAILING_RATE_PER_MINUTE = 0
    eritrean = make_organisation("Eritreisk Forening i Rogaland", municipality="Sandnes")
    f.person(eritrean, "Kari Samtykke", "kari@example.org")
    f.person(eritrean, "Per Uten Samtykke", "per@example.org", consent=False)
    polish = make_organisation("Polsk-Norsk Forening", municipality="Sandnes")
    f.person(polish, "Jan Samtykke", "jan@example.org")
    f.person(polish, "Ola Avmeldt", "ola@example.org", opted_out=True)
    elsewhere = make_organisation("Forening i Stavanger", municipality="Stavanger")
    f.person(elsewhere, "Stavanger Samtykke", "stavanger@example.org")
    return make_user(django_user_model, "koord", roles.COORDINATOR)


def test_build_a_segment_preview_test_send_send_and_find_it_in_the_archive(page, world):
    errors = []
    # (Chromium asks for /favicon.ico after about:blank; the portal has none at that address.)
    page.on(
        "console",
        lambda message: errors.append(message.text)
        if message.type == "error" and "favicon.ico" not in message.location.get("url", "")
        else None,
    )
    page.on("dialog", lambda dialog: dialog.accept())
    sign_in(page, "koord", "pw-koord")

    page.goto("/koordinator/utvalg/ny/")
    page.get_by_label("Navn").fill("Foreningene i Sandnes")
    page.get_by_label("Innvandrerorganisasjon").check()
    page.get_by_label("Sandnes").check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lagre og vis hvem som er med").click()
    page.wait_for_load_state()
    assert page.locator("#segment-count").inner_text() == "2 mottakere i 2 organisasjoner."
    table = page.get_by_role("table").inner_text()
    assert "kari@example.org" in table and "jan@example.org" in table
    assert "per@example.org" not in table and "ola@example.org" not in table and "stavanger" not in table
    assert axe_violations(page) == []

    page.get_by_role("link", name="Ny utsendelse til utvalget").click()
    page.wait_for_load_state()
    page.locator("#id_subject").fill("Invitasjon til {organisasjon}")
    # The body is written in the minutes' editor; markup typed there is text, never markup.
    page.locator(".prose-editor:has(textarea[name='body']) [contenteditable]").fill("Hei, {organisasjon}! <script>alert(1)</script>")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lagre utkast").click()
    page.wait_for_load_state()
    assert "Går til 2 mottakere i 2 organisasjoner." in page.locator("#recipient-count").inner_text()
    assert axe_violations(page) == []

    page.get_by_role("button", name="Send en test til meg").click()
    page.wait_for_load_state()
    assert "En test er sendt til koord@example.org" in page.content()
    assert [m.to for m in mail.outbox] == [["koord@example.org"]]

    page.get_by_role("button", name="Send til utvalget").click()
    page.wait_for_load_state()
    assert "Utsendelsen er satt i gang" in page.content()
    progress = page.locator("section[aria-labelledby='fremdrift']")
    assert "Venter på å starte" in progress.inner_text()
    assert progress.locator("progress").count() == 1
    assert axe_violations(page) == []
    mailing_url = page.url

    # The worker's turn (in this process: the live server shares the in-memory test database).
    page.goto("about:blank")
    assert jobs.run_pending() == 1
    page.goto(mailing_url)
    progress = page.locator("section[aria-labelledby='fremdrift']")
    assert "Sendt: 2 av 2 behandlet – 2 levert, 0 feilet, 0 returnert." in progress.inner_text()
    assert "2 e-poster levert." in progress.inner_text()
    assert sorted(m.to[0] for m in mail.outbox[1:]) == ["jan@example.org", "kari@example.org"]
    assert "Hei, Polsk-Norsk Forening!" in next(m for m in mail.outbox if m.to == ["jan@example.org"]).alternatives[0][0]
    assert "<script>" not in Mailing.objects.get().body
    assert axe_violations(page) == []

    page.get_by_role("link", name="Utsendelser").first.click()
    page.wait_for_load_state()
    row = page.get_by_role("row", name="Invitasjon til {organisasjon}")
    assert "Foreningene i Sandnes" in row.inner_text() and "2 / 2" in row.inner_text()
    assert axe_violations(page) == []
    assert errors == []
