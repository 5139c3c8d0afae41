from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "registrations"
    verbose_name = _("Registreringer")

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal.privacy import audit

        # The token's hash is a credential: it has no place in a trail coordinators read. The contact
        # person's values are blanked at the decision; a copy in the trail would outlive that, and
        # no erasure reaches a refused applicant (they never become a contact person).
        audit.register(
            "registrations.Registration",
            exclude=["token_hash", "created_at", "contact_name", "contact_email", "contact_phone"],
        )
