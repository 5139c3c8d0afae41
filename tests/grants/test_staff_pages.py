"""The coordinators' side: paper applications, assessment, decision with its letter by e-mail and
as PDF, payment, complaint and its outcome, guidance linked to the application."""

import datetime
import subprocess

import pytest
from django.core import mail
from django.urls import reverse

from grants.models import ApplicationStatus, Complaint, GrantApplication, UseReport
from outreach.models import Guidance, GuidanceTopic
from tests.conftest import make_organisation
from tests.grants import factories

pytestmark = pytest.mark.django_db


def pdf_text(data):
    return " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True).stdout.decode().replace("\u00a0", " ").split())


@pytest.fixture
def received(db, org_a, editor):
    grant_round = factories.grant_round(2025, 321702, report_due_on=datetime.date(2026, 2, 1))
    return factories.application(grant_round, org_a, applied=12000, participants=80, project="Sommerfest")


def decide(client, application, **data):
    return client.post(reverse("grants:application_decide", args=[application.pk]), {"decided_on": "2025-04-02", **data})


def test_granting_sends_the_letter_with_the_pdf_and_opens_the_report(client, coordinator, received, editor, run_jobs):
    client.force_login(coordinator)
    with run_jobs():
        response = decide(client, received, status="granted", granted_amount="10000", reason="Godt tiltak for hele bydelen")
    assert response.status_code == 302
    received.refresh_from_db()
    assert (received.status, received.granted_amount, received.decided_by) == (ApplicationStatus.GRANTED, 10000, coordinator)
    assert received.decision_sent_at is not None
    assert UseReport.objects.get(application=received).due_on == datetime.date(2026, 2, 1)
    (letter,) = mail.outbox
    assert letter.to == [editor.email]
    assert "Søknaden er innvilget med 10\u00a0000 kr." in letter.body
    ((filename, data, mimetype),) = letter.attachments
    assert mimetype == "application/pdf" and filename.endswith(".pdf")
    text = pdf_text(data)
    assert "Vedtak om tilskudd: Tilskudd til frivillig virksomhet i lokalsamfunn 2025" in text
    assert "Søknaden er innvilget med 10 000 kr." in text and "Søkt beløp 12 000 kr" in text
    assert "Godt tiltak for hele bydelen" in text and "Klagerett" in text


def test_a_refusal_needs_a_reason_and_a_grant_no_more_than_applied(client, coordinator, received):
    client.force_login(coordinator)
    assert decide(client, received, status="refused", reason="").status_code == 400
    response = decide(client, received, status="granted", granted_amount="13000")
    assert response.status_code == 400 and "ikke være større enn søkt beløp" in response.content.decode()
    received.refresh_from_db()
    assert received.status == ApplicationStatus.RECEIVED and mail.outbox == []


def test_a_refusal_is_sent_and_a_withdrawal_is_not(client, coordinator, received, run_jobs):
    client.force_login(coordinator)
    with run_jobs():
        decide(client, received, status="refused", reason="Utenfor ordningens formål")
    received.refresh_from_db()
    assert received.status == ApplicationStatus.REFUSED and received.granted_amount is None
    assert "Søknaden er avslått." in mail.outbox[0].body
    other = factories.application(received.round, make_organisation(name="Tredje"), participants=3)
    with run_jobs():
        decide(client, other, status="withdrawn")
    other.refresh_from_db()
    assert other.status == ApplicationStatus.WITHDRAWN and len(mail.outbox) == 1


def test_payment_complaint_and_its_outcome_are_recorded(client, coordinator, received):
    received.status, received.granted_amount = ApplicationStatus.GRANTED, 10000
    received.save()
    client.force_login(coordinator)
    assert client.post(reverse("grants:application_payment", args=[received.pk]), {"paid_on": "2025-04-10", "paid_amount": "11000"}).status_code == 400
    client.post(reverse("grants:application_payment", args=[received.pk]), {"paid_on": "2025-04-10", "paid_amount": "10000"})
    client.post(reverse("grants:complaint_create", args=[received.pk]), {"received_on": "2025-04-15", "grounds": "Vi søkte om mer"})
    complaint = Complaint.objects.get()
    prefix = f"c{complaint.pk}"
    client.post(reverse("grants:complaint_outcome", args=[complaint.pk]), {f"{prefix}-outcome": "rejected", f"{prefix}-outcome_on": "2025-05-01", f"{prefix}-outcome_note": "Rammen er brukt opp"})
    received.refresh_from_db()
    complaint.refresh_from_db()
    assert (received.paid_on, received.paid_amount) == (datetime.date(2025, 4, 10), 10000)
    assert (complaint.outcome, complaint.outcome_on) == ("rejected", datetime.date(2025, 5, 1))
    page = client.get(reverse("grants:application_detail", args=[received.pk])).content.decode()
    assert "Vi søkte om mer" in page and "Ikke tatt til følge" in page


def test_a_paper_application_is_registered_received_and_acknowledged(client, coordinator, org_a, editor, run_jobs):
    grant_round = factories.grant_round(2025, 321702)
    client.force_login(coordinator)
    with run_jobs():
        response = client.post(
            reverse("grants:application_create", args=[grant_round.pk]),
            {"organisation": org_a.pk, "part": "operating", "applied_amount": "20000", "members": "45", "project": "", "description": "", "note": "Levert på papir"},
        )
    application = GrantApplication.objects.get()
    assert response.status_code == 302
    assert (application.status, application.channel, application.members) == (ApplicationStatus.RECEIVED, "paper", 45)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [editor.email]


def test_guidance_given_is_linked_and_the_path_help_applied_granted_is_shown(client, coordinator, received, org_a, org_b):
    help_a = Guidance.objects.create(date=datetime.date(2025, 2, 1), organisation=org_a, topic=GuidanceTopic.GRANT_APPLICATION)
    Guidance.objects.create(date=datetime.date(2025, 2, 3), organisation=org_b, topic=GuidanceTopic.GRANT_APPLICATION)
    Guidance.objects.create(date=datetime.date(2024, 2, 3), organisation=org_b, topic=GuidanceTopic.GRANT_APPLICATION)  # another year
    others = Guidance.objects.create(date=datetime.date(2025, 2, 3), organisation=org_b, topic=GuidanceTopic.PREMISES)
    client.force_login(coordinator)
    # only the organisation's own guidance can be linked
    assert client.post(reverse("grants:application_guidance", args=[received.pk]), {"guidance": [others.pk]}).status_code == 400
    client.post(reverse("grants:application_guidance", args=[received.pk]), {"guidance": [help_a.pk]})
    assert list(received.guidance.all()) == [help_a]
    received.status, received.granted_amount = ApplicationStatus.GRANTED, 5000
    received.save()
    page = client.get(reverse("grants:dashboard") + "?aar=2025").content.decode()
    assert "2 organisasjoner fikk veiledning om tilskuddssøknad, 1 søkte og 1 fikk tilskudd." in page


def test_council_staff_see_the_figures_but_not_the_applications(client, council_staff, received):
    client.force_login(council_staff)
    assert client.get(reverse("grants:dashboard") + "?aar=2025").status_code == 200
    assert client.get(reverse("grants:application_detail", args=[received.pk])).status_code == 403
    assert client.get(reverse("grants:round_detail", args=[received.round.pk])).status_code == 403


def test_the_reminder_command_reminds_once_a_week_until_reported(coordinator, received, editor, run_jobs):
    from django.core.management import call_command

    received.status, received.granted_amount = ApplicationStatus.GRANTED, 10000
    received.save()
    today = datetime.date.today()
    report = UseReport.objects.create(application=received, due_on=today + datetime.timedelta(days=3))
    far = factories.granted(received.round, make_organisation(name="Senere"), part="activity", applied=100, amount=100, heads=1)
    UseReport.objects.create(application=far, due_on=today + datetime.timedelta(days=60))
    with run_jobs():
        call_command("send_grant_report_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1 and "Rapporten om bruken av tilskuddet skal leveres" in mail.outbox[0].body
    with run_jobs():
        call_command("send_grant_report_reminders", stdout=open("/dev/null", "w"))
    assert len(mail.outbox) == 1  # not again the same week
    report.refresh_from_db()
    assert report.last_reminded_on == today


def test_a_decision_letter_job_run_again_sends_the_letter_once(client, coordinator, received, editor, run_jobs):
    from portal.background.jobs import Job, _enqueue, run_pending

    client.force_login(coordinator)
    with run_jobs():
        decide(client, received, status="refused", reason="Utenfor ordningen")
    job = Job.objects.get(kind="grants.send_decision_letter")
    assert job.state == Job.State.SUCCEEDED and len(mail.outbox) == 1
    # The worker died after the send, before the job was marked done: the task is delivered again.
    Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, finished_at=None)
    _enqueue(job)
    run_pending()
    assert len(mail.outbox) == 1
    job.refresh_from_db()
    assert job.state == Job.State.SUCCEEDED and job.message == "Vedtaksbrevet var allerede sendt."


def test_a_failed_send_is_retried_and_the_letter_goes_out_once(client, coordinator, received, editor, run_jobs, monkeypatch):
    import smtplib

    from django.core.mail import EmailMessage

    from portal.background import jobs

    real_send = EmailMessage.send
    failures = []

    def send_once_failing(message, *args, **kwargs):
        if not failures and message.subject.startswith("Vedtak"):
            failures.append(message)
            raise smtplib.SMTPServerDisconnected("connection lost")
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(EmailMessage, "send", send_once_failing)
    monkeypatch.setattr(jobs, "RETRY_DELAY", None)  # the retry is ready at once here
    client.force_login(coordinator)
    with run_jobs():
        decide(client, received, status="granted", granted_amount="10000", reason="Godt tiltak")
    received.refresh_from_db()
    assert len(failures) == 1 and len(mail.outbox) == 1 and received.decision_sent_at is not None
    job = jobs.Job.objects.get(kind="grants.send_decision_letter")
    assert (job.state, job.attempts) == (jobs.Job.State.SUCCEEDED, 2)


def test_a_new_decision_sends_its_own_letter(client, coordinator, received, editor, run_jobs):
    client.force_login(coordinator)
    with run_jobs():
        decide(client, received, status="refused", reason="Utenfor ordningen")
    with run_jobs():
        decide(client, received, status="granted", granted_amount="9000", reason="Etter klage")
    assert [letter.subject.startswith("Vedtak") for letter in mail.outbox] == [True, True]
    assert "9\u00a0000 kr" in mail.outbox[1].body
