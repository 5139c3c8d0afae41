"""Mailing texts typed as plain text in the old textarea: blank lines become paragraphs, "- " lines
lists (HTML already there is left as it is; going back is a no-op). Drafts then open in the editor
as they were typed, and sent ones show their line breaks in the archive."""

from django.db import migrations

from portal.text.formatted import convert_plain_text_migration


class Migration(migrations.Migration):
    dependencies = [("mailings", "0004_segment_grant_round")]

    operations = [convert_plain_text_migration("mailings", "Mailing", "body", "body_en")]
