"""Series steering: a series expected to meet N times a year that has held fewer is flagged on
the coordinators' dashboard when the year is running out (from 1 November). "Today" is frozen."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from panel import selectors
from tests.panel.factories import meeting, series, series_meeting, service

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen_today(monkeypatch):
    def set_today(day):
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


@pytest.fixture
def team():
    """The inclusion team, expected to meet twice a year: met once this year, one meeting cancelled,
    one planned for December, two the year before. Beside it a series that met as expected and one
    without an expectation."""
    team = series("Inkluderingsteam", kind="inclusion_team", expected_meetings_per_year=2, lead_unit=service("Kultur"))
    series_meeting(team, "2026-03-11")
    series_meeting(team, "2026-06-06", status="cancelled")
    series_meeting(team, "2026-12-15", status="planned")
    series_meeting(team, "2025-03-03")
    series_meeting(team, "2025-09-09")
    meeting("2026-10-10")  # a panel meeting is no meeting of the team
    on_track = series("Arbeidsgruppe", expected_meetings_per_year=1)
    series_meeting(on_track, "2026-02-02")
    series("Idémyldring")  # no expectation, no meetings
    return team


def test_a_series_expected_to_meet_twice_that_has_met_once_is_flagged_in_november(frozen_today, team):
    frozen_today(datetime.date(2026, 11, 1))

    rows = selectors.series_behind_schedule()

    assert [(row["series"].name, row["held"], row["expected"]) for row in rows] == [("Inkluderingsteam", 1, 2)]


def test_it_is_not_flagged_while_the_year_has_time(frozen_today, team):
    frozen_today(datetime.date(2026, 10, 31))
    assert selectors.series_behind_schedule() == []


def test_it_is_no_longer_flagged_once_the_missing_meeting_is_held(frozen_today, team):
    frozen_today(datetime.date(2026, 12, 15))
    assert selectors.series_behind_schedule() == []


def test_the_coordinator_sees_the_warning_on_the_dashboard_and_council_staff_do_not(client, coordinator, council_staff, frozen_today, team):
    frozen_today(datetime.date(2026, 11, 20))
    client.force_login(coordinator)

    html = client.get(reverse("dashboard")).content.decode()

    warning = html.split('data-dashboard="series-behind"')[1].split("</div>")[0]
    assert "Inkluderingsteam" in warning and "1 av 2 forventede møter holdt" in warning
    assert reverse("panel:series_detail", args=[team.slug]) in warning
    assert "Arbeidsgruppe" not in warning and "Idémyldring" not in warning
    client.force_login(council_staff)
    assert "series-behind" not in client.get(reverse("dashboard")).content.decode()


def test_the_yearly_series_report_tells_held_against_expected_with_members_and_key_persons(
    client, coordinator, council_staff, outsider, frozen_today, team
):
    from organisations.models import ContactPerson
    from tests.panel.factories import attend, organisation

    frozen_today(datetime.date(2026, 11, 20))
    member, quiet = organisation("Adle"), organisation("Stille forening")
    team.members.add(member, quiet)
    team.key_persons.add(ContactPerson.objects.create(organisation=member, name="Nøkkel Person"))
    attend(team.meetings.get(date="2026-03-11"), member, 3)
    attend(team.meetings.get(date="2025-03-03"), quiet, 2)  # last year: not in this report
    url = reverse("panel:series_report", args=[team.slug, 2026])

    client.force_login(coordinator)
    response = client.get(url)

    report = response.context["report"]
    assert (report["held"], report["expected"], report["planned"], report["cancelled"], report["behind"]) == (1, 2, 1, 1, True)
    assert [(r["organisation"].name, r["meetings_attended"]) for r in report["members"]] == [("Adle", 1), ("Stille forening", 0)]
    html = response.content.decode()
    assert "1 av 2 forventede" in html and "Kultur" in html and "Nøkkel Person" in html
    client.force_login(council_staff)
    html = client.get(url).content.decode()
    assert "1 av 2 forventede" in html and "Nøkkel Person" not in html  # contact persons are the coordinators'
    client.force_login(outsider)
    assert client.get(url).status_code in (302, 403)
    client.logout()
    assert client.get(url).status_code == 302


def test_the_series_form_takes_one_key_person_per_member_organisation(coordinator, team):
    from organisations.models import ContactPerson
    from panel.forms import MeetingSeriesForm
    from tests.panel.factories import organisation

    member, stranger = organisation("Adle"), organisation("Ikke medlem")
    first = ContactPerson.objects.create(organisation=member, name="Første")
    second = ContactPerson.objects.create(organisation=member, name="Andre")
    outside = ContactPerson.objects.create(organisation=stranger, name="Utenfor")
    data = {"name": team.name, "kind": team.kind, "members": [member.pk], "public": "on",
            "lead_unit": team.lead_unit_id, "expected_meetings_per_year": "3"}

    form = MeetingSeriesForm({**data, "key_persons": [first.pk, second.pk, outside.pk]}, instance=team)
    assert not form.is_valid()
    errors = " ".join(form.errors["key_persons"])
    assert "Velg én nøkkelperson per organisasjon (Adle har flere)." in errors
    assert "Utenfor er kontaktperson for Ikke medlem, som ikke er medlem av serien." in errors

    form = MeetingSeriesForm({**data, "key_persons": [first.pk]}, instance=team)
    assert form.is_valid(), form.errors
    form.save()
    team.refresh_from_db()
    assert team.expected_meetings_per_year == 3 and list(team.key_persons.all()) == [first]


def test_the_yearly_series_report_takes_three_queries_however_many_meetings(frozen_today, team, django_assert_num_queries):
    from tests.panel.factories import attend, organisation

    frozen_today(datetime.date(2026, 11, 20))
    for n in range(4):
        member = organisation(f"Medlem {n}")
        team.members.add(member)
        attend(series_meeting(team, f"2026-0{n + 4}-01"), member, 2)
    series = selectors.series_detail(team.slug)

    with django_assert_num_queries(3):
        # the held meetings, their attendance with organisations, the planned and cancelled counts
        report = selectors.series_year_report(series, 2026)
    assert report["held"] == 5 and [m["meetings_attended"] for m in report["members"]] == [1, 1, 1, 1]


def test_erasing_a_key_person_takes_them_out_of_the_series_and_its_trail(team):
    from auditlog.models import LogEntry

    from organisations.models import ContactPerson
    from portal.privacy import erasure
    from tests.panel.factories import organisation

    member = organisation("Adle")
    team.members.add(member)
    person = ContactPerson.objects.create(organisation=member, name="Kari Nøkkelperson", email="kari@example.org")
    team.key_persons.add(person)
    assert any("Kari Nøkkelperson" in str(entry.changes) for entry in LogEntry.objects.all())

    erasure.erase(person)

    assert list(team.key_persons.all()) == []
    assert not any("Kari Nøkkelperson" in f"{entry.changes} {entry.object_repr}" for entry in LogEntry.objects.all())
