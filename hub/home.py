"""What the start page shows as coming up. The panel and the organisations' events add to it
as those parts of the portal arrive; each source is a function returning dated items."""

from importlib import import_module

# Dotted paths of functions `(limit) -> list of {"date", "title", "url"}`; missing ones are skipped.
UPCOMING_SOURCES = ["panel.selectors.upcoming_public_items", "organisations.selectors.upcoming_public_events"]


def upcoming_items(limit=3):
    items = []
    for dotted in UPCOMING_SOURCES:
        module_path, _dot, name = dotted.rpartition(".")
        try:
            source = getattr(import_module(module_path), name)
        except (ImportError, AttributeError):
            continue
        items.extend(source(limit))
    return sorted(items, key=lambda item: item["start"])[:limit]
