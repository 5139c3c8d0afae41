"""The outreach log: contacts with organisations, guidance given and invitations to their events.

Persons appear only as organisations.ContactPerson (no ethnic or religious attribute, docs/domain.md
"Privacy") or, for guidance to someone without an organisation, as a name and a way to answer.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.models import ContactPerson, Organisation
from portal.db.timestamps import Timestamped


class Channel(models.TextChoices):
    EMAIL = "email", _("E-post")
    PHONE = "phone", _("Telefon")
    SMS = "sms", _("SMS")
    MEETING = "meeting", _("Møte")
    VISIT = "visit", _("Besøk")
    OTHER = "other", _("Annet")


class Direction(models.TextChoices):
    OUTGOING = "outgoing", _("Vi tok kontakt")
    INCOMING = "incoming", _("De tok kontakt")


class Outcome(models.TextChoices):
    NO_RESPONSE = "no_response", _("Ikke svar")
    RESPONDED = "responded", _("Svar")
    MET = "met", _("Møtt")


# docs/domain.md outreach.organisations_responded: these outcomes count as a response.
RESPONDED_OUTCOMES = (Outcome.RESPONDED, Outcome.MET)


class ContactStatus(models.TextChoices):
    """Where the portal stands with an organisation, derived from the outreach log and panel
    attendance, never typed by hand (outreach.selectors.with_contact_status has the rule)."""

    NOT_CONTACTED = "not_contacted", _("Ikke kontaktet")
    CONTACTED = "contacted", _("Kontaktet")
    IN_DIALOGUE = "in_dialogue", _("I dialog")
    INACTIVE = "inactive", _("Inaktiv")


class Contact(Timestamped):
    """One logged contact with an organisation (an e-mail, a call, a meeting …)."""

    date = models.DateField(_("dato"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="outreach_contacts", verbose_name=_("organisasjon")
    )
    channel = models.CharField(_("kanal"), max_length=12, choices=Channel.choices, default=Channel.EMAIL)
    direction = models.CharField(
        _("hvem tok kontakt"), max_length=12, choices=Direction.choices, default=Direction.OUTGOING
    )
    outcome = models.CharField(_("resultat"), max_length=12, choices=Outcome.choices, default=Outcome.NO_RESPONSE)
    persons_met = models.ManyToManyField(
        ContactPerson, blank=True, related_name="outreach_contacts", verbose_name=_("personer møtt")
    )
    # People met in person who are not recorded as contact persons; an erased person lands here
    # too, so the year's "people met" stays the same after erasure.
    head_count = models.PositiveIntegerField(
        _("antall andre personer møtt"),
        default=0,
        help_text=_("Personer møtt som ikke er registrert som kontaktpersoner."),
    )
    note = models.TextField(_("notat"), blank=True)
    follow_up_on = models.DateField(_("følg opp"), null=True, blank=True)
    follow_up_done = models.BooleanField(_("oppfølging utført"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("kontakt")
        verbose_name_plural = _("kontakter")
        indexes = [
            models.Index(fields=["date"]),
            models.Index(fields=["organisation", "date"]),
            models.Index(fields=["follow_up_done", "follow_up_on"]),
        ]

    def __str__(self):
        return f"{self.organisation} {self.date:%d.%m.%Y} ({self.get_channel_display()})"


class GuidanceTopic(models.TextChoices):
    GRANT_APPLICATION = "grant_application", _("Tilskuddssøknad")
    PREMISES = "premises", _("Lokaler")
    MUNICIPAL_SERVICES = "municipal_services", _("Finne fram i kommunale tjenester")
    COOPERATION = "cooperation", _("Samarbeid og kontakter")
    OTHER = "other", _("Annet")


class GuidanceStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("guidance", "Ny")
    IN_PROGRESS = "in_progress", _("Under arbeid")
    DONE = "done", _("Avsluttet")


# What stays of a person without organisation after erasure: the case is still counted.
ERASED_PERSON = "–"


class Guidance(Timestamped):
    """Help given on request. Asked by an organisation (a municipal service is an organisation of
    that kind) or by a person without organisation, of whom only a name and a way to answer are kept."""

    date = models.DateField(_("dato"))
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guidance",
        verbose_name=_("organisasjon eller kommunal virksomhet"),
    )
    person_name = models.CharField(_("navn (person uten organisasjon)"), max_length=200, blank=True)
    person_reply_to = models.CharField(
        _("svares på (e-post eller telefon)"), max_length=200, blank=True
    )
    topic = models.CharField(_("tema"), max_length=24, choices=GuidanceTopic.choices, default=GuidanceTopic.OTHER)
    request = models.TextField(_("hva det gjelder"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=GuidanceStatus.choices, default=GuidanceStatus.OPEN)
    minutes_spent = models.PositiveIntegerField(_("tid brukt (minutter)"), default=0)
    outcome = models.TextField(_("resultat"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("veiledning")
        verbose_name_plural = _("veiledninger")
        indexes = [models.Index(fields=["date"])]
        constraints = [
            # Either an organisation, or a named person without one (and then nothing else about them).
            models.CheckConstraint(
                condition=(
                    Q(organisation__isnull=False, person_name="", person_reply_to="")
                    | (Q(organisation__isnull=True) & ~Q(person_name=""))
                ),
                name="guidance_asked_by_organisation_or_person",
            ),
        ]

    def __str__(self):
        return f"{self.asked_by} {self.date:%d.%m.%Y} ({self.get_topic_display()})"

    @property
    def holds_person_data(self):
        """A person without organisation whose name or reply address is still stored."""
        return not self.organisation_id and (self.person_name not in ("", ERASED_PERSON) or bool(self.person_reply_to))

    @property
    def asked_by(self):
        return self.organisation.name if self.organisation_id else self.person_name


class InvitationResponse(models.TextChoices):
    PENDING = "pending", _("Ikke besvart")
    ATTENDED = "attended", _("Deltok")
    DECLINED = "declined", _("Takket nei")


class EventInvitation(Timestamped):
    """An organisation's event (a celebration, a members' meeting …) the coordinators were invited to."""

    date = models.DateField(_("dato"))
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="event_invitations", verbose_name=_("organisasjon")
    )
    title = models.CharField(_("arrangement"), max_length=200)
    response = models.CharField(
        _("svar"), max_length=12, choices=InvitationResponse.choices, default=InvitationResponse.PENDING
    )
    note = models.TextField(_("notat"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrert av"),
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("invitasjon til arrangement")
        verbose_name_plural = _("invitasjoner til arrangementer")
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.title} – {self.organisation} ({self.date:%d.%m.%Y})"
