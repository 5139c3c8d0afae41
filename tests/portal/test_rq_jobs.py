"""Redis with RQ, as docs/operations.md ("Background jobs", larger installations) says, step by step:
the environment alone switches the cache and the jobs to Redis, `manage.py check` and `migrate`
pass, `manage.py rqworker` works the queue, a coordinator's big import through the web page runs
to its end in that worker, and /helse/ shows the worker alive (and dead before it started)."""

import datetime
import http.cookiejar
import json
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from portal.spreadsheets import import_jobs
from tests.portal.test_big_imports import organisations_xlsx
from tests.portal.test_jobs import _database_url_for_a_worker
from tests.portal.test_two_hosts import ROOT, Host, _environment, _manage
from tests.redis_server import needs_redis, redis_server

pytestmark = needs_redis


class Browser:
    """A signed-in coordinator's browser, speaking HTTP to a gunicorn host (cookies, CSRF, forms)."""

    def __init__(self, host):
        self.host = host
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def open(self, path, data=None, headers=None):
        request = urllib.request.Request(self.host.base + path, data=data, headers=headers or {})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def hidden_fields(self, path):
        status, page = self.open(path)
        assert status == 200, page[:500]
        # The page's own form: the last with a CSRF token (the header's language and sign-out forms come first).
        form = [f for f in BeautifulSoup(page, "html.parser").find_all("form") if f.find("input", attrs={"name": "csrfmiddlewaretoken"})][-1]
        return {field["name"]: field.get("value", "") for field in form.find_all("input", type="hidden")}

    def sign_in(self, username, password):
        fields = {**self.hidden_fields("/konto/logg-inn/"), "username": username, "password": password}
        status, page = self.open("/konto/logg-inn/", urllib.parse.urlencode(fields).encode())
        assert status == 200 and "Logg ut" in page, page[:500]

    def upload(self, path, fields, name, filename, content):
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in {**self.hidden_fields(path), **fields}.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode() + content + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        return self.open(path, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})


def stop(process):
    """SIGTERM (a warm shutdown: RQ finishes the job at hand), then SIGKILL after 30 s."""
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def health(host):
    try:
        with urllib.request.urlopen(host.base + "/helse/", timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def _query(url, sql, model_query):
    """On PostgreSQL the test's own database; on SQLite the file the other processes use."""
    if connection.vendor == "postgresql":
        return model_query()
    with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as db:
        return db.execute(sql).fetchone()


def import_job(url):
    from portal.background.jobs import Job

    return _query(
        url, "SELECT state, done, total, message FROM portal_job WHERE kind = 'import'",
        lambda: Job.objects.filter(kind="import").values_list("state", "done", "total", "message").first(),
    )


def organisations_in(url):
    from organisations.models import Organisation

    return _query(url, "SELECT count(*) FROM organisations_organisation", lambda: (Organisation.objects.count(),))[0]


@pytest.mark.slow(reason="redis-server, gunicorn and an RQ worker in processes of their own, and a 301-row import")
@pytest.mark.django_db(transaction=True)
def test_a_big_import_runs_to_its_end_in_the_rq_worker_and_helse_shows_it_alive(tmp_path, coordinator):
    rows = import_jobs.INLINE_MAX_ROWS + 1  # one more than a request imports: it goes to the worker
    raw = organisations_xlsx(tmp_path / "organisations.xlsx", rows).read_bytes()
    # Production hashes passwords with PBKDF2 (the test settings' MD5 would not sign in there).
    hasher = PBKDF2PasswordHasher()
    coordinator.password = hasher.encode("pw-koordinator", hasher.salt(), iterations=1000)
    coordinator.save(update_fields=["password"])
    url, _read, _heartbeat = _database_url_for_a_worker(tmp_path)
    with redis_server() as redis_url:
        # The environment docs/operations.md gives, and nothing else: no settings file is edited.
        extra = {"PORTAL_CACHE_URL": redis_url, "PORTAL_TASKS_BACKEND": "rq", "PORTAL_RQ_URL": redis_url[:-1] + "1"}
        _manage(url, tmp_path, "deploy", extra, "check", "--fail-level", "WARNING")
        _manage(url, tmp_path, "deploy", extra, "migrate", "--no-input", "-v", "0")
        host = Host(url, tmp_path, "web", extra)
        worker = None
        try:
            host.wait_until_up()
            status, before = health(host)
            assert status == 503 and before["checks"]["worker"]["ok"] is False, before  # no worker yet
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "rqworker"], cwd=ROOT,
                env=_environment(url, tmp_path, "worker", extra), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            )
            browser = Browser(host)
            browser.sign_in("koordinator", "pw-koordinator")
            status, page = browser.upload(
                "/koordinator/import/", {"kind": "organisations", "import": "1"}, "file", "organisations.xlsx", raw
            )
            assert status == 200 and "Import av organisations.xlsx" in page, page[:1000]

            deadline = time.monotonic() + 240
            while time.monotonic() < deadline and worker.poll() is None:
                if (import_job(url) or ("queued",))[0] in ("succeeded", "failed"):
                    break
                time.sleep(0.2)
            final = import_job(url)
            assert worker.poll() is None, worker.communicate()[0].decode()
            assert final == ("succeeded", rows, rows, f"organisations.xlsx er importert: {rows} nye, 0 oppdatert."), final
            assert organisations_in(url) == rows
            status, after = health(host)
            assert status == 200, after
            assert after["checks"]["worker"]["ok"] is True and after["checks"]["worker"]["queued"] == 0, after
            assert after["checks"]["worker"]["heartbeat_age_seconds"] <= 30, after
            status, page = browser.open("/koordinator/import/")
            assert f"organisations.xlsx er importert: {rows} nye, 0 oppdatert." in page
        finally:
            host.stop()
            stop(worker)



def _rq_settings(settings, url, worker_class):
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": settings.TASK_BACKENDS["rq"]}}
    settings.RQ_QUEUES = {"default": {"URL": url, "DEFAULT_TIMEOUT": -1}}
    settings.RQ = {"JOB_CLASS": "django_tasks_rq.Job", "WORKER_CLASS": worker_class}


def _quiet_running_job(owner):
    from django.utils import timezone

    from portal.background import jobs

    job = jobs.Job.objects.create(
        kind="test.count", label="Telling", owner=owner, state="running", attempts=1, total=3,
        task_path="tests.portal.job_tasks.count_to", arguments={"total": 3},
        task_result_id="yrjvADhwBRwMlQgARfrrlUYHUzSfB73M",  # RQ's kind of id, not a UUID
    )
    jobs.Job.objects.filter(pk=job.pk).update(updated_at=timezone.now() - datetime.timedelta(minutes=10))
    return job


@pytest.mark.django_db
@pytest.mark.parametrize("worker_class, recovered", [
    # The portal's worker runs each job in the process whose heartbeat keeps its row fresh: a quiet
    # row means the worker died, and the job is queued again at once, without a button.
    ("portal.background.rq_worker.PortalWorker", True),
    # RQ's forking worker runs the job in a child the heartbeat does not see: a long job would be
    # queued a second time while it runs, so a quiet one is failed for "Prøv igjen" instead.
    ("rq.worker.Worker", False),
])
def test_a_job_whose_rq_worker_died_is_queued_again_only_under_the_portals_worker(settings, coordinator, worker_class, recovered):
    import django_rq

    from portal.background import jobs

    with redis_server() as url:
        _rq_settings(settings, url, worker_class)
        job = _quiet_running_job(coordinator)
        failed = jobs.fail_stale()
        job.refresh_from_db()
        queue = django_rq.get_queue("default")
        if recovered:
            assert (failed, job.state, queue.count) == ([], "queued", 1)
            (waiting,) = queue.get_jobs()
            assert list(waiting.args) == [job.pk]
            assert job.task_result_id == waiting.id
        else:
            assert (failed, job.state, queue.count) == ([job.pk], "failed", 0)


@pytest.mark.slow(reason="two RQ worker processes, one killed mid-job, and the stale wait")
@pytest.mark.django_db(transaction=True)
def test_a_job_whose_rq_worker_was_killed_is_finished_by_the_next_worker_without_a_button(settings, tmp_path, coordinator):
    from portal.background import jobs
    from tests.portal import job_tasks

    stale = 3
    with redis_server() as redis_url:
        rq_url = redis_url[:-1] + "1"
        _rq_settings(settings, rq_url, "portal.background.rq_worker.PortalWorker")
        job = jobs.job_start(kind="test.count", label="Telling", task=job_tasks.count_to, owner=coordinator,
                             kwargs={"total": 8, "pause": 0.5}, total=8)
        url, _read, _heartbeat = _database_url_for_a_worker(tmp_path)
        extra = {"PORTAL_CACHE_URL": redis_url, "PORTAL_TASKS_BACKEND": "rq", "PORTAL_RQ_URL": rq_url,
                 "PORTAL_WORKER_STALE_SECONDS": str(stale)}

        def worker(name):
            log = open(tmp_path / f"{name}.log", "wb")
            return subprocess.Popen([sys.executable, "manage.py", "rqworker"], cwd=ROOT,
                                    env=_environment(url, tmp_path, name, extra), stdout=log, stderr=subprocess.STDOUT)

        def state():
            return _query(url, f"SELECT state, done, attempts, message FROM portal_job WHERE id = {job.pk}",
                          lambda: jobs.Job.objects.values_list("state", "done", "attempts", "message").get(pk=job.pk))

        def wait_for(condition, seconds):
            deadline = time.monotonic() + seconds
            while time.monotonic() < deadline:
                if condition(state()):
                    return state()
                time.sleep(0.1)
            raise AssertionError(state())

        first = worker("first")
        second = None
        try:
            wait_for(lambda s: s[0] == "running" and 0 < s[1] < 8, 120)
            first.kill()  # SIGKILL: out of memory, a reboot
            first.wait(timeout=30)
            time.sleep(stale + 1)
            assert state()[0] == "running"  # nobody has noticed yet
            second = worker("second")  # its heartbeat finds the quiet job and queues it again
            final = wait_for(lambda s: s[0] in ("succeeded", "failed"), 120)
        finally:
            print((tmp_path / "second.log").read_text() if second else "", flush=True)  # shown when it fails
            stop(first)
            stop(second)
        assert final == ("succeeded", 8, 2, "Talte til 8."), final


@pytest.mark.django_db
def test_helse_counts_the_tasks_waiting_in_redis(client, settings, coordinator, django_capture_on_commit_callbacks):
    from portal.background import jobs
    from tests.portal import job_tasks

    with redis_server() as url:
        _rq_settings(settings, url, "portal.background.rq_worker.PortalWorker")
        with django_capture_on_commit_callbacks(execute=True):  # RQ is told after the commit
            jobs.job_start(kind="test.count", label="Telling", task=job_tasks.count_to, owner=coordinator, kwargs={"total": 1})
        time.sleep(1.1)
        worker = client.get("/helse/").json()["checks"]["worker"]
    assert worker["ok"] is False and worker["heartbeat_age_seconds"] is None  # no worker has beaten
    assert worker["queued"] == 1 and worker["oldest_queued_seconds"] >= 1, worker
