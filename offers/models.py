"""Regular offers ("faste tilbud"): what an organisation (or a municipal service) runs every week,
moderated like its events and shown on its listing, in /faste-tilbud/ and in the calendar feed as
one repeating event."""

import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.models import Kind, Language, Moderated, ModerationStatus, Organisation
from portal.text.formatted import RichTextField


class OfferKind(models.TextChoices):
    LANGUAGE_CAFE = "language_cafe", _("Språkkafé")
    HOMEWORK_HELP = "homework_help", _("Leksehjelp")
    COURSE = "course", _("Kurs")
    PRAYER = "prayer", _("Bønn")
    SPORTS = "sports", _("Idrett og trening")
    OTHER = "other", pgettext_lazy("offer kind", "Annet")


class OfferAudience(models.TextChoices):
    CHILDREN = "children", _("Barn")
    YOUTH = "youth", _("Ungdom")
    WOMEN = "women", _("Kvinner")
    ADULTS = "adults", _("Voksne")
    SENIORS = "seniors", _("Eldre")
    EVERYONE = "everyone", _("Alle")


# ISO weekday numbers (Monday 1 … Sunday 7) with their names; an offer keeps its days as digits ("24").
WEEKDAYS = [
    (1, _("mandag")), (2, _("tirsdag")), (3, _("onsdag")), (4, _("torsdag")),
    (5, _("fredag")), (6, _("lørdag")), (7, _("søndag")),
]
WEEKDAY_NAMES = dict(WEEKDAYS)


class TimeOfDay(models.TextChoices):
    """When an offer starts (docs/features.md, "Faste tilbud"): before 12:00, 12:00–16:59, 17:00 or later."""

    MORNING = "morning", _("Formiddag")
    AFTERNOON = "afternoon", _("Ettermiddag")
    EVENING = "evening", _("Kveld")


TIME_OF_DAY_STARTS = {
    TimeOfDay.MORNING: (datetime.time(0, 0), datetime.time(12, 0)),
    TimeOfDay.AFTERNOON: (datetime.time(12, 0), datetime.time(17, 0)),
    TimeOfDay.EVENING: (datetime.time(17, 0), None),
}


class OfferQuerySet(models.QuerySet):
    def public(self):
        """Approved offers of organisations the public may see: a published listing, or a
        municipal service (the municipality's own unit needs no consent to a listing)."""
        listed = models.Q(organisation__published_on__isnull=False, organisation__published_on__lte=timezone.localdate())
        return self.filter(
            listed | models.Q(organisation__kind=Kind.MUNICIPAL_SERVICE),
            status=ModerationStatus.APPROVED,
            organisation__archived_at__isnull=True,
        )

    def current(self, today):
        return self.filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=today))


class Offer(Moderated):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="offers", verbose_name=_("organisasjon")
    )
    title = models.CharField(_("tittel"), max_length=200)
    kind = models.CharField(_("type tilbud"), max_length=20, choices=OfferKind.choices)
    audience = models.CharField(_("for hvem"), max_length=20, choices=OfferAudience.choices, default=OfferAudience.EVERYONE)
    languages = models.ManyToManyField(Language, blank=True, related_name="+", verbose_name=_("språk"))
    place = models.CharField(_("sted"), max_length=250)
    description = RichTextField(_("beskrivelse"), blank=True)
    weekdays = models.CharField(
        _("ukedager"), max_length=7, help_text=_("ISO-ukedager som sifre, mandag 1 til søndag 7.")
    )
    start_time = models.TimeField(_("starter kl."))
    end_time = models.TimeField(_("slutter kl."))
    valid_from = models.DateField(_("gjelder fra"))
    valid_until = models.DateField(_("gjelder til"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["title", "pk"]
        verbose_name = _("fast tilbud")
        verbose_name_plural = _("faste tilbud")
        indexes = [models.Index(fields=["status", "valid_until"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(end_time__gt=models.F("start_time")), name="offer_ends_after_start"),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=models.F("valid_from")),
                name="offer_valid_until_after_from",
            ),
            models.CheckConstraint(condition=models.Q(weekdays__regex=r"^[1-7]{1,7}$"), name="offer_weekdays_digits"),
        ]

    def __str__(self):
        return self.title

    @property
    def weekday_numbers(self):
        return sorted({int(day) for day in self.weekdays})

    @property
    def weekday_names(self):
        return [WEEKDAY_NAMES[day] for day in self.weekday_numbers]

    @property
    def time_of_day(self):
        for value, (start, end) in TIME_OF_DAY_STARTS.items():
            if self.start_time >= start and (end is None or self.start_time < end):
                return TimeOfDay(value)
        return None  # pragma: no cover - the ranges cover the day

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("offers:list") + f"#tilbud-{self.pk}"

    def decision_subject(self):
        """How the moderation decision e-mail names it (organisations.services.moderation_decide)."""
        from django.utils.translation import gettext

        return gettext("Det faste tilbudet «%(title)s»") % {"title": self.title}


class OfferPause(models.Model):
    """Days the offer does not take place: a range (a summer pause) or one day (from = to)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="pauses", verbose_name=_("tilbud"))
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til og med"))

    class Meta:
        ordering = ["starts_on", "pk"]
        verbose_name = _("pause")
        verbose_name_plural = _("pauser")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="offer_pause_ends_after_start")
        ]

    def __str__(self):
        return f"{self.starts_on}–{self.ends_on}"

    def covers(self, day):
        return self.starts_on <= day <= self.ends_on
