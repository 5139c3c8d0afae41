from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "mailings"

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal import audit

        audit.register("mailings.Segment")
        audit.register("mailings.Mailing")
        audit.register("mailings.ContactPreference")
        audit.register("mailings.OrganisationPreference")
        audit.register("mailings.Suppression")
        audit.exempt("mailings.Recipient", _("Én rad per sendt e-post, skrevet av utsendelsesjobben; selve utsendelsen logges."))
