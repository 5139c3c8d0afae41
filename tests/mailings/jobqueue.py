"""Running the job queue in tests: what the worker would do, in the test's process."""

from django.db import connection


def run_queued_jobs():
    """Run the callbacks the test's transaction would have run at commit (the enqueueing), which
    with the default backend run the task at once."""
    callbacks = list(connection.run_on_commit)
    connection.run_on_commit.clear()
    for _savepoints, callback, _robust in callbacks:
        callback()
