from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "activities"
    # The staff roles hold this app's model permissions (portal.privacy.roles.domain_apps).
    staff_roles_hold_permissions = True
    verbose_name = _("Aktiviteter, lokaler og ressurser")

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal.privacy import audit
        from activities import invalidation

        invalidation.connect()  # which cached public pages a change makes stale

        audit.register("activities.Activity", exclude=["updated_at", "created_at"])
        audit.register("activities.ActivityOrganisation")
        audit.register("activities.Premises", exclude=["updated_at"])
        audit.register("activities.Resource", exclude=["updated_at"])
