"""Which cached public pages a change in the panel app makes stale (portal/pagecache.py): the
calendar, its feeds and the start page's coming meetings (CALENDAR). Attendance, invitations,
guests and input items are not on those pages and invalidate nothing."""

from panel.models import Meeting, MeetingSeries, Topic
from portal import pagecache
from portal.pagecache import CALENDAR


def calendar_concerns(instance, old):
    return [CALENDAR]


def meeting_concerns(meeting, old):
    # Panel meetings and the meetings of public series are in the calendar; other series' are not.
    if meeting.series_id is None:
        return [CALENDAR]
    series_ids = {meeting.series_id, (old or {}).get("series_id")} - {None}
    return [CALENDAR] if MeetingSeries.objects.filter(pk__in=series_ids, public=True).exists() else []


def series_concerns(series, old):
    return [CALENDAR] if series.public or (old is not None and old.get("public")) else []


def topics_concerns(instance, reverse, pk_set):
    return [CALENDAR]  # a meeting's topics are its description in the calendar


def connect():
    pagecache.watch(Meeting, meeting_concerns, fields=("series_id",))
    pagecache.watch(MeetingSeries, series_concerns, fields=("public",))
    pagecache.watch(Topic, calendar_concerns, on_create=False)
    pagecache.watch_m2m(Meeting.topics.through, topics_concerns)
