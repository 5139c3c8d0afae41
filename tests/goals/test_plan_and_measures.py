import pytest

from goals import services
from goals.models import Goal, Measure, MeasureYear, PlanItem, PlanItemYear
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

PLAN = "/koordinator/mal/plan/"
MEASURES = "/koordinator/mal/tiltak/"


def item(position, text=None, plan="Plan for integrering og inkludering 2025-2033"):
    return PlanItem.objects.create(plan_name=plan, chapter="5", position=position, text=text or f"Punkt {position}")


@pytest.mark.parametrize("path", [PLAN, MEASURES])
@pytest.mark.parametrize("user_fixture, status", [("coordinator", 200), ("council_staff", 200), ("editor", 403), ("outsider", 403)])
def test_staff_read_the_plan_and_the_measures(client, request, path, user_fixture, status):
    assert client_for(client, request.getfixturevalue(user_fixture)).get(path).status_code == status


def test_the_plan_page_shows_items_in_the_plans_order_beside_the_years_account(client, council_staff):
    later, first = item(2, "Frivillig sektor"), item(1, "Erfaringspanelet er en viktig møteplass")
    PlanItemYear.objects.create(plan_item=first, year=2025, achieved_text="<p>Fra 9 til 26 organisasjoner</p>")
    PlanItemYear.objects.create(plan_item=later, year=2024, achieved_text="Bare i fjor")
    item(1, "Fra den eldre planen", plan="Eldre plan")

    html = client_for(client, council_staff).get(PLAN, {"aar": 2025}).content.decode()

    # The plan followed in the year comes first, though "Eldre plan" sorts before it.
    assert html.index("Plan for integrering og inkludering 2025-2033") < html.index("Eldre plan")

    assert html.index("Erfaringspanelet er en viktig møteplass") < html.index("Frivillig sektor")
    assert "<p>Fra 9 til 26 organisasjoner</p>" in html
    assert "Bare i fjor" not in html
    assert "Hva står i planen?" in html
    assert "Kopier punktene" not in html  # council staff read only


def test_a_coordinator_writes_the_years_account_which_is_sanitized(client, coordinator):
    point = item(1)
    goal = Goal.objects.create(title="Økt deltakelse", target_kind="absolute", target_value=1)
    measure = Measure.objects.create(title="Erfaringspanelet")
    response = client_for(client, coordinator).post(
        f"/koordinator/mal/plan/punkt/{point.pk}/2025/",
        {"achieved_text": '<p onclick="x()">Fra 9 til 26</p><script>alert(1)</script>', "goals": [goal.pk], "measures": [measure.pk]},
    )
    assert response.status_code == 302
    entry = PlanItemYear.objects.get()
    assert entry.achieved_text == "<p>Fra 9 til 26</p>"
    assert list(entry.goals.all()) == [goal] and list(entry.measures.all()) == [measure]


def test_copying_last_years_items_starts_the_year_and_is_idempotent(client, coordinator):
    first, second, not_followed = item(1), item(2), item(3)
    goal = Goal.objects.create(title="Økt deltakelse", target_kind="absolute", target_value=1)
    old = PlanItemYear.objects.create(plan_item=first, year=2025, achieved_text="Gjort i 2025")
    old.goals.add(goal)
    PlanItemYear.objects.create(plan_item=second, year=2025, achieved_text="Også gjort")
    PlanItemYear.objects.create(plan_item=second, year=2026, achieved_text="Allerede skrevet for 2026")
    PlanItemYear.objects.create(plan_item=not_followed, year=2023, achieved_text="For lenge siden")
    client = client_for(client, coordinator)

    response = client.post("/koordinator/mal/plan/2026/kopier/")
    assert response.status_code == 302
    client.post("/koordinator/mal/plan/2026/kopier/")

    rows = {row.plan_item.position: row for row in PlanItemYear.objects.filter(year=2026)}
    assert sorted(rows) == [1, 2]
    assert rows[1].achieved_text == ""
    assert list(rows[1].goals.all()) == [goal]
    assert rows[2].achieved_text == "Allerede skrevet for 2026"
    assert PlanItemYear.objects.count() == 5  # 4 made here + 1 copy, however often pressed
    assert services.plan_year_start(year=2026) == 0


def test_council_staff_cannot_copy_or_write(client, council_staff):
    point = item(1)
    client = client_for(client, council_staff)
    assert client.post("/koordinator/mal/plan/2026/kopier/").status_code == 403
    assert client.post(f"/koordinator/mal/plan/punkt/{point.pk}/2025/", {"achieved_text": "x"}).status_code == 403
    assert not PlanItemYear.objects.exists()


def test_a_plan_item_position_is_unique_in_its_plan(client, coordinator):
    item(1)
    response = client_for(client, coordinator).post(
        "/koordinator/mal/plan/punkt/ny/",
        {"plan_name": "Plan for integrering og inkludering 2025-2033", "chapter": "5", "position": "1", "text": "Ny"},
    )
    assert response.status_code == 200
    assert "position" in response.context["form"].errors
    assert PlanItem.objects.count() == 1


def test_a_coordinator_records_a_measures_status_and_deliverables(client, coordinator, council_staff):
    measure = Measure.objects.create(position=1, title="Erfaringspanelet")
    other = Measure.objects.create(position=2, title="Nettside")
    MeasureYear.objects.create(measure=other, year=2024, status="completed", deliverables="Laget i fjor")
    response = client_for(client, coordinator).post(
        f"/koordinator/mal/tiltak/{measure.pk}/2025/", {"status": "ongoing", "deliverables": "Fire møter\nReferat"}
    )
    assert response.status_code == 302
    client.logout()

    html = client_for(client, council_staff).get(MEASURES, {"aar": 2025}).content.decode()

    assert "Pågår" in html and "Fire møter<br>Referat" in html
    assert "Laget i fjor" not in html
    assert html.index("Erfaringspanelet") < html.index("Nettside")


def _build(size):
    goals = [Goal.objects.create(title=f"Mål {size}-{n}", target_kind="absolute", target_value=1) for n in range(size)]
    for n in range(size):
        point = item(size * 100 + n)
        entry = PlanItemYear.objects.create(plan_item=point, year=2025, achieved_text=f"Oppnådd {n}")
        measure = Measure.objects.create(title=f"Tiltak {size}-{n}", position=n)
        MeasureYear.objects.create(measure=measure, year=2025, status="ongoing", deliverables="Levert")
        entry.goals.add(goals[n])
        entry.measures.add(measure)


@pytest.mark.parametrize("size", [2, 12])
def test_plan_and_measure_pages_query_count_does_not_grow(client, coordinator, django_assert_max_num_queries, size):
    _build(size)
    client = client_for(client, coordinator)
    # session, user, roles + items, their year rows, goals, measures
    with django_assert_max_num_queries(9):
        response = client.get(PLAN, {"aar": 2025})
    assert response.content.decode().count("Oppnådd ") == size
    # session, user, roles + measures, their year rows
    with django_assert_max_num_queries(7):
        response = client.get(MEASURES, {"aar": 2025})
    assert response.content.decode().count("Levert") == size


def test_a_year_outside_the_range_is_not_found(client, coordinator):
    point = item(1)
    client = client_for(client, coordinator)
    assert client.get(f"/koordinator/mal/plan/punkt/{point.pk}/99999/").status_code == 404
    assert client.post("/koordinator/mal/plan/1999/kopier/").status_code == 404
