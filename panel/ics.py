"""A panel meeting as iCalendar: the file to import and the invitation e-mail's calendar
(the writer is portal/output/ical.py)."""

from email.utils import parseaddr

from django.conf import settings

from panel.selectors import meeting_item
from portal.output.ical import calendar_bytes


def meeting_ics(meeting, base_url=None):
    return calendar_bytes([meeting_item(meeting)], str(meeting.title), base_url)


def meeting_mail_ics(meeting, *, attendees=(), attendee_name=""):
    """The calendar of an invitation e-mail and of its updates, as (bytes, METHOD): always the
    meeting's one UID and its current SEQUENCE, so a calendar program replaces the event it has.
    A planned meeting is a REQUEST; a cancelled one is a CANCEL (RFC 5546), which removes the
    event. Both name the portal's sender address as ORGANIZER and the addresses mailed as ATTENDEEs."""
    item = dict(
        meeting_item(meeting),
        organizer=parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL,
        organizer_name=settings.PORTAL_PROJECT_NAME,
        attendees=list(attendees),
        attendee_name=attendee_name,
    )
    method = "CANCEL" if meeting.is_cancelled else "REQUEST"
    return calendar_bytes([item], str(meeting.title), method=method), method
