import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.models import Kind, Organisation
from portal.privacy.files import validate_attachment
from portal.privacy.files import PrivateUploadTo, get_private_storage
from portal.text.formatted import RichTextField
from portal.reporting.subchapters import WorthASubchapter
from portal.db.timestamps import Timestamped


class MeetingKind(models.TextChoices):
    """panel = a meeting of Erfaringspanelet; series = a meeting of a MeetingSeries. The two older
    values are kept for meetings recorded before series existed (a data migration moved those
    into series of their own)."""

    PANEL = "panel", _("Erfaringspanel")
    SERIES = "series", _("Møteserie")
    WORKING_GROUP = "working_group", _("Arbeidsgruppe")
    OTHER = "other", _("Annet møte")


class SeriesKind(models.TextChoices):
    WORKING_GROUP = "working_group", _("Arbeidsgruppe")
    INCLUSION_TEAM = "inclusion_team", _("Inkluderingsteam")
    NETWORK = "network", _("Nettverk")
    BRAINSTORM = "brainstorm", _("Idémyldring")
    OTHER = "other", _("Annen møteserie")


class MeetingSeries(WorthASubchapter, Timestamped):
    """Meetings besides the panel (docs/domain.md "møteserie"): a working group, an inclusion team, a
    brainstorm. The panel itself is the series of meetings with kind=panel and no series (as in
    meetings.csv, where an empty series is the panel), so every panel figure keeps its meaning."""

    name = models.CharField(_("navn"), max_length=200)
    slug = models.SlugField(_("nettadresse"), max_length=220, unique=True, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=SeriesKind.choices, default=SeriesKind.WORKING_GROUP)
    description = models.TextField(_("beskrivelse"), blank=True)
    members = models.ManyToManyField(
        Organisation, blank=True, related_name="meeting_series", verbose_name=_("medlemmer")
    )
    public = models.BooleanField(
        _("offentlig"), default=True, help_text=_("Møtene vises i den offentlige kalenderen og på seriens side.")
    )
    # Steering (the inclusion team of seeds/004 has a lead unit, a key person per partner, meets at
    # least twice a year and reports to the leadership every year).
    lead_unit = models.ForeignKey(
        Organisation,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_series",
        limit_choices_to={"kind": Kind.MUNICIPAL_SERVICE},
        verbose_name=_("ansvarlig enhet"),
        help_text=_("Den kommunale virksomheten som leder serien."),
    )
    key_persons = models.ManyToManyField(
        "organisations.ContactPerson",
        blank=True,
        related_name="key_person_in_series",
        verbose_name=_("nøkkelpersoner"),
        help_text=_("Én kontaktperson per medlemsorganisasjon. Vises aldri offentlig."),
    )
    expected_meetings_per_year = models.PositiveSmallIntegerField(
        _("forventede møter i året"),
        null=True,
        blank=True,
        help_text=_("For eksempel 2 når serien skal møtes minst to ganger i året. Tomt: ingen forventning."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("møteserie")
        verbose_name_plural = _("møteserier")
        constraints = [models.UniqueConstraint(Lower("name"), name="meeting_series_name_unique_ci")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("panel:public_series", args=[self.slug])


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Gjennomført")
    CANCELLED = "cancelled", _("Avlyst")


class WorkingMethod(models.TextChoices):
    """The panel's ways of working (reference report §2); a meeting uses several."""

    ORGANISATION_INPUT = "organisation_input", _("Innspill fra organisasjonene om behov")
    INFORMATION_SHARING = "information_sharing", _("Informasjonsdeling")
    GUEST_CONTRIBUTIONS = "guest_contributions", _("Gjesteinnspill")
    GROUP_WORK = "group_work", _("Gruppearbeid")
    PLENARY = "plenary", _("Samtaler i plenum")


class Topic(models.Model):
    """A theme treated at meetings; reused across meetings and listed per year in the report."""

    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tema")
        verbose_name_plural = _("temaer")
        constraints = [models.UniqueConstraint(Lower("name"), name="topic_name_unique_ci")]

    def __str__(self):
        return self.name


def counted_meeting(prefix=""):
    """The "counted meeting" rule (docs/domain.md): a panel meeting that was not cancelled. `prefix`
    applies it across a relation ("meeting__" from Attendance)."""
    return Q(**{f"{prefix}kind": MeetingKind.PANEL}) & ~Q(**{f"{prefix}status": MeetingStatus.CANCELLED})


class MeetingQuerySet(models.QuerySet):
    def counted(self):
        """The meetings the panel figures count."""
        return self.filter(counted_meeting())

    def with_attendance_totals(self):
        """organisation_count, participant_sum and invitation_count per meeting, each from its own
        subquery: a sum over attendances beside a count over invitations in one join would
        multiply the sum by the invitations."""
        def per_meeting(model, aggregate):
            return Coalesce(
                Subquery(
                    model.objects.filter(meeting=OuterRef("pk")).order_by().values("meeting").annotate(v=aggregate).values("v")
                ),
                0,
            )

        return self.annotate(
            organisation_count=per_meeting(Attendance, Count("pk")),
            participant_sum=per_meeting(Attendance, Sum("participants")),
            invitation_count=per_meeting(Invitation, Count("pk")),
        )


class AttendanceQuerySet(models.QuerySet):
    def at_counted_meetings(self):
        return self.filter(counted_meeting("meeting__"))


class Meeting(Timestamped):
    """A meeting the coordinators run. Only kind=panel meetings count in the panel figures; a
    meeting of a series has kind=series and its series set (panel.services keeps the two in step)."""

    kind = models.CharField(_("type møte"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.PANEL)
    series = models.ForeignKey(
        MeetingSeries,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("møteserie"),
        help_text=_("Tom: et møte i Erfaringspanelet."),
    )
    date = models.DateField(_("dato"))
    start_time = models.TimeField(_("starter"), null=True, blank=True)
    end_time = models.TimeField(_("slutter"), null=True, blank=True)
    title = models.CharField(_("tittel"), max_length=200)
    location = models.CharField(_("sted"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    topics = models.ManyToManyField(Topic, blank=True, related_name="meetings", verbose_name=_("temaer"))
    working_methods = models.JSONField(_("arbeidsmåter"), default=list, blank=True)
    agenda = models.TextField(_("dagsorden"), blank=True)
    minutes = RichTextField(_("referat"), blank=True)
    minutes_sent_to = models.CharField(
        _("referatet sendt til"), max_length=300, blank=True, help_text=_("For eksempel integreringsutvalget.")
    )
    minutes_sent_on = models.DateField(_("referatet sendt"), null=True, blank=True)
    # The coordinator's publish step: from this day the minutes are on the meeting's public page.
    minutes_published_on = models.DateField(_("referatet publisert"), null=True, blank=True, editable=False)
    # Head counts of the people who do not come for an organisation (they are not in Attendance).
    coordinators_count = models.PositiveIntegerField(_("koordinatorer"), default=0)
    students_count = models.PositiveIntegerField(_("studenter"), default=0)
    guests_count = models.PositiveIntegerField(_("gjester"), default=0)
    others_count = models.PositiveIntegerField(_("andre"), default=0)
    # The calendar event's SEQUENCE (RFC 5545): raised when the date, time, place or status
    # changes, so calendars that have the invitation update it (same UID) or remove it (cancelled).
    sequence = models.PositiveIntegerField(_("kalenderversjon"), default=0, editable=False)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        indexes = [models.Index(fields=["kind", "date"])]
        constraints = [
            # A panel meeting belongs to no series; a series meeting is never a panel meeting.
            models.CheckConstraint(
                condition=~Q(kind="panel") | Q(series__isnull=True), name="meeting_panel_has_no_series"
            ),
            models.CheckConstraint(
                condition=Q(series__isnull=True) | Q(kind="series"), name="meeting_series_kind"
            ),
            # meetings.csv's start/end: an end needs a start and comes after it (as the form says).
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(start_time__isnull=False, end_time__gt=models.F("start_time")),
                name="meeting_ends_after_start",
                violation_error_message=_("Møtet må slutte etter at det starter."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"

    @property
    def is_cancelled(self):
        return self.status == MeetingStatus.CANCELLED

    def working_method_labels(self):
        labels = dict(WorkingMethod.choices)
        return [labels[value] for value in WorkingMethod.values if value in (self.working_methods or [])]

    def starts_at(self):
        """Aware start in the portal's time zone (midnight when no time is set). Meetings are
        held in Oslo: the default time zone, whatever zone a request may have activated."""
        start = datetime.datetime.combine(self.date, self.start_time or datetime.time(0, 0))
        return timezone.make_aware(start, timezone.get_default_timezone())

    def ends_at(self):
        if not self.end_time:
            return None
        return timezone.make_aware(datetime.datetime.combine(self.date, self.end_time), timezone.get_default_timezone())


class Attendance(models.Model):
    """An organisation (or municipal service) present at a meeting, with its number of participants."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("møte"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("organisasjon")
    )
    participants = models.PositiveIntegerField(_("antall deltakere"), default=1)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøter")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"], name="attendance_once_per_meeting"),
            models.CheckConstraint(condition=Q(participants__gte=1), name="attendance_participants_at_least_one"),
        ]

    def __str__(self):
        return f"{self.organisation} @ {self.meeting}"


class Guest(models.Model):
    """A guest contributor at a meeting (name and unit), e.g. a service presenting its work."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="guests", verbose_name=_("møte"))
    name = models.CharField(_("navn"), max_length=200)
    unit = models.CharField(_("enhet"), max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("gjest")
        verbose_name_plural = _("gjester")

    def __str__(self):
        return f"{self.name} ({self.unit})" if self.unit else self.name


class MeetingAttachment(models.Model):
    """A file belonging to the minutes (PDF, DOCX, PNG or JPEG; content and name must agree).
    Internal: kept in the private storage, served by `attachment_download` after the role check."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("møte"))
    title = models.CharField(_("tittel"), max_length=200, blank=True)
    file = models.FileField(
        _("fil"),
        upload_to=PrivateUploadTo("panel/attachments"),
        storage=get_private_storage,
        max_length=255,
        validators=[validate_attachment],
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    send_with_invitation = models.BooleanField(
        _("send med invitasjonen"),
        default=False,
        help_text=_("Invitasjonen får en lenke til dokumentet som bare de inviterte kan åpne (for eksempel spørsmålene på forhånd)."),
    )

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")

    def __str__(self):
        return self.title or self.filename

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1]


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("Invitert")
    ACCEPTED = "accepted", _("Takket ja")
    DECLINED = "declined", _("Takket nei")


class Diet(models.TextChoices):
    """What the people coming eat, counted per invitation (never a person's attribute)."""

    VEGETARIAN = "vegetarian", _("Vegetar")
    VEGAN = "vegan", _("Vegansk")
    HALAL = "halal", _("Halal")
    NO_PORK = "no_pork", _("Uten svinekjøtt")
    GLUTEN_FREE = "gluten_free", _("Glutenfri")
    LACTOSE_FREE = "lactose_free", _("Laktosefri")


class Invitation(Timestamped):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("møte"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisasjon")
    )
    status = models.CharField(
        _("svar"), max_length=20, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    emailed_to = models.CharField(_("sendt til"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    answered_at = models.DateTimeField(_("svart"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("påminnelse sendt"), null=True, blank=True)
    # The meeting's calendar SEQUENCE in the last e-mail this organisation got (invitation or
    # update): a retried update job skips those that already have the current one.
    sequence_mailed = models.PositiveIntegerField(_("kalenderversjon sendt"), default=0, editable=False)
    # What the meeting needs, from the organisation's reply (the link in the e-mail).
    people_coming = models.PositiveSmallIntegerField(_("antall som kommer"), null=True, blank=True)
    interpreter_language = models.ForeignKey(
        "organisations.Language", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("tolk på språk"),
    )
    diets = models.JSONField(_("kosthold"), default=dict, blank=True, help_text=_("Antall per kosthold."))
    diet_other = models.CharField(_("annet om mat og allergier"), max_length=300, blank=True)
    access_needs = models.TextField(_("behov for tilrettelegging"), max_length=1000, blank=True)
    reply_message = models.TextField(_("melding"), max_length=2000, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        constraints = [models.UniqueConstraint(fields=["meeting", "organisation"], name="invitation_once_per_meeting")]

    def __str__(self):
        return f"{self.organisation} → {self.meeting}"


class InputStatus(models.TextChoices):
    NEW = "new", _("Ny")
    FORWARDED = "forwarded", _("Videresendt")
    IN_PROGRESS = "in_progress", _("Under arbeid")
    ANSWERED = "answered", _("Besvart")
    IMPLEMENTED = "implemented", _("Gjennomført")
    NOT_PURSUED = "not_pursued", _("Ikke fulgt opp")


# An item in one of these states needs nothing more from the service.
CLOSED_INPUT_STATUSES = (InputStatus.ANSWERED, InputStatus.IMPLEMENTED, InputStatus.NOT_PURSUED)


DUE_BEFORE_RAISED = _("Fristen kan ikke være før datoen innspillet ble meldt.")


class InputItem(Timestamped):
    """An input (innspill): a need or proposal raised at a meeting, followed up until answered."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="input_items", verbose_name=_("møte"))
    text = models.TextField(_("innspill"))
    raised_by = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="raised_input_items",
        verbose_name=_("meldt av"),
    )
    theme = models.CharField(_("tema"), max_length=200, blank=True)
    assigned_service = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_input_items",
        limit_choices_to={"kind": Kind.MUNICIPAL_SERVICE},
        verbose_name=_("ansvarlig virksomhet"),
    )
    status = models.CharField(_("status"), max_length=20, choices=InputStatus.choices, default=InputStatus.NEW)
    answer = models.TextField(_("svar"), blank=True)
    raised_on = models.DateField(_("meldt"), default=timezone.localdate)
    due_on = models.DateField(_("frist"), null=True, blank=True)
    answered_on = models.DateField(_("besvart"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    # The coordinator who sent it to the service: told by e-mail when the service answers.
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("sendt til virksomheten av"),
    )
    # Who made the last change (raised, edited, sent or answered it): a change is news to the other
    # coordinators, not to the one who made it.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False,
        verbose_name=_("sist endret av"),
    )
    public = models.BooleanField(
        _("offentlig"), default=False, help_text=_("Vis innspillet og svaret på møtets offentlige side.")
    )
    # What the item led to (each of them lists, as `originating_input`, the input behind it).
    led_to_plan_items = models.ManyToManyField(
        "goals.PlanItem", blank=True, related_name="originating_input", verbose_name=_("førte til planpunkter")
    )
    led_to_measures = models.ManyToManyField(
        "goals.Measure", blank=True, related_name="originating_input", verbose_name=_("førte til tiltak")
    )
    led_to_activities = models.ManyToManyField(
        "activities.Activity", blank=True, related_name="originating_input", verbose_name=_("førte til aktiviteter")
    )
    led_to_series = models.ManyToManyField(
        MeetingSeries, blank=True, related_name="originating_input", verbose_name=_("førte til møteserier")
    )

    class Meta:
        ordering = ["-raised_on", "pk"]
        verbose_name = _("innspill")
        verbose_name_plural = _("innspill")
        indexes = [models.Index(fields=["status", "due_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__isnull=True) | Q(due_on__gte=models.F("raised_on")),
                name="input_due_on_not_before_raised_on",
                violation_error_message=DUE_BEFORE_RAISED,
            ),
        ]

    def __str__(self):
        return self.text[:60]

    def clean(self):
        # Said on the deadline's field; the constraint above holds it for every other door.
        if self.due_on and self.raised_on and self.due_on < self.raised_on:
            raise ValidationError({"due_on": DUE_BEFORE_RAISED})

    @property
    def is_closed(self):
        return self.status in CLOSED_INPUT_STATUSES

    def is_overdue(self, today=None):
        today = today or timezone.localdate()
        return not self.is_closed and self.due_on is not None and self.due_on < today

    def change_since(self, moment, viewer=None):
        """What happened to the item after `moment` (a coordinator's last visit to the overview):
        "new", "answered", "changed", or None when nothing did. With no visit, all of it is new.
        The viewer's own change is no news to them (None)."""
        if viewer is not None and self.changed_by_id == viewer.pk:
            return None
        if moment is None or self.created_at > moment:
            return "new"
        if self.updated_at <= moment:
            return None
        if self.is_closed and self.answered_on and self.answered_on >= timezone.localtime(moment).date():
            return "answered"
        return "changed"


class InputOverviewVisit(models.Model):
    """When a coordinator last opened the input overview: what changed after it is "new since
    last visit" there and on the dashboard."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="input_overview_visit", verbose_name=_("bruker")
    )
    visited_at = models.DateTimeField(_("sist besøkt"))

    class Meta:
        verbose_name = _("besøk på innspillsoversikten")
        verbose_name_plural = _("besøk på innspillsoversikten")

    def __str__(self):
        return f"{self.user} {self.visited_at:%Y-%m-%d %H:%M}"


class ServiceMember(models.Model):
    """Links a council staff user to the municipal service they answer input for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_services", verbose_name=_("bruker")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="service_members",
        limit_choices_to={"kind": Kind.MUNICIPAL_SERVICE},
        verbose_name=_("kommunal virksomhet"),
    )

    class Meta:
        verbose_name = _("ansatt i virksomhet")
        verbose_name_plural = _("ansatte i virksomheter")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="service_member_once")]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class ProposalKind(models.TextChoices):
    INPUT = "input", _("Innspill")
    AGENDA = "agenda", _("Forslag til dagsorden")


class ProposalStatus(models.TextChoices):
    PENDING = "pending", _("Venter på koordinatoren")
    ACCEPTED = "accepted", _("Tatt med")
    DECLINED = "declined", _("Ikke tatt med")


class InputProposal(Timestamped):
    """Input or an agenda topic an organisation's editor sends online for a coming meeting. The
    coordinator accepts it onto a meeting (input becomes an InputItem like any other; an agenda
    topic is added to the meeting's agenda) or answers why not."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="input_proposals", verbose_name=_("organisasjon")
    )
    kind = models.CharField(_("hva"), max_length=20, choices=ProposalKind.choices, default=ProposalKind.INPUT)
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals", verbose_name=_("møte"),
        help_text=_("Møtet dere ønsker å ta det opp på (koordinatoren kan velge et annet)."),
    )
    theme = models.CharField(_("tema"), max_length=200, blank=True)
    text = models.TextField(_("innspill eller tema"), max_length=5000)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ProposalStatus.choices, default=ProposalStatus.PENDING, editable=False
    )
    decision_message = models.TextField(_("svar fra koordinatoren"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    decided_on = models.DateField(_("avgjort"), null=True, blank=True, editable=False)
    input_item = models.OneToOneField(
        InputItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposal", editable=False,
        verbose_name=_("innspillet det ble"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("forslag fra en organisasjon")
        verbose_name_plural = _("forslag fra organisasjonene")

    def __str__(self):
        return f"{self.organisation}: {self.text[:60]}"

    @property
    def is_pending(self):
        return self.status == ProposalStatus.PENDING
