"""Writes of the grants app. E-mails go out from tasks enqueued after the transaction commits."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from grants import tasks
from grants.models import ApplicationStatus, Channel, Complaint, GrantApplication, UseReport
from portal.background import jobs


def _send(task, application, label, user=None):
    """Start the e-mail job; it is enqueued when the caller's transaction commits."""
    return jobs.job_start(
        kind=f"grants.{task.func.__name__}",
        label=label,
        task=task,
        owner=user,
        subject=application,
        kwargs={"application_id": application.pk},
    )


def _locked(application):
    return GrantApplication.objects.select_for_update().get(pk=application.pk)


# --- Applying ------------------------------------------------------------------------------


@transaction.atomic
def application_save(*, form, organisation, grant_round, user, submit):
    """The editor's draft, saved; with `submit` it is sent (status received) and acknowledged."""
    application = form.save(commit=False)
    if application.pk is not None and not _locked(application).is_draft:
        raise ValidationError(_("Søknaden er allerede sendt og kan ikke endres."))
    application.organisation = organisation
    application.round = grant_round
    application.channel = Channel.ONLINE
    if submit:
        if not grant_round.is_open():
            raise ValidationError(_("Søknadsfristen er ute, eller runden er ikke åpen."))
        application.status = ApplicationStatus.RECEIVED
        application.submitted_at = timezone.now()
        application.submitted_by = user
    application.save()
    if submit:
        _send(tasks.send_acknowledgement, application, _("Bekreftelse på søknad"), user)
    return application


@transaction.atomic
def application_register_paper(*, form, grant_round, user):
    """A paper application typed in by a coordinator: received at once, and acknowledged."""
    application = form.save(commit=False)
    application.round = grant_round
    application.channel = Channel.PAPER
    application.status = ApplicationStatus.RECEIVED
    application.submitted_at = timezone.now()
    application.submitted_by = user
    application.save()
    _send(tasks.send_acknowledgement, application, _("Bekreftelse på søknad"), user)
    return application


def attachment_add(*, form, application, user):
    attachment = form.save(commit=False)
    attachment.application = application
    attachment.uploaded_by = user
    attachment.save()
    return attachment


def attachment_delete(*, attachment):
    attachment.file.delete(save=False)
    attachment.delete()


# --- Assessment and decision ---------------------------------------------------------------


def application_assess(*, application, assessment):
    application.assessment = assessment
    application.save(update_fields=["assessment", "updated_at"])
    return application


@transaction.atomic
def application_decide(*, application, status, granted_amount, reason, decided_on, user, due_on=None):
    """Grant (an amount), refuse (with a reason) or mark withdrawn; a grant opens the report on
    its use with the round's due date. The letter goes out by e-mail after the commit."""
    application = _locked(application)
    if application.is_draft:
        raise ValidationError(_("Et utkast som ikke er sendt kan ikke avgjøres."))
    application.status = status
    application.granted_amount = granted_amount if status == ApplicationStatus.GRANTED else None
    application.decision_reason = reason
    application.decided_on = decided_on if status != ApplicationStatus.WITHDRAWN else None
    application.decided_by = user
    application.decision_sent_at = None  # a new decision: its letter has not gone out yet
    application.full_clean(exclude=["organisation", "round", "guidance"])
    application.save()
    if status == ApplicationStatus.GRANTED:
        due = due_on or application.round.report_due_on or decided_on.replace(year=decided_on.year + 1)
        UseReport.objects.update_or_create(application=application, defaults={"due_on": due})
    else:
        UseReport.objects.filter(application=application, submitted_at__isnull=True).delete()
    if status in (ApplicationStatus.GRANTED, ApplicationStatus.REFUSED):
        _send(tasks.send_decision_letter, application, _("Vedtaksbrev"), user)
    return application


def application_record_payment(*, application, paid_on, paid_amount):
    application.paid_on = paid_on
    application.paid_amount = paid_amount
    application.save(update_fields=["paid_on", "paid_amount", "updated_at"])
    return application


def application_link_guidance(*, application, guidance):
    application.guidance.set(guidance)
    return application


def complaint_register(*, application, received_on, grounds):
    return Complaint.objects.create(application=application, received_on=received_on, grounds=grounds)


def complaint_decide(*, complaint, outcome, outcome_on, outcome_note):
    complaint.outcome = outcome
    complaint.outcome_on = outcome_on
    complaint.outcome_note = outcome_note
    complaint.save(update_fields=["outcome", "outcome_on", "outcome_note", "updated_at"])
    return complaint


# --- Reporting back ------------------------------------------------------------------------


def use_report_submit(*, form, user):
    report = form.save(commit=False)
    report.submitted_at = timezone.now()
    report.submitted_by = user
    report.save()
    return report


def use_report_remind(*, report, today=None):
    """Send one reminder and note the day, so the daily command does not repeat it for a week."""
    report.last_reminded_on = today or timezone.localdate()
    report.save(update_fields=["last_reminded_on", "updated_at"])
    _send(tasks.send_report_reminder, report.application, _("Påminnelse om rapport"))
