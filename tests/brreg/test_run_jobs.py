"""The Brønnøysund file runs on the shared background Job (portal.background.jobs): progress, the
coordinators' jobs page, a real worker process, and a run whose worker died is not left running."""

import datetime
import gzip
import json
import os
import sqlite3
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from brreg.models import ImportRun, RegistryRecord
from portal.background.jobs import Job
from tests.brreg.factories import unit, valid_numbers
from tests.conftest import make_organisation
from tests.portal.test_jobs import ROOT, _database_url_for_a_worker

OVERVIEW = "/koordinator/enhetsregisteret/"


def _file(units):
    return SimpleUploadedFile("enheter_alle.json.gz", gzip.compress(json.dumps(units).encode()), "application/gzip")


@pytest.mark.django_db
def test_the_run_is_a_job_on_the_coordinators_jobs_page(client, coordinator, council_staff, django_capture_on_commit_callbacks):
    from portal.background import jobs

    (number,) = valid_numbers(1)
    make_organisation(name="Forening", org_number=number)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(OVERVIEW, {"file": _file([unit(number, "FORENING")])})
    run = ImportRun.objects.get()
    assert (run.job.kind, run.job.state, run.job.owner, run.job.total) == ("brreg.import", "queued", coordinator, run.file_size)
    jobs.run_pending()
    run.refresh_from_db()
    assert run.status == "done" and run.job.state == "succeeded"
    assert (run.job.done, run.job.total) == (run.file_size, run.file_size)
    assert run.job.message == "1 enheter lest, 1 organisasjoner funnet."
    page = client.get("/koordinator/jobber/").content.decode()
    assert "Kontroll mot Enhetsregisteret: enheter_alle.json.gz" in page
    client.force_login(council_staff)  # the jobs page and the run are coordinators' only
    assert client.get("/koordinator/jobber/").status_code == 403
    assert client.get(f"/koordinator/enhetsregisteret/import/{run.pk}/").status_code == 403


@pytest.mark.django_db
def test_a_run_whose_worker_died_is_failed_and_can_be_retried(client, coordinator, django_capture_on_commit_callbacks, settings):
    from portal.background import jobs

    (number,) = valid_numbers(1)
    organisation = make_organisation(name="Forening", org_number=number)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(OVERVIEW, {"file": _file([unit(number, "FORENING")])})
    run = ImportRun.objects.get()
    # What a worker killed mid-run leaves behind: the job and the run "running", no sign of life
    # since; its last attempt (earlier ones are queued again by themselves, tests/portal/test_jobs.py).
    quiet_since = timezone.now() - datetime.timedelta(seconds=settings.PORTAL_WORKER_STALE_SECONDS + 5)
    Job.objects.filter(pk=run.job_id).update(state="running", attempts=3, updated_at=quiet_since)
    ImportRun.objects.filter(pk=run.pk).update(status="running", started_at=quiet_since, bytes_read=10)
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.all().delete()  # the dead worker had claimed it

    status = client.get(f"/koordinator/enhetsregisteret/import/{run.pk}/status.json").json()
    assert status["state"] == "failed" and "Arbeideren stoppet" in status["error"]
    page = BeautifulSoup(client.get(f"/koordinator/enhetsregisteret/import/{run.pk}/").content, "html.parser")
    assert page.find(attrs={"data-status": "failed"}) is not None and page.select_one("[data-job-running]") is None
    jobs_page = BeautifulSoup(client.get("/koordinator/jobber/").content, "html.parser")
    assert "Arbeideren stoppet" in jobs_page.get_text()

    # "Prøv igjen" on the jobs page: the kept file is read again and the run completes.
    client.post(f"/koordinator/jobber/{run.job_id}/prov-igjen/")
    jobs.run_pending()
    run.refresh_from_db()
    assert run.status == "done" and run.error == "" and run.job.state == "succeeded"
    assert RegistryRecord.objects.get(organisation=organisation).found


@pytest.mark.django_db(transaction=True)
def test_the_real_worker_runs_the_file_and_the_job_reports_it(client, coordinator, tmp_path, settings):
    numbers = valid_numbers(3)
    for index, number in enumerate(numbers):
        make_organisation(name=f"Forening {index}", org_number=number)
    client.force_login(coordinator)
    client.post(OVERVIEW, {"file": _file([unit(number, f"FORENING {i}") for i, number in enumerate(numbers)])})
    run = ImportRun.objects.get()
    url, _read_job, _heartbeat = _database_url_for_a_worker(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "DJANGO_LOG_LEVEL": "ERROR",
           "DJANGO_PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT)}
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--interval", "0.1", "-v", "0"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        output = worker.communicate(timeout=300)[0].decode()
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    if url.startswith("sqlite:///"):  # the worker wrote to a copy of the test database
        with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as db:
            job = db.execute("SELECT state, done, total, message FROM portal_job WHERE id = ?", (run.job_id,)).fetchone()
            status = db.execute("SELECT status, entities_read FROM brreg_importrun WHERE id = ?", (run.pk,)).fetchone()
            records = db.execute("SELECT count(*) FROM brreg_registryrecord WHERE found").fetchone()[0]
    else:
        run.refresh_from_db()
        job = (run.job.state, run.job.done, run.job.total, run.job.message)
        status = (run.status, run.entities_read)
        records = RegistryRecord.objects.filter(found=True).count()
    assert job == ("succeeded", run.file_size, run.file_size, "3 enheter lest, 3 organisasjoner funnet."), output
    assert status == ("done", 3) and records == 3
    assert not list((settings.PRIVATE_MEDIA_ROOT / "brreg").iterdir()), "the file is removed after the run"
