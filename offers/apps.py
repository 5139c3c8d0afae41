from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OffersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "offers"
    # The staff roles hold this app's model permissions (portal.privacy.roles.domain_apps).
    staff_roles_hold_permissions = True
    verbose_name = _("Faste tilbud")

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal.privacy import audit
        from offers import invalidation

        invalidation.connect()  # which cached public pages a change makes stale
        audit.register("offers.Offer", exclude=["updated_at", "created_at"])
        audit.register("offers.OfferPause")
