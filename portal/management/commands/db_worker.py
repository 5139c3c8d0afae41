"""`manage.py db_worker`: django-tasks-db's worker, plus a heartbeat for the health endpoint, and
it outlives a database outage.

Every option of the package's command works as documented there (`--batch`, `--interval`,
`--queue-name` …). While it runs, a thread writes the time into the shared cache every
portal.background.jobs.HEARTBEAT_SECONDS, so /helse/ can tell a live worker from a dead one even when no job is queued.

The package's worker raises out of its loop and exits when the database goes away (a restart, a
failover, a network cut). This one logs one line when the database is lost, waits and tries again
(every RECONNECT_SECONDS at most), logs one line when it is back and goes on; a task that was
running when the connection broke is left "running" and retried by the heartbeat once it has gone
quiet (portal.background.jobs.fail_stale). Stopping it (Ctrl+C, SIGTERM) works as in the package.
"""

import logging
import os
import time

from django.db import DatabaseError, InterfaceError, connections
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV, run_with_reloader
from django_tasks_db.management.commands.db_worker import Command as PackageCommand
from django_tasks_db.management.commands.db_worker import Worker

from portal.background import jobs

RECONNECT_SECONDS = 5

logger = logging.getLogger("portal.background.jobs")


def _drop_connections():
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except Exception:  # a connection that broke cannot always be closed cleanly
            connection.connection = None


def _database_answers():
    try:
        connections["default"].ensure_connection()
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except (DatabaseError, InterfaceError):
        _drop_connections()
        return False


class ResilientWorker(Worker):
    """The package's Worker, run again after a database error instead of exiting."""

    def run(self):
        lost = False
        while self.running:
            if lost:
                if not _database_answers():
                    time.sleep(RECONNECT_SECONDS)
                    continue
                logger.warning("job worker: the database is back; going on")
                lost = False
            try:
                return super().run()
            except (DatabaseError, InterfaceError) as exc:
                logger.warning("job worker: the database is unavailable (%s); trying again every %s s",
                               str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__,
                               RECONNECT_SECONDS)
                lost = True
                self.running_task = False
                _drop_connections()
                time.sleep(min(RECONNECT_SECONDS, max(self.interval, 0.1)))


class Command(PackageCommand):
    help = "Run the background job worker (django-tasks-db) with a heartbeat for /helse/; it outlives database outages"

    def handle(self, *args, **options):
        try:
            jobs.heartbeat_beat()
        except Exception:  # started while the database is down: the worker waits for it below
            _drop_connections()
        stop = jobs.heartbeat_start()
        try:
            return self._run(**options)
        finally:
            stop.set()

    def _run(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
             worker_id, exclude_queues, **options):
        """The package's handle() with ResilientWorker in place of Worker."""
        self.configure_logging(verbosity)
        if reload and batch:
            reload = False
        queue_names = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queue_names:
            from django.core.management.base import CommandError

            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = ResilientWorker(
            queue_names=queue_names, interval=interval, batch=batch, backend_name=backend_name,
            startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id, excluded_queue_names=excluded,
        )
        if reload:
            if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
                worker.configure_signals()
            run_with_reloader(worker.run)
        else:
            worker.configure_signals()
            worker.run()
