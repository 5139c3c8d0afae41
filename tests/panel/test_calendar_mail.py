"""The invitation, update and cancellation e-mails as mail readers take them: the calendar is an
inline `text/calendar; method=REQUEST|CANCEL` part (not a file), an iTIP message with ORGANIZER
and ATTENDEE (RFC 5546); UIDs belong to the installation; the feed is a plain RFC 5545 calendar.
Read with Python's `email` parser and vobject, neither of which the portal uses to write them."""

import datetime
import re
import zoneinfo
import email
from email import policy

import pytest
import vobject
from django.test import override_settings
from django.utils import timezone

from panel import services
from portal.background import jobs
from tests.panel.factories import meeting, organisation
from tests.panel.test_invitation_answers import edit, invite_and_send

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.PORTAL_BASE_URL = "https://mangfold.sandnes.example.org"
    settings.DEFAULT_FROM_EMAIL = "Mangfold <mangfold@sandnes.example.org>"


def _calendar_part(message):
    received = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    (part,) = [part for part in received.walk() if part.get_content_type() == "text/calendar"]
    return part


def _read(message):
    part = _calendar_part(message)
    return part, vobject.readOne(part.get_content())


def _sequence(event):
    return int(event.sequence.value) if hasattr(event, "sequence") else 0  # absent: 0 (RFC 5545 3.8.7.4)


def _soon(days=10):
    return timezone.localdate() + datetime.timedelta(days=days)


@pytest.fixture
def invited(client, coordinator, mailoutbox):
    m = meeting(_soon(), status="planned", title="Vårmøte", start_time=datetime.time(17, 30), location="Rådhuset")
    a = organisation("Eritreisk Forening", email="post@eritreisk.example.org")
    client.force_login(coordinator)
    invite_and_send(client, m, [a])
    return m


def _check_itip(message, method):
    part, calendar = _read(message)
    assert part.get_content_disposition() is None  # shown as an invitation, not offered as a file
    assert part.get_param("method") == method and calendar.method.value == method
    assert part.get_content_charset() == "utf-8"
    event = calendar.vevent
    assert event.organizer.value == "mailto:mangfold@sandnes.example.org"
    assert [attendee.value for attendee in event.attendee_list] == ["mailto:post@eritreisk.example.org"]
    assert event.attendee.params["CN"] == ["Eritreisk Forening"]
    # The calendar travels beside the text, as one of its alternatives.
    received = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    assert received.get_content_type() == "multipart/alternative"
    assert received.get_body(preferencelist=("plain",)).get_content().strip()
    return event


def test_the_invitation_is_an_inline_request_with_organizer_and_attendee(invited, mailoutbox):
    event = _check_itip(mailoutbox[0], "REQUEST")
    assert event.uid.value == f"panel-meeting-{invited.pk}@mangfold.sandnes.example.org"


def test_an_update_is_a_request_and_a_cancellation_a_cancel_with_the_attendee(client, invited, mailoutbox):
    edit(client, invited, date=_soon(11).isoformat(), location="Biblioteket")
    jobs.run_pending()
    first = _read(mailoutbox[0])[1].vevent
    update = _check_itip(mailoutbox[1], "REQUEST")
    assert update.uid.value == first.uid.value and int(update.sequence.value) > _sequence(first)

    edit(client, invited, date=_soon(11).isoformat(), location="Biblioteket", status="cancelled")
    jobs.run_pending()
    cancel = _check_itip(mailoutbox[2], "CANCEL")
    assert cancel.uid.value == first.uid.value and cancel.status.value == "CANCELLED"


def test_uids_differ_between_installations(client, published):
    m = meeting(_soon(), status="planned", title="Vårmøte", start_time=datetime.time(17, 30))
    with override_settings(PORTAL_BASE_URL="https://mangfold.sandnes.example.org"):
        sandnes = vobject.readOne(client.get(f"/erfaringspanelet/{m.pk}/mote.ics").getvalue().decode()).vevent.uid.value
    with override_settings(PORTAL_BASE_URL="https://mangfold.stavanger.example.org"):
        stavanger = vobject.readOne(client.get(f"/erfaringspanelet/{m.pk}/mote.ics").getvalue().decode()).vevent.uid.value
    assert sandnes.endswith("@mangfold.sandnes.example.org") and stavanger.endswith("@mangfold.stavanger.example.org")


def test_the_feed_is_no_itip_message(client, published):
    """METHOD:PUBLISH would make the feed an iTIP message, which needs an ORGANIZER per event."""
    meeting(_soon(), status="planned", title="Vårmøte", start_time=datetime.time(17, 30))
    calendar = vobject.readOne(client.get("/kalender.ics").content.decode())
    assert not hasattr(calendar, "method")
    for event in calendar.vevent_list:
        assert event.uid.value.endswith("@mangfold.sandnes.example.org")


def test_a_reminder_is_the_same_request(invited, mailoutbox):
    invitation = invited.invitations.get()
    services.invitation_remind(invitation=invitation)
    assert _check_itip(mailoutbox[-1], "REQUEST").uid.value == f"panel-meeting-{invited.pk}@mangfold.sandnes.example.org"


def test_the_mails_of_a_series_meeting_name_the_series_not_the_panel(client, coordinator, mailoutbox):
    from tests.panel.factories import series

    group = series("Arbeidsgruppe for bolig")
    m = meeting(_soon(), status="planned", title="Oppstart", start_time=datetime.time(17, 30), series=group, kind="series")
    a = organisation("Eritreisk Forening", email="post@eritreisk.example.org")
    client.force_login(coordinator)
    invite_and_send(client, m, [a])
    services.invitation_remind(invitation=m.invitations.get())
    edit(client, m, series=group.pk, date=_soon(12).isoformat(), location="Biblioteket")
    jobs.run_pending()

    assert len(mailoutbox) == 3
    for message in mailoutbox:
        assert "Arbeidsgruppe for bolig" in message.body and "Erfaringspanelet" not in message.body
    assert "Dere er invitert til Arbeidsgruppe for bolig: Oppstart." in mailoutbox[0].body
    path = re.search(r"/invitasjon/\S+/ja/", mailoutbox[0].body).group(0)
    page = client.get(path).content.decode()
    assert "Arbeidsgruppe for bolig, Oppstart" in page and "Erfaringspanelet, Oppstart" not in page


def test_an_input_mail_names_the_series_the_input_was_raised_in(coordinator, council_staff, mailoutbox):
    from panel.models import InputItem, ServiceMember
    from tests.panel.factories import series, service

    nav = service("Nav Sandnes")
    ServiceMember.objects.create(user=council_staff, organisation=nav)
    group = series("Inkluderingsteamet")
    m = meeting(_soon(-3), status="held", title="Høstmøte", series=group, kind="series")
    item = InputItem.objects.create(meeting=m, text="Behov for lokaler", assigned_service=nav)

    services.input_assignment_mail(item=item, assigned_by=coordinator)
    jobs.run_pending()

    (message,) = mailoutbox
    assert message.subject.startswith("Innspill fra Inkluderingsteamet til Nav Sandnes")
    assert "Inkluderingsteamet har sendt dere et innspill" in message.body and "Erfaringspanelet" not in message.body


def test_inviting_to_a_past_meeting_asks_first(client, coordinator, mailoutbox):
    from panel.models import Invitation

    past = meeting(_soon(-7), status="held", title="Høstmøte")
    a = organisation("Eritreisk Forening", email="post@eritreisk.example.org")
    client.force_login(coordinator)
    url = f"/koordinator/panel/{past.pk}/invitasjoner/"
    assert "er passert" in client.get(url).content.decode()
    data = {"who": "chosen", "organisations": [a.pk], "send_email": "on"}

    refused = client.post(url, data)
    assert refused.status_code == 200 and "Kryss av her hvis invitasjonene likevel skal sendes" in refused.content.decode()
    assert not Invitation.objects.exists()

    assert client.post(url, {**data, "confirm_past": "on"}).status_code == 302
    jobs.run_pending()
    assert [message.to for message in mailoutbox] == [["post@eritreisk.example.org"]]
    coming = meeting(_soon(), status="planned", title="Vårmøte")
    assert "er passert" not in client.get(f"/koordinator/panel/{coming.pk}/invitasjoner/").content.decode()


def test_the_invited_are_listed_in_norwegian_order(client, coordinator):
    from panel.models import Invitation

    m = meeting(_soon(), status="planned", title="Vårmøte")
    for name in ("Østlandet Forening", "Zambisk Forening", "Ærlig Forening", "afghansk forening", "Åpen Forening"):
        Invitation.objects.create(meeting=m, organisation=organisation(name))
    client.force_login(coordinator)
    page = client.get(f"/koordinator/panel/{m.pk}/invitasjoner/").content.decode()
    invited = page[page.index('id="inviterte"'):]
    positions = [invited.index(name) for name in
                 ("afghansk forening", "Zambisk Forening", "Ærlig Forening", "Østlandet Forening", "Åpen Forening")]
    assert positions == sorted(positions)


def test_ical_js_vobject_and_email_read_invitation_update_and_cancellation_in_oslo_time(client, coordinator, mailoutbox):
    """Winter invitation, moved to summer, then cancelled: ical.js (Thunderbird's parser) and vobject
    each read one event under one UID, the method of the part and of the calendar, the sequence
    rising, and 17:30 in Oslo as 16:30 UTC in winter and 15:30 UTC in summer."""
    from tests.interop import read_with_icaljs

    year = timezone.localdate().year + 1
    winter, summer = datetime.date(year, 1, 14), datetime.date(year, 6, 16)
    m = meeting(winter, status="planned", title="Vårmøte", start_time=datetime.time(17, 30), location="Rådhuset")
    a = organisation("Eritreisk Forening", email="post@eritreisk.example.org")
    client.force_login(coordinator)
    invite_and_send(client, m, [a])
    edit(client, m, date=summer.isoformat(), end_time="19:00", location="Biblioteket")
    jobs.run_pending()
    edit(client, m, date=summer.isoformat(), end_time="19:00", location="Biblioteket", status="cancelled")
    jobs.run_pending()
    assert len(mailoutbox) == 3

    read = []
    for message, method in zip(mailoutbox, ["REQUEST", "REQUEST", "CANCEL"]):
        part, calendar = _read(message)
        assert part.get_content_type() == "text/calendar" and part.get_param("method") == method
        icaljs = read_with_icaljs(part.get_content())
        (event,) = icaljs["events"]
        assert icaljs["method"] == method and calendar.method.value == method
        assert event["uid"] == calendar.vevent.uid.value == f"panel-meeting-{m.pk}@mangfold.sandnes.example.org"
        assert event["organizer"] == "mailto:mangfold@sandnes.example.org"
        assert event["attendees"] == ["mailto:post@eritreisk.example.org"]
        event["sequence"] = event["sequence"] or 0  # absent: 0 (RFC 5545 3.8.7.4)
        assert event["sequence"] == _sequence(calendar.vevent)
        read.append((event, calendar.vevent))

    (invitation, _), (update, _), (cancellation, cancelled) = read
    assert invitation["sequence"] < update["sequence"] < cancellation["sequence"]
    assert cancellation["status"] == "CANCELLED" and cancelled.status.value == "CANCELLED"
    (winter_start,) = [occurrence["start"] for occurrence in invitation["occurrences"]]
    assert winter_start == {"local": f"{year}-01-14T17:30:00", "offset": 3600, "utc": f"{year}-01-14T16:30:00.000Z"}
    (summer_start,) = [occurrence["start"] for occurrence in update["occurrences"]]
    assert summer_start == {"local": f"{year}-06-16T17:30:00", "offset": 7200, "utc": f"{year}-06-16T15:30:00.000Z"}
    assert update["location"] == "Biblioteket"
    oslo = zoneinfo.ZoneInfo("Europe/Oslo")
    assert read[0][1].dtstart.value == datetime.datetime(year, 1, 14, 17, 30, tzinfo=oslo)
    assert read[1][1].dtstart.value == datetime.datetime(year, 6, 16, 17, 30, tzinfo=oslo)
    assert read[1][1].dtend.value == datetime.datetime(year, 6, 16, 19, 0, tzinfo=oslo)
