from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HubConfig(AppConfig):
    """The composition layer: the pages, commands and navigation that span every app.

    Last in INSTALLED_APPS: it may import any app (and nothing imports it); see
    tests/portal/test_layers.py for the contracts.
    """

    name = "hub"
    verbose_name = _("Mangfoldsportalen (sider på tvers av appene)")
