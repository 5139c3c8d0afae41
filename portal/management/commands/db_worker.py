"""`manage.py db_worker`: django-tasks-db's worker, plus a heartbeat for the health endpoint.

Every option of the package's command works as documented there (`--batch`, `--interval`,
`--queue-name` …). While it runs, a thread writes the time into the shared cache every
HEARTBEAT_SECONDS, so /helse/ can tell a live worker from a dead one even when no job is queued.
"""

import threading

from django.db import connections
from django_tasks_db.management.commands.db_worker import Command as PackageCommand

from portal import jobs

HEARTBEAT_SECONDS = 15


def _beat_forever(stop):
    while not stop.is_set():
        try:
            jobs.heartbeat_beat()
            jobs.fail_stale()  # the jobs of a worker that died: failed, for coordinators to retry
        except Exception:  # a cache or database hiccup must not kill the worker
            pass
        finally:
            connections.close_all()  # this thread's own connections
        stop.wait(HEARTBEAT_SECONDS)


class Command(PackageCommand):
    help = "Run the background job worker (django-tasks-db) with a heartbeat for /helse/"

    def handle(self, *args, **options):
        stop = threading.Event()
        jobs.heartbeat_beat()
        beater = threading.Thread(target=_beat_forever, args=(stop,), name="job-heartbeat", daemon=True)
        beater.start()
        try:
            return super().handle(*args, **options)
        finally:
            stop.set()
