"""Language tags (BCP 47) and the direction their script is written in.

A text in another language is marked up with `lang` (its tag) and `dir` (from here): browsers and
screen readers then pick the right voice, hyphenation and layout. Direction comes from the script:
an explicit script subtag decides (`ku-Arab` is right to left, `ku-Latn` left to right), else the
language's usual script (`ar`, `fa`, `ur`, `he`, `ps` … right to left).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Languages whose usual script runs right to left (ISO 639 codes; CLDR's default scripts).
RTL_LANGUAGES = frozenset({
    "ar", "arc", "ckb", "dv", "fa", "glk", "he", "iw", "ji", "khw", "ks", "lrc", "mzn", "nqo", "pnb",
    "prs", "ps", "sd", "syr", "ug", "ur", "yi", "azb", "bal", "bqi", "brh", "sdh", "skr",
})
# ISO 15924 scripts written right to left.
RTL_SCRIPTS = frozenset({
    "adlm", "arab", "aran", "armi", "avst", "cprt", "hebr", "khar", "mand", "mani", "mend", "narb", "nbat",
    "nkoo", "orkh", "palm", "phli", "phlp", "phnx", "rohg", "samr", "sarb", "sogd", "sogo", "syrc", "thaa", "yezi",
})

# language[-script][-region][-variant…]: the parts of BCP 47 a description's tag can use
# (no extensions or private use: a listing names a language, not a locale's settings).
_TAG = re.compile(
    r"^(?P<language>[a-z]{2,3})"
    r"(?:-(?P<script>[a-z]{4}))?"
    r"(?:-(?P<region>[a-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*$",
    re.IGNORECASE,
)


def parse_tag(tag):
    """(language, script or '') of a well-formed tag, lower-cased; None when it is not one."""
    match = _TAG.match(tag or "")
    if match is None:
        return None
    return match["language"].lower(), (match["script"] or "").lower()


def text_direction(tag):
    """'rtl' or 'ltr' for a text in this language (a malformed tag reads as left to right)."""
    parsed = parse_tag(tag)
    if parsed is None:
        return "ltr"
    language, script = parsed
    if script:
        return "rtl" if script in RTL_SCRIPTS else "ltr"
    return "rtl" if language in RTL_LANGUAGES else "ltr"


def validate_language_tag(tag):
    if parse_tag(tag) is None:
        raise ValidationError(
            _("«%(tag)s» er ikke en språkkode (BCP 47, for eksempel «ar», «fa» eller «ku-Arab»)."),
            params={"tag": tag}, code="invalid_language_tag",
        )
