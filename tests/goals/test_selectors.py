import datetime
from decimal import Decimal

import pytest

from goals import selectors
from goals.models import MANUAL, Goal, GoalValue, Measure, MeasureYear, PlanItem, PlanItemYear
from organisations.models import Kind
from panel.models import Attendance, Meeting
from portal.reporting import figures
from tests import factories
from tests.conftest import make_organisation
from tests.factories import meeting as panel_meeting

pytestmark = pytest.mark.django_db

THIS_YEAR = datetime.date.today().year


def attend(meeting, organisations):
    for organisation in organisations:
        factories.attend(meeting, organisation, participants=2)


def reference_attendance():
    """The reference report's panel: 9 immigrant organisations in 2024, 26 in 2025, plus
    records that must not count (a municipal service, a working group, a 2026 meeting)."""
    organisations = [make_organisation() for _ in range(30)]
    faith = make_organisation(kind=Kind.FAITH_COMMUNITY)
    nav = make_organisation(name="Nav Sandnes", kind=Kind.MUNICIPAL_SERVICE)
    first_2024, second_2024 = panel_meeting(datetime.date(2024, 3, 1)), panel_meeting(datetime.date(2024, 10, 1))
    attend(first_2024, organisations[:5])
    attend(second_2024, organisations[3:8] + [nav])  # 8 immigrant organisations ...
    attend(second_2024, [faith])  # ... and a faith community counts with them: 9
    meetings_2025 = [panel_meeting(datetime.date(2025, month, 10)) for month in (2, 5, 9, 11)]
    attend(meetings_2025[0], organisations[:10] + [nav])
    attend(meetings_2025[1], organisations[8:20])
    attend(meetings_2025[2], organisations[18:25])
    attend(meetings_2025[3], organisations[20:25] + [faith])  # 25 + faith = 26
    working_group = panel_meeting(datetime.date(2025, 6, 1), kind="working_group")
    attend(working_group, organisations[25:30])
    attend(panel_meeting(datetime.date(2026, 1, 20)), organisations[25:30])
    return organisations


def participation_goal(**fields):
    defaults = {
        "title": "Økt deltakelse i Erfaringspanelet",
        "source": "grant",
        "indicator_key": "panel.organisations_represented",
        "target_kind": "percent_change_vs_previous_year",
        "target_value": Decimal(50),
    }
    return Goal.objects.create(**{**defaults, **fields})


def test_it_shows_the_reference_reports_participation_goal_achieved_with_189_percent():
    reference_attendance()
    participation_goal()

    [row] = selectors.report_goals(2025)

    assert row["actual"] == 26
    assert row["change_percent"] == Decimal(189)
    assert row["status"] == "achieved"
    assert row["status_label"] == "Nådd"
    assert row["target_description"] == "+50\u00a0% fra året før"
    assert row["indicator_key"] == "panel.organisations_represented"
    # Plain JSON values, ready for the report's JSON as they are.
    import json

    assert json.loads(json.dumps(row))["change_percent"] == 189


def test_it_uses_the_baseline_when_it_is_the_year_before():
    reference_attendance()
    participation_goal(baseline_year=2024, baseline_value=Decimal(9))
    [row] = selectors.report_goals(2025)
    assert (row["baseline_year"], row["baseline_value"], row["change_percent"]) == (2024, 9, Decimal(189))


def test_the_baseline_year_is_the_starting_point_not_judged():
    reference_attendance()
    participation_goal(baseline_year=2024, baseline_value=Decimal(9))
    [row] = selectors.report_goals(2024)
    assert (row["actual"], row["status"], row["status_label"]) == (9, "baseline", "Utgangspunkt")


def test_a_year_that_is_over_without_reaching_the_target_is_not_achieved():
    reference_attendance()
    participation_goal(target_value=Decimal(200))
    [row] = selectors.report_goals(2025)
    assert (row["change_percent"], row["status"]) == (Decimal(189), "not_achieved")


def test_the_current_year_not_yet_achieved_is_on_track():
    organisations = [make_organisation() for _ in range(4)]
    attend(panel_meeting(datetime.date(THIS_YEAR - 1, 5, 1)), organisations)
    attend(panel_meeting(datetime.date(THIS_YEAR, 1, 2)), organisations[:1])
    participation_goal()
    [row] = selectors.report_goals(THIS_YEAR)
    assert (row["actual"], row["change_percent"], row["status"]) == (1, Decimal(-75), "on_track")
    [last_year] = selectors.report_goals(THIS_YEAR - 1)
    assert last_year["status"] == "no_data"  # nothing the year before that: no reference


def test_hand_entered_values_are_judged_against_an_absolute_target():
    goal = Goal.objects.create(
        title="Fysiske møter med personer fra innvandrermiljø",
        source="measure",
        indicator_key=MANUAL,
        target_kind="absolute",
        target_value=Decimal(40),
        baseline_year=2024,
        baseline_value=Decimal(20),
    )
    GoalValue.objects.create(goal=goal, year=2025, value=Decimal(50))
    GoalValue.objects.create(goal=goal, year=2023, value=Decimal(10))
    other = Goal.objects.create(title="Annet mål", indicator_key=MANUAL, target_kind="absolute", target_value=5)
    GoalValue.objects.create(goal=other, year=2025, value=Decimal(1))

    rows = {row["title"]: row for row in selectors.report_goals(2025)}

    mine = rows["Fysiske møter med personer fra innvandrermiljø"]
    assert (mine["actual"], mine["change_percent"], mine["status"]) == (50, Decimal(150), "achieved")
    assert mine["target_description"] == "minst 40"
    assert rows["Annet mål"]["status"] == "not_achieved"
    assert selectors.report_goals(2022)[0]["status"] == "no_data"
    baseline_year = {row["title"]: row for row in selectors.report_goals(2024)}[mine["title"]]
    assert (baseline_year["actual"], baseline_year["status"]) == (20, "baseline")


def test_a_percent_change_against_the_baseline_and_a_falling_target():
    goal = Goal.objects.create(
        title="Færre ubesvarte henvendelser",
        indicator_key=MANUAL,
        target_kind="percent_change_vs_baseline",
        target_value=Decimal(-20),
        direction="at_most",
        baseline_year=2023,
        baseline_value=Decimal(40),
    )
    GoalValue.objects.create(goal=goal, year=2024, value=Decimal(33))  # −17.5 % → −18 (half up)
    GoalValue.objects.create(goal=goal, year=2025, value=Decimal(30))  # −25 %
    assert selectors.report_goals(2024)[0]["change_percent"] == Decimal(-18)
    assert selectors.report_goals(2024)[0]["status"] == "not_achieved"
    assert selectors.report_goals(2025)[0]["status"] == "achieved"
    assert selectors.report_goals(2025)[0]["target_description"] == "høyst −20\u00a0% fra 2023 (40)"


def test_percent_change_rounds_half_up():
    assert selectors.percent_change(Decimal("1.125"), Decimal(1)) == Decimal(13)  # 12.5 → 13
    assert selectors.percent_change(26, 9) == Decimal(189)
    assert selectors.percent_change(5, 0) is None


# What reference_attendance() and one organisation published on 1 June 2025 give, worked out by
# hand from the records (the working group, the municipal service's own attendance and the other
# years' meetings must not count). Outreach counts an organisation met at a panel meeting as
# contacted, responded and met (docs/domain.md).
EXPECTED = {
    2024: {
        "panel.meetings": 2, "panel.organisations_represented": 9, "panel.organisations_represented_previous_year": 0,
        "panel.growth_percent": None, "panel.organisations_at_two_or_more_meetings": 2,
        "panel.municipal_services_at_two_or_more_meetings": 0, "outreach.organisations_contacted": 9,
        "outreach.organisations_responded": 9, "outreach.organisations_met": 9, "outreach.people_met": 0,
        "outreach.guidance_given": 0, "directory.published_at_year_end": 0,
    },
    2025: {
        "panel.meetings": 4, "panel.organisations_represented": 26, "panel.organisations_represented_previous_year": 9,
        "panel.growth_percent": 189, "panel.organisations_at_two_or_more_meetings": 18,
        "panel.municipal_services_at_two_or_more_meetings": 0, "outreach.organisations_contacted": 26,
        "outreach.organisations_responded": 26, "outreach.organisations_met": 26, "outreach.people_met": 0,
        "outreach.guidance_given": 0, "directory.published_at_year_end": 1,
    },
    2026: {
        "panel.meetings": 1, "panel.organisations_represented": 5, "panel.organisations_represented_previous_year": 26,
        "panel.growth_percent": -81, "panel.organisations_at_two_or_more_meetings": 9,
        "panel.municipal_services_at_two_or_more_meetings": 0, "outreach.organisations_contacted": 5,
        "outreach.organisations_responded": 5, "outreach.organisations_met": 5, "outreach.people_met": 0,
        "outreach.guidance_given": 0, "directory.published_at_year_end": 1,
    },
}


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_a_goal_number_is_the_figure_the_records_give_for_every_key(year):
    reference_attendance()
    make_organisation(kind=Kind.IMMIGRANT_ORGANISATION, published_on=datetime.date(2025, 6, 1))
    keys = [key for key, _label in figures.available_figures()]
    assert set(EXPECTED[year]) <= set(keys)
    for index, key in enumerate(keys):
        participation_goal(title=f"Mål {index}", indicator_key=key)

    rows = {row["indicator_key"]: row for row in selectors.report_goals(year)}

    assert set(rows) == set(keys)  # a figure registered since is a goal's number too
    actual = {key: rows[key]["actual"] for key in EXPECTED[year]}
    assert actual == EXPECTED[year]


def test_changing_the_records_changes_the_goal_and_the_figure_alike():
    organisations = reference_attendance()
    participation_goal()
    before = selectors.report_goals(2025)[0]["actual"]
    assert before == figures.compute("panel.organisations_represented", 2025) == 26

    Attendance.objects.filter(meeting__date__year=2025, organisation__in=organisations[:10]).delete()

    after = selectors.report_goals(2025)[0]["actual"]
    assert after == figures.compute("panel.organisations_represented", 2025) == 16
    assert selectors.report_goals(2025)[0]["change_percent"] == Decimal(78)  # (16 − 9) / 9


def test_the_plan_table_is_in_the_plans_order_with_clean_html():
    second = PlanItem.objects.create(plan_name="Plan", chapter="5", position=2, text="Frivillig sektor")
    first = PlanItem.objects.create(plan_name="Plan", chapter="5", position=1, text="Erfaringspanelet er en møteplass")
    unanswered = PlanItem.objects.create(plan_name="Plan", chapter="5", position=3, text="Uten svar")
    goal = participation_goal()
    entry = PlanItemYear.objects.create(plan_item=first, year=2025, achieved_text="<p>Fra 9 til 26</p><script>x()</script>")
    entry.goals.add(goal)
    PlanItemYear.objects.create(plan_item=second, year=2025, achieved_text="Invitert inn i panelet")
    PlanItemYear.objects.create(plan_item=unanswered, year=2025, achieved_text="")
    PlanItemYear.objects.create(plan_item=second, year=2024, achieved_text="Året før")

    table = selectors.report_plan_table(2025)

    assert [row["plan_text"] for row in table] == ["Erfaringspanelet er en møteplass", "Frivillig sektor"]
    assert table[0]["achieved_html"] == "<p>Fra 9 til 26</p>"
    assert table[0]["goals"] == ["Økt deltakelse i Erfaringspanelet"]
    assert table[1]["achieved_html"] == "Invitert inn i panelet"
    assert set(table[0]) >= {"chapter", "plan_text", "achieved_html"}


def test_report_measures_gives_every_measure_with_its_years_status():
    website = Measure.objects.create(position=2, title="Nettside for organisasjonene")
    panel = Measure.objects.create(position=1, title="Erfaringspanelet")
    MeasureYear.objects.create(measure=panel, year=2025, status="ongoing", deliverables="Fire møter")
    MeasureYear.objects.create(measure=website, year=2024, status="completed", deliverables="Ikke i år")

    rows = selectors.report_measures(2025)

    assert [row["title"] for row in rows] == ["Erfaringspanelet", "Nettside for organisasjonene"]
    assert (rows[0]["status"], rows[0]["status_label"], rows[0]["deliverables"]) == ("ongoing", "Pågår", "Fire møter")
    assert (rows[1]["status"], rows[1]["status_label"], rows[1]["deliverables"]) == ("", "Ikke registrert", "")


def build(size):
    organisations = [make_organisation() for _ in range(size)]
    attend(panel_meeting(datetime.date(2024, 5, 1)), organisations[: size // 2])
    attend(panel_meeting(datetime.date(2025, 5, 1)), organisations)
    for index in range(size):
        participation_goal(title=f"Panelmål {size}-{index}")
        manual = Goal.objects.create(title=f"Manuelt {size}-{index}", target_kind="absolute", target_value=3)
        GoalValue.objects.create(goal=manual, year=2025, value=index)
        item = PlanItem.objects.create(plan_name="Plan", position=size * 100 + index, text=f"Punkt {index}")
        entry = PlanItemYear.objects.create(plan_item=item, year=2025, achieved_text=f"Oppnådd {index}")
        entry.goals.add(manual)
        measure = Measure.objects.create(title=f"Tiltak {size}-{index}", position=index)
        MeasureYear.objects.create(measure=measure, year=2025, status="ongoing")
        entry.measures.add(measure)


def query_count(function):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function(2025)
    return len(captured)


def test_report_selectors_use_a_constant_number_of_queries():
    build(3)
    small = [query_count(f) for f in (selectors.report_goals, selectors.report_plan_table, selectors.report_measures)]
    build(15)
    large = [query_count(f) for f in (selectors.report_goals, selectors.report_plan_table, selectors.report_measures)]
    assert small == large
    # report_goals: goals, their values, then each figure once per year however many goals use it
    # (panel.organisations_represented for 2025 and 2024); plan rows + goals + measures;
    # measures + their year.
    assert large[1:] == [3, 2]
    assert len(selectors.report_goals(2025)) == 36
