"""Tasks for tests/portal/test_jobs.py (importable by a worker process: module level)."""

import time

from portal.background import jobs


@jobs.job_task()
def count_to(job, *, total, pause=0.0, fail_attempts=0, fail_for_good=False):
    """Counts to `total`, reporting each step; fails its first `fail_attempts` attempts."""
    if fail_for_good:
        raise jobs.JobFailed("Filen mangler kolonnen «navn».")
    if job.attempts <= fail_attempts:
        raise RuntimeError(f"attempt {job.attempts} fails on purpose")
    job.progress(0, total=total, force=True)
    for done in range(1, total + 1):
        time.sleep(pause)
        job.progress(done, force=True)
    return f"Talte til {total}."
