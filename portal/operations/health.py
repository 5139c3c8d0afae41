"""Health of the running portal for the municipality's monitoring, and the start-up check.

GET /helse/ answers JSON, 200 when every check passes and 503 otherwise:

    {"status": "ok", "checks": {
        "database": {"ok": true, "ms": 0.8},
        "cache":    {"ok": true, "ms": 0.5},
        "worker":   {"ok": true, "heartbeat_age_seconds": 7, "queued": 0, "oldest_queued_seconds": null},
        "disk":     {"ok": true, "free_mb": 20480, "min_free_mb": 500, "storages": {
                        "media":         {"ok": true, "writable": true, "free_mb": 20480},
                        "private_media": {"ok": true, "writable": true, "free_mb": 20480}}}}}

The worker is alive when its heartbeat (manage.py db_worker, or rqworker with PORTAL_TASKS_BACKEND=rq,
writes one every 15 s) is younger than PORTAL_WORKER_STALE_SECONDS; `queued` counts the tasks waiting
in that backend's queue. Disk checks each storage the portal writes (public media, private
media): a small file is written and removed there, and the free space is held against
PORTAL_HEALTH_MIN_FREE_MB; `free_mb` is the least of them. Nothing personal or secret is in the
answer (no paths).
"""

import datetime
import json
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.background import jobs


def _timed(check):
    started = time.perf_counter()
    try:
        extra = check() or {}
        ok = extra.pop("ok", True)
    except Exception as exc:  # a health check reports failures, it never raises them
        return {"ok": False, "error": type(exc).__name__}
    return {"ok": ok, "ms": round((time.perf_counter() - started) * 1000, 1), **extra}


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache():
    key = f"health:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=30)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return {"ok": ok}


def _queued():
    """(tasks waiting, when the oldest was queued) in the backend's own queue."""
    if jobs.rq_enabled():
        import django_rq

        queue = django_rq.get_queue("default")
        first = queue.get_job_ids(0, 1)
        job = queue.fetch_job(first[0]) if first else None  # None too when it left the queue meanwhile
        oldest = job.enqueued_at if job is not None else None
        return queue.count, oldest and oldest.replace(tzinfo=oldest.tzinfo or datetime.timezone.utc)
    from django_tasks_db.models import DBTaskResult

    ready = DBTaskResult.objects.ready()
    return ready.count(), ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()


def _worker():
    age = jobs.heartbeat_age()
    queued, oldest = _queued()
    stale = settings.PORTAL_WORKER_STALE_SECONDS
    return {
        "ok": age is not None and age <= stale,
        "heartbeat_age_seconds": None if age is None else round(age),
        "queued": queued,
        "oldest_queued_seconds": None if oldest is None else round((timezone.now() - oldest).total_seconds()),
    }


# Every place the portal writes files: published logos and resources (MEDIA_ROOT, served by the
# proxy) and everything private (PRIVATE_MEDIA_ROOT: attachments, proposed logos, report PDFs).
STORAGES = (("media", "MEDIA_ROOT"), ("private_media", "PRIVATE_MEDIA_ROOT"))


def _storage(root, minimum):
    """Can a file be written under `root` now (created, written, removed), and is enough free?"""
    root = Path(root)
    try:
        root.mkdir(parents=True, exist_ok=True)  # as the storage itself does on its first file
        with tempfile.NamedTemporaryFile(dir=root, prefix=".health-", delete=True) as probe:
            probe.write(b"ok")
            probe.flush()
            os.fsync(probe.fileno())
        free_mb = shutil.disk_usage(root).free // (1024 * 1024)
    except OSError as exc:
        return {"ok": False, "writable": False, "error": type(exc).__name__}
    return {"ok": free_mb >= minimum, "writable": True, "free_mb": free_mb}


def _disk():
    """Each storage on its own: a full or read-only private volume fails the check even when the
    public one is fine. Paths are not shown (nothing about the server's layout in the answer)."""
    minimum = settings.PORTAL_HEALTH_MIN_FREE_MB
    storages = {name: _storage(getattr(settings, setting), minimum) for name, setting in STORAGES}
    free = [each["free_mb"] for each in storages.values() if "free_mb" in each]
    return {
        "ok": all(each["ok"] for each in storages.values()),
        "free_mb": min(free) if free else None,
        "min_free_mb": minimum,
        "storages": storages,
    }


def report():
    checks = {name: _timed(check) for name, check in (("database", _database), ("cache", _cache), ("worker", _worker), ("disk", _disk))}
    return {"status": "ok" if all(c["ok"] for c in checks.values()) else "fail", "checks": checks}


@never_cache
@require_GET
def health(request):
    body = report()
    return JsonResponse(body, status=200 if body["status"] == "ok" else 503, json_dumps_params={"indent": 1})


# --- start-up ---------------------------------------------------------------------------------


def check_static_files_collected():
    """With DEBUG off the pages name their static files through the manifest `collectstatic`
    writes; without it every page would be a 500. Called when the WSGI application loads
    (gunicorn, runserver), so the server stops at once and says why."""
    if settings.DEBUG:
        return
    backend = settings.STORAGES.get("staticfiles", {}).get("BACKEND", "")
    if "Manifest" not in backend:
        return
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    try:
        json.loads(manifest.read_text())
    except (OSError, ValueError):
        raise ImproperlyConfigured(
            f"Static files have not been collected: {manifest} is missing or unreadable. "
            "Run `python manage.py collectstatic --no-input` (with the same DJANGO_STATIC_ROOT) "
            "before starting the portal with DJANGO_DEBUG off."
        ) from None
