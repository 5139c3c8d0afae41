from django.apps import AppConfig


class OutreachConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'outreach'
    # The staff roles hold this app's model permissions (portal.privacy.roles.domain_apps).
    staff_roles_hold_permissions = True

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal.privacy import audit

        # persons_met would copy people's names into the trail, beyond the reach of erasure.
        audit.register("outreach.Contact", exclude=["updated_at", "created_at", "persons_met"])
        audit.register("outreach.Guidance", exclude=["updated_at", "created_at"])
        audit.register("outreach.EventInvitation", exclude=["updated_at", "created_at"])
