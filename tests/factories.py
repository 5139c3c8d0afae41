"""Builders shared by every app's tests (the app's own factories import these): one meeting()
and one attend() for the panel, the outreach and the report tests alike."""

import datetime

from panel.models import Attendance, Meeting, MeetingKind, MeetingStatus


def meeting(date, kind=MeetingKind.PANEL, status=MeetingStatus.HELD, title=None, **fields):
    """A meeting on `date` (a date or "YYYY-MM-DD"); held unless told otherwise."""
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    return Meeting.objects.create(
        kind=kind, date=date, status=status, title=title or f"Erfaringspanel {date:%d.%m.%Y}", **fields
    )


def attend(meeting_, organisation, participants=1):
    return Attendance.objects.create(meeting=meeting_, organisation=organisation, participants=participants)
