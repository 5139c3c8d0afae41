"""A report made before its year has ended says only what is true on that day: it counts the
meetings held (docs/domain.md `panel.meetings`), its "as of" sentences give that day, and an
approved report keeps what it said when it was approved. "Today" is frozen here."""

import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from reports import pdf, selectors, services
from tests.reports import factories

pytestmark = pytest.mark.django_db

SIXTH_OF_DECEMBER = datetime.date(2026, 12, 6)



@pytest.fixture
def year_2026():
    """Two panel meetings held, one planned for 27 December, one cancelled, one the year before;
    two organisations in the directory (one published after the report is made)."""
    adle = factories.make_organisation(name="Adle", published_on=factories.d(2026, 2, 1))
    factories.make_organisation(name="Før", published_on=factories.d(2025, 5, 1))
    factories.attend(factories.meeting(factories.d(2026, 3, 11)), adle)
    factories.attend(factories.meeting(factories.d(2026, 9, 9)), adle)
    factories.meeting(factories.d(2026, 12, 27), status="planned", title="Julemøtet")
    factories.meeting(factories.d(2026, 6, 6), status="cancelled")
    factories.meeting(factories.d(2025, 11, 11))
    return adle


def command_json(year):
    out = io.StringIO()
    call_command("annual_report", str(year), "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def text(content):
    return " ".join(strip_tags(pdf.render_print_html(content)).split())


def test_a_2026_report_made_on_6_december_counts_the_meetings_held(frozen_today, year_2026):
    data = command_json(2026)

    assert data["panel"]["meetings"] == 2
    html = text(selectors.report_content(selectors.AnnualReport(year=2026, title="Årsrapport 2026")))
    assert "Det ble arrangert 2 møter i Erfaringspanelet i 2026." in html
    assert "Julemøtet" not in html


def test_an_approved_report_keeps_the_count_it_was_approved_with(frozen_today, year_2026):
    report = services.report_create(year=2026)
    report = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=SIXTH_OF_DECEMBER)

    frozen_today(datetime.date(2027, 1, 10))  # the December meeting has been held since

    assert command_json(2026)["panel"]["meetings"] == 2
    draft = services.report_reopen(report=report)
    assert selectors.report_content(draft)["figures"]["panel"]["meetings"] == 3


def test_as_of_sentences_give_the_day_the_report_is_made_while_the_year_runs(frozen_today, year_2026):
    html = text(selectors.report_content(selectors.AnnualReport(year=2026, title="Årsrapport 2026")))

    assert "Per 6. desember 2026 var 2 innvandrerorganisasjoner lagt ut i den offentlige oversikten." in html
    assert "1 ved inngangen til 2026, 2 per 6. desember 2026." in html
    assert "Per 6. desember 2026 har de enten møtt eller hatt svar" in html
    assert "31.12.2026" not in html and "ved utgangen" not in html.lower()


def test_an_approved_report_keeps_the_day_it_was_made_in_its_sentences(frozen_today, year_2026):
    report = services.report_create(year=2026)
    report = services.report_approve(report=report, approved_by_body="Erfaringspanelet", approved_on=SIXTH_OF_DECEMBER)
    frozen_today(datetime.date(2027, 1, 10))

    report.refresh_from_db()
    html = text(selectors.report_content(report))

    assert "Per 6. desember 2026 var 2 innvandrerorganisasjoner" in html and "31.12.2026" not in html


def test_once_the_year_has_ended_the_report_speaks_of_its_end(frozen_today, year_2026):
    frozen_today(datetime.date(2027, 1, 10))

    html = text(selectors.report_content(selectors.AnnualReport(year=2026, title="Årsrapport 2026")))

    assert "Pr. 31.12.2026 var 2 innvandrerorganisasjoner lagt ut i den offentlige oversikten." in html
    assert "2 ved utgangen" in html and "Ved utgangen av 2026 har de" in html
    assert "Per 10. januar 2027" not in html
