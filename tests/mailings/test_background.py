"""A mailing to 1,000 recipients leaves the web request at once: the POST only queues the job,
and the real worker process (manage.py db_worker) delivers it, with progress on the Job row."""

import email
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mailings.models import Mailing, MailingStatus, Recipient
from organisations.models import ContactPerson
from portal.background.jobs import Job
from tests.mailings import factories as f
from tests.portal.test_jobs import _database_url_for_a_worker

ROOT = Path(__file__).resolve().parents[2]
ORGANISATIONS = 200
PERSONS_EACH = 5


def _thousand_recipients():
    organisations = f.many_recipients(ORGANISATIONS, PERSONS_EACH)
    # One who may not receive: the 1,001st person, without consent.
    ContactPerson.objects.create(organisation=organisations[0], name="Uten samtykke", email="nei@example.org")
    return organisations


def _read_worker_database(url):
    if not url.startswith("sqlite:///"):
        return None
    path = url.removeprefix("sqlite:///")

    def read(sql, *params):
        with sqlite3.connect(path, timeout=30) as db:
            return db.execute(sql, params).fetchone()

    return read


@pytest.mark.slow(reason="a thousand e-mails through the real job worker in its own process")
@pytest.mark.django_db(transaction=True)
def test_a_thousand_recipients_are_sent_by_the_worker_not_the_request(client, coordinator, tmp_path):
    _thousand_recipients()
    mailing_ = f.mailing(f.segment("Alle i Sandnes", municipalities=["Sandnes"]))
    client.force_login(coordinator)

    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/koordinator/utsendelser/{mailing_.pk}/send/")
    elapsed = time.monotonic() - started

    assert response.status_code == 302
    # The request only queued the job: nothing was sent, no recipient list was built, and its
    # work does not grow with the 1,000 recipients.
    assert elapsed < 3, elapsed
    assert len(queries) < 25, [q["sql"][:80] for q in queries]
    mailing_.refresh_from_db()
    assert mailing_.status == MailingStatus.QUEUED
    job = Job.objects.get(kind="mailings.send")
    assert job.state == Job.State.QUEUED and job.owner == coordinator
    assert not Recipient.objects.exists()

    url, _read_job, _heartbeat = _database_url_for_a_worker(tmp_path)
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
        "PORTAL_MAILING_RATE_PER_MINUTE": "0",
        "PORTAL_BASE_URL": "https://mangfold.example.org",
    }
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1", "-v", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        output = worker.communicate(timeout=600)[0].decode()
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output

    # Read what the worker wrote with the standard library's e-mail parser.
    raw = "".join(path.read_text() for path in sorted(mail_dir.glob("*.log")))
    messages = [email.message_from_string(chunk.strip() + "\n") for chunk in raw.split("-" * 79) if chunk.strip()]
    addresses = sorted(message["To"] for message in messages)
    assert len(addresses) == ORGANISATIONS * PERSONS_EACH == len(set(addresses))
    assert "nei@example.org" not in addresses
    assert all(message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" for message in messages)

    read = _read_worker_database(url)
    if read is not None:  # SQLite: the worker wrote to a copy; PostgreSQL: the test's own database
        assert read("SELECT state, done, total FROM portal_job WHERE id = ?", job.pk) == ("succeeded", 1000, 1000)
        assert read("SELECT status FROM mailings_mailing WHERE id = ?", mailing_.pk) == ("sent",)
        assert read("SELECT count(*) FROM mailings_recipient WHERE status = 'sent'") == (1000,)
        assert read("SELECT count(*) FROM outreach_contact WHERE channel = 'email'") == (ORGANISATIONS,)
    else:
        job.refresh_from_db()
        assert (job.state, job.done, job.total) == ("succeeded", 1000, 1000)
        assert Mailing.objects.get(pk=mailing_.pk).status == MailingStatus.SENT
        assert Recipient.objects.filter(status="sent").count() == 1000
        from outreach.models import Contact

        assert Contact.objects.filter(channel="email").count() == ORGANISATIONS
