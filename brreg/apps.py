from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BrregConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "brreg"
    verbose_name = _("Enhetsregisteret")
