"""The day's overview on /koordinator/ (hub/dashboard.py): each figure on data built here,
including records that must not count, for a coordinator and for council staff; the landing
after sign-in; and the queries pinned."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from organisations.models import Event, Kind, ListingRevision, ModerationStatus
from outreach.models import Contact
from panel.models import InputItem, Invitation, Meeting, MeetingSeries, ServiceMember
from tests.conftest import make_organisation, today

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def tile(response, key):
    return next(t for t in response.context["overview"]["tiles"] if t["key"] == key)["count"]


@pytest.fixture
def day(org_a, org_b, editor, council_staff):
    """A portal with some work waiting, and beside each kind of work some that must not count."""
    nav = make_organisation(name="NAV Testby", kind=Kind.MUNICIPAL_SERVICE)
    culture = make_organisation(name="Kultur", kind=Kind.MUNICIPAL_SERVICE)
    ServiceMember.objects.create(user=council_staff, organisation=nav)
    past = Meeting.objects.create(kind="panel", date=today() - 30 * DAY, title="Høstmøtet", status="held")
    item = lambda **fields: InputItem.objects.create(meeting=past, text="Innspill", raised_on=past.date, **fields)  # noqa: E731
    item(assigned_service=nav, due_on=today() - DAY)  # overdue, NAV's
    item(assigned_service=culture, due_on=today() - 5 * DAY)  # overdue, not NAV's
    item(assigned_service=nav, due_on=today())  # due today: open, not overdue
    item(assigned_service=nav, due_on=today() - DAY, status="answered")  # closed: never counts
    item(due_on=None)  # open without a deadline
    # Moderation: one pending change and two pending events; decided ones do not count.
    ListingRevision.objects.create(organisation=org_a, data={}, status=ModerationStatus.PENDING, submitted_by=editor)
    ListingRevision.objects.create(organisation=org_a, data={}, status=ModerationStatus.APPROVED, submitted_by=editor)
    starts = timezone.now() + 10 * DAY
    for status in (ModerationStatus.PENDING, ModerationStatus.PENDING, ModerationStatus.REJECTED):
        Event.objects.create(organisation=org_a, title="Fest", starts_at=starts, location="Parken", status=status, submitted_by=editor)
    # Stale: published 13 months ago and never confirmed; a fresh one and an unpublished one do not count.
    make_organisation(name="Gammel", published_on=today() - 400 * DAY)
    make_organisation(name="Ny", published_on=today() - 30 * DAY)
    make_organisation(name="Upublisert")
    # Follow-ups: two due (yesterday, today), one in a week, one done, one in two months.
    for follow_up_on, done in ((today() - DAY, False), (today(), False), (today() + 7 * DAY, False), (today() - DAY, True), (today() + 60 * DAY, False)):
        Contact.objects.create(organisation=org_a, date=today() - 3 * DAY, follow_up_on=follow_up_on, follow_up_done=done)
    # Meetings ahead: a cancelled one sooner, a series meeting sooner, the next panel meeting, a later one.
    Meeting.objects.create(kind="panel", date=today() + DAY, title="Avlyst", status="cancelled")
    series = MeetingSeries.objects.create(name="Arbeidsgruppe", kind="working_group")
    Meeting.objects.create(kind="series", series=series, date=today() + 2 * DAY, title="Arbeidsgruppa")
    upcoming = Meeting.objects.create(kind="panel", date=today() + 5 * DAY, title="Vintermøtet")
    later = Meeting.objects.create(kind="panel", date=today() + 50 * DAY, title="Vårmøtet")
    others = [make_organisation(name=f"Invitert {n}") for n in range(4)]
    for organisation, status in zip(others, ("accepted", "accepted", "declined", "invited")):
        Invitation.objects.create(meeting=upcoming, organisation=organisation, status=status)
    Invitation.objects.create(meeting=later, organisation=org_b, status="accepted")  # another meeting's answer
    return upcoming


def test_the_coordinator_sees_each_figure_counted_on_the_days_data(client, coordinator, day):
    client.force_login(coordinator)

    response = client.get(reverse("dashboard"))

    assert tile(response, "overdue_input") == 2
    assert tile(response, "revisions") == 1
    assert tile(response, "events") == 2
    assert tile(response, "stale") == 1
    assert tile(response, "follow_ups") == 2
    overview = response.context["overview"]
    assert "4 åpne i alt" in [str(t["note"]) for t in overview["tiles"] if t["key"] == "overdue_input"]
    assert "1 til de neste 14 dagene" in str(next(t["note"] for t in overview["tiles"] if t["key"] == "follow_ups"))
    meeting = overview["next_meeting"]
    assert meeting == day
    assert (meeting.accepted_count, meeting.declined_count, meeting.not_answered_count) == (2, 1, 1)
    html = response.content.decode()
    assert "Vintermøtet" in html and "2 har takket ja" in html and "1 har ikke svart" in html
    assert reverse("panel:invitations", args=[day.pk]) in html


def test_council_staff_see_their_units_input_and_the_meeting_but_no_contacts_or_moderation(client, council_staff, day):
    client.force_login(council_staff)

    response = client.get(reverse("dashboard"))

    assert tile(response, "my_overdue_input") == 1  # NAV's overdue item, not Kultur's
    assert tile(response, "my_open_input") == 2
    keys = {t["key"] for t in response.context["overview"]["tiles"]}
    assert keys == {"my_overdue_input", "my_open_input"}
    html = response.content.decode()
    assert reverse("outreach:dashboard") not in html.split('id="i-dag"')[1].split("Alle deler")[0]
    assert reverse("organisations:moderation_queue") not in html
    assert reverse("panel:invitations", args=[day.pk]) not in html  # invitations are the coordinators' work
    assert "Vintermøtet" in html


def test_the_editor_and_the_outsider_get_no_overview(client, editor, outsider):
    for user in (editor, outsider):
        client.force_login(user)
        assert client.get(reverse("dashboard")).status_code == 403


@pytest.mark.parametrize(
    "role, landing",
    [("coordinator", "dashboard"), ("council_staff", "dashboard"), ("editor", "organisations:editor_home"), ("outsider", "home")],
)
def test_signing_in_lands_each_role_on_its_start(client, request, role, landing):
    user = request.getfixturevalue(role)
    response = client.post(reverse("login"), {"username": user.username, "password": f"pw-{user.username}"})
    assert response.status_code == 302 and response["Location"] == reverse(landing)


def test_a_next_address_still_wins_over_the_overview(client, coordinator):
    target = reverse("panel:meeting_list")
    response = client.post(reverse("login") + f"?next={target}", {"username": "koordinator", "password": "pw-koordinator"})
    assert response["Location"] == target


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("dashboard")).status_code == 200
    return len(captured)


def test_the_overview_makes_the_same_queries_whatever_the_data(client, coordinator, council_staff, day):
    # Coordinator: session, user, groups, the editor check, the Brønnøysund reminder (5, as
    # before the overview), then open/overdue input (1), registrations waiting (1), pending changes,
    # pending events, stale listings (3), pending regular offers (1), follow-ups (1), the next meeting with its answers (1), the series behind
    # their expected meetings (1, whatever the date), the agreements' counts, those starting or
    # ending soon and the proposed relationships (3); "new since your last visit" rides in the
    # input query.
    client.force_login(coordinator)
    assert _queries(client) == 17
    for n in range(5):
        Invitation.objects.create(meeting=day, organisation=make_organisation(name=f"Flere {n}"))
        Contact.objects.create(organisation=day.invitations.first().organisation, date=today(), follow_up_on=today())
    assert _queries(client) == 17
    # Council staff: session, user, groups, their units' input (1), the next meeting (1), the
    # editor check (no Brønnøysund reminder: it is the coordinators').
    client.force_login(council_staff)
    assert _queries(client) == 6
