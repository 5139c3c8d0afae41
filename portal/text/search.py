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


# --- Typos: "tamill", "fellesraad" ----------------------------------------------------------------
# Pure Python, so SQLite and PostgreSQL answer alike: the words of the listings a search could find
# are few (hundreds of organisations), and a suggestion is only looked for when a search finds nothing.
SIMILARITY_CUTOFF = 0.75
_MIN_WORD_LENGTH = 3


def suggest(query, texts, names=()):
    """The query with each folded word that occurs in none of `texts` (folded search copies)
    replaced by the closest word of theirs, or None when every word occurs or no word is close.
    A suggested word is written as it is in one of `names` where it is found there ("Fellesråd")."""
    import difflib

    texts = list(texts)
    terms = query_terms(query)
    vocabulary = sorted({word for text in texts for word in text.split() if len(word) >= _MIN_WORD_LENGTH})
    written = {fold(word): word for name in names for word in name.split()}
    suggested, changed = [], False
    for term in terms:
        if any(term in text for text in texts):
            suggested.append(term)
            continue
        # "aa" is how å is written without the letter (fold keeps it as typed).
        candidates = {term, term.replace("aa", "a")}
        matches = [
            match
            for candidate in candidates
            for match in difflib.get_close_matches(candidate, vocabulary, n=1, cutoff=SIMILARITY_CUTOFF)
        ]
        if not matches:
            return None
        best = max(matches, key=lambda match: difflib.SequenceMatcher(None, term, match).ratio())
        suggested.append(written.get(best, best))
        changed = True
    return " ".join(suggested) if changed else None
