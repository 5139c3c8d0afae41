from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "networks"
    # The staff roles hold this app's model permissions (portal.privacy.roles.domain_apps).
    staff_roles_hold_permissions = True
    verbose_name = _("Nettverk og avtaler")

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal.privacy import audit
        from networks import invalidation

        invalidation.connect()  # which cached listings a change makes stale

        audit.register("networks.Relationship", exclude=["created_at", "updated_at"])
        audit.register("networks.Agreement", exclude=["created_at", "updated_at"])
        audit.register("networks.AgreementParty")
        audit.register("networks.RelationshipProposal")
