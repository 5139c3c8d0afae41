from decimal import Decimal

import pytest

from goals.models import Goal, GoalValue, Measure, MeasureYear, PlanItem, PlanItemYear
from tests.browser.conftest import axe_violations, sign_in
from tests.goals.test_selectors import participation_goal, reference_attendance

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _records():
    reference_attendance()
    goal = participation_goal(baseline_year=2024, baseline_value=Decimal(9))
    manual = Goal.objects.create(title="Fysiske møter", source="measure", target_kind="absolute", target_value=40)
    GoalValue.objects.create(goal=manual, year=2025, value=50)
    item = PlanItem.objects.create(plan_name="Plan for integrering og inkludering 2025-2033", chapter="5", position=1, text="Erfaringspanelet er en viktig møteplass.")
    entry = PlanItemYear.objects.create(plan_item=item, year=2025, achieved_text="<p>Fra 9 til 26 organisasjoner.</p>")
    entry.goals.add(goal)
    measure = Measure.objects.create(position=1, title="Erfaringspanelet")
    MeasureYear.objects.create(measure=measure, year=2025, status="ongoing", deliverables="Fire møter")


@pytest.mark.parametrize(
    "path",
    ["/koordinator/mal/?aar=2025", "/koordinator/mal/plan/?aar=2025", "/koordinator/mal/tiltak/?aar=2025", "/koordinator/mal/ny/"],
)
def test_goal_pages_have_no_wcag_violations(page, coordinator, path):
    _records()
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto(path)
    assert axe_violations(page) == []


def test_a_coordinator_sees_the_goal_achieved_and_writes_the_plan_account(page, coordinator):
    _records()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto("/koordinator/mal/?aar=2025")
    card = page.get_by_role("region", name="Økt deltakelse i Erfaringspanelet")
    assert "2025: Nådd" in card.inner_text()
    assert card.get_by_role("img").count() == 1
    assert "189" in card.get_by_role("table").inner_text()

    page.get_by_role("link", name="Planpunkter").click()
    page.get_by_role("link", name="Skriv – punkt 1").click()
    page.get_by_label("Hva prosjektet har oppnådd").fill("Deltakelsen økte fra 9 til 26.")
    page.get_by_role("button", name="Lagre").click()
    page.wait_for_url("**/koordinator/mal/plan/?aar=2025")
    assert "Deltakelsen økte fra 9 til 26." in page.content()
    assert errors == []


def test_a_goal_form_error_is_shown_beside_its_field(page, coordinator):
    sign_in(page, "koordinator", "pw-koordinator")
    page.goto("/koordinator/mal/ny/")
    page.get_by_label("Tittel").fill("Mål uten utgangspunkt")
    page.get_by_label("Type mål").select_option("percent_change_vs_baseline")
    page.get_by_label("Målverdi").fill("10")
    page.get_by_role("button", name="Lagre").click()
    field = page.locator("#id_baseline_year")
    assert "is-invalid" in field.get_attribute("class")
    assert page.locator("#div_id_baseline_year .invalid-feedback").inner_text().strip() != ""
    assert axe_violations(page) == []


def test_value_and_account_forms_have_no_wcag_violations(page, coordinator):
    _records()
    manual = Goal.objects.get(title="Fysiske møter")
    item = PlanItem.objects.get()
    measure = Measure.objects.get()
    sign_in(page, "koordinator", "pw-koordinator")
    for path in (
        f"/koordinator/mal/{manual.pk}/tall/",
        f"/koordinator/mal/plan/punkt/{item.pk}/2025/",
        f"/koordinator/mal/tiltak/{measure.pk}/2025/",
    ):
        page.goto(path)
        assert axe_violations(page) == [], path
