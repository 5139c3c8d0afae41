"""E-mail that cannot break a decision.

The attacks of the audit: an event title with header characters made the coordinator's approval
a 500 after the decision was committed; a failed e-mail left an invitation that cancelled the
previous one and was never sent. Now subjects are made header-safe in one place (portal.output.mail),
a decision's e-mail is a background job (retried, its failure shown to coordinators), and an
invitation that could not be sent changes nothing.
"""

import re
import smtplib

import pytest
from django.urls import reverse

from organisations.models import EditorInvitation, Event, ModerationStatus
from portal.background import jobs
from portal.output import mail
from portal.background.jobs import Job
from tests.organisations.test_events import post_event

pytestmark = pytest.mark.django_db

HOSTILE_TITLE = "Kulturkveld\r\nBcc: alle@example.net\nX-Spam: ja\u2028slutt"


@pytest.fixture
def listed(published, editor):
    organisation = published("Eritreisk forening")
    organisation.editors.add(editor)
    return organisation


@pytest.fixture
def hostile_event(client, editor, listed):
    client.force_login(editor)
    post_event(client, listed)
    # The form may refuse line breaks; a title can also arrive through the admin or a restore.
    Event.objects.update(title=HOSTILE_TITLE)
    return Event.objects.get()


def decide(client, coordinator, event, captured):
    client.force_login(coordinator)
    with captured(execute=True):
        return client.post(reverse("organisations:moderation_event", args=[event.pk]), {"decision": "approve"})


def test_header_safe_makes_any_text_one_header_line():
    assert mail.header_safe("a\r\nBcc: x@y\n\tz\x00\u2028w\u202e") == "a Bcc: x@y z w"
    assert len(mail.header_safe("x" * 500)) == mail.SUBJECT_MAX_LENGTH


def test_header_characters_in_an_event_title_do_not_break_the_approval(
    client, coordinator, hostile_event, mailoutbox, django_capture_on_commit_callbacks
):
    response = decide(client, coordinator, hostile_event, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    hostile_event.refresh_from_db()
    assert hostile_event.status == ModerationStatus.APPROVED
    jobs.run_pending()
    (sent,) = mailoutbox
    assert "\n" not in sent.subject and "\r" not in sent.subject and "Kulturkveld Bcc:" in sent.subject
    message = sent.message()
    assert message["Bcc"] is None and message["X-Spam"] is None
    assert sent.recipients() == ["redaktor@example.org"]


def test_a_failing_mail_server_never_turns_a_decision_into_a_500_and_the_failure_is_shown(
    client, coordinator, hostile_event, mailoutbox, django_capture_on_commit_callbacks, monkeypatch
):
    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    response = decide(client, coordinator, hostile_event, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    hostile_event.refresh_from_db()
    assert hostile_event.status == ModerationStatus.APPROVED  # the decision stands
    job = Job.objects.get(kind="organisations.decision_mail")
    assert job.owner == coordinator
    # Every attempt fails; each failure queues a retry until the last, which is recorded.
    for _attempt in range(job.max_attempts):
        Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED)
        job.refresh_from_db()
        jobs._enqueue(job)
        jobs.run_pending()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "SMTPServerDisconnected" in job.error
    assert mailoutbox == []
    page = client.get(reverse("organisations:moderation_queue")).content.decode()
    assert "kunne ikke sendes" in page and "SMTPServerDisconnected" in page


def path_from(message):
    return re.search(r"https?://[^/\s]+(/invitasjon/\S+)", message.body).group(1)


def test_an_invitation_that_could_not_be_sent_cancels_nothing(client, coordinator, org_a, mailoutbox, monkeypatch):
    client.force_login(coordinator)
    url = reverse("organisations:staff_editors", args=[org_a.pk])
    client.post(url, {"email": "ny@example.org"})
    first_link = path_from(mailoutbox[0])

    def broken(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", broken)
    response = client.post(url, {"email": "ny@example.org"})
    assert response.status_code == 200
    assert "kunne ikke sendes" in response.content.decode()
    # The earlier link still works; the one never sent does not linger as a usable invitation.
    monkeypatch.undo()
    client.logout()
    assert client.get(first_link).status_code == 200
    assert EditorInvitation.objects.filter(cancelled_at__isnull=True).count() == 1
