"""The ICU collation nb_icu (Norwegian bokmål) that portal.text.collation orders names by, on PostgreSQL.

A server built without ICU gets a collation of the same name copied from the database's default,
so the queries still run (in that server's own order). SQLite registers its own on connection.
"""

from django.db import migrations

NAME = "nb_icu"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_collation WHERE collprovider = 'i')")
        has_icu = cursor.fetchone()[0]
        if has_icu:
            cursor.execute(f"CREATE COLLATION IF NOT EXISTS {NAME} (provider = icu, locale = 'nb-NO')")
        else:
            cursor.execute(f'CREATE COLLATION IF NOT EXISTS {NAME} FROM "default"')


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP COLLATION IF EXISTS {NAME}")


class Migration(migrations.Migration):
    dependencies = [("portal", "0004_form_keys")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
