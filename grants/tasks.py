"""The grants app's e-mails, sent from background jobs (portal/background/jobs.py, django-tasks underneath).

Services start them with `jobs.job_start`, which enqueues when the caller's transaction commits
(a rolled-back decision never sends a letter). Arguments are primary keys: the job reads the
record as it is when it runs.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from portal.background import jobs
from organisations.services import absolute_url


def _recipients(application):
    """The organisation's editors; for an organisation without editors its own address."""
    emails = sorted({user.email for user in application.organisation.editors.all() if user.email})
    if not emails and application.organisation.email:
        emails = [application.organisation.email]
    return emails


def _message(application, template, subject):
    context = {
        "application": application,
        "organisation": application.organisation,
        "round": application.round,
        "page_url": absolute_url(f"/mine-organisasjoner/{application.organisation.slug}/tilskudd/"),
        "project_name": settings.PORTAL_PROJECT_NAME,
        "municipality": settings.PORTAL_MUNICIPALITY,
    }
    body = render_to_string(f"grants/email/{template}.txt", context)
    return EmailMessage(str(subject), body, settings.DEFAULT_FROM_EMAIL, _recipients(application))


def _application(application_id):
    from grants.models import GrantApplication

    return GrantApplication.objects.select_related("round__scheme", "organisation").get(pk=application_id)


def _send(application_id, template, subject):
    """An e-mail about the application in the portal's language; `subject` names the %(round)s."""
    application = _application(application_id)
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(application, template, subject % {"round": application.round})
        if message.to:
            message.send()


@jobs.job_task()
def send_acknowledgement(job, *, application_id):
    _send(application_id, "acknowledgement", gettext_lazy("Søknaden er mottatt: %(round)s"))


@jobs.job_task()
def send_decision_letter(job, *, application_id):
    """The decision by e-mail, with the letter as PDF attached; records when it went out.

    Safe to run again (a retry, or a delivery repeated after a worker died): the send is claimed
    first with one conditional UPDATE on `decision_sent_at` (emptied by each new decision), so a
    second run finds it claimed and sends nothing. A send that raises gives the claim back for the
    retry. A worker killed between the claim and the send loses that letter rather than sending two
    (SMTP allows no exactly-once); the job is then failed as stale and the page shows no send time."""
    from django.utils.translation import gettext as _

    from grants import pdf
    from grants.models import GrantApplication

    application = _application(application_id)
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(application, "decision", _("Vedtak om tilskudd: %(round)s") % {"round": application.round})
        filename, mimetype, data = pdf.decision_letter(application)
        message.attach(filename, data, mimetype)
        claimed_at = timezone.now()
        unsent = GrantApplication.objects.filter(pk=application.pk, decision_sent_at__isnull=True)
        if not unsent.update(decision_sent_at=claimed_at):
            return _("Vedtaksbrevet var allerede sendt.")
        try:
            if message.to:
                message.send()
        except Exception:
            GrantApplication.objects.filter(pk=application.pk, decision_sent_at=claimed_at).update(decision_sent_at=None)
            raise
    return None


@jobs.job_task()
def send_report_reminder(job, *, application_id):
    _send(application_id, "report_reminder", gettext_lazy("Påminnelse: rapport om bruk av tilskudd, %(round)s"))
