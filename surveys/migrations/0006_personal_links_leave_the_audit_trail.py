"""Personal links are no longer audited: the entries written so far (one set per use, timed to the
microsecond and labelled with the person the link was sent to) are deleted with them."""

from django.db import migrations


def forget_link_entries(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    LogEntry = apps.get_model("auditlog", "LogEntry")
    content_type = ContentType.objects.filter(app_label="surveys", model="personallink").first()
    if content_type is not None:
        LogEntry.objects.filter(content_type=content_type).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0005_survey_texts_in_other_languages"),
        ("auditlog", "0017_add_actor_email"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forget_link_entries, migrations.RunPython.noop)]
