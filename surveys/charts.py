"""Server-rendered SVG charts of survey scores, shared by the results page and the annual report.

Plain SVG with presentation attributes (fill=, font-size=) only: no style attributes (the CSP
forbids them) and no script, so the same markup works in the browser and in WeasyPrint's PDF.
"""

import uuid

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from surveys.models import SCORE_MAX, SCORE_MIN

WIDTH = 320
HEIGHT = 190
BAR_COLOUR = "#1d5a8f"  # 7:1 against white: bars stand out for low vision (WCAG 1.4.11)
TEXT_COLOUR = "#212529"
AXIS_COLOUR = "#6c757d"
FONT = "DejaVu Sans, Arial, sans-serif"


def score_counts(scores):
    """{1: n, …, 5: n}: how many gave each score."""
    counts = {score: 0 for score in range(SCORE_MIN, SCORE_MAX + 1)}
    for score in scores:
        counts[int(score)] = counts.get(int(score), 0) + 1
    return counts


def score_distribution_svg(scores, *, title, low_label="", high_label="", id_prefix=None):
    """An accessible bar chart of how many answered 1, 2, 3, 4 and 5.

    role="img" with a <title> (the given title) and a <desc> that says every count in words, so
    a screen reader gets the whole chart; counts and score labels are also printed as text.
    """
    counts = score_counts(scores)
    prefix = id_prefix or f"chart-{uuid.uuid4().hex[:10]}"
    total = len(scores)
    description = _("%(total)s svar.") % {"total": total} + " " + "; ".join(
        ngettext("%(score)s: %(count)s svar", "%(score)s: %(count)s svar", count) % {"score": score, "count": count}
        for score, count in counts.items()
    )
    if low_label or high_label:
        description += ". " + _("1 = %(low)s, 5 = %(high)s") % {"low": low_label or "1", "high": high_label or "5"}

    top, bottom, left = 26, 40, 12
    plot_height = HEIGHT - top - bottom
    slot = (WIDTH - 2 * left) / len(counts)
    bar_width = slot * 0.6
    highest = max(counts.values()) or 1
    baseline = top + plot_height

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="score-chart" role="img" width="{WIDTH}" height="{HEIGHT}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" aria-labelledby="{prefix}-title {prefix}-desc">',
        f'<title id="{prefix}-title">{escape(title)}</title>',
        f'<desc id="{prefix}-desc">{escape(description)}</desc>',
        f'<g font-family="{FONT}" font-size="13" fill="{TEXT_COLOUR}" text-anchor="middle">',
    ]
    for index, (score, count) in enumerate(counts.items()):
        centre = left + slot * index + slot / 2
        height = round(plot_height * count / highest, 1)
        x = round(centre - bar_width / 2, 1)
        y = round(baseline - height, 1)
        parts.append(
            f'<rect x="{x}" y="{y}" width="{round(bar_width, 1)}" height="{height}" fill="{BAR_COLOUR}"/>'
        )
        parts.append(f'<text x="{round(centre, 1)}" y="{round(y - 6, 1)}">{count}</text>')
        parts.append(f'<text x="{round(centre, 1)}" y="{baseline + 18}" font-weight="bold">{score}</text>')
    parts.append(
        f'<line x1="{left}" y1="{baseline}" x2="{WIDTH - left}" y2="{baseline}" stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    if low_label:
        parts.append(f'<text x="{left}" y="{HEIGHT - 4}" text-anchor="start" font-size="11">{escape(low_label)}</text>')
    if high_label:
        parts.append(
            f'<text x="{WIDTH - left}" y="{HEIGHT - 4}" text-anchor="end" font-size="11">{escape(high_label)}</text>'
        )
    parts.append("</g></svg>")
    return "".join(parts)
