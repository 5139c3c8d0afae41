"""Running the job queue in tests: what the worker does, in the test's process (portal.background.jobs)."""

from portal.background import jobs


def run_queued_jobs():
    return jobs.run_pending()
