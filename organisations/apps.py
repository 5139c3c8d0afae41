from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'organisations'

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal import audit, erasure, figures, importing
        from organisations import invalidation

        invalidation.connect()  # which cached public pages a change makes stale

        figures.register(
            "directory.published_at_year_end",
            "organisations.selectors.published_at_year_end",
            _("Innvandrerorganisasjoner i den offentlige katalogen ved årets slutt"),
        )
        importing.register("organisations", "organisations.resources.OrganisationResource")
        # A contact person is erased everywhere by portal.erasure.erase; these are their personal values.
        erasure.subject("organisations.ContactPerson", fields=["name", "email", "phone"])
        erasure.register("organisations.ContactPerson", "organisations.services.contact_person_consent_shred")

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
        # Its personal data in the record of processing (portal.processing).
        from organisations import privacy

        privacy.declare()
