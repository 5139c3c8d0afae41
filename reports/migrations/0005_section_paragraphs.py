"""Chapter texts typed as plain text before the editor: blank lines become paragraphs, "- " lines
lists. Approved reports' snapshots are left as they were approved."""

from django.db import migrations

from portal.text.formatted import convert_plain_text_migration


class Migration(migrations.Migration):
    dependencies = [("reports", "0004_alter_reportsection_generated")]

    operations = [convert_plain_text_migration("reports", "ReportSection", "body")]
