"""Reads of the goals, the plan items and the measures, for the goals pages and the annual report.

A goal's number is never computed here: a computed indicator is `portal.reporting.figures.compute(key, year)`,
the very function the report's figures come from (one source of truth); a manual indicator is the
GoalValue typed in for the year. What is computed here is only the comparison with the target.

Status rule (one place, used by the page and the report):
- achieved      the year's number meets the target (at least / at most the target number or %);
- on_track      not achieved yet, but the year is not over (the year is the current year or later),
                so the coordinators can still reach it — we do not extrapolate a trend;
- not_achieved  the year is over and the target was not met;
- no_data       the year is over and the comparison cannot be made (no number for the year, or a
                % target whose reference is missing or 0, like panel.growth_percent's null);
- baseline      the year is the goal's baseline year or before it: the starting point, not judged.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from goals.models import MANUAL, Direction, Goal, GoalValue, Measure, MeasureYear, PlanItem, PlanItemYear, TargetKind
from portal.reporting import figures
from portal.text.sanitize import clean_html

ACHIEVED = "achieved"
ON_TRACK = "on_track"
NOT_ACHIEVED = "not_achieved"
NO_DATA = "no_data"
BASELINE = "baseline"
STATUS_LABELS = {
    BASELINE: gettext_lazy("Utgangspunkt"),
    ACHIEVED: gettext_lazy("Nådd"),
    ON_TRACK: gettext_lazy("Underveis"),
    NOT_ACHIEVED: gettext_lazy("Ikke nådd"),
    NO_DATA: gettext_lazy("Mangler tall"),
}
HUNDRED = Decimal(100)


def current_year():
    return timezone.localdate().year


def _decimal(value):
    if value is None:
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))


def percent_change(value, reference):
    """(value − reference) / reference × 100, a whole number rounded half up; None when the
    reference is missing or 0 (the rounding of panel.growth_percent)."""
    value, reference = _decimal(value), _decimal(reference)
    if value is None or not reference:
        return None
    return ((value - reference) / reference * HUNDRED).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _plain(value):
    """A Decimal without trailing zeros for display and JSON: 9.00 → 9, 4.50 → 4.5."""
    if value is None:
        return None
    value = _decimal(value)
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


class FigureCache:
    """Each (key, year) figure computed once per page or report, however many goals use it.
    This bounds the queries by the number of distinct indicators, not by goals or records."""

    def __init__(self):
        self._values = {}

    def get(self, key, year):
        if (key, year) not in self._values:
            self._values[(key, year)] = figures.compute(key, year)
        return self._values[(key, year)]


def _manual_values(goal):
    cached = getattr(goal, "_values_by_year", None)
    if cached is None:
        # Uses the prefetch of goals_with_values() when there is one.
        cached = {value.year: value.value for value in goal.values.all()}
        goal._values_by_year = cached
    return cached


def goal_number(goal, year, cache=None):
    """The goal's number for the year: the report figure, or the value typed in for the year."""
    if goal.indicator_key == MANUAL:
        value = _manual_values(goal).get(year)
        if value is None and year == goal.baseline_year:
            # A hand-entered baseline is the number of its year, unless that year was typed in too.
            return goal.baseline_value
        return value
    return _decimal((cache or FigureCache()).get(goal.indicator_key, year))


@dataclass
class GoalYear:
    year: int
    actual: Decimal | None
    reference: Decimal | None  # what a % target is measured against (baseline or the year before)
    change_percent: Decimal | None
    target_number: Decimal | None  # the number the year has to reach, when it can be known
    status: str
    status_label: str = field(default="")


def _reference(goal, year, cache):
    if goal.target_kind == TargetKind.PERCENT_VS_BASELINE:
        return _decimal(goal.baseline_value)
    if goal.target_kind == TargetKind.PERCENT_VS_PREVIOUS_YEAR:
        # The baseline, when it is the year before, is the agreed figure the grant measures
        # against (it may predate the portal's records); otherwise the number of the year before.
        if goal.baseline_year == year - 1 and goal.baseline_value is not None:
            return _decimal(goal.baseline_value)
        return goal_number(goal, year - 1, cache)
    # Absolute targets: the change is shown against the baseline when there is one.
    return _decimal(goal.baseline_value) if goal.baseline_value is not None else None


def goal_year(goal, year, *, cache=None, this_year=None):
    cache = cache or FigureCache()
    this_year = this_year or current_year()
    actual = goal_number(goal, year, cache)
    reference = _reference(goal, year, cache)
    change = percent_change(actual, reference)
    target = _decimal(goal.target_value)
    at_most = goal.direction == Direction.AT_MOST
    if goal.target_kind == TargetKind.ABSOLUTE:
        measured, wanted = actual, target
        target_number = target
    else:
        measured, wanted = change, target
        target_number = None if not reference else (reference * (HUNDRED + target) / HUNDRED).quantize(Decimal("0.01"))
    if goal.baseline_year is not None and year <= goal.baseline_year:
        status = BASELINE
    elif measured is None:
        status = ON_TRACK if year >= this_year else NO_DATA
    elif (measured <= wanted) if at_most else (measured >= wanted):
        status = ACHIEVED
    else:
        status = ON_TRACK if year >= this_year else NOT_ACHIEVED
    return GoalYear(year, actual, reference, change, target_number, status, str(STATUS_LABELS[status]))


def _format_number(value):
    from portal.templatetags.portal_format import number

    value = _decimal(value)
    decimals = 0 if value == value.to_integral_value() else 2
    return number(value, decimals)


def target_description(goal):
    """The target in words, as the report prints it: «+50 % fra året før», «minst 30»."""
    value = _decimal(goal.target_value)
    at_most = goal.direction == Direction.AT_MOST
    if goal.target_kind == TargetKind.ABSOLUTE:
        template = _("høyst %(value)s") if at_most else _("minst %(value)s")
        return template % {"value": _format_number(value)}
    sign = "+" if value > 0 else ("−" if value < 0 else "±")
    change = f"{sign}{_format_number(abs(value))}\u00a0%"
    if goal.target_kind == TargetKind.PERCENT_VS_BASELINE:
        text = _("%(change)s fra %(year)s (%(value)s)") % {
            "change": change,
            "year": goal.baseline_year,
            "value": _format_number(goal.baseline_value),
        }
    else:
        text = _("%(change)s fra året før") % {"change": change}
    if at_most:
        text = _("høyst %(target)s") % {"target": text}
    return text


def goals_with_values():
    return Goal.objects.prefetch_related(Prefetch("values", queryset=GoalValue.objects.order_by("year")))


def indicator_label(key):
    if key == MANUAL:
        return _("Føres inn for hånd")
    entry = figures.FIGURES.get(key)
    return str(entry[1]) if entry else key


def report_goals(year):
    """Every goal judged for the year, in the goals' order, for the annual report.

    Queries: the goals, their hand-entered values, and each distinct figure once per year needed.
    """
    cache = FigureCache()
    this_year = current_year()
    rows = []
    for goal in goals_with_values():
        result = goal_year(goal, year, cache=cache, this_year=this_year)
        rows.append(
            {
                "title": goal.title,
                "source": goal.source,
                "source_label": str(goal.get_source_display()),
                "indicator_key": goal.indicator_key,
                "indicator_label": indicator_label(goal.indicator_key),
                "baseline_year": goal.baseline_year,
                "baseline_value": _plain(goal.baseline_value),
                "target_kind": goal.target_kind,
                "target_value": _plain(goal.target_value),
                "target_description": target_description(goal),
                "actual": _plain(result.actual),
                # A whole number computed with Decimal, given as int like panel.growth_percent.
                "change_percent": None if result.change_percent is None else int(result.change_percent),
                "status": result.status,
                "status_label": result.status_label,
            }
        )
    return rows


def page_years(year, goals):
    """The years the goals page shows up to `year`: from the earliest baseline (at most six
    years back), or the two years before when no goal has a baseline."""
    baselines = [goal.baseline_year for goal in goals if goal.baseline_year and goal.baseline_year <= year]
    first = min(baselines) if baselines else year - 2
    return list(range(max(first, year - 6), year + 1))


CHART_WIDTH = 240
CHART_HEIGHT = 90
CHART_TOP = 8
CHART_BOTTOM = 20  # room for the year labels


def chart(goal_years, target_number=None):
    """Bar geometry of a small inline SVG: one bar per year and, when known, the selected
    year's target as a dashed line. Plain numbers only; the template draws them."""
    values = [row.actual for row in goal_years]
    top = max([v for v in values if v is not None] + ([target_number] if target_number is not None else []) + [Decimal(1)])
    plot_height = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    slot = CHART_WIDTH / max(len(goal_years), 1)
    bars = []
    for index, row in enumerate(goal_years):
        value = row.actual if row.actual is not None and row.actual > 0 else Decimal(0)
        height = float(value / top) * plot_height
        bars.append(
            {
                "x": round(index * slot + slot * 0.2, 1),
                "width": round(slot * 0.6, 1),
                "y": round(CHART_TOP + plot_height - height, 1),
                "height": round(height, 1),
                "label_x": round(index * slot + slot / 2, 1),
                "year": row.year,
                "value": row.actual,
                "status": row.status,
            }
        )
    target_y = None
    if target_number is not None and target_number > 0:
        target_y = round(CHART_TOP + plot_height - float(target_number / top) * plot_height, 1)
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "bars": bars,
        "target_y": target_y,
        "label_y": CHART_HEIGHT - 6,
        "baseline_y": CHART_TOP + plot_height,
    }


def goals_page(year):
    """The goals page: each goal with its numbers across the years, the selected year's status
    and a chart. Queries as report_goals (one figure per distinct key and year)."""
    cache = FigureCache()
    this_year = current_year()
    goals = list(goals_with_values())
    years = page_years(year, goals)
    rows = []
    for goal in goals:
        series = [goal_year(goal, each, cache=cache, this_year=this_year) for each in years]
        selected = series[-1]
        rows.append(
            {
                "goal": goal,
                "indicator_label": indicator_label(goal.indicator_key),
                "target_description": target_description(goal),
                "series": series,
                "selected": selected,
                "chart": chart(series, selected.target_number),
            }
        )
    return {"years": years, "rows": rows}


def report_plan_table(year):
    """The two columns of the report's plan table (reference report §11.2): what the plan says,
    and what the project achieved in the year. Items without an account for the year are left
    out: the table comments only the points the project contributed to. In the plan's order."""
    rows = (
        PlanItemYear.objects.filter(year=year)
        .exclude(achieved_text="")
        .select_related("plan_item")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.only("title")), Prefetch("measures", queryset=Measure.objects.only("title")))
        .order_by("plan_item__plan_name", "plan_item__position")
    )
    return [
        {
            "plan_name": row.plan_item.plan_name,
            "chapter": row.plan_item.chapter,
            "position": row.plan_item.position,
            "plan_text": row.plan_item.text,
            # Cleaned again on the way out: whatever wrote the row, the report gets safe HTML.
            "achieved_html": clean_html(row.achieved_text),
            "goals": [goal.title for goal in row.goals.all()],
            "measures": [measure.title for measure in row.measures.all()],
        }
        for row in rows
    ]


def _measures_with_year(year):
    return Measure.objects.prefetch_related(
        Prefetch("years", queryset=MeasureYear.objects.filter(year=year), to_attr="selected_year")
    ).order_by("position", "title")


def report_measures(year):
    """Every measure with its status and deliverables in the year (empty when not recorded)."""
    rows = []
    for measure in _measures_with_year(year):
        entry = measure.selected_year[0] if measure.selected_year else None
        rows.append(
            {
                "position": measure.position,
                "title": measure.title,
                "description": measure.description,
                "status": entry.status if entry else "",
                "status_label": str(entry.get_status_display()) if entry else _("Ikke registrert"),
                "deliverables": entry.deliverables if entry else "",
            }
        )
    return rows


def measures_page(year):
    return [
        {"measure": measure, "entry": measure.selected_year[0] if measure.selected_year else None}
        for measure in _measures_with_year(year)
    ]


def plan_page(year):
    """Every plan item, grouped by plan and in the plan's order, with its account for the year
    (None when the item is not followed that year) and the linked goals and measures."""
    year_rows = PlanItemYear.objects.filter(year=year).prefetch_related("goals", "measures")
    items = PlanItem.objects.select_related("responsible_unit").prefetch_related(Prefetch("years", queryset=year_rows, to_attr="selected_year")).order_by(
        "plan_name", "position"
    )
    plans = {}
    for item in items:
        entry = item.selected_year[0] if item.selected_year else None
        plans.setdefault(item.plan_name, []).append({"item": item, "entry": entry})
    # The plans followed in the year first (the one the report's table comes from), then the others.
    ordered = sorted(plans.items(), key=lambda pair: (not any(row["entry"] for row in pair[1]), pair[0]))
    return [{"plan_name": name, "rows": rows} for name, rows in ordered]


def plan_status_report(year):
    """The leadership group's status report on the plan (seeds/001: each unit answers for its
    items, and the chief executive's leadership group follows up through status reports): every
    plan item by responsible unit (units by name, items without a unit last), then by its status in
    the year (an item with no account for the year has not started), with what was achieved.
    Two queries: the items with their unit, and the year's accounts."""
    from goals.models import PlanStatus

    entries = {
        entry.plan_item_id: entry for entry in PlanItemYear.objects.filter(year=year).only("plan_item_id", "status", "achieved_text")
    }
    items = PlanItem.objects.select_related("responsible_unit").order_by("plan_name", "position")
    order = [value for value, _label in PlanStatus.choices]
    labels = dict(PlanStatus.choices)
    units = {}
    for item in items:
        entry = entries.get(item.pk)
        status = entry.status if entry else PlanStatus.NOT_STARTED
        unit = units.setdefault(
            item.responsible_unit_id,
            {"unit": item.responsible_unit.name if item.responsible_unit else None, "statuses": {}, "count": 0},
        )
        unit["count"] += 1
        unit["statuses"].setdefault(status, []).append(
            {
                "plan_name": item.plan_name,
                "chapter": item.chapter,
                "position": item.position,
                "text": item.text,
                "achieved_html": clean_html(entry.achieved_text) if entry else "",
            }
        )
    totals = {status: 0 for status in order}
    for unit in units.values():
        for status, rows in unit["statuses"].items():
            totals[status] += len(rows)
        unit["statuses"] = [
            {"status": status, "label": labels[status], "items": unit["statuses"][status]}
            for status in order
            if status in unit["statuses"]
        ]
    ordered = sorted(units.values(), key=lambda unit: (unit["unit"] is None, (unit["unit"] or "").casefold()))
    return {
        "year": year,
        "units": ordered,
        "totals": [{"status": status, "label": labels[status], "count": totals[status]} for status in order],
    }
