"""Health of the running portal for the municipality's monitoring, and the start-up check.

GET /helse/ answers JSON, 200 when every check passes and 503 otherwise:

    {"status": "ok", "checks": {
        "database": {"ok": true, "ms": 0.8},
        "cache":    {"ok": true, "ms": 0.5},
        "worker":   {"ok": true, "heartbeat_age_seconds": 7, "queued": 0, "oldest_queued_seconds": null},
        "disk":     {"ok": true, "free_mb": 20480, "min_free_mb": 500}}}

The worker is alive when its heartbeat (manage.py db_worker writes one every 15 s) is younger than
PORTAL_WORKER_STALE_SECONDS. Disk is the free space where uploads and PDFs are stored
(MEDIA_ROOT), against PORTAL_HEALTH_MIN_FREE_MB. Nothing personal or secret is in the answer.
"""

import json
import shutil
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

from portal import jobs


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


def _worker():
    from django_tasks_db.models import DBTaskResult

    age = jobs.heartbeat_age()
    ready = DBTaskResult.objects.ready()
    oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    stale = settings.PORTAL_WORKER_STALE_SECONDS
    return {
        "ok": age is not None and age <= stale,
        "heartbeat_age_seconds": None if age is None else round(age),
        "queued": ready.count(),
        "oldest_queued_seconds": None if oldest is None else round((timezone.now() - oldest).total_seconds()),
    }


def _disk():
    path = Path(settings.MEDIA_ROOT)
    while not path.exists() and path != path.parent:
        path = path.parent
    free_mb = shutil.disk_usage(path).free // (1024 * 1024)
    minimum = settings.PORTAL_HEALTH_MIN_FREE_MB
    return {"ok": free_mb >= minimum, "free_mb": free_mb, "min_free_mb": minimum}


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
