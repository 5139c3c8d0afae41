"""Writes to the outreach log."""

from django.db import transaction
from django.db.models import F

from organisations.models import ContactPerson
from outreach.models import ERASED_PERSON, Contact, Guidance, Outcome
from portal.privacy import erasure


@transaction.atomic
def contact_save_form(*, form, user=None):
    """Save a contact form (with its persons met); the author is recorded on creation."""
    contact = form.save(commit=False)
    if contact.pk is None and user is not None and user.is_authenticated:
        contact.created_by = user
    if "follow_up_on" in form.changed_data:
        # A new follow-up date is a new task, even when the previous one was done.
        contact.follow_up_done = False
    contact.save()
    form.save_m2m()
    return contact


def record_save_form(*, form, user=None):
    """Save a guidance or invitation form; the author is recorded on creation."""
    record = form.save(commit=False)
    if record.pk is None and user is not None and user.is_authenticated:
        record.created_by = user
    record.save()
    return record


def contact_complete_follow_up(*, contact):
    contact.follow_up_done = True
    contact.save(update_fields=["follow_up_done", "updated_at"])


@erasure.shredder(ContactPerson)
def contact_person_shred(*, person):
    """The outreach log's part of erasing a contact person (portal.privacy.erasure.erase, which then
    deletes the person): the figures are kept, for every year the person was met in one of that
    year's contacts gains one anonymous head (people_met counts a person once a year, so one per
    year — not one per contact — keeps every year's figure unchanged)."""
    met_contacts = (
        Contact.objects.select_for_update()
        .filter(persons_met=person, outcome=Outcome.MET)
        .order_by("date", "pk")
    )
    first_per_year = {}
    for contact in met_contacts:
        first_per_year.setdefault(contact.date.year, contact.pk)
    if first_per_year:
        Contact.objects.filter(pk__in=first_per_year.values()).update(head_count=F("head_count") + 1)


def guidance_erase_person(*, guidance, actor=None):
    """Forget the person without organisation who asked for guidance, through the one erasure
    service (portal.privacy.erasure.erase): the name and reply address, their trace in the case's text
    and in the audit trail. The case stays in the year's guidance figures."""
    from portal.privacy import erasure

    if guidance.organisation_id is not None:
        return
    erasure.erase(guidance, actor=actor)


@erasure.shredder(Guidance)
def guidance_person_shred(*, person):
    """The guidance log's part of erasing the person in a case (`person` is the Guidance): the
    name and reply address blanked, and wherever the case's own text names them, redacted."""
    from portal.privacy import erasure

    values = erasure.person_values(person)
    Guidance.objects.filter(pk=person.pk).update(
        person_name=ERASED_PERSON,
        person_reply_to="",
        request=erasure.redact(person.request, values),
        outcome=erasure.redact(person.outcome, values),
    )


# --- Contacts logged by other parts of the portal (mailings) ----------------------------------


def contact_log(*, organisation, date, channel, outcome, note="", user=None):
    """Log one contact that happened elsewhere in the portal (an e-mail a mailing delivered)."""
    return Contact.objects.create(
        organisation=organisation,
        date=date,
        channel=channel,
        outcome=outcome,
        note=note,
        created_by=user if user is not None and user.is_authenticated else None,
    )


def contact_mark_responded(*, contact):
    """A reply came: a contact without response becomes `responded` (a `met` one stays met)."""
    contact.refresh_from_db(fields=["outcome"])
    if contact.outcome == Outcome.NO_RESPONSE:
        contact.outcome = Outcome.RESPONDED
        contact.save(update_fields=["outcome", "updated_at"])


def contact_withdraw_unanswered(*, contact):
    """Remove a logged contact that did not happen after all (every e-mail of it bounced), as
    long as no one has recorded an answer on it."""
    contact.refresh_from_db(fields=["outcome"])
    if contact.outcome == Outcome.NO_RESPONSE:
        contact.delete()
