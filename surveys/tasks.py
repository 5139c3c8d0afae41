"""Background jobs of surveys (portal/background/jobs.py): the personal links mailed from the register and the
reminders. The jobs' arguments are the survey's id only: each link's address is read, and its
e-mail rendered, in the worker, so no token is stored with a job."""

from django.utils.translation import gettext as _

from portal.background import jobs
from surveys import services
from surveys.models import Survey

SEND_JOB = "surveys.send_links"
REMIND_JOB = "surveys.remind"


def _mail_links(job, links, *, reminder):
    return sum(1 for link in job.each(links) if services.survey_link_mail(link=link, reminder=reminder))


@jobs.job_task()
def send_survey_links(job, *, survey_id):
    survey = Survey.objects.get(pk=survey_id)
    mailed = _mail_links(job, services.links_to_send(survey), reminder=False)
    return _("%(count)s lenker sendt.") % {"count": mailed}


@jobs.job_task()
def send_survey_reminders(job, *, survey_id):
    survey = Survey.objects.get(pk=survey_id)
    mailed = _mail_links(job, services.links_to_remind(survey), reminder=True)
    return _("%(count)s påminnelser sendt.") % {"count": mailed}


def survey_links_start(*, survey, user):
    return jobs.job_start(
        kind=SEND_JOB, label=_("Lenker til %(title)s") % {"title": survey.title}, task=send_survey_links,
        owner=user, subject=survey, kwargs={"survey_id": survey.pk},
    )


def survey_reminders_start(*, survey, user):
    return jobs.job_start(
        kind=REMIND_JOB, label=_("Påminnelser om %(title)s") % {"title": survey.title}, task=send_survey_reminders,
        owner=user, subject=survey, kwargs={"survey_id": survey.pk},
    )
