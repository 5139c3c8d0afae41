from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "networks"
    verbose_name = _("Nettverk og avtaler")

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal import audit, erasure, figures, importing
        from networks import invalidation

        invalidation.connect()  # which cached listings a change makes stale

        # The report's `networks` group (docs/domain.md "Networks and agreements").
        figures.register("networks.agreements", "networks.selectors.agreements", _("Avtaler som gjaldt i året"))
        figures.register("networks.new_agreements", "networks.selectors.new_agreements", _("Nye avtaler i året"))
        figures.register(
            "networks.relationships", "networks.selectors.relationships", _("Forbindelser mellom organisasjoner i året")
        )

        # After organisations.csv (and activities.csv): the rows name organisations.
        importing.register("relationships", "networks.resources.RelationshipResource")
        importing.register("agreements", "networks.resources.AgreementResource")

        audit.register("networks.Relationship", exclude=["created_at", "updated_at"])
        audit.register("networks.Agreement", exclude=["created_at", "updated_at"])
        audit.register("networks.AgreementParty")
        audit.register("networks.RelationshipProposal")
        # An agreement's text may name the people who signed it: erasing a contact person reaches it.
        erasure.register("organisations.ContactPerson", "networks.services.contact_person_shred")
        # Its personal data in the record of processing (portal.processing).
        from networks import privacy

        privacy.declare()
