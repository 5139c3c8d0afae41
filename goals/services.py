"""Writes of the goals app: forms saved, year accounts kept, a new year started. The goals' sheets
are file kinds of the portal's import registry (goals/apps.py): one screen, one command."""

from django.db import transaction

from goals.models import GoalValue, MeasureYear, PlanItemYear
from portal.text.sanitize import clean_html


def goal_save_form(*, form):
    return form.save()


def goal_value_set(*, goal, year, value, note=""):
    """The hand-entered number of a goal for a year; a second entry for the year replaces it."""
    entry, _created = GoalValue.objects.update_or_create(goal=goal, year=year, defaults={"value": value, "note": note})
    return entry


def goal_value_delete(*, goal, year):
    GoalValue.objects.filter(goal=goal, year=year).delete()


def plan_item_save_form(*, form):
    return form.save()


@transaction.atomic
def plan_item_year_save(*, plan_item, year, achieved_text, goals=(), measures=(), status=None):
    """The coordinators' account of a plan item for a year (and its status, when given), cleaned
    before it is stored."""
    defaults = {"achieved_text": clean_html(achieved_text).strip()}
    if status:
        defaults["status"] = status
    entry, _created = PlanItemYear.objects.update_or_create(plan_item=plan_item, year=year, defaults=defaults)
    entry.goals.set(goals)
    entry.measures.set(measures)
    return entry


@transaction.atomic
def plan_year_start(*, year):
    """Start a year with the plan items followed the year before, with the same goals and
    measures linked and an empty account. Idempotent: items the year already has are kept as
    they are, so pressing the button twice changes nothing. Returns how many were added."""
    previous = PlanItemYear.objects.filter(year=year - 1).prefetch_related("goals", "measures")
    existing = set(PlanItemYear.objects.filter(year=year).values_list("plan_item_id", flat=True))
    added = 0
    for entry in previous:
        if entry.plan_item_id in existing:
            continue
        # get_or_create on the unique (plan_item, year): a double click racing itself adds one.
        copy, created = PlanItemYear.objects.get_or_create(plan_item_id=entry.plan_item_id, year=year)
        if created:
            copy.goals.set(entry.goals.all())
            copy.measures.set(entry.measures.all())
            added += 1
    return added


def measure_save_form(*, form):
    return form.save()


def measure_year_save(*, measure, year, status, deliverables=""):
    entry, _created = MeasureYear.objects.update_or_create(
        measure=measure, year=year, defaults={"status": status, "deliverables": deliverables.strip()}
    )
    return entry
