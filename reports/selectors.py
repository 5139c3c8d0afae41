"""Reads that assemble the annual report from the other apps' selectors.

The report never computes a figure itself (docs/contributing.md: figures live in one place): it calls
`portal.reporting.figures` for the scalar figures and each app's `report_*` selector for the lists,
imported directly: a renamed selector fails when Django starts, never as an empty chapter.

`report_content(report)` is the single input of every rendering (HTML, PDF, JSON): for an
approved report the frozen snapshot, for a draft the same structure built from the records now.
"""

import datetime
import hashlib
import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext

from activities.selectors import report_activities, report_premises
from activities.selectors import report_subchapters as activity_subchapters
from goals.selectors import report_goals, report_measures, report_plan_table
from networks.selectors import report_networks
from organisations.selectors import published_at_year_end, published_today
from outreach.selectors import report_outreach
from panel.selectors import (
    growth_percent,
    input_by_service,
    input_by_theme,
    municipal_services_in_year,
    organisations_represented,
    represented_organisation_names,
    report_input,
    report_panel,
    report_series,
    report_subchapters as series_subchapters,
    series_figures,
    voluntary_organisations_in_year,
)
from grants import selectors as grant_selectors
from portal.reporting import figures
from portal.text.sanitize import clean_html, clean_report_text, clean_richtext
from reports import snapshots
from reports.models import DEFAULT_CHAPTERS, AnnualReport, Generated, ReportStatus
from surveys.selectors import report_surveys



def _plain(value):
    """JSON-safe copy (dates → ISO strings, Decimal → strings, lazy strings → str), so a draft
    renders from exactly the shape an approved report's snapshot has after a database round trip."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


# --- The figures (docs/domain.md "The report's figures as data") --------------------------------


def report_figures(year):
    """The report JSON of docs/domain.md: {"year", "panel": {…}, "outreach": {…}, "directory": {…},
    "surveys": […]}, every scalar from the figure registry under its own key."""
    data = {"year": year, "panel": {}, "outreach": {}, "directory": {}}
    for key in figures.FIGURES:
        group, _dot, name = key.partition(".")
        data.setdefault(group, {})[name] = figures.compute(key, year)
    # Groups beyond docs/domain.md's first example (activities …) follow the lists, in registry order.
    later = {group: data.pop(group) for group in list(data) if group not in ("year", "panel", "outreach", "directory")}
    data["surveys"] = report_surveys(year)
    data["series"] = series_figures(year)
    input_figures = later.pop("input", {})
    if "activities" in later:
        data["activities"] = later.pop("activities")
    data["grants"] = grant_selectors.report_grants(year)
    data["input"] = {**input_figures, "by_service": input_by_service(year)}
    # Keys added since (docs/domain.md: "keys may be added") come after those, never between them.
    data.update(later)
    return _plain(data)


def period_figures(period):
    """A chosen period's figures as JSON on the year's keys (portal.reporting.figures.period_figures)."""
    return _plain(figures.period_figures(period))


def period_content(period):
    """What a report shows for its chosen period: the figures and the organisations in the panel."""
    return {
        "start": period.start,
        "end": period.end,
        "figures": period_figures(period),
        "represented_organisation_names": represented_organisation_names(period),
    }


# --- The lists behind the generated sections -----------------------------------------------

# The figures a growth goal is set on, named by their functions (a misspelt one fails at import).
REPRESENTED = figures.key_of(organisations_represented)
GROWTH = figures.key_of(growth_percent)


def growth_goal(goals):
    """The growth target (in %) for the organisations in the panel, when a goal sets one:
    "+50 % from the year before" on panel.organisations_represented, or a target on
    panel.growth_percent itself."""
    for goal in goals or []:
        key, kind = goal.get("indicator_key"), goal.get("target_kind")
        if (key == REPRESENTED and kind == "percent_change_vs_previous_year") or (key == GROWTH and kind == "absolute"):
            return goal.get("target_value")
    return None


def survey_appendix(index, survey):
    """One row per question, one cell per respondent group, as in the reference report's appendix."""
    groups = survey.get("groups") or []
    rows = {}
    for g_index, group in enumerate(groups):
        for question in group.get("questions") or []:
            position = question.get("position")
            row = rows.setdefault(
                position,
                {"position": position, "text": "", "kind": question.get("kind"), "cells": [None] * len(groups)},
            )
            row["text"] = row["text"] or question.get("text") or ""
            row["cells"][g_index] = {**question, "chart_key": f"{index}/{g_index}/{position}"}
    return {
        "index": index,
        "title": survey.get("title") or "",
        "responses": survey.get("responses"),
        "min_group_size": survey.get("min_group_size"),
        "groups": [{key: value for key, value in group.items() if key != "questions"} for group in groups],
        "rows": [fill_hidden(rows[key], groups) for key in sorted(rows, key=lambda p: (p is None, p or 0))],
    }


def fill_hidden(row, groups):
    """A group too small to show has no questions: its cell in every row says so."""
    row["cells"] = [
        cell if cell is not None else ({"hidden": True} if group.get("hidden") else None)
        for cell, group in zip(row["cells"], groups)
    ]
    return row


def numbered_sections(sections):
    """Chapter numbers as in the reference report: 1, 1.1, 2, 2.1 …, and a stable anchor each."""
    chapter = sub = 0
    numbered = []
    for section in sections:
        if section["level"] == 1 or chapter == 0:
            chapter, sub = chapter + 1, 0
            number = str(chapter)
        else:
            sub += 1
            number = f"{chapter}.{sub}"
        numbered.append({**section, "number": number, "anchor": "kap-" + number.replace(".", "-")})
    return numbered


# Which chapter tells a marked record's story (by the generated part the chapter carries): the
# networks and working groups in the voluntary organisations' chapter (seed §5), a consultation
# under meeting places (§7), a media mention under visibility (§8), campaigns and own events under
# campaigns (§9).
RECORD_CHAPTERS = {
    "series": Generated.VOLUNTARY,
    "network_meeting": Generated.VOLUNTARY,
    "other": Generated.VOLUNTARY,
    "consultation": Generated.MEETING_PLACES,
    "media": Generated.VISIBILITY,
    "campaign": Generated.CAMPAIGNS,
    "own_event": Generated.CAMPAIGNS,
    "course": Generated.CAMPAIGNS,
}


def record_subchapters(year):
    """The records marked as worth a subchapter of the year's report (series first, then the
    activities by date), JSON-safe, their texts cleaned."""
    records = _plain(series_subchapters(year)) + _plain(activity_subchapters(year))
    for record in records:
        record["text"] = clean_richtext(record.get("text") or "")
        record["note"] = clean_richtext(record.get("note") or "")
    return records


def with_record_subchapters(sections, records):
    """The chapters with one subchapter per marked record after the chapter that carries the
    record's generated part (after that chapter's own subchapters): the chapter opens with its
    figures, then tells the records. A record whose chapter the report does not have gets a
    chapter of its own at the end, rather than vanish."""
    if not records:
        return sections
    result, placed = [], set()
    chapter_records = {}
    for record in records:
        chapter_records.setdefault(RECORD_CHAPTERS.get(record.get("kind"), Generated.VOLUNTARY), []).append(record)

    def subchapters(generated):
        placed.add(generated)
        return [
            {"level": 2, "heading": record["heading"], "body": record["text"], "generated": "", "record": record}
            for record in chapter_records[generated]
        ]

    pending = None  # the generated part whose chapter has not ended yet
    for section in sections:
        if pending and section["level"] == 1:
            result.extend(subchapters(pending))
            pending = None
        result.append(section)
        generated = section.get("generated")
        if generated in chapter_records and generated not in placed and pending is None:
            if section["level"] == 1:
                pending = generated
            else:
                # A subchapter carrying the part: its records follow it directly, as its siblings.
                result.extend(subchapters(generated))
    if pending:
        result.extend(subchapters(pending))
    rest = [record for generated, records_ in chapter_records.items() if generated not in placed for record in records_]
    if rest:
        result.append({"level": 1, "heading": gettext("Flere aktiviteter"), "body": "", "generated": ""})
        result.extend({"level": 2, "heading": r["heading"], "body": r["text"], "generated": "", "record": r} for r in rest)
    return result


def default_sections():
    return [
        {"level": level, "heading": str(heading), "body": "", "generated": generated}
        for level, heading, generated in DEFAULT_CHAPTERS
    ]


def build_content(report):
    """Everything the report shows, from the records as they are now (JSON-safe)."""
    year = report.year
    content_figures = report_figures(year)
    panel = _plain(report_panel(year))
    outreach = _plain(report_outreach(year))
    goals = _plain(report_goals(year))
    if report.pk:
        sections = [
            {
                "level": s.level, "heading": s.heading, "body": clean_report_text(s.body), "generated": s.generated,
                # The image as data (the section's id, its texts): the markup is drawn at render.
                # ("file": which upload, so a new picture under the same texts is a new draft PDF.)
                **({"image": {"id": s.pk, "alt": s.image_alt, "caption": s.image_caption,
                              "file": hashlib.sha256(s.image.name.encode()).hexdigest()[:16]}} if s.image else {}),
            }
            for s in report.sections.all()
        ]
    else:
        sections = default_sections()
    surveys = content_figures["surveys"]
    growth_target = growth_goal(goals)
    input_followed_up = _plain(report_input(year))
    return _plain(
        {
            "schema": snapshots.SCHEMA,  # bump it with a reader for the old version (reports/snapshots.py)
            "year": year,
            "version": report.version,
            "title": report.title or default_title(year),
            "project_name": settings.PORTAL_PROJECT_NAME,
            "municipality": settings.PORTAL_MUNICIPALITY,
            "approved_by_body": report.approved_by_body,
            "approved_on": report.approved_on,
            "published_on": report.published_on,
            "made_on": timezone.localdate(),
            "period": period_content(report.period) if report.period else None,
            "figures": content_figures,
            "panel": panel,
            "outreach": outreach,
            "directory": {
                "published_at_year_end": content_figures["directory"].get("published_at_year_end"),
                "published_today": published_today(),
                "year_end": datetime.date(year, 12, 31),
            },
            "goals": goals,
            "grants": grant_selectors.report_grants_section(year),
            "growth_target_percent": growth_target,
            "plan_table": [
                {
                    **row,
                    "achieved_html": clean_html(row.get("achieved_html") or ""),
                    "plan_text": row.get("plan_text") or "",
                    "input": _input_behind(row, input_followed_up),
                }
                for row in _plain(report_plan_table(year))
            ],
            # (Reports approved before these keys render without them: the templates ask with `if`.)
            "input_followed_up": input_followed_up,
            "input_by_theme": _plain(input_by_theme(year)),
            "measures": _plain(report_measures(year)),
            **beyond_the_panel(year),
            "sections": numbered_sections(with_record_subchapters(sections, record_subchapters(year))),
            "survey_appendices": [survey_appendix(index, survey) for index, survey in enumerate(surveys)],
            # No charts: they are drawn from these figures when the report is rendered (reports.charts).
        }
    )


def _input_behind(plan_row, input_items):
    """The texts of the report's input items that led to this plan item."""
    key = [plan_row.get("plan_name"), plan_row.get("position")]
    return [item["text"] for item in input_items if key in item["plan_items"]]


def beyond_the_panel(year):
    """The records behind chapters 5–10 (voluntary organisations, municipal services, meeting
    places, visibility, campaigns, the series), frozen with the rest on approval."""
    activities = _plain(report_activities(year)) or {}
    return {
        "series_detail": _plain(report_series(year)),
        "voluntary": _plain(voluntary_organisations_in_year(year)),
        "municipal": _plain(municipal_services_in_year(year)),
        "activity_lists": {kind: activities.get(kind) or [] for kind in (
            "own_event", "campaign", "consultation", "media", "network_meeting", "course", "other"
        )},
        "premises": _plain(report_premises()),
        # Chapter 5's agreements and networks (templates/reports/blocks/_networks.html).
        "networks": _plain(report_networks(year)),
        "directory_growth": {
            "previous_year_end": published_at_year_end(year - 1),
        },
    }


def report_content(report):
    """The frozen snapshot of an approved report; the live content of a draft."""
    if report.is_frozen and report.snapshot:
        return snapshots.read(report.snapshot)
    return build_content(report)


def default_title(year):
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override("nb"):  # the document's language, whoever creates it
        return gettext("Årsrapport %(year)s") % {"year": year}


# --- Which report a page shows ------------------------------------------------------------


def reports_for_list(*, staff):
    """One entry per year for the list page: the newest published version (what /rapporter/<year>/
    shows) and, for staff, a newer version being worked on."""
    queryset = AnnualReport.objects.all()
    if not staff:
        queryset = queryset.filter(status=ReportStatus.PUBLISHED)
    years = {}
    for report in queryset.order_by("-year", "-version").only(
        "year", "version", "title", "status", "approved_by_body", "approved_on", "published_on"
    ):
        entry = years.setdefault(report.year, {"year": report.year, "published": None, "newer": None})
        if report.is_published:
            entry["published"] = entry["published"] or report
        elif entry["published"] is None and entry["newer"] is None:
            entry["newer"] = report
    return list(years.values())


def report_for_year(year, *, staff, version=None):
    """The version a visitor sees at /rapporter/<year>/: the newest published one; staff may ask
    for any version and otherwise see the newest published, else the newest of any status."""
    queryset = AnnualReport.objects.filter(year=year)
    if version is not None:
        report = queryset.filter(version=version).first()
        if report is None or (not staff and not report.is_published):
            return None
        return report
    published = queryset.filter(status=ReportStatus.PUBLISHED).order_by("-version").first()
    if published or not staff:
        return published
    return queryset.order_by("-version").first()


def report_for_command(year, version=None):
    """The version `manage.py annual_report` renders: the asked one, else the newest."""
    queryset = AnnualReport.objects.filter(year=year)
    if version is not None:
        return queryset.filter(version=version).first()
    return queryset.order_by("-version").first()


def staff_reports():
    return AnnualReport.objects.order_by("-year", "-version")


def next_version(year):
    return (AnnualReport.objects.filter(year=year).aggregate(m=Max("version"))["m"] or 0) + 1


def draft_for_year(year):
    return AnnualReport.objects.filter(Q(year=year) & Q(status=ReportStatus.DRAFT)).first()


GENERATED_LABELS = dict(Generated.choices)
