"""Small SVG bar charts for the report. Plain SVG with presentation attributes (no scripts, no
inline CSS, so the Content-Security-Policy and WeasyPrint both accept it), an accessible name
(<title>) and a text description of every bar (<desc>), and Norwegian numbers."""

from django.utils.html import escape
from django.utils.translation import gettext as _

from portal.templatetags.portal_format import number, percent

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
