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
    page.goto(f"/erfaringspanelet/{door['meeting'].pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Erfaringspanelet: Panelmøte i dag"
    assert axe_violations(page) == []
