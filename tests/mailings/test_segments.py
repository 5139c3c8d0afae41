"""Segments: saved criteria that select organisations anew each time, and the preview of who
will receive a mailing before it is sent."""

import datetime

import pytest
from django.utils import timezone

from mailings import selectors
from mailings.models import Segment
from organisations.models import ActivityCategory, Kind, Language
from panel.models import Attendance, Invitation, Meeting, MeetingKind
from tests.conftest import make_organisation
from tests.mailings import factories as f
from tests.outreach.factories import contact

pytestmark = pytest.mark.django_db


def names(segment, **kwargs):
    return [organisation.name for organisation in selectors.segment_organisations(segment, **kwargs)]


def test_kind_language_municipality_and_activity_each_narrow_the_selection():
    tigrinya = Language.objects.get(code="ti")
    arabic = Language.objects.get(code="ar")
    culture = ActivityCategory.objects.order_by("pk").first()
    a = make_organisation("A Tigrinja Sandnes", municipality="Sandnes")
    a.languages.add(tigrinya)
    a.activities.add(culture)
    b = make_organisation("B Arabisk Sandnes", kind=Kind.FAITH_COMMUNITY, municipality="Sandnes")
    b.languages.add(arabic)
    c = make_organisation("C Tigrinja Stavanger", municipality="Stavanger")
    c.languages.add(tigrinya)
    make_organisation("D Frivillig Sandnes", kind=Kind.VOLUNTARY_ORGANISATION, municipality="Sandnes")
    archived = make_organisation("E Arkivert", municipality="Sandnes", archived_at=timezone.now())
    archived.languages.add(tigrinya)

    assert names(f.segment(kinds=["immigrant_organisation", "faith_community"])) == [
        "A Tigrinja Sandnes", "B Arabisk Sandnes", "C Tigrinja Stavanger",
    ]
    assert names(f.segment(languages=[tigrinya])) == ["A Tigrinja Sandnes", "C Tigrinja Stavanger"]
    assert names(f.segment(languages=[tigrinya], municipalities=["Sandnes"])) == ["A Tigrinja Sandnes"]
    assert names(f.segment(activities=[culture])) == ["A Tigrinja Sandnes"]
    assert names(f.segment(languages=[tigrinya, arabic], municipalities=["Sandnes"])) == [
        "A Tigrinja Sandnes", "B Arabisk Sandnes",
    ]


def test_attended_the_panel_in_a_year_ignores_other_years_and_other_meetings():
    year = 2025
    came = make_organisation("Kom i 2025")
    last_year = make_organisation("Kom i 2024")
    working_group = make_organisation("Bare arbeidsgruppe")
    panel = Meeting.objects.create(kind=MeetingKind.PANEL, date=datetime.date(year, 3, 1), title="Panel")
    old = Meeting.objects.create(kind=MeetingKind.PANEL, date=datetime.date(year - 1, 12, 31), title="Panel")
    other = Meeting.objects.create(kind=MeetingKind.WORKING_GROUP, date=datetime.date(year, 5, 1), title="Gruppe")
    Attendance.objects.create(meeting=panel, organisation=came)
    Attendance.objects.create(meeting=old, organisation=last_year)
    Attendance.objects.create(meeting=other, organisation=working_group)
    assert names(f.segment(attended_year=year)) == ["Kom i 2025"]


def test_not_contacted_for_n_months_counts_back_from_today():
    today = datetime.date(2026, 3, 31)
    recent = make_organisation("Kontaktet i februar")
    contact(recent, datetime.date(2026, 2, 28))
    old = make_organisation("Kontaktet i fjor")
    contact(old, datetime.date(2025, 8, 1))
    make_organisation("Aldri kontaktet")
    assert names(f.segment(not_contacted_months=3), today=today) == ["Aldri kontaktet", "Kontaktet i fjor"]
    # 31 March − 1 month is the end of February: a contact on 28 February is within the month.
    assert names(f.segment(not_contacted_months=1), today=today) == ["Aldri kontaktet", "Kontaktet i fjor"]


def test_invited_to_a_meeting_but_not_answered():
    meeting = Meeting.objects.create(kind=MeetingKind.PANEL, date=datetime.date(2026, 6, 1), title="Sommermøte")
    other = Meeting.objects.create(kind=MeetingKind.PANEL, date=datetime.date(2026, 9, 1), title="Høstmøte")
    silent = make_organisation("Har ikke svart")
    accepted = make_organisation("Takket ja")
    elsewhere = make_organisation("Invitert til et annet møte")
    Invitation.objects.create(meeting=meeting, organisation=silent)
    Invitation.objects.create(meeting=meeting, organisation=accepted, status="accepted")
    Invitation.objects.create(meeting=other, organisation=elsewhere)
    assert names(f.segment(invited_meeting=meeting)) == ["Har ikke svart"]


def test_a_segment_updates_itself(client, coordinator):
    segment = f.segment(municipalities=["Sandnes"])
    assert names(segment) == []
    make_organisation("Ny i Sandnes", municipality="Sandnes")
    assert names(segment) == ["Ny i Sandnes"]


def test_the_preview_counts_receivers_and_names_organisations_nobody_there_may_receive():
    reached = make_organisation("Nådd")
    f.person(reached, "Med samtykke", "med@example.org")
    f.person(reached, "Uten samtykke", "uten@example.org", consent=False)
    unreachable = make_organisation("Ingen kan få e-post")
    f.person(unreachable, "Avmeldt", "av@example.org", opted_out=True)
    preview = selectors.segment_preview(f.segment())
    assert [p.email for p in preview["persons"]] == ["med@example.org"]
    assert preview["organisations_reached"] == [reached]
    assert preview["organisations_unreachable"] == [unreachable]


def test_a_coordinator_builds_a_segment_and_sees_the_count_and_list(client, coordinator):
    organisation = make_organisation("Forening i Sandnes", municipality="Sandnes")
    f.person(organisation, "Kari Samtykke", "kari@example.org")
    make_organisation("Forening i Stavanger", municipality="Stavanger")
    client.force_login(coordinator)
    response = client.post(
        "/koordinator/utvalg/ny/",
        {"name": "Sandnes", "kinds": ["immigrant_organisation"], "municipalities": ["Sandnes"]},
    )
    segment = Segment.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/koordinator/utvalg/{segment.pk}/"
    assert segment.created_by == coordinator and segment.municipalities == ["Sandnes"]
    page = client.get(response["Location"]).content.decode()
    assert "1 mottaker i 1 organisasjoner." in page
    assert "kari@example.org" in page and "Forening i Stavanger" not in page


def test_bad_criteria_get_a_message_and_save_nothing(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        "/koordinator/utvalg/ny/", {"name": "Feil", "kinds": ["hemmelig"], "attended_year": "1850"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Skriv et år mellom 2000 og 2100." in page
    assert not Segment.objects.exists()


@pytest.mark.parametrize("user_fixture", ["council_staff", "editor", "outsider"])
def test_only_coordinators_build_segments(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    assert client.post("/koordinator/utvalg/ny/", {"name": "X"}).status_code == 403
    assert not Segment.objects.exists()


def test_attended_a_series_counts_only_that_series_and_the_panel_segment_ignores_series():
    from panel.models import MeetingSeries

    team = MeetingSeries.objects.create(name="Inkluderingsteam", slug="inkluderingsteam")
    other_series = MeetingSeries.objects.create(name="Idémyldring", slug="idemyldring")
    in_team = make_organisation("I teamet 2025")
    in_other = make_organisation("I idémyldringen 2025")
    team_last_year = make_organisation("I teamet 2024")
    on_panel = make_organisation("I panelet 2025")
    Attendance.objects.create(
        meeting=Meeting.objects.create(kind="series", series=team, date=datetime.date(2025, 2, 1), title="Team"),
        organisation=in_team,
    )
    Attendance.objects.create(
        meeting=Meeting.objects.create(kind="series", series=other_series, date=datetime.date(2025, 2, 2), title="Idé"),
        organisation=in_other,
    )
    Attendance.objects.create(
        meeting=Meeting.objects.create(kind="series", series=team, date=datetime.date(2024, 12, 1), title="Team"),
        organisation=team_last_year,
    )
    Attendance.objects.create(
        meeting=Meeting.objects.create(kind=MeetingKind.PANEL, date=datetime.date(2025, 3, 1), title="Panel"),
        organisation=on_panel,
    )
    assert names(f.segment(attended_year=2025, attended_series=team)) == ["I teamet 2025"]
    assert names(f.segment(attended_year=2025)) == ["I panelet 2025"]


def test_grant_applicants_are_those_who_sent_an_application_in_that_round():
    from grants.models import ApplicationStatus
    from tests.grants import factories as grants

    round_2025 = grants.grant_round(year=2025)
    round_2024 = grants.grant_round(year=2024, scheme_name=round_2025.scheme.name)
    received = make_organisation("Søkte og venter")
    refused = make_organisation("Fikk avslag")
    draft_only = make_organisation("Har bare et utkast")
    last_year = make_organisation("Søkte i fjor")
    never = make_organisation("Har aldri søkt")
    grants.application(round_2025, received)
    grants.application(round_2025, refused, status=ApplicationStatus.REFUSED)
    grants.application(round_2025, draft_only, status=ApplicationStatus.DRAFT)
    grants.application(round_2024, last_year)
    assert never.pk
    assert names(f.segment(grant_round=round_2025)) == ["Fikk avslag", "Søkte og venter"]
