"""The floor's move into packages changed the import path of two tasks. A job queued or failed
before the move must still run, and a coordinator must still be able to retry it: the migration
rewrites the stored paths in the portal's Job rows and in django-tasks-db's queue."""

import pytest
from django.utils import timezone
from django.utils.module_loading import import_string

from tests.migrating import Migrator

BEFORE = [("portal", "0006_form_key_fingerprint"), ("django_tasks_database", "0021_conditional_partial_index_ordering")]
MOVED = [("portal", "0007_moved_task_paths")]
OLD_PATHS = ("portal.import_jobs.import_file", "portal.mail.send_queued")


@pytest.mark.django_db(transaction=True)
def test_jobs_stored_before_the_move_name_tasks_that_import_after_it():
    migrator = Migrator()
    old = migrator.migrate(BEFORE).apps
    Job = old.get_model("portal", "Job")
    Queued = old.get_model("django_tasks_database", "DBTaskResult")
    for path in OLD_PATHS:
        Job.objects.create(kind="test", label=path, task_path=path)
        Queued.objects.create(task_path=path, args_kwargs={"args": [], "kwargs": {}}, backend_name="default",
                              run_after=timezone.now(), status="READY")
    Job.objects.create(kind="test", label="other", task_path="grants.tasks.send_decision_emails")

    new = migrator.migrate(MOVED).apps
    job_paths = sorted(new.get_model("portal", "Job").objects.values_list("task_path", flat=True))
    queued_paths = sorted(new.get_model("django_tasks_database", "DBTaskResult").objects.values_list("task_path", flat=True))

    assert job_paths == ["grants.tasks.send_decision_emails", "portal.output.mail.send_queued",
                         "portal.spreadsheets.import_jobs.import_file"]
    assert queued_paths == ["portal.output.mail.send_queued", "portal.spreadsheets.import_jobs.import_file"]
    for path in queued_paths:
        assert hasattr(import_string(path), "enqueue")  # a django-tasks Task, as the worker needs
    for path in OLD_PATHS:
        with pytest.raises(ImportError):
            import_string(path)

    migrator.migrate_to_the_end()
