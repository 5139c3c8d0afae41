import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from organisations import selectors
from organisations.models import Event, ModerationStatus
from portal.background import jobs

pytestmark = pytest.mark.django_db


def future(days, hour=18):
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


def post_event(client, organisation, **overrides):
    data = {
        "title": "Eritreisk kulturkveld",
        "starts_at": future(10).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": future(10, 21).strftime("%Y-%m-%dT%H:%M"),
        "location": "Sandnes kulturhus",
        "description": "Musikk og mat.",
        "audience": "open",
        **overrides,
    }
    return client.post(reverse("organisations:editor_event_create", args=[organisation.slug]), data)


@pytest.fixture
def listed(published, editor):
    organisation = published("Eritreisk forening")
    organisation.editors.add(editor)
    return organisation


def approve(client, coordinator, event, django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("organisations:moderation_event", args=[event.pk]), {"decision": "approve"})
    jobs.run_pending()  # the decision e-mail is a background job
    return response


def test_a_posted_event_waits_for_approval(client, editor, listed):
    client.force_login(editor)
    assert post_event(client, listed).status_code == 302
    event = Event.objects.get()
    assert event.status == ModerationStatus.PENDING and event.submitted_by == editor
    assert selectors.public_events() == []
    assert "Eritreisk kulturkveld" not in client.get(listed.get_absolute_url()).content.decode()


def test_an_approved_event_is_on_the_page_in_public_events_and_the_editor_is_told(
    client, editor, coordinator, listed, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    post_event(client, listed)
    event = Event.objects.get()
    approve(client, coordinator, event, django_capture_on_commit_callbacks)
    assert [e["title"] for e in selectors.public_events()] == ["Eritreisk kulturkveld"]
    client.logout()
    html = client.get(listed.get_absolute_url()).content.decode()
    assert f'id="arrangement-{event.pk}"' in html and "Sandnes kulturhus" in html and "Åpent for alle" in html
    assert len(mailoutbox) == 1 and "godkjent" in mailoutbox[0].subject


def test_an_approved_event_is_in_the_ics_feed(client, editor, coordinator, listed, django_capture_on_commit_callbacks):
    ics_url = reverse("calendar_ics")
    client.force_login(editor)
    post_event(client, listed)
    event = Event.objects.get()
    client.logout()
    feed = icalendar.Calendar.from_ical(client.get(ics_url).content)
    assert event.uid not in [str(c.get("uid")) for c in feed.walk("VEVENT")]

    approve(client, coordinator, event, django_capture_on_commit_callbacks)
    client.logout()
    feed = icalendar.Calendar.from_ical(client.get(ics_url).content)
    entries = {str(c.get("uid")): c for c in feed.walk("VEVENT")}
    assert event.uid in entries
    entry = entries[event.uid]
    assert str(entry.get("summary")).startswith("Eritreisk kulturkveld")
    assert entry.decoded("dtstart") == event.starts_at
    assert str(entry.get("location")) == "Sandnes kulturhus"
    assert "Eritreisk kulturkveld" in client.get(reverse("calendar")).content.decode()


def test_changing_an_approved_event_sends_it_back_to_the_queue(client, editor, listed):
    event = Event.objects.create(
        organisation=listed, title="Gammel tittel", starts_at=future(5), location="Her", status=ModerationStatus.APPROVED
    )
    client.force_login(editor)
    response = client.post(
        reverse("organisations:editor_event_edit", args=[listed.slug, event.pk]),
        {"title": "Ny tittel", "starts_at": future(5).strftime("%Y-%m-%dT%H:%M"), "location": "Der", "audience": "members"},
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == ModerationStatus.PENDING and event.title == "Ny tittel"
    assert selectors.public_events() == []


def test_an_event_in_the_past_or_ending_before_it_starts_is_refused(client, editor, listed):
    client.force_login(editor)
    past = post_event(client, listed, starts_at=future(-2).strftime("%Y-%m-%dT%H:%M"), ends_at="")
    assert past.status_code == 200 and "fram i tid" in past.content.decode()
    backwards = post_event(client, listed, ends_at=future(9).strftime("%Y-%m-%dT%H:%M"))
    assert backwards.status_code == 200 and "før starten" in backwards.content.decode()
    assert not Event.objects.exists()


def test_a_rejected_event_stays_out(client, editor, coordinator, listed):
    client.force_login(editor)
    post_event(client, listed)
    event = Event.objects.get()
    client.force_login(coordinator)
    client.post(reverse("organisations:moderation_event", args=[event.pk]), {"decision": "reject", "message": "Feil dato"})
    event.refresh_from_db()
    assert event.status == ModerationStatus.REJECTED and event.review_message == "Feil dato"
    assert selectors.public_events() == []


def test_the_editor_deletes_an_event(client, editor, listed):
    event = Event.objects.create(organisation=listed, title="Avlyst", starts_at=future(3), location="Her", status=ModerationStatus.APPROVED)
    client.force_login(editor)
    assert client.get(reverse("organisations:editor_event_delete", args=[listed.slug, event.pk])).status_code == 405
    client.post(reverse("organisations:editor_event_delete", args=[listed.slug, event.pk]))
    assert not Event.objects.exists()


def test_withdrawing_consent_takes_the_events_out_of_the_calendar_too(client, editor, listed):
    Event.objects.create(organisation=listed, title="Fest", starts_at=future(3), location="Her", status=ModerationStatus.APPROVED)
    assert len(selectors.public_events()) == 1
    client.force_login(editor)
    client.post(reverse("organisations:editor_consent", args=[listed.slug]), {"action": "withdraw"})
    assert selectors.public_events() == []
