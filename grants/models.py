"""Grant schemes, their yearly rounds, the organisations' applications and what comes after:
assessment, decision, payment, complaint (klage) and the report on the use of the grant.

Amounts are whole kroner (docs/domain.md). An application's life: draft (the organisation's own, not
yet sent) → received → granted | refused, or withdrawn at any point after it was sent.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.models import Organisation
from portal.privacy.files import PrivateUploadTo, get_private_storage, validate_private_upload
from portal.db.timestamps import Timestamped


class Part(models.TextChoices):
    OPERATING = "operating", _("Driftsstøtte")
    ACTIVITY = "activity", _("Aktivitetsstøtte")


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("grant application", "Utkast")
    RECEIVED = "received", _("Mottatt")
    GRANTED = "granted", _("Innvilget")
    REFUSED = "refused", _("Avslått")
    WITHDRAWN = "withdrawn", _("Trukket")


# The statuses of docs/domain.md's grant_applications.csv; a draft is not yet an application.
SENT_STATUSES = (ApplicationStatus.RECEIVED, ApplicationStatus.GRANTED, ApplicationStatus.REFUSED, ApplicationStatus.WITHDRAWN)
DECIDED_STATUSES = (ApplicationStatus.GRANTED, ApplicationStatus.REFUSED)


class Channel(models.TextChoices):
    ONLINE = "online", _("Søkt i portalen")
    PAPER = "paper", _("Papirsøknad registrert av koordinator")


class GrantScheme(Timestamped):
    """A grant scheme, e.g. IMDi's scheme for voluntary activity that the municipality distributes."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    funder = models.CharField(_("tilskuddsgiver"), max_length=200, help_text=_("For eksempel IMDi eller kommunen."))
    purpose = models.TextField(_("formål"), blank=True)
    criteria = models.TextField(_("kriterier"), blank=True, help_text=_("Det søknadene vurderes etter."))
    offers_operating = models.BooleanField(_("gir driftsstøtte"), default=True)
    offers_activity = models.BooleanField(_("gir aktivitetsstøtte"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tilskuddsordning")
        verbose_name_plural = _("tilskuddsordninger")

    def __str__(self):
        return self.name

    def parts(self):
        return [part for part in Part if (part == Part.OPERATING and self.offers_operating) or (part == Part.ACTIVITY and self.offers_activity)]


class GrantRound(Timestamped):
    """One year's round of a scheme: the money to distribute, when applications are taken, and
    the public announcement."""

    scheme = models.ForeignKey(GrantScheme, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("ordning"))
    year = models.PositiveSmallIntegerField(_("år"))
    allocation = models.PositiveBigIntegerField(_("ramme (kr)"), help_text=_("Hele kroner."))
    opens_on = models.DateField(_("åpner"), null=True, blank=True)
    deadline = models.DateField(_("søknadsfrist"))
    report_due_on = models.DateField(
        _("frist for rapport om bruk"), null=True, blank=True, help_text=_("Når mottakerne skal rapportere om bruken.")
    )
    announcement = models.TextField(_("utlysningstekst"), blank=True)
    published = models.BooleanField(_("utlysningen er publisert"), default=False)

    class Meta:
        ordering = ["-year", "scheme__name"]
        verbose_name = _("søknadsrunde")
        verbose_name_plural = _("søknadsrunder")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "year"], name="grant_round_one_per_scheme_and_year"),
            models.CheckConstraint(
                condition=Q(opens_on__isnull=True) | Q(opens_on__lte=models.F("deadline")),
                name="grant_round_opens_before_deadline",
            ),
        ]

    def __str__(self):
        return f"{self.scheme.name} {self.year}"

    def get_absolute_url(self):
        return reverse("grants:round_public", args=[self.pk])

    def is_open(self, today=None):
        today = today or timezone.localdate()
        return self.published and (self.opens_on is None or self.opens_on <= today) and today <= self.deadline


class GrantApplication(Timestamped):
    round = models.ForeignKey(GrantRound, on_delete=models.PROTECT, related_name="applications", verbose_name=_("runde"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grant_applications", verbose_name=_("organisasjon")
    )
    part = models.CharField(_("del"), max_length=12, choices=Part.choices)
    project = models.CharField(_("prosjekt eller tiltak"), max_length=200, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    applied_amount = models.PositiveIntegerField(_("søkt beløp (kr)"))
    members = models.PositiveIntegerField(_("medlemmer"), null=True, blank=True, help_text=_("For driftsstøtte."))
    participants = models.PositiveIntegerField(
        _("forventede deltakere"), null=True, blank=True, help_text=_("For aktivitetsstøtte.")
    )
    status = models.CharField(_("status"), max_length=12, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT)
    channel = models.CharField(_("kanal"), max_length=8, choices=Channel.choices, default=Channel.ONLINE)
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("sendt av")
    )
    assessment = models.TextField(_("vurdering etter kriteriene"), blank=True)
    granted_amount = models.PositiveIntegerField(_("innvilget beløp (kr)"), null=True, blank=True)
    decision_reason = models.TextField(_("begrunnelse"), blank=True)
    decided_on = models.DateField(_("vedtaksdato"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("vedtatt av")
    )
    decision_sent_at = models.DateTimeField(_("vedtaksbrev sendt"), null=True, blank=True)
    paid_on = models.DateField(_("utbetalt"), null=True, blank=True)
    paid_amount = models.PositiveIntegerField(_("utbetalt beløp (kr)"), null=True, blank=True)
    note = models.TextField(_("merknad"), blank=True)
    guidance = models.ManyToManyField(
        "outreach.Guidance", blank=True, related_name="grant_applications", verbose_name=_("veiledning gitt")
    )

    class Meta:
        ordering = ["round", "organisation__name", "pk"]
        verbose_name = _("søknad om tilskudd")
        verbose_name_plural = _("søknader om tilskudd")
        indexes = [models.Index(fields=["round", "status"])]
        constraints = [
            # docs/domain.md: granted_amount set exactly when granted, 0 < granted ≤ applied.
            models.CheckConstraint(
                condition=(Q(status="granted") & Q(granted_amount__gt=0) & Q(granted_amount__lte=models.F("applied_amount")))
                | (~Q(status="granted") & Q(granted_amount__isnull=True)),
                name="grant_application_granted_amount_exactly_when_granted",
            ),
            models.CheckConstraint(condition=Q(applied_amount__gt=0), name="grant_application_applied_positive"),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.round} ({self.get_part_display()})"

    @property
    def is_draft(self):
        return self.status == ApplicationStatus.DRAFT

    @property
    def is_decided(self):
        return self.status in DECIDED_STATUSES


class AttachmentKind(models.TextChoices):
    BUDGET = "budget", _("Budsjett")
    ACCOUNTS = "accounts", _("Regnskap")
    OTHER = "other", _("Annet")


class Attachment(models.Model):
    """A budget, the accounts or another document of an application. Private: kept in the private
    storage (portal.privacy.files), served only to the organisation's editors and the coordinators."""

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("søknad")
    )
    kind = models.CharField(_("type"), max_length=10, choices=AttachmentKind.choices, default=AttachmentKind.BUDGET)
    file = models.FileField(
        _("fil"),
        upload_to=PrivateUploadTo("grants/attachments"),
        storage=get_private_storage,
        max_length=255,
        validators=[validate_private_upload],
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("lastet opp av")
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("vedlegg til søknad")
        verbose_name_plural = _("vedlegg til søknader")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.filename}"

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1]


class Complaint(Timestamped):
    """A complaint (klage) on a decision, and how it ended."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Under behandling")
        UPHELD = "upheld", _("Tatt til følge")
        PARTLY_UPHELD = "partly_upheld", _("Delvis tatt til følge")
        REJECTED = "rejected", _("Ikke tatt til følge")

    application = models.ForeignKey(
        GrantApplication, on_delete=models.CASCADE, related_name="complaints", verbose_name=_("søknad")
    )
    received_on = models.DateField(_("mottatt"))
    grounds = models.TextField(_("klagen gjelder"))
    outcome = models.CharField(_("utfall"), max_length=16, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_on = models.DateField(_("avgjort"), null=True, blank=True)
    outcome_note = models.TextField(_("begrunnelse for utfallet"), blank=True)

    class Meta:
        ordering = ["received_on", "pk"]
        verbose_name = _("klage")
        verbose_name_plural = _("klager")

    def __str__(self):
        return f"{self.application} – {self.received_on:%d.%m.%Y}"


class UseReport(Timestamped):
    """The organisation's report on the use of a grant: what was done, who took part, what was
    not used. Created when the grant is given, with its due date; submitted by the organisation."""

    application = models.OneToOneField(
        GrantApplication, on_delete=models.CASCADE, related_name="use_report", verbose_name=_("søknad")
    )
    due_on = models.DateField(_("frist"))
    what_was_done = models.TextField(_("hva ble gjort"), blank=True)
    participants = models.PositiveIntegerField(_("deltakere"), null=True, blank=True)
    amount_used = models.PositiveIntegerField(_("brukt beløp (kr)"), null=True, blank=True)
    unused_amount = models.PositiveIntegerField(_("ubrukte midler (kr)"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("levert"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("levert av")
    )
    last_reminded_on = models.DateField(_("sist purret"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("rapport om bruk av tilskudd")
        verbose_name_plural = _("rapporter om bruk av tilskudd")

    def __str__(self):
        return str(self.application)

    @property
    def is_submitted(self):
        return self.submitted_at is not None
