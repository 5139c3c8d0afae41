"""Background jobs: slow work (bulk e-mail, PDFs, big imports, the Brønnøysund file) leaves the
request and runs in a worker, with progress the starting page shows.

The jobs run through Django's tasks API (the `django-tasks` backport; `TASKS` in settings). The
embedded default is the database backend of `django-tasks-db`: its worker is

    python manage.py db_worker          # `make run` starts it beside the web server

(the portal's `db_worker` is the package's, plus a heartbeat the health endpoint reads). A `Job`
row is what people see: kind, owner, state, progress done/total, the error text, when it was
created and finished, and how many attempts it took. Coordinators see every job and retry failed
ones at /koordinator/jobber/.

How to define a job (s13 decision e-mails, s16 grant e-mails, s17 Brønnøysund import …)::

    # grants/tasks.py
    from portal.background import jobs

    @jobs.job_task()                      # a django-tasks @task() underneath; module level
    def send_decision_emails(job, *, decision_ids):
        for decision in job.each(list(Decision.objects.filter(pk__in=decision_ids))):
            ...                           # one small unit of work, committed on its own
        # (job.each reports progress, written at most twice a second; or call job.progress(done, total))
        return _("%(count)s e-poster sendt.") % {"count": len(decision_ids)}   # shown to the owner

    # grants/services.py (or the view): start it; the worker picks it up once the caller's
    # transaction has committed (`jobs.job_start` enqueues in `transaction.on_commit`, or, with
    # the database backend, in the same transaction, which comes to the same thing).
    job = jobs.job_start(kind="grants.decision_emails", label=_("Vedtaksbrev"), owner=request.user,
                         task=send_decision_emails, kwargs={"decision_ids": ids}, subject=grant)

    # the starting view puts the owner's recent jobs of that subject in the context …
    "jobs": jobs.recent_jobs(subject=grant)
    # … and its template shows them with their <progress> bars (refreshed by static/js/jobs.js):
    {% include "portal/jobs/_progress_list.html" with jobs=jobs %}

Rules: arguments are JSON (ids, not model instances); the function must be safe to run again
(a failed attempt is retried up to `max_attempts` times, a minute apart, then shown to
coordinators as failed); raise to fail, return a short text for the owner. `jobs.JobFailed(msg)`
fails at once without retries (bad input: retrying will not help).

In tests, `jobs.run_pending()` runs every queued task in the test's own process and transaction
(the same code path the worker takes); `tests/portal/test_jobs.py` also runs the real
`db_worker` as a separate process.
"""

import datetime
import functools
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, InterfaceError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

# Django 5.2 LTS (pinned): the tasks API comes from the backport. On Django 6 this becomes
# `from django.tasks import …` in one step, not a fallback that hides which one ran.
from django_tasks import TaskResultStatus, task

# A progress write costs an UPDATE; a loop over 50,000 rows reports at most this often.
PROGRESS_INTERVAL_SECONDS = 0.5
RETRY_DELAY = datetime.timedelta(minutes=1)
HEARTBEAT_CACHE_KEY = "jobs:worker-heartbeat"

logger = logging.getLogger("portal.background.jobs")


class JobFailed(Exception):
    """Raised by a job for a failure that retrying cannot mend (bad input): no further attempts."""


class Job(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", _("I kø")
        RUNNING = "running", _("Kjører")
        SUCCEEDED = "succeeded", _("Fullført")
        FAILED = "failed", _("Feilet")

    kind = models.CharField(_("type"), max_length=100)
    label = models.CharField(_("beskrivelse"), max_length=200)
    subject = models.CharField(_("gjelder"), max_length=100, blank=True, db_index=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("status"), max_length=20, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.TextField(_("resultat"), blank=True)
    error = models.TextField(_("feil"), blank=True)
    result = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    task_path = models.CharField(max_length=200)
    arguments = models.JSONField(default=dict, blank=True)
    # An uploaded file the job works on (an import), kept with the job so that any worker on any
    # machine can read it; emptied when the job succeeds.
    payload = models.BinaryField(null=True, blank=True, editable=False)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("startet"), auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "portal"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("bakgrunnsjobb")
        verbose_name_plural = _("bakgrunnsjobber")
        indexes = [models.Index(fields=["state", "-created_at"], name="portal_job_state_idx")]

    def __str__(self):
        return f"{self.label} ({self.get_state_display()})"

    @property
    def is_finished(self):
        return self.state in (self.State.SUCCEEDED, self.State.FAILED)

    @property
    def percent(self):
        if self.state == self.State.SUCCEEDED:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    def as_json(self):
        return {
            "id": self.pk,
            "state": self.state,
            "state_label": str(self.get_state_display()),
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "message": self.message,
            "error": self.error,
            "finished": self.is_finished,
        }

    # --- called by the running job --------------------------------------------------------

    def progress(self, done, total=None, *, force=False):
        """Report progress: `done` of `total` units. Written at most every
        PROGRESS_INTERVAL_SECONDS (and always when done reaches total or force is set)."""
        self.done = done
        if total is not None:
            self.total = total
        now = time.monotonic()
        last = getattr(self, "_last_progress_write", 0.0)
        if not force and now - last < PROGRESS_INTERVAL_SECONDS and not (self.total and done >= self.total):
            return
        self._last_progress_write = now
        self._write_progress()

    def _write_progress(self):
        stamp = timezone.now()
        connection = transaction.get_connection()
        if not connection.in_atomic_block or connection.vendor == "sqlite":
            # (SQLite has one writer: a second connection would wait for the job's own
            # transaction. There the progress inside an all-or-nothing import shows at its end.)
            Job.objects.filter(pk=self.pk).update(done=self.done, total=self.total, updated_at=stamp)
            return
        # Inside the job's transaction (an import is all or nothing) an UPDATE would be seen only
        # at the commit, and the bar would stand at 0 for the whole import: a connection of its
        # own writes it at once (the transaction does not touch the job's row).
        side = type(connection)(connection.settings_dict, connection.alias)
        try:
            quote = side.ops.quote_name
            with side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {quote(Job._meta.db_table)} SET {quote('done')} = %s, {quote('total')} = %s, "
                    f"{quote('updated_at')} = %s WHERE {quote('id')} = %s",
                    [self.done, self.total, stamp, self.pk],
                )
        finally:
            side.close()

    def each(self, items):
        """The items of a list one by one, the job's progress counting them: done before each,
        all of them (written at once) when the last is through."""
        total = len(items)
        for done, item in enumerate(items):
            self.progress(done, total=total)
            yield item
        self.progress(total, total=total, force=True)

    def step(self, count=1):
        self.progress(self.done + count)

    def store(self, **result):
        """Keep structured results (e.g. an import's row errors) for the page that shows the job."""
        self.result = {**self.result, **result}
        Job.objects.filter(pk=self.pk).update(result=self.result)


def job_task(**task_options):
    """Decorator: a django-tasks task whose function gets its Job first (see the module doc)."""

    def decorate(function):
        def run(job_id, **kwargs):
            return _run(function, job_id, kwargs)

        functools.update_wrapper(run, function)
        return task(**task_options)(run)

    return decorate


def _backend_defers(task_object):
    return getattr(task_object.get_backend(), "supports_defer", False)


def _enqueue(job, *, delay=None):
    task_object = import_string(job.task_path)
    if delay is not None and _backend_defers(task_object):
        task_object = task_object.using(run_after=timezone.now() + delay)
    result = task_object.enqueue(job.pk, **job.arguments)
    Job.objects.filter(pk=job.pk).update(task_result_id=str(result.id)[:64])


def _task_path(task_object):
    return f"{task_object.func.__module__}.{task_object.func.__qualname__}"


def job_start(*, kind, label, task, owner=None, kwargs=None, subject=None, total=0, max_attempts=3, payload=None):
    """Create the Job and enqueue its task when the caller's transaction commits."""
    job = Job.objects.create(
        payload=payload,
        kind=kind,
        label=str(label)[:200],
        subject=subject_key(subject),
        owner=owner if owner is not None and owner.is_authenticated else None,
        total=total,
        max_attempts=max_attempts,
        task_path=_task_path(task),
        arguments=kwargs or {},
    )
    _enqueue_after_commit(job)
    return job


def _enqueue_after_commit(job):
    """The database backend stores the task in the caller's transaction: it becomes visible to
    the worker exactly when the data it needs commits (and vanishes with a rollback), so it is
    enqueued at once. Any other backend (Redis/RQ) is told only after the commit."""
    from django_tasks_db import DatabaseBackend

    backend = import_string(job.task_path).get_backend()
    if isinstance(backend, DatabaseBackend):
        _enqueue(job)
    else:
        transaction.on_commit(functools.partial(_enqueue, job))


def job_retry(*, job):
    """Run a failed job again (a coordinator's "Prøv igjen"): a fresh set of attempts."""
    if job.state != Job.State.FAILED:
        return job
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.QUEUED, attempts=0, error="", done=0, finished_at=None, started_at=None
    )
    job.refresh_from_db()
    _enqueue_after_commit(job)
    return job


# The jobs this process is running now: the worker's heartbeat thread keeps their `updated_at`
# fresh, so a RUNNING job whose row has gone quiet belongs to a worker that died (fail_stale).
_RUNNING_HERE = set()


def _run(function, job_id, kwargs):
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.is_finished:
        return None  # deleted, or a duplicate delivery of a job that already ended
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1, error=""
    )
    job.refresh_from_db()
    _RUNNING_HERE.add(job.pk)
    try:
        return _run_body(function, job, kwargs)
    finally:
        _RUNNING_HERE.discard(job.pk)


def _run_body(function, job, kwargs):
    try:
        message = function(job, **kwargs)
    except Exception as exc:
        error = f"{exc}" if isinstance(exc, JobFailed) else f"{type(exc).__name__}: {exc}"
        if not isinstance(exc, JobFailed) and job.attempts < job.max_attempts:
            Job.objects.filter(pk=job.pk).update(state=Job.State.QUEUED, error=error[:5000])
            _enqueue(job, delay=RETRY_DELAY)
            return None
        Job.objects.filter(pk=job.pk).update(state=Job.State.FAILED, error=error[:5000], finished_at=timezone.now())
        raise
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.SUCCEEDED,
        payload=None,
        message=str(message or ""),
        done=models.Case(models.When(total__gt=0, then=F("total")), default=F("done")),
        finished_at=timezone.now(),
    )
    return None


# --- reads ------------------------------------------------------------------------------------


def subject_key(subject):
    """A model instance (or a string) → the key jobs are filed under, e.g. "panel.meeting:12"."""
    if subject is None:
        return ""
    if isinstance(subject, str):
        return subject[:100]
    return f"{subject._meta.label_lower}:{subject.pk}"


def job_start_once(*, kind, subject, owner, **kwargs):
    """job_start, unless the owner's job of this kind for this subject is still unfinished: then
    that one (a reload of the waiting page starts nothing new)."""
    for job in recent_jobs(subject=subject, kind=kind, owner=owner):
        if not job.is_finished:
            return job
    return job_start(kind=kind, subject=subject, owner=owner, **kwargs)


def recent_jobs(*, subject=None, kind=None, owner=None, hours=24, limit=5):
    """The jobs a starting page shows: unfinished ones and those finished in the last `hours`."""
    since = timezone.now() - datetime.timedelta(hours=hours)
    jobs = Job.objects.filter(models.Q(finished_at__isnull=True) | models.Q(finished_at__gte=since))
    if subject is not None:
        jobs = jobs.filter(subject=subject_key(subject))
    if kind is not None:
        jobs = jobs.filter(kind=kind)
    if owner is not None:
        jobs = jobs.filter(owner=owner)
    return list(jobs.select_related("owner").defer("payload")[:limit])


def jobs_for_coordinators(limit=100):
    """Failed jobs first (they need someone), then the newest."""
    failed_first = models.Case(models.When(state=Job.State.FAILED, then=0), default=1)
    return list(Job.objects.select_related("owner").defer("payload").order_by(failed_first, "-created_at", "-pk")[:limit])


# --- running queued tasks ---------------------------------------------------------------------


def run_pending(*, backend="default", limit=1000):
    """Run every ready task of the database backend here, in this process, as the worker would
    (django_tasks_db's own Worker.run_task). For tests and for `manage.py db_worker --batch`-like
    one-off use; returns how many ran. Deferred retries are not ready yet and are left queued."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name=backend,
        startup_delay=False,
        max_tasks=None,
        worker_id="in-process",
        excluded_queue_names=[],
    )
    ran = 0
    while ran < limit:
        result = DBTaskResult.objects.ready().filter(backend_name=backend).order_by("-priority", "enqueued_at").first()
        if result is None:
            break
        result.claim(worker.worker_id)
        worker.run_task(result)
        ran += 1
    return ran


def heartbeat_beat():
    """The worker's sign of life, read by the health endpoint; also the sign of life of each job
    this process runs (their rows' `updated_at`), which fail_stale reads."""
    from django.core.cache import cache

    cache.set(HEARTBEAT_CACHE_KEY, timezone.now().timestamp(), timeout=None)
    running = list(_RUNNING_HERE)
    if running:
        Job.objects.filter(pk__in=running, state=Job.State.RUNNING).update(updated_at=timezone.now())


HEARTBEAT_SECONDS = 15


def _beat_forever(stop):
    from django.db import connections

    from portal.privacy.forgetting import database_forget_overwritten

    while not stop.is_set():
        try:
            heartbeat_beat()
            fail_stale()  # the jobs of a worker that died: queued again, or failed for "Prøv igjen"
            # SQLite: a write-ahead log a busy request could not truncate is truncated here.
            database_forget_overwritten(wait_ms=2000)
        except (DatabaseError, InterfaceError):  # an outage must not kill the worker (it logs the outage itself)
            pass
        except Exception as exc:  # nor anything else (a Redis outage); but it is said, not swallowed
            logger.warning("job heartbeat failed: %s: %s", type(exc).__name__, exc)
        finally:
            connections.close_all()  # this thread's own connections
        stop.wait(HEARTBEAT_SECONDS)


def heartbeat_start():
    """Start a worker's heartbeat thread (db_worker and rqworker): a beat now and every
    HEARTBEAT_SECONDS. Returns the event that stops it."""
    stop = threading.Event()
    threading.Thread(target=_beat_forever, args=(stop,), name="job-heartbeat", daemon=True).start()
    return stop


def stale_jobs():
    """RUNNING jobs with no sign of life (progress or worker heartbeat) for
    PORTAL_WORKER_STALE_SECONDS: their worker died mid-run (killed, out of memory, machine gone)."""
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.PORTAL_WORKER_STALE_SECONDS)
    return Job.objects.filter(state=Job.State.RUNNING, updated_at__lt=cutoff)


def fail_stale():
    """Recover the jobs of a worker that died: each stale job with attempts left is queued again
    at once (the next attempt skips what the dead one finished: a mailing its delivered
    recipients, an import is all or nothing), the others are marked failed for coordinators to
    retry ("Prøv igjen"). Called by every worker's heartbeat and by the pages that show a job's
    state; returns the ids of the jobs failed.

    Each job is taken over by one conditional UPDATE, so two callers at once (two workers'
    heartbeats, a page) never queue it twice."""
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.PORTAL_WORKER_STALE_SECONDS)
    failed = []
    # A job this very process runs is alive however old its row looks: the heartbeat that refreshed
    # it may have waited for the database longer than the stale time (SQLite under load).
    for job in stale_jobs().exclude(pk__in=list(_RUNNING_HERE)).defer("payload"):
        quiet = Job.objects.filter(pk=job.pk, state=Job.State.RUNNING, updated_at__lt=cutoff)
        if job.attempts < job.max_attempts and _heartbeat_keeps_running_jobs_fresh(job):
            retrying = str(_("Arbeideren stoppet før jobben var ferdig; prøves igjen."))
            if quiet.update(state=Job.State.QUEUED, error=retrying, updated_at=timezone.now()):
                _abandon_task_result(job)
                _enqueue(job)
        elif quiet.update(
            state=Job.State.FAILED,
            error=str(_("Arbeideren stoppet før jobben var ferdig. Prøv igjen.")),
            finished_at=timezone.now(),
        ):
            _abandon_task_result(job)
            failed.append(job.pk)
    return failed


def _heartbeat_keeps_running_jobs_fresh(job):
    """The portal's workers (`db_worker`, and `rqworker` with portal.background.rq_worker.PortalWorker) run
    each job in the process whose heartbeat keeps its row fresh, so there a quiet row proves the
    worker dead. With any other backend a long job that reports no progress would be queued a
    second time while it still runs: those are failed, for "Prøv igjen"."""
    from django_tasks_db import DatabaseBackend

    try:
        backend = import_string(job.task_path).get_backend()
    except ImportError:
        return False
    if isinstance(backend, DatabaseBackend):
        return True
    return rq_enabled() and settings.RQ.get("WORKER_CLASS") == "portal.background.rq_worker.PortalWorker"


def rq_enabled():
    return settings.TASKS["default"]["BACKEND"] == settings.TASK_BACKENDS["rq"]


def _abandon_task_result(job):
    """The dead worker's task result stays "running" in django-tasks-db otherwise. (RQ moves a dead
    worker's job out of its started registry itself; its ids are not the database backend's.)"""
    from django_tasks_db.models import DBTaskResult

    if job.task_result_id and not rq_enabled():
        DBTaskResult.objects.filter(id=job.task_result_id, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.FAILED, finished_at=timezone.now()
        )


def heartbeat_age():
    """Seconds since the worker last reported, or None when it never did."""
    from django.core.cache import cache

    stamp = cache.get(HEARTBEAT_CACHE_KEY)
    return None if stamp is None else max(0.0, timezone.now().timestamp() - stamp)
