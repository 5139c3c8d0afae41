"""Background jobs of the brreg app (django-tasks; the operations issue provides the worker)."""

from django_tasks import task


@task()
def run_import(run_id):
    from brreg.services import import_run_execute

    return import_run_execute(run_id=run_id)
