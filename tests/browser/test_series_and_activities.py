"""A coordinator records a meeting series, one of its meetings with attendance, and an activity
through the screens (real Chromium); the new pages pass axe's WCAG 2.1 A/AA rules."""

import datetime

import pytest

from activities.models import Activity, Premises, Resource
from panel.models import Attendance, Meeting, MeetingSeries
from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def registry(coordinator):
    return {
        "council": make_organisation(name="Sandnes Inkluderingsråd", kind="voluntary_organisation"),
        "hotel": make_organisation(name="Quality Hotel Residence", kind="business"),
        "adle": make_organisation(name="Adle"),
    }


def test_a_coordinator_records_a_series_meeting_with_attendance(page, registry):
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto("/koordinator/moteserier/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ny møteserie").click()
    page.get_by_label("Navn").fill("Arbeidsgruppe Frivilligbørs")
    page.get_by_role("combobox", name="Type").select_option(label="Arbeidsgruppe")
    page.get_by_label("Medlemmer").select_option(label=["Quality Hotel Residence", "Sandnes Inkluderingsråd"])
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert "Møteserien er opprettet." in page.content()
    series = MeetingSeries.objects.get()
    assert sorted(series.members.values_list("name", flat=True)) == ["Quality Hotel Residence", "Sandnes Inkluderingsråd"]
    assert axe_violations(page) == []

    page.get_by_role("link", name="Nytt møte i serien").click()
    assert page.get_by_label("Møteserie").input_value() == str(series.pk)  # chosen for us
    page.get_by_label("Tittel").fill("Planlegging av Frivilligbørs")
    page.get_by_label("Dato").fill("2025-11-20")
    page.get_by_label("Starter").fill("09:00")
    page.get_by_label("Slutter").fill("10:30")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.series, meeting.start_time) == ("series", series, datetime.time(9, 0))
    assert axe_violations(page) == []

    page.get_by_role("link", name="Registrer oppmøte").click()
    page.get_by_label("Sandnes Inkluderingsråd").fill("2")
    page.get_by_label("Quality Hotel Residence").fill("1")
    page.get_by_role("button", name="Lagre oppmøtet").click()
    page.wait_for_load_state()
    assert dict(Attendance.objects.values_list("organisation__name", "participants")) == {
        "Sandnes Inkluderingsråd": 2, "Quality Hotel Residence": 1
    }
    page.goto(f"/koordinator/moteserier/{series.slug}/")
    row = page.get_by_role("row", name="Planlegging av Frivilligbørs")
    assert row.get_by_role("cell").nth(4).inner_text() == "2" and row.get_by_role("cell").nth(5).inner_text() == "3"
    page.goto(f"/moteserier/{series.slug}/")
    assert "Planlegging av Frivilligbørs" in page.content()
    assert axe_violations(page) == []


def test_a_coordinator_records_an_own_event_with_participants_and_partners(page, registry):
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto("/koordinator/aktiviteter/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ny aktivitet").click()
    page.locator("#id_kind").select_option(label="Eget arrangement")
    page.get_by_label("Tittel").fill("HELE VERDEN I SANDNES")
    page.locator("#id_date").fill("2025-10-29")
    page.get_by_label("Starter").fill("17:00")
    page.get_by_label("Sted").fill("Sandnes rådhus")
    page.get_by_label("Antall deltakere").fill("120")
    page.get_by_label("Offentlig").check()
    # Check boxes, searchable (static/js/choices.js): a click adds to the choices.
    for name in ("Quality Hotel Residence", "Sandnes Inkluderingsråd"):
        page.locator("#div_id_co_organisers").get_by_label(name, exact=True).check()
    page.locator("#div_id_taking_part").get_by_label("Adle", exact=True).check()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_load_state()
    assert "Aktiviteten er registrert." in page.content()
    event = Activity.objects.get()
    assert (event.kind, event.participants, event.public) == ("own_event", 120, True)
    assert dict(event.links.values_list("organisation__name", "role")) == {
        "Quality Hotel Residence": "co_organiser", "Sandnes Inkluderingsråd": "co_organiser", "Adle": "taking_part"
    }
    assert axe_violations(page) == []
    page.goto("/kalender/")
    page.get_by_role("link", name="HELE VERDEN I SANDNES").click()
    page.wait_for_url(f"**/aktiviteter/{event.pk}/")
    assert "120" in page.content()
    assert axe_violations(page) == []


def test_the_premises_and_resource_pages_have_no_wcag_violations(page, registry):
    Premises.objects.create(name="Bydelshuset Lura", owner="Sandnes kommune", how_to_book="Send e-post.", contact_email="b@example.org")
    resource = Resource.objects.create(title="Veileder: søke tilskudd", kind="link", url="https://example.org/t")
    from organisations.models import Language

    resource.languages.set(Language.objects.filter(code__in=["no", "ar"]))
    for path in ("/lokaler/", "/ressurser/", "/ressurser/?sprak=ar"):
        page.goto(path)
        assert page.get_by_role("heading", level=1).is_visible()
        assert axe_violations(page) == [], path
    sign_in(page, "koordinator", "pw-koordinator")
    for path in ("/koordinator/lokaler/", "/koordinator/lokaler/nytt/", "/koordinator/ressurser/", "/koordinator/ressurser/ny/"):
        page.goto(path)
        assert axe_violations(page) == [], path
