"""Meeting series besides the panel: docs/domain.md `series`, and the panel and outreach figures that
must not move when other series meet (even on the same day as the panel)."""

import datetime

import pytest

from organisations.models import Kind
from outreach.models import Contact
from panel import selectors
from portal.reporting import figures
from tests.panel.factories import attend, meeting, organisation, series, series_meeting, service

pytestmark = pytest.mark.django_db

PANEL_AND_OUTREACH = [key for key in figures.FIGURES if key.startswith(("panel.", "outreach."))]


def panel_and_outreach(year):
    return {key: figures.compute(key, year) for key in PANEL_AND_OUTREACH}


@pytest.fixture
def panel_year():
    """A small panel year: two meetings with immigrant organisations, a service, a contact."""
    a, b = organisation("Adle"), organisation("Baha'i", kind=Kind.FAITH_COMMUNITY)
    nav = service("NAV Sandnes")
    first, second = meeting("2025-03-11"), meeting("2025-08-28")
    attend(first, a, 3)
    attend(second, a, 1)
    attend(first, nav)
    attend(second, nav)
    attend(second, b, 2)
    Contact.objects.create(organisation=organisation("Kontaktet forening"), date=datetime.date(2025, 2, 2), outcome="met")
    return {"a": a, "b": b, "nav": nav, "first": first}


@pytest.fixture
def other_series(panel_year):
    """Series meetings around the panel: one on the panel's own date, attendance by people who
    never came to the panel, cancelled meetings and meetings of the year before and after."""
    team = series("Inkluderingsteam", kind="inclusion_team")
    group = series("Arbeidsgruppe Frivilligbørs", kind="working_group")
    series("Idémyldring uten møter", kind="brainstorm")
    only_here = organisation("Bare i inkluderingsteamet")
    council = organisation("Sandnes Inkluderingsråd", kind=Kind.VOLUNTARY_ORGANISATION)
    hotel = organisation("Quality Hotel Residence", kind=Kind.BUSINESS)

    same_day = series_meeting(team, "2025-03-11")  # the panel met that day too
    attend(same_day, only_here, 4)
    attend(same_day, panel_year["a"], 2)
    attend(same_day, council, 1)
    later = series_meeting(team, "2025-10-01")
    attend(later, only_here, 3)
    attend(later, panel_year["nav"], 1)
    cancelled = series_meeting(team, "2025-11-11", status="cancelled")
    attend(cancelled, organisation("Avlyst forening"), 9)  # must not count
    attend(series_meeting(team, "2024-12-31"), organisation("I fjor"), 5)  # must not count
    attend(series_meeting(team, "2026-01-01"), organisation("Neste år"), 5)  # must not count

    planning = series_meeting(group, "2025-11-20", status="planned")
    attend(planning, council, 2)
    attend(planning, hotel, 1)
    attend(planning, only_here, 1)
    return {"team": team, "group": group, "only_here": only_here}


def test_the_series_figures_follow_domain_md(other_series):
    assert selectors.series_figures(2025) == [
        # ordered by name; organisations of any kind; participants summed
        {"name": "Arbeidsgruppe Frivilligbørs", "meetings": 1, "organisations_represented": 3, "participants": 4},
        {"name": "Inkluderingsteam", "meetings": 2, "organisations_represented": 4, "participants": 11},
    ]


def test_a_year_only_counts_its_own_meetings(other_series):
    assert selectors.series_figures(2024) == [
        {"name": "Inkluderingsteam", "meetings": 1, "organisations_represented": 1, "participants": 5}
    ]
    assert selectors.series_figures(2026) == [
        {"name": "Inkluderingsteam", "meetings": 1, "organisations_represented": 1, "participants": 5}
    ]
    assert selectors.series_figures(2023) == []


def test_a_panel_meeting_never_counts_in_a_series(panel_year):
    team = series("Inkluderingsteam")
    series_meeting(team, "2025-05-05")  # one meeting, nobody registered
    assert selectors.series_figures(2025) == [
        {"name": "Inkluderingsteam", "meetings": 1, "organisations_represented": 0, "participants": 0}
    ]


def test_other_series_do_not_move_the_panel_and_outreach_figures(panel_year):
    before = {year: panel_and_outreach(year) for year in (2024, 2025, 2026)}
    assert before[2025]["panel.meetings"] == 2 and before[2025]["panel.organisations_represented"] == 2

    team = series("Inkluderingsteam")
    newcomer = organisation("Kom bare til teamet")
    for date in ("2025-03-11", "2025-06-06", "2024-06-06", "2026-02-02"):
        m = series_meeting(team, date)
        attend(m, newcomer, 2)
        attend(m, panel_year["nav"], 1)
        attend(m, panel_year["b"], 1)

    after = {year: panel_and_outreach(year) for year in (2024, 2025, 2026)}
    assert after == before
    assert selectors.panel_meetings(2025).count() == 2


def test_the_report_lists_each_series_with_members_and_meetings(other_series):
    other_series["team"].members.add(other_series["only_here"])
    report = {row["name"]: row for row in selectors.report_series(2025)}
    team = report["Inkluderingsteam"]
    assert team["meetings"] == 2 and team["members"] == ["Bare i inkluderingsteamet"]
    assert [m["date"] for m in team["meetings_list"]] == [datetime.date(2025, 3, 11), datetime.date(2025, 10, 1)]
    assert team["meetings_list"][0]["organisations"] == ["Adle", "Bare i inkluderingsteamet", "Sandnes Inkluderingsråd"]
    assert team["meetings_list"][0]["participants"] == 7


def test_voluntary_organisations_are_listed_with_the_meetings_they_came_to(other_series, panel_year):
    council = other_series["group"].meetings.get().attendances.get(organisation__kind=Kind.VOLUNTARY_ORGANISATION).organisation
    attend(panel_year["first"], council, 1)
    rows = selectors.voluntary_organisations_in_year(2025)
    assert [row["name"] for row in rows] == ["Sandnes Inkluderingsråd"]
    assert [(m["date"], m["series"]) for m in rows[0]["meetings"]] == [
        (datetime.date(2025, 3, 11), "Erfaringspanelet"),
        (datetime.date(2025, 3, 11), "Inkluderingsteam"),
        (datetime.date(2025, 11, 20), "Arbeidsgruppe Frivilligbørs"),
    ]


def test_the_series_figures_take_a_constant_number_of_queries(other_series, django_assert_num_queries):
    with django_assert_num_queries(3):
        # 1 meetings per series, 2 attendance aggregated per series, 3 the series by name
        selectors.series_figures(2025)


def test_the_meeting_lists_do_not_multiply_participants_by_invitations(client, coordinator):
    from panel.models import Invitation

    team = series("Inkluderingsteam")
    for m in (meeting("2025-03-11", title="Panelmøtet"), series_meeting(team, "2025-03-12", title="Teammøtet")):
        attend(m, organisation(f"Til stede {m.pk}"), 3)
        for n in range(4):
            Invitation.objects.create(meeting=m, organisation=organisation(f"Invitert {m.pk}-{n}"))
    rows = {m.title: m for m in selectors.staff_meetings(2025)}
    assert (rows["Panelmøtet"].participant_sum, rows["Panelmøtet"].invitation_count, rows["Panelmøtet"].organisation_count) == (3, 4, 1)
    assert [(m.participant_sum, m.invitation_count) for m in selectors.series_meeting_rows(team)] == [(3, 4)]
