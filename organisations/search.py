"""Text folding for the directory search, the same on SQLite and PostgreSQL."""

import unicodedata

_NORDIC = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ß": "ss", "đ": "d", "ł": "l"})


def fold(text):
    """Lower-case and strip accents: "Østre Ærøy" → "ostre aeroy", "Café" → "cafe"."""
    lowered = (text or "").casefold().translate(_NORDIC)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def query_terms(query, limit=8):
    """The folded words of a search query; a bounded number so a pasted essay stays cheap."""
    return [term for term in fold(query).split() if term][:limit]
