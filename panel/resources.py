"""meetings.csv, attendance.csv and input.csv of the portal spreadsheet format (docs/domain.md).

Meetings are matched by series and date: an empty (or missing) `series` is the panel, any other
value names a meeting series, created when new. `start` and `end` are optional HH:MM local
times. Topics are names separated by "|" (new ones are created). Attendance rows name the
meeting by its series and date and the organisation by its name.
"""

import datetime


from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from organisations.models import Kind, Organisation
from organisations.resources import OrganisationByNameWidget
from portal.spreadsheets import importing
from portal.spreadsheets.widgets import (
    ByNameWidget, CodeWidget, DateWidget, PortalResource, TextWidget, WholeNumberWidget, YesNoWidget, column,
)
from panel.models import (
    Attendance, InputItem, InputStatus, Meeting, MeetingKind, MeetingSeries, MeetingStatus, Topic,
)


def _panel_meeting_on(date):
    return Meeting.objects.filter(kind=MeetingKind.PANEL, date=date).order_by("pk").first()


def _series_name(row):
    return str((row or {}).get("series") or "").strip()


def _meeting_on(date, series_name):
    """The meeting of the series (empty = the panel) on the date."""
    if not series_name:
        return _panel_meeting_on(date)
    return (
        Meeting.objects.filter(kind=MeetingKind.SERIES, series__name__iexact=series_name, date=date)
        .order_by("pk")
        .first()
    )


def portal_meetings():
    """What meetings.csv holds: the panel's meetings and those of the series."""
    from django.db.models import Q

    return Meeting.objects.filter(Q(kind=MeetingKind.PANEL) | Q(kind=MeetingKind.SERIES, series__isnull=False))


class TimeWidget(widgets.Widget):
    """HH:MM local time (also H.MM, LibreOffice's HH:MM:00, and XLSX time cells); empty is no time."""

    help_text = gettext_lazy("tomt, eller klokkeslett TT:MM")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.time().replace(second=0, microsecond=0)
        if isinstance(value, datetime.time):
            return value.replace(second=0, microsecond=0)
        text = str(value).strip().replace(".", ":")
        # A re-saved sheet writes 17:30 as 17:30:00; other seconds are not a meeting's time.
        if text.count(":") == 2 and text.endswith(":00"):
            text = text[:-3]
        try:
            return datetime.datetime.strptime(text, "%H:%M").time()
        except ValueError:
            raise ValueError(_("«%(value)s» er ikke et klokkeslett på formen TT:MM.") % {"value": value}) from None

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%H:%M") if value else ""


class SeriesByNameWidget(widgets.ForeignKeyWidget):
    """A meeting series by name (any case); empty is the panel. A new name creates the series."""

    help_text = gettext_lazy("tomt = Erfaringspanelet, ellers navnet på en møteserie (en ny blir opprettet)")

    def __init__(self):
        super().__init__(MeetingSeries, field="name")

    def clean(self, value, row=None, **kwargs):
        name = str(value or "").strip()
        if not name:
            return None
        if len(name) > 200:
            raise ValueError(_("navnet på en møteserie kan ha høyst 200 tegn"))
        from panel.services import series_get_or_create_by_name

        return series_get_or_create_by_name(name)

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


def _date_or_none(value):
    try:
        return DateWidget().clean(value)
    except ValueError:
        return None


class TopicsWidget(widgets.ManyToManyWidget):
    """Topic names separated by "|"; names not seen before become new topics."""

    help_text = gettext_lazy("temaer skilt med |")

    def __init__(self):
        super().__init__(Topic, separator="|", field="name")

    def clean(self, value, row=None, **kwargs):
        from panel.services import topics_from_names

        return topics_from_names(str(value or "").split(self.separator))


class MeetingByDateWidget(widgets.ForeignKeyWidget):
    """The meeting on a date (YYYY-MM-DD) of the row's series (empty = the panel), from this
    import's meetings.csv or the database."""

    spreadsheet_type = "date"  # an XLSX date cell (portal.spreadsheets.writing)
    help_text = gettext_lazy("datoen for et møte som finnes: ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ")

    def __init__(self):
        super().__init__(Meeting, field="date")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        date = DateWidget().clean(value)  # raises with the portal's date message
        series_name = _series_name(row)
        meeting = _meeting_on(date, series_name)
        if meeting is None and series_name:
            raise ValueError(
                _("ingen møte i «%(series)s» med dato %(date)s") % {"series": series_name, "date": date.isoformat()}
            )
        if meeting is None:
            raise ValueError(_("ingen panelmøte med dato %(date)s") % {"date": date.isoformat()})
        return meeting

    def render(self, value, obj=None, **kwargs):
        return value.date.isoformat() if value else ""


def participants_cell():
    return WholeNumberWidget(
        message=gettext_lazy("antall deltakere må være et helt tall, minst 1 (fikk «%(value)s»)"),
        minimum=1, required=True, help_text=gettext_lazy("helt tall, minst 1"),
    )


MEETING_COLUMNS = ("date", "title", "topics", "location")
MEETING_EXPORT_COLUMNS = MEETING_COLUMNS + ("start", "end", "series")


@importing.register("meetings")
class MeetingResource(PortalResource):
    portal_columns = MEETING_COLUMNS  # required; start, end and series are optional
    # In the coordinators' own words (docs/domain.md): the file's Norwegian names and headers.
    portal_norwegian_names = ("møter", "moter")
    portal_norwegian_headers = dict(zip(MEETING_EXPORT_COLUMNS, ("dato", "tittel", "temaer", "sted", "start", "slutt", "møteserie")))

    date = column("date", DateWidget())
    title = column("title", TextWidget())
    topics = column("topics", TopicsWidget())
    location = column("location", TextWidget())
    start = column("start", TimeWidget(), attribute="start_time")
    end = column("end", TimeWidget(), attribute="end_time")
    series = column("series", SeriesByNameWidget())

    class Meta:
        model = Meeting
        fields = MEETING_EXPORT_COLUMNS
        import_id_fields = ("date",)

    def get_instance(self, instance_loader, row):
        date = _date_or_none(row.get("date"))
        return _meeting_on(date, _series_name(row)) if date else None

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            # The kind follows the series before the model (and its constraints) is validated.
            instance.kind = MeetingKind.SERIES if instance.series_id else MeetingKind.PANEL

    def before_save_instance(self, instance, row, **kwargs):
        # A meeting first known from a spreadsheet of past meetings was held.
        if instance.pk is None and instance.date and instance.date < timezone.localdate():
            instance.status = MeetingStatus.HELD

    def get_queryset(self):
        # What export writes (imports match rows in get_instance): the panel's and the series'
        # meetings by date.
        return portal_meetings().select_related("series").prefetch_related("topics").order_by("date", "pk")


ATTENDANCE_COLUMNS = ("meeting_date", "organisation", "participants")
ATTENDANCE_EXPORT_COLUMNS = ATTENDANCE_COLUMNS + ("series",)


class SeriesOfMeetingWidget(widgets.Widget):
    """attendance.csv's series column: read by MeetingByDateWidget from the row, written from the
    meeting."""

    help_text = gettext_lazy("møtets møteserie: tomt = Erfaringspanelet")

    def clean(self, value, row=None, **kwargs):
        return None

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


@importing.register("attendance")
class AttendanceResource(PortalResource):
    portal_columns = ATTENDANCE_COLUMNS  # series is optional
    # In the coordinators' own words (docs/domain.md): the file's Norwegian names and headers.
    portal_norwegian_names = ("oppmøte", "oppmote")
    portal_norwegian_headers = dict(zip(ATTENDANCE_EXPORT_COLUMNS, ("møtedato", "organisasjon", "deltakere", "møteserie")))

    meeting_date = column("meeting_date", MeetingByDateWidget(), attribute="meeting")
    organisation = column("organisation", OrganisationByNameWidget())
    participants = column("participants", participants_cell())
    series = column("series", SeriesOfMeetingWidget(), attribute="meeting__series", readonly=True)

    class Meta:
        model = Attendance
        fields = ATTENDANCE_EXPORT_COLUMNS
        import_id_fields = ("meeting_date", "organisation")

    def get_instance(self, instance_loader, row):
        # A second row for the same meeting and organisation updates the first (the unique pair).
        date = _date_or_none(row.get("meeting_date"))
        name = str(row.get("organisation") or "").strip()
        if not date or not name:
            return None
        meeting = _meeting_on(date, _series_name(row))
        if meeting is None:
            return None
        return Attendance.objects.filter(meeting=meeting, organisation__name__iexact=name).first()

    def get_queryset(self):
        return (
            Attendance.objects.filter(meeting__in=portal_meetings())
            .select_related("meeting", "meeting__series", "organisation")
            .order_by("meeting__date", "meeting__series__name", "organisation__name")
        )




INPUT_COLUMNS = (
    "meeting_date", "series", "organisation", "theme", "text", "service", "status",
    "raised_on", "due_on", "answer", "answered_on", "public",
)
# Answered is only the statuses the report counts as answered (docs/domain.md): an answer and its date
# are required for them, and only they may be public.
ANSWERED_INPUT_STATUSES = (InputStatus.ANSWERED, InputStatus.IMPLEMENTED)


class MunicipalServiceWidget(ByNameWidget):
    """A municipal service of the registry by name (any case); empty is none."""

    help_text = gettext_lazy("tomt, eller navnet på en kommunal virksomhet i registeret")

    def __init__(self):
        super().__init__(Organisation, unknown=gettext_lazy("ukjent kommunal virksomhet «%(name)s»"))

    def clean(self, value, row=None, **kwargs):
        match = super().clean(value, row, **kwargs)
        if match is not None and match.kind != Kind.MUNICIPAL_SERVICE:
            raise ValueError(
                _("«%(name)s» er ikke en kommunal virksomhet (type %(kind)s)") % {"name": match.name, "kind": match.kind}
            )
        return match


@importing.register("input")  # after the meetings it names (files are imported in the order written)
class InputResource(PortalResource):
    """input.csv: the input (innspill) raised at the panel's and the series' meetings, matched by
    meeting and text. The meeting must exist (series empty = the panel); organisation is who
    raised it (empty: the meeting as a whole); raised_on empty is the meeting's date."""

    portal_columns = INPUT_COLUMNS
    # In the coordinators' own words (docs/domain.md): the file's Norwegian names and headers.
    portal_norwegian_names = ("innspill",)
    portal_norwegian_headers = dict(zip(INPUT_COLUMNS, (
        "møtedato", "møteserie", "meldt av", "tema", "innspill", "virksomhet", "status",
        "meldt", "frist", "svar", "besvart", "offentlig",
    )))

    portal_help = {
        "organisation": gettext_lazy("tomt = møtet som helhet, ellers navnet på organisasjonen som meldte innspillet"),
        "raised_on": gettext_lazy("tomt = møtets dato, ellers ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ"),
        "answer": gettext_lazy("påkrevd når status er answered eller implemented"),
        "answered_on": gettext_lazy("dato; påkrevd når status er answered eller implemented"),
        "public": gettext_lazy("yes (Ja) bare for answered og implemented, ellers no (Nei)"),
    }

    meeting_date = column("meeting_date", MeetingByDateWidget(), attribute="meeting")
    series = column("series", SeriesOfMeetingWidget(), attribute="meeting__series", readonly=True)
    organisation = column("organisation", OrganisationByNameWidget(), attribute="raised_by")
    theme = column("theme", TextWidget())
    text = column("text", TextWidget())
    service = column("service", MunicipalServiceWidget(), attribute="assigned_service")
    status = column("status", CodeWidget(InputStatus.choices))
    raised_on = column("raised_on", DateWidget())
    due_on = column("due_on", DateWidget())
    answer = column("answer", TextWidget())
    answered_on = column("answered_on", DateWidget())
    public = column("public", YesNoWidget())

    class Meta:
        model = InputItem
        fields = INPUT_COLUMNS
        import_id_fields = ("meeting_date", "text")

    def get_instance(self, instance_loader, row):
        date = _date_or_none(row.get("meeting_date"))
        text = TextWidget().clean(row.get("text"))
        if not date or not text:
            return None
        meeting = _meeting_on(date, _series_name(row))
        if meeting is None:
            return None
        return InputItem.objects.filter(meeting=meeting, text=text).order_by("pk").first()

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if instance.raised_on is None and "raised_on" not in errors:
            # The meeting's date; a row whose meeting is unknown fails on that alone (today's date
            # stands in so the row's error is not reported twice).
            instance.raised_on = instance.meeting.date if instance.meeting_id else timezone.localdate()
        if "status" not in errors and instance.status in ANSWERED_INPUT_STATUSES:
            required = _("mangler; påkrevd når status er %(status)s") % {"status": instance.status}
            if "answer" not in errors and not instance.answer:
                errors["answer"] = [required]
            if "answered_on" not in errors and not instance.answered_on:
                errors["answered_on"] = [required]
        if "status" not in errors and instance.public and instance.status not in ANSWERED_INPUT_STATUSES:
            errors["public"] = [
                _("kan bare være yes for et innspill med status answered eller implemented (status er %(status)s)")
                % {"status": instance.status}
            ]
        if instance.answered_on and instance.raised_on and instance.answered_on < instance.raised_on:
            errors.setdefault("answered_on", [_("kan ikke være før datoen innspillet ble meldt")])
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        user = kwargs.get("user")
        if user is not None and getattr(user, "is_authenticated", False):
            instance.changed_by = user

    def get_queryset(self):
        return (
            InputItem.objects.filter(meeting__in=portal_meetings())
            .select_related("meeting", "meeting__series", "raised_by", "assigned_service")
            .order_by("meeting__date", "meeting__series__name", "pk")
        )

    def get_export_queryset(self, request=None):
        return self.get_queryset()
