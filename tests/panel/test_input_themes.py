"""Input themes are chosen from a list (the meetings' topics and the themes input already has),
a new one may still be written, and the year's input is summed up by theme in the report."""

import datetime

import pytest

from panel.models import InputItem, Topic
from panel.selectors import input_by_theme
from reports import selectors as report_selectors
from reports.models import AnnualReport
from tests.panel.factories import meeting, series, series_meeting

pytestmark = pytest.mark.django_db


def post(client, m, **fields):
    data = {"meeting": m.pk, "text": "Et innspill.", "status": "new", "raised_on": m.date.isoformat()}
    data.update(fields)
    return client.post("/koordinator/innspill/nytt/", data)


def test_the_form_offers_the_meetings_topics_and_the_themes_input_has(client, coordinator):
    Topic.objects.create(name="Barnevern")
    InputItem.objects.create(meeting=meeting("2025-01-10"), text="Før", theme="Arbeid", raised_on=datetime.date(2025, 1, 10))
    client.force_login(coordinator)

    page = client.get("/koordinator/innspill/nytt/").content.decode()

    assert '<option value="Arbeid">Arbeid</option>' in page
    assert '<option value="Barnevern">Barnevern</option>' in page


def test_a_chosen_theme_is_saved(client, coordinator):
    Topic.objects.create(name="Barnevern")
    client.force_login(coordinator)

    assert post(client, meeting("2025-03-01"), theme_choice="Barnevern", theme="").status_code == 302

    assert InputItem.objects.get().theme == "Barnevern"


def test_a_written_theme_that_is_in_the_list_takes_the_lists_spelling(client, coordinator):
    Topic.objects.create(name="Barnevern")
    client.force_login(coordinator)

    assert post(client, meeting("2025-03-01"), theme="  barnevern ").status_code == 302

    assert InputItem.objects.get().theme == "Barnevern"


def test_a_new_theme_may_still_be_written(client, coordinator):
    client.force_login(coordinator)

    assert post(client, meeting("2025-03-01"), theme="Eldre innvandrere").status_code == 302

    assert InputItem.objects.get().theme == "Eldre innvandrere"


def test_a_chosen_and_a_different_written_theme_is_refused_and_nothing_is_lost(client, coordinator):
    Topic.objects.create(name="Barnevern")
    client.force_login(coordinator)

    response = post(client, meeting("2025-03-01"), theme_choice="Barnevern", theme="Helse", text="Teksten blir stående.")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Velg et tema fra listen eller skriv et nytt, ikke begge." in page
    assert "Teksten blir stående." in page
    assert not InputItem.objects.exists()


def test_the_years_panel_input_is_summed_up_by_theme_in_the_report():
    m = meeting("2025-03-01")
    for theme, status in [("Arbeid", "answered"), ("arbeid ", "new"), ("Helse", "implemented"), ("", "answered")]:
        InputItem.objects.create(meeting=m, text="x", theme=theme, status=status, raised_on=m.date)
    # must not count: another series' meeting, another year
    InputItem.objects.create(meeting=series_meeting(series("Gruppe"), datetime.date(2025, 4, 1)), text="x", theme="Helse", raised_on=datetime.date(2025, 4, 1))
    InputItem.objects.create(meeting=meeting("2024-03-01"), text="x", theme="Helse", raised_on=datetime.date(2024, 3, 1))

    assert input_by_theme(2025) == [
        {"theme": "Arbeid", "raised": 2, "answered": 1},
        {"theme": "Helse", "raised": 1, "answered": 1},
    ]
    content = report_selectors.report_content(AnnualReport(year=2025, title="Årsrapport 2025"))
    assert content["input_by_theme"] == input_by_theme(2025)
