"""The public calendar (/kalender/, /kalender.ics, /kalender.json): the panel's meetings and the
public series', the organisations' approved events, the coordinators' public activities and the
regular offers, in one page, one feed and one open-data list. It spans four apps, so it lives here."""

import datetime

import icalendar
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from activities import selectors as activity_selectors
from offers import selectors as offer_selectors
from organisations import selectors as organisation_selectors
from panel import selectors as panel_selectors
from portal.output import ical
from portal.web import pagecache
from portal.web.pagecache import cached_public_page


def organisation_events(start=None, end=None):
    """The organisations' approved public events."""
    items = []
    for event in organisation_selectors.public_events(start=start, end=end):
        item = dict(event)
        item.setdefault("all_day", False)
        item.setdefault("cancelled", False)
        item["source"] = "organisation"
        items.append(item)
    return items


def calendar_items(start=None, end=None):
    """Panel meetings, the meetings of public series, organisations' public events and the
    coordinators' public activities, by start time."""
    items = [panel_selectors.meeting_item(meeting) for meeting in panel_selectors.calendar_meetings(start, end)]
    start_dt = end_dt = None
    if start:
        start_dt = timezone.make_aware(datetime.datetime.combine(start, datetime.time(0, 0)))
    if end:
        end_dt = timezone.make_aware(datetime.datetime.combine(end, datetime.time(23, 59, 59)))
    items.extend(organisation_events(start=start_dt, end=end_dt))
    items.extend(activity_selectors.calendar_items(start=start, end=end))
    return sorted(items, key=lambda item: item["start"])


# "Coming" and "past" move as time passes: at most a minute late.
@cached_public_page(pagecache.CALENDAR, max_age=60)
def calendar(request):
    today = timezone.localdate()
    items = calendar_items()
    now = timezone.now()
    coming, past = [], []
    for item in items:
        # A meeting stays "coming" all of its day, and while an event is still running.
        still_on = (item["end"] or item["start"]) >= now or timezone.localtime(item["start"]).date() >= today
        (coming if still_on else past).append(item)
    past = past[::-1][:30]
    feed_url = request.build_absolute_uri(reverse("calendar_ics"))
    return render(
        request,
        "hub/calendar.html",
        {
            "coming": coming,
            "past": past,
            "offers": offer_selectors.calendar_page_offers(today),
            "feed_url": feed_url,
            # webcal:// opens the calendar program's "subscribe" dialog (Outlook, Apple Calendar).
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        },
    )


@cached_public_page(pagecache.CALENDAR, max_age=60)
def calendar_ics(request):
    content = ical.calendar_bytes(
        calendar_items() + offer_selectors.calendar_items(), _("Mangfoldsportalen – kalender"), request.build_absolute_uri("/")[:-1]
    )
    # Not a FileResponse: the page cache keeps whole responses, never streams.
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, "kalender.ics")
    return response


@cached_public_page(pagecache.CALENDAR, max_age=60)
def calendar_json(request):
    """The same panel meetings, public events and regular offers as /kalender.ics, as open data
    (absolute URLs, ISO 8601 times with their Oslo offset). A regular offer is one record: its first
    date, and `recurrence` with the feed's RRULE and its paused dates."""
    def recurrence(item):
        if not item.get("rrule"):
            return {}
        return {"recurrence": {
            "rrule": icalendar.vRecur(item["rrule"]).to_ical().decode(),
            "exdates": [timezone.localtime(moment).isoformat() for moment in item.get("exdates", [])],
        }}

    def record(item):
        start, end = timezone.localtime(item["start"]), item["end"] and timezone.localtime(item["end"])
        return {
            "title": item["title"],
            "start": start.date().isoformat() if item["all_day"] else start.isoformat(),
            "end": end.isoformat() if end and not item["all_day"] else None,
            "all_day": item["all_day"],
            "location": item.get("location") or "",
            "description": item.get("description") or "",
            "organisation": item.get("organisation", ""),
            "source": item["source"],
            "cancelled": item["cancelled"],
            "url": request.build_absolute_uri(item["url"]),
            **recurrence(item),
        }

    response = JsonResponse(
        {"events": [record(item) for item in calendar_items() + offer_selectors.calendar_items()]},
        json_dumps_params={"ensure_ascii": False},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
