import datetime
import re
from decimal import Decimal

import pytest

from goals.models import Goal, GoalValue
from tests.conftest import client_for
from tests.goals.test_selectors import attend, panel_meeting, participation_goal, reference_attendance
from tests.conftest import make_organisation

pytestmark = pytest.mark.django_db

LIST = "/koordinator/mal/"


@pytest.mark.parametrize(
    "user_fixture, status", [("coordinator", 200), ("council_staff", 200), ("editor", 403), ("outsider", 403)]
)
def test_it_lets_staff_read_the_goals_page(client, request, user_fixture, status):
    response = client_for(client, request.getfixturevalue(user_fixture)).get(LIST)
    assert response.status_code == status


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get(LIST)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logg-inn/")


def test_it_shows_the_participation_goal_achieved_with_its_numbers_and_a_chart(client, council_staff):
    reference_attendance()
    participation_goal(baseline_year=2024, baseline_value=Decimal(9))

    html = client_for(client, council_staff).get(LIST, {"aar": 2025}).content.decode()

    assert "Økt deltakelse i Erfaringspanelet" in html
    assert "2025: Nådd" in html
    assert "189\u00a0%" in html
    assert "+50\u00a0% fra året før" in html
    svg = re.search(r"<svg.*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg
    assert "2024: 9" in svg and "2025: 26" in svg
    assert svg.count("<rect") == 2  # 2024 and 2025: the baseline year starts the series
    assert "style=" not in html.split("<main", 1)[1]
    # Council staff read only: no edit links
    assert "/koordinator/mal/ny/" not in html


def test_a_coordinator_sees_the_edit_links(client, coordinator):
    goal = Goal.objects.create(title="Manuelt", target_kind="absolute", target_value=3)
    html = client_for(client, coordinator).get(LIST).content.decode()
    assert f"/koordinator/mal/{goal.pk}/rediger/" in html
    assert f"/koordinator/mal/{goal.pk}/tall/" in html


def test_a_coordinator_creates_a_computed_goal(client, coordinator):
    response = client_for(client, coordinator).post(
        "/koordinator/mal/ny/",
        {
            "title": "Flere organisasjoner i panelet",
            "source": "grant",
            "indicator_key": "panel.organisations_represented",
            "target_kind": "percent_change_vs_previous_year",
            "target_value": "50",
            "direction": "at_least",
            "position": "1",
        },
    )
    assert response.status_code == 302
    goal = Goal.objects.get()
    assert (goal.indicator_key, goal.target_value) == ("panel.organisations_represented", Decimal(50))


def test_errors_are_shown_beside_the_fields(client, coordinator):
    response = client_for(client, coordinator).post(
        "/koordinator/mal/ny/",
        {
            "title": "Mål",
            "source": "grant",
            "indicator_key": "panel.finnes_ikke",
            "target_kind": "percent_change_vs_baseline",
            "target_value": "",
            "direction": "at_least",
            "position": "0",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) >= {"indicator_key", "target_value"}
    html = response.content.decode()
    assert 'id="error_1_id_indicator_key"' in html or "invalid-feedback" in html
    assert Goal.objects.count() == 0


def test_a_baseline_target_needs_a_baseline(client, coordinator):
    response = client_for(client, coordinator).post(
        "/koordinator/mal/ny/",
        {
            "title": "Mål",
            "source": "own",
            "indicator_key": "manual",
            "target_kind": "percent_change_vs_baseline",
            "target_value": "10",
            "direction": "at_least",
            "position": "0",
        },
    )
    assert "baseline_year" in response.context["form"].errors
    assert Goal.objects.count() == 0


def test_council_staff_cannot_create_goals(client, council_staff):
    response = client_for(client, council_staff).post("/koordinator/mal/ny/", {"title": "x"})
    assert response.status_code == 403


def test_a_coordinator_enters_a_value_by_hand_and_replaces_it(client, coordinator):
    goal = Goal.objects.create(title="Fysiske møter", target_kind="absolute", target_value=40)
    client = client_for(client, coordinator)
    url = f"/koordinator/mal/{goal.pk}/tall/"
    assert client.post(url, {"year": "2025", "value": "35", "note": ""}).status_code == 302
    assert client.post(url, {"year": "2025", "value": "50,5", "note": "rettet"}).status_code == 302
    assert list(GoalValue.objects.values_list("year", "value", "note")) == [(2025, Decimal("50.5"), "rettet")]
    html = client.get(LIST, {"aar": 2025}).content.decode()
    assert "2025: Nådd" in html

    client.post(f"/koordinator/mal/{goal.pk}/tall/2025/slett/")
    assert not GoalValue.objects.exists()


def test_an_invalid_year_falls_back_to_the_current_year(client, council_staff):
    response = client_for(client, council_staff).get(LIST, {"aar": "tusen"})
    assert response.context["year"] == datetime.date.today().year


def _build(size):
    organisations = [make_organisation() for _ in range(size)]
    attend(panel_meeting(datetime.date(2024, 5, 1)), organisations[: size // 2])
    attend(panel_meeting(datetime.date(2025, 5, 1)), organisations)
    for index in range(size):
        participation_goal(title=f"Panelmål {size}-{index}", baseline_year=2023, baseline_value=1)
        manual = Goal.objects.create(title=f"Manuelt {size}-{index}", target_kind="absolute", target_value=3)
        GoalValue.objects.create(goal=manual, year=2025, value=index)


@pytest.mark.parametrize("size", [2, 12])
def test_the_goals_page_query_count_does_not_grow(client, coordinator, django_assert_max_num_queries, size):
    _build(size)
    client = client_for(client, coordinator)
    # session, user, roles; goals, values; panel.organisations_represented for 2022–2025 (4);
    # the navigation may add a few more of its own.
    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"aar": 2025})
    assert response.content.decode().count("<svg") == 2 * size
