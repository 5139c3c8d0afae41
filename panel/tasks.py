"""Background jobs of the panel (portal/jobs.py): the invitation e-mails of a meeting."""

from django.utils.translation import gettext as _

from organisations.models import Organisation
from panel import services
from panel.models import Meeting
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
