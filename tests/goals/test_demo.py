import io

import pytest
from django.core.management import call_command

from goals import demo, selectors
from goals.models import Goal, PlanItem, PlanItemYear

pytestmark = pytest.mark.django_db


def test_the_demo_seeds_the_reference_reports_goals_and_plan_table_and_is_idempotent():
    demo.seed(io.StringIO())
    demo.seed(io.StringIO())

    assert Goal.objects.count() == len(demo.GOALS)
    assert PlanItem.objects.count() == len(demo.PLAN_ITEMS) + len(demo.OLD_ITEMS)
    table = selectors.report_plan_table(2025)
    assert len(table) == PlanItemYear.objects.filter(year=2025).count() == len(demo.PLAN_ITEMS)
    assert table[0]["plan_text"].startswith("Det forventes at kommunens virksomheter")
    manual = {row["title"]: row for row in selectors.report_goals(2025)}["Fysiske møter med personer fra innvandrermiljø"]
    assert (manual["actual"], manual["status"]) == (50, "achieved")


def test_seed_demo_gives_the_participation_goal_achieved_with_189_percent():
    call_command("seed_demo", stdout=io.StringIO())
    rows = {row["title"]: row for row in selectors.report_goals(2025)}
    participation = rows["Økt deltakelse i Erfaringspanelet"]
    assert (participation["actual"], participation["change_percent"], participation["status"]) == (26, 189, "achieved")
