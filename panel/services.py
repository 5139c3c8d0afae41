"""Writes to the panel that span more than one row."""

from dataclasses import dataclass, field

from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Organisation
from organisations.services import organisation_get_or_create_by_name
from panel.calendar import meeting_ics
from panel.models import CLOSED_INPUT_STATUSES, Attendance, Guest, InputStatus, Invitation, Meeting, MeetingKind, MeetingSeries, Topic
from portal import mail
from portal.sanitize import clean_html


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
    meeting.minutes = clean_html(meeting.minutes)
    meeting.save()
    form.save_m2m()
    if "new_topics" in form.cleaned_data:
        meeting.topics.add(*topics_from_names(form.cleaned_data["new_topics"]))
    return meeting


def meeting_save_minutes(*, form):
    meeting = form.save(commit=False)
    meeting.minutes = clean_html(meeting.minutes)
    meeting.save(update_fields=["minutes", "minutes_sent_to", "minutes_sent_on", "updated_at"])
    return meeting


def guest_add(*, meeting, name, unit=""):
    return Guest.objects.create(meeting=meeting, name=name.strip(), unit=unit.strip())


HEAD_COUNT_FIELDS = ("coordinators_count", "students_count", "guests_count", "others_count")


@dataclass
class DoorResult:
    """What a save at the door did. conflicts: {organisation_id: the count someone else saved
    meanwhile (None: removed)}; head_conflicts: {field: its value now}. Neither was overwritten."""

    saved: int = 0
    removed: int = 0
    conflicts: dict = field(default_factory=dict)
    head_conflicts: dict = field(default_factory=dict)


def attendance_locked(*, meeting, organisation_id):
    """The organisation's attendance at the meeting, locked until the transaction ends (None when
    there is none: then nothing is locked, and the unique pair decides a race)."""
    return Attendance.objects.select_for_update().filter(meeting=meeting, organisation_id=organisation_id).first()


def _attendance_write(*, meeting, organisation_id, shown, new, result):
    """Write one row with optimistic versioning: the count the page showed is the version. The
    row is locked (select_for_update) and written only if it still holds what the page showed, so
    the second of two coordinators who change the same count is told, not overwritten. A row that
    did not exist is inserted in a savepoint: when another request inserted it meanwhile (on
    PostgreSQL the insert waits for that one to commit, then fails on the unique pair), that is a
    conflict too, unless both typed the same count."""
    current = attendance_locked(meeting=meeting, organisation_id=organisation_id)
    value = current.participants if current else None
    if value == new:
        return
    if value != shown:
        result.conflicts[organisation_id] = value
        return
    if new is None:
        current.delete()
        result.removed += 1
        return
    if current is not None:
        current.participants = new
        current.save(update_fields=["participants", "updated_at"])
        result.saved += 1
        return
    try:
        with transaction.atomic():
            Attendance.objects.create(meeting=meeting, organisation_id=organisation_id, participants=new)
    except IntegrityError:
        value = (
            Attendance.objects.filter(meeting=meeting, organisation_id=organisation_id)
            .values_list("participants", flat=True)
            .first()
        )
        if value != new:
            result.conflicts[organisation_id] = value
        return
    result.saved += 1


@transaction.atomic
def meeting_register_attendance(*, meeting, changes, head_counts=None):
    """Save what the user changed at the door, never over someone else's change.

    changes: {organisation_id: (shown, new)} for the rows whose typed count differs from the one
    the page showed (None = no attendance; None or 0 typed removes it). Untouched rows are never
    written, so two coordinators registering different organisations keep each other's entries;
    two changing the same one: the first is saved, the second gets a conflict (DoorResult).
    head_counts: {field: (shown, new)} for the other categories, versioned the same way.
    Rows are locked in organisation order, so two saves at once cannot deadlock.
    """
    result = DoorResult()
    # A row for an organisation deleted meanwhile (or a tampered field name) is skipped.
    known = set(Organisation.objects.filter(pk__in=list(changes)).values_list("pk", flat=True))
    for organisation_id in sorted(changes):
        if organisation_id not in known:
            continue
        shown, new = changes[organisation_id]
        _attendance_write(meeting=meeting, organisation_id=organisation_id, shown=shown or None, new=new or None, result=result)
    fields = {name: pair for name, pair in (head_counts or {}).items() if name in HEAD_COUNT_FIELDS}
    if fields:
        now = Meeting.objects.select_for_update().filter(pk=meeting.pk).values(*fields).get()
        updates = {}
        for name, (shown, new) in fields.items():
            if now[name] == new:
                continue
            if now[name] != shown:
                result.head_conflicts[name] = now[name]
                continue
            updates[name] = new
        if updates:
            # update() writes these columns only: another coordinator's other counts stay.
            Meeting.objects.filter(pk=meeting.pk).update(**updates, updated_at=timezone.now())
            result.saved += len(updates)
    return result


class DoorAddition(models.TextChoices):
    CREATED = "created"  # a new organisation, registered as present
    ADDED = "added"  # an organisation of the registry, now present
    LISTED = "listed"  # already present at the meeting: pointed to, its count left as it was


@transaction.atomic
def meeting_add_organisation(*, meeting, name, kind, participants):
    """An organisation registered at the door by name: new ones are created (race-safe, see
    organisation_get_or_create_by_name). One already present at the meeting keeps its count.
    Returns (organisation, DoorAddition, the count it has now)."""
    organisation, created = organisation_get_or_create_by_name(name=name, kind=kind)
    result = DoorResult()
    _attendance_write(meeting=meeting, organisation_id=organisation.pk, shown=None, new=participants, result=result)
    if not result.saved:
        current = Attendance.objects.filter(meeting=meeting, organisation=organisation).values_list("participants", flat=True).first()
        return organisation, DoorAddition.LISTED, current
    return organisation, DoorAddition.CREATED if created else DoorAddition.ADDED, participants


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
