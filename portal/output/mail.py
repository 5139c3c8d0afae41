"""The portal's e-mail: one place builds every message, so no record's text can break a header.

A subject made from a record (an event's title, a meeting's title, an organisation's name) may
hold CR, LF or other control characters; Django refuses such a header with BadHeaderError, which
used to turn a committed decision into a 500. `header_safe()` makes any text a one-line header
value, and `build_message()` is what every sender uses.
"""

import re
import unicodedata

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives

SUBJECT_MAX_LENGTH = 200
# CR, LF and every other control or separator character that could end or fold a header line:
# C0/C1 controls, DEL, NEL, the Unicode line and paragraph separators.
_BREAKING = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def header_safe(text, max_length=SUBJECT_MAX_LENGTH):
    """`text` as a single header line: breaking characters become spaces, runs of white space
    one space, format characters (zero-width, bidi overrides) are dropped, and it is cut to length."""
    text = _BREAKING.sub(" ", str(text))
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    text = " ".join(text.split())
    if len(text) > max_length:
        text = text[: max_length - 1].rstrip() + "…"
    return text


class _CalendarMessage(EmailMultiAlternatives):
    """A message whose calendar is an alternative of its text (multipart/alternative), typed
    `text/calendar; method=…` as RFC 6047 asks: Outlook, Gmail and Thunderbird then show it as an
    invitation or a cancellation, not as a file."""

    calendar_method = "REQUEST"

    def _create_mime_attachment(self, content, mimetype):
        part = super()._create_mime_attachment(content, mimetype)
        if mimetype == "text/calendar":
            part.set_param("method", self.calendar_method)
        return part


def build_message(*, subject, body, to, from_email=None, attachments=(), calendar=None):
    """An EmailMessage whose subject is header-safe and whose addresses are checked the same way.
    `calendar`: (iCalendar text, its METHOD), sent beside the text as an inline part."""
    recipients = [header_safe(address, max_length=320) for address in to if address]
    message = (_CalendarMessage if calendar else EmailMessage)(
        subject=header_safe(subject),
        body=body,
        from_email=from_email or settings.DEFAULT_FROM_EMAIL,
        to=recipients,
    )
    if calendar:
        content, message.calendar_method = calendar
        message.attach_alternative(content, "text/calendar")
    for filename, content, mimetype in attachments:
        message.attach(header_safe(filename, max_length=100), content, mimetype)
    return message


def send(*, subject, body, to, from_email=None, attachments=(), calendar=None):
    return build_message(
        subject=subject, body=body, to=to, from_email=from_email, attachments=attachments, calendar=calendar
    ).send()


# --- Queued e-mail: a decision is committed first, its e-mail goes through a background job ---

from django.utils.translation import gettext as _  # noqa: E402

from portal.background import jobs  # noqa: E402


@jobs.job_task()
def send_queued(job, *, subject, body, to):
    """The job behind `queue()`: retried a minute apart on failure, then shown to coordinators
    as failed at /koordinator/jobber/ (portal/background/jobs.py)."""
    if not to:
        raise jobs.JobFailed(_("Ingen mottaker har en e-postadresse."))
    send(subject=subject, body=body, to=to)
    return _("E-post sendt til %(to)s.") % {"to": ", ".join(to)}


def queue(*, subject, body, to, label, owner=None, about=None, kind="mail"):
    """Queue an e-mail (after the caller's transaction commits): a mail failure never turns into
    a 500 and never undoes what was decided. The arguments are stored with the job, so nothing
    secret (no token, no password link) may go through here."""
    return jobs.job_start(
        kind=kind,
        label=label,
        task=send_queued,
        owner=owner,
        subject=about,
        kwargs={"subject": header_safe(subject), "body": str(body), "to": [address for address in to if address]},
    )


# --- Who may be mailed, and in which language ---------------------------------------------------
# The mailings app keeps each organisation's mailing language and each person's consent, opt-out
# and suppression. The apps below it (the panel mails invitations, minutes and answers) ask here;
# mailings answers, registered in its AppConfig.ready(), so they need not import it.

_preferences = {}


def register_preferences(*, organisation_language, receiving_persons):
    """`organisation_language(organisation)` → a language code; `receiving_persons(organisations)`
    → the contact persons of those organisations (or their pks) who may be e-mailed."""
    _preferences.update(organisation_language=organisation_language, receiving_persons=receiving_persons)


def _answer(name):
    if name not in _preferences:
        raise RuntimeError(f"No app has registered portal.output.mail.{name} (the mailings app does, in its ready()).")
    return _preferences[name]


def organisation_language(organisation):
    """The language the organisation is written to in (the mailings app's preference)."""
    return _answer("organisation_language")(organisation)


def receiving_persons(organisations):
    """The organisations' contact persons who may be e-mailed: consent, not opted out, not suppressed."""
    return _answer("receiving_persons")(organisations)
