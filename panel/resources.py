"""meetings.csv and attendance.csv of the portal spreadsheet format (domain.md).

Meetings are panel meetings matched by date; topics are names separated by "|" (new ones are
created). Attendance rows name the meeting by its date and the organisation by its name.
"""


from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from organisations.resources import IsoDateWidget, OrganisationByNameWidget, TextWidget
from panel.models import Attendance, Meeting, MeetingKind, MeetingStatus, Topic


def _panel_meeting_on(date):
    return Meeting.objects.filter(kind=MeetingKind.PANEL, date=date).order_by("pk").first()


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
    """The panel meeting on a date (YYYY-MM-DD), from this import's meetings.csv or the database."""

    spreadsheet_type = "date"  # an XLSX date cell (portal.spreadsheets)

    def __init__(self):
        super().__init__(Meeting, field="date")

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        date = IsoDateWidget().clean(value)  # raises with the portal's date message
        meeting = _panel_meeting_on(date)
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


class MeetingResource(resources.ModelResource):
    portal_columns = MEETING_COLUMNS

    date = fields.Field(attribute="date", column_name="date", widget=IsoDateWidget())
    title = fields.Field(attribute="title", column_name="title", widget=TextWidget())
    topics = fields.Field(attribute="topics", column_name="topics", widget=TopicsWidget())
    location = fields.Field(attribute="location", column_name="location", widget=TextWidget())

    class Meta:
        model = Meeting
        fields = MEETING_COLUMNS
        export_order = MEETING_COLUMNS
        import_id_fields = ("date",)
        clean_model_instances = True
        skip_diff = True

    def get_instance(self, instance_loader, row):
        date = _date_or_none(row.get("date"))
        return _panel_meeting_on(date) if date else None

    def before_save_instance(self, instance, row, **kwargs):
        # A meeting first known from a spreadsheet of past meetings was held.
        if instance.pk is None:
            instance.kind = MeetingKind.PANEL
            if instance.date and instance.date < timezone.localdate():
                instance.status = MeetingStatus.HELD

    def get_queryset(self):
        # What export writes (imports match rows in get_instance): panel meetings by date.
        return Meeting.objects.filter(kind=MeetingKind.PANEL).prefetch_related("topics").order_by("date", "pk")


ATTENDANCE_COLUMNS = ("meeting_date", "organisation", "participants")


class AttendanceResource(resources.ModelResource):
    portal_columns = ATTENDANCE_COLUMNS

    meeting_date = fields.Field(attribute="meeting", column_name="meeting_date", widget=MeetingByDateWidget())
    organisation = fields.Field(attribute="organisation", column_name="organisation", widget=OrganisationByNameWidget())
    participants = fields.Field(attribute="participants", column_name="participants", widget=ParticipantsWidget())

    class Meta:
        model = Attendance
        fields = ATTENDANCE_COLUMNS
        export_order = ATTENDANCE_COLUMNS
        import_id_fields = ("meeting_date", "organisation")
        clean_model_instances = True
        skip_diff = True

    def get_instance(self, instance_loader, row):
        # A second row for the same meeting and organisation updates the first (the unique pair).
        date = _date_or_none(row.get("meeting_date"))
        name = str(row.get("organisation") or "").strip()
        if not date or not name:
            return None
        return Attendance.objects.filter(
            meeting__kind=MeetingKind.PANEL, meeting__date=date, organisation__name__iexact=name
        ).first()

    def get_queryset(self):
        return (
            Attendance.objects.filter(meeting__kind=MeetingKind.PANEL)
            .select_related("meeting", "organisation")
            .order_by("meeting__date", "organisation__name")
        )


