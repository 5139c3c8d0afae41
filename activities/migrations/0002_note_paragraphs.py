"""Activity descriptions typed as plain text before the editor: blank lines become paragraphs,
"- " lines lists (HTML already there is left as it is; going back is a no-op)."""

from django.db import migrations

from portal.text.formatted import convert_plain_text_migration


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [convert_plain_text_migration("activities", "Activity", "note")]
