"""Periods: a report (and the figures page) can add a chosen period besides the calendar year, such
as the project's year December 2024–December 2025, for the lists of organisations and the "since
the start" counts. The year's JSON stays as docs/domain.md says; the period's figures are JSON on
the same keys."""

import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from outreach.models import Contact
from portal.reporting.periods import Period
from reports import selectors, services
from tests.conftest import client_for, make_organisation
from tests.factories import attend, meeting

pytestmark = pytest.mark.django_db

D = datetime.date
PROJECT_YEAR = Period(D(2024, 12, 1), D(2025, 12, 31))


@pytest.fixture
def panel():
    """Panel meetings either side of the period's edges, with who came."""
    names = {}
    for when, name in ((D(2024, 11, 28), "Bare i november 2024"), (D(2024, 12, 5), "Desember 2024"),
                       (D(2025, 5, 15), "Mai 2025"), (D(2026, 1, 8), "Januar 2026")):
        names[name] = make_organisation(name=name)
        attend(meeting(when), names[name])
    attend(meeting(D(2025, 6, 1), status="cancelled"), make_organisation(name="Avlyst møte"))
    attend(meeting(D(2025, 2, 1)), make_organisation(name="Frivillig", kind="voluntary_organisation"))
    Contact.objects.create(date=D(2024, 12, 10), organisation=names["Bare i november 2024"], outcome="met", head_count=3)
    Contact.objects.create(date=D(2024, 11, 10), organisation=names["Januar 2026"], outcome="met", head_count=5)
    return names


def test_a_period_counts_the_years_figures_over_its_own_days(panel):
    data = selectors.period_figures(PROJECT_YEAR)
    assert data["period"] == {"start": "2024-12-01", "end": "2025-12-31"}
    assert data["panel"] == {"meetings": 3, "organisations_represented": 2}
    # Attendance in the period, or a contact in it: the November organisation was contacted in December.
    assert data["outreach"]["organisations_contacted"] == 3
    assert data["outreach"]["people_met"] == 3  # the December contact's, not November's
    assert "year" not in data and "surveys" not in data  # only the figures that count over a period

    year = selectors.report_figures(2025)
    assert year["year"] == 2025 and "period" not in year
    assert year["panel"]["meetings"] == 2 and year["panel"]["organisations_represented"] == 1


def test_the_report_lists_the_periods_organisations_beside_the_years(client, coordinator, panel):
    report = services.report_create(year=2025)
    services.report_set_period(report=report, period=PROJECT_YEAR)
    page = client_for(client, coordinator).get(reverse("reports:detail", args=[2025])).content.decode()
    listed = page[page.index("fra desember 2024 til desember 2025 (2 organisasjoner)"):]
    listed = listed[:listed.index("</ul>")]
    assert "Desember 2024" in listed and "Mai 2025" in listed
    for name in ("Bare i november 2024", "Januar 2026", "Avlyst møte", "Frivillig"):
        assert name not in listed
    assert "Fra desember 2024 til desember 2025 har mangfoldskoordinatorene kontaktet 3" in page
    # Frozen with the rest: an approved report keeps its period's list.
    approved = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=D(2026, 3, 11))
    attend(meeting(D(2025, 9, 1)), make_organisation(name="Kom etter godkjenningen"))
    assert selectors.report_content(approved)["period"]["represented_organisation_names"] == ["Desember 2024", "Mai 2025"]
    assert services.report_reopen(report=approved).period == PROJECT_YEAR


def test_a_coordinator_chooses_the_period_and_a_bad_one_is_explained(client, coordinator, council_staff):
    report = services.report_create(year=2025)
    url = reverse("reports:report_period", args=[report.pk])
    assert client_for(client, council_staff).post(url, {"fra": "2024-12-01", "til": "2025-12-31"}).status_code == 403
    client = client_for(client, coordinator)
    page = client.post(url, {"fra": "2025-12-31", "til": "2024-12-01"}, follow=True).content.decode()
    assert "Perioden må slutte samme dag eller senere enn den starter." in page
    page = client.post(url, {"fra": "2024-12-01", "til": "ikke en dato"}, follow=True).content.decode()
    report.refresh_from_db()
    assert report.period is None
    client.post(url, {"fra": "2024-12-01", "til": "2025-12-31"})
    report.refresh_from_db()
    assert report.period == PROJECT_YEAR
    client.post(url, {"fra": "", "til": ""})
    report.refresh_from_db()
    assert report.period is None


def test_the_period_as_json_from_the_command_and_the_figures_page(client, council_staff, outsider, panel):
    out = io.StringIO()
    call_command("annual_report", "2025", "--format", "json", "--period", "2024-12-01:2025-12-31", stdout=out)
    assert json.loads(out.getvalue())["panel"] == {"meetings": 3, "organisations_represented": 2}
    with pytest.raises(CommandError, match="slutte samme dag"):
        call_command("annual_report", "2025", "--format", "json", "--period", "2025-12-31:2024-12-01")

    url = reverse("panel:figures_json") + "?fra=2024-12-01&til=2025-12-31"
    assert client.get(url).status_code == 302
    assert client_for(client, outsider).get(url).status_code == 403
    client.force_login(council_staff)
    assert client.get(url).json()["panel"] == {"meetings": 3, "organisations_represented": 2}
    bad = client.get(reverse("panel:figures_json") + "?fra=2024-12-01&til=1.1.")
    assert bad.status_code == 400 and "dato" in bad.json()["error"].lower()
    page = client.get(reverse("panel:figures") + "?aar=2025&fra=2024-12-01&til=2025-12-31").content.decode()
    assert "3 møter i Erfaringspanelet, 2 innvandrerorganisasjoner representert" in page
    assert "<li>Desember 2024</li>" in page and "<li>Januar 2026</li>" not in page
    page = client.get(reverse("panel:figures") + "?fra=x&til=2025-12-31")
    assert page.status_code == 200 and "Periode fra og med: Oppgi en gyldig dato." in page.content.decode()


def test_the_figures_page_reads_a_period_in_a_fixed_number_of_queries(client, coordinator, panel):
    from tests.portal.test_query_counts import build, queries

    client.force_login(coordinator)
    year_only = queries(client, reverse("panel:figures") + "?aar=2025")
    with_period = reverse("panel:figures") + "?aar=2025&fra=2024-12-01&til=2025-12-31"
    small = queries(client, with_period)
    build(20, "Stor")
    assert queries(client, with_period) == small
    # The period adds one query per figure registered for periods (panel 2, outreach 4 of which
    # people met takes two, activities 8), and the list of the period's organisations: 16.
    assert small - year_only == 16
