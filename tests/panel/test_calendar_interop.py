"""The calendar as other programs read it: vobject (a parser the portal does not use) must see
Oslo summer and winter offsets right in the feed and in an invitation's .ics, also after 2038,
and every URL must be absolute. Lines end in CRLF and are folded at 75 octets (RFC 5545 3.1)."""

import datetime
import zoneinfo

import pytest
import vobject
from django.test import override_settings

from organisations.models import Event
from panel import services
from tests.panel.factories import meeting, organisation

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")
SUMMER, WINTER = datetime.timedelta(hours=2), datetime.timedelta(hours=1)


def _events(content):
    calendar = vobject.readOne(content.decode("utf-8"))
    return {vevent.summary.value: vevent for vevent in calendar.vevent_list}


@pytest.fixture
def meetings(published):
    summer = meeting("2031-06-12", title="Sommermøte", status="planned", start_time=datetime.time(17, 30),
                     end_time=datetime.time(20, 0))
    winter = meeting("2031-01-15", title="Vintermøte", status="planned", start_time=datetime.time(18, 0))
    far_summer = meeting("2045-07-04", title="Sommer 2045", status="planned", start_time=datetime.time(12, 0))
    far_winter = meeting("2045-12-04", title="Vinter 2045", status="planned", start_time=datetime.time(12, 0))
    Event.objects.create(
        organisation=published(name="Eritreisk Forening"), title="Kulturkveld", status="approved",
        starts_at=datetime.datetime(2040, 8, 1, 19, 0, tzinfo=OSLO),
        ends_at=datetime.datetime(2040, 8, 1, 22, 0, tzinfo=OSLO),
    )
    return {"summer": summer, "winter": winter, "far_summer": far_summer, "far_winter": far_winter}


def test_vobject_reads_summer_and_winter_offsets_in_the_feed_in_every_year(client, meetings):
    events = _events(client.get("/kalender.ics").content)
    summer = events["Erfaringspanelet: Sommermøte"]
    assert summer.dtstart.value.utcoffset() == SUMMER
    assert summer.dtstart.value.astimezone(datetime.timezone.utc).hour == 15
    assert summer.dtend.value.astimezone(datetime.timezone.utc).hour == 18
    winter = events["Erfaringspanelet: Vintermøte"].dtstart.value
    assert winter.utcoffset() == WINTER and winter.astimezone(datetime.timezone.utc).hour == 17
    # After 2037, where a zoneinfo-built VTIMEZONE's RDATE list ends.
    assert events["Erfaringspanelet: Sommer 2045"].dtstart.value.utcoffset() == SUMMER
    assert events["Erfaringspanelet: Vinter 2045"].dtstart.value.utcoffset() == WINTER
    event = events["Kulturkveld"].dtstart.value
    assert event.utcoffset() == SUMMER and event.astimezone(datetime.timezone.utc).hour == 17


def test_every_url_in_the_feed_is_absolute(client, meetings):
    events = _events(client.get("/kalender.ics", HTTP_HOST="localhost").content)
    assert events["Erfaringspanelet: Sommermøte"].url.value == (
        f"http://localhost/erfaringspanelet/{meetings['summer'].pk}/"
    )
    assert events["Kulturkveld"].url.value.startswith("http://localhost/organisasjoner/")


def test_a_meetings_own_file_reads_right_in_vobject(client, meetings):
    response = client.get(f"/erfaringspanelet/{meetings['summer'].pk}/mote.ics", HTTP_HOST="localhost")
    (event,) = _events(response.getvalue()).values()
    assert event.dtstart.value.utcoffset() == SUMMER
    assert event.url.value == f"http://localhost/erfaringspanelet/{meetings['summer'].pk}/"


@override_settings(PORTAL_BASE_URL="https://mangfold.example.org")
def test_an_invitations_ics_reads_right_in_vobject_with_an_absolute_url(meetings, mailoutbox):
    guest = organisation("Inviterte", email="post@inviterte.example.org")
    for key, offset in (("summer", SUMMER), ("winter", WINTER)):
        mailoutbox.clear()
        services.invitations_send(meeting=meetings[key], organisations=[guest])
        (part,) = [part for part in mailoutbox[0].message().walk() if part.get_content_type() == "text/calendar"]
        (event,) = _events(part.get_payload(decode=True)).values()
        assert event.dtstart.value.utcoffset() == offset
        assert event.url.value == f"https://mangfold.example.org/erfaringspanelet/{meetings[key].pk}/"


def test_the_time_zone_is_written_with_yearly_rules_not_a_list_of_dates(client, meetings):
    content = client.get("/kalender.ics").content.decode()
    zone = content[content.index("BEGIN:VTIMEZONE"):content.index("END:VTIMEZONE")]
    assert "RDATE" not in zone
    assert zone.count("RRULE:FREQ=YEARLY") == 2
    assert "BYMONTH=3" in zone and "BYMONTH=10" in zone and zone.count("BYDAY=-1SU") == 2


def test_lines_end_in_crlf_and_are_folded_at_75_octets(client, published):
    long_title = "Møte om språkopplæring, arbeid, bolig og helse for nyankomne familier – " * 2  # < 200 characters
    meeting("2031-03-03", title=long_title.strip(), status="planned", start_time=datetime.time(18, 0),
            location="Kulturhuset, Ålgårdsgata 12, 4306 Sandnes – stor sal i andre etasje")
    content = client.get("/kalender.ics").content
    assert content.endswith(b"\r\n")
    lines = content.split(b"\r\n")
    assert b"\n" not in b"".join(lines)  # no bare LF anywhere
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long title was folded
    (event,) = _events(content).values()
    assert event.summary.value == "Erfaringspanelet: " + long_title.strip()


def test_the_calendar_page_offers_a_webcal_subscription_with_instructions(client):
    content = client.get("/kalender/", HTTP_HOST="localhost").content.decode()
    assert 'href="webcal://localhost/kalender.ics"' in content
    assert "http://localhost/kalender.ics" in content
    for program in ("Outlook", "Google", "iPhone"):
        assert program in content


def test_icaljs_reads_summer_and_winter_times_in_the_feed_as_oslo_wall_time(client, meetings):
    from tests.interop import read_with_icaljs

    events = {event["summary"]: event for event in read_with_icaljs(client.get("/kalender.ics").content)["events"]}
    summer = events["Erfaringspanelet: Sommermøte"]["occurrences"][0]["start"]
    assert (summer["local"], summer["offset"], summer["utc"]) == ("2031-06-12T17:30:00", 7200, "2031-06-12T15:30:00.000Z")
    winter = events["Erfaringspanelet: Vintermøte"]["occurrences"][0]["start"]
    assert (winter["local"], winter["offset"]) == ("2031-01-15T18:00:00", 3600)
    assert events["Erfaringspanelet: Sommer 2045"]["occurrences"][0]["start"]["offset"] == 7200
