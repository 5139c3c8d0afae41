"""/kalender/ and /kalender.ics: panel meetings and organisations' approved events, Oslo time."""

import datetime
import zoneinfo

import icalendar
import pytest
from django.utils import timezone

from organisations.models import Event
from tests.panel.factories import meeting

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


@pytest.fixture
def calendar_data(published):
    summer = meeting("2030-06-12", title="Sommermøte", status="planned", start_time=datetime.time(17, 30),
                     end_time=datetime.time(20, 0), location="Kulturhuset")
    winter = meeting("2030-01-15", title="Vintermøte", status="planned", start_time=datetime.time(18, 0))
    meeting("2030-03-03", title="Intern arbeidsgruppe", kind="working_group")
    past = meeting("2020-05-05", title="Gammelt møte")
    organisation = published(name="Eritreisk Forening")
    Event.objects.create(
        organisation=organisation,
        title="Kulturkveld",
        starts_at=datetime.datetime(2030, 7, 1, 19, 0, tzinfo=OSLO),
        location="Bydelshuset",
        status="approved",
    )
    Event.objects.create(
        organisation=organisation,
        title="Ikke godkjent fest",
        starts_at=datetime.datetime(2030, 7, 2, 19, 0, tzinfo=OSLO),
        location="Bydelshuset",
    )
    return {"summer": summer, "winter": winter, "past": past}


def test_it_lists_coming_and_past_panel_meetings_and_approved_events(client, calendar_data):
    response = client.get("/kalender/")
    assert response.status_code == 200
    content = response.content.decode()
    coming, past = content.split('id="tidligere"')
    assert coming.index("Vintermøte") < coming.index("Sommermøte") < coming.index("Kulturkveld")
    assert "Gammelt møte" in past
    assert "Intern arbeidsgruppe" not in content
    assert "Ikke godkjent fest" not in content


def test_ics_parses_back_with_oslo_local_times(client, calendar_data):
    response = client.get("/kalender.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    summer = events["Erfaringspanelet: Sommermøte"]
    start = summer.decoded("dtstart")
    assert start == datetime.datetime(2030, 6, 12, 17, 30, tzinfo=OSLO)
    assert start.utcoffset() == datetime.timedelta(hours=2)  # summer time
    assert summer["dtstart"].params["TZID"] == "Europe/Oslo"
    assert summer.decoded("dtend") == datetime.datetime(2030, 6, 12, 20, 0, tzinfo=OSLO)
    assert str(summer["location"]) == "Kulturhuset"
    assert str(summer["url"]).endswith(f"/erfaringspanelet/{calendar_data['summer'].pk}/")
    winter = events["Erfaringspanelet: Vintermøte"].decoded("dtstart")
    assert winter.utcoffset() == datetime.timedelta(hours=1)  # winter time
    assert winter.hour == 18
    assert events["Kulturkveld"].decoded("dtstart") == datetime.datetime(2030, 7, 1, 19, 0, tzinfo=OSLO)
    assert "Intern arbeidsgruppe" not in response.content.decode()
    assert "Ikke godkjent fest" not in response.content.decode()
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert len({str(event["uid"]) for event in calendar.walk("VEVENT")}) == len(events)


def test_a_meeting_without_a_time_is_an_all_day_event(client):
    meeting("2030-09-09", title="Heldag", status="planned")
    calendar = icalendar.Calendar.from_ical(client.get("/kalender.ics").content)
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == datetime.date(2030, 9, 9)


def test_a_cancelled_meeting_is_marked_cancelled(client):
    meeting("2030-09-09", title="Avlyst møte", status="cancelled", start_time=datetime.time(18, 0))
    calendar = icalendar.Calendar.from_ical(client.get("/kalender.ics").content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["status"]) == "CANCELLED"
    assert "Avlyst" in client.get("/kalender/").content.decode()


def test_calendar_query_count_does_not_grow(client, django_assert_max_num_queries):
    def build(n, year):
        for day in range(1, n + 1):
            meeting(datetime.date(year, 1, day), title=f"M{year}-{day}").topics.create(name=f"Tema {year}-{day}")

    build(2, 2031)
    with django_assert_max_num_queries(8) as small:
        client.get("/kalender/")
    build(20, 2032)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/kalender/")
    assert "M2032-20" in response.content.decode()


def test_upcoming_meetings_appear_on_the_start_page(client):
    coming = meeting(timezone.localdate() + datetime.timedelta(days=7), title="Neste panel", status="planned")
    content = client.get("/").content.decode()
    assert "Erfaringspanelet: Neste panel" in content
    assert f"/erfaringspanelet/{coming.pk}/" in content
