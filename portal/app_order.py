"""The order of INSTALLED_APPS, for the registries: an entry's place follows the app its code lives
in, whichever module an import happened to load first (portal/registry.py fills the registries)."""

from django.apps import apps


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
