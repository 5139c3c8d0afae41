"""Minutes typed as plain text before the editor: blank lines become paragraphs, "- " lines lists."""

from django.db import migrations

from portal.text.formatted import convert_plain_text_migration


class Migration(migrations.Migration):
    dependencies = [("panel", "0004_meeting_series")]

    operations = [convert_plain_text_migration("panel", "Meeting", "minutes")]
