"""The report's query count does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals.models import Goal, Measure, MeasureYear, PlanItem, PlanItemYear
from panel.models import InputItem
from reports import selectors, services
from surveys.models import Survey
from tests.reports import factories

pytestmark = pytest.mark.django_db

# The page: session, user and roles, the report, its chapters, then the figures and the panel,
# outreach, survey and goals selectors, each a fixed number of queries whatever the size.
# Grants add the year's rounds twice (the JSON figures and the section), plus five per round.
# The input figures add seven: one per scalar figure (input.by_service is chapter 6's query); the
# public input the report tells about five: the items, then what they led to (plan items,
# measures, activities, series); the input by theme one. The networks add five: one per scalar
# figure (three), the year's agreements and the year's relationships (the agreements' parties are
# one more query when the year has any). The records marked for a subchapter two: the series, the
# activities (their partners and measures only when there are some).
MAX_PAGE_QUERIES = 92


def grow(round_):
    """More of everything the report reads: organisations at meetings, meetings, contacts,
    input, survey answers, goals, plan items and measures."""
    orgs = factories.organisations(f"Runde {round_} forening", 40)
    meetings = [factories.meeting(factories.d(2025, 1 + n, 2 + round_)) for n in range(3)]
    service = factories.make_organisation(name=f"Runde {round_} virksomhet", kind="municipal_service")
    measure_for_input = Measure.objects.create(position=round_ * 100, title=f"Tiltak etter innspill {round_}")
    for index, org in enumerate(orgs):
        factories.attend(meetings[index % 3], org, participants=1 + index % 4)
        InputItem.objects.create(
            meeting=meetings[index % 3], raised_by=org, assigned_service=service, text=f"Innspill {index}",
            raised_on=meetings[index % 3].date, status="answered", answer="Svar", answered_on=factories.d(2025, 12, 1),
            public=index % 2 == 0,
        ).led_to_measures.add(measure_for_input)
        factories.Contact.objects.create(organisation=org, date=factories.d(2025, 9, 1), outcome="met")
        factories.Contact.objects.create(organisation=org, date=factories.d(2024, 9, 1), outcome="responded")
    factories.build_survey(2025, title=f"Undersøkelse {round_}", extra_answers=15)
    Goal.objects.create(title=f"Mål {round_}", indicator_key="outreach.organisations_contacted", target_kind="absolute", target_value=100)
    for n in range(5):
        item = PlanItem.objects.create(plan_name="Plan", chapter=f"Kapittel {n % 2}", position=round_ * 10 + n, text=f"Punkt {n}")
        PlanItemYear.objects.create(plan_item=item, year=2025, achieved_text=f"<p>Oppnådd {n}</p>")
        measure = Measure.objects.create(position=round_ * 10 + n, title=f"Tiltak {round_}-{n}")
        MeasureYear.objects.create(measure=measure, year=2025, status="completed")


def queries(client, report):
    if connection.vendor == "postgresql":
        # The rows this test wrote are in its open transaction, which autovacuum never sees: the
        # planner would take every table for empty and may nest loops over thousands of rows
        # (CI once spent 12 minutes here). ANALYZE counts the transaction's own rows.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as page:
        response = client.get("/rapporter/2025/")
    assert response.status_code == 200
    with CaptureQueriesContext(connection) as content:
        selectors.build_content(report)
    return len(page), len(content)


@pytest.mark.slow(reason="builds two whole years of records, the second ten times larger, and renders the report for each")
def test_the_report_reads_in_a_fixed_number_of_queries(client, coordinator):
    factories.build_reference_year(2025)
    # (The goals read each distinct indicator once: the indicator the new goals use is there from the start.)
    Goal.objects.create(title="Mål 0", indicator_key="outreach.organisations_contacted", target_kind="absolute", target_value=100)
    # (One public input item from the start: what items led to is read only when there are items.)
    first = factories.meeting(factories.d(2025, 2, 1))
    InputItem.objects.create(
        meeting=first, text="Innspill", raised_on=first.date, status="implemented", answer="Gjort",
        answered_on=factories.d(2025, 3, 1), public=True,
    )
    report = services.report_create(year=2025)
    client.force_login(coordinator)
    client.get("/rapporter/2025/")  # warm the session and the content types

    small = queries(client, report)
    for round_ in (1, 2, 3):
        grow(round_)
    large = queries(client, report)

    assert Survey.objects.filter(report_year=2025).count() == 4
    assert small[0] <= MAX_PAGE_QUERIES
    assert large == small
