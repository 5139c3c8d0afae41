"""Reads of the activities and their figures (docs/domain.md `activities`). The report, the goals and
the calendar call these.

Counting rules: an activity counts in the year of its `date`; records of other years and kinds
never leak in. "Immigrant organisations" are IMMIGRANT_KINDS (faith communities included).
"""

import datetime

from django.db.models import Count, Prefetch, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from activities.models import Activity, ActivityKind, ActivityOrganisation, ActivityRole, Premises, Resource
from organisations.models import IMMIGRANT_KINDS, Kind, Language, Organisation
from portal.reporting import figures
from portal.text.collation import norwegian
from portal.reporting.periods import in_period
from portal.text.sanitize import richtext_to_plain_text
from portal.output.ical import calendar_uid

# --- The figures ----------------------------------------------------------------------------


def activities_in(year, kind=None):
    queryset = Activity.objects.filter(**in_period(year, "date"))  # a year, or a portal.reporting.periods.Period
    return queryset if kind is None else queryset.filter(kind=kind)


@figures.register("activities.own_events", _("Egne arrangementer"), periods=True)
def own_events(year):
    """activities.own_events."""
    return activities_in(year, ActivityKind.OWN_EVENT).count()


@figures.register("activities.own_event_participants", _("Deltakere på egne arrangementer"), periods=True)
def own_event_participants(year):
    """activities.own_event_participants: the sum of the own events' participants (empty counts 0)."""
    return activities_in(year, ActivityKind.OWN_EVENT).aggregate(n=Coalesce(Sum("participants"), 0))["n"]


@figures.register("activities.campaigns", _("Kampanjer"), periods=True)
def campaigns(year):
    """activities.campaigns."""
    return activities_in(year, ActivityKind.CAMPAIGN).count()


@figures.register("activities.consultations", _("Høringer"), periods=True)
def consultations(year):
    """activities.consultations."""
    return activities_in(year, ActivityKind.CONSULTATION).count()


@figures.register("activities.organisations_in_consultations", _("Innvandrerorganisasjoner som ga innspill til høringer"), periods=True)
def organisations_in_consultations(year):
    """activities.organisations_in_consultations: distinct immigrant organisations named on the
    year's consultations (in any role)."""
    return (
        Organisation.objects.filter(
            kind__in=IMMIGRANT_KINDS,
            activity_links__activity__in=activities_in(year, ActivityKind.CONSULTATION),
        )
        .distinct()
        .count()
    )


@figures.register("activities.media_mentions", _("Medieoppslag"), periods=True)
def media_mentions(year):
    """activities.media_mentions."""
    return activities_in(year, ActivityKind.MEDIA).count()


@figures.register("activities.network_meetings", _("Nettverkssamlinger"), periods=True)
def network_meetings(year):
    """activities.network_meetings."""
    return activities_in(year, ActivityKind.NETWORK_MEETING).count()


@figures.register("activities.courses", _("Kurs"), periods=True)
def courses(year):
    """activities.courses."""
    return activities_in(year, ActivityKind.COURSE).count()


FIGURE_NAMES = (
    "own_events", "own_event_participants", "campaigns", "consultations", "organisations_in_consultations",
    "media_mentions", "network_meetings", "courses",
)


def activity_figures(year):
    """All of docs/domain.md's `activities` for a year, in its key order."""
    functions = globals()
    return {name: functions[name](year) for name in FIGURE_NAMES}


# --- The report's lists ---------------------------------------------------------------------


def _with_organisations(queryset):
    return queryset.prefetch_related(
        Prefetch("links", queryset=ActivityOrganisation.objects.select_related("organisation").order_by(norwegian("organisation__name"))),
        Prefetch("measures"),
    )


def _row(activity):
    links = list(activity.links.all())

    def names(role=None, kinds=None):
        return [
            link.organisation.name
            for link in links
            if (role is None or link.role == role) and (kinds is None or link.organisation.kind in kinds)
        ]

    return {
        "kind": activity.kind,
        "kind_label": str(activity.get_kind_display()),
        "title": activity.title,
        "date": activity.date,
        "end_date": activity.end_date,
        "location": activity.location,
        "note": activity.note,
        "participants": activity.participants,
        "channels": activity.channels,
        "case": activity.case,
        "deadline": activity.deadline,
        "input_sent": activity.input_sent,
        "outcome": activity.outcome,
        "outlet": activity.outlet,
        "url": activity.url,
        "co_organisers": names(ActivityRole.CO_ORGANISER),
        "taking_part": names(ActivityRole.TAKING_PART),
        "gave_input": names(ActivityRole.INPUT),
        "businesses": names(kinds=(Kind.BUSINESS,)),
        "measures": [measure.title for measure in activity.measures.all()],
        # Told in a subchapter of its own in its year's report (the chapter's list leaves it out).
        "subchapter": activity.report_year == activity.date.year,
    }


def report_activities(year):
    """The year's activities for the report, by kind, each ordered by date (four queries)."""
    rows = [_row(a) for a in _with_organisations(activities_in(year)).order_by("date", "pk")]
    by_kind = {kind: [] for kind in ActivityKind.values}
    for row in rows:
        by_kind[row["kind"]].append(row)
    return by_kind


def report_premises():
    """The public premises list as the report shows it (seed §7)."""
    return [
        {
            "name": p.name,
            "owner": p.owner,
            "address": p.address,
            "terms": p.terms,
            "terms_label": str(p.get_terms_display()),
            "capacity": p.capacity,
        }
        for p in Premises.objects.filter(public=True).order_by(norwegian("name"))
    ]


# --- Calendar -------------------------------------------------------------------------------

CALENDAR_KINDS = (ActivityKind.OWN_EVENT, ActivityKind.NETWORK_MEETING, ActivityKind.COURSE, ActivityKind.CAMPAIGN, ActivityKind.OTHER)


def public_activities():
    return Activity.objects.filter(public=True, kind__in=CALENDAR_KINDS)


def calendar_items(start=None, end=None):
    """The public activities as calendar items (the shape hub.calendar.calendar_items uses)."""
    from django.urls import reverse


    queryset = public_activities()
    if start:
        queryset = queryset.filter(date__gte=timezone.localtime(start).date() if isinstance(start, datetime.datetime) else start)
    if end:
        queryset = queryset.filter(date__lte=timezone.localtime(end).date() if isinstance(end, datetime.datetime) else end)
    return [
        {
            "uid": calendar_uid(f"activity-{activity.pk}"),
            "title": activity.title,
            "start": activity.starts_at(),
            "end": activity.ends_at(),
            "all_day": activity.start_time is None,
            "location": activity.location,
            "description": richtext_to_plain_text(activity.note),  # the feeds and the calendar take plain text
            "url": reverse("activities:public_detail", args=[activity.pk]),
            "cancelled": False,
            "source": "activity",
        }
        for activity in queryset.order_by("date", "start_time", "pk")
    ]


def public_activity(pk):
    return (
        _with_organisations(public_activities()).filter(pk=pk).first()
    )


# --- Coordinators' pages --------------------------------------------------------------------


def staff_activities(*, year=None, kind=""):
    queryset = Activity.objects.annotate(organisation_count=Count("links"))
    if year:
        queryset = queryset.filter(date__year=year)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-date", "-pk")


def activity_years():
    return sorted({d.year for d in Activity.objects.dates("date", "year")}, reverse=True)


def staff_activity(pk):
    return _with_organisations(Activity.objects.prefetch_related("plan_items")).filter(pk=pk).first()


# --- Premises and the resource library -------------------------------------------------------


def public_premises():
    return Premises.objects.filter(public=True).order_by(norwegian("name"))


def public_resources(language=""):
    queryset = Resource.objects.filter(public=True).prefetch_related("languages")
    if language:
        queryset = queryset.filter(languages__code=language)
    return queryset.order_by("title")


def resource_languages():
    """Languages that at least one public resource is in, for the library's filter."""
    return Language.objects.filter(resources__public=True).distinct().order_by("name_nb")


def staff_premises():
    return Premises.objects.order_by(norwegian("name"))


def staff_resources():
    return Resource.objects.prefetch_related("languages").order_by("title")


def year_counts_by_kind(year):
    """Activities per kind in the year for the coordinators' list (one query)."""
    rows = activities_in(year).values("kind").annotate(n=Count("pk")).order_by()
    counts = {row["kind"]: row["n"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value, label in ActivityKind.choices]




def report_subchapters(year):
    """The activities the coordinators marked as worth a subchapter of the year's report, each
    with what its subchapter is built from (two queries)."""
    from portal.reporting.subchapters import subchapter_head

    marked = _with_organisations(Activity.objects.filter(report_year=year)).order_by("date", "pk")
    return [{**_row(a), **subchapter_head(a, a.title), "source": "activity"} for a in marked]
