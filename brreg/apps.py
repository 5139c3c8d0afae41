from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrregConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "brreg"
    verbose_name = _("Enhetsregisteret")

    def ready(self):
        # This app's entries in the portal's registries (see each registry's docstring).
        from portal.privacy import audit

        audit.exempt("brreg.RegistryRecord", _("Kopi av Enhetsregisterets offentlige data, skrevet på nytt ved hver kontroll."))
        audit.exempt("brreg.ImportRun", _("Bokføring av en importjobb (fil, fremdrift); endringene den gjør, logges på organisasjonene."))
