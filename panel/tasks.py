"""Background jobs of the panel (portal/jobs.py): the invitation e-mails of a meeting."""

from django.utils.translation import gettext as _

from organisations.models import Organisation
from panel import services
from panel.models import Invitation, Meeting
from portal import jobs


@jobs.job_task()
def send_invitations(job, *, meeting_id, organisation_ids, message=""):
    meeting = Meeting.objects.get(pk=meeting_id)
    organisations = list(Organisation.objects.filter(pk__in=organisation_ids).order_by("name"))
    _invited, mailed, without_address = services.invitations_send(
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
    mailed = sum(
        1 for invitation in job.each(invitations) if services.meeting_send_update(invitation=invitation, meeting=meeting)
    )
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
    reminded = sum(1 for invitation in job.each(invitations) if services.invitation_remind(invitation=invitation))
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
    from panel import pdf

    meeting = Meeting.objects.filter(pk=meeting_id).first()
    if meeting is None:
        raise jobs.JobFailed(_("Møtet finnes ikke lenger."))
    job.progress(0, total=1, force=True)
    pdf.minutes_render(meeting)
    return _("PDF-en er klar.")


def minutes_pdf_start(*, meeting, user):
    """The job that renders a meeting's minutes as PDF; the user's own unfinished one when it
    already runs (a reload of the waiting page starts nothing new)."""
    for job in jobs.recent_jobs(subject=meeting, kind=MINUTES_PDF_JOB, owner=user):
        if not job.is_finished:
            return job
    return jobs.job_start(
        kind=MINUTES_PDF_JOB, label=_("Referat som PDF: %(title)s") % {"title": meeting.title},
        task=render_minutes_pdf, owner=user, subject=meeting, kwargs={"meeting_id": meeting.pk}, total=1,
    )
