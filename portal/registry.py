"""What the portal's registries share: an entry names its code by the object or by a dotted path.

The registries themselves are `portal.figures`, `portal.importing` and `portal.audit` (the floor:
apps register into them from their `AppConfig.ready()`), and `hub.home`,
`hub.retention` and `hub.context_processors` (the composition layer: plain lists that import the
apps directly). Every entry is resolved by a system check (`portal/checks.py`, `hub/checks.py`),
so `manage.py check` fails on one that does not resolve; nothing turns a bad entry into None.
"""

from django.utils.module_loading import import_string


def resolve(target):
    """The object an entry names: the object itself, or the one its dotted path names.

    Raises ImportError when the module or the name does not exist.
    """
    if isinstance(target, str):
        return import_string(target)
    return target


def describe(target):
    """How an entry's target reads in an error message."""
    if isinstance(target, str):
        return target
    return f"{getattr(target, '__module__', '?')}.{getattr(target, '__qualname__', repr(target))}"
