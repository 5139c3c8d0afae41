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
    mailed = 0
    for done, invitation in enumerate(invitations):
        job.progress(done, total=len(invitations))
        if services.meeting_send_update(invitation=invitation, meeting=meeting):
            mailed += 1
    job.progress(len(invitations), total=len(invitations), force=True)
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
    reminded = 0
    for done, invitation in enumerate(invitations):
        job.progress(done, total=len(invitations))
        if services.invitation_remind(invitation=invitation):
            reminded += 1
    job.progress(len(invitations), total=len(invitations), force=True)
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
