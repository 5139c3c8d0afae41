import datetime

import pytest
from django.utils import timezone

from panel.models import Attendance, Invitation, Meeting
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

@pytest.fixture
def door(coordinator):
    meeting = Meeting.objects.create(
        kind="panel", date=timezone.localdate(), title="Panelmøte i dag", status="planned",
        start_time=datetime.time(17, 30), location="Kulturhuset",
    )
    eritrean = make_organisation(name="Eritreisk Forening i Rogaland")
    polish = make_organisation(name="Polsk-Norsk Forening")
    for n in range(30):
        make_organisation(name=f"Forening {n:02d}")
    Invitation.objects.create(meeting=meeting, organisation=polish)
    return {"meeting": meeting, "eritrean": eritrean, "polish": polish}


def test_a_coordinator_registers_attendance_at_the_door(page, door):
    meeting = door["meeting"]
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto("/koordinator/panel/")
    page.get_by_role("link", name="Panelmøte i dag").click()
    page.get_by_role("link", name="Registrer oppmøte").click()
    page.wait_for_url(f"**/koordinator/panel/{meeting.pk}/oppmote/")

    # Search as you type narrows the list without reloading.
    page.get_by_label("Finn organisasjon").fill("eritreisk")
    assert page.get_by_label("Polsk-Norsk Forening").is_hidden()
    page.get_by_label("Eritreisk Forening i Rogaland").fill("4")
    page.get_by_label("Finn organisasjon").fill("polsk")
    page.get_by_label("Polsk-Norsk Forening").fill("2")
    page.get_by_label("Finn organisasjon").fill("")
    page.get_by_label("Koordinatorer").fill("2")
    page.get_by_role("button", name="Lagre oppmøtet").click()
    page.wait_for_load_state()
    assert "Oppmøtet er lagret" in page.content()

    counts = dict(Attendance.objects.filter(meeting=meeting).values_list("organisation__name", "participants"))
    assert counts == {"Eritreisk Forening i Rogaland": 4, "Polsk-Norsk Forening": 2}
    meeting.refresh_from_db()
    assert meeting.coordinators_count == 2

    # A new organisation at the door.
    page.get_by_label("Navn på ny organisasjon").fill("Helt Ny Forening")
    page.get_by_role("button", name="Legg til og registrer oppmøte").click()
    page.wait_for_load_state()
    assert Attendance.objects.get(meeting=meeting, organisation__name="Helt Ny Forening").participants == 1
    assert axe_violations(page) == []


def test_the_attendance_page_works_on_a_phone(phone_page, door, browser):
    from playwright.sync_api import expect

    sign_in(phone_page, "koordinator", "pw-koordinator")
    phone_page.goto(f"/koordinator/panel/{door['meeting'].pk}/oppmote/")
    phone_page.get_by_label("Finn organisasjon").fill("polsk")
    field = phone_page.get_by_label("Polsk-Norsk Forening")
    field.fill("3")
    save = phone_page.get_by_role("button", name="Lagre oppmøtet")
    expect(save).to_be_in_viewport()  # sticky: always in reach
    # No sideways scrolling on a 390 px screen.
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    save.click()
    phone_page.wait_for_load_state()
    assert Attendance.objects.get(organisation=door["polish"]).participants == 3


@pytest.mark.parametrize("path", ["attendance", "/koordinator/panel/", "/kalender/", "/koordinator/innspill/", "/koordinator/panel/tall/", "detail", "invitations", "/koordinator/innspill/virksomheter/", "/koordinator/panel/nytt/"])
def test_panel_pages_have_no_wcag_violations(page, door, path):
    meeting = door["meeting"]
    Attendance.objects.create(meeting=meeting, organisation=door["eritrean"], participants=3)
    Meeting.objects.create(kind="panel", date=datetime.date(2025, 3, 1), title="Tidligere møte", status="held")
    sign_in(page, "koordinator", "pw-koordinator")
    paths = {
        "attendance": f"/koordinator/panel/{meeting.pk}/oppmote/",
        "detail": f"/koordinator/panel/{meeting.pk}/",
        "invitations": f"/koordinator/panel/{meeting.pk}/invitasjoner/",
    }
    page.goto(paths.get(path, path))
    assert axe_violations(page) == []


def test_public_meeting_page_has_no_wcag_violations(page, door):
    Meeting.objects.filter(pk=door["meeting"].pk).update(minutes="<h2>Referat</h2><p>Vi snakket om tolk.</p>", minutes_published_on=datetime.date.today())
    page.goto(f"/erfaringspanelet/{door['meeting'].pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Erfaringspanelet: Panelmøte i dag"
    assert "Vi snakket om tolk." in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Om Erfaringspanelet").click()  # the panel's own page
    page.wait_for_url("**/erfaringspanelet/")
    assert "Panelmøte i dag" in page.locator("main").inner_text()
    shot(page, "panel-public-page")
    assert axe_violations(page) == []


SHOTS = "/tmp/s21shots"


def shot(page, name):
    import os

    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_the_door_on_a_phone_never_drops_a_typed_count(phone_page, door):
    """As a coordinator at the door does it: counts typed, a bad value, a newly
    arrived organisation and one already on the list, the totals following along."""
    from playwright.sync_api import expect

    page, meeting = phone_page, door["meeting"]
    Attendance.objects.create(meeting=meeting, organisation=door["polish"], participants=2)
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto(f"/koordinator/panel/{meeting.pk}/oppmote/")
    totals = page.locator("[data-attendance-totals]")
    expect(totals).to_have_text("1 organisasjon til stede, 2 deltakere.")
    page.get_by_label("Eritreisk Forening i Rogaland").fill("3")
    page.get_by_label("Forening 00").fill("4")
    expect(totals).to_have_text("3 organisasjoner til stede, 9 deltakere.")  # as you type
    page.get_by_label("Forening 01").fill("-4")
    expect(totals).to_have_text("3 organisasjoner til stede, 9 deltakere.")  # a bad value counts for nothing
    page.get_by_label("Navn på ny organisasjon").fill("Helt Ny Forening")
    page.get_by_label("Antall deltakere").fill("5")
    page.get_by_role("button", name="Legg til og registrer oppmøte").click()
    page.wait_for_load_state()

    # The bad row is marked and keeps "-4"; every other count, and the new organisation, is saved.
    expect(page.get_by_role("alert")).to_contain_text("Forening 01")
    bad = page.get_by_label("Forening 01")
    expect(bad).to_have_value("-4")
    expect(bad).to_have_attribute("aria-invalid", "true")
    counts = dict(Attendance.objects.filter(meeting=meeting).values_list("organisation__name", "participants"))
    assert counts == {"Polsk-Norsk Forening": 2, "Eritreisk Forening i Rogaland": 3, "Forening 00": 4, "Helt Ny Forening": 5}
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "door-bad-value")
    assert axe_violations(page) == []

    # Corrected; and an organisation already on the list, typed again by name, is pointed to.
    bad.fill("1")
    page.get_by_label("Navn på ny organisasjon").fill("polsk-norsk forening")
    page.get_by_label("Antall deltakere").fill("6")
    page.get_by_role("button", name="Legg til og registrer oppmøte").click()
    page.wait_for_load_state()
    expect(page.get_by_role("alert")).to_contain_text("står allerede på listen med 2 deltakere")
    page.get_by_role("alert").get_by_role("link", name="Polsk-Norsk Forening").click()
    expect(page.get_by_label("Polsk-Norsk Forening")).to_be_focused()
    assert Attendance.objects.get(meeting=meeting, organisation=door["polish"]).participants == 2
    assert Attendance.objects.get(meeting=meeting, organisation__name="Forening 01").participants == 1
    expect(page.get_by_label("Forening 01")).to_have_value("1")
    shot(page, "door-pointed")
    assert axe_violations(page) == []


def test_invitations_are_answered_from_the_mail_and_follow_the_meeting(page, browser, live_server, coordinator, mailoutbox):
    """invite chosen organisations, accept from the mail's link without signing
    in, then move the meeting (updated calendar event) and cancel it (METHOD:CANCEL)."""
    import re
    from urllib.parse import urlsplit

    import icalendar
    from playwright.sync_api import expect

    from portal.background import jobs

    meeting = Meeting.objects.create(
        kind="panel", date=timezone.localdate() + datetime.timedelta(days=14), title="Vårmøte", status="planned",
        start_time=datetime.time(17, 30), location="Rådhuset",
    )
    business = make_organisation(name="Næringsforeningen", kind="business", email="post@naering.example.org")
    make_organisation(name="Eritreisk Forening i Rogaland", email="post@eritreisk.example.org")
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto(f"/koordinator/panel/{meeting.pk}/invitasjoner/")
    page.get_by_label("Valgte organisasjoner (alle typer)").check()
    page.get_by_text("Velg enkeltorganisasjoner", exact=True).click()
    page.get_by_label("Næringsforeningen").check()
    page.get_by_label("Eritreisk Forening i Rogaland").check()
    page.get_by_role("button", name="Inviter", exact=True).click()
    page.wait_for_load_state()
    assert jobs.run_pending() == 1  # the job worker sends the mails
    mail = next(m for m in mailoutbox if m.to == ["post@naering.example.org"])
    accept = urlsplit(re.search(r"https?://\S+/ja/", mail.body).group(0)).path

    # The organisation answers from its mail, with no account.
    visitor = browser.new_context(base_url=live_server.url, locale="nb-NO")
    answer_page = visitor.new_page()
    answer_page.goto(accept)
    assert Invitation.objects.get(organisation=business).status == "invited"  # a GET records nothing
    shot(answer_page, "invitation-confirm")
    assert axe_violations(answer_page) == []
    # What the meeting needs: 3 people, an interpreter for Tigrinya, one vegetarian.
    answer_page.get_by_label("Hvor mange kommer?").fill("3")
    answer_page.get_by_label("Trenger dere tolk?").select_option(label="Tigrinja")
    answer_page.get_by_label("Vegetar (antall)").fill("1")
    answer_page.get_by_role("button", name="Bekreft: vi kommer").click()
    expect(answer_page.get_by_role("status")).to_contain_text("Vi har registrert at dere kommer")
    visitor.close()
    assert Invitation.objects.get(organisation=business).status == "accepted"
    # The invitations page reloads itself once the sending job it shows has finished
    # (static/js/jobs.js): wait for that, or the next navigation races the page's own.
    expect(page.locator(".job-progress[data-job-running]")).to_have_count(0)
    page.goto(f"/koordinator/panel/{meeting.pk}/invitasjoner/")
    expect(page.get_by_label("Svar fra Næringsforeningen")).to_have_value("accepted")
    needs = page.locator("#behov").locator("..").inner_text()
    assert "3 personer fra 1 organisasjon" in needs and "Tigrinja: 1 (Næringsforeningen)" in needs and "Vegetar: 1" in needs
    shot(page, "invitations-answered")
    assert axe_violations(page) == []
    page.goto(f"/koordinator/panel/{meeting.pk}/oppmote/")  # the door shows the same sums
    assert "Tigrinja: 1 (Næringsforeningen)" in page.locator("main").inner_text()

    (original,) = icalendar.Calendar.from_ical(_calendar(mail)).walk("VEVENT")
    new_date = meeting.date + datetime.timedelta(days=7)
    page.goto(f"/koordinator/panel/{meeting.pk}/rediger/")
    page.get_by_label("Dato").fill(new_date.isoformat())
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    expect(page.get_by_text("sendes med oppdatert kalenderfil til 2 inviterte")).to_be_visible()
    jobs.run_pending()
    update = [m for m in mailoutbox if m.to == ["post@naering.example.org"]][-1]
    (moved,) = icalendar.Calendar.from_ical(_calendar(update)).walk("VEVENT")
    assert str(moved["uid"]) == str(original["uid"]) and int(moved["sequence"]) > int(original.get("sequence", 0))
    assert moved.decoded("dtstart").date() == new_date

    page.goto(f"/koordinator/panel/{meeting.pk}/rediger/")
    page.get_by_label("Status").select_option("cancelled")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    jobs.run_pending()
    cancel = [m for m in mailoutbox if m.to == ["post@naering.example.org"]][-1]
    calendar = icalendar.Calendar.from_ical(_calendar(cancel))
    assert str(calendar["method"]) == "CANCEL"
    (cancelled,) = calendar.walk("VEVENT")
    assert str(cancelled["uid"]) == str(original["uid"]) and int(cancelled["sequence"]) > int(moved["sequence"])


def _calendar(message):
    """The inline text/calendar alternative of an invitation e-mail."""
    (content,) = [alternative.content for alternative in message.alternatives if alternative.mimetype == "text/calendar"]
    return content
