"""/helse/ for monitoring (database, cache, job worker heartbeat, free disk) and the start-up
check that stops a server whose static files were not collected."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import timezone

from portal.background import jobs

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_it_answers_200_with_every_check_when_the_worker_is_alive(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    jobs.heartbeat_beat()
    response = client.get("/helse/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "worker", "disk"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["worker"]["heartbeat_age_seconds"] <= 5
    assert body["checks"]["disk"]["free_mb"] > 0


def test_it_answers_503_when_the_worker_never_reported_or_went_quiet(client, settings):
    response = client.get("/helse/")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == {**response.json()["checks"]["worker"], "ok": False, "heartbeat_age_seconds": None}
    cache.set(jobs.HEARTBEAT_CACHE_KEY, timezone.now().timestamp() - settings.PORTAL_WORKER_STALE_SECONDS - 5, None)
    body = client.get("/helse/").json()
    assert body["status"] == "fail" and not body["checks"]["worker"]["ok"]
    assert body["checks"]["database"]["ok"] and body["checks"]["cache"]["ok"]


def test_it_counts_the_queue_the_worker_has_not_taken(client, coordinator):
    from tests.portal import job_tasks

    jobs.heartbeat_beat()
    jobs.job_start(kind="test", label="Telling", task=job_tasks.count_to, kwargs={"total": 1})
    worker = client.get("/helse/").json()["checks"]["worker"]
    assert worker["queued"] == 1 and worker["oldest_queued_seconds"] >= 0


def test_it_answers_503_when_the_disk_is_nearly_full(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "not-made-yet"
    settings.PORTAL_HEALTH_MIN_FREE_MB = 10**9  # a petabyte: no disk here has that free
    jobs.heartbeat_beat()
    response = client.get("/helse/")
    assert response.status_code == 503
    assert response.json()["checks"]["disk"]["ok"] is False


def _start_wsgi(static_root):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_DEBUG="0", DJANGO_STATIC_ROOT=str(static_root), DJANGO_SECRET_KEY="x" * 50)
    return subprocess.run([sys.executable, "-c", "import portal.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_server_stops_at_start_with_a_clear_message_when_static_files_were_not_collected(tmp_path):
    done = _start_wsgi(tmp_path / "static")
    assert done.returncode != 0
    assert "Static files have not been collected" in done.stderr
    assert "collectstatic" in done.stderr and str(tmp_path / "static") in done.stderr


def test_the_server_starts_when_they_were(tmp_path):
    (tmp_path / "staticfiles.json").write_text(json.dumps({"paths": {}, "version": "1.1"}))
    done = _start_wsgi(tmp_path)
    assert done.returncode == 0, done.stderr


def test_it_reports_each_storage_that_cannot_be_written(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    blocked = tmp_path / "private-media"
    blocked.write_text("a file where the folder should be: nothing can be written under it")
    settings.PRIVATE_MEDIA_ROOT = blocked
    jobs.heartbeat_beat()
    response = client.get("/helse/")
    assert response.status_code == 503
    disk = response.json()["checks"]["disk"]
    assert disk["ok"] is False
    assert disk["storages"]["media"] == {**disk["storages"]["media"], "ok": True, "writable": True}
    assert disk["storages"]["private_media"] == {"ok": False, "writable": False, "error": "FileExistsError"}
    assert str(tmp_path) not in response.content.decode()  # no paths in the answer
    assert [path.name for path in (tmp_path / "media").iterdir()] == []  # the probe is gone

    blocked.unlink()
    assert client.get("/helse/").status_code == 200
