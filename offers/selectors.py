"""Reads of the regular offers for pages and feeds."""

import datetime

from django.db.models import Prefetch
from django.utils import timezone

from offers.models import TIME_OF_DAY_STARTS, Offer, OfferAudience, OfferPause
from organisations.models import Language, ModerationStatus
from portal.text.collation import norwegian
from portal.text.sanitize import richtext_to_plain_text
from portal.output.ical import calendar_uid


def _with_relations(queryset):
    return queryset.select_related("organisation").prefetch_related(
        Prefetch("languages", queryset=Language.objects.order_by(norwegian("name_nb"))),
        Prefetch("pauses", queryset=OfferPause.objects.order_by("starts_on", "pk")),
    )


def public_offers(*, audience="", language="", weekday=None, time_of_day="", today=None):
    """The overview /faste-tilbud/: public offers that have not ended, in Norwegian order of their
    titles (then organisations). Filters (docs/features.md, "Faste tilbud"): `audience` also finds
    offers for everyone; `language` a language code; `weekday` an ISO weekday (1–7); `time_of_day`
    by the start time."""
    today = today or timezone.localdate()
    queryset = Offer.objects.public().current(today)
    if audience:
        queryset = queryset.filter(audience__in={audience, OfferAudience.EVERYONE})
    if language:
        queryset = queryset.filter(languages__code=language)
    if weekday:
        queryset = queryset.filter(weekdays__contains=str(weekday))
    if time_of_day:
        start, end = TIME_OF_DAY_STARTS[time_of_day]
        queryset = queryset.filter(start_time__gte=start)
        if end is not None:
            queryset = queryset.filter(start_time__lt=end)
    return list(
        _with_relations(queryset.distinct()).order_by(norwegian("title"), norwegian("organisation__name"), "pk")
    )


def offer_languages():
    """The languages of the public offers, for the overview's filter."""
    return list(Language.objects.filter(pk__in=Offer.objects.public().values("languages")))


def organisation_public_offers(organisation, today=None):
    """The approved offers on an organisation's listing (its own visibility is the listing's).
    `organisation` may be the moderation's ListingPreview: only its pk is used."""
    today = today or timezone.localdate()
    queryset = Offer.objects.filter(organisation_id=organisation.pk, status=ModerationStatus.APPROVED).current(today)
    return list(_with_relations(queryset).order_by(norwegian("title"), "pk"))


def editor_offers(organisation):
    return list(_with_relations(organisation.offers.all()).order_by(norwegian("title"), "pk"))


def staff_offers(*, status=""):
    queryset = Offer.objects.all()
    if status:
        queryset = queryset.filter(status=status)
    return list(_with_relations(queryset).order_by(norwegian("organisation__name"), norwegian("title"), "pk"))


def pending_offers():
    return list(
        Offer.objects.filter(status=ModerationStatus.PENDING).select_related("organisation", "submitted_by").order_by("submitted_at")
    )


# --- The recurrence --------------------------------------------------------------------------


def occurrence_dates(offer, start, end):
    """The dates the offer takes place from `start` to `end` (both included): its weekdays within
    its validity, less its pauses. Reads offer.pauses.all() (prefetched by the selectors)."""
    first = max(start, offer.valid_from)
    last = min(end, offer.valid_until) if offer.valid_until else end
    days = set(offer.weekday_numbers)
    pauses = list(offer.pauses.all())
    dates, day = [], first
    while day <= last:
        if day.isoweekday() in days and not any(pause.covers(day) for pause in pauses):
            dates.append(day)
        day += datetime.timedelta(days=1)
    return dates


def next_date(offer, today=None):
    """The next date the offer takes place (within a year), or None."""
    today = today or timezone.localdate()
    dates = occurrence_dates(offer, today, today + datetime.timedelta(days=366))
    return dates[0] if dates else None


def first_date(offer):
    """The first date of the weekly rule: the first of its weekdays on or after valid_from
    (pauses do not move it: a paused first day is an exception of the rule)."""
    day = offer.valid_from
    while day.isoweekday() not in offer.weekday_numbers:
        day += datetime.timedelta(days=1)
    return day


def paused_dates(offer):
    """The dates of the rule that a pause takes out (the feed's EXDATEs)."""
    days = set(offer.weekday_numbers)
    dates = []
    for pause in offer.pauses.all():
        day = max(pause.starts_on, offer.valid_from)
        last = min(pause.ends_on, offer.valid_until) if offer.valid_until else pause.ends_on
        while day <= last:
            if day.isoweekday() in days:
                dates.append(day)
            day += datetime.timedelta(days=1)
    return sorted(set(dates))


def _local(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


def calendar_items():
    """Every public offer as ONE repeating calendar item (the shape portal.output.ical writes, with
    `rrule` and `exdates`): weekly on its days from its first date, until its last day, at its
    Oslo wall time in winter and summer alike."""
    items = []
    for offer in _with_relations(Offer.objects.public()).order_by("pk"):
        first = first_date(offer)
        if offer.valid_until and first > offer.valid_until:
            continue  # no day of the rule falls within its validity
        rule = {"freq": "weekly", "byday": [_ICAL_DAYS[day] for day in offer.weekday_numbers], "wkst": "MO"}
        if offer.valid_until:
            # RFC 5545: with a TZID start, UNTIL is in UTC; the last day's start is included.
            rule["until"] = _local(offer.valid_until, offer.start_time).astimezone(datetime.timezone.utc)
        items.append(
            {
                "uid": _uid(offer),
                "title": offer.title,
                "start": _local(first, offer.start_time),
                "end": _local(first, offer.end_time),
                "all_day": False,
                "location": offer.place,
                "description": richtext_to_plain_text(offer.description),
                "url": offer.get_absolute_url(),
                "organisation": offer.organisation.name,
                "cancelled": False,
                "source": "offer",
                "rrule": rule,
                "exdates": [_local(day, offer.start_time) for day in paused_dates(offer)],
            }
        )
    return items


_ICAL_DAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}


def _uid(offer):
    return calendar_uid(f"offer-{offer.pk}")


def calendar_page_offers(today=None):
    """The public offers for the calendar page: each once, with its next date (soonest first)."""
    today = today or timezone.localdate()
    rows = []
    for offer in _with_relations(Offer.objects.public().current(today)):
        upcoming = next_date(offer, today)
        if upcoming:
            rows.append({"offer": offer, "next_date": upcoming})
    return sorted(rows, key=lambda row: (row["next_date"], row["offer"].start_time, row["offer"].pk))


def pending_count():
    """Offers waiting for a coordinator (the coordinators' dashboard)."""
    return Offer.objects.filter(status=ModerationStatus.PENDING).count()
