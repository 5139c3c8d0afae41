"""Personal links are no longer audited: the entries written so far (one set per use, timed to the
microsecond and labelled with the person the link was sent to) are deleted with them. And the draft
report PDFs earlier versions kept in the database cache (dated copies of open surveys' results)
are deleted from the cache table."""

from django.db import migrations


def forget_link_entries(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    content_type = ContentType.objects.filter(app_label="surveys", model="personallink").first()
    if content_type is not None:
        LogEntry.objects.filter(content_type=content_type).delete()


def forget_cached_drafts(apps, schema_editor):
    from django.conf import settings

    for alias, config in settings.CACHES.items():
        if config.get("BACKEND") != "django.core.cache.backends.db.DatabaseCache":
            continue  # another cache: its entries expire within the week (docs/operations.md "Anonymity")
        table = schema_editor.connection.ops.quote_name(config["LOCATION"])
        if config["LOCATION"] not in schema_editor.connection.introspection.table_names():
            continue  # created later by createcachetable: nothing in it yet
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {table} WHERE cache_key LIKE %s", ["%:reports:pdf:%"])


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0005_survey_texts_in_other_languages"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(forget_link_entries, migrations.RunPython.noop),
        migrations.RunPython(forget_cached_drafts, migrations.RunPython.noop),
    ]
