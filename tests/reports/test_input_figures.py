"""The report's `input` figures (docs/domain.md counting rules): input raised at the year's panel
meetings, in the JSON, the HTML and the PDF, on a year with input that must not count beside it
(another series' meeting, the year before and after, a voluntary organisation)."""

import io
import json

import pytest
from django.core.management import call_command

from organisations.models import Kind
from panel.models import InputItem
from panel.selectors import median
from reports import pdf, services
from tests.panel.factories import series, series_meeting
from tests.reports import factories
from tests.reports.test_pdf import flat, pdf_text

pytestmark = pytest.mark.django_db
d = factories.d


def item(meeting, status, *, by=None, service=None, raised_on=None, answered_on=None, text=None):
    return InputItem.objects.create(
        meeting=meeting, status=status, raised_by=by, assigned_service=service, text=text or f"Innspill {status}",
        raised_on=raised_on or meeting.date, answered_on=answered_on,
        answer="Svar." if answered_on else "",
    )


def build_input_year():
    """2025: eight items at two panel meetings; beside them, items that must not count."""
    immigrant = factories.make_organisation(name="Afrikansk forening")
    faith = factories.make_organisation(name="Moskeen", kind=Kind.FAITH_COMMUNITY)
    voluntary = factories.make_organisation(name="Røde Kors", kind=Kind.VOLUNTARY_ORGANISATION)
    waiting = factories.make_organisation(name="Venter forening")
    elsewhere = factories.make_organisation(name="Arbeidsgruppeforeningen")
    last_year = factories.make_organisation(name="Fjorårsforeningen")
    nav = factories.make_organisation(name="Nav Sandnes", kind=Kind.MUNICIPAL_SERVICE)
    kultur = factories.make_organisation(name="Kultur", kind=Kind.MUNICIPAL_SERVICE)
    aasen = factories.make_organisation(name="Åsen bydel", kind=Kind.MUNICIPAL_SERVICE)

    march = factories.meeting(d(2025, 3, 10))
    september = factories.meeting(d(2025, 9, 1))
    item(march, "answered", by=immigrant, service=nav, answered_on=d(2025, 3, 20))  # 10 days
    item(march, "implemented", by=faith, service=nav, answered_on=d(2025, 4, 9))  # 30 days
    # raised later than the meeting (given): counted from the day it was raised, 25 days
    item(september, "answered", by=voluntary, service=kultur, raised_on=d(2025, 9, 5), answered_on=d(2025, 9, 30))
    item(september, "answered", by=immigrant, service=aasen, answered_on=d(2025, 9, 21))  # 20 days
    item(march, "not_pursued", by=immigrant, service=kultur, answered_on=d(2025, 5, 1))
    item(march, "new")  # the meeting as a whole, no service
    item(september, "forwarded", by=immigrant, service=kultur)
    item(september, "in_progress", by=waiting, service=nav)

    # Must not count: another series' meeting in the year, panel meetings the year before and after.
    group = series_meeting(series("Arbeidsgruppe for arbeid"), d(2025, 6, 1))
    item(group, "answered", by=elsewhere, service=nav, answered_on=d(2025, 6, 2))
    december = factories.meeting(d(2024, 12, 2))
    item(december, "implemented", by=last_year, service=nav, answered_on=d(2025, 1, 10))
    item(factories.meeting(d(2026, 1, 12)), "answered", by=waiting, service=kultur, answered_on=d(2026, 1, 13))


def report_json(year=2025):
    out = io.StringIO()
    call_command("annual_report", str(year), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_it_counts_the_input_raised_at_the_years_panel_meetings_only():
    build_input_year()

    figures = report_json(2025)["input"]

    assert figures == {
        "raised": 8,
        "answered": 4,  # answered or implemented
        "implemented": 1,
        "not_pursued": 1,
        "open": 2 + 1,  # new, forwarded, in progress
        # the immigrant organisation and the faith community; not the voluntary organisation, not
        # the one still waiting, not those heard at the working group or the year before
        "organisations_heard": 2,
        # days 10, 20, 25, 30: the mean of 20 and 25 is 22.5, rounded half up
        "median_days_to_answer": 23,
        "by_service": [
            {"service": "Kultur", "raised": 3, "answered": 1},
            {"service": "Nav Sandnes", "raised": 3, "answered": 2},
            {"service": "Åsen bydel", "raised": 1, "answered": 1},
        ],
    }


def test_a_year_without_input_has_zeros_and_no_median():
    factories.meeting(d(2025, 3, 10))

    assert report_json(2025)["input"] == {
        "raised": 0, "answered": 0, "implemented": 0, "not_pursued": 0, "open": 0,
        "organisations_heard": 0, "median_days_to_answer": None, "by_service": [],
    }


def test_the_median_of_an_odd_count_is_the_middle_value_and_of_an_even_count_rounds_half_up():
    assert median([30, 10, 25]) == 25
    assert median([1, 2]) == 2  # 1.5 → 2, never half to even
    assert median([2, 3]) == 3  # 2.5 → 3
    assert median([]) is None


def test_the_report_shows_the_input_figures_beside_the_panel_figures_in_html_and_pdf():
    build_input_year()
    report = services.report_create(year=2025)

    out = io.StringIO()
    call_command("annual_report", "2025", "--format", "html", stdout=out)
    html = out.getvalue()
    text = flat(pdf_text(pdf.generate(report)[2]))

    assert "Innspill i Erfaringspanelet i 2025" in html
    assert 'Dager fra innspill til svar (median)</th><td class="num">23</td>' in html
    assert "Innvandrerorganisasjoner som har fått svar på innspill 2" in text
    assert "Dager fra innspill til svar (median) 23" in text
    assert "Innspill meldt 8" in text
    # Chapter 6: the services' input, by the same rule (the working group's item is not Nav's)
    assert "Nav Sandnes 3 2" in text


def test_an_approved_report_keeps_the_input_figures_it_was_approved_with():
    build_input_year()
    report = services.report_create(year=2025)
    services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=d(2026, 3, 11))
    still_open = InputItem.objects.get(status="in_progress")
    still_open.status, still_open.answer, still_open.answered_on = "implemented", "Gjort.", d(2026, 4, 1)
    still_open.save()

    figures = report_json(2025)["input"]

    assert (figures["raised"], figures["answered"], figures["open"]) == (8, 4, 3)
    assert figures["median_days_to_answer"] == 23
