"""How the floor's registries are filled: each entry is declared once, beside its code, as an object.

- a figure of the annual report: `@figures.register(key, label)` on the selector (`<app>/selectors.py`);
- a spreadsheet file: `@importing.register(stem)` on the resource (`<app>/resources.py`);
- an erasure hook: `@erasure.shredder(Model)` on the service (`<app>/services.py`);
- personal data: `processing.declare(...)` in `<app>/privacy.py`, which also says what council
  staff may never read (`processing.withhold_from_council_staff`);
- a part of a lower app's page: `@page_parts.contribute(place, template=...)` (`<app>/page_parts.py`).

`discover()` (from PortalConfig.ready()) imports those modules of every installed app, as
django.contrib.admin's `autodiscover` does, so the floor names no app. A registration that names
something that does not exist fails when its module is imported (a Python NameError, an
AttributeError on the imported module, or the registry's ImproperlyConfigured), never at render.

An entry's place follows INSTALLED_APPS and, within an app, the order its code is written in,
whichever module an import happened to load first: the report's keys, the order files are
imported in and the shredders' order do not depend on import order.
"""

from django.utils.module_loading import autodiscover_modules

from portal.privacy import erasure
from portal.reporting import figures
from portal.spreadsheets import importing
from portal.web import page_parts

# The modules of each app that hold registrations, in the order they are imported.
DISCOVERED_MODULES = ("privacy", "selectors", "resources", "services", "page_parts")


def discover():
    """Import every app's registering modules, then put each registry in app order."""
    for name in DISCOVERED_MODULES:
        autodiscover_modules(name)
    figures.sort_in_app_order()
    importing.sort_in_app_order()
    erasure.sort_in_app_order()
    page_parts.sort_in_app_order()
