"""Background jobs of the brreg app: the bulk file's run, on the shared portal.jobs Job (progress,
retries, failures on the coordinators' jobs page, stale runs of a dead worker detected)."""

from portal import jobs


@jobs.job_task()
def run_import(job, *, run_id):
    from brreg.services import import_run_execute

    return import_run_execute(run_id=run_id, job=job)
