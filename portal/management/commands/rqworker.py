"""`manage.py rqworker`: django-rq's worker as the portal needs it when PORTAL_TASKS_BACKEND=rq.

What django-rq's command leaves to its caller comes with it: the queue "default" when none is
named, django-tasks-rq's job class and the portal's worker class (settings `RQ`, so
`--job-class` is not needed), the scheduler that runs a failed attempt's retry a minute later
(`--with-scheduler` is always on), and the heartbeat thread of `db_worker`: /helse/ sees this
worker alive, and the jobs of a worker that died are queued again (portal.background.jobs.fail_stale).
"""

from django.conf import settings
from django.core.management.base import CommandError
from django_rq.management.commands.rqworker import Command as PackageCommand

from portal.background import jobs


class Command(PackageCommand):
    help = "Run the background job worker for Redis/RQ (PORTAL_TASKS_BACKEND=rq) with a heartbeat for /helse/"

    def handle(self, *args, **options):
        if settings.TASKS["default"]["BACKEND"] != settings.TASK_BACKENDS["rq"]:
            raise CommandError(
                "The job backend is not RQ: set PORTAL_TASKS_BACKEND=rq and PORTAL_RQ_URL=redis://… "
                "(docs/operations.md), or run `manage.py db_worker` for the database backend."
            )
        options["with_scheduler"] = True
        stop = jobs.heartbeat_start()
        try:
            return super().handle(*(args or ("default",)), **options)
        finally:
            stop.set()
