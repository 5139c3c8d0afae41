"""Writes for mailings: segments, consent and opt-out, sending, bounces and replies.

Sending happens in a background task (send_mailing, at the end) that calls mailing_deliver:
one recipient at a time, each committed on its own, at PORTAL_MAILING_RATE_PER_MINUTE, so a
retried or interrupted run picks up where it stopped and never sends twice to a delivered
recipient. Each organisation reached gets one contact-log entry per mailing (channel e-mail,
outcome no_response) through outreach.services, so the outreach figures follow from it.
"""

import re
import time
from html import unescape
from urllib.parse import urljoin

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override

from mailings import selectors
from portal.background import jobs
from portal.output import mail
from portal.text.sanitize import clean_richtext, richtext_to_plain_text
from mailings.models import (
    ContactPreference,
    Mailing,
    MailingLanguage,
    MailingStatus,
    OptOutSource,
    OrganisationPreference,
    Recipient,
    RecipientStatus,
    Suppression,
)
from outreach import services as outreach_services
from outreach.models import Channel, Outcome

OPT_OUT_SALT = "mailings.opt-out"
BATCH_SIZE = 200
TEST_TOKEN_VALUE = "test"
# Where the organisation's name goes in a subject or text.
MERGE_FIELDS = ("{organisasjon}", "{organisation}")


# --- Segments -----------------------------------------------------------------------------------


@transaction.atomic
def segment_save_form(*, form, user=None):
    segment = form.save(commit=False)
    if segment.pk is None and user is not None and user.is_authenticated:
        segment.created_by = user
    segment.save()
    form.save_m2m()
    return segment


def mailing_save(*, mailing, user=None):
    """Save a draft from MailingForm (its text already cleaned with nh3)."""
    if mailing.pk is None and user is not None and user.is_authenticated:
        mailing.created_by = user
    mailing.segment_name = mailing.segment.name if mailing.segment_id else mailing.segment_name
    mailing.save()
    return mailing


# --- Consent, opt-out and the organisation's language --------------------------------------------


def _preference(person):
    preference, _created = ContactPreference.objects.get_or_create(person=person)
    return preference


@transaction.atomic
def preference_give_consent(*, person, user=None):
    """The coordinator notes that the person's e-mail may be used for mailings. A person who had
    opted out and asks to receive again is taken back, and their address is released."""
    preference = _preference(person)
    preference.may_email = True
    preference.consent_noted_on = timezone.localdate()
    preference.consent_noted_by = user if user is not None and user.is_authenticated else None
    preference.opted_out_at = None
    preference.opted_out_source = ""
    preference.save()
    if person.email:
        Suppression.objects.filter(address_hash__in=selectors.address_hashes(person.email)).delete()
    return preference


@transaction.atomic
def preference_opt_out(*, person, source):
    """The person wants no more mailings: kept on their record, and their address suppressed so a
    copy of the person (or the same address registered again) is not mailed either."""
    preference = _preference(person)
    if preference.opted_out_at is None:
        preference.opted_out_at = timezone.now()
        preference.opted_out_source = source
        preference.save(update_fields=["opted_out_at", "opted_out_source", "updated_at"])
    if person.email:
        suppression_add(address=person.email)
    return preference


def suppression_add(*, address):
    stored_hash = selectors.address_hashes(address)[0]
    try:
        with transaction.atomic():
            Suppression.objects.get_or_create(address_hash=stored_hash, defaults={"created_on": timezone.localdate()})
    except IntegrityError:  # the same address opted out at the same moment in another request
        pass


def organisation_set_language(*, organisation, language):
    preference, _created = OrganisationPreference.objects.update_or_create(
        organisation=organisation, defaults={"language": language}
    )
    return preference


# --- Opt-out links ---------------------------------------------------------------------------------


def opt_out_token(recipient_pk):
    return signing.dumps(recipient_pk, salt=OPT_OUT_SALT)


def opt_out_url(token):
    return settings.PORTAL_BASE_URL.rstrip("/") + reverse("mailings:opt_out", args=[token])


def recipient_for_token(token):
    """The recipient a signed opt-out token names, TEST_TOKEN_VALUE for a test send's link, or None."""
    try:
        value = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    if value == TEST_TOKEN_VALUE:
        return TEST_TOKEN_VALUE
    if not isinstance(value, int):
        return None
    return Recipient.objects.select_related("person", "organisation", "mailing").filter(pk=value).first()


def recipient_opt_out(*, recipient):
    """The one-click opt-out (RFC 8058): takes effect at once. An erased person leaves nothing to do."""
    if recipient.person_id is None:
        return None
    return preference_opt_out(person=recipient.person, source=OptOutSource.LINK)


# --- Composing ---------------------------------------------------------------------------------------


def _merge(text, name, *, html):
    value = escape(name) if html else name
    for field in MERGE_FIELDS:
        text = text.replace(field, value)
    return text


def _attachments(mailing):
    """(name, bytes, content type) of the mailing's files, read once per run, not per recipient."""
    files = []
    for attachment in mailing.attachments.all():
        with attachment.file.open("rb") as handle:
            files.append((attachment.filename, handle.read(), attachment.content_type))
    return files


def attachment_add(*, form, mailing):
    attachment = form.save(commit=False)
    attachment.mailing = mailing
    attachment.size = form.cleaned_data["file"].size
    attachment.save()
    return attachment


def attachment_delete(*, attachment):
    attachment.file.delete(save=False)
    attachment.delete()


_HREF = re.compile(r'href="([^"]*)"')


def _absolute_links(html):
    """Every link as a full address: a mail has no page to be relative to (nh3 writes href="…")."""
    base = settings.PORTAL_BASE_URL.rstrip("/") + "/"
    return _HREF.sub(lambda match: f'href="{escape(urljoin(base, unescape(match.group(1))))}"', html)


def build_message(*, mailing, to, organisation_name, language, token, connection=None, attachments=None):
    """The e-mail for one recipient: the organisation's name merged in, the opt-out link in the
    text and in RFC 8058's List-Unsubscribe headers.

    The HTML part is a whole document (doctype, language, title) so every mail reader shows it
    alike, with absolute links; the plain-text part keeps the text's paragraphs, lists and each
    link's address (portal.text.sanitize.richtext_to_plain_text)."""
    english = language == MailingLanguage.ENGLISH and mailing.has_english
    subject = mailing.subject_en if english else mailing.subject
    # Cleaned at send as well as by MailingForm: the admin and `manage.py restore` write bodies
    # that never went through the form (plain text there becomes paragraphs, as in the editor).
    # Cleaned again after the merge fields are filled (below): a name put into an attribute
    # ({organisasjon} as a link's address) must not make a javascript: link.
    body = _absolute_links(clean_richtext(mailing.body_en if english else mailing.body))
    link = opt_out_url(token)
    language_code = "en" if english else "nb"
    with override(language_code):
        footer_text = _("Du får denne e-posten fordi organisasjonen din er i kontakt med %(project)s.") % {
            "project": settings.PORTAL_PROJECT_NAME
        }
        opt_out_text = _("Meld deg av utsendelsene")
    merged_subject = mail.header_safe(_merge(subject, organisation_name, html=False))
    html = (
        f'<!DOCTYPE html>\n<html lang="{language_code}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(merged_subject)}</title>\n</head>\n<body>\n"
        + _absolute_links(clean_richtext(_merge(body, organisation_name, html=True)))
        + f'\n<hr>\n<p style="font-size:small">{escape(footer_text)} '
        + f'<a href="{escape(link)}">{escape(opt_out_text)}</a></p>\n</body>\n</html>\n'
    )
    text = _merge(richtext_to_plain_text(body), organisation_name, html=False)
    text = f"{text.strip()}\n\n-- \n{footer_text}\n{opt_out_text}: {link}\n"
    message = EmailMultiAlternatives(
        # An organisation's name or a typed subject may hold CR, LF or other breaking characters:
        # portal.output.mail.header_safe makes every header value one line (no BadHeaderError mid-run).
        subject=merged_subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[mail.header_safe(to, max_length=320)],
        reply_to=[settings.PORTAL_CONTACT_EMAIL],
        headers={
            "List-Unsubscribe": f"<{link}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
        connection=connection,
    )
    message.attach_alternative(html, "text/html")
    for name, content, content_type in attachments if attachments is not None else _attachments(mailing):
        message.attach(mail.header_safe(name, max_length=100), content, content_type)
    return message


def mailing_send_test(*, mailing, user):
    """Send the mailing to the signed-in user's own address, as the first organisation of the
    segment would get it (its language too); its opt-out link opts out no one."""
    organisations = selectors.segment_organisations(mailing.segment) if mailing.segment_id else []
    first = next(iter(organisations), None)
    name = first.name if first is not None else _("Organisasjonens navn")
    language = selectors.organisation_language(first) if first is not None else MailingLanguage.NORWEGIAN
    message = build_message(
        mailing=mailing,
        to=user.email,
        organisation_name=name,
        language=language,
        token=opt_out_token(TEST_TOKEN_VALUE),
    )
    message.subject = mail.header_safe(f"[{_('Test')}] {message.subject}")
    message.send()


# --- Sending ------------------------------------------------------------------------------------------


@transaction.atomic
def mailing_queue(*, mailing, user):
    """Hand the mailing to the background worker; returns at once. False when it was not a draft
    (a double click, or two coordinators at the same time)."""
    locked = Mailing.objects.select_for_update().get(pk=mailing.pk)
    if locked.status != MailingStatus.DRAFT:
        return False
    locked.status = MailingStatus.QUEUED
    locked.queued_by = user if user is not None and user.is_authenticated else None
    locked.queued_at = timezone.now()
    locked.segment_name = locked.segment.name if locked.segment_id else locked.segment_name
    locked.save(update_fields=["status", "queued_by", "queued_at", "segment_name", "updated_at"])
    enqueue_send(mailing=locked, user=user)
    mailing.refresh_from_db()
    return True


def mailing_snapshot_recipients(*, mailing):
    """Fix who the mailing goes to, from its segment as it is now (once: a rerun keeps the list)."""
    if mailing.recipients.exists() or mailing.segment_id is None:
        return mailing.recipients.count()
    persons = selectors.receiving_persons(selectors.segment_organisations(mailing.segment).values("pk"))
    Recipient.objects.bulk_create(
        [
            Recipient(
                mailing=mailing,
                organisation_id=person.organisation_id,
                person=person,
                language=selectors.organisation_language(person.organisation),
            )
            for person in persons
        ],
        ignore_conflicts=True,
    )
    return mailing.recipients.count()


def _send_interval():
    rate = settings.PORTAL_MAILING_RATE_PER_MINUTE
    return 60.0 / rate if rate > 0 else 0.0


def mailing_deliver(*, mailing_id, progress=None):
    """Deliver every pending recipient of the mailing (the background task's work).

    `progress(done, total)` is called after each recipient. Safe to run again: recipients already
    delivered are skipped, and the contact-log entries already made are reused.
    """
    mailing = Mailing.objects.select_related("queued_by").get(pk=mailing_id)
    if mailing.status in (MailingStatus.DRAFT, MailingStatus.SENT):
        return 0
    total = mailing_snapshot_recipients(mailing=mailing)
    Mailing.objects.filter(pk=mailing.pk).update(status=MailingStatus.SENDING, updated_at=timezone.now())
    contacts = dict(
        mailing.recipients.filter(contact__isnull=False).values_list("organisation_id", "contact_id").distinct()
    )
    done = mailing.recipients.exclude(status=RecipientStatus.PENDING).count()
    interval = _send_interval()
    connection = get_connection()
    # Fetched in batches, never through an open cursor: on SQLite an open read would block the
    # worker's other connections (its heartbeat) from writing, and they us.
    pending_ids = list(
        mailing.recipients.filter(status=RecipientStatus.PENDING).order_by("pk").values_list("pk", flat=True)
    )
    connection.open()
    try:
        files = _attachments(mailing)
        delivered = _deliver_batches(mailing, pending_ids, contacts, connection, interval, progress, done, total, files)
    finally:
        connection.close()
    Mailing.objects.filter(pk=mailing.pk).update(
        status=MailingStatus.SENT, finished_at=timezone.now(), updated_at=timezone.now()
    )
    return delivered


def _deliver_batches(mailing, pending_ids, contacts, connection, interval, progress, done, total, files):
    delivered = 0
    for start in range(0, len(pending_ids), BATCH_SIZE):
        batch = Recipient.objects.filter(
            pk__in=pending_ids[start : start + BATCH_SIZE], status=RecipientStatus.PENDING
        ).select_related("person", "organisation")
        for recipient in list(batch.order_by("pk")):
            started = time.monotonic()
            _deliver_one(mailing=mailing, recipient=recipient, contacts=contacts, connection=connection, files=files)
            done += 1
            delivered += 1
            if progress is not None:
                progress(done, total)
            pause = interval - (time.monotonic() - started)
            if pause > 0:
                time.sleep(pause)
    return delivered


_ADDRESS = re.compile(r"[^\s<>()\[\]\"',;:]+@[^\s<>()\[\]\"',;:]+")


def delivery_error(exc, *, address):
    """What a delivery row keeps of a refusal: the SMTP code and the server's text with every
    address taken out (and the address's local part, should the server quote it alone), so the
    mailing page shows none and erasing the person leaves none behind."""
    import smtplib

    code, text = None, str(exc)
    if isinstance(exc, smtplib.SMTPRecipientsRefused) and exc.recipients:
        code, text = next(iter(exc.recipients.values()))
    elif isinstance(exc, smtplib.SMTPResponseException):
        code, text = exc.smtp_code, exc.smtp_error
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    placeholder = _("(adresse)")
    text = _ADDRESS.sub(placeholder, str(text))
    local = address.split("@")[0] if address else ""
    if len(local) >= 3:
        text = re.sub(rf"(?<!\w){re.escape(local)}(?!\w)", placeholder, text, flags=re.IGNORECASE)
    text = " ".join(text.split())
    prefix = f"SMTP {code}: " if code else f"{type(exc).__name__}: "
    return (prefix + text)[:500]


def _deliver_one(*, mailing, recipient, contacts, connection, files):
    person = recipient.person
    if person is None or not person.email:  # erased (or address removed) since the list was fixed
        Recipient.objects.filter(pk=recipient.pk).update(status=RecipientStatus.FAILED, error=_("Ingen adresse"))
        return
    try:
        build_message(
            mailing=mailing,
            to=person.email,
            organisation_name=recipient.organisation.name,
            language=recipient.language,
            token=opt_out_token(recipient.pk),
            connection=connection,
            attachments=files,
        ).send()
    except Exception as exc:  # an SMTP refusal for one address must not stop the mailing
        Recipient.objects.filter(pk=recipient.pk).update(
            status=RecipientStatus.FAILED, error=delivery_error(exc, address=person.email)
        )
        return
    with transaction.atomic():
        contact_id = contacts.get(recipient.organisation_id)
        if contact_id is None:
            contact = outreach_services.contact_log(
                organisation=recipient.organisation,
                date=timezone.localdate(),
                channel=Channel.EMAIL,
                outcome=Outcome.NO_RESPONSE,
                note=_("Utsendelse: %(subject)s") % {"subject": mailing.subject},
                user=mailing.queued_by,
            )
            contact_id = contacts[recipient.organisation_id] = contact.pk
        Recipient.objects.filter(pk=recipient.pk).update(
            status=RecipientStatus.SENT, sent_at=timezone.now(), error="", contact_id=contact_id
        )


# --- Bounces and replies ---------------------------------------------------------------------------


@transaction.atomic
def recipient_record_reply(*, recipient):
    """A reply came from this recipient: the organisation's contact for the mailing becomes
    `responded` (docs/domain.md outreach.organisations_responded)."""
    if recipient.replied_at is None:
        recipient.replied_at = timezone.now()
        recipient.save(update_fields=["replied_at"])
    if recipient.contact_id:
        outreach_services.contact_mark_responded(contact=recipient.contact)
    return recipient


@transaction.atomic
def recipient_record_bounce(*, recipient):
    """The e-mail came back undelivered. When none of the organisation's recipients of the mailing
    got it, its contact-log entry is withdrawn: the organisation was not reached."""
    if recipient.status != RecipientStatus.SENT:
        return recipient
    recipient.status = RecipientStatus.BOUNCED
    recipient.bounced_at = timezone.now()
    recipient.save(update_fields=["status", "bounced_at"])
    still_reached = Recipient.objects.filter(
        mailing_id=recipient.mailing_id, organisation_id=recipient.organisation_id, status=RecipientStatus.SENT
    ).exists()
    if recipient.contact_id and not still_reached and recipient.replied_at is None:
        outreach_services.contact_withdraw_unanswered(contact=recipient.contact)
    return recipient


@transaction.atomic
def contact_person_save_by_editor(*, form, organisation, user):
    """Save a contact person from EditorContactPersonForm and record their consent to mailings the
    way the portal records it (preference_give_consent, preference_opt_out): a yes given now is noted with who recorded it
    and when; a yes taken back is an opt-out, kept and suppressing the address. A person who has
    opted out is never signed up again from here (the form's box is disabled)."""
    person = form.save(commit=False)
    person.organisation = organisation
    person.save()
    field = form.fields["receives_mailings"]
    if field.disabled:
        return person
    receives = bool(form.preference and form.preference.receives_mailings)
    wanted = form.cleaned_data["receives_mailings"]
    if wanted and not receives:
        preference_give_consent(person=person, user=user)
    elif receives and not wanted:
        preference_opt_out(person=person, source=OptOutSource.EDITOR)
    return person


# --- The jobs (portal.background.jobs): started here, run by the worker ------------------------------------

JOB_KIND = "mailings.send"


@jobs.job_task()
def send_mailing(job, *, mailing_id):
    delivered = mailing_deliver(mailing_id=mailing_id, progress=lambda done, total: job.progress(done, total=total))
    return _("%(count)s e-poster levert.") % {"count": delivered}


def enqueue_send(*, mailing, user=None):
    """Start the job; the worker sees it once the caller's transaction (which queued the mailing)
    commits (jobs.job_start)."""
    return jobs.job_start(
        kind=JOB_KIND,
        label=_("Utsendelse: %(subject)s") % {"subject": mailing.subject},
        task=send_mailing,
        owner=user,
        subject=mailing,
        kwargs={"mailing_id": mailing.pk},
    )
