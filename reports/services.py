"""Writes of the annual report: drafts and their chapters, approval (freezing), publishing and
reopening. Approval is the one place a snapshot is taken; nothing changes it afterwards."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.text.sanitize import clean_report_text
from reports import selectors
from reports.models import DEFAULT_CHAPTERS, AnnualReport, ReportSection, ReportStatus
from surveys.selectors import year_has_open_survey
from mailings import services as mailing_services
from mailings.models import Mailing

class ReportError(Exception):
    """A report action that the report's state does not allow (shown to the coordinator)."""


def report_create(*, year, user=None, title=""):
    """A new draft for the year: the previous version's chapters, else last year's chapters with
    their texts, else the reference report's chapters."""
    try:
        return _report_create(year=year, user=user, title=title)
    except IntegrityError:
        # Two coordinators pressing at once: the constraints let one draft through.
        raise ReportError(_("Det finnes allerede et utkast for dette året.")) from None


@transaction.atomic
def _report_create(*, year, user, title):
    if selectors.draft_for_year(year):
        raise ReportError(_("Det finnes allerede et utkast for dette året."))
    previous = AnnualReport.objects.filter(year=year).order_by("-version").first()
    report = AnnualReport.objects.create(
        year=year,
        version=selectors.next_version(year),
        title=title or (previous.title if previous else selectors.default_title(year)),
        created_by=user,
        # A new version of the year keeps the chosen period; a new year chooses its own.
        period_start=previous.period_start if previous else None,
        period_end=previous.period_end if previous else None,
    )
    # A new year starts from last year's chapters and texts (the newest version), to be rewritten.
    template = previous or AnnualReport.objects.filter(year=year - 1).order_by("-version").first()
    if template:
        ReportSection.objects.bulk_create(
            ReportSection(
                report=report, position=s.position, level=s.level, heading=s.heading, body=s.body, generated=s.generated,
                # The new version shows the same stored image (files are never deleted with a version).
                image=s.image.name, image_alt=s.image_alt, image_caption=s.image_caption,
            )
            for s in template.sections.all()
        )
    else:
        ReportSection.objects.bulk_create(
            ReportSection(report=report, position=index, level=level, heading=str(heading), generated=generated)
            for index, (level, heading, generated) in enumerate(DEFAULT_CHAPTERS, start=1)
        )
    return report


def _require_draft(report):
    if not report.is_draft:
        raise ReportError(_("Rapporten er godkjent og kan ikke endres. Åpne den igjen for å lage en ny versjon."))


def section_save(*, report, section=None, level, heading, body, generated, image=None, image_alt="", image_caption=""):
    """Create or update a chapter; the text is sanitized before it is stored. `image`: a new
    upload, False to take the image away, None (or the stored file) to keep it."""
    _require_draft(report)
    if section is None:
        last = report.sections.aggregate(m=Max("position"))["m"] or 0
        section = ReportSection(report=report, position=last + 1)
    section.level = level
    section.heading = heading
    section.body = clean_report_text(body)
    section.generated = generated or ""
    if image is False:
        section.image = ""
    elif image:
        section.image = image
    section.image_alt = (image_alt or "").strip() if section.image else ""
    section.image_caption = (image_caption or "").strip() if section.image else ""
    section.save()
    return section


def report_set_period(*, report, period):
    """Add a chosen period (a portal.reporting.periods.Period) to a draft, or take it away (None)."""
    _require_draft(report)
    report.period_start, report.period_end = (period.start, period.end) if period else (None, None)
    report.save(update_fields=["period_start", "period_end", "updated_at"])
    return report


@transaction.atomic
def section_move(*, section, direction):
    """Swap a chapter with its neighbour above (direction -1) or below (+1)."""
    report = AnnualReport.objects.select_for_update().get(pk=section.report_id)
    _require_draft(report)
    siblings = report.sections.order_by("position")
    neighbour = (
        siblings.filter(position__lt=section.position).last()
        if direction < 0
        else siblings.filter(position__gt=section.position).first()
    )
    if neighbour is None:
        return
    # position is unique per report: park one row past the end while the two swap.
    parking = (siblings.aggregate(m=Max("position"))["m"] or 0) + 1
    mine, theirs = section.position, neighbour.position
    ReportSection.objects.filter(pk=section.pk).update(position=parking)
    ReportSection.objects.filter(pk=neighbour.pk).update(position=mine)
    ReportSection.objects.filter(pk=section.pk).update(position=theirs)


def section_delete(*, section):
    _require_draft(section.report)
    section.delete()


@transaction.atomic
def report_approve(*, report, approved_by_body, approved_on):
    """Freeze the report: every figure, list and text as it is now goes into the snapshot."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_draft(report)
    if year_has_open_survey(report.year):
        # A snapshot is stored for good: made while a survey is open, it is a dated copy of its
        # answers, and a later version's snapshot would be a second (docs/operations.md "Anonymity").
        raise ReportError(_("En spørreundersøkelse for året er fortsatt åpen. Godkjenn rapporten når den har stengt."))
    report.status = ReportStatus.APPROVED
    report.approved_by_body = approved_by_body
    report.approved_on = approved_on
    report.snapshot = selectors.build_content(report)
    report.save(update_fields=["status", "approved_by_body", "approved_on", "snapshot", "updated_at"])
    return report


@transaction.atomic
def report_publish(*, report, published_on=None):
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.APPROVED:
        raise ReportError(_("Bare en godkjent rapport kan publiseres."))
    report.status = ReportStatus.PUBLISHED
    report.published_on = published_on or timezone.localdate()
    # The snapshot and the stored PDF stay as approved: the document does not print this date.
    report.save(update_fields=["status", "published_on", "updated_at"])
    return report


def report_reopen(*, report, user=None):
    """A new draft version with the chapters of this one; this version stays as it is."""
    if report.is_draft:
        raise ReportError(_("Rapporten er allerede et utkast."))
    return report_create(year=report.year, user=user, title=report.title)


def report_store_pdf(*, report, filename, data):
    """Keep the approved report's PDF (rendered once). A concurrent render that lost the race
    leaves the stored file as it is."""
    from django.core.files.base import ContentFile

    if not report.is_frozen:
        raise ReportError("only an approved report's PDF is stored")
    with transaction.atomic():
        locked = AnnualReport.objects.select_for_update().get(pk=report.pk)
        if locked.pdf:
            return locked
        locked.pdf.save(filename, ContentFile(data), save=False)
        locked.save(update_fields=["pdf", "updated_at"])
    return locked



# --- Sending the published report -------------------------------------------------------------

# Named recipients are the leadership group, the political committee, a few partners: a handful.
MAX_NAMED_RECIPIENTS = 25


def _sending_texts(report):
    """Subject, formatted text (for a mailing) and plain text (for named recipients), in bokmål."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils import dateformat, translation
    from django.utils.html import escape
    from django.utils.translation import gettext

    base = settings.PORTAL_BASE_URL.rstrip("/")
    page, pdf_url = base + reverse("reports:detail", args=[report.year]), base + reverse("reports:pdf", args=[report.year])
    with translation.override("nb"):
        intro = gettext("%(title)s er godkjent av %(body)s %(date)s og publisert.") % {
            "title": report.title, "body": report.approved_by_body or gettext("Erfaringspanelet"),
            "date": dateformat.format(report.approved_on, "j. F Y"),
        }
        read, download = gettext("Les rapporten"), gettext("Last ned rapporten som PDF")
    html = (
        f"<p>{escape(intro)}</p>"
        f'<ul><li><a href="{escape(page)}">{escape(read)}</a></li><li><a href="{escape(pdf_url)}">{escape(download)}</a></li></ul>'
    )
    text = f"{intro}\n\n{read}: {page}\n{download}: {pdf_url}\n"
    return report.title, html, text


def report_send(*, report, segment=None, named=(), user=None):
    """Send a published report's public link to a mailing segment (a mailing, queued for the
    worker, that records each recipient) and to named recipients ((name, address) pairs, mailed
    now); the sending is recorded. Returns (sending, names that could not be mailed)."""
    from django.conf import settings
    from email.headerregistry import Address

    from django.core import mail

    from portal.output.mail import header_safe
    from reports.models import ReportSending

    if not report.is_published:
        raise ReportError(_("Publiser rapporten før den sendes, så lenken virker for alle som får den."))
    if segment is None and not named:
        raise ReportError(_("Velg et utvalg eller skriv inn minst én mottaker."))
    if len(named) > MAX_NAMED_RECIPIENTS:
        raise ReportError(_("Høyst %(n)s navngitte mottakere om gangen; bruk et utvalg for flere.") % {"n": MAX_NAMED_RECIPIENTS})
    subject, html, text = _sending_texts(report)
    mailing = None
    if segment is not None:
        mailing = Mailing.objects.create(segment=segment, segment_name=segment.name, subject=subject, body=html, created_by=user)
        mailing_services.mailing_queue(mailing=mailing, user=user)
    sent, failed = [], []
    if named:
        with mail.get_connection() as connection:
            for name, address in named:
                message = mail.EmailMessage(
                    subject=header_safe(subject), body=text, from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[str(Address(display_name=header_safe(name, max_length=200), addr_spec=address))],
                    reply_to=[settings.PORTAL_CONTACT_EMAIL], connection=connection,
                )
                try:
                    message.send()
                except OSError:  # smtplib's errors are OSErrors: the rest still go
                    failed.append(name or address)
                else:
                    sent.append({"name": name, "email": address})
    sending = ReportSending.objects.create(
        report=report, sent_by=user if user is not None and user.is_authenticated else None, mailing=mailing,
        segment_name=segment.name if segment is not None else "", named_recipients=sent,
    )
    return sending, failed
