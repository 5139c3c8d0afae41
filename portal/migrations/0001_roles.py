from django.db import migrations

ROLES = ("koordinator", "kommuneansatt", "organisasjonsredaktør")


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    # Permissions are attached after every migrate by portal.privacy.roles.sync_role_permissions,
    # since the models of later apps do not exist yet at this point.
    dependencies = [("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(create_roles, remove_roles)]
