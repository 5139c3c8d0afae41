"""A mailing whose worker is killed midway (SIGKILL: out of memory, a reboot) is finished by the
next worker without anyone pressing "Prøv igjen", and every recipient gets it exactly once."""

import email
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mailings.services import mailing_queue
from portal.background.jobs import Job
from tests.mailings import factories as f
from tests.mailings.test_background import _read_worker_database
from tests.portal.test_jobs import _database_url_for_a_worker

ROOT = Path(__file__).resolve().parents[2]
ORGANISATIONS = 60
PERSONS_EACH = 5
RECIPIENTS = ORGANISATIONS * PERSONS_EACH  # 300
STALE_SECONDS = 3


def _mails(mail_dir):
    raw = "".join(path.read_text() for path in sorted(mail_dir.glob("*.log")))
    return [email.message_from_string(chunk.strip() + "\n") for chunk in raw.split("-" * 79) if chunk.strip()]


def _worker(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", "-v", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


@pytest.mark.slow(reason="300 e-mails through two real worker processes, one killed midway, and the stale wait")
@pytest.mark.django_db(transaction=True)
def test_a_mailing_whose_worker_was_killed_is_finished_by_the_next_worker_exactly_once(tmp_path, coordinator):
    f.many_recipients(ORGANISATIONS, PERSONS_EACH)
    mailing = f.mailing(f.segment("Alle i Sandnes", municipalities=["Sandnes"]))
    assert mailing_queue(mailing=mailing, user=coordinator)
    job = Job.objects.get(kind="mailings.send")
    url, _read_job, _heartbeat = _database_url_for_a_worker(tmp_path)
    read = _read_worker_database(url)
    if read is None:  # PostgreSQL: the worker writes to the test's own database

        def read(sql, *params):
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute(sql.replace("?", "%s"), params)
                return cursor.fetchone()

    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_DEBUG": "0",
        "DJANGO_LOG_LEVEL": "ERROR",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
        "PORTAL_MAILING_RATE_PER_MINUTE": "1200",  # 50 ms a message: the kill lands midway
        "PORTAL_WORKER_STALE_SECONDS": str(STALE_SECONDS),
        "PORTAL_BASE_URL": "https://mangfold.example.org",
    }

    def sent():
        return read("SELECT count(*) FROM mailings_recipient WHERE status = 'sent'")[0]

    first = _worker(env)
    try:
        deadline = time.monotonic() + 120
        while sent() < RECIPIENTS // 4:
            assert first.poll() is None, first.stdout.read().decode()
            assert time.monotonic() < deadline, read("SELECT state, done, error FROM portal_job WHERE id = ?", job.pk)
            time.sleep(0.05)
        # Kill it where the mails written and the deliveries recorded agree (a kill between the
        # two is the one case no mail system can tell apart: docs/operations.md says so).
        while True:
            first.send_signal(signal.SIGSTOP)
            if len(_mails(mail_dir)) == sent():
                break
            first.send_signal(signal.SIGCONT)
            time.sleep(0.01)
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    finally:
        if first.poll() is None:
            first.kill()
    mailed_before = len(_mails(mail_dir))
    assert 0 < mailed_before < RECIPIENTS
    state = read("SELECT state, attempts, error FROM portal_job WHERE id = ?", job.pk)
    assert state[:2] == ("running", 1), state

    time.sleep(STALE_SECONDS + 1)  # the dead worker's job has gone quiet
    second = _worker(env)  # what `make run` or systemd's Restart=always starts
    try:
        deadline = time.monotonic() + 240
        while read("SELECT state FROM portal_job WHERE id = ?", job.pk)[0] not in ("succeeded", "failed"):
            assert second.poll() is None, second.stdout.read().decode()
            assert time.monotonic() < deadline, read("SELECT state, done, error FROM portal_job WHERE id = ?", job.pk)
            time.sleep(0.1)
    finally:
        second.terminate()
        try:
            second.wait(timeout=30)
        except subprocess.TimeoutExpired:
            second.kill()

    assert read("SELECT state, attempts, done, total FROM portal_job WHERE id = ?", job.pk) == (
        Job.State.SUCCEEDED, 2, RECIPIENTS, RECIPIENTS,
    )
    addresses = [message["To"] for message in _mails(mail_dir)]
    assert len(addresses) == RECIPIENTS == len(set(addresses))
    assert sent() == RECIPIENTS
    assert read("SELECT count(*) FROM mailings_recipient WHERE status <> 'sent'") == (0,)
