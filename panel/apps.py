from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'panel'
    # The staff roles hold this app's model permissions (portal.privacy.roles.domain_apps).
    staff_roles_hold_permissions = True

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal.privacy import audit
        from panel import invalidation

        invalidation.connect()  # which cached public pages a change makes stale

        audit.register("panel.Topic")
        audit.register("panel.Meeting", exclude=["updated_at", "created_at", "sequence"])
        audit.register("panel.MeetingSeries", exclude=["updated_at", "created_at"])
        audit.register("panel.Attendance", exclude=["updated_at"])
        audit.register("panel.Guest")
        audit.register("panel.MeetingAttachment", exclude=["uploaded_at"])
        audit.register("panel.Invitation", exclude=["updated_at", "created_at", "reminded_at"])
        audit.register("panel.InputItem", exclude=["updated_at", "created_at", "changed_by"])
        audit.register("panel.ServiceMember")
        audit.register("panel.InputProposal", exclude=["updated_at", "created_at"])
        audit.exempt("panel.InputOverviewVisit", _("Bare tidspunktet for en koordinators siste besøk på innspillsoversikten"))
