from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from brreg.units import readable


class Source(models.TextChoices):
    BULK = "bulk", _("Totalbestand (fil)")
    API = "api", _("Oppslag på nummer")


class RegistryRecord(models.Model):
    """What Enhetsregisteret said about one organisation's number on the day it was checked.

    One per organisation, kept beside it rather than as columns on Organisation so the register's
    view and the portal's own data never mix: accepting a difference copies a value over.
    """

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="registry_record",
        verbose_name=_("organisasjon"),
    )
    org_number = models.CharField(_("organisasjonsnummer"), max_length=9)
    checked_on = models.DateField(_("kontrollert"))
    source = models.CharField(_("kilde"), max_length=8, choices=Source.choices, default=Source.BULK)
    found = models.BooleanField(_("funnet i registeret"), default=False)
    name = models.CharField(_("registrert navn"), max_length=250, blank=True)
    form_code = models.CharField(_("organisasjonsform (kode)"), max_length=10, blank=True)
    form_description = models.CharField(_("organisasjonsform"), max_length=200, blank=True)
    street = models.CharField(_("forretningsadresse"), max_length=300, blank=True)
    postal_code = models.CharField(_("postnummer"), max_length=10, blank=True)
    postal_place = models.CharField(_("poststed"), max_length=100, blank=True)
    municipality = models.CharField(_("kommune"), max_length=100, blank=True)
    municipality_number = models.CharField(_("kommunenummer"), max_length=4, blank=True)
    website = models.CharField(_("hjemmeside"), max_length=250, blank=True)
    in_frivillighetsregisteret = models.BooleanField(_("i Frivillighetsregisteret"), default=False)
    bankrupt = models.BooleanField(_("konkurs"), default=False)
    bankrupt_on = models.DateField(_("konkursdato"), null=True, blank=True)
    under_liquidation = models.BooleanField(_("under avvikling"), default=False)
    under_forced_dissolution = models.BooleanField(_("under tvangsavvikling eller tvangsoppløsning"), default=False)
    deleted_on = models.DateField(_("slettet"), null=True, blank=True)

    class Meta:
        verbose_name = _("kontroll mot Enhetsregisteret")
        verbose_name_plural = _("kontroller mot Enhetsregisteret")
        indexes = [models.Index(fields=["checked_on"])]

    def __str__(self):
        return f"{self.org_number} ({self.checked_on})"

    @property
    def registered(self):
        """Found in the register and not deleted: the unit exists today."""
        return self.found and self.deleted_on is None

    @property
    def in_liquidation(self):
        return self.under_liquidation or self.under_forced_dissolution

    @property
    def portal_address(self):
        """The business address the way the portal writes one: "Storgata 1, 4306 Sandnes"."""
        place = " ".join(part for part in (self.postal_code, readable(self.postal_place)) if part)
        return ", ".join(part for part in (self.street, place) if part)

    @property
    def portal_municipality(self):
        return readable(self.municipality)


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("I kø")
    RUNNING = "running", _("Kjører")
    DONE = "done", _("Ferdig")
    FAILED = "failed", _("Feilet")


class ImportRun(models.Model):
    """One run of the bulk import started from the screens: its file, progress and outcome.

    The job (brreg.services.run_import, a portal.background.jobs Job) writes the progress; the page polls it.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("startet av"),
    )
    created_at = models.DateTimeField(_("lastet opp"), auto_now_add=True)
    file_name = models.CharField(_("fil"), max_length=255)
    stored_name = models.CharField(max_length=255, editable=False)  # in the private upload storage
    file_size = models.BigIntegerField(_("filstørrelse"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    bytes_read = models.BigIntegerField(default=0)
    entities_read = models.BigIntegerField(_("enheter lest"), default=0)
    started_at = models.DateTimeField(_("startet"), null=True, blank=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    result = models.JSONField(_("resultat"), null=True, blank=True)
    error = models.TextField(_("feil"), blank=True)
    # The shared background job that runs it (portal.background.jobs): its progress bar, retries, the
    # coordinators' jobs page and the detection of a run whose worker died.
    job = models.ForeignKey("portal.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import fra Enhetsregisteret")
        verbose_name_plural = _("importer fra Enhetsregisteret")

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def percent(self):
        if self.status == ImportStatus.DONE:
            return 100
        if not self.file_size:
            return 0
        return min(99, int(self.bytes_read * 100 / self.file_size))

    @property
    def finished(self):
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    def as_json(self):
        """The progress in the shape static/js/jobs.js reads (portal.background.jobs.Job.as_json)."""
        state = {ImportStatus.DONE: "succeeded", ImportStatus.FAILED: "failed"}.get(self.status, self.status)
        return {
            "state": state, "state_label": str(self.get_status_display()), "finished": self.finished,
            # Per cent of the file's bytes read: the number of units is known only at the end.
            "done": self.percent, "total": 100, "percent": self.percent, "message": "", "error": self.error,
        }
