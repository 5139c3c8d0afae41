"""The day's overview in a real browser: a coordinator and a council staff member sign in, land on
their overview, read the figures and follow one to the list behind it (axe-core on each)."""

import datetime

import pytest
from django.utils import timezone

from tests.browser.conftest import axe_violations, sign_in
from tests.conftest import make_organisation, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = "/tmp/s24shots"


def test_each_role_lands_on_its_overview_and_follows_a_figure(page, django_user_model):
    from organisations.models import Kind
    from panel.models import InputItem, Invitation, Meeting, ServiceMember
    from portal.privacy import roles

    today = timezone.localdate()
    nav = make_organisation(name="NAV Testby", kind=Kind.MUNICIPAL_SERVICE)
    culture = make_organisation(name="Kultur", kind=Kind.MUNICIPAL_SERVICE)
    held = Meeting.objects.create(kind="panel", date=today - datetime.timedelta(days=40), title="Høstmøtet", status="held")
    InputItem.objects.create(meeting=held, text="Behov for lokaler", assigned_service=nav, raised_on=held.date, due_on=today - datetime.timedelta(days=3))
    InputItem.objects.create(meeting=held, text="Leksehjelp", assigned_service=culture, raised_on=held.date, due_on=today - datetime.timedelta(days=1))
    InputItem.objects.create(meeting=held, text="Gammel sak", assigned_service=nav, raised_on=held.date, due_on=today - datetime.timedelta(days=9), status="answered")
    upcoming = Meeting.objects.create(kind="panel", date=today + datetime.timedelta(days=6), title="Vintermøtet")
    for n, status in enumerate(("accepted", "declined", "invited", "invited")):
        Invitation.objects.create(meeting=upcoming, organisation=make_organisation(name=f"Forening {n}"), status=status)
    make_user(django_user_model, "koord", roles.COORDINATOR)
    staff = make_user(django_user_model, "kommune", roles.COUNCIL_STAFF)
    ServiceMember.objects.create(user=staff, organisation=nav)

    sign_in(page, "koord", "pw-koord")
    assert page.url.endswith("/koordinator/")
    overdue = page.locator("[data-tile=overdue_input]")
    assert overdue.locator("[data-count]").inner_text() == "2"
    assert "2 åpne i alt" in overdue.inner_text()
    meeting = page.locator("[data-tile=next_meeting]")
    assert "Vintermøtet" in meeting.inner_text()
    assert [item.inner_text() for item in meeting.locator("[data-answers] li").all()] == [
        "1 har takket ja", "1 har takket nei", "2 har ikke svart",
    ]
    assert axe_violations(page) == []
    page.screenshot(path=f"{SHOTS}/dashboard-coordinator.png", full_page=True)

    overdue.get_by_role("link", name="Innspill over fristen").click()
    page.wait_for_load_state()
    listed = page.locator("table").last.inner_text()  # the list, not the "new since last visit" box
    assert "Behov for lokaler" in listed and "Leksehjelp" in listed and "Gammel sak" not in listed

    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_load_state()
    sign_in(page, "kommune", "pw-kommune")
    assert page.url.endswith("/koordinator/")
    assert page.locator("[data-tile=my_overdue_input] [data-count]").inner_text() == "1"  # NAV's, not Kultur's
    assert page.locator("[data-tile=follow_ups], [data-tile=revisions]").count() == 0
    assert "Vintermøtet" in page.locator("[data-tile=next_meeting]").inner_text()
    assert axe_violations(page) == []
    page.screenshot(path=f"{SHOTS}/dashboard-council-staff.png", full_page=True)
