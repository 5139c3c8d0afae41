"""Which cached public pages a change of an activity makes stale (portal/web/pagecache.py): a public
activity (or one that was public) is in the calendar and its feeds (CALENDAR); the coordinators'
other activities are shown to nobody outside and invalidate nothing."""

from activities.models import Activity
from portal.web import pagecache
from portal.web.pagecache import CALENDAR


def activity_concerns(activity, old):
    if activity.public or (old is not None and old.get("public")):
        return [CALENDAR]
    return []


def connect():
    pagecache.watch(Activity, activity_concerns, fields=("public",))
