"""The background job that sends a mailing (portal/jobs.py: a django-tasks task with a Job row
for progress, retries and the coordinators' job list)."""

from django.utils.translation import gettext as _

from mailings import services
from portal import jobs

JOB_KIND = "mailings.send"


@jobs.job_task()
def send_mailing(job, *, mailing_id):
    delivered = services.mailing_deliver(mailing_id=mailing_id, progress=lambda done, total: job.progress(done, total=total))
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
