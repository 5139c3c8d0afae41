from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Mangfoldsportalen"

    def ready(self):
        from portal import audit, checks, roles  # noqa: F401 (checks registers the system checks)

        # Keep the roles' model permissions in step with the models that exist after every
        # migrate (new apps add models); the groups themselves come from a migration.
        post_migrate.connect(roles.sync_role_permissions_after_migrate, sender=self)
        # The apps register their own models (their AppConfig.ready()); accounts are the floor's.
        audit.register("auth.User", exclude=["password", "last_login"])
