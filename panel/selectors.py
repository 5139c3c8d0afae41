"""Reads of the panel and its figures (docs/domain.md `panel.*`). The report and the goals call these.

Counting rules: only meetings of kind "panel" count, dated in the calendar year; cancelled
meetings were not held and never count. A meeting is *held* when it is not cancelled and dated no
later than the day the figures are made (`today`, the municipality's date unless given): the
meeting counts (`panel.meetings`, `series[].meetings`) and the report's lists of meetings are of
held meetings only, so a 2026 report made on 6 December does not count a meeting planned for
27 December. "Immigrant organisations" are IMMIGRANT_KINDS (faith communities included).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, Prefetch, Q, Subquery, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import IMMIGRANT_KINDS, ContactPerson, Kind, Organisation
from portal.text.search import fold
from portal.output.ical import calendar_uid
from panel.models import (
    CLOSED_INPUT_STATUSES,
    Attendance,
    InputItem,
    InputOverviewVisit,
    InputStatus,
    Invitation,
    InvitationStatus,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    ServiceMember,
    Topic,
    WorkingMethod,
)
from portal.output import mail
from portal.reporting import figures
from portal.text.collation import norwegian, sort_key
from portal.reporting.periods import in_period
from activities.models import Activity
from goals.models import Measure, PlanItem

# The categories of people at a meeting, in the order the report and the dashboard show them:
# the organisation kinds (participants summed from Attendance), then the meeting's head counts.
PARTICIPANT_CATEGORIES = [(value, label) for value, label in Kind.choices] + [
    ("coordinators", _("Koordinatorer")),
    ("students", _("Studenter")),
    ("guests", _("Gjester")),
    ("others", _("Andre")),
]
HEAD_COUNT_FIELDS = {
    "coordinators": "coordinators_count",
    "students": "students_count",
    "guests": "guests_count",
    "others": "others_count",
}


# --- The figures ----------------------------------------------------------------------------


def panel_meetings(year=None, years=None):
    """Panel meetings that were (or will be) held: not cancelled, of kind panel, in the year(s)."""
    queryset = Meeting.objects.counted()
    if year is not None:  # a year, or a portal.reporting.periods.Period
        queryset = queryset.filter(**in_period(year, "date"))
    if years is not None:
        queryset = queryset.filter(date__year__in=list(years))
    return queryset


def held_panel_meetings(year, *, today=None):
    """Panel meetings of the year that have been held: not cancelled, dated no later than `today`."""
    return panel_meetings(year).filter(date__lte=today or timezone.localdate())


def panel_attendances(year):
    """Attendance at panel meetings dated in the year (cancelled meetings are not meetings held)."""
    return Attendance.objects.at_counted_meetings().filter(**in_period(year, "meeting__date"))


def attending_immigrant_organisation_ids(year):
    """Ids of immigrant organisations (faith communities included) present at a panel meeting in
    the year: a subquery the outreach figures use too."""
    return (
        panel_attendances(year)
        .filter(organisation__kind__in=IMMIGRANT_KINDS)
        .values("organisation_id")
        .distinct()
    )


@figures.register("panel.meetings", _("Møter i Erfaringspanelet"), periods=True)
def meetings_count(year, *, today=None):
    """panel.meetings: the meetings held in the year as of `today` (docs/domain.md)."""
    return held_panel_meetings(year, today=today).count()


@figures.register("panel.organisations_represented", _("Innvandrerorganisasjoner representert i panelet"), periods=True)
def organisations_represented(year):
    """panel.organisations_represented."""
    return Organisation.objects.filter(pk__in=attending_immigrant_organisation_ids(year)).count()


@figures.register("panel.organisations_represented_previous_year", _("Innvandrerorganisasjoner representert i panelet året før"))
def organisations_represented_previous_year(year):
    """panel.organisations_represented_previous_year."""
    return organisations_represented(year - 1)


def growth(current, previous):
    """(current − previous) / previous × 100, half up to a whole number; None when previous is 0."""
    if not previous:
        return None
    value = (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@figures.register("panel.growth_percent", _("Økning i representerte organisasjoner (%)"))
def growth_percent(year):
    """panel.growth_percent."""
    return growth(organisations_represented(year), organisations_represented(year - 1))


def _organisations_at_two_or_more(kinds, years):
    attendance = Attendance.objects.filter(
        meeting__in=panel_meetings(years=years), organisation__kind__in=kinds
    )
    return (
        Organisation.objects.filter(pk__in=attendance.values("organisation_id"))
        .annotate(
            meeting_count=Count(
                "attendances__meeting",
                filter=Q(attendances__meeting__in=panel_meetings(years=years)),
                distinct=True,
            )
        )
        .filter(meeting_count__gte=2)
        .order_by("name")
    )


def immigrant_organisations_at_two_or_more_meetings(year):
    return _organisations_at_two_or_more(IMMIGRANT_KINDS, (year - 1, year))


def municipal_services_at_two_or_more_meetings_list(year):
    return _organisations_at_two_or_more((Kind.MUNICIPAL_SERVICE,), (year,))


@figures.register("panel.organisations_at_two_or_more_meetings", _("Innvandrerorganisasjoner på to eller flere møter (i år og i fjor)"))
def organisations_at_two_or_more_meetings(year):
    """panel.organisations_at_two_or_more_meetings: immigrant organisations at ≥ 2 distinct panel
    meetings dated in the year or the year before."""
    return immigrant_organisations_at_two_or_more_meetings(year).count()


@figures.register("panel.municipal_services_at_two_or_more_meetings", _("Kommunale virksomheter på to eller flere møter"))
def municipal_services_at_two_or_more_meetings(year):
    """panel.municipal_services_at_two_or_more_meetings: municipal services at ≥ 2 distinct panel
    meetings in the year."""
    return municipal_services_at_two_or_more_meetings_list(year).count()


def represented_organisation_names(year):
    return list(
        Organisation.objects.filter(pk__in=attending_immigrant_organisation_ids(year))
        .order_by("name")
        .values_list("name", flat=True)
    )


def participation_by_year(year, span=5):
    """organisations_represented for the `span` years up to the year, in one query, starting no
    earlier than the project's first year (the first year with a panel meeting): a project that
    started in December 2024 has no 2021–2023 to draw as zero."""
    rows = (
        Meeting.objects.counted()
        .filter(date__year__lte=year)
        .values("date__year")
        .annotate(
            organisations=Count(
                "attendances__organisation",
                filter=Q(attendances__organisation__kind__in=IMMIGRANT_KINDS),
                distinct=True,
            )
        )
        .order_by()
    )
    counts = {row["date__year"]: row["organisations"] for row in rows}
    first = max(year - span + 1, min(counts, default=year))
    return [{"year": y, "organisations_represented": counts.get(y, 0)} for y in range(first, year + 1)]


def year_meetings_with_participants(year, *, held_only=False, today=None):
    """The year's panel meetings with topics, guests and participants by category (3 queries).
    held_only: only the meetings held as of `today` (the report lists what happened)."""
    queryset = held_panel_meetings(year, today=today) if held_only else panel_meetings(year)
    meetings = list(
        queryset
        .order_by("date", "start_time", "pk")
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")), "guests")
    )
    sums = (
        Attendance.objects.filter(meeting__in=[m.pk for m in meetings])
        .values("meeting_id", "organisation__kind")
        .annotate(participants=Sum("participants"), organisations=Count("organisation"))
    )
    by_meeting = {}
    for row in sums:
        by_meeting.setdefault(row["meeting_id"], {})[row["organisation__kind"]] = row
    for meeting in meetings:
        rows = by_meeting.get(meeting.pk, {})
        meeting.participants_by_category = {
            kind: (rows[kind]["participants"] if kind in rows else 0) for kind, _label in Kind.choices
        }
        meeting.organisations_by_kind = {
            kind: (rows[kind]["organisations"] if kind in rows else 0) for kind, _label in Kind.choices
        }
        for key, field in HEAD_COUNT_FIELDS.items():
            meeting.participants_by_category[key] = getattr(meeting, field)
        meeting.participants_total = sum(meeting.participants_by_category.values())
    return meetings


def year_topics(year):
    return list(
        Topic.objects.filter(meetings__in=panel_meetings(year)).distinct().order_by("name").values_list("name", flat=True)
    )


def year_working_methods(meetings):
    used = {value for meeting in meetings for value in (meeting.working_methods or [])}
    return [str(label) for value, label in WorkingMethod.choices if value in used]


def report_panel(year):
    """Everything the annual report says about the panel in the year, in a constant number of queries.

    meetings[].participants_by_category has one key per organisation kind (the participants the
    organisations of that kind brought) and "coordinators", "students", "guests", "others"
    (head counts); PARTICIPANT_CATEGORIES gives their order and labels. Dates are date objects.
    """
    meetings = year_meetings_with_participants(year, held_only=True)
    return {
        "meetings": [
            {
                "date": meeting.date,
                "title": meeting.title,
                "topics": [topic.name for topic in meeting.topics.all()],
                "participants_by_category": meeting.participants_by_category,
            }
            for meeting in meetings
        ],
        "topics": year_topics(year),
        "working_methods": year_working_methods(meetings),
        "represented_organisation_names": represented_organisation_names(year),
        "municipal_services_at_two_or_more_meetings": list(
            municipal_services_at_two_or_more_meetings_list(year).values_list("name", flat=True)
        ),
        "participation_by_year": participation_by_year(year),
        "guests": [
            {"name": guest.name, "unit": guest.unit, "meeting_date": meeting.date}
            for meeting in meetings
            for guest in meeting.guests.all()
        ],
    }


def dashboard_figures(year):
    """The panel figures of a year for the coordinator dashboard (the same functions the report uses)."""
    current = organisations_represented(year)
    previous = organisations_represented(year - 1)
    return {
        "meetings": meetings_count(year),
        "organisations_represented": current,
        "organisations_represented_previous_year": previous,
        "growth_percent": growth(current, previous),
        "organisations_at_two_or_more_meetings": organisations_at_two_or_more_meetings(year),
        "municipal_services_at_two_or_more_meetings": municipal_services_at_two_or_more_meetings(year),
    }


# --- Input (docs/domain.md `input`) -------------------------------------------------------------

# "Answered" in the figures: the service answered it, or did what was asked.
ANSWERED_INPUT_STATUSES = (InputStatus.ANSWERED, InputStatus.IMPLEMENTED)
OPEN_INPUT_STATUSES = (InputStatus.NEW, InputStatus.FORWARDED, InputStatus.IN_PROGRESS)


def year_input_items(year):
    """Input raised at panel meetings dated in the year: the meeting's date decides the year, and
    input raised at another series' meeting never enters these figures."""
    return InputItem.objects.filter(meeting__kind=MeetingKind.PANEL, meeting__date__year=year)


@figures.register("input.raised", _("Innspill meldt i Erfaringspanelet"))
def input_raised(year):
    """input.raised."""
    return year_input_items(year).count()


@figures.register("input.answered", _("Innspill besvart eller gjennomført"))
def input_answered(year):
    """input.answered: answered or implemented."""
    return year_input_items(year).filter(status__in=ANSWERED_INPUT_STATUSES).count()


@figures.register("input.implemented", _("Innspill gjennomført"))
def input_implemented(year):
    """input.implemented."""
    return year_input_items(year).filter(status=InputStatus.IMPLEMENTED).count()


@figures.register("input.not_pursued", _("Innspill ikke fulgt opp"))
def input_not_pursued(year):
    """input.not_pursued."""
    return year_input_items(year).filter(status=InputStatus.NOT_PURSUED).count()


@figures.register("input.open", _("Innspill som ikke er besvart"))
def input_open(year):
    """input.open: new, forwarded or in progress."""
    return year_input_items(year).filter(status__in=OPEN_INPUT_STATUSES).count()


@figures.register("input.organisations_heard", _("Innvandrerorganisasjoner som har fått svar på innspill"))
def input_organisations_heard(year):
    """input.organisations_heard: distinct immigrant organisations (faith communities included)
    that raised at least one of the year's answered or implemented items."""
    raisers = year_input_items(year).filter(status__in=ANSWERED_INPUT_STATUSES).values("raised_by_id")
    return Organisation.objects.filter(kind__in=IMMIGRANT_KINDS, pk__in=raisers).count()


def median(values):
    """The median of whole numbers, the mean of the two middle ones for an even count, rounded
    half up to a whole number (Decimal, never float round); None for no values."""
    values = sorted(values)
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    mean = (Decimal(values[middle - 1]) + Decimal(values[middle])) / 2
    return int(mean.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


@figures.register("input.median_days_to_answer", _("Dager til svar på innspill (median)"))
def input_median_days_to_answer(year):
    """input.median_days_to_answer: over the answered or implemented items with an answer date,
    the median of answered_on − raised_on in days; None when there are none."""
    pairs = (
        year_input_items(year)
        .filter(status__in=ANSWERED_INPUT_STATUSES, answered_on__isnull=False)
        .values_list("raised_on", "answered_on")
    )
    return median([(answered - raised).days for raised, answered in pairs])


def input_by_service(year):
    """input.by_service: for the year's items that have a service, per service ordered by name
    (Norwegian order): [{"service", "raised", "answered"}] (one query)."""
    rows = (
        year_input_items(year)
        .filter(assigned_service__isnull=False)
        .values("assigned_service_id", "assigned_service__name")
        .annotate(raised=Count("pk"), answered=Count("pk", filter=Q(status__in=ANSWERED_INPUT_STATUSES)))
        .order_by(norwegian("assigned_service__name"), "assigned_service_id")
    )
    return [
        {"service": row["assigned_service__name"], "raised": row["raised"], "answered": row["answered"]}
        for row in rows
    ]


def input_theme_choices():
    """The themes a coordinator chooses an item's theme from: the meetings' topics and every theme
    input already has, once each (ignoring case), in Norwegian order (two queries)."""
    themes = {}
    for name in list(Topic.objects.values_list("name", flat=True)) + list(
        InputItem.objects.exclude(theme="").values_list("theme", flat=True).distinct()
    ):
        name = " ".join(name.split())
        themes.setdefault(name.casefold(), name)
    return sorted(themes.values(), key=sort_key)


def input_by_theme(year):
    """The year's panel input summed up by theme (ignoring case), most raised first:
    [{"theme", "raised", "answered"}]; items without a theme are left out (one query)."""
    rows = {}
    for theme, status in year_input_items(year).exclude(theme="").values_list("theme", "status"):
        theme = " ".join(theme.split())
        row = rows.setdefault(theme.casefold(), {"theme": theme, "raised": 0, "answered": 0})
        row["raised"] += 1
        row["answered"] += status in ANSWERED_INPUT_STATUSES
    return sorted(rows.values(), key=lambda row: (-row["raised"], sort_key(row["theme"])))


def organisation_input_items(organisation):
    """"Våre innspill": every item the organisation raised, newest first, with its meeting,
    service and what it led to (six queries whatever their number)."""
    return with_led_to(
        organisation.raised_input_items.select_related("meeting", "meeting__series", "assigned_service").order_by(
            "-raised_on", "-meeting__date", "-pk"
        ),
        public=True,
    )


def input_outcome_addresses(organisation):
    """Who hears what became of the organisation's input: its editors (active, with an address)
    and its contact persons who may be e-mailed (consent, not opted out, not suppressed); each
    address once, in a stable order."""
    from django.contrib.auth import get_user_model

    editors = (
        get_user_model().objects.filter(edited_organisations=organisation, is_active=True)
        .exclude(email="").order_by("username").values_list("email", flat=True)
    )
    addresses = {}
    for address in list(editors) + [person.email for person in mail.receiving_persons([organisation.pk])]:
        addresses.setdefault(address.casefold(), address)
    return list(addresses.values())


def proposal_meetings(today=None):
    """The coming meetings an organisation may send input or an agenda topic for: the panel's and
    the public series', not cancelled."""
    today = today or timezone.localdate()
    return (
        Meeting.objects.filter(Q(kind=MeetingKind.PANEL) | Q(kind=MeetingKind.SERIES, series__public=True), date__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("series")
        .order_by("date", "start_time", "pk")
    )


def organisation_proposals(organisation):
    return organisation.input_proposals.select_related("meeting", "meeting__series").order_by("-created_at", "-pk")


def pending_proposals():
    from panel.models import InputProposal, ProposalStatus

    return (
        InputProposal.objects.filter(status=ProposalStatus.PENDING)
        .select_related("organisation", "meeting", "meeting__series", "submitted_by")
        .order_by("created_at", "pk")
    )


# --- What input led to ----------------------------------------------------------------------

# The kinds of record an item can lead to, in the order they are listed (the codes are those of
# /innspill.json's led_to[].kind).
LED_TO_KINDS = [
    ("plan_item", _("Planpunkt")),
    ("measure", _("Tiltak")),
    ("activity", _("Aktivitet")),
    ("series", _("Møteserie")),
]


def with_led_to(queryset, *, public=False):
    """Items with what they led to prefetched (four queries whatever the number of items). For
    the public, activities and series that are not public themselves are left out."""
    activities = Activity.objects.only("pk", "title", "date", "public").order_by("date", "pk")
    series = MeetingSeries.objects.only("pk", "name", "slug", "public").order_by("name", "pk")
    if public:
        activities, series = activities.filter(public=True), series.filter(public=True)
    return queryset.prefetch_related(
        Prefetch("led_to_plan_items", queryset=PlanItem.objects.order_by("plan_name", "position")),
        Prefetch("led_to_measures", queryset=Measure.objects.order_by("position", "title")),
        Prefetch("led_to_activities", queryset=activities),
        Prefetch("led_to_series", queryset=series),
    )


def plan_item_title(plan_item):
    return f"{plan_item.plan_name} {plan_item.position}: {plan_item.text}"


def led_to(item, *, public=False, links=True):
    """What an item (from `with_led_to`) led to: [{"kind", "kind_label", "title", "url"}]. The url
    is the record's coordinator page, or for the public its public page (None when it has none,
    and always with links=False: council staff do not open the coordinators' pages)."""
    labels = dict(LED_TO_KINDS)
    rows = []
    for plan_item in item.led_to_plan_items.all():
        url = None if public else reverse("goals:plan_item_edit", args=[plan_item.pk])
        rows.append(("plan_item", plan_item_title(plan_item), url))
    for measure in item.led_to_measures.all():
        rows.append(("measure", measure.title, None if public else reverse("goals:measure_edit", args=[measure.pk])))
    for activity in item.led_to_activities.all():
        url = activity.get_absolute_url() if public else reverse("activities:detail", args=[activity.pk])
        rows.append(("activity", activity.title, url))
    for series in item.led_to_series.all():
        url = series.get_absolute_url() if public else reverse("panel:series_detail", args=[series.slug])
        rows.append(("series", series.name, url))
    return [
        {"kind": kind, "kind_label": str(labels[kind]), "title": title, "url": url if links else None}
        for kind, title, url in rows
    ]


def originating_input(record, *, public=False):
    """The input items that led to a plan item, measure, activity or series (one query); for the
    public only those shown at /innspill/."""
    items = record.originating_input.select_related("meeting", "meeting__series").order_by("-raised_on", "pk")
    if public:
        items = items.filter(public=True, status__in=ANSWERED_INPUT_STATUSES)
    return list(items)


def report_input(year):
    """The input the report tells about (chapter 6, and beside the plan items in 11.2): the year's
    panel input that is answered or implemented and marked public (the report is public too),
    by service, each with what it led to (five queries)."""
    items = with_led_to(
        year_input_items(year)
        .filter(public=True, status__in=ANSWERED_INPUT_STATUSES)
        .select_related("meeting", "assigned_service")
        .order_by(norwegian("assigned_service__name"), "meeting__date", "pk"),
        public=True,
    )
    return [
        {
            "meeting_date": item.meeting.date,
            "theme": item.theme,
            "text": item.text,
            "service": item.assigned_service.name if item.assigned_service_id else "",
            "status": item.status,
            "status_label": str(item.get_status_display()),
            "answer": item.answer,
            "answered_on": item.answered_on,
            "led_to": [{key: row[key] for key in ("kind", "kind_label", "title")} for row in led_to(item, public=True)],
            "plan_items": [[p.plan_name, p.position] for p in item.led_to_plan_items.all()],
        }
        for item in items
    ]


# --- Input in public (/innspill/, /innspill.json) ---------------------------------------------


def public_input_base():
    """Every item the public sees: marked public, answered or implemented."""
    return InputItem.objects.filter(public=True, status__in=ANSWERED_INPUT_STATUSES)


def public_input_items(*, theme="", service=None, status="", year=None):
    """The public items, newest first, with their meeting, series, service, raiser and what they
    led to (five queries whatever their number)."""
    items = public_input_base().select_related("meeting", "meeting__series", "raised_by", "assigned_service")
    if theme:
        items = items.filter(theme__iexact=theme)
    if service is not None:
        items = items.filter(assigned_service=service)
    if status:
        items = items.filter(status=status)
    if year:
        items = items.filter(meeting__date__year=year)
    return with_led_to(items.order_by("-raised_on", "-meeting__date", "-pk"), public=True)


def public_input_filter_choices():
    """What the filters of /innspill/ offer: the themes, services and years that public items
    have (three queries)."""
    base = public_input_base()
    themes = sorted({theme.strip() for theme in base.exclude(theme="").values_list("theme", flat=True)}, key=sort_key)
    services = Organisation.objects.filter(pk__in=base.values("assigned_service_id")).order_by(norwegian("name"), "pk")
    years = sorted({day.year for day in base.values_list("meeting__date", flat=True)}, reverse=True)
    return {"themes": themes, "services": list(services), "years": years}


def public_raised_by(item):
    """The organisation that raised the item, named in public only when its listing is."""
    organisation = item.raised_by
    return organisation.name if organisation is not None and organisation.is_published else None


def public_input_record(item):
    """One item of /innspill.json (docs/domain.md): no person, no internal note."""
    return {
        "meeting_date": item.meeting.date.isoformat(),
        "series": item.meeting.series.name if item.meeting.series_id else None,
        "theme": item.theme,
        "text": item.text,
        "raised_by": public_raised_by(item),
        "service": item.assigned_service.name if item.assigned_service_id else None,
        "status": item.status,
        "answer": item.answer,
        "raised_on": item.raised_on.isoformat(),
        "answered_on": item.answered_on.isoformat() if item.answered_on else None,
        "led_to": [{"kind": row["kind"], "title": row["title"]} for row in led_to(item, public=True)],
    }


# --- Meeting series (docs/domain.md `series`) -----------------------------------------------------


def series_meetings(year=None, *, held_only=False, today=None):
    """Meetings of a series (never the panel's), held or planned: a cancelled meeting was not held,
    as for the panel. held_only: only those dated no later than `today` (the municipality's date
    unless given)."""
    queryset = Meeting.objects.filter(kind=MeetingKind.SERIES, series__isnull=False).exclude(
        status=MeetingStatus.CANCELLED
    )
    if year is not None:
        queryset = queryset.filter(date__year=year)
    if held_only:
        queryset = queryset.filter(date__lte=today or timezone.localdate())
    return queryset


def series_figures(year, *, today=None):
    """docs/domain.md `series`: each series other than the panel with a meeting dated in the year (not
    cancelled), by name: meetings (those held: dated no later than `today`, as for panel.meetings),
    organisations_represented (distinct, any kind) and participants (their sum), both from the
    attendance at those held meetings (docs/domain.md: "with attendance at them"). A series whose
    meetings of the year are all still to come is listed with 0 meetings.
    Three queries: the meetings, then attendance aggregated on its own (no join multiplies it)."""
    today = today or timezone.localdate()
    counts = {
        row["series_id"]: row["held"]
        for row in series_meetings(year)
        .values("series_id")
        .annotate(held=Count("pk", filter=Q(date__lte=today)))
        .order_by()
    }
    attendance = {
        row["meeting__series_id"]: row
        for row in Attendance.objects.filter(meeting__in=series_meetings(year, held_only=True, today=today))
        .values("meeting__series_id")
        .annotate(organisations=Count("organisation", distinct=True), participants=Sum("participants"))
        .order_by()
    }
    result = []
    for series in MeetingSeries.objects.filter(pk__in=list(counts)).order_by("name", "pk"):
        row = attendance.get(series.pk, {})
        result.append(
            {
                "name": series.name,
                "meetings": counts[series.pk],
                "organisations_represented": row.get("organisations", 0),
                "participants": row.get("participants") or 0,
            }
        )
    return result


# From this day of the year (month, day) the dashboard warns about series that have met fewer
# times than expected: early enough to hold the missing meetings before the year ends.
SERIES_WARNING_FROM = (11, 1)


def series_behind_schedule(today=None):
    """Series with an expected number of meetings a year that have held fewer in this year, from
    SERIES_WARNING_FROM on (before that the year still has time): [{"series", "held", "expected"}]
    by name. One query whatever the date, so the dashboard's query count does not follow the calendar."""
    today = today or timezone.localdate()
    held = Q(meetings__date__year=today.year, meetings__date__lte=today) & ~Q(meetings__status=MeetingStatus.CANCELLED)
    rows = list(
        MeetingSeries.objects.filter(expected_meetings_per_year__gt=0)
        .annotate(held=Count("meetings", filter=held, distinct=True))
        .order_by("name", "pk")
    )
    if today < datetime.date(today.year, *SERIES_WARNING_FROM):
        return []
    return [
        {"series": series, "held": series.held, "expected": series.expected_meetings_per_year}
        for series in rows
        if series.held < series.expected_meetings_per_year
    ]


def report_series(year):
    """The report's account of the series of the year: the figures plus kind, members and each
    meeting with the organisations present (four queries)."""
    figures = {row["name"]: row for row in series_figures(year)}
    series_list = list(
        MeetingSeries.objects.filter(name__in=list(figures))
        .prefetch_related(Prefetch("members", queryset=Organisation.objects.order_by("name")))
        .order_by("name", "pk")
    )
    meetings = (
        series_meetings(year, held_only=True)
        .filter(series__in=series_list)
        .prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.select_related("organisation").order_by("organisation__name"))
        )
        .order_by("date", "start_time", "pk")
    )
    by_series = {}
    for meeting in meetings:
        by_series.setdefault(meeting.series_id, []).append(
            {
                "date": meeting.date,
                "title": meeting.title,
                "organisations": [a.organisation.name for a in meeting.attendances.all()],
                "participants": sum(a.participants for a in meeting.attendances.all()),
            }
        )
    return [
        {
            **figures[series.name],
            "kind": series.kind,
            "kind_label": str(series.get_kind_display()),
            "members": [member.name for member in series.members.all()],
            "member_kinds": [member.kind for member in series.members.all()],
            "meetings_list": by_series.get(series.pk, []),
        }
        for series in series_list
    ]


def report_subchapters(year):
    """The meeting series (networks, working groups …) the coordinators marked as worth a
    subchapter of the year's report: description, members, the year's held meetings with who came,
    and the figures of docs/domain.md `series` (which count a series only with a meeting in the year;
    a network that met elsewhere is told from its description and members). Five queries."""
    from portal.reporting.subchapters import subchapter_head

    marked = list(
        MeetingSeries.objects.filter(report_year=year)
        .prefetch_related(Prefetch("members", queryset=Organisation.objects.order_by(norwegian("name"))))
        .order_by(norwegian("name"), "pk")
    )
    if not marked:
        return []
    figures = {row["name"]: row for row in series_figures(year)}
    meetings = {}
    for meeting in series_meetings(year, held_only=True).filter(series__in=marked).order_by("date", "start_time", "pk"):
        meetings.setdefault(meeting.series_id, []).append({"date": meeting.date, "title": meeting.title, "location": meeting.location})
    return [
        {
            **subchapter_head(series, series.name),
            "source": "series",
            "kind": "series",
            "kind_label": str(series.get_kind_display()),
            "title": series.name,
            "note": series.description,
            "members": [member.name for member in series.members.all()],
            "meetings_list": meetings.get(series.pk, []),
            "meetings": figures.get(series.name, {}).get("meetings", 0),
            "organisations_represented": figures.get(series.name, {}).get("organisations_represented", 0),
            "participants": figures.get(series.name, {}).get("participants", 0),
        }
        for series in marked
    ]


def voluntary_organisations_in_year(year):
    """Voluntary organisations with attendance at a panel or series meeting in the year, each with
    the meetings they came to (the report's chapter on voluntary organisations, seed §5)."""
    rows = (
        Attendance.objects.filter(organisation__kind=Kind.VOLUNTARY_ORGANISATION, meeting__date__year=year)
        .filter(Q(meeting__kind=MeetingKind.PANEL) | Q(meeting__kind=MeetingKind.SERIES, meeting__series__isnull=False))
        .exclude(meeting__status=MeetingStatus.CANCELLED)
        .select_related("organisation", "meeting", "meeting__series")
        # Same-day meetings in a fixed order (the panel's before a series', then as created):
        # by date alone PostgreSQL was free to give them either way round.
        .order_by(norwegian("organisation__name"), "meeting__date", "meeting__kind", "meeting__pk")
    )
    result = {}
    for attendance in rows:
        meeting = attendance.meeting
        entry = result.setdefault(
            attendance.organisation.name, {"name": attendance.organisation.name, "in_panel": False, "meetings": []}
        )
        entry["in_panel"] = entry["in_panel"] or meeting.kind == MeetingKind.PANEL
        entry["meetings"].append(
            {
                "date": meeting.date,
                "series": meeting.series.name if meeting.series_id else str(_("Erfaringspanelet")),
            }
        )
    return list(result.values())


def municipal_services_in_year(year):
    """Municipal services at the year's panel meetings (how many meetings each) and the input
    assigned to them at the year's panel meetings, with how much of it is answered or implemented
    (seed §6; the figure input.by_service). Two queries."""
    meetings = panel_meetings(year)
    services = (
        Organisation.objects.filter(kind=Kind.MUNICIPAL_SERVICE)
        .annotate(
            meeting_count=Count(
                "attendances__meeting", filter=Q(attendances__meeting__in=meetings), distinct=True
            )
        )
        .filter(meeting_count__gte=1)
        .order_by("-meeting_count", "name")
    )
    return {
        "services": [{"name": s.name, "meetings": s.meeting_count} for s in services],
        # input.by_service, under the keys approved reports froze it with ("total" is "raised").
        "input": [
            {"service": row["service"], "total": row["raised"], "answered": row["answered"]}
            for row in input_by_service(year)
        ],
    }


def staff_series():
    """The series page: every series with its number of meetings (the panel is listed apart)."""
    return MeetingSeries.objects.annotate(
        meeting_count=Count("meetings", filter=~Q(meetings__status=MeetingStatus.CANCELLED))
    ).order_by(norwegian("name"))


def series_detail(slug):
    return (
        MeetingSeries.objects.select_related("lead_unit")
        .prefetch_related(
            Prefetch("members", queryset=Organisation.objects.order_by(norwegian("name"))),
            Prefetch("key_persons", queryset=ContactPerson.objects.select_related("organisation").order_by(norwegian("organisation__name"))),
        )
        .filter(slug=slug)
        .first()
    )


def series_meeting_rows(series):
    """A series' meetings with organisations and participants, each aggregated in its own
    subquery (a Sum beside a Count over two joins would multiply)."""
    return with_meeting_counts(series.meetings.all()).order_by("-date", "-start_time")


def series_year_report(series, year, *, today=None):
    """The yearly report of a series to the leadership (seeds/004: the inclusion team reports every
    year): its held meetings with who came, held against expected, what is still planned or was
    cancelled, and each member with its key person and the held meetings it came to. Three queries
    for a series from series_detail (members and key persons prefetched there)."""
    today = today or timezone.localdate()
    meetings = list(
        series_meetings(year, held_only=True, today=today)
        .filter(series=series)
        .prefetch_related(
            Prefetch("attendances", queryset=Attendance.objects.select_related("organisation").order_by("organisation__name"))
        )
        .order_by("date", "start_time", "pk")
    )
    others = series.meetings.filter(date__year=year).aggregate(
        planned=Count("pk", filter=Q(date__gt=today) & ~Q(status=MeetingStatus.CANCELLED)),
        cancelled=Count("pk", filter=Q(status=MeetingStatus.CANCELLED)),
    )
    present = {}
    for meeting in meetings:
        for attendance in meeting.attendances.all():
            present[attendance.organisation_id] = present.get(attendance.organisation_id, 0) + 1
    key_persons = {person.organisation_id: person for person in series.key_persons.all()}
    members = [
        {"organisation": member, "key_person": key_persons.get(member.pk), "meetings_attended": present.get(member.pk, 0)}
        for member in sorted(series.members.all(), key=lambda member: member.name)
    ]
    return {
        "year": year,
        "as_of": today if today < datetime.date(year, 12, 31) else None,
        "meetings": [
            {
                "meeting": meeting,
                "organisations": [a.organisation.name for a in meeting.attendances.all()],
                "participants": sum(a.participants for a in meeting.attendances.all()),
            }
            for meeting in meetings
        ],
        "held": len(meetings),
        "expected": series.expected_meetings_per_year,
        "behind": bool(series.expected_meetings_per_year) and len(meetings) < series.expected_meetings_per_year,
        "planned": others["planned"],
        "cancelled": others["cancelled"],
        "members": members,
    }


def public_series(slug):
    return MeetingSeries.objects.filter(slug=slug, public=True).first()


def public_series_meetings(series):
    return series.meetings.exclude(status=MeetingStatus.CANCELLED).order_by("date", "start_time")


# --- Pages -----------------------------------------------------------------------------------


def staff_meetings(year=None):
    queryset = Meeting.objects.select_related("series")
    if year:
        queryset = queryset.filter(date__year=year)
    return with_meeting_counts(queryset).order_by("-date", "-start_time")


def with_meeting_counts(queryset):
    """Organisations present, participants and invitations per meeting (MeetingQuerySet.
    with_attendance_totals: each relation in its own subquery)."""
    return queryset.with_attendance_totals()


def meeting_years():
    return sorted({d.year for d in Meeting.objects.dates("date", "year")}, reverse=True)


def staff_meeting(pk):
    return (
        Meeting.objects.with_attendance_totals().select_related("series").prefetch_related(
            "topics",
            "guests",
            "attachments",
            Prefetch("attendances", queryset=Attendance.objects.select_related("organisation").order_by(norwegian("organisation__name"))),
            Prefetch("invitations", queryset=Invitation.objects.select_related("organisation").order_by(norwegian("organisation__name"))),
            Prefetch(
                "input_items",
                queryset=InputItem.objects.select_related("raised_by", "assigned_service").order_by("pk"),
            ),
        )
        .filter(pk=pk)
        .first()
    )


def attendance_rows(meeting, q=""):
    """Rows of the attendance page: every active organisation (and any that attended though
    archived since), invited and attending ones first. Three queries whatever the size."""
    attending = dict(meeting.attendances.values_list("organisation_id", "participants"))
    invited = dict(meeting.invitations.values_list("organisation_id", "status"))
    organisations = Organisation.objects.filter(
        Q(archived_at__isnull=True) | Q(pk__in=list(attending))
    ).only("pk", "name", "kind")
    if q:
        organisations = organisations.search(q)
    # The page repeats each row's id six times and its labels once: as strings made here, the
    # template neither localizes 300 ids as numbers nor looks a label up per row (the
    # door page at 300 organisations spent most of its time there).
    kinds = {value: str(label) for value, label in Kind.choices}
    rows = [
        {
            "organisation": organisation,
            "id": str(organisation.pk),
            "kind_label": kinds.get(organisation.kind, organisation.kind),
            "folded_name": fold(organisation.name),
            "participants": attending.get(organisation.pk),
            "invitation_status": invited.get(organisation.pk),
        }
        for organisation in organisations.order_by(norwegian("name"))
    ]
    rows.sort(key=lambda row: (row["participants"] is None and row["invitation_status"] is None,))
    return rows


def attended_before_ids(meeting):
    """Organisations present at any earlier panel meeting."""
    return (
        Attendance.objects.filter(meeting__kind=MeetingKind.PANEL, meeting__date__lt=meeting.date)
        .values("organisation_id")
        .distinct()
    )


def services_of(user):
    return Organisation.objects.filter(service_members__user=user)


def input_items(*, status="", service=None, overdue=False, user_services=None, today=None):
    """The follow-up list. user_services limits council staff to their own services' items."""
    today = today or timezone.localdate()
    queryset = with_led_to(InputItem.objects.select_related("meeting", "raised_by", "assigned_service"))
    if user_services is not None:
        queryset = queryset.filter(assigned_service__in=user_services)
    if status == "open":
        queryset = queryset.exclude(status__in=CLOSED_INPUT_STATUSES)
    elif status:
        queryset = queryset.filter(status=status)
    if service:
        queryset = queryset.filter(assigned_service=service)
    if overdue:
        queryset = queryset.exclude(status__in=CLOSED_INPUT_STATUSES).filter(due_on__lt=today)
    return queryset.order_by("assigned_service__name", "due_on", "pk")


def input_counts_by_service(today=None):
    """Open and overdue items per assigned service (one query)."""
    today = today or timezone.localdate()
    open_items = ~Q(assigned_input_items__status__in=CLOSED_INPUT_STATUSES)
    return (
        Organisation.objects.filter(kind=Kind.MUNICIPAL_SERVICE, assigned_input_items__isnull=False)
        .annotate(
            open_count=Count("assigned_input_items", filter=open_items, distinct=True),
            overdue_count=Count(
                "assigned_input_items", filter=open_items & Q(assigned_input_items__due_on__lt=today), distinct=True
            ),
            total_count=Count("assigned_input_items", distinct=True),
        )
        .order_by(norwegian("name"))
    )


def service_member_addresses(service):
    """The e-mail addresses of the active users who answer for this service, in a stable order."""
    from django.contrib.auth import get_user_model

    return list(
        get_user_model().objects.filter(panel_services__organisation=service, is_active=True)
        .exclude(email="")
        .order_by("username")
        .values_list("email", flat=True)
        .distinct()
    )


def input_answered_addresses(item, *, answered_by=None):
    """Who hears that an item was answered: the coordinator who assigned it, when that account is
    still an active coordinator with an address; otherwise every such coordinator (the item was
    assigned in the admin, by an import, or by someone who has left). Never the one who answered."""
    from django.contrib.auth import get_user_model

    from portal.privacy import roles

    coordinators = (
        get_user_model().objects.filter(Q(groups__name=roles.COORDINATOR) | Q(is_superuser=True), is_active=True)
        .exclude(email="")
    )
    if answered_by is not None:
        coordinators = coordinators.exclude(pk=answered_by.pk)
    if item.assigned_by_id is not None:
        own = list(coordinators.filter(pk=item.assigned_by_id).values_list("email", flat=True).distinct())
        if own or item.assigned_by_id == getattr(answered_by, "pk", None):
            return own
    return list(coordinators.order_by("username").values_list("email", flat=True).distinct())


def input_overview_last_visit(user):
    """When the user last opened the input overview, or None (never)."""
    return InputOverviewVisit.objects.filter(user=user).values_list("visited_at", flat=True).first()


def input_items_new_since(moment, viewer=None):
    """Items raised, answered or changed after `moment` (all when None), latest change first;
    those the viewer changed last themselves are no news to them and left out."""
    queryset = InputItem.objects.select_related("meeting", "assigned_service")
    if moment is not None:
        queryset = queryset.filter(updated_at__gt=moment)
    if viewer is not None:
        queryset = queryset.exclude(changed_by=viewer)
    return queryset.order_by("-updated_at", "-pk")


def user_may_answer(user, item):
    from portal.privacy import roles

    if roles.is_coordinator(user):
        return True
    if not roles.is_council_staff(user) or item.assigned_service_id is None:
        return False
    return ServiceMember.objects.filter(user=user, organisation_id=item.assigned_service_id).exists()


# --- Public ----------------------------------------------------------------------------------


def public_meeting(pk):
    """A panel meeting as the public sees it, with its answered items marked public."""
    return (
        Meeting.objects.filter(kind=MeetingKind.PANEL, pk=pk)
        .prefetch_related(
            "topics",
            Prefetch(
                "input_items",
                queryset=with_led_to(
                    InputItem.objects.filter(public=True, status__in=CLOSED_INPUT_STATUSES)
                    .select_related("assigned_service")
                    .order_by("pk"),
                    public=True,
                ),
                to_attr="public_input_items",
            ),
        )
        .first()
    )


def prefixed_title(prefix, title):
    """"Erfaringspanelet: Vintermøtet", but never "Erfaringspanelet: Erfaringspanelet desember 2024"."""
    prefix = str(prefix)
    if title.casefold().startswith(prefix.casefold()):
        return title
    return f"{prefix}: {title}"


def meeting_item(meeting):
    if meeting.series_id:
        return {
            "uid": calendar_uid(f"series-meeting-{meeting.pk}"),
            "title": prefixed_title(meeting.series.name, meeting.title),
            "start": meeting.starts_at(),
            "end": meeting.ends_at(),
            "all_day": meeting.start_time is None,
            "location": meeting.location,
            "description": ", ".join(topic.name for topic in meeting.topics.all()),
            "url": reverse("panel:public_series", args=[meeting.series.slug]) + f"#mote-{meeting.pk}",
            "cancelled": meeting.is_cancelled,
            "sequence": meeting.sequence,
            "source": "series",
        }
    return {
        "uid": calendar_uid(f"panel-meeting-{meeting.pk}"),
        "title": prefixed_title(_("Erfaringspanelet"), meeting.title),
        "start": meeting.starts_at(),
        "end": meeting.ends_at(),
        "all_day": meeting.start_time is None,
        "location": meeting.location,
        "description": ", ".join(topic.name for topic in meeting.topics.all()),
        "url": reverse("panel:public_meeting", args=[meeting.pk]),
        "cancelled": meeting.is_cancelled,
        "sequence": meeting.sequence,
        "source": "panel",
    }


def calendar_meetings(start=None, end=None):
    """Panel meetings and the meetings of public series."""
    queryset = (
        Meeting.objects.filter(
            Q(kind=MeetingKind.PANEL) | Q(kind=MeetingKind.SERIES, series__public=True)
        )
        .select_related("series")
        .prefetch_related("topics")
    )
    if start:
        queryset = queryset.filter(date__gte=start)
    if end:
        queryset = queryset.filter(date__lte=end)
    return queryset.order_by("date", "start_time")


def upcoming_public_items(limit):
    """Coming panel meetings for the start page: {"start", "title", "url"}."""
    today = timezone.localdate()
    meetings = panel_meetings().filter(date__gte=today).prefetch_related("topics").order_by("date", "start_time")[:limit]
    return [
        {key: item[key] for key in ("start", "title", "url")}
        for item in (meeting_item(meeting) for meeting in meetings)
    ]


def organisations_with_meeting_counts(year):
    """Immigrant organisations present in the year with the number of panel meetings (dashboard)."""
    return (
        Organisation.objects.filter(pk__in=attending_immigrant_organisation_ids(year))
        .annotate(
            meeting_count=Count(
                "attendances__meeting", filter=Q(attendances__meeting__in=panel_meetings(year)), distinct=True
            )
        )
        .order_by("-meeting_count", "name")
    )



def meeting_structured_data(meeting, absolute, organiser):
    """schema.org Event for a panel meeting's public page (JSON-LD)."""
    item = meeting_item(meeting)
    start = timezone.localtime(item["start"])
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": item["title"],
        "startDate": start.date().isoformat() if item["all_day"] else start.isoformat(),
        "eventStatus": "https://schema.org/EventCancelled" if item["cancelled"] else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "url": absolute(item["url"]),
        "organizer": {"@type": "Organization", "name": organiser},
    }
    if item["end"]:
        data["endDate"] = timezone.localtime(item["end"]).isoformat()
    if item["location"]:
        data["location"] = {"@type": "Place", "name": item["location"]}
    if item["description"]:
        data["description"] = item["description"]
    return data


# --- The dashboard's figures (hub/dashboard.py) ----------------------------------------------


def input_item_counts(*, user=None, seen_by=None, today=None):
    """Open and overdue input items (one query). With `user` (council staff): only the items
    assigned to the services that user answers for. With `seen_by` (a coordinator): also `new`,
    the items raised, answered or changed by someone else since that coordinator last opened the
    overview."""
    today = today or timezone.localdate()
    queryset = InputItem.objects.all()
    if user is not None:
        queryset = queryset.filter(assigned_service__service_members__user=user)
    is_open = ~Q(status__in=CLOSED_INPUT_STATUSES)
    counts = {
        "open": Count("pk", filter=is_open, distinct=True),
        "overdue": Count("pk", filter=is_open & Q(due_on__lt=today), distinct=True),
    }
    if seen_by is not None:
        visits = InputOverviewVisit.objects.filter(user=seen_by)
        counts["new"] = Count(
            "pk",
            filter=(~Exists(visits) | Q(updated_at__gt=Subquery(visits.values("visited_at")[:1])))
            & ~Q(changed_by=seen_by),
            distinct=True,
        )
    return queryset.aggregate(**counts)


def next_panel_meeting(today=None):
    """The next panel meeting (today or later, not cancelled) with its invitations' answers
    counted: accepted, declined, not answered (one query), or None."""
    from panel.models import InvitationStatus

    today = today or timezone.localdate()
    return (
        Meeting.objects.filter(kind=MeetingKind.PANEL, date__gte=today)
        .exclude(status=MeetingStatus.CANCELLED)
        .annotate(
            accepted_count=Count("invitations", filter=Q(invitations__status=InvitationStatus.ACCEPTED)),
            declined_count=Count("invitations", filter=Q(invitations__status=InvitationStatus.DECLINED)),
            not_answered_count=Count("invitations", filter=Q(invitations__status=InvitationStatus.INVITED)),
        )
        .order_by("date", "start_time", "pk")
        .first()
    )


# --- What a meeting needs, from the invitations' replies ------------------------------------------


def invitation_reply_initial(invitation):
    """The reply form as the organisation left it (an answer can be changed until the meeting)."""
    initial = {
        "people_coming": invitation.people_coming or 1,
        "interpreter_language": invitation.interpreter_language_id,
        "diet_other": invitation.diet_other,
        "access_needs": invitation.access_needs,
        "reply_message": invitation.reply_message,
    }
    initial.update({f"diet_{value}": count for value, count in (invitation.diets or {}).items()})
    return initial


def invitation_documents(invitation):
    """The meeting's documents that go out with its invitations (never its other attachments)."""
    return list(invitation.meeting.attachments.filter(send_with_invitation=True).order_by("uploaded_at", "pk"))


def invitation_needs(meeting):
    """What the organisations coming to the meeting asked for (one query): the people coming,
    interpreters per language, the number of each diet, and each access need and message with the
    organisation it came from. Only accepted invitations count; a "no" keeps its message."""
    from panel.models import Diet, Invitation, InvitationStatus

    invitations = list(
        Invitation.objects.filter(meeting=meeting).exclude(status=InvitationStatus.INVITED)
        .select_related("organisation", "interpreter_language").order_by(norwegian("organisation__name"))
    )
    coming = [invitation for invitation in invitations if invitation.status == InvitationStatus.ACCEPTED]
    interpreters = {}
    diets = dict.fromkeys(Diet.values, 0)
    for invitation in coming:
        if invitation.interpreter_language_id:
            entry = interpreters.setdefault(invitation.interpreter_language.name, [])
            entry.append(invitation.organisation.name)
        for value, count in (invitation.diets or {}).items():
            if value in diets:
                diets[value] += int(count)
    labels = dict(Diet.choices)
    return {
        "organisations": len(coming),
        "people": sum(invitation.people_coming or 0 for invitation in coming),
        "interpreters": [
            {"language": language, "count": len(names), "organisations": names}
            for language, names in sorted(interpreters.items(), key=lambda pair: pair[0].casefold())
        ],
        "diets": [{"diet": value, "label": labels[value], "count": count} for value, count in diets.items() if count],
        "notes": [
            {"organisation": invitation.organisation.name, "diet_other": invitation.diet_other,
             "access_needs": invitation.access_needs, "message": invitation.reply_message, "coming": invitation in coming}
            for invitation in invitations
            if invitation.diet_other or invitation.access_needs or invitation.reply_message
        ],
    }


# --- The panel's public page ----------------------------------------------------------------------


def panel_public_year(year, today=None):
    """/erfaringspanelet/ for a year (three queries): the year's panel meetings in date order (the
    plan, cancelled ones marked), which of them have published minutes, and the organisations
    taking part: present at a meeting of the year, or having said yes to one, and named only when
    their listing is published."""
    meetings = list(Meeting.objects.filter(kind=MeetingKind.PANEL, date__year=year).order_by("date", "start_time", "pk"))
    taking_part = (
        Organisation.objects.published(today)
        .filter(
            Q(attendances__meeting__kind=MeetingKind.PANEL, attendances__meeting__date__year=year)
            | Q(invitations__meeting__kind=MeetingKind.PANEL, invitations__meeting__date__year=year,
                invitations__status=InvitationStatus.ACCEPTED)
        )
        .exclude(kind=Kind.MUNICIPAL_SERVICE)
        .distinct()
        .order_by(norwegian("name"))
    )
    return {"meetings": meetings, "organisations": list(taking_part)}


def panel_public_years():
    return sorted({day.year for day in Meeting.objects.filter(kind=MeetingKind.PANEL).dates("date", "year")}, reverse=True)
