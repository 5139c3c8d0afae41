"""What the start page shows as coming up.

UPCOMING_SOURCES lists functions `(limit) -> list of {"start", "title", "url"}`, imported directly
from the apps, so a renamed one fails when Django starts. How an app adds one: import its function
here and append it to the list.
"""

from organisations.selectors import upcoming_public_events
from panel.selectors import upcoming_public_items

UPCOMING_SOURCES = [upcoming_public_items, upcoming_public_events]


def upcoming_items(limit=3):
    items = []
    for source in UPCOMING_SOURCES:
        items.extend(source(limit))
    return sorted(items, key=lambda item: item["start"])[:limit]
