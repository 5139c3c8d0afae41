"""Template helpers for the report: dates from the snapshot's ISO strings, the charts drawn from
its figures, and lists or mappings from the other apps whatever their exact shape."""

import datetime

from django import template
from django.utils import dateformat
from django.utils.safestring import mark_safe

from panel.selectors import PARTICIPANT_CATEGORIES
from reports import charts

register = template.Library()


@register.filter
def isodate(value, fmt="j. F Y"):
    """'2026-03-11' → '11. mars 2026' (in the active language)."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return dateformat.format(value, fmt)


def _as_date(value):
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return value if isinstance(value, datetime.date) else None


@register.filter
def figures_as_of(content):
    """The day the report's figures hold for while its year is still running: the day they were
    made (a draft: today; an approved report: the day it was approved). None once the year has
    ended, when the figures stand for the whole year ("Pr. 31.12.2026")."""
    made_on, year = _as_date((content or {}).get("made_on")), (content or {}).get("year")
    if made_on is None or not isinstance(year, int):
        return None
    return made_on if made_on < datetime.date(year, 12, 31) else None


@register.simple_tag
def survey_view(content, survey):
    """What a survey's table can show without singling anyone out: the groups large enough to be
    shown (`groups`, each with its `index` in the survey for its charts), the rows that have a
    cell in one of them (`rows`, cells of those groups only, as (group index, cell)), the groups left out (`hidden`) and
    the largest number of answers a left-out group can have (`max_hidden`: the survey's minimum
    group size less one; None when a snapshot does not say). `answered`: any answers at all."""
    groups = survey.get("groups") or []
    shown = [index for index, group in enumerate(groups) if not group.get("hidden")]
    rows = []
    for row in survey.get("rows") or []:
        cells = row.get("cells") or []
        picked = [(index, cells[index] if index < len(cells) else None) for index in shown]
        if any(cell and not cell.get("hidden") for _index, cell in picked):
            rows.append({**row, "cells": picked})
    minimum = survey.get("min_group_size")
    if minimum is None:
        index = survey.get("index")
        figures = ((content or {}).get("figures") or {}).get("surveys") or []
        if isinstance(index, int) and index < len(figures):
            minimum = figures[index].get("min_group_size")
    return {
        "groups": [{**groups[index], "index": index} for index in shown],
        "rows": rows,
        "hidden": [group for group in groups if group.get("hidden")],
        "max_hidden": minimum - 1 if isinstance(minimum, int) and minimum > 1 else None,
        "answered": bool(survey.get("responses")),
    }


@register.filter
def scored_rows(rows):
    """The rows the results table shows: score and yes/no questions."""
    return [row for row in rows or [] if row.get("kind") in ("score", "yes_no")]


@register.simple_tag
def survey_chart(content, survey_index, group_index, position):
    """The SVG of one score question of one group, drawn now from the content's figures (never
    markup from the snapshot: reports.charts escapes every text it draws)."""
    return mark_safe(charts.survey_chart(content, survey_index, group_index, position))  # noqa: S308


@register.simple_tag
def participation_chart(content):
    """The participation chart, drawn now from the content's figures."""
    return mark_safe(charts.participation_chart(content))  # noqa: S308


@register.filter
def as_text(value):
    """An item of a list that may be a name or a dict with a name/title/label."""
    if isinstance(value, dict):
        return value.get("name") or value.get("title") or value.get("label") or value.get("text") or ""
    return value


@register.filter
def dashed(scores):
    """[2, 5, 5] → '2-5-5', as the reference report writes a group's scores."""
    return "-".join(str(score) for score in scores or [])


def _participant_labels():
    """The panel's own labels for its participant categories (in the active language)."""
    return {value: str(label) for value, label in PARTICIPANT_CATEGORIES}


@register.filter
def participant_pairs(by_category):
    """A meeting's participants per category as (label, count), leaving out the empty ones."""
    labels = _participant_labels()
    return [(labels.get(key, key), count) for key, count in (by_category or {}).items() if count]


@register.filter
def figure(value):
    """A figure that may carry decimals ("26.00", "4.25"): whole numbers without them."""
    from decimal import Decimal, InvalidOperation

    from portal.templatetags.portal_format import number

    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return number(value)
    return number(amount, 0 if amount == amount.to_integral_value() else 2)


@register.filter
def in_panel_names(voluntary):
    """Names of the voluntary organisations (the report's `voluntary` list) present at a panel meeting."""
    return [row.get("name") for row in (voluntary or []) if isinstance(row, dict) and row.get("in_panel")]
