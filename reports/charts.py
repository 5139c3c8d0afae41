"""Small SVG bar charts for the report. Plain SVG with presentation attributes (no scripts, no
inline CSS, so the Content-Security-Policy and WeasyPrint both accept it), an accessible name
(<title>) and a text description of every bar (<desc>), and Norwegian numbers.

Charts are drawn when the report is rendered, from the figures in its content (``participation_chart``
and ``survey_chart``), and never stored: a snapshot keeps data, and markup that was stored is markup
someone could plant. The content may come from a restored or edited snapshot, so every number is
checked to be a number before it is drawn and every text is escaped.
"""

from django.utils.html import escape
from django.utils.translation import gettext as _

from portal.templatetags.portal_format import number, percent
from surveys.charts import score_distribution_svg
from surveys.models import SCORE_MAX, SCORE_MIN

BAR = "#0b5394"
BAR_CURRENT = "#073763"
GOAL = "#b35c00"
TEXT = "#1f2d3d"
GRID = "#c8d1dc"


def _bar_chart(bars, *, title, description, width=480, height=220, goal=None, goal_label=""):
    """bars: [(label, value, highlighted)]. goal: a value drawn as a dashed line."""
    left, right, top, bottom = 36, 12, 16, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([value for _label, value, _h in bars] + [goal or 0, 1])
    slot = plot_w / max(len(bars), 1)
    bar_w = min(56, slot * 0.6)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="report-chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="DejaVu Sans, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description)}</desc>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="{GRID}" stroke-width="1"/>',
    ]
    for index, (label, value, highlighted) in enumerate(bars):
        h = 0 if not value else plot_h * value / peak
        x = left + slot * index + (slot - bar_w) / 2
        y = top + plot_h - h
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{BAR_CURRENT if highlighted else BAR}"/>'
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{max(y - 4, 11):.1f}" text-anchor="middle" fill="{TEXT}">{escape(number(value))}</text>'
        )
        parts.append(
            f'<text x="{x + bar_w / 2:.1f}" y="{height - 12}" text-anchor="middle" fill="{TEXT}">{escape(label)}</text>'
        )
    if goal:
        y = top + plot_h - plot_h * goal / peak
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GOAL}" stroke-width="2" stroke-dasharray="6 4"/>'
        )
        parts.append(f'<text x="{left + 2}" y="{y - 4:.1f}" fill="{TEXT}">{escape(goal_label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def participation_svg(participation_by_year, *, year, previous=None, target_percent=None):
    """Immigrant organisations represented in the panel, per year, with the year's goal."""
    rows = sorted(
        (row for row in participation_by_year or [] if row.get("year") is not None), key=lambda row: row["year"]
    )
    if not rows:
        return ""
    bars = [(str(row["year"]), row.get("organisations_represented") or 0, row["year"] == year) for row in rows]
    goal = goal_label = None
    if target_percent is not None and previous:
        goal = previous * (1 + float(target_percent) / 100)
        goal_label = _("Mål: %(percent)s økning") % {"percent": percent(target_percent)}
    title = _("Innvandrerorganisasjoner representert i Erfaringspanelet per år")
    description = "; ".join(f"{label}: {number(value)}" for label, value, _h in bars)
    if goal_label:
        description += f"; {goal_label} ({number(goal)})"
    return _bar_chart(bars, title=title, description=description, goal=goal, goal_label=goal_label)


def _count(value):
    """A whole number ≥ 0 from the content, or None for anything else (a planted string, a list)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, str) and value.isascii() and value.isdigit() and len(value) <= 12:
        return int(value)
    return None


def _percent(value):
    from decimal import Decimal, InvalidOperation

    if value is None or isinstance(value, bool):
        return None
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return amount if amount.is_finite() and abs(amount) <= 10000 else None


def participation_chart(content):
    """The participation chart drawn from a report's content ("" when there is nothing to draw)."""
    if not isinstance(content, dict):
        return ""
    panel = content.get("panel") if isinstance(content.get("panel"), dict) else {}
    figures = content.get("figures") if isinstance(content.get("figures"), dict) else {}
    panel_figures = figures.get("panel") if isinstance(figures.get("panel"), dict) else {}
    rows = []
    for row in panel.get("participation_by_year") or []:
        if isinstance(row, dict) and _count(row.get("year")) is not None:
            rows.append({"year": _count(row["year"]), "organisations_represented": _count(row.get("organisations_represented")) or 0})
    return participation_svg(
        rows,
        year=_count(content.get("year")),
        previous=_count(panel_figures.get("organisations_represented_previous_year")),
        target_percent=_percent(content.get("growth_target_percent")),
    )


def survey_chart(content, survey_index, group_index, position):
    """The score chart of one question of one respondent group, drawn from the report's survey
    figures ("" for anything else: a question that is not a score question, or no such question)."""
    try:
        survey = content["figures"]["surveys"][int(survey_index)]
        group = survey["groups"][int(group_index)]
        question = next(q for q in group["questions"] if isinstance(q, dict) and q.get("position") == position)
    except (KeyError, IndexError, TypeError, ValueError, StopIteration):
        return ""
    if question.get("kind") != "score" or not isinstance(question.get("scores"), list):
        return ""
    scores = [score for score in map(_count, question["scores"]) if score is not None and SCORE_MIN <= score <= SCORE_MAX]
    if not scores:
        return ""
    return score_distribution_svg(
        scores,
        title=f"{group.get('name')}: {question.get('text') or position}",
        low_label=str(question.get("low_label") or ""),
        high_label=str(question.get("high_label") or ""),
        id_prefix=f"chart-{int(survey_index)}-{int(group_index)}-{_count(position) or 0}",
    )
