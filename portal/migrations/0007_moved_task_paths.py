"""The floor's modules moved into packages (docs/architecture.md "Layout"), and two of them hold
tasks: a job queued or failed before the move names its function by the old path, in the portal's
`Job` row (retried from /koordinator/jobber/) and in django-tasks-db's queue row. Both are
rewritten here, so no module has to stay behind under its old name. (With the RQ backend, let the
queue run empty before deploying the move: RQ keeps its queue in Redis, out of the migrations' reach.)"""

from django.db import migrations

MOVED = {
    "portal.import_jobs.import_file": "portal.spreadsheets.import_jobs.import_file",
    "portal.mail.send_queued": "portal.output.mail.send_queued",
}


def _rewrite(apps, pairs):
    for label in ("portal.Job", "django_tasks_database.DBTaskResult"):
        model = apps.get_model(label)
        for old, new in pairs:
            model.objects.filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):
    _rewrite(apps, MOVED.items())


def backwards(apps, schema_editor):
    _rewrite(apps, [(new, old) for old, new in MOVED.items()])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_form_key_fingerprint"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=True)]
