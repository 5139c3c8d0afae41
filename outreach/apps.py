from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    default_auto_field = 'django.db.models.BigAutoField'
    name = 'outreach'

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal import audit, erasure, figures, importing

        figures.register(
            "outreach.organisations_contacted",
            "outreach.selectors.organisations_contacted",
            _("Innvandrerorganisasjoner kontaktet"),
            periods=True,
        )
        figures.register(
            "outreach.organisations_responded",
            "outreach.selectors.organisations_responded",
            _("Innvandrerorganisasjoner som har svart eller er møtt"),
            periods=True,
        )
        figures.register(
            "outreach.organisations_met", "outreach.selectors.organisations_met", _("Innvandrerorganisasjoner møtt"),
            periods=True,
        )
        figures.register("outreach.people_met", "outreach.selectors.people_met", _("Personer møtt fysisk"), periods=True)
        figures.register("outreach.guidance_given", "outreach.selectors.guidance_given", _("Veiledninger gitt"))
        importing.register("contacts", "outreach.resources.ContactResource")
        erasure.register("organisations.ContactPerson", "outreach.services.contact_person_shred")
        # A person without organisation in a guidance case: erased from the case, which stays.
        erasure.subject("outreach.Guidance", fields=["person_name", "person_reply_to"], kept=True)
        erasure.register("outreach.Guidance", "outreach.services.guidance_person_shred")

        # persons_met would copy people's names into the trail, beyond the reach of erasure.
        audit.register("outreach.Contact", exclude=["updated_at", "created_at", "persons_met"])
        audit.register("outreach.Guidance", exclude=["updated_at", "created_at"])
        audit.register("outreach.EventInvitation", exclude=["updated_at", "created_at"])
        # Its personal data in the record of processing (portal.processing).
        from outreach import privacy

        privacy.declare()
