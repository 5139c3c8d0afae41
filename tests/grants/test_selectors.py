"""docs/domain.md `grants`: every figure of every round of the year, on data that includes what must not count."""

from grants import selectors
from tests.grants.conftest import EXPECTED_2025
from tests.grants import factories


def test_it_follows_the_counting_rule_for_every_round_of_the_year(grants_2025):
    assert selectors.report_grants(2025) == EXPECTED_2025


def test_it_orders_the_rounds_by_scheme(grants_2025):
    assert [r["scheme"] for r in selectors.report_grants(2025)] == sorted(r["scheme"] for r in EXPECTED_2025)


def test_it_keeps_another_years_round_to_itself(grants_2025):
    (earlier,) = selectors.report_grants(2024)
    assert earlier["granted"]["operating"] == {"applications": 1, "organisations": 1, "amount": 90000, "members": 700}
    assert earlier["applications"] == 1 and earlier["unused"] == 210000


def test_a_year_without_rounds_is_an_empty_list(grants_2025):
    assert selectors.report_grants(2023) == []


def test_a_round_without_applications_has_zeros(db):
    factories.grant_round(2026, 50000)
    (figures,) = selectors.report_grants(2026)
    assert figures["applications"] == 0 and figures["applied_amount"] == 0 and figures["granted_amount"] == 0
    assert figures["granted"]["activity"] == {"applications": 0, "organisations": 0, "amount": 0, "participants": 0}
    assert figures["unused"] == 50000


def test_it_runs_a_fixed_number_of_queries_per_round(grants_2025, django_assert_num_queries):
    # 1: the rounds with their schemes; per round (2): totals, operating, activity, immigrant organisations = 4
    with django_assert_num_queries(1 + 2 * 4):
        selectors.report_grants(2025)
