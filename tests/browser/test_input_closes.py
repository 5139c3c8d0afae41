"""Input that closes, in Chromium: the coordinator sends an item to a service, the service's
member follows the link in the e-mail, signs in and answers; the item is answered today, gone from
the overdue list, and the coordinator's overview marks it as answered since the last visit."""

import datetime
import os
import re

import pytest
from django.core import mail
from django.utils import timezone

from panel.models import InputItem, Meeting, ServiceMember
from portal.background import jobs
from portal.privacy import roles
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/s31shots"


def shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_an_item_sent_to_a_service_is_answered_from_the_mails_link_and_closes(page, browser, live_server, settings, django_user_model):
    from organisations.models import Kind

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = live_server.url
    today = timezone.localdate()
    nav = make_organisation(name="NAV Testby", kind=Kind.MUNICIPAL_SERVICE)
    make_organisation(name="Kultur Testby", kind=Kind.MUNICIPAL_SERVICE)
    held = Meeting.objects.create(kind="panel", date=today - datetime.timedelta(days=40), title="Høstmøtet", status="held")
    make_user(django_user_model, "koord", roles.COORDINATOR)
    staff = make_user(django_user_model, "navansatt", roles.COUNCIL_STAFF)
    ServiceMember.objects.create(user=staff, organisation=nav)

    # 1. The coordinator registers the input and sends it to NAV, with a deadline already passed.
    sign_in(page, "koord", "pw-koord")
    page.goto("/koordinator/innspill/nytt/")
    page.locator("#id_meeting").select_option(label=str(held))
    page.locator("#id_text").fill("Tolk ved timer hos NAV for foreldre som er nye i Norge.")
    page.get_by_label("Ansvarlig virksomhet").select_option(label="NAV Testby")
    page.get_by_label("Status").select_option(label="Videresendt")
    page.locator("#id_raised_on").fill(held.date.isoformat())
    page.locator("#id_due_on").fill((today - datetime.timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert "E-post om innspillet sendes til 1 person i NAV Testby." in page.locator(".messages").inner_text()
    item = InputItem.objects.get()
    page.goto("/koordinator/innspill/?overdue=on")
    assert "Tolk ved timer hos NAV" in page.locator("table").last.inner_text()

    # 2. The worker sends the e-mail; its link leads the service's member to the answer page.
    assert jobs.run_pending() == 1
    (assigned,) = mail.outbox
    assert assigned.to == ["navansatt@example.org"]
    link = re.search(r"^(http\S+/svar/)$", assigned.body, re.MULTILINE).group(1)
    assert link == f"{live_server.url}/koordinator/innspill/{item.pk}/svar/"

    service_context = browser.new_context(base_url=live_server.url, locale="nb-NO", viewport={"width": 1280, "height": 900})
    staff_page = service_context.new_page()
    staff_page.set_default_timeout(10_000)
    staff_page.goto(link)  # sign-in first, then back to the link
    staff_page.get_by_label("Brukernavn").fill("navansatt")
    staff_page.get_by_label("Passord").fill("pw-navansatt")
    staff_page.get_by_role("button", name="Logg inn").last.click()
    staff_page.wait_for_url(f"**/koordinator/innspill/{item.pk}/svar/")
    status = staff_page.get_by_label("Status")
    assert [option.inner_text() for option in status.locator("option").all()] == ["Besvart", "Gjennomført", "Ikke fulgt opp"]
    assert axe_violations(staff_page) == []

    # An empty answer is refused and says why; then the real answer.
    staff_page.get_by_role("button", name="Lagre svaret").click()
    staff_page.wait_for_load_state()
    assert "Skriv svaret før du lagrer." in staff_page.locator("main").inner_text()
    assert axe_violations(staff_page) == []
    staff_page.locator("#id_answer").fill("Vi bestiller tolk til hver time der det trengs, fra januar.")
    shot(staff_page, "input-answer")
    staff_page.get_by_role("button", name="Lagre svaret").click()
    staff_page.wait_for_load_state()
    assert "Svaret er lagret" in staff_page.locator(".messages").inner_text()
    service_context.close()

    item.refresh_from_db()
    assert (item.status, item.answered_on, item.answered_by) == ("answered", today, staff)
    assert jobs.run_pending() == 1
    assert mail.outbox[1].to == ["koord@example.org"]

    # 3. The coordinator's overview marks it answered since the last visit; the overdue list is empty.
    page.goto("/koordinator/")
    assert page.locator("[data-tile=new_input] [data-count]").inner_text() == "1"
    assert page.locator("[data-tile=overdue_input] [data-count]").inner_text() == "0"
    page.locator("[data-tile=new_input]").get_by_role("link").click()
    page.wait_for_load_state()
    box = page.locator("[data-new-since-visit]")
    assert "Besvart siden sist" in box.inner_text() and "Tolk ved timer hos NAV" in box.inner_text()
    row = page.locator("table").last.locator("tbody tr").first.inner_text()
    assert "Besvart" in row and today.strftime("%d.%m.%Y") in row  # answered, with the date
    assert axe_violations(page) == []
    shot(page, "input-overview-new-since-visit")
    page.goto("/koordinator/innspill/?overdue=on")
    assert "Tolk ved timer hos NAV" not in page.locator("table").last.inner_text()
    assert "Ingenting nytt siden forrige besøk." in page.locator("[data-new-since-visit]").inner_text()
