"""A draft's PDF is rendered by the real job worker, not in the request: the download address shows
the job's progress, the worker (manage.py db_worker, its own process) renders into the shared
cache, and the same address then downloads the PDF."""

import os
import sqlite3
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from portal.background.jobs import Job
from reports import services
from tests.portal.test_jobs import ROOT, _database_url_for_a_worker
from tests.reports import factories
from tests.reports.test_pdf import flat, pdf_text


def _bring_back_the_shared_cache(url):
    """SQLite only: the worker wrote into a copy of the test database; its cache rows (the shared
    database cache) are copied back, as one database would have held them."""
    from django.db import connection

    if not url.startswith("sqlite:///"):
        return
    with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=30) as db:
        rows = db.execute("SELECT cache_key, value, expires FROM portal_cache WHERE cache_key LIKE '%reports:pdf:%'").fetchall()
        job = db.execute("SELECT state, done, total, message FROM portal_job").fetchall()
    with connection.cursor() as cursor:
        cursor.executemany("INSERT INTO portal_cache (cache_key, value, expires) VALUES (%s, %s, %s)", rows)
        cursor.execute("UPDATE portal_job SET state = %s, done = %s, total = %s, message = %s", job[0])


@pytest.mark.django_db(transaction=True)
def test_the_worker_renders_the_draft_and_the_page_then_downloads_it(client, coordinator, council_staff, tmp_path, database_cache):
    factories.build_panel(2025)
    services.report_create(year=2025)
    client.force_login(council_staff)

    waiting = client.get("/rapporter/2025.pdf")
    again = client.get("/rapporter/2025.pdf")  # a reload starts no second job

    assert waiting.status_code == 200 and waiting["Content-Type"].startswith("text/html")
    job = Job.objects.get()
    assert (job.kind, job.owner, job.state) == ("reports.draft_pdf", council_staff, "queued")
    page = BeautifulSoup(again.content, "html.parser")
    card = page.select_one(".job-progress[data-job-running][data-reload-when-done]")
    assert card["data-job-status-url"] == f"/jobber/{job.pk}/status.json"
    assert client.get(card["data-job-status-url"]).json()["state"] == "queued"

    url, _read, _heartbeat = _database_url_for_a_worker(tmp_path)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "0", "DJANGO_LOG_LEVEL": "ERROR"}
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
    _bring_back_the_shared_cache(url)

    status = client.get(card["data-job-status-url"]).json()
    assert (status["state"], status["finished"], status["message"]) == ("succeeded", True, "PDF-en er klar.")
    download = client.get("/rapporter/2025.pdf")
    assert download["Content-Type"] == "application/pdf" and download["Cache-Control"] == "private, no-store"
    assert "Det ble arrangert" in flat(pdf_text(download.getvalue()))
    assert Job.objects.count() == 1
