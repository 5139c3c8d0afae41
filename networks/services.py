"""Writes of the relationships and the agreement register."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Agreement, AgreementParty, Relationship, RelationshipProposal
from organisations.models import ContactPerson, ModerationStatus
from organisations.services import absolute_url
from portal.privacy import erasure


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
    proposal.save()
    _mail_decision(proposal, reviewer=reviewer)


def _mail_decision(proposal, *, reviewer):
    """The decision to whoever sent the proposal in (else the organisation's editors), queued as a
    job after the commit: a mail failure never undoes the decision."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from django.urls import reverse
    from django.utils import translation

    from portal.output import mail

    submitted_by = proposal.submitted_by
    to = [submitted_by.email] if submitted_by is not None and submitted_by.email else [
        user.email for user in proposal.organisation.editors.all() if user.email
    ]
    if not to:
        return
    with translation.override(settings.LANGUAGE_CODE):  # the portal's e-mails are in Norwegian
        what = f"{proposal.organisation.name}: {proposal.get_kind_display().lower()} {proposal.other.name}"
        approved = proposal.is_approved
        subject = _("Forslaget om en forbindelse er godkjent") if approved else _("Forslaget om en forbindelse er ikke godkjent")
        body = render_to_string("networks/email/proposal_decision.txt", {
            "approved": approved, "what": what, "message": proposal.review_message,
            "link": absolute_url(reverse("networks:editor_networks", args=[proposal.organisation.slug])),
        })
        mail.queue(subject=str(subject), body=body, to=to, owner=reviewer, about=proposal,
                   label=_("E-post: %(subject)s") % {"subject": mail.header_safe(subject, max_length=150)})


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
    return proposal


@transaction.atomic
def relationship_proposal_reject(*, proposal, reviewer, message):
    proposal = RelationshipProposal.objects.select_for_update().get(pk=proposal.pk)
    if not proposal.is_pending:
        raise ValidationError(_("Dette er allerede behandlet."))
    _decided(proposal, reviewer=reviewer, status=ModerationStatus.REJECTED, message=message)
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


# An agreement's text may name the people who signed it: erasing a contact person reaches it.
@erasure.shredder(ContactPerson)
def contact_person_shred(*, person):
    """Erasure's part here (portal.privacy.erasure): the person's name, e-mail and phone out of the text of
    every agreement their organisation is a party to. Written with update(): no audit entry copies
    the old text again."""
    from portal.privacy import erasure

    values = erasure.person_values(person)
    for agreement in Agreement.objects.filter(links__organisation_id=person.organisation_id).only("pk", "title", "text"):
        title, text = erasure.redact(agreement.title, values), erasure.redact(agreement.text, values)
        if (title, text) != (agreement.title, agreement.text):
            Agreement.objects.filter(pk=agreement.pk).update(title=title[:200], text=text)
