"""Names in Norwegian alphabetical order, sorted by the database.

Norwegian order ignores case ("Aceh" before "ASSOCIATION"), sorts é with e, and puts Æ, Ø, Å
after Z (with ä, ö as æ, ø and "aa" as å, as the bokmål dictionary does). The database does the
sorting so that a paginated list is in that order across its pages:

- PostgreSQL: the ICU collation `nb_icu` (locale nb-NO), created by portal's migration 0005;
- SQLite: a collation of the same name registered on every new connection (`connection_created`),
  with `sort_key` below as its rule.

Use `norwegian("name")` in `order_by()` wherever a list of organisation names is shown.
"""

import functools
import unicodedata

from django.db.models import F
from django.db.models.functions import Collate

COLLATION = "nb_icu"

# Æ Ø Å after every other letter; the code points above the Basic Multilingual Plane's letters
# keep them after z and in their own order.
_LAST = {"æ": "\uffe1", "ä": "\uffe1", "ø": "\uffe2", "ö": "\uffe2", "å": "\uffe3"}


@functools.lru_cache(maxsize=8192)  # SQLite calls the collation twice per comparison
def _primary(text):
    folded = text.casefold().replace("aa", "å")
    letters = []
    for char in folded:
        if char in _LAST:
            letters.append(_LAST[char])
            continue
        # Other accents are a secondary difference: é sorts with e.
        base = unicodedata.normalize("NFD", char)[0]
        letters.append(base)
    return "".join(letters)


def sort_key(text):
    """The Python rule of the order (the SQLite collation; also for lists sorted in memory)."""
    text = text or ""
    # Ties: with the accents, then lower case before upper case (ICU's default tertiary order).
    return (_primary(text), text.casefold(), text.swapcase())


def compare(left, right):
    """sqlite3.create_collation's callable: -1, 0 or 1."""
    a, b = sort_key(left), sort_key(right)
    return (a > b) - (a < b)


def norwegian(field):
    """For order_by(): the field in Norwegian order, e.g. `.order_by(norwegian("name"), "pk")`."""
    return Collate(F(field) if isinstance(field, str) else field, COLLATION).asc()


def register_sqlite_collation(sender, connection, **kwargs):
    """connection_created receiver: gives every SQLite connection the nb_icu collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(COLLATION, compare)
