"""An organisation's own registration, from the public form until a coordinator decides it.

A registration is not an Organisation: it is the application for one. Nothing here is read by a
public page, an open-data feed, the sitemap, a search or a figure (they all read Organisation), so a
registration that waits, expires or is refused can never be public or counted. Approval creates
the Organisation (published only under the consent given here); a merge joins an existing one.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organisations.fields import OrgNumberField
from organisations.models import ActivityCategory, Kind, Language
from organisations.validators import validate_org_number


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("Venter på bekreftelse av e-postadressen")
    WAITING = "waiting", _("Venter på koordinator")
    APPROVED = "approved", _("Godkjent")
    MERGED = "merged", _("Slått sammen med en organisasjon i registeret")
    REFUSED = "refused", _("Avvist")


OPEN_STATUSES = (Status.UNCONFIRMED, Status.WAITING)


class RegistrationQuerySet(models.QuerySet):
    def open(self, now=None):
        """Registrations that still count as a claim on their number: waiting for a coordinator,
        or not yet confirmed within the link's time."""
        now = now or timezone.now()
        return self.filter(
            models.Q(status=Status.WAITING) | models.Q(status=Status.UNCONFIRMED, expires_at__gt=now)
        )

    def waiting(self):
        return self.filter(status=Status.WAITING)


class Registration(models.Model):
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.UNCONFIRMED)

    # The organisation as the applicant (and Enhetsregisteret) describes it.
    org_number = OrgNumberField(
        _("organisasjonsnummer"), max_length=9, blank=True, validators=[validate_org_number],
        help_text=_("Tomt for grupper som ikke er registrert i Enhetsregisteret."),
    )
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=32, choices=Kind.choices)
    municipality = models.CharField(_("kommune"), max_length=100, blank=True)
    address = models.CharField(_("adresse"), max_length=250, blank=True)
    website = models.URLField(_("nettside"), blank=True)
    registry_form = models.CharField(_("organisasjonsform"), max_length=200, blank=True)
    # The register's unit as its API answered (public register data), kept so approval records the
    # check on the organisation (brreg.RegistryRecord) without asking again.
    registry_unit = models.JSONField(null=True, blank=True, editable=False)
    # None: no number, or the register could not be asked.
    in_frivillighetsregisteret = models.BooleanField(_("i Frivillighetsregisteret"), null=True, blank=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="+", verbose_name=_("språk"))
    activities = models.ManyToManyField(ActivityCategory, blank=True, related_name="+", verbose_name=_("aktiviteter"))

    # The one contact person: private, never public (docs/domain.md "Privacy"). Moved to the
    # organisation's contact persons on approval or merge (where erasure reaches them), and blanked
    # here at every decision; left out of the audit trail, which erasure could not reach for a
    # refused applicant (registrations/apps.py).
    contact_name = models.CharField(_("kontaktperson"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-post"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=40, blank=True)

    consent_given = models.BooleanField(_("samtykker til offentlig oppføring"), default=False)
    consent_wording_version = models.CharField(max_length=20, blank=True)
    consent_wording = models.TextField(blank=True)

    # Only a SHA-256 of the confirmation link's token is stored; cleared once used.
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("lenken utløper"))
    created_at = models.DateTimeField(_("sendt inn"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("e-post bekreftet"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("konto"),
    )
    # The account was made by confirming this registration (not an account the address had).
    account_created = models.BooleanField(default=False, editable=False)

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="registrations",
        verbose_name=_("organisasjon"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("behandlet av"),
    )
    decided_at = models.DateTimeField(_("behandlet"), null=True, blank=True)
    decision_message = models.TextField(_("melding til søkeren"), blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("registrering")
        verbose_name_plural = _("registreringer")
        constraints = [
            # Two visitors sending the same number at once: the database lets one through.
            models.UniqueConstraint(
                fields=["org_number"],
                condition=models.Q(status__in=["unconfirmed", "waiting"]) & ~models.Q(org_number=""),
                name="one_open_registration_per_number",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"

    @property
    def is_waiting(self):
        return self.status == Status.WAITING

    @property
    def is_confirmable(self):
        return self.status == Status.UNCONFIRMED and self.expires_at > timezone.now()
