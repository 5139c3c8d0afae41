from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GrantsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "grants"
    verbose_name = _("Tilskudd")

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal import audit, importing

        importing.register("grant_rounds", "grants.resources.GrantRoundResource")
        importing.register("grant_applications", "grants.resources.GrantApplicationResource")
        for model in ("GrantScheme", "GrantRound", "GrantApplication", "Complaint", "UseReport"):
            audit.register(f"grants.{model}", exclude=["updated_at", "created_at"])
        audit.register("grants.Attachment")
        # Its personal data in the record of processing (portal.processing).
        from grants import privacy

        privacy.declare()
