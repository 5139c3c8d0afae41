"""The regular offers in /kalender.ics (one repeating VEVENT each) and on /kalender/, read by two
programs we did not write: ical.js (Thunderbird and many web calendars) and vobject."""

import datetime
import zoneinfo

import pytest
import vobject
from django.urls import reverse

from organisations.models import ModerationStatus
from tests.conftest import make_organisation
from tests.interop import read_with_icaljs
from tests.offers.factories import offer

pytestmark = pytest.mark.django_db
OSLO = zoneinfo.ZoneInfo("Europe/Oslo")


@pytest.fixture
def cafe(frozen_today):
    """Tuesdays 18–20 through 2027, with a summer pause and one cancelled evening (30 March)."""
    eritrean = make_organisation("Eritreisk forening", published_on=datetime.date(2026, 1, 1))
    offer(eritrean, title="Ventende kafé", status=ModerationStatus.PENDING)  # must not be in the feed
    return offer(
        eritrean, title="Tigrinsk språkkafé", weekdays="2", start="18:00", end="20:00",
        valid_from="2027-01-01", valid_until="2027-12-14",
        pauses=[("2027-06-21", "2027-08-08"), ("2027-03-30", "2027-03-30")],
    )


def expected_tuesdays():
    day, dates = datetime.date(2027, 1, 5), []
    while day <= datetime.date(2027, 12, 14):
        if not (datetime.date(2027, 6, 21) <= day <= datetime.date(2027, 8, 8)) and day != datetime.date(2027, 3, 30):
            dates.append(day)
        day += datetime.timedelta(days=7)
    return dates


def test_ical_js_expands_the_cafe_to_its_tuesdays_at_oslo_wall_time_winter_and_summer(client, cafe):
    feed = read_with_icaljs(client.get(reverse("calendar_ics")).content, start="2026-01-01", end="2029-01-01")
    events = [event for event in feed["events"] if event["summary"] in ("Tigrinsk språkkafé", "Ventende kafé")]
    assert [event["summary"] for event in events] == ["Tigrinsk språkkafé"] and events[0]["recurring"]
    occurrences = events[0]["occurrences"]
    assert [o["start"]["local"][:10] for o in occurrences] == [day.isoformat() for day in expected_tuesdays()]
    assert {o["start"]["local"][11:] for o in occurrences} == {"18:00:00"}
    assert {o["end"]["local"][11:] for o in occurrences} == {"20:00:00"}
    by_day = {o["start"]["local"][:10]: o for o in occurrences}
    assert by_day["2027-01-05"]["start"]["utc"] == "2027-01-05T17:00:00.000Z"  # winter: UTC+1
    assert by_day["2027-06-15"]["start"]["utc"] == "2027-06-15T16:00:00.000Z"  # summer: UTC+2
    assert by_day["2027-08-10"]["start"]["utc"] == "2027-08-10T16:00:00.000Z"  # the first after the pause
    assert "2027-12-14" in by_day and "2027-06-22" not in by_day and "2027-03-30" not in by_day


def test_vobject_expands_the_same_dates_and_wall_times(client, cafe):
    calendar = vobject.readOne(client.get(reverse("calendar_ics")).content.decode())
    [event] = [e for e in calendar.vevent_list if e.summary.value == "Tigrinsk språkkafé"]
    assert event.rrule.value.startswith("FREQ=WEEKLY;") and "BYDAY=TU" in event.rrule.value
    assert "UNTIL=20271214T170000Z" in event.rrule.value  # the last Tuesday's start, in UTC
    starts = list(event.getrruleset(addRDate=True))
    assert [start.date() for start in starts] == expected_tuesdays()
    assert {start.astimezone(OSLO).strftime("%H:%M") for start in starts} == {"18:00"}
    offsets = {start.date().isoformat(): start.astimezone(OSLO).utcoffset() for start in starts}
    assert offsets["2027-01-05"] == datetime.timedelta(hours=1) and offsets["2027-06-15"] == datetime.timedelta(hours=2)


def test_the_feed_writes_one_vevent_with_tzid_and_exdates(client, cafe):
    text = client.get(reverse("calendar_ics")).content.decode().replace("\r\n ", "")
    assert text.count("SUMMARY:Tigrinsk språkkafé") == 1 and "Ventende kafé" not in text
    assert "DTSTART;TZID=Europe/Oslo:20270105T180000" in text
    assert "EXDATE;TZID=Europe/Oslo:20270330T180000,20270622T180000," in text


def test_an_offer_of_a_listing_no_longer_public_leaves_the_feed(client, cafe):
    from organisations.services import consent_withdraw

    assert "Tigrinsk språkkafé" in client.get(reverse("calendar_ics")).content.decode()
    consent_withdraw(organisation=cafe.organisation, user=None)
    assert "Tigrinsk språkkafé" not in client.get(reverse("calendar_ics")).content.decode()


def test_the_calendar_page_shows_the_offer_once_with_its_next_date(client, cafe):
    html = client.get(reverse("calendar")).content.decode()
    assert html.count("Tigrinsk språkkafé") == 1 and "Ventende kafé" not in html
    assert 'datetime="2027-01-05"' in html and "Hver tirsdag kl. 18:00–20:00" in html


def test_kalender_json_carries_the_offer_once_with_its_rule(client, cafe):
    import json

    events = json.loads(client.get(reverse("calendar_json")).content)["events"]
    [item] = [e for e in events if e["title"] in ("Tigrinsk språkkafé", "Ventende kafé")]
    assert item["start"] == "2027-01-05T18:00:00+01:00" and item["end"] == "2027-01-05T20:00:00+01:00"
    assert item["source"] == "offer" and item["organisation"] == "Eritreisk forening"
    assert item["recurrence"]["rrule"] == "FREQ=WEEKLY;UNTIL=20271214T170000Z;BYDAY=TU;WKST=MO"
    assert item["recurrence"]["exdates"][:2] == ["2027-03-30T18:00:00+02:00", "2027-06-22T18:00:00+02:00"]
    assert item["url"].endswith(f"/faste-tilbud/#tilbud-{cafe.pk}")


def test_an_open_ended_offer_on_two_days_repeats_without_until(client, frozen_today):
    from organisations.models import Kind as OrganisationKind

    library = make_organisation("Sandnes bibliotek", kind=OrganisationKind.MUNICIPAL_SERVICE)
    offer(library, title="Leksehjelp", weekdays="41", start="15:00", end="17:00", valid_from="2026-12-01", valid_until=None)
    calendar = vobject.readOne(client.get(reverse("calendar_ics")).content.decode())
    [event] = [e for e in calendar.vevent_list if e.summary.value == "Leksehjelp"]
    assert event.rrule.value == "FREQ=WEEKLY;BYDAY=MO,TH;WKST=MO"
    feed = read_with_icaljs(client.get(reverse("calendar_ics")).content, start="2026-12-01", end="2026-12-15")
    [item] = [e for e in feed["events"] if e["summary"] == "Leksehjelp"]
    assert [o["start"]["local"] for o in item["occurrences"]] == [
        "2026-12-03T15:00:00", "2026-12-07T15:00:00", "2026-12-10T15:00:00", "2026-12-14T15:00:00"]
