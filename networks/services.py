"""Writes of the relationships and the agreement register."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Agreement, AgreementParty, Relationship, RelationshipProposal
from organisations.models import ModerationStatus


def relationship_save_form(*, form):
    return form.save()


def relationship_delete(*, relationship):
    relationship.delete()


def relationship_propose(*, form, organisation, user):
    """An editor's proposal for their own organisation, waiting for a coordinator."""
    proposal = form.save(commit=False)
    proposal.organisation, proposal.submitted_by = organisation, user
    proposal.save()
    return proposal


def _decided(proposal, *, reviewer, status, message=""):
    proposal.status, proposal.reviewed_by, proposal.reviewed_at, proposal.review_message = (
        status, reviewer, timezone.now(), message
    )


@transaction.atomic
def relationship_proposal_approve(*, proposal, reviewer):
    """The proposal becomes a relationship, once; refused (ValidationError) when it is decided
    already or the relationship is already recorded, either way round."""
    proposal = RelationshipProposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_pending:
        raise ValidationError(_("Dette er allerede behandlet."))
    first, kind, second = proposal.as_relationship()
    current = Relationship.objects.filter(ends_on__isnull=True).filter(
        Q(organisation=first, kind=kind, other=second) | Q(organisation=second, other=first)
    )
    if current.exists():
        raise ValidationError(_("Denne forbindelsen er allerede registrert."))
    proposal.relationship = Relationship.objects.create(
        organisation=first, kind=kind, other=second, starts_on=proposal.starts_on
    )
    _decided(proposal, reviewer=reviewer, status=ModerationStatus.APPROVED)
    proposal.save()
    return proposal


@transaction.atomic
def relationship_proposal_reject(*, proposal, reviewer, message):
    proposal = RelationshipProposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_pending:
        raise ValidationError(_("Dette er allerede behandlet."))
    _decided(proposal, reviewer=reviewer, status=ModerationStatus.REJECTED, message=message)
    proposal.save()
    return proposal


def agreement_set_parties(*, agreement, parties):
    wanted = {organisation.pk for organisation in parties}
    AgreementParty.objects.filter(agreement=agreement).exclude(organisation_id__in=wanted).delete()
    have = set(AgreementParty.objects.filter(agreement=agreement).values_list("organisation_id", flat=True))
    for organisation_id in sorted(wanted - have):
        AgreementParty.objects.create(agreement=agreement, organisation_id=organisation_id)


@transaction.atomic
def agreement_save_form(*, form):
    agreement = form.save()
    agreement_set_parties(agreement=agreement, parties=form.cleaned_data["parties"])
    return agreement


def agreement_delete(*, agreement):
    agreement.delete()


def contact_person_shred(*, person):
    """Erasure's part here (portal.erasure): the person's name, e-mail and phone out of the text of
    every agreement their organisation is a party to. Written with update(): no audit entry copies
    the old text again."""
    from portal import erasure

    values = erasure.person_values(person)
    for agreement in Agreement.objects.filter(links__organisation_id=person.organisation_id).only("pk", "title", "text"):
        title, text = erasure.redact(agreement.title, values), erasure.redact(agreement.text, values)
        if (title, text) != (agreement.title, agreement.text):
            Agreement.objects.filter(pk=agreement.pk).update(title=title[:200], text=text)
