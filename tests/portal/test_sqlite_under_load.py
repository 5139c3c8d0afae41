"""The embedded SQLite database under real concurrent writers: two gunicorn workers, each with
threads, take survey answers, sign-ins (good and bad passwords) and the door's attendance counts
at the same time for a few seconds, with the job worker polling beside them. Writers queue for the lock (IMMEDIATE transactions, WAL, a
busy timeout); none is answered "500 database is locked"."""

import http.client
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import make_organisation
from tests.factories import attend, meeting
from tests.surveys.factories import make_survey
from surveys.models import Question, QuestionKind

ROOT = Path(__file__).resolve().parents[2]
SECONDS_OF_LOAD = 3

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite database's own locking")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """One visitor: keeps its cookies, speaks HTTP/1.1 to the local gunicorn."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, data=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
            body = urllib.parse.urlencode(data)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _eq, value = cookie.split(";")[0].partition("=")
            self.cookies[name.strip()] = value
        html = response.read().decode("utf-8", "replace")
        conn.close()
        return response.status, html

    def form_fields(self, path):
        status, html = self.request("GET", path)
        assert status == 200, (path, status)
        return status, dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)), html


@pytest.mark.slow(reason="two gunicorn workers and the job worker in processes of their own, writing for seconds")
@pytest.mark.django_db(transaction=True)  # committed rows: the copy below sees them
def test_two_gunicorn_workers_writing_at_once_never_answer_500(tmp_path, django_user_model):
    from portal.privacy import roles
    from tests.conftest import make_user

    survey = make_survey(title="Under last", groups=("Alle",), allow_anonymous=True)
    score = Question.objects.create(survey=survey, position=1, kind=QuestionKind.SCORE, text="Nyttig?")
    make_user(django_user_model, "koordinator", roles.COORDINATOR)
    make_user(django_user_model, "glemsk")  # signs in with a wrong password (locked out after five)
    panel_meeting = meeting(survey.opens_on)
    organisations = [make_organisation(name=f"Dørorganisasjon {n}") for n in range(4)]
    for organisation in organisations:
        attend(panel_meeting, organisation, participants=1)
    # The test database (with this test's rows) copied into a file the server processes share.
    database = tmp_path / "portal.sqlite3"
    target = sqlite3.connect(database)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()

    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "PORTAL_"))},
        "DJANGO_SETTINGS_MODULE": "tests.portal.gunicorn_settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "DJANGO_HSTS_SECONDS": "0",
        "PORTAL_PAGE_CACHE_EPOCH_FILE": str(tmp_path / "epoch"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp_path / "private"),
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
    }
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--threads", "4", "--worker-class", "gthread", "--log-level", "warning", "--timeout", "60",
        ],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True,
    )
    # The job worker beside them, as `make run` starts it: it polls and beats into the same file.
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval", "0.2"],
        cwd=ROOT, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
    )
    statuses, failures = [], []
    try:
        for _attempt in range(150):
            try:
                if Browser(port).request("GET", "/konto/logg-inn/")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not start")
        survey_url = survey.get_public_url()
        door_url = f"/koordinator/panel/{panel_meeting.pk}/oppmote/"
        doorkeepers = []
        for organisation in organisations[:2]:  # signed in before the load starts
            browser = Browser(port)
            _status, fields, _html = browser.form_fields("/konto/logg-inn/")
            status, _html = browser.request("POST", "/konto/logg-inn/", {**fields, "username": "koordinator", "password": "pw-koordinator"})
            assert status == 302, status
            browser.form_fields(door_url)
            doorkeepers.append((browser, organisation))
        Browser(port).form_fields(survey_url)
        started = time.monotonic()
        deadline = started + SECONDS_OF_LOAD

        def running(done):
            # Until the deadline, and at least once each however slow the machine is.
            return done < 1 or time.monotonic() < deadline

        def answer():
            done = 0
            while running(done):
                browser = Browser(port)  # a new respondent each time (the same answers twice from one browser are one)
                _status, fields, html = browser.form_fields(survey_url)
                data = {**fields, f"q{score.pk}": "4"}
                if 'name="anonymous"' in html:
                    data["anonymous"] = "yes"
                statuses.append(("answer", browser.request("POST", survey_url, data)[0]))
                done += 1

        def sign_in(username, password):
            done = 0
            while running(done):
                browser = Browser(port)
                _status, fields, _html = browser.form_fields("/konto/logg-inn/")
                status, _html = browser.request("POST", "/konto/logg-inn/", {**fields, "username": username, "password": password})
                statuses.append(("sign-in", status))
                done += 1

        def door(browser, organisation):
            done = 0
            while running(done):
                _status, fields, _html = browser.form_fields(door_url)
                shown = fields.get(f"i-{organisation.pk}", "1")
                data = {"csrfmiddlewaretoken": fields["csrfmiddlewaretoken"], f"p-{organisation.pk}": int(shown or 0) + 1, f"i-{organisation.pk}": shown}
                statuses.append(("door", browser.request("POST", door_url, data)[0]))
                done += 1

        def guarded(work, *args):
            try:
                work(*args)
            except Exception as error:  # a dropped connection is a failure too
                failures.append(repr(error))

        threads = [threading.Thread(target=guarded, args=(answer,)) for _n in range(3)]
        threads += [threading.Thread(target=guarded, args=(sign_in, "koordinator", "pw-koordinator"))]
        threads += [threading.Thread(target=guarded, args=(sign_in, "glemsk", "feil-passord"))]
        threads += [threading.Thread(target=guarded, args=(door, *keeper)) for keeper in doorkeepers]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    finally:
        worker_alive = worker.poll() is None
        for process in (server, worker):
            process.terminate()
        _out, errors = server.communicate(timeout=30)
        _out, worker_errors = worker.communicate(timeout=30)

    print(f"{len(statuses)} requests in {time.monotonic() - started:.1f} s")
    assert not failures, failures
    assert worker_alive and "database is locked" not in worker_errors, worker_errors[-3000:]
    server_errors = [(kind, status) for kind, status in statuses if status >= 500]
    assert not server_errors, (server_errors, len(statuses), errors[-3000:])
    kinds = {kind for kind, _status in statuses}
    assert kinds == {"answer", "sign-in", "door"}, statuses
    # The writes were made, not only answered: answers stored and door counts moved.
    with sqlite3.connect(database) as stored:
        answers = stored.execute("SELECT COUNT(*) FROM surveys_response").fetchone()[0]
        counts = [row[0] for row in stored.execute(
            "SELECT participants FROM panel_attendance WHERE organisation_id IN (%s, %s)" % (organisations[0].pk, organisations[1].pk)
        )]
    assert answers == sum(1 for kind, status in statuses if kind == "answer" and status == 302)
    assert answers > 0 and min(counts) > 1
