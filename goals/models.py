"""Goals (effektmål), the municipal plan's items and the project's measures (tiltak), each
followed year by year. The numbers and statuses are computed in goals.selectors, never stored."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from portal.reporting.figures import FIGURES
from portal.db.timestamps import Timestamped

# A goal whose number is typed in per year (GoalValue) instead of computed from the records.
MANUAL = "manual"


def validate_indicator_key(value):
    """The indicator is a key of the report's figures (portal.reporting.figures) or "manual"."""
    if value != MANUAL and value not in FIGURES:
        raise ValidationError(
            _("«%(value)s» er verken «manual» eller et av portalens tall (%(keys)s)."),
            params={"value": value, "keys": ", ".join(FIGURES)},
            code="invalid_indicator",
        )


class Source(models.TextChoices):
    GRANT = "grant", _("Effektmål i tilskuddet")
    PLAN = "plan", _("Kommunens plan")
    MEASURE = "measure", _("Prosjektets tiltak")
    OWN = "own", _("Eget mål")


class TargetKind(models.TextChoices):
    ABSOLUTE = "absolute", _("Et bestemt tall")
    PERCENT_VS_BASELINE = "percent_change_vs_baseline", _("Endring i prosent fra utgangspunktet")
    PERCENT_VS_PREVIOUS_YEAR = "percent_change_vs_previous_year", _("Endring i prosent fra året før")


class Direction(models.TextChoices):
    AT_LEAST = "at_least", _("Minst (høyere er bedre)")
    AT_MOST = "at_most", _("Høyst (lavere er bedre)")


class Goal(Timestamped):
    title = models.CharField(_("tittel"), max_length=200, unique=True)
    source = models.CharField(_("kilde"), max_length=20, choices=Source.choices, default=Source.GRANT)
    description = models.TextField(_("beskrivelse"), blank=True)
    indicator_key = models.CharField(
        _("indikator"),
        max_length=80,
        default=MANUAL,
        validators=[validate_indicator_key],
        help_text=_("Et av portalens tall, eller «manual» når tallet føres inn for hvert år."),
    )
    baseline_year = models.PositiveSmallIntegerField(_("utgangsår"), null=True, blank=True)
    baseline_value = models.DecimalField(_("utgangsverdi"), max_digits=12, decimal_places=2, null=True, blank=True)
    target_kind = models.CharField(
        _("type mål"), max_length=40, choices=TargetKind.choices, default=TargetKind.PERCENT_VS_PREVIOUS_YEAR
    )
    target_value = models.DecimalField(
        _("målverdi"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Et tall, eller prosent endring (50 betyr +50 %)."),
    )
    direction = models.CharField(_("retning"), max_length=10, choices=Direction.choices, default=Direction.AT_LEAST)
    position = models.PositiveIntegerField(_("rekkefølge"), default=0)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        constraints = [
            # A target against the baseline needs one; the database keeps that true whatever writes it.
            models.CheckConstraint(
                condition=~Q(target_kind="percent_change_vs_baseline")
                | (Q(baseline_year__isnull=False) & Q(baseline_value__isnull=False)),
                name="goal_baseline_for_baseline_target",
            ),
            models.CheckConstraint(
                condition=(Q(baseline_year__isnull=True) & Q(baseline_value__isnull=True))
                | (Q(baseline_year__isnull=False) & Q(baseline_value__isnull=False)),
                name="goal_baseline_year_and_value_together",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_manual(self):
        return self.indicator_key == MANUAL

    def clean(self):
        super().clean()
        if (self.baseline_year is None) != (self.baseline_value is None):
            field = "baseline_value" if self.baseline_value is None else "baseline_year"
            raise ValidationError({field: _("Utgangsår og utgangsverdi føres inn sammen.")})
        if self.target_kind == TargetKind.PERCENT_VS_BASELINE and self.baseline_year is None:
            raise ValidationError({"baseline_year": _("Et mål om endring fra utgangspunktet trenger et utgangsår og en verdi.")})


class GoalValue(models.Model):
    """A hand-entered number of a goal for one year (goals with indicator "manual")."""

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="values", verbose_name=_("mål"))
    year = models.PositiveSmallIntegerField(_("år"))
    value = models.DecimalField(_("verdi"), max_digits=12, decimal_places=2)
    note = models.CharField(_("merknad"), max_length=300, blank=True)

    class Meta:
        ordering = ["goal", "year"]
        verbose_name = _("tall for et år")
        verbose_name_plural = _("tall for år")
        constraints = [models.UniqueConstraint(fields=["goal", "year"], name="goal_value_once_per_year")]

    def __str__(self):
        return f"{self.goal} {self.year}: {self.value}"


class Measure(models.Model):
    """One of the project's measures (tiltak)."""

    position = models.PositiveIntegerField(_("nummer"), default=0)
    title = models.CharField(_("tittel"), max_length=200, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)

    class Meta:
        ordering = ["position", "title"]
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")

    def __str__(self):
        return self.title


class MeasureStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Ikke startet")
    STARTED = "started", _("Startet")
    ONGOING = "ongoing", _("Pågår")
    COMPLETED = "completed", _("Gjennomført")
    POSTPONED = "postponed", _("Utsatt")


class MeasureYear(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="years", verbose_name=_("tiltak"))
    year = models.PositiveSmallIntegerField(_("år"))
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.NOT_STARTED)
    deliverables = models.TextField(_("leveranser"), blank=True, help_text=_("Hva tiltaket har levert dette året."))

    class Meta:
        ordering = ["measure", "year"]
        verbose_name = _("tiltak for et år")
        verbose_name_plural = _("tiltak for år")
        constraints = [models.UniqueConstraint(fields=["measure", "year"], name="measure_year_once")]

    def __str__(self):
        return f"{self.measure} {self.year}"


class PlanItem(models.Model):
    """A point of a municipal plan, in the plan's own order (chapter, then position). The plan puts
    each point on a unit of the municipality (seeds/001), which answers for it to the leadership."""

    plan_name = models.CharField(_("plan"), max_length=200)
    chapter = models.CharField(_("kapittel"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("nummer i planen"))
    text = models.TextField(_("hva står i planen"))
    responsible_unit = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="responsible_for_plan_items",
        limit_choices_to={"kind": "municipal_service"},
        verbose_name=_("ansvarlig enhet"),
    )

    class Meta:
        ordering = ["plan_name", "position"]
        verbose_name = _("planpunkt")
        verbose_name_plural = _("planpunkter")
        constraints = [models.UniqueConstraint(fields=["plan_name", "position"], name="plan_item_position_once")]

    def __str__(self):
        return f"{self.plan_name} {self.position}: {self.text[:60]}"


class PlanStatus(models.TextChoices):
    """Where a plan item stands in a year, as the leadership group's status reports ask."""

    NOT_STARTED = "not_started", _("Ikke startet")
    UNDER_WAY = "under_way", _("Under arbeid")
    DONE = "done", _("Gjennomført")
    DROPPED = "dropped", _("Avsluttet uten gjennomføring")


class PlanItemYear(models.Model):
    """What the project achieved on a plan item in a year, and the item's status that year. The
    text is sanitized HTML."""

    plan_item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="years", verbose_name=_("planpunkt"))
    year = models.PositiveSmallIntegerField(_("år"))
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.NOT_STARTED)
    achieved_text = models.TextField(_("hva prosjektet har oppnådd"), blank=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="plan_item_years", verbose_name=_("mål"))
    measures = models.ManyToManyField(Measure, blank=True, related_name="plan_item_years", verbose_name=_("tiltak"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan_item__plan_name", "plan_item__position", "year"]
        verbose_name = _("planpunkt for et år")
        verbose_name_plural = _("planpunkter for år")
        constraints = [models.UniqueConstraint(fields=["plan_item", "year"], name="plan_item_year_once")]

    def __str__(self):
        return f"{self.plan_item} {self.year}"
