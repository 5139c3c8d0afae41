"""Reads of the registry for pages and figures (one source of truth for the directory figures)."""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from organisations.models import (
    Consent,
    EditorInvitation,
    Event,
    ListingRevision,
    ModerationStatus,
    Organisation,
)
from organisations.search import query_terms


def _search(queryset, query):
    for term in query_terms(query):
        queryset = queryset.filter(search_text__contains=term)
    return queryset


def directory_organisations(*, q="", kind="", language="", municipality=""):
    """Published, non-archived organisations for the public directory, ready for the cards."""
    queryset = Organisation.objects.published()
    queryset = _search(queryset, q)
    if kind:
        queryset = queryset.filter(kind=kind)
    if language:
        queryset = queryset.filter(languages__code=language)
    if municipality:
        queryset = queryset.filter(municipality=municipality)
    return queryset.prefetch_related("languages", "activities").order_by("name").distinct()


def directory_municipalities():
    return list(
        Organisation.objects.published()
        .exclude(municipality="")
        .order_by("municipality")
        .values_list("municipality", flat=True)
        .distinct()
    )


def public_organisation(slug):
    return (
        Organisation.objects.published()
        .prefetch_related("languages", "activities", "tags")
        .filter(slug=slug)
        .first()
    )


def staff_organisations(*, q="", kind="", state=""):
    queryset = Organisation.objects.all()
    if state == "archived":
        queryset = queryset.filter(archived_at__isnull=False)
    elif state == "published":
        queryset = queryset.published()
    elif state == "unpublished":
        queryset = queryset.active().filter(Q(published_on__isnull=True) | Q(published_on__gt=datetime.date.today()))
    elif state != "all":
        queryset = queryset.active()
    if kind:
        queryset = queryset.filter(kind=kind)
    queryset = _search(queryset, q)
    return queryset.annotate(contact_person_count=Count("contact_persons")).order_by("name")


def staff_organisation(pk):
    return (
        Organisation.objects.prefetch_related(
            "languages", "activities", "tags", "editors", Prefetch("contact_persons")
        )
        .filter(pk=pk)
        .first()
    )


def editor_organisations(user):
    return Organisation.objects.active().filter(editors=user).order_by("name")


def published_at_year_end(year):
    """directory.published_at_year_end: immigrant organisations listed on or before 31 December."""
    return Organisation.objects.immigrant().filter(published_on__lte=datetime.date(year, 12, 31)).count()


def published_today():
    """Immigrant organisations in the public directory today."""
    return Organisation.objects.immigrant().published().count()


# --- Public events (the calendar, the .ics feed and the start page read these) -------------


def _public_events_queryset(start=None, end=None):
    queryset = Event.objects.public().select_related("organisation", "language")
    if start is not None:
        # An event still running at `start` belongs to the window too.
        queryset = queryset.filter(Q(ends_at__gte=start) | Q(ends_at__isnull=True, starts_at__gte=start))
    if end is not None:
        queryset = queryset.filter(starts_at__lt=end)
    return queryset.order_by("starts_at", "pk")


def public_events(start=None, end=None):
    """Approved events of published organisations as plain dicts (contract with the panel's
    /kalender/ and /kalender.ics): uid, title, start, end, location, description, url."""
    return [
        {
            "uid": event.uid,
            "title": event.title,
            "start": event.starts_at,
            "end": event.ends_at,
            "location": event.location,
            "description": event.description,
            "url": event.get_absolute_url(),
            "organisation": event.organisation.name,
            "audience": event.get_audience_display(),
            "language": event.language.name_nb if event.language else "",
        }
        for event in _public_events_queryset(start, end)
    ]


def upcoming_public_events(limit):
    """The next approved events for the start page (portal.home)."""
    now = timezone.now()
    events = _public_events_queryset().filter(starts_at__gte=now)[:limit]
    return [
        {
            "start": event.starts_at,
            "date": timezone.localtime(event.starts_at).date(),
            "title": f"{event.title} ({event.organisation.name})",
            "url": event.get_absolute_url(),
        }
        for event in events
    ]


def organisation_public_events(organisation):
    """Upcoming (and running) approved events on an organisation's public page."""
    now = timezone.now()
    return list(
        Event.objects.filter(organisation=organisation, status=ModerationStatus.APPROVED)
        .filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True, starts_at__gte=now - datetime.timedelta(hours=12)))
        .select_related("language")
        .order_by("starts_at", "pk")
    )
