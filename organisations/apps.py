from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'organisations'
    # The staff roles hold this app's model permissions (portal.privacy.roles.domain_apps).
    staff_roles_hold_permissions = True

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal.privacy import audit
        from organisations import invalidation

        invalidation.connect()  # which cached public pages a change makes stale

        audit.register("organisations.Organisation", exclude=["search_text", "updated_at", "created_at"])
        audit.register("organisations.ContactPerson", exclude=["updated_at", "created_at"])
        audit.register("organisations.Tag")
        # The token's hash is a credential: it has no place in a trail coordinators read.
        audit.register("organisations.EditorInvitation", exclude=["token_hash", "created_at"])
        audit.register("organisations.ListingRevision")
        audit.register("organisations.ListingDescription", exclude=["updated_at", "created_at"])
        audit.register("organisations.Consent")
        audit.register("organisations.Event")
        audit.register("organisations.PremisesNeed", exclude=["updated_at", "created_at"])
        audit.exempt("organisations.Language", _("Fast liste lagt inn av en migrering; ingen endrer den i portalen."))
        audit.exempt("organisations.ActivityCategory", _("Fast liste lagt inn av en migrering; ingen endrer den i portalen."))
        audit.exempt("organisations.Municipality", _("Fast liste lagt inn av en migrering; ingen endrer den i portalen."))
