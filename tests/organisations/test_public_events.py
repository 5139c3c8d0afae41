"""The selectors the calendar, the .ics feed and the start page read (organisations.selectors)."""

import datetime

import pytest
from django.utils import timezone

from organisations import selectors
from organisations.models import Event, ModerationStatus

pytestmark = pytest.mark.django_db


def make_event(organisation, days=3, status=ModerationStatus.APPROVED, **fields):
    start = timezone.now() + datetime.timedelta(days=days)
    fields.setdefault("title", f"Arrangement om {days} dager")
    return Event.objects.create(
        organisation=organisation,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        location="Kulturhuset",
        status=status,
        **fields,
    )


def test_it_lists_only_approved_events_of_published_organisations(published, org_a, settings):
    settings.PORTAL_BASE_URL = "https://mangfold.example.org"
    listed = published("Publisert forening")
    shown = make_event(listed, title="Vises")
    make_event(listed, title="Venter", status=ModerationStatus.PENDING)
    make_event(listed, title="Avvist", status=ModerationStatus.REJECTED)
    make_event(org_a, title="Upublisert organisasjon")  # org_a is not published
    archived = published("Arkivert forening", archived_at=timezone.now())
    make_event(archived, title="Arkivert")

    events = list(selectors.public_events())

    assert [e["title"] for e in events] == ["Vises"]
    event = events[0]
    assert event["uid"] == f"event-{shown.pk}@mangfold.example.org"  # the installation's host
    assert event["start"] == shown.starts_at and timezone.is_aware(event["start"])
    assert event["end"] == shown.ends_at
    assert event["location"] == "Kulturhuset"
    assert event["url"] == f"/organisasjoner/{listed.slug}/#arrangement-{shown.pk}"


def test_it_filters_by_window(published):
    organisation = published()
    make_event(organisation, days=2, title="Snart")
    make_event(organisation, days=40, title="Senere")
    now = timezone.now()
    titles = [e["title"] for e in selectors.public_events(start=now, end=now + datetime.timedelta(days=30))]
    assert titles == ["Snart"]
    assert [e["title"] for e in selectors.public_events(start=now + datetime.timedelta(days=30))] == ["Senere"]


def test_upcoming_public_events_skips_past_ones_and_keeps_the_limit(published):
    organisation = published("Forening")
    make_event(organisation, days=-3, title="Forbi")
    for days in (5, 1, 9):
        make_event(organisation, days=days)
    items = selectors.upcoming_public_events(2)
    assert [item["title"] for item in items] == ["Arrangement om 1 dager (Forening)", "Arrangement om 5 dager (Forening)"]
    assert set(items[0]) >= {"start", "title", "url"}
