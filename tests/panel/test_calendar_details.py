"""/kalender/ says who organises an event, who may come and its language, and a meeting named
after the panel is not prefixed with the panel's name twice."""

import datetime
import zoneinfo

import pytest

from organisations.models import Event, Language
from tests.panel.factories import meeting

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


def test_an_event_shows_its_organiser_audience_and_language(client, published):
    organisation = published(name="Eritreisk Forening")
    Event.objects.create(
        organisation=organisation, title="Kulturkveld", starts_at=datetime.datetime(2030, 7, 1, 19, 0, tzinfo=OSLO),
        location="Bydelshuset", status="approved", audience="members", language=Language.objects.get(code="ti"),
    )
    Event.objects.create(
        organisation=published(name="Annen Forening"), title="Åpen dag",
        starts_at=datetime.datetime(2030, 7, 2, 12, 0, tzinfo=OSLO), location="Torget", status="approved",
    )

    html = client.get("/kalender/").content.decode()

    members_only, open_day = html.split("Kulturkveld")[1].split("Åpen dag")
    assert "Arrangør: Eritreisk Forening" in members_only
    assert "Hvem kan komme: Bare for medlemmer" in members_only
    assert "Språk: tigrinja" in members_only
    assert "Arrangør: Annen Forening" in open_day and "Hvem kan komme: Åpent for alle" in open_day
    assert "Språk:" not in open_day.split("</li>")[0]  # no language given, none shown


def test_a_meeting_named_after_the_panel_is_not_prefixed_twice(client):
    meeting("2030-12-03", title="Erfaringspanelet desember 2030", status="planned")
    meeting("2030-11-03", title="Høstmøtet", status="planned")

    html = client.get("/kalender/").content.decode()
    ics = client.get("/kalender.ics").content.decode()

    assert "Erfaringspanelet: Erfaringspanelet" not in html and "Erfaringspanelet: Erfaringspanelet" not in ics
    assert "Erfaringspanelet desember 2030" in html
    assert "Erfaringspanelet: Høstmøtet" in html
