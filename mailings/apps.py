from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mailings"

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal.privacy import audit

        audit.register("mailings.Segment")
        audit.register("mailings.Mailing")
        audit.register("mailings.MailingAttachment")
        audit.register("mailings.OrganisationPreference")
        # Consent and opt-out rows name persons (their trail would outlive erasure); the opt-out
        # suppression is a keyed hash kept on purpose.
        audit.exempt("mailings.ContactPreference", _("Navngir en person; sporet ville leve lenger enn slettingen."))
        audit.exempt("mailings.Suppression", _("En nøkkelhash som holdes med vilje, så en frameldt adresse aldri får e-post igjen."))
        audit.exempt("mailings.Recipient", _("Én rad per sendt e-post, skrevet av utsendelsesjobben; selve utsendelsen logges."))
        # Who may be mailed and in which language, for the apps below this one (portal.output.mail).
        from mailings import selectors
        from portal.output import mail

        mail.register_preferences(
            organisation_language=selectors.organisation_language, receiving_persons=selectors.receiving_persons
        )
