"""Reads for the mailing pages: who a segment reaches, the archive, a mailing's progress."""

import datetime

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from mailings.models import (
    ContactPreference,
    Mailing,
    MailingLanguage,
    Recipient,
    RecipientStatus,
    Segment,
    Suppression,
)
from organisations.models import ContactPerson, Organisation
from portal.text.collation import norwegian
from outreach.models import Contact
from panel.models import Attendance, InvitationStatus, MeetingKind
from grants.models import SENT_STATUSES, GrantApplication

SUPPRESSION_SALT = "mailings.suppression"


def normalise_address(address):
    return (address or "").strip().lower()


def address_hashes(address):
    """The address's suppression hash under the current secret key and every fallback key, so a
    key rotation does not quietly drop opt-outs (the first is the one stored)."""
    value = normalise_address(address)
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [salted_hmac(SUPPRESSION_SALT, value, secret=secret, algorithm="sha256").hexdigest() for secret in secrets]


def is_suppressed(address):
    return Suppression.objects.filter(address_hash__in=address_hashes(address)).exists()


def _months_before(day, months):
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    for candidate in range(day.day, 0, -1):  # 31 March − 1 month → 28/29 February
        try:
            return datetime.date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def segment_organisations(segment, *, today=None):
    """The active organisations the segment selects now (it is evaluated anew each time)."""
    organisations = Organisation.objects.active()
    if segment.kinds:
        organisations = organisations.filter(kind__in=segment.kinds)
    if segment.municipalities:
        organisations = organisations.filter(municipality__in=segment.municipalities)
    language_ids = [language.pk for language in segment.languages.all()]
    if language_ids:
        organisations = organisations.filter(
            Exists(Organisation.languages.through.objects.filter(organisation=OuterRef("pk"), language__in=language_ids))
        )
    activity_ids = [activity.pk for activity in segment.activities.all()]
    if activity_ids:
        organisations = organisations.filter(
            Exists(
                Organisation.activities.through.objects.filter(
                    organisation=OuterRef("pk"), activitycategory__in=activity_ids
                )
            )
        )
    if segment.attended_year:
        # A series' meetings are never panel meetings (docs/domain.md "series"): one or the other.
        if segment.attended_series_id:
            meetings = Q(meeting__series_id=segment.attended_series_id)
        else:
            meetings = Q(meeting__kind=MeetingKind.PANEL, meeting__series__isnull=True)
        organisations = organisations.filter(
            Exists(
                Attendance.objects.filter(meetings, organisation=OuterRef("pk"), meeting__date__year=segment.attended_year)
            )
        )
    if segment.not_contacted_months:
        since = _months_before(today or timezone.localdate(), segment.not_contacted_months)
        organisations = organisations.filter(
            ~Exists(Contact.objects.filter(organisation=OuterRef("pk"), date__gte=since))
        )
    if segment.invited_meeting_id:
        organisations = organisations.filter(
            invitations__meeting_id=segment.invited_meeting_id, invitations__status=InvitationStatus.INVITED
        )
    if segment.grant_round_id:
        # Applicants are those who sent an application (received, decided or withdrawn); a draft
        # is not yet an application (grants.models.SENT_STATUSES).

        organisations = organisations.filter(
            Exists(
                GrantApplication.objects.filter(
                    organisation=OuterRef("pk"), round_id=segment.grant_round_id, status__in=SENT_STATUSES
                )
            )
        )
    return organisations.order_by(norwegian("name"), "pk")


def receiving_persons(organisations):
    """Contact persons of these organisations whose e-mail may be used for mailings, who have not
    opted out and whose address is not suppressed, with their organisation (two queries)."""
    persons = (
        ContactPerson.objects.filter(
            organisation__in=organisations,
            mailing_preference__may_email=True,
            mailing_preference__opted_out_at__isnull=True,
        )
        .exclude(email="")
        .select_related("organisation__mailing_preference")
        .order_by(norwegian("organisation__name"), norwegian("name"), "pk")
    )
    persons = list(persons)
    hashes = {person.pk: address_hashes(person.email) for person in persons}
    wanted = {value for values in hashes.values() for value in values}
    suppressed = set(Suppression.objects.filter(address_hash__in=wanted).values_list("address_hash", flat=True))
    return [person for person in persons if not suppressed.intersection(hashes[person.pk])]


def organisation_language(organisation):
    """The organisation's preferred mailing language (Norwegian unless it chose English)."""
    try:
        return organisation.mailing_preference.language
    except Organisation.mailing_preference.RelatedObjectDoesNotExist:
        return MailingLanguage.NORWEGIAN


def segment_preview(segment, *, today=None):
    """What the segment reaches now: organisations, the persons who will receive, and the
    organisations it selects that nobody there may receive (no consent, opted out, no address)."""
    organisations = list(segment_organisations(segment, today=today))
    persons = receiving_persons([organisation.pk for organisation in organisations])
    reached = {person.organisation_id for person in persons}
    return {
        "organisations": organisations,
        "persons": persons,
        "organisations_reached": [organisation for organisation in organisations if organisation.pk in reached],
        "organisations_unreachable": [organisation for organisation in organisations if organisation.pk not in reached],
    }


def segment_list():
    return Segment.objects.prefetch_related("languages", "activities").select_related("invited_meeting", "grant_round__scheme")


def mailing_list():
    """The archive, newest first, with each mailing's recipient counts (one query)."""
    return Mailing.objects.select_related("created_by").annotate(
        recipient_count=Count("recipients"),
        delivered_count=Count("recipients", filter=Q(recipients__status=RecipientStatus.SENT)),
    )


def mailing_progress(mailing):
    """Counts per recipient status and the share done, from the recipient rows themselves."""
    counts = dict(
        Recipient.objects.filter(mailing=mailing).values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    total = sum(counts.values())
    pending = counts.get(RecipientStatus.PENDING, 0)
    done = total - pending
    return {
        "status": mailing.status,
        "status_label": str(mailing.get_status_display()),
        "total": total,
        "done": done,
        "sent": counts.get(RecipientStatus.SENT, 0),
        "failed": counts.get(RecipientStatus.FAILED, 0),
        "bounced": counts.get(RecipientStatus.BOUNCED, 0),
        "percent": int(100 * done / total) if total else (100 if mailing.status == "sent" else 0),
    }


def mailing_recipients(mailing):
    return (
        Recipient.objects.filter(mailing=mailing)
        .select_related("organisation", "person", "contact")
        .order_by(norwegian("organisation__name"), "pk")
    )


def mailing_organisations(mailing):
    """Per organisation: how many of its recipients got the mailing (for readers who may not see
    persons, council staff)."""
    return (
        Organisation.objects.filter(mailing_recipients__mailing=mailing)
        .annotate(
            recipients=Count("mailing_recipients", filter=Q(mailing_recipients__mailing=mailing)),
            delivered=Count(
                "mailing_recipients",
                filter=Q(mailing_recipients__mailing=mailing, mailing_recipients__status=RecipientStatus.SENT),
            ),
        )
        .order_by(norwegian("name"), "pk")
    )


def organisation_persons_with_preferences(organisation):
    """The organisation's contact persons with their mailing choices (one query)."""
    return list(organisation.contact_persons.select_related("mailing_preference").order_by(norwegian("name"), "pk"))


def person_preference(person):
    return ContactPreference.objects.filter(person=person).first()
