"""Mailings: e-mail to the organisations by segment, with consent and one-click opt-out.

Who may receive a mailing is decided per contact person (ContactPreference: the coordinator noted
that the person's e-mail may be used for mailings; the person may opt out at any time, which is
kept). An opt-out also leaves a Suppression: a keyed hash of the address, no name, no
organisation, dated to the day. It outlives the person's erasure on purpose — an objection to
mailings (GDPR art. 21(3)) must keep holding if the same address is registered again — but it
holds nothing that names or leads back to anyone unless one already has the address.

A Recipient row keeps no copy of an address or a name: it points at the contact person (set to
NULL when the person is erased) and the organisation, so erasing a person leaves the archive
with "an erased person at organisation X" and the outreach figures unchanged.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from organisations.models import ActivityCategory, ContactPerson, Kind, Language, Organisation
from portal.text.formatted import RichTextField
from portal.privacy.files import PrivateUploadTo, get_private_storage, served_content_type, validate_private_upload
from portal.db.timestamps import Timestamped


class MailingLanguage(models.TextChoices):
    NORWEGIAN = "nb", _("Norsk")
    ENGLISH = "en", _("Engelsk")


class Segment(Timestamped):
    """A saved selection of organisations, evaluated anew whenever it is used (a "smart group").

    Criteria left empty do not filter; the ones given must all hold, and within one criterion any
    of the chosen values will do (any of the kinds, any of the languages …).
    """

    name = models.CharField(_("navn"), max_length=200)
    kinds = models.JSONField(_("typer"), default=list, blank=True)
    languages = models.ManyToManyField(Language, blank=True, related_name="+", verbose_name=_("språk"))
    municipalities = models.JSONField(_("kommuner"), default=list, blank=True)
    activities = models.ManyToManyField(
        ActivityCategory, blank=True, related_name="+", verbose_name=_("aktiviteter")
    )
    attended_year = models.PositiveSmallIntegerField(
        _("deltok i året"), null=True, blank=True
    )
    attended_series = models.ForeignKey(
        "panel.MeetingSeries",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("møteserie (i stedet for Erfaringspanelet)"),
    )
    not_contacted_months = models.PositiveSmallIntegerField(
        _("ikke kontaktet på så mange måneder"), null=True, blank=True
    )
    invited_meeting = models.ForeignKey(
        "panel.Meeting",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invitert til møtet, men ikke svart"),
    )
    grant_round = models.ForeignKey(
        "grants.GrantRound",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("søkte i søknadsrunden"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("utvalg")
        verbose_name_plural = _("utvalg")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("mailings:segment_detail", args=[self.pk])

    def kind_labels(self):
        labels = dict(Kind.choices)
        return [str(labels.get(code, code)) for code in self.kinds]


class OptOutSource(models.TextChoices):
    LINK = "link", _("Avmeldingslenken i en utsendelse")
    COORDINATOR = "coordinator", _("Registrert av en koordinator")
    EDITOR = "editor", _("Registrert av organisasjonens redaktør")


class ContactPreference(models.Model):
    """Whether a contact person's e-mail may be used for mailings, and their opt-out."""

    person = models.OneToOneField(
        ContactPerson, on_delete=models.CASCADE, related_name="mailing_preference", verbose_name=_("kontaktperson")
    )
    may_email = models.BooleanField(_("e-post kan brukes til utsendelser"), default=False)
    consent_noted_on = models.DateField(_("samtykke registrert"), null=True, blank=True)
    consent_noted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    opted_out_at = models.DateTimeField(_("meldt av"), null=True, blank=True)
    opted_out_source = models.CharField(
        _("avmeldt via"), max_length=16, choices=OptOutSource.choices, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("utsendelsesvalg for kontaktperson")
        verbose_name_plural = _("utsendelsesvalg for kontaktpersoner")

    def __str__(self):
        return str(self.person)

    @property
    def receives_mailings(self):
        return self.may_email and self.opted_out_at is None


class Suppression(models.Model):
    """An address that opted out, as a keyed hash only (see the module docstring)."""

    address_hash = models.CharField(max_length=64, unique=True)
    created_on = models.DateField(_("dato"))

    class Meta:
        verbose_name = _("sperret adresse")
        verbose_name_plural = _("sperrede adresser")

    def __str__(self):
        return f"{self.address_hash[:12]}… ({self.created_on})"


class OrganisationPreference(models.Model):
    """The language an organisation prefers its mailings in."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="mailing_preference", verbose_name=_("organisasjon")
    )
    language = models.CharField(
        _("språk for utsendelser"), max_length=2, choices=MailingLanguage.choices, default=MailingLanguage.NORWEGIAN
    )

    class Meta:
        verbose_name = _("utsendelsesspråk")
        verbose_name_plural = _("utsendelsesspråk")

    def __str__(self):
        return f"{self.organisation}: {self.get_language_display()}"


class MailingStatus(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    QUEUED = "queued", _("I kø")
    SENDING = "sending", _("Sendes")
    SENT = "sent", _("Sendt")


class Mailing(Timestamped):
    segment = models.ForeignKey(
        Segment, on_delete=models.SET_NULL, null=True, blank=False, related_name="mailings", verbose_name=_("utvalg")
    )
    # Kept so the archive says whom it went to even if the segment is later renamed or removed.
    segment_name = models.CharField(_("utvalg"), max_length=200, blank=True)
    subject = models.CharField(_("emne"), max_length=200)
    # Written in the same editor as minutes (portal.text.formatted): paragraphs and line breaks reach the recipients.
    body = RichTextField(_("tekst"))
    subject_en = models.CharField(_("emne på engelsk"), max_length=200, blank=True)
    body_en = RichTextField(_("tekst på engelsk"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MailingStatus.choices, default=MailingStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    queued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    queued_at = models.DateTimeField(_("sendt av gårde"), null=True, blank=True)
    finished_at = models.DateTimeField(_("ferdig sendt"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("utsendelse")
        verbose_name_plural = _("utsendelser")

    def __str__(self):
        return self.subject

    def get_absolute_url(self):
        return reverse("mailings:mailing_detail", args=[self.pk])

    @property
    def is_draft(self):
        return self.status == MailingStatus.DRAFT

    @property
    def has_english(self):
        return bool(self.subject_en.strip() and self.body_en.strip())


class MailingAttachment(models.Model):
    """A file sent with a mailing: a private file (portal.privacy.files), served to staff by a view that
    checks the role, never from the public media root."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("utsendelse"))
    file = models.FileField(
        _("fil"),
        upload_to=PrivateUploadTo("mailings/attachments"),
        storage=get_private_storage,
        max_length=255,
        validators=[validate_private_upload],
    )
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")

    def __str__(self):
        return self.filename

    @property
    def filename(self):
        return self.file.name.rsplit("/", 1)[-1]

    @property
    def content_type(self):
        return served_content_type(self.filename)


class RecipientStatus(models.TextChoices):
    PENDING = "pending", _("Venter")
    SENT = "sent", _("Levert")
    FAILED = "failed", _("Feilet")
    BOUNCED = "bounced", _("Returnert")


class Recipient(models.Model):
    """One contact person a mailing went (or goes) to. No address or name is copied here."""

    mailing = models.ForeignKey(Mailing, on_delete=models.CASCADE, related_name="recipients", verbose_name=_("utsendelse"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="mailing_recipients", verbose_name=_("organisasjon")
    )
    person = models.ForeignKey(
        ContactPerson,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mailing_recipients",
        verbose_name=_("kontaktperson"),
    )
    language = models.CharField(_("språk"), max_length=2, choices=MailingLanguage.choices, default=MailingLanguage.NORWEGIAN)
    status = models.CharField(_("status"), max_length=12, choices=RecipientStatus.choices, default=RecipientStatus.PENDING)
    sent_at = models.DateTimeField(_("levert"), null=True, blank=True)
    error = models.CharField(_("feil"), max_length=500, blank=True)
    bounced_at = models.DateTimeField(_("returnert"), null=True, blank=True)
    replied_at = models.DateTimeField(_("svar registrert"), null=True, blank=True)
    # The contact-log entry this delivery made (one per organisation and mailing).
    contact = models.ForeignKey(
        "outreach.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["organisation__name", "pk"]
        verbose_name = _("mottaker")
        verbose_name_plural = _("mottakere")
        constraints = [
            models.UniqueConstraint(
                fields=["mailing", "person"], condition=Q(person__isnull=False), name="mailing_recipient_once"
            )
        ]
        indexes = [models.Index(fields=["mailing", "status"])]

    def __str__(self):
        return f"{self.mailing} → {self.organisation}"
