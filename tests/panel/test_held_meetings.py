"""Only meetings held on the day the figures are made count (docs/domain.md `panel.meetings`,
`series[].meetings`): not cancelled and dated no later than that day. "Today" is frozen here, so
the tests do not depend on the day they run."""

import datetime

import pytest

from panel import selectors
from portal.reporting import figures
from tests.panel.factories import attend, meeting, organisation, series, series_meeting

pytestmark = pytest.mark.django_db

SIXTH_OF_DECEMBER = datetime.date(2026, 12, 6)



@pytest.fixture
def year_2026():
    """Two panel meetings held, one planned for 27 December, one cancelled; meetings of other
    years and of a series on the same days."""
    a, b = organisation("Adle"), organisation("Bosnisk forening")
    attend(meeting("2026-03-11"), a, 2)
    attend(meeting("2026-12-06", status="planned"), b, 1)  # today: held, whatever its status says
    attend(meeting("2026-12-27", status="planned"), a, 1)
    attend(meeting("2026-06-06", status="cancelled"), b, 4)
    meeting("2025-12-27")  # last year
    meeting("2027-01-05")  # next year
    team = series("Inkluderingsteam")
    series_meeting(team, "2026-03-11")
    series_meeting(team, "2026-12-27", status="planned")
    return {"a": a, "b": b, "team": team}


def test_a_meeting_planned_later_in_the_year_is_not_counted(frozen_today, year_2026):
    assert figures.compute("panel.meetings", 2026) == 2  # 11 March and today; not 27 December


def test_it_counts_the_planned_meeting_once_its_day_has_come(frozen_today, year_2026):
    frozen_today(datetime.date(2026, 12, 27))
    assert figures.compute("panel.meetings", 2026) == 3


def test_a_past_year_counts_all_its_meetings_that_were_not_cancelled(frozen_today, year_2026):
    assert figures.compute("panel.meetings", 2025) == 1
    assert figures.compute("panel.meetings", 2027) == 0  # 5 January 2027 has not come yet


def test_the_figures_can_be_asked_as_of_a_given_day(year_2026):
    assert selectors.meetings_count(2026, today=datetime.date(2026, 3, 10)) == 0
    assert selectors.meetings_count(2026, today=datetime.date(2026, 3, 11)) == 1


def test_the_reports_list_of_panel_meetings_has_the_held_ones_only(frozen_today, year_2026):
    dates = [m["date"] for m in selectors.report_panel(2026)["meetings"]]
    assert dates == [datetime.date(2026, 3, 11), datetime.date(2026, 12, 6)]


def test_a_series_counts_its_held_meetings_and_the_attendance_at_them(frozen_today, year_2026):
    team = year_2026["team"]
    attend(team.meetings.get(date="2026-03-11"), year_2026["a"], 3)
    attend(team.meetings.get(date="2026-12-27"), year_2026["b"], 5)  # registered ahead: not yet held
    attend(series_meeting(team, "2026-09-09", status="cancelled"), organisation("Avlyst"), 7)
    other = series("Arbeidsgruppe")
    attend(series_meeting(other, "2026-05-05"), year_2026["b"], 2)
    series_meeting(team, "2025-05-05")  # last year

    assert selectors.series_figures(2026) == [
        {"name": "Arbeidsgruppe", "meetings": 1, "organisations_represented": 1, "participants": 2},
        {"name": "Inkluderingsteam", "meetings": 1, "organisations_represented": 1, "participants": 3},
    ]
    listed = {row["name"]: row for row in selectors.report_series(2026)}
    assert [m["date"] for m in listed["Inkluderingsteam"]["meetings_list"]] == [datetime.date(2026, 3, 11)]


def test_a_series_whose_meetings_are_all_to_come_is_listed_with_none_held(frozen_today):
    attend(series_meeting(series("Idémyldring"), "2026-12-15", status="planned"), organisation("X"), 2)
    assert selectors.series_figures(2026) == [
        {"name": "Idémyldring", "meetings": 0, "organisations_represented": 0, "participants": 0}
    ]


def test_the_participation_chart_starts_at_the_projects_first_year():
    a = organisation("Adle")
    meeting("2024-12-10")  # the project's first panel meeting: nobody from an immigrant organisation
    attend(meeting("2025-03-11"), a)
    attend(meeting("2026-03-11"), a)
    attend(meeting("2026-04-11", status="cancelled"), organisation("Avlyst"))
    attend(meeting("2027-01-05"), organisation("Neste år"))

    assert selectors.participation_by_year(2026) == [
        {"year": 2024, "organisations_represented": 0},
        {"year": 2025, "organisations_represented": 1},
        {"year": 2026, "organisations_represented": 1},
    ]
    assert [row["year"] for row in selectors.participation_by_year(2030)] == [2026, 2027, 2028, 2029, 2030]
    assert selectors.participation_by_year(2020) == [{"year": 2020, "organisations_represented": 0}]


def test_the_figures_page_lists_the_meetings_it_counts(client, council_staff, frozen_today, year_2026):
    client.force_login(council_staff)

    response = client.get("/koordinator/panel/tall/?aar=2026")

    assert response.context["figures"]["meetings"] == 2
    assert [m.date for m in response.context["meetings"]] == [datetime.date(2026, 3, 11), SIXTH_OF_DECEMBER]
