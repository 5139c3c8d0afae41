"""Writes to the panel that span more than one row."""

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Organisation
from organisations.services import organisation_get_or_create_by_name
from panel.calendar import meeting_ics
from panel.models import CLOSED_INPUT_STATUSES, Attendance, Guest, InputStatus, Invitation, Meeting, MeetingKind, MeetingSeries, Topic
from portal import mail
from portal.sanitize import clean_richtext


def topics_from_names(names):
    """The topics of these names (any case), created when new."""
    topics = []
    for name in names:
        name = name.strip()
        if not name:
            continue
        topic = Topic.objects.filter(name__iexact=name).first() or Topic.objects.create(name=name)
        if topic not in topics:
            topics.append(topic)
    return topics


def series_unique_slug(name, exclude_pk=None):
    from django.utils.text import slugify

    from organisations.search import fold

    base = slugify(fold(name))[:200] or "moteserie"
    slug, n = base, 2
    taken = MeetingSeries.objects.exclude(pk=exclude_pk) if exclude_pk else MeetingSeries.objects.all()
    while taken.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def series_save_form(*, form):
    series = form.save(commit=False)
    if not series.slug:
        series.slug = series_unique_slug(series.name, exclude_pk=series.pk)
    series.save()
    form.save_m2m()
    return series


def series_get_or_create_by_name(name):
    """The series of this name (any case), created when new (meetings.csv: "created if new")."""
    name = name.strip()
    series = MeetingSeries.objects.filter(name__iexact=name).first()
    if series is None:
        series = MeetingSeries.objects.create(name=name, slug=series_unique_slug(name))
    return series


def meeting_set_series(meeting, series):
    """A meeting's kind follows its series: none = the panel, else a series meeting."""
    meeting.series = series
    if series is not None:
        meeting.kind = MeetingKind.SERIES
    elif meeting.kind == MeetingKind.SERIES:
        meeting.kind = MeetingKind.PANEL


@transaction.atomic
def meeting_save_form(*, form):
    meeting = form.save(commit=False)
    if "series" in form.cleaned_data:
        meeting_set_series(meeting, form.cleaned_data["series"])
    meeting.minutes = clean_richtext(meeting.minutes)
    meeting.save()
    form.save_m2m()
    if "new_topics" in form.cleaned_data:
        meeting.topics.add(*topics_from_names(form.cleaned_data["new_topics"]))
    return meeting


def meeting_save_minutes(*, form):
    meeting = form.save(commit=False)
    meeting.minutes = clean_richtext(meeting.minutes)
    meeting.save(update_fields=["minutes", "minutes_sent_to", "minutes_sent_on", "updated_at"])
    return meeting


def guest_add(*, meeting, name, unit=""):
    return Guest.objects.create(meeting=meeting, name=name.strip(), unit=unit.strip())


HEAD_COUNT_FIELDS = ("coordinators_count", "students_count", "guests_count", "others_count")


@transaction.atomic
def meeting_register_attendance(*, meeting, changes, head_counts=None):
    """Save only what the user changed at the door.

    changes: {organisation_id: participants or None}, holding only the rows whose value differs
    from the one the page showed; None or 0 removes the organisation's attendance. Untouched rows
    are never written, so two coordinators registering different organisations at the same
    time keep each other's entries (update_or_create on the unique (meeting, organisation)).
    head_counts: {field: value} for the other categories, again only the changed ones.
    """
    saved = removed = 0
    # A row for an organisation deleted meanwhile (or a tampered field name) is skipped.
    known = set(Organisation.objects.filter(pk__in=list(changes)).values_list("pk", flat=True))
    for organisation_id, participants in changes.items():
        if organisation_id not in known:
            continue
        if participants:
            Attendance.objects.update_or_create(
                meeting=meeting, organisation_id=organisation_id, defaults={"participants": participants}
            )
            saved += 1
        else:
            removed += Attendance.objects.filter(meeting=meeting, organisation_id=organisation_id).delete()[0]
    if head_counts:
        fields = {name: value for name, value in head_counts.items() if name in HEAD_COUNT_FIELDS}
        if fields:
            # update() writes these columns only: another coordinator's other counts stay.
            Meeting.objects.filter(pk=meeting.pk).update(**fields, updated_at=timezone.now())
    return saved, removed


@transaction.atomic
def meeting_add_organisation(*, meeting, name, kind, participants):
    """A new (or forgotten) organisation registered at the door, with its attendance."""
    organisation, created = organisation_get_or_create_by_name(name=name, kind=kind)
    Attendance.objects.update_or_create(
        meeting=meeting, organisation=organisation, defaults={"participants": participants}
    )
    return organisation, created


def invitation_recipients(organisation):
    """Where an invitation goes: the contact persons' addresses, else the organisation's own."""
    addresses = [person.email for person in organisation.contact_persons.all() if person.email]
    if not addresses and organisation.email:
        addresses = [organisation.email]
    return addresses


def invitations_send(*, meeting, organisations, send_email=True, message="", on_progress=None):
    """Invite organisations (already invited ones are kept as they are, and not mailed twice
    unless they never got a mail). Returns (invited, mailed, without_address).

    The page sends the e-mails in a background job (panel.tasks.send_invitations), which
    passes `on_progress(done, total)`; each e-mail is recorded as sent as soon as it is."""
    organisations = list(
        Organisation.objects.filter(pk__in=[o.pk for o in organisations]).prefetch_related("contact_persons")
    )
    existing = {inv.organisation_id: inv for inv in Invitation.objects.filter(meeting=meeting)}
    ics = meeting_ics(meeting) if send_email else None
    invited = mailed = without_address = 0
    for done, organisation in enumerate(organisations):
        if on_progress is not None:
            on_progress(done, len(organisations))
        invitation = existing.get(organisation.pk)
        if invitation is None:
            invitation, _created = Invitation.objects.get_or_create(meeting=meeting, organisation=organisation)
            invited += 1
        if not send_email or invitation.sent_at:
            continue
        recipients = invitation_recipients(organisation)
        if not recipients:
            without_address += 1
            continue
        context = {"meeting": meeting, "organisation": organisation, "message": message}
        mail.send(
            subject=_("Invitasjon: %(title)s %(date)s") % {"title": meeting.title, "date": meeting.date.strftime("%d.%m.%Y")},
            body=render_to_string("panel/invitation_email.txt", context),
            to=recipients,
            attachments=[("erfaringspanelet.ics", ics.decode("utf-8"), "text/calendar")],
        )
        invitation.emailed_to = ", ".join(recipients)[:500]
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["emailed_to", "sent_at", "updated_at"])
        mailed += 1
    return invited, mailed, without_address


def invitation_set_status(*, invitation, status):
    invitation.status = status
    invitation.save(update_fields=["status", "updated_at"])


def input_save_form(*, form):
    return form.save()


def input_answer(*, item, answer, status, user):
    """A service's answer. Answering sets the answer date once, the first time it is answered."""
    item.answer = answer
    item.status = status
    if status in CLOSED_INPUT_STATUSES and not item.answered_on:
        item.answered_on = timezone.localdate()
    item.answered_by = user
    item.save(update_fields=["answer", "status", "answered_on", "answered_by", "updated_at"])
    return item
