"""Writes to the panel that span more than one row."""

import datetime
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core import signing

from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from organisations.models import Organisation, free_slug
from organisations.services import organisation_get_or_create_by_name
from panel import pdf, selectors
from panel.ics import meeting_mail_ics
from panel.models import (
    CLOSED_INPUT_STATUSES,
    Attendance,
    Guest,
    InputItem,
    Invitation,
    InvitationStatus,
    Meeting,
    MeetingKind,
    MeetingSeries,
    MeetingStatus,
    Topic,
)
from portal.background import jobs
from portal.output import mail
from portal.text.sanitize import clean_richtext


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
    return free_slug(MeetingSeries.objects.exclude(pk=exclude_pk), name, fallback="moteserie")


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
def meeting_save_form(*, form, user=None):
    """Save the meeting form. When the date, time, place or cancellation of a meeting whose
    invitations were mailed changes, the calendar SEQUENCE goes up and every invited
    organisation gets the updated event (or the cancellation) from the job worker: returns
    that job, or None."""
    before = None
    if form.instance.pk:
        before = Meeting.objects.filter(pk=form.instance.pk).values(*CALENDAR_FIELDS).first()
    meeting = form.save(commit=False)
    if "series" in form.cleaned_data:
        meeting_set_series(meeting, form.cleaned_data["series"])
    meeting.minutes = clean_richtext(meeting.minutes)
    changed = meeting_calendar_changed(before, meeting)
    if changed:
        meeting.sequence += 1
    meeting.save()
    form.save_m2m()
    if "new_topics" in form.cleaned_data:
        meeting.topics.add(*topics_from_names(form.cleaned_data["new_topics"]))
    if changed and meeting.status != MeetingStatus.HELD and max(before["date"], meeting.date) >= timezone.localdate():
        recipients = list(meeting_update_recipients(meeting).values_list("pk", flat=True))
        if recipients:
            return meeting_update_start(meeting=meeting, invitation_ids=recipients, user=user)
    return None


def meeting_save_minutes(*, form):
    meeting = form.save(commit=False)
    meeting.minutes = clean_richtext(meeting.minutes)
    meeting.save(update_fields=["minutes", "minutes_sent_to", "minutes_sent_on", "updated_at"])
    return meeting


def meeting_publish_minutes(*, meeting, user):
    """Put the minutes on the meeting's public page and tell the organisations that were there,
    each in its language (queued: sent by the job worker). Returns the addresses told, or None
    when there is nothing to publish (no minutes) or they were published already."""
    with transaction.atomic():
        published = Meeting.objects.filter(pk=meeting.pk, minutes_published_on__isnull=True).exclude(minutes="").update(
            minutes_published_on=timezone.localdate()
        )
        if not published:
            return None
        meeting.refresh_from_db()
        url = settings.PORTAL_BASE_URL.rstrip("/") + reverse("panel:public_meeting", args=[meeting.pk])
        told = []
        organisations = Organisation.objects.filter(attendances__meeting=meeting).prefetch_related("contact_persons").distinct()
        for organisation in organisations.order_by("name"):
            addresses = invitation_recipients(organisation)
            if not addresses:
                continue
            with translation.override(mail.organisation_language(organisation)):
                subject = str(_("Referatet er klart: %(title)s") % {"title": mail.header_safe(meeting.title, max_length=120)})
                body = render_to_string(
                    "panel/minutes_published_email.txt",
                    {"meeting": meeting, "forum": meeting_forum(meeting), "organisation": organisation, "url": url},
                )
                label = _("E-post: %(subject)s") % {"subject": subject}
            mail.queue(subject=subject, body=body, to=addresses, owner=user, about=meeting, kind="panel.minutes_notice", label=label)
            told += addresses
    return told


def meeting_send_minutes(*, meeting, recipients, addresses, user):
    """Send the minutes (as text) to a list, e.g. the political committee, and record it as sent:
    to whom (`recipients`, the list's name) and on which day."""
    from django.utils.html import strip_tags

    subject = str(_("Referat: %(title)s %(date)s") % {"title": meeting.title, "date": meeting.date.strftime("%d.%m.%Y")})
    body = render_to_string(
        "panel/minutes_email.txt",
        {"meeting": meeting, "forum": meeting_forum(meeting), "text": strip_tags(meeting.minutes.replace("</p>", "</p>\n\n"))},
    )
    for address in addresses:
        mail.queue(subject=subject, body=body, to=[address], owner=user, about=meeting, kind="panel.minutes_sent",
                   label=_("E-post: %(subject)s") % {"subject": subject})
    meeting.minutes_sent_to = recipients[:300]
    meeting.minutes_sent_on = timezone.localdate()
    meeting.save(update_fields=["minutes_sent_to", "minutes_sent_on", "updated_at"])
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


class DoorAdded(NamedTuple):
    """What adding an organisation at the door did, and the count it has now."""

    organisation: Organisation
    outcome: DoorAddition
    participants: int | None

    @property
    def already_listed(self):
        return self.outcome == DoorAddition.LISTED


@transaction.atomic
def meeting_add_organisation(*, meeting, name, kind, participants):
    """An organisation registered at the door by name: new ones are created (race-safe, see
    organisation_get_or_create_by_name). One already present at the meeting keeps its count."""
    organisation, created = organisation_get_or_create_by_name(name=name, kind=kind)
    result = DoorResult()
    _attendance_write(meeting=meeting, organisation_id=organisation.pk, shown=None, new=participants, result=result)
    if not result.saved:
        current = Attendance.objects.filter(meeting=meeting, organisation=organisation).values_list("participants", flat=True).first()
        return DoorAdded(organisation, DoorAddition.LISTED, current)
    return DoorAdded(organisation, DoorAddition.CREATED if created else DoorAddition.ADDED, participants)


def invitation_recipients(organisation):
    """Where an invitation goes: the contact persons' addresses, else the organisation's own."""
    addresses = [person.email for person in organisation.contact_persons.all() if person.email]
    if not addresses and organisation.email:
        addresses = [organisation.email]
    return addresses


# --- Answer links ----------------------------------------------------------------------------
# An invitation e-mail carries two links that answer it without signing in. The token is the
# invitation, its meeting and its organisation, signed with the secret key (django.core.signing)
# under a salt of its own, so it cannot be forged, cannot be moved to another meeting or
# organisation, and no token is stored anywhere (nor passed through a job's stored arguments:
# the e-mails are rendered in the worker). Opening a link (GET) only shows a confirmation page:
# mail scanners that fetch every link record nothing; the button (POST) records the answer.

ANSWER_SALT = "panel.invitation-answer"


def invitation_token(invitation):
    return signing.dumps([invitation.pk, invitation.meeting_id, invitation.organisation_id], salt=ANSWER_SALT, compress=True)


def invitation_from_token(token):
    """The invitation the token was made for, or None (bad, tampered or for a deleted one)."""
    try:
        pk, meeting_id, organisation_id = signing.loads(token, salt=ANSWER_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    return (
        Invitation.objects.select_related("meeting", "organisation")
        .filter(pk=pk, meeting_id=meeting_id, organisation_id=organisation_id)
        .first()
    )


def invitation_answer_links(invitation):
    """Absolute accept and decline addresses for the e-mails (PORTAL_BASE_URL)."""
    token = invitation_token(invitation)
    base = settings.PORTAL_BASE_URL.rstrip("/")
    return {
        "accept_url": base + reverse("panel:invitation_accept", args=[token]),
        "decline_url": base + reverse("panel:invitation_decline", args=[token]),
    }


def invitation_is_open(invitation, today=None):
    """Answers are taken until the meeting's day has passed, and not for a cancelled meeting."""
    today = today or timezone.localdate()
    return not invitation.meeting.is_cancelled and invitation.meeting.date >= today


REPLY_FIELDS = ("people_coming", "interpreter_language", "diets", "diet_other", "access_needs", "reply_message")


def invitation_answer(*, invitation, status, needs=None):
    """The organisation's own answer, from the link in its e-mail, with what the meeting needs
    (`needs`: InvitationReplyForm.needs()). A "no" clears what an earlier "yes" asked for, so the
    sums count only those who come."""
    needs = dict(needs or {})
    if status != InvitationStatus.ACCEPTED:
        needs = {"people_coming": None, "interpreter_language": None, "diets": {}, "diet_other": "", "access_needs": "",
                 "reply_message": needs.get("reply_message", "")}
    for name in REPLY_FIELDS:
        if name in needs:
            setattr(invitation, name, needs[name])
    invitation.status = status
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["status", "answered_at", "updated_at", *[name for name in REPLY_FIELDS if name in needs]])
    return invitation


def _invitation_mail(*, invitation, template, prefix, extra=None):
    """One e-mail to one invited organisation, in its language (nb unless it chose another the
    portal's texts exist in), with its own answer links, links to the documents sent with the
    invitation (signed by the same token: the files stay private) and the meeting's calendar
    inline (a REQUEST, or a CANCEL once cancelled) naming the addresses mailed. `prefix` is a lazy
    text ("Invitasjon"), so the subject is in the organisation's language too."""
    recipients = invitation_recipients(invitation.organisation)
    if not recipients:
        return None
    links = invitation_answer_links(invitation)
    base = settings.PORTAL_BASE_URL.rstrip("/")
    token = invitation_token(invitation)
    documents = [
        {"title": document.title, "filename": document.filename,
         "url": base + reverse("panel:invitation_document", args=[token, document.pk])}
        for document in selectors.invitation_documents(invitation)
    ]
    with translation.override(mail.organisation_language(invitation.organisation)):
        context = {
            "meeting": invitation.meeting,
            "forum": meeting_forum(invitation.meeting),
            "organisation": invitation.organisation,
            "documents": documents,
            **links,
        }
        context.update(extra or {})
        ics, method = meeting_mail_ics(invitation.meeting, attendees=recipients, attendee_name=invitation.organisation.name)
        subject = _subject(str(prefix), invitation.meeting)
        body = render_to_string(template, context)
    mail.send(subject=subject, body=body, to=recipients, calendar=(ics.decode("utf-8"), method))
    return recipients


def meeting_forum(meeting):
    """What the meeting belongs to, as its e-mails name it: its own series, or the panel."""
    return meeting.series.name if meeting.series_id else str(_("Erfaringspanelet"))


def _subject(prefix, meeting):
    return f"{prefix}: {meeting.title} {meeting.date:%d.%m.%Y}"


def invitations_send(*, meeting, organisations, send_email=True, message="", on_progress=None):
    """Invite organisations (already invited ones are kept as they are, and not mailed twice
    unless they never got a mail). Returns (invited, mailed, without_address).

    The page sends the e-mails in a background job (send_invitations, below), which
    passes `on_progress(done, total)`; each e-mail is recorded as sent as soon as it is."""
    organisations = list(
        Organisation.objects.filter(pk__in=[o.pk for o in organisations]).prefetch_related("contact_persons")
    )
    existing = {inv.organisation_id: inv for inv in Invitation.objects.filter(meeting=meeting)}
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
        invitation.meeting, invitation.organisation = meeting, organisation
        recipients = _invitation_mail(
            invitation=invitation,
            template="panel/invitation_email.txt",
            prefix=_lazy("Invitasjon"),
            extra={"message": message},
        )
        if not recipients:
            without_address += 1
            continue
        invitation.emailed_to = ", ".join(recipients)[:500]
        invitation.sent_at = timezone.now()
        invitation.sequence_mailed = meeting.sequence
        invitation.save(update_fields=["emailed_to", "sent_at", "sequence_mailed", "updated_at"])
        mailed += 1
    return invited, mailed, without_address


def invitations_set_answers(*, meeting, answers):
    """Answers set by a coordinator on the invitations page, in bulk: {invitation_id: (shown,
    new)} for the rows changed there. An answer that came in meanwhile (by the link in the
    e-mail) is not overwritten: those invitations are returned, to be shown. Returns (saved,
    conflicts)."""
    saved, conflicts = 0, []
    with transaction.atomic():
        rows = Invitation.objects.select_for_update().filter(meeting=meeting, pk__in=list(answers)).select_related("organisation")
        for invitation in rows.order_by("pk"):
            shown, new = answers[invitation.pk]
            if invitation.status == new:
                continue
            if invitation.status != shown:
                conflicts.append(invitation)
                continue
            invitation.status = new
            invitation.answered_at = timezone.now()
            invitation.save(update_fields=["status", "answered_at", "updated_at"])
            saved += 1
    return saved, conflicts


# --- Reminders and updates ---------------------------------------------------------------------

REMINDER_DAYS_BEFORE = 3


def invitations_due_for_reminder(today=None, days=REMINDER_DAYS_BEFORE):
    """Mailed invitations not answered and not yet reminded, of planned meetings in the next
    `days` days (today included). Safe to ask daily: each is reminded once."""
    today = today or timezone.localdate()
    return (
        Invitation.objects.filter(
            status=InvitationStatus.INVITED,
            sent_at__isnull=False,
            reminded_at__isnull=True,
            meeting__status=MeetingStatus.PLANNED,
            meeting__date__gte=today,
            meeting__date__lte=today + datetime.timedelta(days=days),
        )
        .select_related("meeting", "organisation")
        .order_by("meeting__date", "meeting_id", "organisation__name")
    )


def invitation_remind(*, invitation):
    """One reminder (from the job worker). Checked again here: an answer or a reminder that came
    in since the job was queued wins, so a job run twice never mails twice."""
    invitation = (
        Invitation.objects.select_related("meeting", "organisation")
        .prefetch_related("organisation__contact_persons")
        .get(pk=invitation.pk)
    )
    if invitation.reminded_at or invitation.status != InvitationStatus.INVITED or invitation.meeting.is_cancelled:
        return False
    _invitation_mail(
        invitation=invitation,
        template="panel/invitation_reminder_email.txt",
        prefix=_lazy("Påminnelse"),
    )
    invitation.reminded_at = timezone.now()
    invitation.save(update_fields=["reminded_at", "updated_at"])
    return True


CALENDAR_FIELDS = ("date", "start_time", "end_time", "location", "status")


def meeting_calendar_changed(before, meeting):
    """True when what a calendar shows (date, time, place) changed, or it was cancelled or
    brought back. `before` holds the stored values of CALENDAR_FIELDS."""
    if before is None:
        return False
    return any(before[name] != getattr(meeting, name) for name in CALENDAR_FIELDS if name != "status") or (
        (before["status"] == MeetingStatus.CANCELLED) != meeting.is_cancelled
    )


def meeting_update_recipients(meeting):
    """Invitations that were mailed: their calendars hold the event."""
    return Invitation.objects.filter(meeting=meeting, sent_at__isnull=False)


def meeting_send_update(*, invitation, meeting):
    """The updated (or cancelled) meeting to one invited organisation, from the job worker.

    Once per calendar version: an organisation whose last mail already carried the meeting's
    current SEQUENCE is skipped, so a job retried after a failure part-way (the mail server went
    away at the 20th of 30) mails only those it had not reached. Returns the recipients, or None."""
    if invitation.sequence_mailed >= meeting.sequence:
        return None
    invitation.meeting = meeting
    cancelled = meeting.is_cancelled
    recipients = _invitation_mail(
        invitation=invitation,
        template="panel/meeting_update_email.txt",
        prefix=_lazy("Avlyst") if cancelled else _lazy("Endret"),
        extra={"cancelled": cancelled},
    )
    if recipients:
        Invitation.objects.filter(pk=invitation.pk).update(sequence_mailed=meeting.sequence)
    return recipients


def _input_mail(*, template, subject, to, item, owner, context):
    """Queue one e-mail per address (portal.output.mail.queue: sent by the job worker, retried, never a
    500). Written in Norwegian, the language every user has in common."""
    base = settings.PORTAL_BASE_URL.rstrip("/")
    context = {
        "item": item,
        "meeting": item.meeting,
        "forum": meeting_forum(item.meeting),
        "service": item.assigned_service,
        "answer_url": base + reverse("panel:input_answer", args=[item.pk]),
        "edit_url": base + reverse("panel:input_edit", args=[item.pk]),
        **context,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(subject(item)) if callable(subject) else str(subject)
        body = render_to_string(template, context)
        label = _("E-post: %(subject)s") % {"subject": mail.header_safe(subject, max_length=150)}
    for address in to:
        mail.queue(subject=subject, body=body, to=[address], owner=owner, about=item, kind="panel.input_mail", label=label)
    return list(to)


def input_assignment_mail(*, item, assigned_by):
    """Tell the service's members that an item is theirs to answer. Returns the addresses (empty
    when nobody linked to the service has one)."""
    return _input_mail(
        template="panel/input_assigned_email.txt",
        subject=lambda item: _("Innspill fra %(forum)s til %(service)s: %(text)s")
        % {"forum": meeting_forum(item.meeting), "service": item.assigned_service.name, "text": mail.header_safe(item.text, max_length=60)},
        to=selectors.service_member_addresses(item.assigned_service),
        item=item,
        owner=assigned_by,
        context={},
    )


def input_tell_organisation(*, item, owner):
    """Tell the organisation that raised the item what became of it (answered, implemented or not
    pursued): one e-mail per editor and per contact person who may be e-mailed, in the
    organisation's language, queued for the job worker. Returns the addresses ([] when nobody
    can be reached, None when no organisation raised it)."""
    organisation = item.raised_by
    if organisation is None:
        return None
    addresses = selectors.input_outcome_addresses(organisation)
    base = settings.PORTAL_BASE_URL.rstrip("/")
    context = {
        "item": item,
        "organisation": organisation,
        "meeting": item.meeting,
        "service": item.assigned_service,
        "our_input_url": base + reverse("panel:editor_input", args=[organisation.slug]),
        "public_url": base + reverse("panel:public_input") + f"#innspill-{item.pk}" if item.public else "",
    }
    with translation.override(mail.organisation_language(organisation)):
        subject = _("Svar på innspillet deres: %(text)s") % {"text": mail.header_safe(item.text, max_length=60)}
        subject = str(subject)
        body = render_to_string("panel/input_outcome_email.txt", context)
        label = _("E-post: %(subject)s") % {"subject": mail.header_safe(subject, max_length=150)}
    for address in addresses:
        mail.queue(subject=subject, body=body, to=[address], owner=owner, about=item, kind="panel.input_mail", label=label)
    return addresses


def input_save_form(*, form, user):
    """Save the coordinator's form. Sending the item to a service (on create, or a different
    service on edit) records who sent it and mails the service's members; re-saving with the same
    service mails nobody. Returns (item, addresses): addresses is None when nothing was assigned."""
    assigning = form.cleaned_data.get("assigned_service") is not None and "assigned_service" in form.changed_data
    was_closed = form.instance.pk is not None and InputItem.objects.filter(
        pk=form.instance.pk, status__in=CLOSED_INPUT_STATUSES
    ).exists()
    with transaction.atomic():
        item = form.save(commit=False)
        if assigning:
            item.assigned_by = user
        item.changed_by = user  # (as updated_at: whoever saved it last)
        item.save()
        form.save_m2m()
        addresses = input_assignment_mail(item=item, assigned_by=user) if assigning else None
        if item.is_closed and not was_closed:  # closed here rather than by the service's answer
            input_tell_organisation(item=item, owner=user)
    return item, addresses


def input_answer(*, item, answer, status, user):
    """A service's answer. Closing the item sets the answer date (today) and who answered, and
    tells the coordinators once; correcting an answer that is already closed keeps its date and
    mails nobody again. Returns the item."""
    with transaction.atomic():
        # Two answers at once: the second waits and sees the item closed, so one mail goes.
        item = InputItem.objects.select_for_update(of=("self",)).select_related("meeting", "assigned_service").get(pk=item.pk)
        was_closed = item.is_closed
        item.answer = answer
        item.status = status
        closing = status in CLOSED_INPUT_STATUSES and not was_closed
        if closing or (status in CLOSED_INPUT_STATUSES and not item.answered_on):
            item.answered_on = timezone.localdate()
        item.answered_by = user
        item.changed_by = user
        item.save(update_fields=["answer", "status", "answered_on", "answered_by", "changed_by", "updated_at"])
        if closing:
            _input_mail(
                template="panel/input_answered_email.txt",
                subject=lambda item: _("Besvart av %(service)s: %(text)s")
                % {"service": item.assigned_service.name if item.assigned_service else "", "text": mail.header_safe(item.text, max_length=60)},
                to=selectors.input_answered_addresses(item, answered_by=user),
                item=item,
                owner=user,
                context={"answered_by": user},
            )
            input_tell_organisation(item=item, owner=user)
    return item


def input_overview_mark_seen(*, user, at):
    """Record the coordinator's visit to the overview (one UPDATE; an INSERT the first time)."""
    from panel.models import InputOverviewVisit

    if not InputOverviewVisit.objects.filter(user=user).update(visited_at=at):
        try:
            with transaction.atomic():
                InputOverviewVisit.objects.create(user=user, visited_at=at)
        except IntegrityError:  # the same coordinator in two tabs at once
            InputOverviewVisit.objects.filter(user=user).update(visited_at=at)


# --- Organisations bring input themselves ---------------------------------------------------


class ProposalError(Exception):
    """A decision the proposal's state does not allow (shown to the coordinator)."""


def input_proposal_submit(*, form, organisation, user):
    proposal = form.save(commit=False)
    proposal.organisation = organisation
    proposal.submitted_by = user
    proposal.save()
    return proposal


def _decide(proposal):
    from panel.models import InputProposal

    locked = InputProposal.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=proposal.pk)
    if not locked.is_pending:  # two coordinators at once: the second sees it decided
        raise ProposalError(_("Forslaget er allerede avgjort."))
    return locked


def input_proposal_accept(*, proposal, meeting, user):
    """Accept the proposal onto a meeting: input becomes an item like any other (new, raised by
    the organisation on the meeting's date, or on the day it was sent when that is earlier: input
    answered before the meeting is never answered before it was raised); an agenda topic is
    added to the meeting's agenda."""
    from panel.models import ProposalKind, ProposalStatus

    with transaction.atomic():
        proposal = _decide(proposal)
        if proposal.kind == ProposalKind.INPUT:
            proposal.input_item = InputItem.objects.create(
                meeting=meeting, text=proposal.text, theme=proposal.theme, raised_by=proposal.organisation,
                raised_on=min(meeting.date, timezone.localdate(proposal.created_at)), changed_by=user,
            )
        else:
            meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
            line = f"{proposal.theme}: {proposal.text}" if proposal.theme else proposal.text
            meeting.agenda = "\n".join(filter(None, [meeting.agenda.rstrip(), f"- {line} ({proposal.organisation.name})"]))
            meeting.save(update_fields=["agenda", "updated_at"])
        proposal.meeting = meeting
        proposal.status = ProposalStatus.ACCEPTED
        proposal.decided_by, proposal.decided_on = user, timezone.localdate()
        proposal.save(update_fields=["meeting", "status", "decided_by", "decided_on", "input_item", "updated_at"])
    return proposal


def input_proposal_decline(*, proposal, message, user):
    """Answer why the proposal is not taken up; the organisation's editors are told by e-mail."""
    from panel.models import ProposalStatus

    with transaction.atomic():
        proposal = _decide(proposal)
        proposal.status = ProposalStatus.DECLINED
        proposal.decision_message = message
        proposal.decided_by, proposal.decided_on = user, timezone.localdate()
        proposal.save(update_fields=["status", "decision_message", "decided_by", "decided_on", "updated_at"])
        _proposal_declined_mail(proposal=proposal, owner=user)
    return proposal


def _proposal_declined_mail(*, proposal, owner):
    from django.contrib.auth import get_user_model

    organisation = proposal.organisation
    addresses = list(
        get_user_model().objects.filter(edited_organisations=organisation, is_active=True)
        .exclude(email="").order_by("username").values_list("email", flat=True).distinct()
    )
    base = settings.PORTAL_BASE_URL.rstrip("/")
    context = {"proposal": proposal, "organisation": organisation, "our_input_url": base + reverse("panel:editor_input", args=[organisation.slug])}
    with translation.override(mail.organisation_language(organisation)):
        subject = str(_("Svar på forslaget deres: %(text)s") % {"text": mail.header_safe(proposal.text, max_length=60)})
        body = render_to_string("panel/proposal_declined_email.txt", context)
        label = _("E-post: %(subject)s") % {"subject": mail.header_safe(subject, max_length=150)}
    for address in addresses:
        mail.queue(subject=subject, body=body, to=[address], owner=owner, about=proposal, kind="panel.input_mail", label=label)
    return addresses


# --- The jobs (portal.background.jobs): started here, run by the worker ------------------------------------

@jobs.job_task()
def send_invitations(job, *, meeting_id, organisation_ids, message=""):
    meeting = Meeting.objects.get(pk=meeting_id)
    organisations = list(Organisation.objects.filter(pk__in=organisation_ids).order_by("name"))
    _invited, mailed, without_address = invitations_send(
        meeting=meeting, organisations=organisations, message=message, on_progress=job.progress
    )
    job.progress(len(organisations), total=len(organisations), force=True)
    text = _("%(mailed)s e-poster sendt.") % {"mailed": mailed}
    if without_address:
        text += " " + _("%(count)s organisasjoner har ingen e-postadresse.") % {"count": without_address}
    return text


def invitations_email_start(*, meeting, organisations, message, user):
    return jobs.job_start(
        kind="panel.invitations",
        label=_("Invitasjoner til %(title)s") % {"title": meeting.title},
        task=send_invitations,
        owner=user,
        subject=meeting,
        total=len(organisations),
        kwargs={"meeting_id": meeting.pk, "organisation_ids": [o.pk for o in organisations], "message": message},
    )


@jobs.job_task()
def send_meeting_update(job, *, meeting_id, invitation_ids):
    """The changed (or cancelled) meeting to every invited organisation that got the invitation.
    Rendered here, so the calendar file carries the meeting's SEQUENCE as it is when it goes."""
    meeting = Meeting.objects.get(pk=meeting_id)
    invitations = list(
        Invitation.objects.filter(pk__in=invitation_ids, meeting=meeting)
        .select_related("organisation")
        .prefetch_related("organisation__contact_persons")
        .order_by("organisation__name")
    )
    mailed = sum(1 for invitation in job.each(invitations) if meeting_send_update(invitation=invitation, meeting=meeting))
    return _("%(mailed)s e-poster sendt.") % {"mailed": mailed}


def meeting_update_start(*, meeting, invitation_ids, user=None):
    label = (
        _("Avlysning av %(title)s") if meeting.is_cancelled else _("Endring av %(title)s")
    ) % {"title": meeting.title}
    return jobs.job_start(
        kind="panel.meeting_update",
        label=label,
        task=send_meeting_update,
        owner=user,
        subject=meeting,
        total=len(invitation_ids),
        kwargs={"meeting_id": meeting.pk, "invitation_ids": invitation_ids},
    )


@jobs.job_task()
def send_invitation_reminders(job, *, invitation_ids):
    invitations = list(Invitation.objects.filter(pk__in=invitation_ids).order_by("pk"))
    reminded = sum(1 for invitation in job.each(invitations) if invitation_remind(invitation=invitation))
    return _("%(count)s påminnelser sendt.") % {"count": reminded}


def invitation_reminders_start(*, meeting, invitation_ids):
    return jobs.job_start(
        kind="panel.invitation_reminders",
        label=_("Påminnelser om %(title)s") % {"title": meeting.title},
        task=send_invitation_reminders,
        subject=meeting,
        total=len(invitation_ids),
        kwargs={"invitation_ids": invitation_ids},
    )


MINUTES_PDF_JOB = "panel.minutes_pdf"


@jobs.job_task()
def render_minutes_pdf(job, *, meeting_id):
    """Safe to run again: minutes already in the cache as they are now are not rendered twice."""
    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        raise jobs.JobFailed(_("Møtet finnes ikke lenger."))
    job.progress(0, total=1, force=True)
    pdf.minutes_render(meeting)
    return _("PDF-en er klar.")


def minutes_pdf_start(*, meeting, user):
    """The job that renders a meeting's minutes as PDF; the user's own unfinished one when it
    already runs (a reload of the waiting page starts nothing new)."""
    return jobs.job_start_once(
        kind=MINUTES_PDF_JOB, label=_("Referat som PDF: %(title)s") % {"title": meeting.title},
        task=render_minutes_pdf, owner=user, subject=meeting, kwargs={"meeting_id": meeting.pk}, total=1,
    )
