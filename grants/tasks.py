"""The grants app's e-mails, sent from background jobs (portal/jobs.py, django-tasks underneath).

Services start them with `jobs.job_start`, which enqueues when the caller's transaction commits
(a rolled-back decision never sends a letter). Arguments are primary keys: the job reads the
record as it is when it runs.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from portal import jobs


def _recipients(application):
    """The organisation's editors; for an organisation without editors its own address."""
    emails = sorted({user.email for user in application.organisation.editors.all() if user.email})
    if not emails and application.organisation.email:
        emails = [application.organisation.email]
    return emails


def _message(application, template, subject):
    from organisations.services import absolute_url

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


@jobs.job_task()
def send_acknowledgement(job, *, application_id):
    from django.utils.translation import gettext as _

    application = _application(application_id)
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(application, "acknowledgement", _("Søknaden er mottatt: %(round)s") % {"round": application.round})
        if message.to:
            message.send()


@jobs.job_task()
def send_decision_letter(job, *, application_id):
    """The decision by e-mail, with the letter as PDF attached; records when it went out."""
    from django.utils.translation import gettext as _

    from grants import pdf
    from grants.models import GrantApplication

    application = _application(application_id)
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(application, "decision", _("Vedtak om tilskudd: %(round)s") % {"round": application.round})
        filename, mimetype, data = pdf.decision_letter(application)
        message.attach(filename, data, mimetype)
        if message.to:
            message.send()
    GrantApplication.objects.filter(pk=application.pk).update(decision_sent_at=timezone.now())


@jobs.job_task()
def send_report_reminder(job, *, application_id):
    from django.utils.translation import gettext as _

    application = _application(application_id)
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(application, "report_reminder", _("Påminnelse: rapport om bruk av tilskudd, %(round)s") % {"round": application.round})
        if message.to:
            message.send()
