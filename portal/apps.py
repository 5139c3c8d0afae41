from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Mangfoldsportalen"

    def ready(self):
        from django.db.backends.signals import connection_created

        from portal.privacy import audit, files, roles
        from portal.text import collation
        from portal.web import formkeys
        from portal import checks as registry_checks  # noqa: F401 (registers the registries' checks)

        # Keep the roles' model permissions in step with the models that exist after every
        # migrate (new apps add models); the groups themselves come from a migration.
        post_migrate.connect(roles.sync_role_permissions_after_migrate, dispatch_uid="portal.privacy.roles")
        # Every upgrade runs migrate: no cached public page from older templates survives it.
        from portal.web import pagecache

        post_migrate.connect(pagecache.forget_after_migrate, sender=self)
        # Norwegian name order in SQL (portal.text.collation); PostgreSQL's comes from migration 0005.
        connection_created.connect(collation.register_sqlite_collation, dispatch_uid="portal.text.collation")
        # The apps register their own models (their AppConfig.ready()); accounts are the floor's.
        audit.register("auth.User", exclude=["password", "last_login"])
        audit.exempt("portal.Job", _("Bokføring av bakgrunnsjobber (fremdrift, forsøk); ingen persons arbeid."))
        checks.register(files.check_private_root)
        checks.register(formkeys.check_create_views, checks.Tags.urls)
        audit.exempt("portal.FormKey", _("Engangsnøkler mot dobbel innsending; slettes etter 30 dager, ingen persons arbeid."))
        from portal.privacy import processing

        processing.declare_floor()
        # Every app's figures, spreadsheet files, erasure hooks and personal data, declared beside
        # their code and imported here (portal.registry), as django.contrib.admin discovers admin.py.
        from portal import registry

        registry.discover()
        # `in` on an integer column leaves out numbers the column cannot hold (2**64 typed into
        # a form's multiple choice answered 500 on SQLite).
        from portal.db import lookups

        lookups.register()
