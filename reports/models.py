from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.privacy.files import PrivateUploadTo, get_private_storage
from portal.text.formatted import RichTextField
from portal.db.timestamps import Timestamped


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    APPROVED = "approved", _("Godkjent")
    PUBLISHED = "published", _("Publisert")


class Generated(models.TextChoices):
    """Parts of the report computed from the records. A narrative section carries at most one,
    shown after its text, so the generated parts move with the chapters they belong to."""

    PANEL = "panel", _("Erfaringspanelet: møter, arbeidsmåter og tema")
    PANEL_ORGANISATIONS = "panel_organisations", _("Organisasjoner og kommunale virksomheter i panelet")
    PARTICIPATION = "participation", _("Økt deltagelse: vekst mot målet, med diagram")
    OUTREACH = "outreach", _("Kontakt med innvandrerorganisasjoner")
    GUIDANCE = "guidance", _("Veiledning og råd")
    VOLUNTARY = "voluntary", _("Frivillige organisasjoner: møter, nettverk, initiativ og partnere")
    MUNICIPAL = "municipal", _("Kommunale tjenester: deltagelse og besvarte innspill")
    MEETING_PLACES = "meeting_places", _("Møteplasser: høringer og lokaler")
    VISIBILITY = "visibility", _("Synlighet: medieoppslag og katalogens vekst")
    CAMPAIGNS = "campaigns", _("Kampanjer, egne arrangementer og deltakere")
    SERIES = "series", _("Møteseriene: møter, organisasjoner og deltakere")
    DIRECTORY = "directory", _("Synlighet i den offentlige katalogen")
    GOALS = "goals", _("Mål og tiltak")
    SURVEYS = "surveys", _("Spørreundersøkelser per gruppe")
    PLAN_TABLE = "plan_table", _("Måloppnåelse i lys av planen (tabell)")
    GRANTS = "grants", _("Tilskudd: søknadsrunder, søknader og tildelinger")


# The chapters of the reference report (seeds/000_…): (level, heading, generated part).
DEFAULT_CHAPTERS = [
    (1, _("Innledning og sammendrag"), ""),
    (2, _("Innledning"), ""),
    (1, _("Erfaringspanelet"), Generated.PANEL),
    (2, _("Organisasjoner som har deltatt i Erfaringspanelet"), Generated.PANEL_ORGANISATIONS),
    (1, _("Økt deltagelse"), Generated.PARTICIPATION),
    (1, _("Oversikt og dialog innvandrerorganisasjoner"), Generated.OUTREACH),
    (2, _("Veiledning og råd"), Generated.GUIDANCE),
    (2, _("Tilskudd"), Generated.GRANTS),
    (1, _("Oversikt og dialog frivillige organisasjoner"), Generated.VOLUNTARY),
    (1, _("Oversikt og dialog kommunale tjenester"), Generated.MUNICIPAL),
    (1, _("Møteplasser"), Generated.MEETING_PLACES),
    (1, _("Økt synlighet"), Generated.VISIBILITY),
    (2, _("Innvandrerorganisasjoner på kommunens nettsider"), Generated.DIRECTORY),
    (1, _("Kampanjearbeid"), Generated.CAMPAIGNS),
    (1, _("Bærekraft"), Generated.SERIES),
    (1, _("Status og måloppnåelse"), Generated.GOALS),
    (2, _("Hva sier deltagerne i Erfaringspanelet?"), Generated.SURVEYS),
    (2, _("Måloppnåelse i lys av planen"), Generated.PLAN_TABLE),
]


class AnnualReport(Timestamped):
    """One version of a year's annual report. A draft renders from the records; approval freezes
    every figure, list and text into `snapshot` so later changes to the records never alter it."""

    year = models.PositiveSmallIntegerField(_("år"))
    version = models.PositiveSmallIntegerField(_("versjon"), default=1)
    title = models.CharField(_("tittel"), max_length=200)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    approved_by_body = models.CharField(
        _("godkjent av"), max_length=200, blank=True, help_text=_("For eksempel «Erfaringspanelet».")
    )
    approved_on = models.DateField(_("godkjent dato"), null=True, blank=True)
    published_on = models.DateField(_("publisert dato"), null=True, blank=True)
    snapshot = models.JSONField(_("frosset innhold"), null=True, blank=True, editable=False)
    # Private storage: an approved-but-unpublished report must not be reachable under /media/;
    # the PDF view serves it after checking who may see the version.
    pdf = models.FileField(_("PDF"), upload_to="reports/", storage=get_private_storage, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # A chosen period besides the calendar year (the project's year, December 2024–December 2025)
    # for the lists of organisations and the "since the start" counts (portal.reporting.periods).
    period_start = models.DateField(_("periode fra"), null=True, blank=True)
    period_end = models.DateField(_("periode til"), null=True, blank=True)

    class Meta:
        ordering = ["-year", "-version"]
        verbose_name = _("årsrapport")
        verbose_name_plural = _("årsrapporter")
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="report_year_version_unique"),
            # One version of a year is worked on at a time; approved versions stay as they are.
            models.UniqueConstraint(fields=["year"], condition=Q(status="draft"), name="report_one_draft_per_year"),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(snapshot__isnull=False) & Q(approved_on__isnull=False)),
                name="report_frozen_when_approved",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True, period_end__isnull=True)
                | Q(period_start__isnull=False, period_end__gte=models.F("period_start")),
                name="report_period_whole_and_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.title} (v{self.version})"

    @property
    def is_draft(self):
        return self.status == ReportStatus.DRAFT

    @property
    def is_frozen(self):
        return self.status in (ReportStatus.APPROVED, ReportStatus.PUBLISHED)

    @property
    def is_published(self):
        return self.status == ReportStatus.PUBLISHED

    def get_absolute_url(self):
        return reverse("reports:detail", args=[self.year])

    @property
    def period(self):
        from portal.reporting.periods import Period

        return Period(self.period_start, self.period_end) if self.period_start and self.period_end else None

    def get_pdf_url(self):
        return reverse("reports:pdf", args=[self.year])


class ReportSection(models.Model):
    """A chapter (level 1) or sub-chapter (level 2) that the coordinators write, in their order."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="sections", verbose_name=_("rapport"))
    position = models.PositiveIntegerField(_("plassering"))
    level = models.PositiveSmallIntegerField(
        _("nivå"), choices=[(1, _("Kapittel")), (2, _("Underkapittel"))], default=1
    )
    heading = models.CharField(_("overskrift"), max_length=200)
    body = RichTextField(_("tekst"), blank=True)
    generated = models.CharField(
        _("tall og lister fra registeret"),
        max_length=30,
        choices=Generated.choices,
        blank=True,
        help_text=_("Vises etter teksten, beregnet fra registeret (frosset når rapporten godkjennes)."),
    )
    # An image shown after the text: a private file, served only by reports.views.section_image
    # (to staff, and to everyone once the report is published), and never without its alt text.
    image = models.FileField(
        _("bilde"), upload_to=PrivateUploadTo("reports/images"), storage=get_private_storage, blank=True,
        help_text=_("PNG eller JPEG. Bildet er privat til rapporten er publisert."),
    )
    image_alt = models.CharField(
        _("alternativ tekst"), max_length=300, blank=True,
        help_text=_("Hva bildet viser, for den som ikke ser det (kreves når kapittelet har et bilde)."),
    )
    image_caption = models.CharField(_("bildetekst"), max_length=300, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["report", "position"]
        verbose_name = _("kapittel")
        verbose_name_plural = _("kapitler")
        constraints = [
            models.UniqueConstraint(fields=["report", "position"], name="report_section_position_unique"),
            models.CheckConstraint(
                condition=Q(image="") | ~Q(image_alt=""),
                name="report_section_image_has_alt_text",
                violation_error_message=_("Et bilde må ha en alternativ tekst."),
            ),
        ]

    def __str__(self):
        return self.heading


class ReportSending(models.Model):
    """One sending of a published report with its public link: to a mailing segment's organisations
    (through a mailing, which records each recipient) and to named recipients such as the
    leadership group or the political committee (names and addresses kept here)."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="sendings", verbose_name=_("rapport"))
    sent_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("sendt av")
    )
    mailing = models.ForeignKey(
        "mailings.Mailing", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("utsendelse")
    )
    segment_name = models.CharField(_("utvalg"), max_length=200, blank=True)
    named_recipients = models.JSONField(_("navngitte mottakere"), default=list, blank=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("utsending av rapport")
        verbose_name_plural = _("utsendinger av rapporter")

    def __str__(self):
        return f"{self.report} {self.sent_at:%d.%m.%Y}"
