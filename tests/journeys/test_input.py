"""Input going both ways on the production stack: an editor sends input online, a coordinator takes
it onto a meeting and sends it to a service, council staff answer it, the organisation is told by
e-mail and sees the answer under "Våre innspill", and the item is then public at /innspill/ and in
/innspill.json with what it led to."""

import datetime
import json
import re

import pytest
from django.utils import timezone

from organisations.models import Kind
from panel.models import InputItem, Meeting, MeetingSeries, ServiceMember
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_organisation
from tests.journeys.conftest import new_context, shot, wait_for_mail

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Vi trenger tolk på foreldremøtene i barnehagene."
ANSWER = "Barnehagene bestiller tolk til alle foreldremøter fra januar."


def test_input_an_editor_sends_online_is_answered_and_the_organisation_sees_it(
    browser, desktop, journey, editor, coordinator, council_staff, published
):
    organisation = published("Eritreisk Forening")
    organisation.editors.add(editor)
    service = make_organisation(name="Barnehageetaten", kind=Kind.MUNICIPAL_SERVICE)
    ServiceMember.objects.create(user=council_staff, organisation=service)
    meeting = Meeting.objects.create(
        kind="panel", date=timezone.localdate() + datetime.timedelta(days=14), title="Desembermøtet"
    )
    MeetingSeries.objects.create(name="Tolkegruppa", slug="tolkegruppa", public=True)

    # The editor sends the input online.
    page = desktop.new_page()
    sign_in(page, "redaktor", "pw-redaktor")
    page.goto(f"/mine-organisasjoner/{organisation.slug}/innspill/nytt/")
    page.get_by_label("Møte").select_option(label=f"Erfaringspanelet: Desembermøtet ({meeting.date:%d.%m.%Y})")
    page.get_by_label("Tema").fill("Tolk")
    page.get_by_label("Hva vil dere ta opp?").fill(TEXT)
    page.get_by_role("button", name="Send", exact=True).click()
    page.wait_for_url(f"**/mine-organisasjoner/{organisation.slug}/innspill/")
    assert "Venter på koordinatoren" in page.locator("main").inner_text()

    # The coordinator takes it onto the meeting, sends it to the service and records what it led to.
    staff = new_context(browser, journey, viewport={"width": 1280, "height": 900})
    office = staff.new_page()
    sign_in(office, "koordinator", "pw-koordinator")
    office.goto("/koordinator/innspill/forslag/")
    office.get_by_role("link", name="Ta med på et møte").click()
    office.get_by_role("button", name="Ta med").click()
    office.wait_for_url("**/koordinator/innspill/*/")
    item = InputItem.objects.get()
    assert item.raised_by == organisation and item.meeting == meeting and item.status == "new"
    office.locator("#id_assigned_service").select_option(label="Barnehageetaten")
    office.locator("#id_led_to_series").select_option(label="Tolkegruppa")
    office.get_by_role("button", name="Lagre", exact=True).click()
    office.wait_for_load_state()

    # Council staff answer from the link in the e-mail the worker sends them.
    (assigned,) = wait_for_mail(journey, 1)
    assert assigned["To"] == "kommune@example.org"
    link = re.search(r"https://\S+/svar/", assigned.get_body(("plain",)).get_content()).group(0)
    council = new_context(browser, journey, viewport={"width": 1280, "height": 900})
    answering = council.new_page()
    sign_in(answering, "kommune", "pw-kommune")
    answering.goto(link)
    answering.locator("#id_answer").fill(ANSWER)
    answering.get_by_role("button", name="Lagre svaret").click()
    answering.wait_for_load_state()
    council.close()

    # The organisation's editor is told by e-mail (the coordinator too, in a mail of their own).
    sent = wait_for_mail(journey, 3)
    told = [message for message in sent if message["To"] == "redaktor@example.org"]
    assert len(told) == 1, [(m["To"], m["Subject"]) for m in sent]
    body = told[0].get_body(("plain",)).get_content()
    assert ANSWER in body and f"/mine-organisasjoner/{organisation.slug}/innspill/" in body
    page.reload()
    main = page.locator("main").inner_text()
    assert ANSWER in main and "Barnehageetaten" in main and "Tolkegruppa" in main
    assert axe_violations(page) == []
    shot(page, "editor-our-input-answered")

    # The coordinator shows it in public.
    office.goto(f"/koordinator/innspill/{item.pk}/")
    office.get_by_label("Offentlig").check()
    office.get_by_role("button", name="Lagre", exact=True).click()
    office.wait_for_load_state()
    staff.close()

    visitor = new_context(browser, journey, viewport={"width": 1280, "height": 900})
    public = visitor.new_page()
    public.goto("/innspill/")
    card = public.locator(f"#innspill-{item.pk}").inner_text()
    assert TEXT in card and ANSWER in card and "Eritreisk Forening" in card and "Tolkegruppa" in card
    shot(public, "public-input-answered")
    response = public.request.get("/innspill.json")
    assert response.ok and response.headers["access-control-allow-origin"] == "*"
    (record,) = json.loads(response.text())["input"]
    assert record["text"] == TEXT and record["answer"] == ANSWER and record["raised_by"] == "Eritreisk Forening"
    assert record["service"] == "Barnehageetaten" and record["status"] == "answered"
    assert record["led_to"] == [{"kind": "series", "title": "Tolkegruppa"}]
    assert record["raised_on"] <= record["answered_on"]  # raised the day it was sent, before the meeting
    visitor.close()
