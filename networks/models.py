"""Networks and agreements (docs/domain.md "Networks and agreements"): how organisations belong
together (member of an umbrella, local branch of a national organisation, partners), and the
register of agreements between organisations and municipal services.

A relationship is one record read from both sides: "A is a member of B" is B's "member A" on B's
listing. Municipal services are organisations of kind municipal_service, so an agreement's parties
are organisations of any kind."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from activities.models import Activity
from organisations.models import Event, Moderated, Organisation
from panel.models import Meeting
from portal.text.formatted import RichTextField
from portal.db.timestamps import Timestamped


class RelationshipKind(models.TextChoices):
    # Read from the first organisation: "A is … B".
    MEMBER = "member", _("medlem av")
    BRANCH = "branch", _("lokallag av")
    PARTNER = "partner", _("samarbeidspartner med")


# How each side of a relationship names the other, as a listing's heading.
FROM_LABELS = {
    RelationshipKind.MEMBER: _("Medlem av"),
    RelationshipKind.BRANCH: _("Lokallag av"),
    RelationshipKind.PARTNER: _("Samarbeidspartnere"),
}
TO_LABELS = {
    RelationshipKind.MEMBER: _("Paraply for"),
    RelationshipKind.BRANCH: _("Moderorganisasjon for"),
    RelationshipKind.PARTNER: _("Samarbeidspartnere"),
}


class Relationship(Timestamped):
    """`organisation` is `kind` `other`: member of (the other is its umbrella), local branch of
    (the other is its parent), or partner of (the same both ways)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="relationships_from", verbose_name=_("organisasjon")
    )
    kind = models.CharField(_("forbindelse"), max_length=16, choices=RelationshipKind.choices, default=RelationshipKind.MEMBER)
    other = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="relationships_to", verbose_name=_("den andre organisasjonen")
    )
    starts_on = models.DateField(_("fra"), null=True, blank=True, help_text=_("Tom: fra før portalen."))
    ends_on = models.DateField(_("til"), null=True, blank=True, help_text=_("Tom: gjelder fortsatt."))
    note = models.TextField(_("merknad"), blank=True, help_text=_("Kun synlig for koordinatorer og kommuneansatte."))

    class Meta:
        ordering = ["other__name", "organisation__name", "pk"]
        verbose_name = _("forbindelse mellom organisasjoner")
        verbose_name_plural = _("forbindelser mellom organisasjoner")
        constraints = [
            models.CheckConstraint(
                condition=~Q(organisation=F("other")),
                name="relationship_between_two_organisations",
                violation_error_message=_("En organisasjon kan ikke ha en forbindelse med seg selv."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="relationship_ends_after_it_starts",
                violation_error_message=_("Forbindelsen må slutte samme dag eller senere enn den starter."),
            ),
            # One current relationship of a kind between two organisations (an ended one may be
            # followed by a new one).
            models.UniqueConstraint(
                fields=["organisation", "kind", "other"],
                condition=Q(ends_on__isnull=True),
                name="relationship_current_once",
                violation_error_message=_("Denne forbindelsen er allerede registrert."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.get_kind_display()} {self.other}"


class ProposedKind(models.TextChoices):
    # Read from the proposing organisation: "we are …".
    MEMBER_OF = "member_of", _("Vi er medlem av")
    UMBRELLA_FOR = "umbrella_for", _("Vi er paraply for")
    BRANCH_OF = "branch_of", _("Vi er lokallag av")
    PARENT_OF = "parent_of", _("Vi er moderorganisasjon for")
    PARTNER_OF = "partner_of", _("Vi samarbeider med")


# A proposal's kind as a relationship: its kind, and whether the proposing organisation is its
# first side ("we are members of X" is us → X; "we are the umbrella for X" is X → us).
PROPOSED_AS = {
    ProposedKind.MEMBER_OF: (RelationshipKind.MEMBER, True),
    ProposedKind.UMBRELLA_FOR: (RelationshipKind.MEMBER, False),
    ProposedKind.BRANCH_OF: (RelationshipKind.BRANCH, True),
    ProposedKind.PARENT_OF: (RelationshipKind.BRANCH, False),
    ProposedKind.PARTNER_OF: (RelationshipKind.PARTNER, True),
}


class RelationshipProposal(Moderated):
    """A relationship an organisation's editor proposes for their own organisation; a coordinator
    approves it (it becomes a Relationship) or rejects it with a message."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="relationship_proposals", verbose_name=_("organisasjon")
    )
    kind = models.CharField(_("forbindelse"), max_length=16, choices=ProposedKind.choices, default=ProposedKind.MEMBER_OF)
    other = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("den andre organisasjonen")
    )
    starts_on = models.DateField(_("fra"), null=True, blank=True, help_text=_("Tom: vet ikke, eller fra før."))
    message = models.TextField(_("melding til koordinatoren"), blank=True, max_length=2000)
    relationship = models.ForeignKey(
        Relationship, on_delete=models.SET_NULL, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("forbindelsen det ble"),
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("forslag til forbindelse")
        verbose_name_plural = _("forslag til forbindelser")
        constraints = [
            models.CheckConstraint(
                condition=~Q(organisation=F("other")),
                name="relationship_proposal_between_two_organisations",
                violation_error_message=_("En organisasjon kan ikke ha en forbindelse med seg selv."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "kind", "other"], condition=Q(status="pending"), name="relationship_proposal_pending_once",
                violation_error_message=_("Dette forslaget venter allerede på godkjenning."),
            ),
        ]

    def __str__(self):
        return f"{self.organisation}: {self.get_kind_display()} {self.other}"

    def as_relationship(self):
        """(first organisation, kind, other organisation) of the relationship it proposes."""
        kind, ours_first = PROPOSED_AS[self.kind]
        return (self.organisation, kind, self.other) if ours_first else (self.other, kind, self.organisation)


class Agreement(Timestamped):
    """An agreement between two or more parties (organisations and municipal services): what is
    agreed, from when to when, and the meeting or event it was made at, if any."""

    title = models.CharField(_("tittel"), max_length=200, help_text=_("Kort: hva avtalen gjelder."))
    text = RichTextField(_("hva er avtalt"), blank=True)
    starts_on = models.DateField(_("fra"))
    ends_on = models.DateField(_("til"), null=True, blank=True, help_text=_("Tom: gjelder til den sies opp."))
    parties = models.ManyToManyField(
        Organisation, through="AgreementParty", related_name="agreements", verbose_name=_("parter")
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="agreements",
        verbose_name=_("inngått på møte"),
    )
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="agreements",
        verbose_name=_("inngått på aktivitet"),
    )
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="agreements",
        verbose_name=_("inngått på arrangement"),
    )

    class Meta:
        ordering = ["-starts_on", "title", "pk"]
        verbose_name = _("avtale")
        verbose_name_plural = _("avtaler")
        indexes = [models.Index(fields=["starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="agreement_ends_after_it_starts",
                violation_error_message=_("Avtalen må slutte samme dag eller senere enn den starter."),
            ),
            # Made at one place at most: a meeting, an activity or an organisation's event.
            models.CheckConstraint(
                condition=(
                    Q(meeting__isnull=True, activity__isnull=True)
                    | Q(meeting__isnull=True, event__isnull=True)
                    | Q(activity__isnull=True, event__isnull=True)
                ),
                name="agreement_made_at_one_place",
                violation_error_message=_("Velg høyst ett møte, én aktivitet eller ett arrangement."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def made_at(self):
        return self.meeting or self.activity or self.event


class AgreementParty(models.Model):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="links", verbose_name=_("avtale"))
    # PROTECT: an agreement never silently loses a party; archive the organisation instead.
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="agreement_links", verbose_name=_("part")
    )

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("part i avtale")
        verbose_name_plural = _("parter i avtaler")
        constraints = [models.UniqueConstraint(fields=["agreement", "organisation"], name="agreement_party_once")]

    def __str__(self):
        return f"{self.organisation} – {self.agreement}"
