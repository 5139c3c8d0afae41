"""What approval looks at before it freezes: chapters without text, and numbers typed in the
chapter texts that disagree with the figure the report computes for the same thing.

The matcher, kept small on purpose so a coordinator can predict it:

1. Each checked figure (``CHECKED_FIGURES``) has a label and a few Norwegian words that name it
   in running text ("kontaktet", "deltakere", "høringer" …). Words match at the start of a word,
   ignoring case, so "kontaktet" also finds "kontaktete".
2. The chapter text is split into sentences. In each sentence every whole number written with
   digits is found ("29", "1 250"); four-digit years (1900–2100), ordinals and dates ("1. mars",
   "12.03") and numbers inside words are skipped. A number followed by "%" or "prosent" is a
   percentage and is only compared with percentage figures, and the other way round.
3. A number belongs to the figure whose word is closest to it in the same sentence, at most
   ``MAX_DISTANCE`` words away. When that figure's computed value differs, the number is listed.

Numbers written in words ("tjue") and figures not in the list are not checked: the confirmation
page says what was checked, and the coordinator reads the chapter. The figures come from the
report's content (``content["figures"]``, the same keys as the report JSON in docs/domain.md).

Two more lists catch text that is no longer true on the day: every year written with digits that is
not the report's year (a chapter carried over from last year still says "i 2025"), and every date
later than the approval date ("27. desember 2026", "27.12.2026", "2026-12-27"; a date without a year
is in the report's year), which tells of something that had not happened when the report was approved.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from activities import selectors as activities
from organisations import selectors as organisations
from outreach import selectors as outreach
from panel import selectors as panel
from portal.reporting import figures as figure_registry

MAX_DISTANCE = 5


@dataclass(frozen=True)
class CheckedFigure:
    path: tuple
    label: str
    words: tuple
    percent: bool = False


def checked(selector, label, words, *, percent=False):
    """A checked figure named by its selector: its path in the report JSON is the key it is
    registered under, so a misspelt or unregistered one fails at import (portal.reporting.figures.key_of)."""
    return CheckedFigure(tuple(figure_registry.key_of(selector).split(".")), label, words, percent)


CHECKED_FIGURES = [
    checked(panel.meetings_count, _("panelmøter i året"), ("panelmøte", "møter i panelet", "møter")),
    checked(
        panel.organisations_represented,
        _("innvandrerorganisasjoner som deltok i panelet"),
        ("deltok", "deltatt", "deltagende", "deltakende", "representert"),
    ),
    checked(panel.growth_percent, _("vekst i deltagelse (prosent)"), ("økning", "vekst", "økte", "flere"), percent=True),
    checked(outreach.organisations_contacted, _("innvandrerorganisasjoner kontaktet"), ("kontaktet", "kontakt med")),
    checked(outreach.organisations_responded, _("innvandrerorganisasjoner som svarte"), ("svarte", "svart", "respons")),
    checked(
        organisations.published_at_year_end,
        _("organisasjoner publisert i katalogen ved årets slutt"),
        ("publisert", "katalogen", "oppføringer"),
    ),
    checked(activities.own_events, _("egne arrangementer"), ("arrangement",)),
    checked(
        activities.own_event_participants,
        _("deltakere på egne arrangementer"),
        ("deltakere", "deltagere", "personer", "besøkende"),
    ),
    checked(activities.campaigns, _("kampanjer"), ("kampanje",)),
    checked(activities.consultations, _("høringer"), ("høring",)),
    checked(activities.media_mentions, _("medieoppslag"), ("medieoppslag", "oppslag")),
    checked(activities.network_meetings, _("nettverksmøter"), ("nettverksmøte", "nettverkssamling")),
]

_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÆØÅ0-9])|\n+")
_TOKEN = re.compile(r"\d+(?:[ \u00a0]\d{3})*(?:[.,]\d+)?|\w+|%", re.UNICODE)
_MONTHS = ("januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "desember")


def _figure_value(figures, path):
    value = figures
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _plain_text(html):
    text = re.sub(r"</(p|li|h2|h3)>|<br\s*/?>", "\n", html or "", flags=re.IGNORECASE)
    return strip_tags(text).replace("&nbsp;", " ")


def _numbers_and_words(sentence):
    """Tokens of a sentence: ("number", value, is_percent, index) and ("word", text, index)."""
    tokens = []
    matches = list(_TOKEN.finditer(sentence))
    for index, match in enumerate(matches):
        raw = match.group(0)
        if raw[0].isdigit():
            after = sentence[match.end():match.end() + 12]
            before = sentence[max(0, match.start() - 1):match.start()]
            if re.match(r"[.,]\d", after) or before.isalpha() or (after[:1].isalpha()):
                continue  # a decimal, a date like 12.03, or a number inside a word
            if re.match(r"\.\s*(" + "|".join(_MONTHS) + r"|[a-zæøå])", after):
                continue  # an ordinal or a date: "1. mars", "3. plass"
            if "," in raw or "." in raw:
                continue  # decimals are means and shares, not counts
            value = int(re.sub(r"\D", "", raw))
            if len(raw) == 4 and 1900 <= value <= 2100:
                continue  # a year
            following = matches[index + 1].group(0).lower() if index + 1 < len(matches) else ""
            tokens.append(("number", value, following in ("%", "prosent"), index, raw))
        elif raw != "%":
            tokens.append(("word", raw.lower(), index))
    return tokens


def _figure_at(tokens, position, percent):
    """The checked figure named closest to the token at `position`, or None."""
    best = None
    for token in tokens:
        if token[0] != "word":
            continue
        distance = abs(token[2] - position)
        if distance > MAX_DISTANCE:
            continue
        for figure in CHECKED_FIGURES:
            if figure.percent != percent:
                continue
            for word in figure.words:
                first = word.split()[0]
                if token[1].startswith(first) and (best is None or distance < best[0]):
                    best = (distance, figure, word)
    return best


def differing_numbers(sections, figures):
    """[{number, heading, typed, word, label, computed, sentence}] for each typed number that
    disagrees with the computed figure it names."""
    findings = []
    for section in sections:
        for sentence in _SENTENCE.split(_plain_text(section.get("body"))):
            sentence = sentence.strip()
            if not sentence:
                continue
            tokens = _numbers_and_words(sentence)
            for token in tokens:
                if token[0] != "number":
                    continue
                _kind, typed, percent, position, raw = token
                match = _figure_at(tokens, position, percent)
                if match is None:
                    continue
                _distance, figure, word = match
                computed = _figure_value(figures, figure.path)
                if computed is not None and computed != typed:
                    findings.append(
                        {
                            "number": section.get("number", ""),
                            "heading": section.get("heading", ""),
                            "typed": raw + (" %" if percent else ""),
                            "word": word,
                            "label": str(figure.label),
                            "computed": computed,
                            "percent": percent,
                            "sentence": sentence[:300],
                        }
                    )
    return findings


_YEAR = re.compile(r"(?<![\w.,-])(19\d\d|20\d\d|2100)(?![\w,]|\.\d)")
_MONTH_NAMES = "|".join(_MONTHS)
_DATES = (
    # "27. desember 2026", "27. desember"
    (re.compile(r"(?<!\d)(\d{1,2})\.\s*(" + _MONTH_NAMES + r")(?:\s+(\d{4}))?(?!\w)", re.IGNORECASE), "dmy_named"),
    # "27.12.2026", "27.12.26", "27.12."
    (re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?![\d])"), "dmy"),
    # "2026-12-27"
    (re.compile(r"(?<![\d-])(\d{4})-(\d{2})-(\d{2})(?![\d-])"), "ymd"),
)


def _sentences(sections):
    """(section, sentence) for each sentence of each chapter's text."""
    for section in sections:
        for sentence in _SENTENCE.split(_plain_text(section.get("body"))):
            sentence = sentence.strip()
            if sentence:
                yield section, sentence


def _finding(section, typed, sentence):
    return {"number": section.get("number", ""), "heading": section.get("heading", ""), "typed": typed, "sentence": sentence[:300]}


def other_years(sections, year):
    """[{number, heading, typed, sentence}] for each year written with digits that is not `year`."""
    findings = []
    for section, sentence in _sentences(sections):
        for match in _YEAR.finditer(sentence):
            if int(match.group(1)) != year:
                findings.append(_finding(section, match.group(1), sentence))
    return findings


def _date_of(kind, match, year):
    if kind == "ymd":
        y, m, d = (int(part) for part in match.groups())
    elif kind == "dmy_named":
        d, m = int(match.group(1)), _MONTHS.index(match.group(2).lower()) + 1
        y = int(match.group(3)) if match.group(3) else year
    else:
        d, m = int(match.group(1)), int(match.group(2))
        y = int(match.group(3)) if match.group(3) else year
        y = 2000 + y if y < 100 else y
    try:
        return datetime.date(y, m, d)
    except ValueError:
        return None  # "3.5" is no date, nor is "31.02"


def dates_after(sections, day, year):
    """[{number, heading, typed, sentence}] for each date in the text later than `day`."""
    findings = []
    if day is None:
        return findings
    for section, sentence in _sentences(sections):
        seen = set()
        for pattern, kind in _DATES:
            for match in pattern.finditer(sentence):
                if any(start <= match.start() < end for start, end in seen):
                    continue  # "27.12.2026" is not also "27.12."
                seen.add(match.span())
                date = _date_of(kind, match, year)
                if date is not None and date > day:
                    findings.append(_finding(section, match.group(0).strip(), sentence))
    return findings


def empty_sections(sections):
    """Chapters with no text of their own (a generated part alone does not count as text)."""
    # A subchapter built from a record tells the record even without a paragraph of its own.
    return [s for s in sections if not s.get("record") and not _plain_text(s.get("body")).strip()]


def approval_checks(content, approved_on=None):
    """What the confirmation page lists, from the content approval would freeze (and the date it
    would be approved on, for the dates that lie after it)."""
    sections = content.get("sections") or []
    year = content.get("year")
    return {
        "empty_sections": empty_sections(sections),
        "differing_numbers": differing_numbers(sections, content.get("figures") or {}),
        "other_years": other_years(sections, year) if isinstance(year, int) else [],
        "dates_after_approval": dates_after(sections, approved_on, year) if isinstance(year, int) else [],
        "checked_labels": [str(f.label) for f in CHECKED_FIGURES],
    }
