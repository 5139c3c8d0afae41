from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registrations"
    verbose_name = _("Registreringer")

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal import audit

        # The token's hash is a credential: it has no place in a trail coordinators read.
        audit.register("registrations.Registration", exclude=["token_hash", "created_at"])
        # Its personal data in the record of processing (portal.processing).
        from registrations import privacy

        privacy.declare()
