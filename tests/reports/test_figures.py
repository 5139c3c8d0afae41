"""The report JSON (docs/domain.md "The report's figures as data") on data built here."""

import io
import json

import pytest
from django.core.management import call_command

from reports import selectors
from tests.reports import factories
from tests.reports.factories import REFERENCE

pytestmark = pytest.mark.django_db


def report_json(year=2025):
    out = io.StringIO()
    call_command("annual_report", str(year), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_it_reproduces_the_reference_reports_2025_figures():
    factories.build_reference_year(2025)

    data = report_json(2025)

    # The keys docs/domain.md names, in its order; keys added since come after them.
    assert list(data)[:9] == ["year", "panel", "outreach", "directory", "surveys", "series", "activities", "grants", "input"]
    assert data["grants"] == []  # no grant rounds in the reference year: an empty list (docs/domain.md)
    assert data["year"] == 2025
    panel = data["panel"]
    assert panel["meetings"] == REFERENCE["meetings"]
    assert panel["organisations_represented"] == 26
    assert panel["organisations_represented_previous_year"] == 9
    assert panel["growth_percent"] == 189
    assert panel["organisations_at_two_or_more_meetings"] == 13
    assert panel["municipal_services_at_two_or_more_meetings"] == 7
    assert data["outreach"]["organisations_contacted"] == 125
    assert data["outreach"]["organisations_responded"] == 81
    assert data["directory"] == {"published_at_year_end": 5}


def test_it_gives_the_surveys_per_group_as_domain_md_shows():
    factories.build_reference_year(2025)

    surveys = report_json(2025)["surveys"]

    assert [s["title"] for s in surveys] == ["Evaluering av Erfaringspanelet"]  # not last year's survey
    survey = surveys[0]
    assert survey["responses"] == 19
    immigrant, municipal = survey["groups"]
    assert (immigrant["name"], immigrant["responses"], immigrant["anonymous"], immigrant["named"]) == (
        "Innvandrerorganisasjon", 13, 6, 7,
    )
    assert (municipal["responses"], municipal["anonymous"], municipal["named"]) == (6, 1, 5)
    q1, q2, q3, q4 = immigrant["questions"]
    assert {key: q1[key] for key in ("position", "kind", "answers", "mean", "scores")} == {
        "position": 1, "kind": "score", "answers": 13, "mean": "4.5", "scores": factories.IMMIGRANT_SCORES_Q1,
    }
    assert (q2["kind"], q2["answers"]) == ("text", 1)
    assert (q3["kind"], q3["answers"], q3["yes"], q3["no"]) == ("yes_no", 13, 12, 1)
    assert (q4["answers"], q4["mean"]) == (12, "4.5")
    m1, _m2, m3, m4 = municipal["questions"]
    assert m1["mean"] == "3.5"
    assert (m3["yes"], m3["no"]) == (4, 2)
    assert m4["mean"] == "4.3"  # 4.25 rounds half up


def test_records_of_other_years_kinds_and_meeting_types_never_count():
    # Only records that must not count: a working group, a cancelled panel meeting, a meeting
    # next year, a voluntary organisation and contacts outside the year.
    outsider = factories.make_organisation(name="Utenfor")
    voluntary = factories.make_organisation(name="Frivillig", kind="voluntary_organisation", published_on=factories.d(2025, 1, 1))
    for kind, status, date in [("working_group", "held", factories.d(2025, 3, 1)), ("panel", "cancelled", factories.d(2025, 4, 1)), ("panel", "held", factories.d(2026, 1, 5))]:
        factories.attend(factories.meeting(date, kind=kind, status=status), outsider)
    factories.attend(factories.meeting(factories.d(2025, 5, 1)), voluntary)
    factories.Contact.objects.create(organisation=outsider, date=factories.d(2024, 12, 31), outcome="met")
    factories.make_organisation(name="Publisert i 2026", published_on=factories.d(2026, 1, 1))

    data = report_json(2025)

    assert data["panel"]["meetings"] == 1
    assert data["panel"]["organisations_represented"] == 0
    assert data["panel"]["growth_percent"] is None  # nothing the year before
    assert data["outreach"]["organisations_contacted"] == 0
    assert data["outreach"]["organisations_responded"] == 0
    assert data["directory"]["published_at_year_end"] == 0
    assert data["surveys"] == []


def test_the_html_and_the_json_come_from_the_same_content():
    factories.build_reference_year(2025)
    report = selectors.AnnualReport(year=2025, title="Årsrapport 2025")

    content = selectors.report_content(report)

    assert content["figures"] == report_json(2025)
    assert content["panel"]["represented_organisation_names"][:1] == ["Innvandrerforening 005"]
    assert len(content["panel"]["represented_organisation_names"]) == 26
    assert len(content["panel"]["municipal_services_at_two_or_more_meetings"]) == 7
    assert float(content["growth_target_percent"]) == 50
    assert [row["plan_text"][:20] for row in content["plan_table"]] == ["Det forventes at kom"]
