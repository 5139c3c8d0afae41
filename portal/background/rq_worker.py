"""The RQ worker class of the portal (settings `RQ["WORKER_CLASS"]`, used by `manage.py rqworker`).

RQ's default worker forks a child per job. The portal's runs each job in its own process instead
(RQ's SimpleWorker), as `db_worker` does: the heartbeat thread of that process then keeps the rows
of the jobs it runs fresh (portal.background.jobs.heartbeat_beat), so a running job whose row goes quiet
proves its worker dead and is queued again (portal.background.jobs.fail_stale) without ever running twice.
"""

from django.db import close_old_connections
from rq.worker import SimpleWorker


class PortalWorker(SimpleWorker):
    def execute_job(self, job, queue):
        # A connection left from the last job may have broken (a database restart) or aged out.
        close_old_connections()
        try:
            return super().execute_job(job, queue)
        finally:
            close_old_connections()
