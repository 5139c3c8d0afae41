"""Descriptions and event texts typed as plain text before the editor: blank lines become
paragraphs, "- " lines lists (HTML already there is left as it is; going back is a no-op)."""

from django.db import migrations

from portal.text.formatted import convert_plain_text_migration


class Migration(migrations.Migration):
    dependencies = [("organisations", "0010_remove_organisation_contact_status")]

    operations = [
        convert_plain_text_migration("organisations", "Organisation", "description", "description_en"),
        convert_plain_text_migration("organisations", "ListingDescription", "text"),
        convert_plain_text_migration("organisations", "Event", "description"),
    ]
