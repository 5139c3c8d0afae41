"""The iCalendar (RFC 5545) writer for the calendar feed, the per-meeting files and the invitations,
with the icalendar package; a calendar item is a dict (uid, title, start, end, all_day, rrule, …).
Times are written with TZID=Europe/Oslo and a VTIMEZONE, so calendar programs place them right.

The VTIMEZONE is written with yearly RRULEs taken from the zone's own rule (the POSIX TZ string
at the end of the IANA TZif file, ``CET-1CEST,M3.5.0,M10.5.0/3`` for Oslo), not with icalendar's
``add_missing_timezones()``: that one lists every change as one multi-valued RDATE ending in 2037,
which ical.js (Thunderbird) and vobject read as a single date, so summer times came out an hour
off there, and every event after 2037 in every program. An RRULE holds for every year.

Every URL in a calendar is absolute (a calendar program has no page to resolve a path against):
the request's address where there is a request, else PORTAL_BASE_URL (invitation e-mails).

UIDs end in the installation's own host (PORTAL_BASE_URL): two municipalities running the portal
never hand a calendar the same UID for different meetings (RFC 5545 3.8.4.7).

The feed and the per-meeting files carry no METHOD (RFC 5545 alone: a file to import or
subscribe to; METHOD:PUBLISH would make them iTIP messages, which need an ORGANIZER). The
invitation e-mails are iTIP (RFC 5546): METHOD:REQUEST, or CANCEL for a cancelled meeting, with
the portal as ORGANIZER and the invited organisation's addresses as ATTENDEEs.
"""

import datetime
import re
import zoneinfo
from importlib import resources
from urllib.parse import urlsplit

import icalendar
from django.conf import settings
from django.utils import timezone

PRODID = "-//Mangfoldsportalen//Kalender//NO"
# The first year of the rule; programs apply an RRULE from its DTSTART on.
RULE_FROM_YEAR = 1970


def _local(value):
    return value.astimezone(zoneinfo.ZoneInfo(settings.TIME_ZONE))


def _tzif_bytes(key):
    for folder in zoneinfo.TZPATH:
        try:
            with open(f"{folder}/{key}", "rb") as handle:
                return handle.read()
        except OSError:
            continue
    return resources.files("tzdata.zoneinfo").joinpath(*key.split("/")).read_bytes()


def posix_rule(key):
    """The zone's current rule: the POSIX TZ string on the last line of its TZif file."""
    data = _tzif_bytes(key)
    return data.rstrip(b"\n").rsplit(b"\n", 1)[-1].decode("ascii")


_OFFSET = r"[+-]?\d{1,2}(?::\d{2}){0,2}"
_NAME = r"(?:[A-Za-z]{3,}|<[^>]+>)"
_POSIX = re.compile(
    rf"^(?P<std>{_NAME})(?P<std_offset>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dst_offset>{_OFFSET})?"
    rf",M(?P<sm>\d+)\.(?P<sw>\d)\.(?P<sd>\d)(?:/(?P<st>{_OFFSET}))?"
    rf",M(?P<em>\d+)\.(?P<ew>\d)\.(?P<ed>\d)(?:/(?P<et>{_OFFSET}))?)?$"
)
_ICAL_DAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]


def _seconds(text):
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _transition(month, week, weekday, at_seconds, year):
    """The local wall time (before the change) of POSIX rule Mm.w.d/time in the year."""
    if week == 5:
        day = datetime.date(year, month % 12 + 1, 1) if month < 12 else datetime.date(year + 1, 1, 1)
        day -= datetime.timedelta(days=1)
        day -= datetime.timedelta(days=(day.isoweekday() % 7 - weekday) % 7)
    else:
        day = datetime.date(year, month, 1)
        day += datetime.timedelta(days=(weekday - day.isoweekday() % 7) % 7 + 7 * (week - 1))
    return datetime.datetime.combine(day, datetime.time(0)) + datetime.timedelta(seconds=at_seconds)


def _ical_name(name):
    return name.strip("<>")


def vtimezone(key=None):
    """A VTIMEZONE for the zone with one STANDARD and (when the zone has summer time) one
    DAYLIGHT part, each a yearly RRULE (BYMONTH, BYDAY: -1SU is the last Sunday)."""
    key = key or settings.TIME_ZONE
    match = _POSIX.match(posix_rule(key))
    if not match:  # pragma: no cover - every zone of the IANA database has a POSIX footer
        raise ValueError(f"Unsupported time zone rule for {key}")
    # POSIX offsets are west-positive: CET-1 is UTC+1.
    std = datetime.timedelta(seconds=-_seconds(match["std_offset"]))
    component = icalendar.Timezone()
    component.add("tzid", key)
    if not match["dst"]:
        part = icalendar.TimezoneStandard()
        part.add("tzname", _ical_name(match["std"]))
        part.add("dtstart", datetime.datetime(RULE_FROM_YEAR, 1, 1))
        part.add("tzoffsetfrom", std)
        part.add("tzoffsetto", std)
        component.add_component(part)
        return component
    dst = (
        datetime.timedelta(seconds=-_seconds(match["dst_offset"]))
        if match["dst_offset"]
        else std + datetime.timedelta(hours=1)
    )
    for kind, name, offset_from, offset_to, prefix in (
        (icalendar.TimezoneDaylight, match["dst"], std, dst, "s"),
        (icalendar.TimezoneStandard, match["std"], dst, std, "e"),
    ):
        month, week, weekday = int(match[prefix + "m"]), int(match[prefix + "w"]), int(match[prefix + "d"])
        at = _seconds(match[prefix + "t"]) if match[prefix + "t"] else 2 * 3600
        part = kind()
        part.add("tzname", _ical_name(name))
        part.add("dtstart", _transition(month, week, weekday, at, RULE_FROM_YEAR))
        part.add("tzoffsetfrom", offset_from)
        part.add("tzoffsetto", offset_to)
        byday = ("-1" if week == 5 else str(week)) + _ICAL_DAYS[weekday]
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": byday})
        component.add_component(part)
    return component


def calendar_uid(name):
    """A UID unique to this installation: `name` at the host of PORTAL_BASE_URL."""
    host = urlsplit(settings.PORTAL_BASE_URL).hostname or "mangfoldsportalen"
    return f"{name}@{host}"


def absolute(url, base_url=None):
    if not url or url.startswith(("http://", "https://")):
        return url
    base = (base_url or settings.PORTAL_BASE_URL).rstrip("/")
    return base + url


def _event(item, base_url=None):
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
    if item.get("rrule"):
        # A repeating event (the regular offers): one VEVENT, its dates taken out as EXDATEs at
        # the start's own wall time and TZID, as RFC 5545 3.8.5.1 asks.
        event.add("rrule", item["rrule"])
        if item.get("exdates"):
            event.add("exdate", [_local(moment) for moment in item["exdates"]])
    if item.get("location"):
        event.add("location", item["location"])
    if item.get("description"):
        event.add("description", item["description"])
    if item.get("url"):
        event.add("url", absolute(item["url"], base_url))
    if item.get("cancelled"):
        event.add("status", "CANCELLED")
    if item.get("sequence"):
        event.add("sequence", item["sequence"])
    if item.get("organizer"):
        organizer = icalendar.vCalAddress(f"mailto:{item['organizer']}")
        organizer.params["cn"] = icalendar.vText(item.get("organizer_name") or item["organizer"])
        event.add("organizer", organizer)
    for address in item.get("attendees", ()):
        attendee = icalendar.vCalAddress(f"mailto:{address}")
        attendee.params["cn"] = icalendar.vText(item.get("attendee_name") or address)
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        # Answers go through the links in the e-mail, not as iTIP replies to the portal's address.
        attendee.params["rsvp"] = icalendar.vText("FALSE")
        event.add("attendee", attendee)
    return event


def calendar_bytes(items, name, base_url=None, method=None):
    """The calendar as bytes: CRLF line ends, lines folded at 75 octets (icalendar does both).
    `method` only for an iTIP message (an e-mail's REQUEST or CANCEL)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add_component(vtimezone())
    for item in items:
        calendar.add_component(_event(item, base_url))
    return calendar.to_ical()
