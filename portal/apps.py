from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Mangfoldsportalen"

    def ready(self):
        from portal import roles

        # Keep the roles' model permissions in step with the models that exist after every
        # migrate (new apps add models); the groups themselves come from a migration.
        post_migrate.connect(roles.sync_role_permissions_after_migrate, sender=self)
        from portal import audit

        audit.register_models()  # the audit trail follows the models that exist
        from django.core import checks

        from portal import files

        checks.register(files.check_private_root)
