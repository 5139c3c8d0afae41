from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation


class MeetingKind(models.TextChoices):
    PANEL = "panel", _("Erfaringspanel")
    WORKING_GROUP = "working_group", _("Arbeidsgruppe")
    OTHER = "other", _("Annet møte")


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planlagt")
    HELD = "held", _("Gjennomført")
    CANCELLED = "cancelled", _("Avlyst")


class Meeting(models.Model):
    """A meeting the coordinators run. Only kind=panel meetings count in the panel figures."""

    kind = models.CharField(_("type møte"), max_length=20, choices=MeetingKind.choices, default=MeetingKind.PANEL)
    date = models.DateField(_("dato"))
    title = models.CharField(_("tittel"), max_length=200)
    location = models.CharField(_("sted"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-date"]
        verbose_name = _("møte")
        verbose_name_plural = _("møter")
        indexes = [models.Index(fields=["kind", "date"])]

    def __str__(self):
        return f"{self.title} ({self.date:%d.%m.%Y})"


class Attendance(models.Model):
    """An organisation (or municipal service) present at a meeting, with its number of participants."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances", verbose_name=_("møte"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="attendances", verbose_name=_("organisasjon")
    )
    participants = models.PositiveIntegerField(_("antall deltakere"), default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("oppmøte")
        verbose_name_plural = _("oppmøter")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "organisation"], name="attendance_once_per_meeting"),
            models.CheckConstraint(condition=Q(participants__gte=1), name="attendance_participants_at_least_one"),
        ]

    def __str__(self):
        return f"{self.organisation} @ {self.meeting}"
