"""Which cached public pages a change in the panel app makes stale (portal/web/pagecache.py): the
calendar, its feeds and the start page's coming meetings (CALENDAR); /innspill/ and
/innspill.json (PUBLIC_INPUT). Attendance, invitations and guests are on none of them and
invalidate nothing."""

from django.db.models.signals import post_delete, post_save

from activities.models import Activity
from goals.models import Measure, PlanItem
from organisations.models import Organisation
from panel.models import InputItem, Meeting, MeetingSeries, Topic
from portal.web import pagecache
from portal.web.pagecache import CALENDAR

# /innspill/ and /innspill.json: the public items, their meetings and series, the organisations
# that raised them (named when published) or answer them, and what they led to.
PUBLIC_INPUT = "public-input"


def calendar_concerns(instance, old):
    return [CALENDAR]


def meeting_concerns(meeting, old):
    # Panel meetings and the meetings of public series are in the calendar; other series' are not.
    # Every meeting may have public input (its date is on /innspill/).
    if meeting.series_id is None:
        return [CALENDAR, PUBLIC_INPUT]
    series_ids = {meeting.series_id, (old or {}).get("series_id")} - {None}
    public = MeetingSeries.objects.filter(pk__in=series_ids, public=True).exists()
    return [CALENDAR, PUBLIC_INPUT] if public else [PUBLIC_INPUT]


def series_concerns(series, old):
    return [CALENDAR, PUBLIC_INPUT] if series.public or (old is not None and old.get("public")) else [PUBLIC_INPUT]


def input_concerns(instance, old):
    # An item changes /innspill/ when it is public now or was before the change.
    if instance.public or old is None or old.get("public"):
        return [PUBLIC_INPUT]
    return []


def public_input_concerns(*args):
    return [PUBLIC_INPUT]


def topics_concerns(instance, reverse, pk_set):
    return [CALENDAR]  # a meeting's topics are its description in the calendar


def connect():
    pagecache.watch(Meeting, meeting_concerns, fields=("series_id",))
    pagecache.watch(MeetingSeries, series_concerns, fields=("public",))
    pagecache.watch(Topic, calendar_concerns, on_create=False)
    pagecache.watch_m2m(Meeting.topics.through, topics_concerns)
    pagecache.watch(InputItem, input_concerns, fields=("public",))
    for relation in ("led_to_plan_items", "led_to_measures", "led_to_activities", "led_to_series"):
        pagecache.watch_m2m(getattr(InputItem, relation).through, public_input_concerns)
    # The names and titles /innspill/ shows of records in other apps: an organisation (who
    # raised it, the service), a plan item, a measure, an activity. (Receivers of their own:
    # pagecache.watch keeps one receiver per model, the owning app's.)

    def changed(sender, created=False, **kwargs):
        if not created:
            pagecache.invalidate(PUBLIC_INPUT)

    for model in (Organisation, PlanItem, Measure, Activity):
        label = model._meta.label_lower
        post_save.connect(changed, sender=model, weak=False, dispatch_uid=f"public-input-saved-{label}")
        post_delete.connect(changed, sender=model, weak=False, dispatch_uid=f"public-input-deleted-{label}")
