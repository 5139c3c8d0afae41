"""iCalendar (RFC 5545) for the calendar feed and the invitations, with the icalendar package.
Times are written with TZID=Europe/Oslo and a VTIMEZONE, so calendar programs place them right."""

import datetime
import zoneinfo

import icalendar
from django.conf import settings
from django.utils import timezone

PRODID = "-//Mangfoldsportalen//Kalender//NO"


def _local(value):
    return value.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))


def _event(item, base_url=""):
    event = icalendar.Event()
    event.add("uid", item["uid"])
    event.add("summary", item["title"])
    event.add("dtstamp", timezone.now().astimezone(datetime.timezone.utc))
    if item.get("all_day"):
        event.add("dtstart", _local(item["start"]).date())
    else:
        event.add("dtstart", _local(item["start"]))
        if item.get("end"):
            event.add("dtend", _local(item["end"]))
    if item.get("location"):
        event.add("location", item["location"])
    if item.get("description"):
        event.add("description", item["description"])
    if item.get("url"):
        url = item["url"]
        event.add("url", url if url.startswith("http") else base_url + url)
    if item.get("cancelled"):
        event.add("status", "CANCELLED")
    return event


def calendar_bytes(items, name, base_url=""):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    for item in items:
        calendar.add_component(_event(item, base_url))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def meeting_ics(meeting, base_url=""):
    from panel.selectors import _meeting_item

    return calendar_bytes([_meeting_item(meeting)], str(meeting.title), base_url)
