"""meetings.csv and attendance.csv of the portal spreadsheet format (domain.md).

Meetings are matched by series and date: an empty (or missing) `series` is the panel, any other
value names a meeting series, created when new. `start` and `end` are optional HH:MM local
times. Topics are names separated by "|" (new ones are created). Attendance rows name the
meeting by its series and date and the organisation by its name.
"""

import datetime


from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from organisations.resources import IsoDateWidget, OrganisationByNameWidget, TextWidget
from panel.models import Attendance, Meeting, MeetingKind, MeetingSeries, MeetingStatus, Topic


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
    """HH:MM local time (also H.MM, HH:MM:SS as LibreOffice writes a time cell to CSV, and XLSX
    time cells); empty is no time. Seconds are dropped: a meeting starts on the minute."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        if isinstance(value, datetime.datetime):
            return value.time().replace(second=0, microsecond=0)
        if isinstance(value, datetime.time):
            return value.replace(second=0, microsecond=0)
        text = str(value).strip().replace(".", ":")
        for pattern in ("%H:%M", "%H:%M:%S"):
            try:
                return datetime.datetime.strptime(text, pattern).time().replace(second=0)
            except ValueError:
                continue
        raise ValueError(_("«%(value)s» er ikke et klokkeslett på formen TT:MM.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%H:%M") if value else ""


class SeriesByNameWidget(widgets.ForeignKeyWidget):
    """A meeting series by name (any case); empty is the panel. A new name creates the series."""

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
        return IsoDateWidget().clean(value)
    except ValueError:
        return None


class TopicsWidget(widgets.ManyToManyWidget):
    """Topic names separated by "|"; names not seen before become new topics."""

    def __init__(self):
        super().__init__(Topic, separator="|", field="name")

    def clean(self, value, row=None, **kwargs):
        from panel.services import topics_from_names

        return topics_from_names(str(value or "").split(self.separator))


class MeetingByDateWidget(widgets.ForeignKeyWidget):
    """The meeting on a date (YYYY-MM-DD) of the row's series (empty = the panel), from this
    import's meetings.csv or the database."""

    spreadsheet_type = "date"  # an XLSX date cell (portal.spreadsheets)

    def __init__(self):
        super().__init__(Meeting, field="date")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        date = IsoDateWidget().clean(value)  # raises with the portal's date message
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


class ParticipantsWidget(widgets.IntegerWidget):
    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value if value is not None else "").strip()
        if not text.isdigit() or int(text) < 1:
            raise ValueError(_("antall deltakere må være et helt tall, minst 1 (fikk «%(value)s»)") % {"value": text})
        return int(text)


MEETING_COLUMNS = ("date", "title", "topics", "location")
MEETING_EXPORT_COLUMNS = MEETING_COLUMNS + ("start", "end", "series")


class MeetingResource(resources.ModelResource):
    portal_columns = MEETING_COLUMNS  # required; start, end and series are optional

    date = fields.Field(attribute="date", column_name="date", widget=IsoDateWidget())
    title = fields.Field(attribute="title", column_name="title", widget=TextWidget())
    topics = fields.Field(attribute="topics", column_name="topics", widget=TopicsWidget())
    location = fields.Field(attribute="location", column_name="location", widget=TextWidget())
    start = fields.Field(attribute="start_time", column_name="start", widget=TimeWidget())
    end = fields.Field(attribute="end_time", column_name="end", widget=TimeWidget())
    series = fields.Field(attribute="series", column_name="series", widget=SeriesByNameWidget())

    class Meta:
        model = Meeting
        fields = MEETING_EXPORT_COLUMNS
        export_order = MEETING_EXPORT_COLUMNS
        import_id_fields = ("date",)
        clean_model_instances = True
        skip_diff = True

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

    def clean(self, value, row=None, **kwargs):
        return None

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class AttendanceResource(resources.ModelResource):
    portal_columns = ATTENDANCE_COLUMNS  # series is optional

    meeting_date = fields.Field(attribute="meeting", column_name="meeting_date", widget=MeetingByDateWidget())
    organisation = fields.Field(attribute="organisation", column_name="organisation", widget=OrganisationByNameWidget())
    participants = fields.Field(attribute="participants", column_name="participants", widget=ParticipantsWidget())
    series = fields.Field(attribute="meeting__series", column_name="series", widget=SeriesOfMeetingWidget(), readonly=True)

    class Meta:
        model = Attendance
        fields = ATTENDANCE_EXPORT_COLUMNS
        export_order = ATTENDANCE_EXPORT_COLUMNS
        import_id_fields = ("meeting_date", "organisation")
        clean_model_instances = True
        skip_diff = True

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


