"""Writes of the regular offers."""

from django.db import transaction
from django.utils import timezone

from offers.models import OfferPause
from organisations.models import ModerationStatus


def _save(*, form, organisation):
    offer = form.save(commit=False)
    offer.organisation = organisation
    offer.save()
    form.save_m2m()
    offer_set_pauses(offer=offer, pauses=form.cleaned_data.get("pauses") or [])
    return offer


@transaction.atomic
def offer_submit(*, form, organisation, user):
    """The editor's new or changed offer waits for a coordinator. A changed approved offer leaves
    the public pages until it is approved again, as an event does: what is public is always what
    a coordinator approved."""
    offer = form.instance
    offer.status = ModerationStatus.PENDING
    offer.submitted_by, offer.submitted_at = user, timezone.now()
    offer.reviewed_by, offer.reviewed_at, offer.review_message = None, None, ""
    return _save(form=form, organisation=organisation)


@transaction.atomic
def offer_save_by_coordinator(*, form, organisation, user):
    """A coordinator's own offer (for a municipal service, or on an organisation's behalf) is
    public at once, as the coordinators' other edits are."""
    offer = form.instance
    now = timezone.now()
    if offer.pk is None:
        offer.submitted_by, offer.submitted_at = user, now
    offer.status = ModerationStatus.APPROVED
    offer.reviewed_by, offer.reviewed_at, offer.review_message = user, now, ""
    return _save(form=form, organisation=organisation)


def offer_set_pauses(*, offer, pauses):
    """Make the offer's pauses exactly `pauses`, [(starts_on, ends_on)]."""
    wanted = sorted(set(pauses))
    current = {(pause.starts_on, pause.ends_on): pause for pause in offer.pauses.all()}
    for key, pause in current.items():
        if key not in wanted:
            pause.delete()
    for starts_on, ends_on in wanted:
        if (starts_on, ends_on) not in current:
            OfferPause.objects.create(offer=offer, starts_on=starts_on, ends_on=ends_on)


def offer_delete(*, offer):
    offer.delete()
