"""Background jobs (portal/background/jobs.py): a real worker process runs a job and its progress is seen
while it runs; retries, failures for coordinators, and who may read a job's progress."""

import datetime
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from portal.background import jobs
from tests.portal import job_tasks

ROOT = Path(__file__).resolve().parents[2]


def start_count_job(owner=None, **kwargs):
    return jobs.job_start(
        kind="test.count", label="Telling", task=job_tasks.count_to, owner=owner, kwargs=kwargs, total=kwargs["total"]
    )


def _database_url_for_a_worker(tmp_path):
    """A DATABASE_URL another process can open holding what this test committed, and a reader
    of the job's row there."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        host = quote(settings["HOST"] or "", safe="")
        port = f":{settings['PORT']}" if settings.get("PORT") else ""
        user = quote(settings["USER"] or "", safe="")
        password = f":{quote(settings['PASSWORD'], safe='')}" if settings.get("PASSWORD") else ""
        url = f"postgres://{user}{password}@{host}{port}/{settings['NAME']}"

        def read(pk):
            job = jobs.Job.objects.get(pk=pk)
            return job.state, job.done, job.total, job.message

        def heartbeat():
            return jobs.heartbeat_age() is not None

        return url, read, heartbeat
    # SQLite's test database lives in this process's memory: copy it to a file for the worker.
    path = tmp_path / "worker.sqlite3"
    target = sqlite3.connect(path)
    connection.ensure_connection()
    connection.connection.backup(target)
    target.close()

    def read(pk):
        with sqlite3.connect(path, timeout=30) as db:
            return db.execute("SELECT state, done, total, message FROM portal_job WHERE id = ?", (pk,)).fetchone()

    def heartbeat():
        with sqlite3.connect(path, timeout=30) as db:
            return db.execute("SELECT count(*) FROM portal_cache WHERE cache_key LIKE ?", (f"%{jobs.HEARTBEAT_CACHE_KEY}",)).fetchone()[0] == 1

    return f"sqlite:///{path}", read, heartbeat


@pytest.mark.django_db(transaction=True)
def test_it_runs_a_job_in_the_real_worker_and_reports_progress_while_it_runs(tmp_path, coordinator, database_cache):
    job = start_count_job(owner=coordinator, total=5, pause=0.5)
    url, read, heartbeat = _database_url_for_a_worker(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "DJANGO_LOG_LEVEL": "ERROR"}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1", "-v", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    seen = []
    deadline = time.monotonic() + 180
    try:
        while time.monotonic() < deadline:
            state, done, total, _message = read(job.pk)
            if not seen or seen[-1] != (state, done):
                seen.append((state, done))
            if state in ("succeeded", "failed") or worker.poll() is not None:
                break
            time.sleep(0.05)
        output = worker.communicate(timeout=60)[0].decode()
    finally:
        if worker.poll() is None:
            worker.kill()
    state, done, total, message = read(job.pk)
    assert worker.returncode == 0, output
    assert (state, done, total, message) == ("succeeded", 5, 5, "Talte til 5."), output
    # Progress was visible from outside the worker while the job ran, step by step.
    running = [d for s, d in seen if s == "running"]
    assert any(0 < d < 5 for d in running), seen
    # … and the worker left its heartbeat for /helse/ in the shared cache.
    assert heartbeat()


def test_it_runs_pending_jobs_in_process_and_keeps_the_summary(coordinator):
    job = start_count_job(owner=coordinator, total=3)
    assert jobs.Job.objects.get(pk=job.pk).state == "queued"
    assert jobs.run_pending() == 1
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.attempts, job.message) == ("succeeded", 3, 3, 1, "Talte til 3.")
    assert job.finished_at is not None


def test_a_failing_attempt_is_retried_a_minute_later_and_then_succeeds(coordinator):
    job = start_count_job(owner=coordinator, total=2, fail_attempts=1)
    jobs.run_pending()
    job.refresh_from_db()
    assert job.state == "queued" and job.attempts == 1 and "attempt 1 fails on purpose" in job.error
    # The retry waits (run_after): nothing is ready now …
    assert jobs.run_pending() == 0
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - datetime.timedelta(seconds=1))
    assert jobs.run_pending() == 1  # … and it runs once due
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == ("succeeded", 2, "")


def test_a_job_that_keeps_failing_is_listed_for_coordinators_who_can_retry_it(client, coordinator, council_staff):
    job = start_count_job(owner=council_staff, total=2, fail_attempts=99)
    from django_tasks_db.models import DBTaskResult

    for _attempt in range(3):
        DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - datetime.timedelta(seconds=1))
        jobs.run_pending()
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("failed", 3)
    assert "attempt 3 fails on purpose" in job.error
    ok = start_count_job(owner=coordinator, total=1)
    jobs.run_pending()

    client.force_login(council_staff)
    assert client.get("/koordinator/jobber/").status_code == 403
    client.force_login(coordinator)
    page = client.get("/koordinator/jobber/").content.decode()
    assert page.index("attempt 3 fails on purpose") < page.index("Telling", page.index("attempt 3 fails on purpose"))
    assert "Prøv igjen" in page and "table-danger" in page
    assert page.count("Prøv igjen") == 1  # the successful job offers no retry

    response = client.post(f"/koordinator/jobber/{job.pk}/prov-igjen/")
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == ("queued", 0, "")
    # A job that did not fail is not retried.
    client.post(f"/koordinator/jobber/{ok.pk}/prov-igjen/")
    ok.refresh_from_db()
    assert ok.state == "succeeded"


def test_a_hopeless_failure_is_not_retried(coordinator):
    job = start_count_job(owner=coordinator, total=1, fail_for_good=True)
    jobs.run_pending()
    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == ("failed", 1, "Filen mangler kolonnen «navn».")


def test_the_progress_json_is_for_the_owner_and_coordinators_only(client, coordinator, council_staff, editor):
    job = start_count_job(owner=editor, total=4)
    url = f"/jobber/{job.pk}/status.json"
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(council_staff)
    assert client.get(url).status_code == 403
    client.force_login(editor)
    response = client.get(url)
    assert response.json() == {
        "id": job.pk, "state": "queued", "state_label": "I kø", "done": 0, "total": 4, "percent": 0,
        "message": "", "error": "", "finished": False,
    }
    assert response["Cache-Control"] == "no-store"
    jobs.run_pending()
    client.force_login(coordinator)
    assert client.get(url).json()["percent"] == 100


def test_a_rolled_back_start_leaves_no_job_and_no_task(db):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    with pytest.raises(RuntimeError):
        with transaction.atomic():
            start_count_job(total=1)
            raise RuntimeError("the caller's work failed")
    assert not jobs.Job.objects.exists() and not DBTaskResult.objects.exists()


def _killed_mid_run(job, *, attempts, settings):
    """What a worker killed mid-run leaves: the job "running", its task result claimed, no sign
    of life for longer than PORTAL_WORKER_STALE_SECONDS."""
    from django_tasks_db.models import DBTaskResult

    job.refresh_from_db()
    DBTaskResult.objects.filter(id=job.task_result_id).update(status="RUNNING")
    quiet_since = timezone.now() - datetime.timedelta(seconds=settings.PORTAL_WORKER_STALE_SECONDS + 5)
    jobs.Job.objects.filter(pk=job.pk).update(state="running", attempts=attempts, done=1, updated_at=quiet_since)


def test_a_job_whose_worker_died_is_queued_again_and_finishes_without_anyone_pressing_a_button(coordinator, settings):
    from django_tasks_db.models import DBTaskResult

    job = start_count_job(owner=coordinator, total=3)
    running_elsewhere = start_count_job(owner=coordinator, total=2)  # alive: its worker keeps it fresh
    jobs.Job.objects.filter(pk=running_elsewhere.pk).update(state="running", attempts=1)
    _killed_mid_run(job, attempts=1, settings=settings)
    dead_task = job.task_result_id
    assert dead_task

    assert jobs.fail_stale() == []  # nothing failed: queued again
    assert jobs.fail_stale() == []  # a second heartbeat (another worker) does not queue it twice
    job.refresh_from_db()
    assert job.state == "queued" and "prøves igjen" in job.error
    assert DBTaskResult.objects.get(id=dead_task).status == "FAILED"  # not "running" forever
    assert sorted(task.args_kwargs["args"] for task in DBTaskResult.objects.ready()) == sorted([[running_elsewhere.pk], [job.pk]])
    assert jobs.Job.objects.get(pk=running_elsewhere.pk).state == "running"

    jobs.run_pending()
    job.refresh_from_db()
    assert (job.state, job.attempts, job.done, job.message, job.error) == ("succeeded", 2, 3, "Talte til 3.", "")


def test_a_job_whose_worker_died_on_its_last_attempt_waits_for_proev_igjen(client, coordinator, settings):
    job = start_count_job(owner=coordinator, total=3)
    _killed_mid_run(job, attempts=3, settings=settings)
    assert jobs.fail_stale() == [job.pk]
    job.refresh_from_db()
    assert job.state == "failed" and job.error == "Arbeideren stoppet før jobben var ferdig. Prøv igjen."
    assert jobs.run_pending() == 0
    client.force_login(coordinator)
    client.post(f"/koordinator/jobber/{job.pk}/prov-igjen/")
    jobs.run_pending()
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("succeeded", 1)


def test_a_job_this_process_runs_is_never_queued_again_by_its_own_heartbeat(coordinator, settings):
    """The heartbeat refreshes its own jobs' rows and then looks for stale ones; when the refresh
    waited for the database longer than the stale time (SQLite under load), its own job looks
    quiet. It must not be queued a second time while it still runs here."""
    job = start_count_job(owner=coordinator, total=3)
    _killed_mid_run(job, attempts=1, settings=settings)
    jobs._RUNNING_HERE.add(job.pk)
    try:
        assert jobs.fail_stale() == []
        assert jobs.Job.objects.get(pk=job.pk).state == "running"
    finally:
        jobs._RUNNING_HERE.discard(job.pk)
    jobs.fail_stale()
    assert jobs.Job.objects.get(pk=job.pk).state == "queued"


# transaction=True: as a job runs, outside a transaction; inside one, PostgreSQL's progress goes
# through a connection of its own, which cannot see a job row the test has not committed.
@pytest.mark.django_db(transaction=True)
def test_each_counts_the_items_into_the_progress_and_writes_all_of_them_at_the_end():
    job = jobs.Job.objects.create(kind="test.each", label="Telling", task_path="tests.portal.job_tasks.count_to")
    seen = [(item, job.done, job.total) for item in job.each(["a", "b", "c"])]
    assert seen == [("a", 0, 3), ("b", 1, 3), ("c", 2, 3)]
    job.refresh_from_db()
    assert (job.done, job.total) == (3, 3)
