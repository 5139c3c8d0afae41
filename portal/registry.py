"""How the floor's registries are filled: each entry is declared once, beside its code, as an object.

- a figure of the annual report: `@figures.register(key, label)` on the selector (`<app>/selectors.py`);
- a spreadsheet file: `@importing.register(stem)` on the resource (`<app>/resources.py`);
- an erasure hook: `@erasure.shredder(Model)` on the service (`<app>/services.py`);
- personal data: `processing.declare(...)` in `<app>/privacy.py`, which also says what council
  staff may never read (`processing.withhold_from_council_staff`).

`discover()` (from PortalConfig.ready()) imports those modules of every installed app, as
django.contrib.admin's `autodiscover` does, so the floor names no app. A registration that names
something that does not exist fails when its module is imported (a Python NameError, an
AttributeError on the imported module, or the registry's ImproperlyConfigured), never at render.

An entry's place follows INSTALLED_APPS and, within an app, the order its code is written in,
whichever module an import happened to load first: the report's keys, the order files are
imported in and the shredders' order do not depend on import order.
"""

from django.apps import apps
from django.utils.module_loading import autodiscover_modules

# The modules of each app that hold registrations, in the order they are imported.
DISCOVERED_MODULES = ("privacy", "selectors", "resources", "services")


def app_position(module_name):
    """The position in INSTALLED_APPS of the app holding `module_name` (the floor and libraries
    too); a module outside every app sorts last."""
    names = [config.name for config in apps.get_app_configs()]
    best = None
    for index, name in enumerate(names):
        if module_name == name or module_name.startswith(name + "."):
            if best is None or len(name) > len(names[best]):
                best = index
    return len(names) if best is None else best


def in_app_order(items, module_of):
    """`items` sorted by the app their code lives in (a stable sort: registration order within
    an app stays)."""
    return sorted(items, key=lambda item: app_position(module_of(item)))


def discover():
    """Import every app's registering modules, then put each registry in app order."""
    from portal import erasure, figures, importing

    for name in DISCOVERED_MODULES:
        autodiscover_modules(name)
    figures.sort_in_app_order()
    importing.sort_in_app_order()
    erasure.sort_in_app_order()
